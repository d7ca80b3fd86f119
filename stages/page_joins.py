"""Repair paragraphs cut by a page break, then drop the page-break marks."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.document import Edit, new_edit
from pipeline.stage import stage

from ._text import is_cjk
from .unwrap_lines import PAGE_JOIN_MIN_WIDTH, cut_by_page_mid_sentence

RE_FF = regex.compile(r"\n?\f")


@dataclass(frozen=True)
class PageJoinOptions:
    min_width: int = field(
        default=PAGE_JOIN_MIN_WIDTH, metadata={"help": "a paragraph shorter than this (columns) before a page break is a heading, not cut text"}
    )


@stage("page_joins", options=PageJoinOptions)
def page_joins(text: str, opts: PageJoinOptions) -> list[Edit]:
    """Join a paragraph that a page break cut mid-sentence to its continuation; remove page marks.

    Lines joined across a page by unwrap_lines keep a form feed where the page broke; this
    stage removes it. Where a page break still separates two paragraphs, they are joined if
    the first one stops without sentence-final punctuation and the second does not open a
    heading, list item or enumeration, nor is a numbered section heading (`3.4 多人共用时…`).

    >>> from pipeline import clean
    >>> clean("要继续加强医疗救治，将重症\\n\\f患者向高水平定点医院集中。\\n", stages=["page_joins"])[0].text
    '要继续加强医疗救治，将重症患者向高水平定点医院集中。\\n'
    >>> clean("会议还研究了其他事项。\\n\\f二、下一步工作\\n", stages=["page_joins"])[0].text
    '会议还研究了其他事项。\\n二、下一步工作\\n'
    """
    edits = []
    for start, end in _page_marks(text):
        mark = text[start:end]
        if start == 0 or mark[0] != "\n":
            edits.append(new_edit((start, end, mark, "", "page break inside a paragraph", 1.0)))
            continue
        para_start = text.rfind("\n", 0, start) + 1
        before = text[para_start:start].rstrip()
        line_end = text.find("\n", end)
        after = text[end : line_end if line_end >= 0 else len(text)].lstrip(" \u3000")
        if before and after and cut_by_page_mid_sentence(before, after, opts.min_width):
            joiner = "" if is_cjk(before[-1]) or is_cjk(after[0]) else " "
            edits.append(new_edit((start, end, mark, joiner, "paragraph cut by a page break mid-sentence", 0.8)))
        else:
            edits.append(new_edit((start + 1, end, "\f", "", "page break between paragraphs", 1.0)))
    return edits


def _page_marks(text: str) -> list[tuple[int, int]]:
    """The spans of `RE_FF.finditer(text)`, found with str.find (the regex tries every
    character): each form feed, with the line end just before it. That line end is never
    part of the previous match, which ends after a form feed."""
    marks = []
    at = text.find("\f")
    while at >= 0:
        marks.append((at - 1 if at and text[at - 1] == "\n" else at, at + 1))
        at = text.find("\f", at + 1)
    return marks
