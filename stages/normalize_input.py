"""Normalize line ends and byte-order marks so later stages see one convention."""

from __future__ import annotations

import regex

from pipeline.document import Edit
from pipeline.stage import NoOptions, stage

from ._text import finditer_at

_EOL = r"\r\n|\r|\u2028|\u2029|\x0b|\x85"
# A form feed, more form feeds after it, and the line end if the line ends there; the spaces
# after a form feed that starts a line are that line's indentation and stay.
RE_TARGETS = regex.compile(rf"(?P<ff>\f(?:[ \t]*\f)*(?:[ \t]*(?:{_EOL}|\n))?)|(?P<bom>\ufeff)|(?P<eol>{_EOL})")
# Any character this stage acts on (tested with str.find, far faster than a regex scan).
TARGET_CHARS = "\f\ufeff\r\u2028\u2029\x0b\x85"


@stage("normalize_input")
def normalize_input(text: str, opts: NoOptions) -> list[Edit]:
    """Remove byte-order marks, turn CRLF, CR and Unicode line separators into \\n, tidy page breaks.

    A form feed is a page break (pdftotext writes one between pages). Later stages expect one
    form feed at the start of a page's first line: repeated form feeds collapse to one, and a
    form feed that ends a line moves to the start of the next line.

    >>> from pipeline import clean
    >>> clean("\\ufeff第一行\\r\\n第二行\\r\\n", stages=["normalize_input"])[0].text
    '第一行\\n第二行\\n'
    >>> clean("第一页\\f\\n第二页\\n", stages=["normalize_input"])[0].text
    '第一页\\n\\x0c第二页\\n'
    """
    if not any(ch in text for ch in TARGET_CHARS):
        return []
    edits: list[Edit] = []
    for m in finditer_at(RE_TARGETS, text, tuple(TARGET_CHARS)):
        run = m.group()
        if m.group("bom"):
            edits.append(Edit(m.start(), m.end(), run, "", "byte-order mark"))
        elif m.group("eol"):
            edits.append(Edit(m.start(), m.end(), run, "\n", "line end to \\n"))
        else:
            ends_line = run[-1] != "\f"
            new = "\n\f" if ends_line else "\f"
            if new != run:
                edits.append(Edit(m.start(), m.end(), run, new, "one page break, at the next line's start"))
    return edits
