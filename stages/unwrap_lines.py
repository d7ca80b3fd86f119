"""Join hard-wrapped lines into paragraphs, from a line-width model measured on the file."""

from __future__ import annotations

import bisect
import functools
import operator
import re
import statistics
from collections import Counter
from itertools import accumulate, compress, islice, repeat
from dataclasses import dataclass, field
from typing import Callable, Iterator

import regex
from rapidfuzz import fuzz

from pipeline.document import Edit, new_edit
from pipeline.stage import stage

from ._text import CJK_AMBIGUOUS, CJK_CHAR, CLOSERS, RE_CJK, RE_HAN, SENTENCE_END, ends_sentence, is_cjk, width

# A letter's salutation opening a line after a finished sentence: a new paragraph.
RE_SALUTATION = regex.compile(r"^(?:(?:My )?Dear|Hello|Hi)\b[^,.;:!?]{1,40},\s|^(?:尊敬的|亲爱的)[^，。：]{1,20}：")
# Openers that start a new paragraph or item when the line before could end one.
RE_ENUMERATION = regex.compile(
    r"""^(?:
        第[一二三四五六七八九十百零〇两\d]+[，,、章节条部篇款项]      # 第一，  第三章
      | [一二三四五六七八九十]+[、．.]                                # 一、
      | [（(][一二三四五六七八九十\d]+[）)]                          # （一） (1)
      | \d{1,2}[、．]                                              # 1、
      | \d{1,2}\.(?!\d)                                           # 1. (not 1.5)
      | [①-⑳⑴-⒇⒈-⒛]
      | ——(?!——)
      | [A-Za-z][.)]\s
    )""",
    regex.VERBOSE,
)
# A numbered section heading: 3.4 多人共用时的注意事项, 2.1.3 Running headers.
RE_SECTION_NUMBER = regex.compile(r"^\d{1,2}(?:\.\d{1,2})+\s*(?:\p{Han}|[A-Z])")
RE_BULLET = regex.compile(r"^[•·▪●○◦■□➢►▶◆◇※\-–—*+](?:\s|(?=\p{Han}))")
RE_CODE = regex.compile(r"^(?:[$#%>] |>>> |\.\.\. )")
# Commands written without a prompt count only in lines without CJK prose.
RE_CODE_BARE = regex.compile(r"^(?:sudo |C:\\|[\w.-]+@[\w.-]+:.*[$#] )")
# A row of several numbers; cells apart by runs of spaces or tabs; a numeric cell.
RE_NUMBER_ROW = regex.compile(r"^[\d.,%+\-–/:]+(?:\s+[\d.,%+\-–/:]+)+$")
RE_CELL_GAP = regex.compile(r" {2,}|\t")
RE_NUMERIC_CELL = regex.compile(r"^[-+]?[¥$€£]?[\d.,]+%?$")
RE_LATIN_CONTINUES = regex.compile(r"(?:[a-z]|[a-z][,;])$")
RE_NUMBER_ENDS_SENTENCE = regex.compile(r"^\d[\d,.]*%?[.!?]?$")
RE_NUMBERED_ITEM = regex.compile(r"^(?:\d{1,2}[.)](?!\d)|[（(]\d{1,2}[）)])\s?")
RE_CODE_SYMBOLS = regex.compile(r"[{}\[\]();=<>|&*#$\\/_]")
RE_URL_ONLY = regex.compile(r"^(?:https?://|www\.)\S+$")
RE_DATE_LINE = regex.compile(r"^(?:\d{4} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日|[（(] ?\d{4} ?年.*[）)]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$")
RE_HYPHEN_END = regex.compile(r"([A-Za-z]{1,})[-\u2010\u00ad]$")
RE_LOWER_START = regex.compile(r"^[a-z]")
# The next line's first unbreakable unit: a word, or a character with the closing
# punctuation that may not start a line (kinsoku: 字？” moves down whole).
KINSOKU_CLOSERS = "，。、；：？！”’」』）》〉】…,.;:!?)"
RE_WORD_START = regex.compile(rf"^[A-Za-z0-9\u00c0-\u024f'’-]+[,.;:!?)”’]*|^\S[{regex.escape(KINSOKU_CLOSERS)}]*")
# The same, for measuring the unit that did not fit on a line: a number written with / . , :
# (3/6/2020, 1,234.5, 10:30) is one unit, and so are the closing marks after it.
RE_NEXT_UNIT = regex.compile(
    rf"^[A-Za-z0-9\u00c0-\u024f'’-]+(?:[/.,:][0-9]+)*[,.;:!?)”’{regex.escape(KINSOKU_CLOSERS)}]*|^\S[{regex.escape(KINSOKU_CLOSERS)}]*"
)
RE_CELL_RUN = re.compile("1{6,}")  # six or more rows that may be table cells, one per line
RE_CJK_LATIN_SPACED = regex.compile(r"\p{Han} [A-Za-z0-9]|[A-Za-z0-9] \p{Han}")
RE_CJK_LATIN_TIGHT = regex.compile(r"\p{Han}[A-Za-z0-9]|[A-Za-z0-9]\p{Han}")
RE_HAN_SPACE_LATIN = regex.compile(r"\p{Han} [A-Za-z0-9]")
STRIP = " \t\u3000\f"
FAST_JOIN = "join: line reaches the margin"
SHORT_BREAK = "break: short line"
CELL_JOIN = "join: table cells an extractor put one per line, rebuilt into a row"
LAST_CELL_JOIN = "join: a table row's last cell, written indented on a line of its own, back on its row"
COLUMN_TABLE = "a table an extractor wrote column by column, one cell per line, rebuilt into rows"
# Line ends after which a line that does not reach the margin certainly ends its paragraph.
SHORT_LINE_ENDS = frozenset("。！？”」』）)》…")
RE_ASCII_ALNUM_RUN = regex.compile("[A-Za-z0-9]+")  # regex scans CJK text for it twice as fast as re
RE_SPACE_IN_CJK = regex.compile(rf"(?<={CJK_CHAR}) (?={CJK_CHAR})")
# A table row rebuilt from cells: text, then two or more numbers (`Running headers 96 88%`).
RE_ROW_OF_NUMBERS = regex.compile(r"\S \d[\d,.]*%?(?: \d[\d,.]*%?)+$")
# page_joins: a paragraph shorter than this (columns) before a page break is a heading, not cut text.
PAGE_JOIN_MIN_WIDTH = 24


@dataclass(frozen=True)
class UnwrapOptions:
    full_width: int = field(default=0, metadata={"help": "full line width in display columns; 0 measures it from the file"})
    indent: int = field(default=-1, metadata={"help": "first-line indent in columns; -1 measures it from the file"})
    dehyphenate: bool = field(default=True, metadata={"help": "join words hyphenated at a line end (keeps compounds seen elsewhere)"})


@dataclass(slots=True)
class _Rows:
    """The non-blank lines of a text, as parallel lists: entry k of each describes row k."""

    start: list[int]  # offset of the first content character
    end: list[int]  # offset after the last content character
    text: list[str]  # content, stripped
    lead: list[int]  # columns of leading whitespace
    width: list[int]  # display columns of lead + content
    page_start: list[bool]  # a form feed precedes the content on this line
    blank_before: list[int]  # blank lines between the previous row and this one

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, lo: int, hi: int) -> "_Rows":
        return _Rows(*(getattr(self, name)[lo:hi] for name in self.__slots__))


@dataclass(frozen=True)
class Layout:
    """What the file tells about its typesetting."""

    wrapped: bool  # lines broken mid-text share one width: the text is hard-wrapped
    full: int  # columns of a full line
    tolerance: int  # columns of slack in "reaches the margin"
    indent: int  # columns a first line is shorter (or indented) by; 0 if unknown
    margin: int  # common leading whitespace (pdftotext -layout)
    blank_lines_mean_breaks: bool  # a blank line separates paragraphs, not every line
    cjk_latin_space: bool  # the file puts a space between CJK and Latin/digits
    space_after_latin_only: bool = False  # ... after Latin runs and never before them (PyMuPDF)


