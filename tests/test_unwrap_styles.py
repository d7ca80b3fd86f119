"""Unwrapping recovers reviewed paragraphs however an extractor laid the lines out.

The sample's reviewed clean paragraphs are typeset again, the way the extractors in
../shared/notes/artifacts.md leave text: 36 full-width characters a line, a two-character
first-line indent kept as 　　 (pdfminer) or dropped (pdftotext), a blank line after every
line (pdfminer's default line_margin), blank lines between paragraphs only, and a common
left margin with the indent as spaces (pdftotext -layout). Lines break inside numbers and
before closing punctuation is avoided, as a typesetter does.
"""

from __future__ import annotations

import pytest

from pipeline import clean
from stages._text import width

from .conftest import FIXTURES

NO_BREAK_BEFORE = "，。、；：！？）”’》"


def _wrap(paragraph: str, full: int, indent: int) -> list[str]:
    lines, cur, used = [], "", indent
    for ch in paragraph:
        w = width(ch)
        if used + w > full and cur and ch not in NO_BREAK_BEFORE:
            lines.append(cur)
            cur, used = "", 0
        cur += ch
        used += w
    return lines + [cur]


def _is_heading(p: str) -> bool:
    return width(p) < 50 and not p.endswith(("。", "！", "？", "”", "，", "："))


def typeset(paragraphs: list[str], style: str) -> str:
    out: list[str] = []
    for p in paragraphs:
        lines = [p] if _is_heading(p) or width(p) <= 68 else _wrap(p, 72, 4)
        first_indent = not _is_heading(p)
        if style == "kept-indent":
            out += [("　　" if first_indent else "") + lines[0], *lines[1:]]
        elif style == "dropped-indent":
            out += lines
        elif style == "blank-every-line":
            for line in lines:
                out += [line, ""]
        elif style == "blank-between-paragraphs":
            out += [*lines, ""]
        elif style == "layout-margin":
            out += ["        " + ("    " if first_indent else "") + lines[0], *("        " + line for line in lines[1:])]
    return "\n".join(out) + "\n"


def reviewed_documents() -> list[list[str]]:
    files = sorted((FIXTURES / "zh-speeches-2020" / "expected").glob("*.txt"))
    return [f.read_text(encoding="utf-8").splitlines() for f in files]


@pytest.mark.parametrize("style", ["kept-indent", "dropped-indent", "blank-every-line", "blank-between-paragraphs", "layout-margin"])
def test_unwrap_recovers_paragraphs(style):
    docs = reviewed_documents()
    paras = [p for doc in docs for p in doc]
    # Each document starts on a new page, as in the compilation.
    raw = "\f".join(typeset(doc, style) for doc in docs)
    assert raw.count("\n") > 1.5 * len(paras)  # it really is wrapped
    got = [p for d in clean(raw, stages=["normalize_input", "unwrap_lines", "page_joins"]) for p in d.paragraphs]
    missed = [p for p in paras if p not in got]
    assert got == paras, f"{len(missed)} of {len(paras)} paragraphs differ, first: {missed[:1]}"
