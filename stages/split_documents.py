"""Split a compilation into its documents at pages that open with a title block."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.stage import stage

from ._text import RE_NUMBERS_ONLY, ends_sentence, width

TITLE_END_BAD = "。！？!?；;，,、：:…"
RE_PAGE_START = regex.compile(r"(?:^|\n)\f")
RE_SECTION = regex.compile(r"^(?:\d+(?:\.\d+)+\s|\d+\.\s|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十\d]+[，,、节条])")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
RE_DATE = regex.compile(
    rf"\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日[）)]?$|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}$"
    rf"|(?:{_MONTHS}) \d{{1,2}}, \d{{4}}$|\d{{1,2}} (?:{_MONTHS}) \d{{4}}$"
)


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
    The page before must end a document: with a finished sentence or a date line.

    >>> from pipeline import clean
    >>> raw = "第一篇\\n（2020年3月1日）\\n正文。\\n\\f第二篇讲话\\n（2020年3月2日）\\n同志们：\\n正文。\\n"
    >>> [d.title for d in clean(raw, stages=["split_documents"])]
    ['第一篇', '第二篇讲话']
    >>> len(clean("正文。\\n\\f二、第二部分\\n正文继续。\\n", stages=["split_documents"]))
    1
    """
    cuts = []
    for at in _page_starts(text):
        if at > 0 and _finished(text[max(0, at - 200) : at]) and _title_block(text, at + 1, opts):
            cuts.append(at)
    return cuts


def _page_starts(text: str) -> list[int]:
    """The form feed of each `RE_PAGE_START` match, in order: a form feed that opens the text
    or a line (found with str.find, where the regex tries every character)."""
    starts = [0] if text.startswith("\f") else []
    at = text.find("\n\f")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n\f", at + 2)
    return starts


def _finished(before: str) -> bool:
    """The text before a page break ends a document: a finished sentence, or a date line."""
    last = before.rstrip().rsplit("\n", 1)[-1].strip(" \t\u3000\f")
    return not last or ends_sentence(last) or bool(RE_DATE.search(last))


def _title_block(text: str, start: int, opts: SplitOptions) -> bool:
    """Whether the page at `start` opens with a title block: at least `min_title_lines` short
    lines (no wider than `max_title_width`, ending no sentence or clause, not numbers alone)
    before its body text, among its first eight lines.

    It reads no line past the one that decides, and a line longer than the widest title is
    not measured (its width is at least its length). The plain rule it equals, line by line,
    is `title_block_plain` in tests/test_perf_documents.py."""
    titles = 0
    end = min(start + 2000, len(text))
    pos = start
    for _ in range(8):
        nl = text.find("\n", pos, end)
        line = text[pos : nl if nl >= 0 else end].strip(" \t\u3000\f")
        pos = nl + 1
        if line:
            if titles and RE_SECTION.match(line):
                # A numbered section heading under it: this page starts a section, not a document.
                return False
            if (
                len(line) <= opts.max_title_width
                and width(line) <= opts.max_title_width
                and line[-1] not in TITLE_END_BAD
                and not RE_NUMBERS_ONLY.fullmatch(line)
            ):
                titles += 1
            else:
                # The block ends at body text or a salutation; a salutation alone is not a title.
                return titles >= opts.min_title_lines
        if nl < 0:
            break
    return False