def _rows(text: str) -> _Rows:
    """The rows of `text`, measured with whole-list operations; only lines with leading or
    trailing whitespace (and OCR-spaced text) are measured one by one."""
    lines = text.split("\n")
    contents = [line.strip(STRIP) for line in lines]
    keep = list(compress(range(len(contents)), contents))
    texts = [contents[k] for k in keep]
    offsets = list(accumulate(map(len, lines), initial=0))  # line k starts at offsets[k] + k
    starts = [offsets[k] + k for k in keep]
    lengths = list(map(len, texts))
    ends = list(map(operator.add, starts, lengths))
    # OCR puts spaces between CJK characters that the page did not have; they would make
    # a line look wider than it printed, so they do not count towards its width.
    ocr_spaced = len(RE_SPACE_IN_CJK.findall(text, 0, 20000)) > 20
    if ocr_spaced:
        widths = [width(RE_SPACE_IN_CJK.sub("", t)) for t in texts]
    else:
        # `width` of each row from its UTF-8 length b: n + (b - n) // 2 == (n + b) // 2 for n characters.
        widths = [(n + b) >> 1 for n, b in zip(lengths, map(len, map(str.encode, texts)))]
    leads = [0] * len(keep)
    page_starts = [False] * len(keep)
    for r in [r for r, k in enumerate(keep) if len(lines[k]) != len(contents[k])]:
        line = lines[keep[r]]
        lead_len = len(line) - len(line.lstrip(STRIP))
        if lead_len:
            lead_raw = line[:lead_len]
            leads[r] = width(lead_raw.replace("\f", ""))
            page_starts[r] = "\f" in lead_raw
            starts[r] += lead_len
            ends[r] += lead_len
        widths[r] = leads[r] + (widths[r] if ocr_spaced else width(texts[r]))
    blank_before = [k - j - 1 for j, k in zip([-1, *keep], keep)]
    return _Rows(starts, ends, texts, leads, widths, page_starts, blank_before)


def measure_layout(rows: _Rows, opts: UnwrapOptions, breaks: list[bool] | None = None) -> Layout:
    """Fit the full line width, indent and conventions of the file (paragraphs.md, rules 1–3).

    `breaks`, if given, is `_mid_text_breaks(rows)` (computed once for the file and its pages).
    """
    fit = _fit_width(rows, opts, breaks)
    assert fit is not None
    joined = None if fit.wrapped else _as_page_joins_leave(rows)
    if joined is not None:
        # A second run reads the lines page_joins leaves: a paragraph cut by a page break
        # joined to the next page's first line, wider (and perhaps now broken mid-text). If
        # those lines show a hard-wrapped text, so will the second run: this one reads it so,
        # at the width of the printed lines where they show one near it (a joined line is
        # no printed line).
        seen = _fit_width(joined, opts)
        assert seen is not None
        if seen.wrapped and abs(fit.full - seen.full) <= 3 * seen.tolerance:
            fit = _WidthFit(True, fit.full, fit.tolerance, fit.margin, fit.widths)
        elif seen.wrapped:
            fit = _WidthFit(True, seen.full, seen.tolerance, seen.margin, [w - seen.margin for w in rows.width] if seen.margin else rows.width)
    return _complete_layout(rows, opts, fit)


def cut_by_page_mid_sentence(before: str, after: str, min_width: int = PAGE_JOIN_MIN_WIDTH) -> bool:
    """page_joins' test: the paragraph `before` a page break stops mid-sentence and the line
    `after` it continues it (it opens no heading, list item, enumeration or table row)."""
    if ends_sentence(before) or before[-1] in "：:；;":
        return False
    if width(before) < min_width or RE_BULLET.match(after) or RE_ENUMERATION.match(after):
        return False
    if RE_SECTION_NUMBER.match(after) and _heading_like(after) and width(after) <= 2 * min_width:
        return False  # the next page opens with a numbered section heading (a paragraph of its own)
    if RE_ROW_OF_NUMBERS.search(after) and width(before) <= 2 * min_width:
        return False  # a short line (a table's header row) before a table row
    return _structural(after) is None and _structural(before) is None


def _as_page_joins_leave(rows: _Rows) -> _Rows | None:
    """`rows` with each page's first row joined to the row before it where page_joins will join
    them (judged on the row, not the paragraph, before the break); None where it joins none."""
    texts, page_start = rows.text, rows.page_start
    joins = [i for i in compress(range(1, len(rows)), islice(page_start, 1, None)) if cut_by_page_mid_sentence(texts[i - 1], texts[i])]
    if not joins:
        return None
    out = _Rows([], [], [], [], [], [], [])
    lo = 0
    for i in [*joins, len(rows)]:
        for name in _Rows.__slots__:
            getattr(out, name).extend(getattr(rows, name)[lo:i])
        if i == len(rows):
            break
        a, b = texts[i - 1], texts[i]
        joiner = "" if is_cjk(a[-1]) or is_cjk(b[0]) else " "
        out.text[-1] = a + joiner + b
        out.end[-1] = rows.end[i]
        out.width[-1] += len(joiner) + rows.width[i] - rows.lead[i]
        lo = i + 1
    return out


@dataclass(frozen=True)
class _WidthFit:
    """The first part of a layout: enough to tell whether the text is wrapped, and at what width."""

    wrapped: bool
    full: int
    tolerance: int
    margin: int
    widths: list[int]


def _fit_width(
    rows: _Rows, opts: UnwrapOptions, breaks: list[bool] | None = None, *, unless_near: tuple[int, int] | None = None
) -> _WidthFit | None:
    """The width model; with `unless_near=(full, slack)`, None as soon as the full width is
    found within `slack` of `full` (a page that keeps the file's layout needs no more)."""
    if breaks is None:
        breaks = _mid_text_breaks(rows)
    margin, widths, certain, full = _full_width(rows.lead, rows.width, breaks, opts)
    if unless_near is not None and abs(full - unless_near[0]) <= unless_near[1]:
        return None
    cjk = sum(1 for t in rows.text[:400] if RE_CJK.search(t)) > 0.5 * min(len(rows), 400)
    tolerance = max(2, round(full * (0.035 if cjk else 0.12)))
    spread = _between(certain, full - 3 * tolerance, full + 3 * tolerance)
    if len(spread) > 10 and _may_exceed(spread, tolerance):
        # Noisy widths (proportional Latin text) need more slack.
        tolerance = max(tolerance, round(statistics.pstdev(spread) * 2))
    # Hard-wrapped text: the lines broken mid-text share one width and almost no line is
    # wider. Clean text (a paragraph per line) fails the second test. At least three such
    # lines: on a few lines, one join (this run's, or page_joins') would tip the proportion,
    # and a second run would read the text otherwise.
    near = len(_between(certain, full - max(2 * tolerance, 0.1 * full), full + 2 * tolerance))
    wide = full + 3 * tolerance
    over = _width_flags(widths, lambda w: w > wide).count(1)
    wrapped = bool(opts.full_width) or (near >= 3 and near >= 0.6 * len(certain) and full >= 16 and over <= 0.2 * len(widths))
    return _WidthFit(wrapped, full, tolerance, margin, widths)


