"""Split a compilation into its documents at pages that open with a title block."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.stage import stage

from ._text import width

RE_TITLE_END_BAD = regex.compile(r"[。！？!?；;，,、：:…]$")
RE_PAGE_START = regex.compile(r"(?:^|\n)\f")
RE_NUMBER_ONLY = regex.compile(r"^[\d\s.,%]+$")


@dataclass(frozen=True)
class SplitOptions:
    min_title_lines: int = field(default=2, metadata={"help": "short unpunctuated lines a title block needs"})
    max_title_width: int = field(default=60, metadata={"help": "widest title line, in display columns"})


@stage("split_documents", options=SplitOptions, kind="split")
def split_documents(text: str, opts: SplitOptions) -> list[int]:
    """Start a new document at each page whose first lines form a title block.

    A title block is two or more short lines without sentence or clause punctuation (title,
    subtitle, a date in （…）, an author line), followed by body text or a salutation. Pages
    come from the form feeds the page-furniture stage leaves; without them nothing is split.

    >>> from pipeline import clean
    >>> raw = "第一篇\\n（2020年3月1日）\\n正文。\\n\\f第二篇讲话\\n（2020年3月2日）\\n同志们：\\n正文。\\n"
    >>> [d.title for d in clean(raw, stages=["split_documents"])]
    ['第一篇', '第二篇讲话']
    >>> len(clean("正文。\\n\\f二、第二部分\\n正文继续。\\n", stages=["split_documents"]))
    1
    """
    cuts = []
    for m in RE_PAGE_START.finditer(text):
        at = m.end() - 1  # the form feed
        if at > 0 and _title_block(text, at + 1, opts):
            cuts.append(at)
    return cuts


def _title_block(text: str, start: int, opts: SplitOptions) -> bool:
    lines = text[start : start + 2000].split("\n")
    titles = 0
    for line in lines[:8]:
        line = line.strip(" \t\u3000\f")
        if not line:
            continue
        if width(line) <= opts.max_title_width and not RE_TITLE_END_BAD.search(line) and not RE_NUMBER_ONLY.match(line):
            titles += 1
            continue
        # The block ends at body text or a salutation; a salutation alone is not a title.
        return titles >= opts.min_title_lines
    return False