def _full_width(
    leads: list[int], row_widths: list[int], breaks: list[int], opts: UnwrapOptions
) -> tuple[int, list[int], list[int], int]:
    """The start of the width model: the margin, the widths less it, the sorted widths of the
    rows broken mid-text (`breaks`) and the full width."""
    margin = 0
    if leads and len(leads) - leads.count(0) > 0.5 * len(leads):
        # The common left margin (pdftotext -layout): nearly every line has at least this much.
        margin = min(Counter(leads).most_common(1)[0][0], sorted(leads)[len(leads) // 20])
    widths = [w - margin for w in row_widths] if margin else row_widths
    # Lines broken mid-word by the typesetter certainly reach the margin.
    certain = sorted(compress(widths, breaks))  # `breaks` has one entry fewer than rows
    if opts.full_width:
        full = opts.full_width
    elif len(certain) >= 3:
        # The upper quartile: first lines (shorter by the indent) are among these too.
        full = round(_upper_quartile(certain))
    elif widths:
        full = round(sorted(widths)[int(0.9 * (len(widths) - 1))])
    else:
        full = 0
    return margin, widths, certain, full


def _upper_quartile(ordered: list[int]) -> float:
    """`statistics.quantiles(ordered, n=4)[2]` (the default, exclusive method) of a sorted list
    of two or more values, without the function's own sorting and checks."""
    n = len(ordered)
    j = 3 * (n + 1) // 4
    j = 1 if j < 1 else n - 1 if j > n - 1 else j
    delta = 3 * (n + 1) - j * 4
    return (ordered[j - 1] * (4 - delta) + ordered[j] * delta) / 4


def _between(ordered: list[int], lo: float, hi: float) -> list[int]:
    """The values of the sorted list `ordered` in [lo, hi]."""
    return ordered[bisect.bisect_left(ordered, lo) : bisect.bisect_right(ordered, hi)]


def _may_exceed(values: list[int], tolerance: int) -> bool:
    """False when round(2 × pstdev(values)) <= tolerance for certain, in integer arithmetic.

    2·sd < T + ½  ⟺  16·(n·Σx² − (Σx)²) < (2T + 1)²·n²; the exact (and slow, Fraction-based)
    statistics.pstdev is needed only when this does not hold.
    """
    n = len(values)
    s1 = sum(values)
    s2 = sum(map(operator.mul, values, values))
    return 16 * (n * s2 - s1 * s1) >= (2 * tolerance + 1) ** 2 * n * n


def _complete_layout(rows: _Rows, opts: UnwrapOptions, fit: _WidthFit) -> Layout:
    """The rest of the layout: indent, blank-line and CJK–Latin spacing conventions."""
    indent = opts.indent
    if indent < 0:
        indent = _measure_indent(rows, fit.widths, fit.full, fit.tolerance, fit.margin)
    blanks = rows.blank_before[1:]
    blank_breaks = bool(blanks) and 0.02 < (len(blanks) - blanks.count(0)) / len(blanks) < 0.6
    head = "\n".join(rows.text[:2000])
    spaced, tight = _cjk_latin_spacing(head)
    after_only = spaced > tight and RE_HAN_SPACE_LATIN.search(head) is None
    return Layout(fit.wrapped, fit.full, fit.tolerance, indent, fit.margin, blank_breaks, spaced > tight, after_only)


def _cjk_latin_spacing(text: str) -> tuple[int, int]:
    """`len(RE_CJK_LATIN_SPACED.findall(text))` and `len(RE_CJK_LATIN_TIGHT.findall(text))`.

    Every match holds an ASCII letter or digit, so the matches are found beside the runs of
    those (a fast `re` scan) rather than by trying the patterns at every ideograph.
    """
    spaced: list[int] = []  # where a match starts, in order
    tight: list[int] = []
    n = len(text)
    for m in RE_ASCII_ALNUM_RUN.finditer(text):
        a, b = m.span()
        if a and _is_han(text[a - 1]):
            tight.append(a - 1)
        if b < n and _is_han(text[b]):
            tight.append(b - 1)
        if a > 1 and text[a - 1] == " " and _is_han(text[a - 2]):
            spaced.append(a - 2)
        if b + 1 < n and text[b] == " " and _is_han(text[b + 1]):
            spaced.append(b - 1)
    return _leftmost_matches(spaced, 3), _leftmost_matches(tight, 2)


def _leftmost_matches(starts: list[int], length: int) -> int:
    """How many matches a left-to-right scan (findall) takes, given where matches of `length` may start."""
    count, free = 0, 0
    for a in starts:
        if a >= free:
            count, free = count + 1, a + length
    return count


def _is_han(ch: str) -> bool:
    """`RE_HAN.match(ch)`, with the common ideographs decided by comparison (no Han is below U+2E80)."""
    return "\u4e00" <= ch <= "\u9fff" or (ch >= "\u2e80" and RE_HAN.match(ch) is not None)


def _page_layouts(rows: _Rows, layout: Layout, opts: UnwrapOptions, breaks: list[bool]) -> dict[int, Layout]:
    """Pages measured on their own where that gives a clearly different model.

    A compilation may set its documents at different widths; a page whose own lines show
    a full width far from the file's (or a file that shows none as a whole) gets its own.
    """
    bounds = [0, *(i for i in compress(range(len(rows)), rows.page_start) if i), len(rows)]
    out = {}
    near = (layout.full, 3 * layout.tolerance) if layout.wrapped else None
    for page, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        if hi - lo < 6:
            continue
        # Only the full width is fitted for every page; the rest of a layout, for the pages kept.
        if near is not None:
            full = _full_width(rows.lead[lo:hi], rows.width[lo:hi], breaks[lo : hi - 1], opts)[3]
            if abs(full - near[0]) <= near[1]:
                continue  # what _fit_width(..., unless_near=near) tells
        page_rows = rows.slice(lo, hi)
        own = _fit_width(page_rows, opts, breaks[lo : hi - 1])
        # A page whose widths scatter over a quarter of its width has no layout of its own (pdftotext
        # writes a hyphenated line and the next as one: those rows are twice as wide).
        if (
            own is not None
            and own.wrapped
            and own.tolerance <= 0.25 * own.full
            and (not layout.wrapped or abs(own.full - layout.full) > 3 * layout.tolerance)
        ):
            out[page] = _complete_layout(page_rows, opts, own)
    return out


def _mid_text_break(a: str, b: str) -> bool:
    """True where the typesetter must have broken the line: inside a run of text."""
    x, y = a[-1], b[0]
    return (_is_han(x) and _is_han(y)) or (_is_lower_letter(x) and _is_lower_letter(y))


def _mid_text_breaks(
    rows: _Rows, plain: bytes | None = None, kinds: tuple[_Kinds, _Kinds] | None = None
) -> list[int]:
    """`_mid_text_break` for each pair of consecutive rows (1 or 0), with whole-list operations.

    `plain` is `_plain_rows(rows.text)` and `kinds` the `_char_kinds` of the rows' first and
    last characters, if the caller has them: a pair of plain rows never stands apart, so
    `_stands_apart` is asked only about the others.
    """
    texts = rows.text
    if kinds is None:
        kinds = _edge_kinds(texts)
    (_, han_first, lower_first), (_, han_last, lower_last) = kinds
    if plain is None:
        plain = _plain_rows(texts, kinds=kinds[0])
    mid_text = _flags_or(_flags_and(han_last[:-1], han_first[1:]), _flags_and(lower_last[:-1], lower_first[1:]))
    breaks = list(mid_text)
    for i in list(compress(range(len(breaks)), _flags_andnot(mid_text, _flags_and(plain[:-1], plain[1:])))):
        breaks[i] = int(not _stands_apart(texts[i], texts[i + 1]))
    return breaks


def _width_flags(widths: list[int], test: Callable[[int], bool]) -> bytes:
    """`bytes([test(w) for w in widths])`: by a byte table of `test` where every width fits in a byte."""
    try:
        as_bytes = bytes(widths)
    except ValueError:  # a width of 256 or more, or a negative one
        return bytes([test(w) for w in widths])
    return as_bytes.translate(bytes([test(w) for w in range(256)]))


# Per-row flags are bytes of 0 and 1, one a row; they are combined as big integers.
def _flags_and(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") & int.from_bytes(b, "big")).to_bytes(len(a), "big")


def _flags_or(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") | int.from_bytes(b, "big")).to_bytes(len(a), "big")


def _flags_andnot(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") & ~int.from_bytes(b, "big")).to_bytes(len(a), "big")


def _byte_table(test: Callable[[int], bool]) -> bytes:
    return bytes(1 if test(b) else 0 for b in range(256))


_T_ZERO = _byte_table(lambda b: b == 0)
_T_BASIC_HIGH = _byte_table(lambda b: 0x4E <= b <= 0x9F)  # the high byte of U+4E00–9FFF

# For each character of a string: in U+4E00–9FFF (basic), an ideograph (`_is_han`), a
# lowercase letter (`_is_lower_letter`).
_Kinds = tuple[bytes, bytes, bytes]


def _char_kinds(chars: str) -> _Kinds:
    """The kinds of each character of `chars`: the basic ideographs found from their UTF-32
    code units by a byte table, every other character by the tests (once for each distinct one,
    whose places are then found by `str.find` where it is an ideograph or a lowercase letter)."""
    code = chars.encode("utf-32-be", "surrogatepass")
    basic = code[2::4].translate(_T_BASIC_HIGH)
    if code[1::4].count(0) != len(chars):  # beyond the BMP
        basic = _flags_and(basic, code[1::4].translate(_T_ZERO))
    others = basic.translate(_T_ZERO)
    if not others.count(1):
        return basic, basic, others
    han, lower = bytearray(basic), bytearray(len(chars))
    for c in set(compress(chars, others)):  # mostly punctuation, neither
        for flags, test in ((han, _is_han), (lower, _is_lower_letter)):
            if test(c):
                i = chars.find(c)
                while i >= 0:
                    flags[i] = 1
                    i = chars.find(c, i + 1)
    return basic, bytes(han), bytes(lower)


def _edge_chars(texts: list[str]) -> tuple[str, str]:
    """The first and the last character of each row, as two strings."""
    return "".join(map(operator.itemgetter(0), texts)), "".join(map(operator.itemgetter(-1), texts))


def _edge_kinds(texts: list[str]) -> tuple[_Kinds, _Kinds]:
    """`_char_kinds` of the rows' first characters and of their last characters."""
    firsts, lasts = _edge_chars(texts)
    return _char_kinds(firsts), _char_kinds(lasts)


def _gapped(texts: list[str]) -> bytes:
    """For each row, 1 where it holds a cell gap (`RE_CELL_GAP`: two spaces or a tab), else 0."""
    return bytes(map(operator.or_, map(operator.contains, texts, repeat("  ")), map(operator.contains, texts, repeat("\t"))))


def _gapped_in(text: str, rows: _Rows) -> bytes:
    """`_gapped(rows.text)` for the rows of `text`, found by searching the whole text.

    A gap found outside every row's content (in leading or trailing whitespace, or a blank
    line) cannot reach into one, since content neither starts nor ends with a space or tab.
    """
    starts, ends = rows.start, rows.end
    gapped = bytearray(len(starts))
    for gap in ("  ", "\t"):
        at = text.find(gap)
        while at >= 0:
            r = bisect.bisect_right(starts, at) - 1
            if r >= 0 and at + len(gap) <= ends[r]:
                gapped[r] = 1
                at = text.find(gap, ends[r])
            elif r + 1 < len(starts):
                at = text.find(gap, starts[r + 1])
            else:
                break
    return bytes(gapped)


def _plain_rows(texts: list[str], gapped: bytes | None = None, kinds: _Kinds | None = None) -> bytes:
    """`_plain` of each row (1 or 0), with whole-list operations; `kinds`: of the first characters."""
    basic_first = (_char_kinds(_edge_chars(texts)[0]) if kinds is None else kinds)[0]
    return _flags_andnot(basic_first, _gapped(texts) if gapped is None else gapped)


def _stands_apart(a: str, b: str) -> bool:
    """A line that must start on its own (a table row, a URL...) was not wrapped onto: the break
    before it, or after one that cannot wrap, is no evidence of the line width."""
    why = None if _plain(a) else _structural(a)
    return (not _plain(b) and _structural(b) is not None) or (why is not None and why != "list item")


def _plain(text: str) -> bool:
    """Certainly not structural (the common case, without the regexes): it opens with an
    ideograph and has no cell gaps."""
    return "\u4e00" <= text[0] <= "\u9fff" and "  " not in text and "\t" not in text


def _is_lower_letter(ch: str) -> bool:
    return ch.isalpha() and ch.islower()


def _measure_indent(rows: _Rows, widths: list[int], full: int, tol: int, margin: int) -> int:
    """The first-line indent: from explicit leading space, or from how much shorter first lines are."""
    # Leads are never negative: with no margin, the indented rows are those with a lead.
    indented = len(rows.lead) - rows.lead.count(0) if margin == 0 else len([x for x in rows.lead if x > margin])
    if indented and indented > 0.05 * len(rows):
        lead, _ = Counter(x - margin for x in rows.lead if x > margin).most_common(1)[0]
        return -lead  # negative: the indent is visible as leading whitespace
    shortfalls: Counter[int] = Counter()
    short = full - 2 * tol
    texts = rows.text
    # Rows 1 .. n-2 after a row that is not full, themselves 1 to 8 columns short (ints: 0 < full - w <= 8).
    for i in _indent_short_rows(widths, len(rows), full, short):
        w, prev = widths[i], texts[i - 1]
        if (ends_sentence(prev) or _heading_like(prev)) and not ends_sentence(texts[i]):
            shortfalls[full - w] += 1
    if not shortfalls:
        return 0
    gap, n = shortfalls.most_common(1)[0]
    # Accept the indent if first lines show it clearly more often than full width.
    return gap if n >= 3 else 0


def _indent_short_rows(widths: list[int], n: int, full: int, short: int) -> list[int]:
    """Rows 1 .. n-2 after a row narrower than `short`, themselves 1 to 8 columns short of
    `full` and wider than 0.7 × full: `[i for i, p, w in zip(range(1, n - 1), widths,
    widths[1:]) if p < short and full - 8 <= w <= full - 1 and w > 0.7 * full]`, by byte tables."""
    lo, hi = full - 8, full - 1
    after_short = _width_flags(widths, lambda p: p < short)[: max(0, n - 2)]
    first_like = _width_flags(widths, lambda w: lo <= w <= hi and w > 0.7 * full)[1 : n - 1]
    return list(compress(range(1, n - 1), _flags_and(after_short, first_like)))


@functools.lru_cache(maxsize=4096)
def _structural(text: str) -> str | None:
    """Why a line must start on its own, or None.

    Cached: each line is asked about twice, as the next line and then as the line before.
    """
    if RE_BULLET.match(text):
        return "list item"
    if RE_CODE.match(text) or ((RE_CODE_BARE.match(text) or _looks_like_code(text)) and not RE_CJK.search(text)):
        return "command line"
    if _table_row(text):
        return "table row"
    if RE_URL_ONLY.match(text):
        return "URL"
    return None


@stage("unwrap_lines", options=UnwrapOptions)
def unwrap_lines(text: str, opts: UnwrapOptions) -> list[Edit]:
    """Join lines the typesetter wrapped; keep headings, list items, code lines and signatures apart.

    The full line width and the first-line indent are measured from the file. A line that
    reaches the margin joins the next one unless it ends a sentence and the next line starts
    a paragraph (indented, or an enumeration like 第一， / 一、 / ——); a short line ends its
    paragraph. CJK joins take no space, Latin joins take one, and words hyphenated at a line
    end are rejoined. Page breaks (form feeds) are kept in place but are no evidence either way.

    >>> from pipeline import clean
    >>> raw = "这是一个很长的段落，它在排版时被折成了\\n好几行，每一行都差不多一样宽，直到\\n最后一行。\\n短标题\\n"
    >>> clean(raw, stages=["unwrap_lines"], options={"unwrap_lines": {"full_width": 36}})[0].text
    '这是一个很长的段落，它在排版时被折成了好几行，每一行都差不多一样宽，直到最后一行。\\n短标题\\n'
    >>> clean("会议还研究了其他事项。\\n", stages=["unwrap_lines"])[0].text
    '会议还研究了其他事项。\\n'
    """
    rows = _rows(text)
    if not rows:
        return []
    kinds = _edge_kinds(rows.text)
    gapped = _gapped_in(text, rows)
    plain_rows = _plain_rows(rows.text, gapped, kinds[0])
    breaks = _mid_text_breaks(rows, plain_rows, kinds)
    layout = measure_layout(rows, opts, breaks)
    hyphenated = _hyphenated_words(text) if opts.dehyphenate else set()
    texts, widths, page_starts, starts = rows.text, rows.width, rows.page_start, rows.start
    edits: list[Edit] = []
    if starts[0] > 0:
        lead = text[: starts[0]]
        new = "\f" if page_starts[0] and "\f" in lead else ""
        if lead != new:
            edits.append(Edit(0, starts[0], lead, new, "leading whitespace"))
    # One edit per paragraph: its lines joined, and the break after it, with every
    # decision's reason (and confidence, where it was not certain) in the record.
    para_start = starts[0]
    pieces = [texts[0]]
    decisions: dict[str, int] = {}
    confidence = 1.0
    para_row = 0  # the row the paragraph opened at; `_list_item` of it is asked only where `_decide` is
    # The common case decided without _decide: two lines of running Chinese text (`plain`
    # pairs), no table spacing, no indent; _decide would reach the same answer by the same tests.
    page_layouts = _page_layouts(rows, layout, opts, breaks) if not opts.full_width else {}
    lost_indent = _lost_indents(rows, layout, breaks)
    lines_seen = _short_lines_seen(rows, [layout, *page_layouts.values()])
    page = 0
    lay = page_layouts.get(0, layout)
    threshold = lay.full - lay.tolerance - 2 + lay.margin  # 2: the next line's first ideograph
    indent = lay.indent if lay.indent > 0 else 0
    plain = _plain_pairs(rows, layout, plain_rows)
    # Title block: the first lines of the text, or of a page after a finished paragraph,
    # until one ends a sentence (title, subtitle, author, date each stand alone).
    title_row = 0  # the row the last title block may have opened at
    last_cells = _wrapped_last_cells(rows, layout, list(compress(range(len(rows)), gapped)))
    cell_joins = _table_cells(rows, layout) | last_cells
    fast = _fast_joins(rows, lay, plain, cell_joins, kinds[1][0]) if not page_layouts else bytes(len(rows))
    fast_pieces = texts
    if any(page_starts):
        fast_pieces = texts.copy()
        for r in compress(range(len(rows)), page_starts):
            fast_pieces[r] = "\f" + texts[r]
    last_row = len(rows) - 1
    i = -1
    while i + 1 < last_row:
        i += 1
        if page_starts[i] and len(pieces) == 1:
            title_row = i
        if fast[i]:
            # A run of rows that `_fast_joins` marks (each reaches the margin before a plain row,
            # on an ideograph or on CJK punctuation that ends no sentence or clause): all joined
            # with nothing between, as the tests below would join them one by one.
            j = fast.find(0, i)  # the last row is 0
            pieces.extend(fast_pieces[i + 1 : j + 1])
            decisions[FAST_JOIN] = decisions.get(FAST_JOIN, 0) + j - i
            i = j - 1
            continue
        bt = texts[i + 1]
        ff = "\f" if page_starts[i + 1] else ""
        if i in cell_joins:
            pieces.append(" " + ff)
            pieces.append(bt)
            key = LAST_CELL_JOIN if i in last_cells else CELL_JOIN
            decisions[key] = decisions.get(key, 0) + 1
            continue
        if page_starts[i] and page_layouts:
            page += 1
            lay = page_layouts.get(page, layout)
            threshold = lay.full - lay.tolerance - 2 + lay.margin
            indent = lay.indent if lay.indent > 0 else 0
        at = texts[i]
        decision = None
        if lay.wrapped and plain[i]:
            wa = widths[i] + (indent if len(pieces) == 1 else 0)
            x = at[-1]
            if wa > threshold and "\u4e00" <= x <= "\u9fff":
                # Ideograph to ideograph: joined with nothing between.
                pieces.append(ff)
                pieces.append(bt)
                decisions[FAST_JOIN] = decisions.get(FAST_JOIN, 0) + 1
                continue
            if wa <= threshold and x in SHORT_LINE_ENDS:
                # A short line that ends its paragraph: the break below for (False, "short line", 1.0).
                pieces.append("\n" + ff)
                decisions[SHORT_BREAK] = decisions.get(SHORT_BREAK, 0) + 1
                _emit(edits, text, para_start, starts[i + 1], pieces, decisions, confidence)
                para_start, pieces, decisions, confidence = starts[i + 1], [bt], {}, 1.0
                para_row = i + 1
                continue
            else:
                decision = _decide_plain(at, bt, wa - lay.margin, rows.lead[i + 1], rows.blank_before[i + 1], lay)
        if decision is None:
            # `_decide` reads the title block only where the row opens its paragraph.
            opens = len(pieces) == 1
            decision = _decide(
                rows, i, lay, opens, _list_item(texts[para_row]), lines_seen, opens and _in_title_block(texts, title_row, i), lost_indent
            )
        join, reason, conf = decision
        if join:
            joiner, why = _joiner(at, bt, lay, hyphenated)
            if why == "hyphen":
                pieces[-1] = pieces[-1][:-1]
                reason += "; word hyphenated at the line end rejoined"
            pieces.append(joiner + ff)
            pieces.append(bt)
            key = "join: " + reason
        else:
            pieces.append("\n" + ff)
            key = "break: " + reason
        decisions[key] = decisions.get(key, 0) + 1
        if conf < confidence:
            confidence = conf
        if not join:
            _emit(edits, text, para_start, starts[i + 1], pieces, decisions, confidence)
            para_start, pieces, decisions, confidence = starts[i + 1], [bt], {}, 1.0
            para_row = i + 1
    pieces.append("\n")
    _emit(edits, text, para_start, len(text), pieces, decisions, confidence)
    for first, last, table in _column_tables(rows, layout):
        edits = _replace_span(edits, text, rows.start[first], rows.start[last + 1] if last + 1 < len(rows) else len(text), table)
    return edits


def _emit(edits: list[Edit], text: str, start: int, end: int, pieces: list[str], decisions: dict[str, int], confidence: float) -> None:
    after = "".join(pieces)
    before = text[start:end]
    if before != after:
        edits.append(new_edit((start, end, before, after, _reason(tuple(decisions.items())), confidence)))


@functools.lru_cache(maxsize=1024)
def _reason(decisions: tuple[tuple[str, int], ...]) -> str:
    """A paragraph's decisions as one reason (cached: paragraphs repeat a few patterns)."""
    return "; ".join(k + (f" ×{n}" if n > 1 else "") for k, n in decisions) or "trailing whitespace"


def _fast_joins(rows: _Rows, lay: Layout, plain: bytes, cell_joins: set[int], basic_last: bytes) -> bytes:
    """For each row but the last, 1 where the main loop certainly joins it to the next with
    nothing between, for the reason "line reaches the margin" at confidence 1.0, else 0.

    That is a plain pair in a wrapped layout, not a table cell join, whose first row is wider
    than the threshold without any indent (with one, wider still) and ends on an ideograph
    (the fast join), or on CJK punctuation that ends no sentence or clause (`_decide_plain`
    joins it at the margin, `_joiner` with nothing between), where no line is read as
    several printed lines (the tolerance is under a tenth of the width).
    """
    if not lay.wrapped:
        return bytes(len(rows))
    threshold = lay.full - lay.tolerance - 2 + lay.margin
    wide = _flags_and(plain, _width_flags(rows.width, lambda w: w > threshold)[:-1])
    fast = bytearray(_flags_and(wide, basic_last[:-1]))
    if lay.tolerance < 0.1 * lay.full:
        texts = rows.text
        joins_marks: dict[str, bool] = {}
        for r in compress(range(len(fast)), _flags_andnot(wide, fast)):
            x = texts[r][-1]
            join = joins_marks.get(x)
            if join is None:
                join = joins_marks[x] = _cjk_mark_continues(x)
            if join:
                fast[r] = 1
    fast.append(0)  # the last row joins nothing
    for r in cell_joins:
        fast[r] = 0
    return bytes(fast)


def _cjk_mark_continues(x: str) -> bool:
    """A line that reaches the margin on `x` continues, joined to an ideograph with nothing
    between: `x` is CJK (`_joiner`'s test), ends no sentence (nor is a closing mark that may
    follow a sentence's end) and no clause."""
    return (is_cjk(x) or x in CJK_AMBIGUOUS) and x not in "：:；;" and x not in SENTENCE_END and x not in CLOSERS


def _plain_pairs(rows: _Rows, layout: Layout, plain_rows: bytes | None = None) -> bytes:
    """For each pair of consecutive rows (1 or 0): both start with an ideograph, neither holds a
    double space or a tab (table spacing), the second is not indented past the margin nor after
    a blank line that means a paragraph break. `plain_rows`: `_plain_rows(rows.text)`, if known."""
    plain_row = _plain_rows(rows.text) if plain_rows is None else plain_rows
    pairs = bytearray(_flags_and(plain_row[:-1], plain_row[1:]))
    margin = layout.margin
    for i in compress(range(len(pairs)), islice(rows.lead, 1, None)):  # rows with a lead, mostly none
        if rows.lead[i + 1] > margin:
            pairs[i] = 0
    if layout.blank_lines_mean_breaks:
        for i in compress(range(len(pairs)), islice(rows.blank_before, 1, None)):
            pairs[i] = 0
    return bytes(pairs)


def _short_lines_seen(rows: _Rows, layouts: list[Layout]) -> Counter[str]:
    """How often each row's text occurs, where `_decide` may ask (`lines_seen[bt]`): for the rows
    that do not reach the margin (`_is_last_line`) in any of `layouts`. A row whose text is
    counted is narrower without its lead, and so is every row with the same text; the counts
    of those texts equal `Counter(rows.text)`'s."""
    limit = max(lay.full - lay.tolerance - 2 + lay.margin for lay in layouts)
    content = list(map(operator.sub, rows.width, rows.lead))
    return Counter(compress(rows.text, _width_flags(content, lambda w: w < limit)))


def _in_title_block(texts: list[str], opened: int, i: int) -> bool:
    """Row i is in a title block that opened at row `opened`: among its first six rows, and
    every row after the first heading-like."""
    return i - opened < 6 and all(_heading_like(texts[j]) for j in range(opened + 1, i + 1))


def _decide_plain(at: str, bt: str, wa: int, b_lead: int, b_blank: int, lay: Layout) -> tuple[bool, str, float] | None:
    """`_decide` for a plain pair (see `_plain_pairs`) in a wrapped layout, where it needs no
    more than the two lines; None where it does (a line that ends a sentence or clause at the
    margin, and the rarer cases).

    `wa` is the first line's width less the margin, plus the indent if it opens a paragraph.
    The next line's first unit is its first ideograph (2 columns) with any closing marks.
    """
    if not lay.wrapped or (b_lead > lay.margin and lay.indent < 0) or (lay.blank_lines_mean_breaks and b_blank):
        return None
    x = at[-1]
    if wa + 2 > lay.full - lay.tolerance:  # reaches the margin
        if x in "：:；;" or ends_sentence(at) or (wa > lay.full + 3 * lay.tolerance and lay.tolerance >= 0.1 * lay.full):
            return None
        return True, "line reaches the margin", 1.0
    if len(bt) > 1 and bt[1] in KINSOKU_CLOSERS:
        return None  # the next unit is wider: it may reach the margin after all
    if x in "，、," and wa + 2 > lay.full - 3 * lay.tolerance:
        return True, "nearly full line ends inside a sentence", 0.6
    return False, "short line", 1.0


def _next_unit_width(bt: str) -> int:
    """Columns of the unit (`RE_NEXT_UNIT`) that opens `bt`, and a space's unless it is CJK. An
    ideograph of U+4E00–9FFF opens no word: its unit is it and the closing marks after it."""
    if "\u4e00" <= bt[0] <= "\u9fff":
        k = 1
        while k < len(bt) and bt[k] in KINSOKU_CLOSERS:
            k += 1
        return width(bt[:k])
    return width(RE_NEXT_UNIT.match(bt).group()) + (0 if is_cjk(bt[0]) else 1)


def _decide(
    rows: _Rows,
    i: int,
    lay: Layout,
    starts_paragraph: bool,
    in_item: bool,
    lines_seen: Counter[str],
    in_title_block: bool = False,
    lost_indent: frozenset[int] = frozenset(),
) -> tuple[bool, str, float]:
    """Join row i and row i+1? Returns (join, reason, confidence).

    `in_item`: the paragraph row i belongs to opened with a bullet, so an indented next
    line is its hanging indent, not a new paragraph.
    """
    at, bt, b_lead = rows.text[i], rows.text[i + 1], rows.lead[i + 1]
    blank_break = lay.blank_lines_mean_breaks and rows.blank_before[i + 1] > 0
    why = _structural(bt)
    if why:
        return False, f"next line is a {why}", 1.0
    why = _structural(at)
    if why and why != "list item":  # a list item may wrap onto the next line; the others do not
        return False, why, 1.0
    if b_lead - lay.margin > 0 and lay.indent < 0 and b_lead - lay.margin >= -lay.indent and not in_item:
        if i + 1 in lost_indent:
            return False, "next line is indented (its indent went with the page header: short by the indent, yet broken mid-text)", 0.9
        return False, "next line is indented", 1.0
    wa = rows.width[i] - lay.margin + (lay.indent if starts_paragraph and lay.indent > 0 else 0)
    if lay.wrapped and wa > lay.full + 3 * lay.tolerance and lay.tolerance >= 0.1 * lay.full:
        # pdftotext joins a line that ends in a hyphen to the next: such a line holds several
        # printed lines, and only the last one's width tells whether the paragraph ended.
        # (Latin layouts only: in a CJK layout an English line is wider in columns anyway.)
        wa -= lay.full * ((wa - lay.tolerance) // lay.full)
    next_unit = _next_unit_width(bt)
    full = wa + next_unit > lay.full - lay.tolerance
    sentence_ends = ends_sentence(at)
    ends_clause = at[-1] in "：:；;"
    if blank_break and not (lay.wrapped and full and not sentence_ends and not ends_clause):
        # pdfminer also leaves blank lines inside paragraphs; a full line that stops
        # mid-sentence continues across one.
        return False, "blank line between paragraphs", 1.0
    if not lay.wrapped:
        return False, "the text is not hard-wrapped (lines broken mid-text do not share a width)", 1.0
    if in_title_block and starts_paragraph and _heading_like(at) and at[-1].isalpha():
        if bt[0].isupper():
            return False, "title block line", 0.8
        if not RE_CJK.search(at) and RE_CJK.search(bt):
            # A Latin title line, then one in Chinese (`Ten Common Problems…` / `2021 年团队内部分享`):
            # a bilingual title block, not one line wrapped.
            return False, "title block line in another script", 0.8
    if not full:
        if at.endswith("://") and not bt[0].isspace():
            return True, "a web address cut after :// continues", 0.9
        if RE_LATIN_CONTINUES.search(at) and bt[0].islower() and bt[0].isascii():
            # Latin prose: a line that stops on a lowercase word or a comma and a next line
            # that starts lowercase are one sentence, whatever the widths say.
            return True, "sentence continues on a lowercase word", 0.9
        if (
            RE_LATIN_CONTINUES.search(at)
            and RE_NUMBER_ENDS_SENTENCE.match(bt)
            and " " in at
            and 2 * wa >= lay.full
            and not RE_CJK.search(at)
        ):
            # A number alone on the next line, after prose that stops on a lowercase word
            # (`…marked by hand was` / `1987`): the sentence's last word.
            return True, "sentence ends on a number alone on the next line", 0.8
        if at[-1] in "，、," and wa + next_unit > lay.full - 3 * lay.tolerance:
            return True, "nearly full line ends inside a sentence", 0.6
        return False, "short line", 1.0
    if _date_line(bt) or _date_line(at):
        return False, "date line", 1.0
    if rows.page_start[i + 1] and RE_SECTION_NUMBER.match(bt) and _heading_like(bt) and _is_last_line(rows, i + 1, lay):
        return False, "next line opens a page with a numbered section heading", 0.9
    if sentence_ends or ends_clause:
        if in_item and sentence_ends:
            return False, "a list item ends with its sentence", 0.8
        if _opens_enumeration(bt):
            return False, "next line opens an enumeration", 0.95
        if sentence_ends and bt[0] in "MDH尊亲" and RE_SALUTATION.match(bt):
            return False, "next line opens with a salutation", 0.9
        if lay.indent > 0:
            wb = rows.width[i + 1] - lay.margin
            # Indent-short: nearer a first line's width than a full line's, and not a last line.
            short_by = lay.full - wb
            if (
                i + 2 < len(rows)
                and abs(short_by - lay.indent) < abs(short_by)
                and short_by <= lay.indent + lay.tolerance
                and not _is_last_line(rows, i + 1, lay)
            ):
                return False, "next line is indent-short", 0.9
        if _is_last_line(rows, i + 1, lay):
            if _heading_like(bt):
                return False, "next line is a heading", 0.8
            if lines_seen[bt] > 1:
                return False, "next line stands alone elsewhere in the file", 0.8
            if _closes_document(rows, i + 1, lay):
                return False, "next line closes the document", 0.6
        return True, "full line; sentence continues the paragraph", 0.7
    return True, "line reaches the margin", 1.0


def _lost_indents(rows: _Rows, layout: Layout, breaks: list[bool]) -> frozenset[int]:
    """Rows that open a page and lost their first-line indent (a running header removed above
    one takes the line's leading spaces with it); their indent is put back in `rows`.

    In a layout with a visible indent, compare rows broken between two ideographs (not a
    paragraph's last line): indented ones are first lines, the others continuation lines.
    A page's first row without an indent, after a line that ends a sentence, whose width with
    the indent is a first line's and which is narrower than a continuation line (and not
    because its next unit, an ideograph with the closing marks that may not start a line,
    was pushed down), is an indented first line.
    """
    if not layout.wrapped or layout.indent >= 0 or not any(rows.page_start):
        return frozenset()
    indent, margin = -layout.indent, layout.margin
    firsts: Counter[int] = Counter()
    conts: Counter[int] = Counter()
    for r in compress(range(len(rows) - 1), breaks):
        if _is_han(rows.text[r][-1]):
            if rows.lead[r] == margin + indent:
                firsts[rows.width[r] - margin] += 1
            elif rows.lead[r] == margin:
                conts[rows.width[r] - margin] += 1
    if not firsts or not conts:
        return frozenset()
    first_w, cont_w = firsts.most_common(1)[0][0], conts.most_common(1)[0][0]
    lost = set()
    for i in compress(range(len(rows) - 1), rows.page_start[: len(rows) - 1]):
        at, bt = rows.text[i], rows.text[i + 1]
        w = rows.width[i] - margin
        if (
            i
            and rows.lead[i] == margin
            and breaks[i]
            and _is_han(at[-1])
            and abs(w + indent - first_w) <= 1
            and w + width(RE_WORD_START.match(bt).group()) <= cont_w
            and (ends_sentence(rows.text[i - 1]) or rows.text[i - 1][-1] in "：:")
        ):
            lost.add(i)
            rows.lead[i] += indent
            rows.width[i] += indent
    return frozenset(lost)


def _date_line(text: str) -> bool:
    """`RE_DATE_LINE.match(text)`; a date opens with a digit or a bracket, never an ideograph."""
    return not "\u4e00" <= text[0] <= "\u9fff" and RE_DATE_LINE.match(text) is not None


def _opens_enumeration(text: str) -> bool:
    """`RE_ENUMERATION.match(text)`; of the ideographs, only 第 and the numerals 一 to 十 open one."""
    x = text[0]
    return (not "\u4e00" <= x <= "\u9fff" or x in "第一二三四五六七八九十") and RE_ENUMERATION.match(text) is not None


def _list_item(text: str) -> bool:
    if "\u4e00" <= text[0] <= "\u9fff":
        return False  # neither pattern opens with an ideograph (the common case, without the regexes)
    return RE_BULLET.match(text) is not None or RE_NUMBERED_ITEM.match(text) is not None


def _table_cells(rows: _Rows, layout: Layout) -> set[int]:
    """Boundaries inside table rows that an extractor wrote one cell per line.

    A run of six or more short lines without sentence punctuation, where a header row of
    k text cells is followed by rows of one text cell and k-1 numbers, is a k-column table
    written row by row; the boundaries inside each row are returned (to join with a space).
    """
    limit = max(16, layout.full // 2) + layout.margin
    texts = rows.text
    joins: set[int] = set()
    # Cell-like rows are short: only runs of six or more short rows are read further.
    for lo, hi in _short_runs(_width_flags(rows.width, lambda w: w <= limit)):
        cell_like = "".join(["0" if ends_sentence(t) or RE_BULLET.match(t) else "1" for t in texts[lo:hi]])
        for m in RE_CELL_RUN.finditer(cell_like):
            joins.update(_table_in_run(texts[lo + m.start() : lo + m.end()], lo + m.start()))
    return joins


RE_SHORT_RUN = re.compile(b"\x01{6,}")


def _short_runs(short: bytes) -> list[tuple[int, int]]:
    """The (start, end) of each run of six or more rows that `short` flags with 1 (what RE_CELL_RUN asks)."""
    return [m.span() for m in RE_SHORT_RUN.finditer(short)]


def _column_tables(rows: _Rows, layout: Layout) -> list[tuple[int, int, list[str]]]:
    """Tables an extractor (pdfminer) wrote one cell per line, column by column: (first row,
    last row, the table's rows). See `_transpose` for the evidence asked for."""
    limit = max(16, layout.full // 2) + layout.margin
    texts = rows.text
    found = []
    for run_start, run_end in _column_table_runs(texts, _short_runs(_flags_andnot(_width_flags(rows.width, lambda w: w <= limit), bytes(rows.page_start)))):
        # A line or two of text may come before or after the table; a number may not.
        spans = [(run_start + a, run_end - b) for a in range(3) for b in range(3)]
        spans = [(lo, hi) for lo, hi in spans if not any(RE_NUMERIC_CELL.match(t) for t in texts[hi:run_end])]
        for lo, hi in sorted(spans, key=lambda x: x[0] - x[1]):
            table = _transpose(texts[lo:hi]) if hi - lo >= 6 else None
            if table:
                found.append((lo, hi - 1, table))
                break
    return found


def _column_table_runs(texts: list[str], short_runs: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """`RE_CELL_RUN.finditer` over the rows' cell-likeness (short, not opening a page, without
    sentence punctuation, a colon at the end or a bullet), as spans: read only in `short_runs`."""
    for lo, hi in short_runs:
        cell_like = "".join(
            ["0" if ends_sentence(t) or t.endswith((":", "：")) or RE_BULLET.match(t) else "1" for t in texts[lo:hi]]
        )
        for m in RE_CELL_RUN.finditer(cell_like):
            yield lo + m.start(), lo + m.end()


def _transpose(cells: list[str]) -> list[str] | None:
    """The rows of a table whose cells are listed column by column, or None.

    Two orders are read: each column with its header on top (`Interruption, Hyphenated line
    ends, … / Per 100 pages, 412, 96, 100 / …`), and the first column, then the other headers,
    then the other columns' values (`配置, 默认配置, 基本配置, 完整配置, 插件数, 启动时间, 0, 4, 27,
    18, 35, 212`). The first column and the headers are text, every other cell a number. When
    more than one shape fits, the one whose row labels are most alike (默认配置/基本配置/完整配置)
    and least like its headers wins, and only by a clear margin.
    """
    n = len(cells)
    numeric = [bool(RE_NUMERIC_CELL.match(c)) for c in cells]
    if _reads_by_rows(numeric, [c.endswith("%") for c in cells]):
        return None  # row by row is the order extractors mostly use: `_table_cells` joins it
    candidates: list[tuple[float, list[list[str]]]] = []
    for k in range(2, 7):
        r = n // k - 1
        if n % k or r < 2:
            continue
        cols = [cells[j * (r + 1) : (j + 1) * (r + 1)] for j in range(k)]
        kinds = [numeric[j * (r + 1) : (j + 1) * (r + 1)] for j in range(k)]
        if _labelled_numbers(kinds):
            grid = [[cols[j][i] for j in range(k)] for i in range(r + 1)]
            candidates.append((_label_cohesion(cols[0][1:], [c[0] for c in cols[1:]]), grid))
        heads = 1 + r + (k - 1)
        if not any(numeric[:heads]) and all(numeric[heads:]):
            labels, others, values = cells[1 : 1 + r], cells[1 + r : heads], cells[heads:]
            grid = [[cells[0], *others]] + [[labels[i]] + [values[j * r + i] for j in range(k - 1)] for i in range(r)]
            candidates.append((_label_cohesion(labels, others), grid))
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    if len(candidates) > 1 and candidates[0][0] - candidates[1][0] < 10:
        return None
    return [" ".join(row) for row in candidates[0][1]]


def _reads_by_rows(numeric: list[bool], percent: list[bool]) -> bool:
    """The cells read row by row: a header row of k text cells, then rows of a text cell and
    k-1 numbers, each column's numbers of one kind (all percentages or none)."""
    n = len(numeric)
    for k in range(2, 7):
        if n % k == 0 and n // k >= 3:
            chunks = [numeric[i : i + k] for i in range(0, n, k)]
            if _labelled_numbers(chunks):
                if all(len({percent[i] for i in range(k + j, n, k)}) == 1 for j in range(1, k)):
                    return True
    return False


def _labelled_numbers(groups: list[list[bool]]) -> bool:
    """Groups of cells (True: numeric) shaped as a table's: the first all text (the headers),
    every other a text cell (its label) and then numbers."""
    return not any(groups[0]) and all(not g[0] and all(g[1:]) for g in groups[1:])


def _label_cohesion(labels: list[str], headers: list[str]) -> float:
    """How alike the row labels are to each other, less how alike they are to the other columns'
    headers (0–100; the first column's header names what the labels are, so it is left out)."""
    inner = [fuzz.ratio(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :]]
    outer = [fuzz.ratio(a, b) for a in labels for b in headers]
    return (sum(inner) / len(inner) if inner else 0.0) - (sum(outer) / len(outer) if outer else 0.0)


def _replace_span(edits: list[Edit], text: str, lo: int, hi: int, table: list[str]) -> list[Edit]:
    """`edits` with those inside [lo, hi) replaced by one that writes `table`'s rows there;
    unchanged if an edit crosses the span's edges."""
    if any(e.start < lo < e.end or e.start < hi < e.end for e in edits):
        return edits
    inside = [e for e in edits if lo <= e.start and e.end <= hi]
    if any("\f" in e.before for e in inside):
        return edits
    table_edit = Edit(lo, hi, text[lo:hi], "\n".join(table) + "\n", COLUMN_TABLE, 0.8)
    return [e for e in edits if e.end <= lo and e.start < lo] + [table_edit] + [e for e in edits if e.start >= hi]


def _wrapped_last_cells(rows: _Rows, layout: Layout, gapped: list[int] | None = None) -> set[int]:
    """Boundaries before a table row's last cell that pdftotext -layout wrote on a line of
    its own, indented (`一月          412      356` / `            10,680`): the row has one cell
    fewer than a row of the same table nearby, and the line is one short cell."""
    texts, leads = rows.text, rows.lead
    joins: set[int] = set()
    if gapped is None:  # the rows with a cell gap
        gapped = [i for i, t in enumerate(texts) if RE_CELL_GAP.search(t)]
    if len(gapped) < 2:
        return joins
    counts = {i: _cell_count(texts[i]) for i in gapped}
    for i in gapped:
        j = i + 1
        if j >= len(rows) or j in counts or leads[j] <= layout.margin or width(texts[j]) > 16 or ends_sentence(texts[j]):
            continue
        near = [counts[k] for k in range(i - 4, i + 7) if k in counts and k != i]
        if counts[i] + 1 in near and counts[i] + 1 == max(near):
            joins.add(i)
    return joins


def _cell_count(text: str) -> int:
    """Cells apart by wide gaps; numbers one space apart (`356 10,680`) are a cell each."""
    n = 0
    for cell in RE_CELL_GAP.split(text):
        tokens = cell.split()
        n += len(tokens) if len(tokens) > 1 and all(RE_NUMERIC_CELL.match(t) for t in tokens) else 1
    return n


def _table_in_run(lines: list[str], base: int) -> set[int]:
    """Join boundaries for a k-column table in `lines` (row `base` is the first line).

    An extractor may also put two numbers of one row on one line (`356 10,680`): a line
    of numbers counts as that many cells.
    """
    cells: list[bool] = []  # is the cell a number
    owner: list[int] = []  # the line each cell came from
    for n, line in enumerate(lines):
        tokens = line.split()
        if len(tokens) > 1 and all(RE_NUMERIC_CELL.match(t) for t in tokens):
            cells += [True] * len(tokens)
            owner += [n] * len(tokens)
        else:
            cells.append(bool(RE_NUMERIC_CELL.match(line)))
            owner.append(n)
    for skip in range(0, 3):  # a short line or two before the table's header row
        if skip and owner[skip] == owner[skip - 1]:
            continue
        for k in range(2, 9):
            rows_n = (len(cells) - skip) // k
            if rows_n < 3:
                continue
            grid = [cells[skip + r * k : skip + (r + 1) * k] for r in range(rows_n)]
            if any(grid[0]) or not all(not row[0] and all(row[1:]) for row in grid[1:]):
                continue
            # A table row may not begin inside a line that holds cells of two rows.
            starts = [skip + r * k for r in range(rows_n)]
            if any(owner[c] == owner[c - 1] for c in starts if c):
                continue
            joins = set()
            for r in range(rows_n):
                first, last = owner[starts[r]], owner[starts[r] + k - 1]
                joins.update(base + line for line in range(first, last))
            return joins
    return set()


def _table_row(text: str) -> bool:
    """Cells apart by wide gaps, at least half of them numbers (justified prose has wide gaps too)."""
    if RE_NUMBER_ROW.match(text):
        return True
    if "  " not in text and "\t" not in text:
        return False
    cells = RE_CELL_GAP.split(text)
    numeric = sum(1 for c in cells if RE_NUMERIC_CELL.match(c))
    return len(cells) >= 2 and numeric >= 1 and numeric >= (len(cells) - 1) / 2


def _looks_like_code(text: str) -> bool:
    """Source code: no CJK, and a high share of the symbols code is written with."""
    if len(text) < 4 or RE_CJK.search(text):
        return False
    return len(RE_CODE_SYMBOLS.findall(text)) >= max(3, 0.12 * len(text)) and not ends_sentence(text)


def _closes_document(rows: _Rows, j: int, lay: Layout) -> bool:
    """Row j is the last line of the text, or the next page opens with a title block."""
    if j + 1 >= len(rows):
        return True
    if not rows.page_start[j + 1]:
        return False
    return j + 3 <= len(rows) and all(_is_last_line(rows, k, lay) and _heading_like(rows.text[k]) for k in (j + 1, j + 2))


def _is_last_line(rows: _Rows, j: int, lay: Layout) -> bool:
    """Row j does not reach the margin, so it ends a paragraph."""
    return rows.width[j] - lay.margin + 2 < lay.full - lay.tolerance


def _heading_like(text: str) -> bool:
    """A short line without closing punctuation: prose lines end with some, headings do not
    (nor with an address cut at the line end, `https://`)."""
    return not ends_sentence(text) and not text.endswith(("，", "、", ",", "；", ";", "：", ":", "/"))


def _joiner(a: str, b: str, lay: Layout, hyphenated: set[str]) -> tuple[str, str]:
    """What goes between two joined lines: nothing, a space, or (for hyphens) nothing and the hyphen removed."""
    x, y = a[-1], b[0]
    m = RE_HYPHEN_END.search(a) if x in "-\u2010\u00ad" else None
    if m and RE_LOWER_START.match(b):
        word = (m.group(1) + "-" + RE_WORD_START.match(b).group()).lower().strip(".,;:!?\"')")
        if x == "\u00ad" or word not in hyphenated:
            return "", "hyphen"
        return "", "compound"
    if x in "-\u2010" and not (x.isalpha()):
        return "", "hyphen-kept"
    if a.endswith("://"):
        return "", "address"
    cx, cy = is_cjk(x) or x in CJK_AMBIGUOUS, is_cjk(y) or y in CJK_AMBIGUOUS
    if cx and cy:
        return "", "cjk"
    if x.isdigit() and y.isdigit():
        # A number broken across lines inside CJK text (…摘帽，1 / 79个…) is one number.
        before = a.rstrip("0123456789.,")[-1:]
        after = b.lstrip("0123456789.,")[:1]
        if (before and is_cjk(before)) or (after and is_cjk(after)):
            return "", "number"
    if cx or cy:
        if lay.cjk_latin_space and (x.isalnum() or y.isalnum()) and not (cx and lay.space_after_latin_only):
            # A file that spaces Latin runs only after them (PyMuPDF: 于2020 年4 月) gets no
            # space before one that opens a line.
            return " ", "mixed"
        return "", "mixed"
    return " ", "latin"


def _hyphenated_words(text: str) -> set[str]:
    """Hyphenated compounds written inside lines (kept when one is split at a line end)."""
    return {w.lower() for w in regex.findall(r"(?<![\w-])[A-Za-z]+-[A-Za-z]+(?![\w-])", text)}
