"""Find page boundaries and remove page furniture: page numbers, running headers and footers."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import statistics
from collections import Counter
from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

import regex

from pipeline.document import Edit
from pipeline.stage import stage

from ._text import RE_NUMBERS_ONLY, ends_sentence, width

_DASH = r"[-–—−‒―~·•*]"
_CN_NUM = "〇零一二三四五六七八九十百两"
_PAGE_NUMBER_FORMS = rf"""(?:
        (?P<n>\d{{1,4}})                                          # 12
      | {_DASH}{{1,2}}\s*(?P<n>\d{{1,4}})\s*{_DASH}{{1,2}}          # - 12 -  — 12 —  ·12·
      | 第\s*(?P<n>\d{{1,4}}|[{_CN_NUM}]{{1,6}})\s*页(?:\s*[,，/]?\s*共\s*\d{{1,4}}\s*页)?   # 第12页 共120页
      | (?P<n>\d{{1,4}})\s*/\s*\d{{1,4}}                          # 12/240
      | (?:[Pp]age|PAGE|p\.)\s*(?P<n>\d{{1,4}})(?:\s*(?:of|/)\s*\d{{1,4}})?   # Page 12 of 240
      | (?P<roman>[ivxlcdm]{{1,7}}|[IVXLCDM]{{1,7}})               # xiv
    )"""
RE_PAGE_NUMBER = regex.compile(rf"^{_PAGE_NUMBER_FORMS}$", regex.VERBOSE)
# The lines whose content (stripped of spaces, tabs, form feeds, U+3000) may be a folio form,
# found by one scan of the text with the standard library's re (the regex module's scans are
# slower): the forms with their spaces kept within the line, and where the regex module reads
# a digit, re's digit or any character beyond the BMP (the regex module's newer Unicode has
# digits there that re's has not; tests/test_perf_furniture.py checks every code point).
# It finds every line whose content is a folio form, and may find a few more.
_RE_DIGIT = r"(?:\d|[\U00010000-\U0010FFFF])"
_SCAN_FORMS = re.sub(r"\(\?P<\w+>", "(?:", _PAGE_NUMBER_FORMS).replace(r"\s", r"[^\S\n]").replace(r"\d", _RE_DIGIT)
RE_FOLIO_SCAN = re.compile(
    rf"\n(?=[\x20\t\f\u3000]*+[{_DASH[1:-1]}\d\U00010000-\U0010FFFF第PpivxlcdmIVXLCDM])"
    rf"(?=[\x20\t\f\u3000]*+{_SCAN_FORMS}[\x20\t\f\u3000]*+(?:\n|\Z))",
    re.VERBOSE,
)
RE_DIGITS = regex.compile(r"\d+|[ivxlcdm]+\b|[IVXLCDM]+\b|[〇零一二三四五六七八九十百两]+(?=[页章节])")
RE_WS = regex.compile(r"\s+")
RE_TERMINAL = regex.compile(r"[。！？!?.…：:；;，,、）)”」』]$")
RE_MID_SENTENCE_END = regex.compile(r"[\p{Han}\p{L}]$|\p{L}-$")
RE_SECTION_NUMBER = regex.compile(r"^(?:\d+(?:\.\d+)*\.?\s|[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[章节条])")
RE_BARE_FOLIO = regex.compile(r"^(?:\d{1,4}|[ivxlcdm]+|[IVXLCDM]+)$")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(frozen=True)
class FurnitureOptions:
    page_numbers: bool = field(default=True, metadata={"help": "remove page-number lines that fit the page sequence"})
    headers: bool = field(default=True, metadata={"help": "remove running headers and footers repeated across pages"})
    space_page_starts: bool = field(
        default=True, metadata={"help": "read a line that starts with one space as a page start (pdftotext without -layout)"}
    )
    min_repeats: int = field(default=3, metadata={"help": "pages a header or footer must repeat on"})


def parse_page_number(s: str) -> int | None:
    """The page number a furniture line shows, or None.

    >>> [parse_page_number(s) for s in ["18", "- 3 -", "第 12 页", "第三页", "12/240", "Page 7 of 9", "xiv", "2020年"]]
    [18, 3, 12, 3, 12, 7, 14, None]
    """
    m = RE_PAGE_NUMBER.match(s)
    if not m:
        return None
    if m.group("roman"):
        return _roman(m.group("roman").lower())
    n = m.group("n")
    return int(n) if n.isdigit() else _chinese_number(n)


def _roman(s: str) -> int | None:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total if total > 0 else None


def _chinese_number(s: str) -> int | None:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total, cur = 0, 0
    for c in s:
        if c in digits:
            cur = digits[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
    return total + cur or None


class _Line(NamedTuple):
    """A line with content (blank lines are not kept: the gaps between content lines)."""

    start: int  # offset of the line in the text: what identifies it
    raw: str
    content: str  # stripped of whitespace and form feeds


_WS = " \t\f\u3000"  # what a line's content is stripped of
RE_TO_CONTENT = re.compile(r"[ \t\f\u3000\n]*+")  # from a line start: blank lines and a content line's indent
RE_LAST_CONTENT = regex.compile(r"(?r)[^ \t\f\u3000\n]")  # searched backwards: a content line's last character
RE_CONTENT_AT = re.compile(r"[ \t\f\u3000]*+[^ \t\f\u3000\n]")  # at a line start: the line has content


class _Lines:
    """The text's content lines (lines with a character besides spaces, tabs, form feeds and
    U+3000), each known by its start offset, found where they are asked for by a look at
    the text around an offset: most rules read the few lines at page edges and next to
    folios, and a model of every line would cost more than they do. `full()` builds that
    model (`_ContentLines`) for the rules that read every line.

    Equals `_ContentLines` (the plain model): `first`, `next`, `before` and `line` give what
    positions in its columns give (tests/test_perf_furniture.py).
    """

    __slots__ = ("_full", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._full: _ContentLines | None = None

    def full(self) -> _ContentLines:
        if self._full is None:
            self._full = _ContentLines(self.text)
        return self._full

    def line(self, s: int) -> _Line:
        """The content line that starts at `s`."""
        e = self.text.find("\n", s)
        raw = self.text[s:] if e < 0 else self.text[s:e]
        return _new_line((s, raw, raw.strip(_WS)))

    def at_or_after(self, pos: int) -> int | None:
        """The start of the first content line that starts at or after `pos` (a line start)."""
        q = RE_TO_CONTENT.match(self.text, pos).end()
        if q == len(self.text):
            return None
        r = self.text.rfind("\n", pos, q)
        return pos if r < 0 else r + 1

    def first(self) -> int | None:
        return self.at_or_after(0)

    def next(self, s: int) -> int | None:
        """The start of the content line after the one that starts at `s`."""
        e = self.text.find("\n", s)
        return None if e < 0 else self.at_or_after(e + 1)

    def before(self, pos: int) -> int | None:
        """The start of the last content line that starts before `pos` (a line start, or the text's end)."""
        m = RE_LAST_CONTENT.search(self.text, 0, pos)
        return None if m is None else self.text.rfind("\n", 0, m.start()) + 1

    def last(self) -> int | None:
        return self.before(len(self.text))

    def is_content(self, s: int) -> bool:
        """The line that starts at `s` has content."""
        return RE_CONTENT_AT.match(self.text, s) is not None


class _ContentLines(SequenceABC):
    """The text's non-blank lines as columns, built without a Python-level loop over lines;
    a line's `_Line` is made only when it is read (most are never read one by one)."""

    __slots__ = ("contents", "indices", "raws", "starts")

    def __init__(self, text: str) -> None:
        raws = text.split("\n")
        offsets = itertools.accumulate(map(operator.add, map(len, raws), itertools.repeat(1)), initial=0)
        contents = list(map(str.strip, raws, itertools.repeat(_WS)))
        self.indices = list(itertools.compress(itertools.count(), contents))  # line numbers
        self.starts = list(itertools.compress(offsets, contents))
        self.raws = list(itertools.compress(raws, contents))
        self.contents = list(filter(None, contents))

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return list(map(_new_line, zip(self.starts[k], self.raws[k], self.contents[k])))
        return _new_line((self.starts[k], self.raws[k], self.contents[k]))

    def __iter__(self) -> Iterator[_Line]:
        return map(_new_line, zip(self.starts, self.raws, self.contents))

    def __reversed__(self) -> Iterator[_Line]:
        return reversed(self[:])

    def position(self, s: int) -> int:
        """The position in the columns of the content line that starts at `s`."""
        return bisect.bisect_left(self.starts, s)

    def line_number(self, s: int) -> int:
        return self.indices[bisect.bisect_left(self.starts, s)]


_new_line = functools.partial(tuple.__new__, _Line)  # _Line._make without its Python-level check
_content_of = operator.itemgetter(2)  # a _Line's content


@stage("page_furniture", options=FurnitureOptions)
def page_furniture(text: str, opts: FurnitureOptions) -> list[Edit]:
    """Remove page numbers and running headers/footers; mark every page start with a form feed.

    Page boundaries come from form feeds, lines that start with a single space (pdftotext),
    page-number lines and repeated header lines. A number line is removed only when its value
    fits the sequence of page numbers around it, so a year, a table cell or a list number stays.

    >>> from pipeline import clean
    >>> raw = "第一页的内容，没有写完\\n- 1 -\\n\\f的句子。\\n- 2 -\\n\\f第三页。\\n- 3 -\\n"
    >>> clean(raw, stages=["page_furniture"])[0].text
    '第一页的内容，没有写完\\n\\x0c的句子。\\n\\x0c第三页。\\n'
    >>> clean("2020\\n\\n这一年很难忘。\\n", stages=["page_furniture"])[0].text
    '2020\\n\\n这一年很难忘。\\n'
    """
    lines = _Lines(text)
    if lines.first() is None:
        return []

    starts = set()
    pos = text.find("\f")
    has_ff = pos >= 0
    while pos >= 0:
        # A form feed that opens a line with content.
        if (pos == 0 or text[pos - 1] == "\n") and lines.is_content(pos):
            starts.add(pos)
        pos = text.find("\f", pos + 1)
    space_starts: set[int] = set()
    if opts.space_page_starts:
        space_starts = _space_page_starts(text, lines)
        starts |= space_starts

    removed: dict[int, str] = {}
    glued: list[Edit] = []
    if opts.page_numbers:
        removed.update(_page_numbers(text, lines, starts, text_has_ff=has_ff))
        if has_ff:
            glued = _glued_page_numbers(lines, starts, removed)
    boundaries = starts | set(removed)
    if opts.headers and not boundaries:
        # No page marks at all (pypdf, PyMuPDF): lines that recur at a steady interval
        # are running headers or footers, and they mark the pages.
        repeated = _repeated_lines(lines.full(), opts.min_repeats)
        removed.update(repeated)
        boundaries = set(repeated)
    if opts.headers and boundaries:
        headers = _headers(lines, boundaries, removed, opts.min_repeats)
        removed.update(headers)
        if headers:
            removed.update(_lone_headers(lines, boundaries, removed, glued))

    edits = _removal_edits(text, lines, removed)
    edits += [e for e in glued if not any(e.start < r.end and r.start < e.end for r in edits)]
    taken_starts = [e.start for e in edits]
    for s in sorted(space_starts):
        k = bisect.bisect_right(taken_starts, s) - 1
        if s in removed or (k >= 0 and s < edits[k].end):
            continue
        new = "" if s == 0 else "\f"
        edits.append(Edit(s, s + 1, " ", new, "page start: the extractor began the page with a space"))
    edits.sort()
    return edits


def _space_page_starts(text: str, lines: _Lines) -> set[int]:
    """Lines that begin with exactly one space, where that is rare enough to mark pages.

    Of the content lines, those that begin with a space, a tab or U+3000 are indented; one
    space and then no other space marks a page start. The lines that begin with one of
    those or a form feed are found by one scan of the text; the content lines are counted
    (`_count_content_lines`) only when the rest of the test passes.
    """
    marked = []
    indented = 0
    blank = 0  # lines of spaces, tabs, form feeds and U+3000 only
    for pos in itertools.chain([0] if text[:1] in _WS else [], map(_end, RE_WS_START.finditer(text))):
        if not lines.is_content(pos):
            blank += 1
        elif text[pos] != "\f":
            indented += 1
            if text[pos] == " " and text[pos + 1] != " ":
                marked.append(pos)
    if len(marked) < 2 or len(marked) < 0.9 * indented:
        return set()
    if indented > 0.15 * _count_content_lines(text, blank):
        return set()
    return set(marked)


RE_WS_START = re.compile(r"\n(?=[ \t\f\u3000])")
RE_NEWLINE_RUN = re.compile(r"\n\n\n+")
_end = operator.methodcaller("end")


def _count_content_lines(text: str, blank: int) -> int:
    """`len(_ContentLines(text))`, from counts of newlines: all lines but the empty ones and
    the `blank` ones (spaces, tabs, form feeds and U+3000 only)."""
    n_lines = text.count("\n") + 1
    # A run of k newlines holds k - 1 empty lines; str.count finds k // 2 pairs in it.
    empty = text.count("\n\n") + sum(len(run) - 1 - len(run) // 2 for run in RE_NEWLINE_RUN.findall(text))
    empty += (text[:1] in ("", "\n")) + (text[-1:] == "\n")  # the first line, the last
    return n_lines - empty - blank


# Without page marks, the fewest lines a page is believed to hold: folios closer than that
# are numbers in the text (a list, lines of `1`/`2`/`3` a few lines apart).
MIN_PAGE_LINES = 8


def _folio_lines(text: str) -> list[int]:
    """The starts of the lines that may be folios, in order: every content line whose content
    `parse_page_number` reads, and maybe a few more (the caller reads each)."""
    e = text.find("\n")
    first = text if e < 0 else text[:e]
    out = [0] if RE_PAGE_NUMBER.match(first.strip(_WS)) else []
    out += map(_end, RE_FOLIO_SCAN.finditer(text))
    return out


def _page_numbers(text: str, lines: _Lines, starts: set[int], text_has_ff: bool) -> dict[int, str]:
    """Page-number lines whose values form the page sequence (one or more runs of it)."""
    sorted_starts = sorted(starts)

    def page(s: int) -> int:
        return bisect.bisect_right(sorted_starts, s)

    def content(s: int | None) -> str | None:
        return None if s is None else lines.line(s).content

    cands: list[tuple[_Line, int, int]] = []  # line, value, page
    for s in _folio_lines(text):
        ln = lines.line(s)
        v = parse_page_number(ln.content)
        if v is None:
            continue
        # A number next to other numbers is a table or a list, not a folio.
        before, after = lines.before(s), lines.next(s)
        neighbours = [content(x) for x in (before, after) if x is not None]
        if any(parse_page_number(nb) is not None or RE_NUMBERS_ONLY.fullmatch(nb) for nb in neighbours):
            continue
        here = page(s)
        if text_has_ff and before is not None and after is not None:
            # Where form feeds delimit the pages, a folio sits at a page's top or bottom:
            # not with two lines of its page before it and two after it.
            first, last = lines.before(before), lines.next(after)
            if first is not None and last is not None and page(first) == here == page(last):
                continue
        cands.append((ln, v, here))
    if not cands:
        return {}
    # Without form feeds, a folio line is itself the boundary between two pages (the
    # sample's style); with them, it sits at the edge of a page the form feeds delimit.
    boundary_style = not text_has_ff
    n = len(cands)
    anchored: set[int] = set()
    number: list[int] = []  # without page marks: the candidates' line numbers
    # `- 12 -`, `第12页`, `Page 12`: forms that are folios by their look, unlike a bare 12.
    decorated = [not RE_BARE_FOLIO.match(ln.content) for ln, _, _ in cands]
    if not sorted_starts:
        # Without page marks, a folio next to a line that recurs through the file (the
        # running header) is anchored: anchored folios chain on consecutive values alone.
        content_lines = lines.full()
        number = [content_lines.line_number(ln.start) for ln, _, _ in cands]  # blank lines counted
        forms = Counter(map(_form, content_lines.contents))
        for c, (ln, _, _) in enumerate(cands):
            k = content_lines.position(ln.start)
            near = [content_lines.contents[j] for j in (k - 1, k + 1) if 0 <= j < len(content_lines)]
            if any(forms[_form(x)] >= 3 and len(x) >= 2 for x in near):
                anchored.add(c)
        # Lines per page: from the text's start to the first folio, then between folios
        # whose values are close (a year or a table number among them is not a folio).
        gaps = [number[0] / cands[0][1]] if 1 <= cands[0][1] <= 3 else []
        gaps += [(number[i + 1] - number[i]) / (cands[i + 1][1] - cands[i][1]) for i in range(n - 1) if 0 < cands[i + 1][1] - cands[i][1] <= 3]
        # The last page may be short: it does not count towards the page length.
        per_page = statistics.median(gaps[:-1] or gaps) if gaps else 0

    def fits(i: int, j: int) -> bool:
        (_, vi, pi), (_, vj, pj) = cands[i], cands[j]
        if vj <= vi:
            return False
        if sorted_starts:
            return abs((vj - vi) - (pj - pi + (1 if boundary_style else 0))) <= 1
        if vj == vi + 1 and number[j] - number[i] >= 3 and (
            (i in anchored and j in anchored) or (decorated[i] and decorated[j])
        ):
            return True
        lines_per_page = (number[j] - number[i]) / (vj - vi)
        shortest = 0 if j == n - 1 and vj == vi + 1 else 0.7 * per_page
        return per_page >= MIN_PAGE_LINES and shortest <= lines_per_page <= 1.4 * per_page

    # Chains of candidates whose values advance with the pages; numbering may restart
    # (a compilation of separately numbered documents), so every long chain counts.
    # A chain's previous member is looked for among the few candidates before it.
    length = [1] * n
    pred = [-1] * n
    for j in range(n):
        for i in range(max(0, j - 8), j):
            if fits(i, j) and length[i] + 1 > length[j]:
                length[j], pred[j] = length[i] + 1, i
    need = 2 if sorted_starts else 3

    def two_pages(chain: list[int]) -> bool:
        # Without page marks, two folios are believed when they number the text's only two
        # pages: 1 at the end of a page counted from the text's start, 2 on the text's last line.
        (_, v1, _), (l2, v2, _) = cands[chain[0]], cands[chain[1]]
        n1, n2 = number[chain[0]], number[chain[1]]
        return v1 == 1 and v2 == 2 and l2.start == content_lines.starts[-1] and MIN_PAGE_LINES <= n1 and n2 - n1 <= 1.4 * n1

    chains = []
    used: set[int] = set()
    for end in sorted(range(n), key=lambda k: -length[k]):
        if length[end] < 2 or end in used:
            continue
        chain = []
        k = end
        while k >= 0 and k not in used:
            chain.append(k)
            k = pred[k]
        chain.reverse()
        if len(chain) >= need or (not sorted_starts and len(chain) == 2 and two_pages(chain)):
            used.update(chain)
            chains.append(chain)
    if not sorted_starts:
        for chain in chains:
            # The folio one below a chain's first, before it, ends the page before the chain's
            # (a short page, the end of a document, fits no page length): no page is longer
            # than the chain's longest, and a page 1 counts from the text's start.
            v = cands[chain[0]][1]
            longest = max((number[b] - number[a]) / (cands[b][1] - cands[a][1]) for a, b in zip(chain, chain[1:]))
            for c in range(chain[0] - 1, max(-1, chain[0] - 9), -1):
                u = cands[c][1]
                if c in used or u != v - 1:
                    continue
                if number[chain[0]] - number[c] <= 1.4 * longest and (u > 1 or number[c] <= 1.4 * longest):
                    used.add(c)
                    chain.insert(0, c)
                break
    if not chains:
        # A single folio is believed only where form feeds say which page it is on.
        lone = [k for k in range(n) if text_has_ff and abs(cands[k][1] - (cands[k][2] + 1)) <= 1]
        if len(lone) != 1:
            return {}
        chains = [lone]
    out = {}
    for chain in chains:
        for pos, k in enumerate(chain):
            ln, v, _ = cands[k]
            seq = "→".join(str(cands[c][1]) for c in chain[max(0, pos - 1) : pos + 2])
            out[ln.start] = f"page number {v} (sequence {seq})"
    return out


RE_GLUED_END = regex.compile(r"(?<=\S)[ \t\u3000]+(\d{1,4})$")
RE_GLUED_START = regex.compile(r"^(\d{1,4})[ \t\u3000]+(?=\S)")
# pdftotext may write the folio straight after the first half of a word it split at a hyphen
# (`damages gen1`, `gen—1—`), the hyphen gone and the word's rest opening the next page.
RE_GLUED_WORD_END = regex.compile(rf"(?<=\p{{Ll}})(?:{_DASH}{{1,2}}(\d{{1,4}}){_DASH}{{1,2}}|(\d{{1,4}}))$")
RE_LOWER_START = regex.compile(r"^\p{Ll}")


def _glued_page_numbers(lines: _Lines, starts: set[int], removed: dict[int, str]) -> list[Edit]:
    """A folio glued to a page's first or last line (`Debian 手册 12`, `…的内容。 12`).

    Only where form feeds delimit the pages and the folios found so far give the offset
    between page index and printed number: the glued number must be that page's number.
    """
    sorted_starts = sorted(starts)
    found = [(bisect.bisect_right(sorted_starts, i), int(m.group(1))) for i, reason in removed.items() if (m := regex.search(r"page number (\d+)", reason))]
    if len(found) < 2:
        return []
    offset, n = Counter(v - p for p, v in found).most_common(1)[0]
    if n < 2:
        return []
    pages: dict[int, list[_Line]] = {}
    for ln in lines.full():
        if ln.start not in removed:
            pages.setdefault(bisect.bisect_right(sorted_starts, ln.start), []).append(ln)
    have = {p for p, _ in found}
    edits = []
    for p, lns in pages.items():
        if p in have:
            continue
        expected = p + offset
        for ln, rx in ((lns[-1], RE_GLUED_END), (lns[0], RE_GLUED_START)):
            m = rx.search(ln.raw)
            if m and int(m.group(1)) == expected:
                edits.append(Edit(ln.start + m.start(), ln.start + m.end(), m.group(), "", f"page number {expected} glued to the page's text"))
                break
        else:
            # Glued to half a word: the word's rest (lower case) opens the next page, under
            # the page's running header if it has one.
            ln = lns[-1]
            m = RE_GLUED_WORD_END.search(ln.raw)
            following = pages.get(p + 1, [])[:2]
            if m and int(m.group(1) or m.group(2)) == expected and any(RE_LOWER_START.match(x.content) for x in following):
                # The hyphen the extractor dropped comes back, so that the word is rejoined
                # (or kept hyphenated, if it is a compound) like any word split at a line end.
                reason = f"page number {expected} glued to a word the page break splits (its hyphen restored)"
                edits.append(Edit(ln.start + m.start(), ln.start + m.end(), m.group(), "-", reason))
    return edits


def _form(content: str) -> str:
    """A line with its numbers masked and spaces folded: what recurs from page to page."""
    return RE_DIGITS.sub("#", RE_WS.sub(" ", content))


RE_WS_INSIDE = regex.compile(r"[^\S\n]+")


def _forms(contents: list[str]) -> list[str]:
    """`[_form(c) for c in contents]` for lines without a newline, in two regex calls: joined
    by newlines, which no line holds, RE_WS's runs and RE_DIGITS' matches stop at each join
    (a numeral's \b and 页 look-ahead see a line's end there as they do at a string's end)."""
    if not contents:
        return []
    return RE_DIGITS.sub("#", RE_WS_INSIDE.sub(" ", "\n".join(contents))).split("\n")


def _furniture_like(form: str) -> bool:
    """A header or footer has at least two characters besides digits, and ends no sentence."""
    return len(form.replace("#", "").strip()) >= 2 and not ends_sentence(form)


def _headers(lines: _Lines, boundaries: set[int], removed: dict[int, str], min_repeats: int) -> dict[int, str]:
    """Lines at page edges that repeat, with digits masked, across many pages.

    A form counts if it is on `min_repeats` pages (and a quarter of all pages), or on at
    least half the pages of one parity and on no page of the other (verso/recto headers).
    """
    # Each page's first two and last two lines that are not removed already.
    pages = [_page_edges(lines, a, b, removed) for a, b in _page_ranges(lines, boundaries, removed)]
    n_pages = len(pages)
    if n_pages < 2:
        return {}
    hits: dict[tuple[str, str], dict[int, _Line]] = {}
    need = max(min_repeats, round(0.25 * n_pages))
    of_parity = ((n_pages + 1) // 2, n_pages // 2)  # pages 0, 2, 4, ... and 1, 3, 5, ...
    # A form counts on `need` pages, or alternating on at least two and on half the pages of
    # one parity: it is found on `fewest` edges at least, and the rest are not read.
    fewest = min(need, max(2, math.ceil(0.5 * min(of_parity))))
    tops = [ln for top, _ in pages for ln in top]
    bottoms = [ln for _, bottom in pages for ln in bottom]
    # Each distinct line's form, once: a running header is one line many times over.
    distinct = dict.fromkeys(map(_content_of, itertools.chain(tops, bottoms)))
    form_of = dict(zip(distinct, _forms(list(distinct))))
    counts = {where: Counter(map(form_of.__getitem__, map(_content_of, lns))) for where, lns in (("top", tops), ("bottom", bottoms))}
    if max(itertools.chain(counts["top"].values(), counts["bottom"].values()), default=0) >= fewest:
        for p, (top, bottom) in enumerate(pages):
            for where, lns in (("top", top), ("bottom", bottom)):
                for ln in lns:
                    form = form_of[ln.content]
                    if counts[where][form] >= fewest and _furniture_like(form):
                        # The outermost line of a page's edge is the furniture, when a real
                        # heading just inside it has the same words.
                        on = hits.setdefault((where, form), {})
                        if p not in on:
                            on[p] = ln
    return _running(pages, hits, need, of_parity)


def _running(
    pages: list[tuple[list[_Line], list[_Line]]], hits: dict[tuple[str, str], dict[int, _Line]], need: int, of_parity: tuple[int, int]
) -> dict[int, str]:
    """`_headers`' removals, from each page's edges and, per (edge, form), the first line of
    that form on each page it is on (`hits`): forms on `need` pages, or alternating."""
    out = {}
    for top, _ in pages:
        # A chapter-title header over the chapter's own first heading: the line repeats at once.
        if len(top) >= 2 and top[0].content == top[1].content and _furniture_like(top[0].content):
            out[top[0].start] = f"running header {top[0].content!r} (repeats the heading under it)"
    for (where, _), on in hits.items():
        parities = {p % 2 for p in on}
        same_parity = sum(of_parity[q] for q in parities)
        alternating = len(parities) == 1 and len(on) >= 2 and len(on) >= 0.5 * same_parity
        if len(on) >= need or alternating:
            for ln in on.values():
                out[ln.start] = f"running {'header' if where == 'top' else 'footer'} {ln.content!r} (on {len(on)} pages)"
    return out


def _page_edges(lines: _Lines, a: int, b: int, removed: dict[int, str]) -> tuple[list[_Line], list[_Line]]:
    """The first two and the last two lines not removed of the page of content lines that
    start in [a, b) (`a` the start of its first)."""
    text = lines.text
    top: list[_Line] = []
    s: int | None = a
    while s is not None and s < b:
        e = text.find("\n", s)
        if s not in removed:
            raw = text[s:] if e < 0 else text[s:e]
            top.append(_new_line((s, raw, raw.strip(_WS))))
            if len(top) == 2:
                break
        s = None if e < 0 else lines.at_or_after(e + 1)
    bottom: list[_Line] = []
    m = RE_LAST_CONTENT.search(text, 0, b)
    while m is not None:
        s = text.rfind("\n", 0, m.start()) + 1
        if s < a:
            break
        if s not in removed:
            e = text.find("\n", m.start())
            raw = text[s:] if e < 0 else text[s:e]
            bottom.append(_new_line((s, raw, raw.strip(_WS))))
            if len(bottom) == 2:
                break
        m = RE_LAST_CONTENT.search(text, 0, s)
    return top, bottom


def _repeated_lines(content: list[_Line], min_repeats: int) -> dict[int, str]:
    """Lines (digits masked) that recur at a steady interval of many lines: page furniture."""
    where: dict[str, list[int]] = {}
    for k, ln in enumerate(content):
        if width(ln.content) <= 80:
            form = _form(ln.content)
            if _furniture_like(form):
                where.setdefault(form, []).append(k)
    out = {}
    for form, ks in where.items():
        if len(ks) < max(min_repeats, 4):
            continue
        gaps = [b - a for a, b in zip(ks, ks[1:])]
        mean = statistics.mean(gaps)
        if mean >= 8 and statistics.pstdev(gaps) <= 0.15 * mean:
            for k in ks:
                out[content[k].start] = f"running header/footer {content[k].content!r} (every ~{mean:.0f} lines, {len(ks)} times)"
    return out


def _lone_headers(lines: _Lines, boundaries: set[int], removed: dict[int, str], glued: list[Edit]) -> dict[int, str]:
    """A header shown once, on a page of a file whose other pages have running headers.

    Alternating headers on a short text may show the even-page title only once; repetition
    cannot find it. Two things can: a title line cannot stand inside a sentence (the line
    before the page break reaches the margin and stops mid-sentence, and the line after it
    continues); and where every header found sits on pages of one parity and the text has a
    single page of the other, that page's first line is in the header's place. It is that
    page's header when it is short, unnumbered, and stands over a numbered section heading:
    the document numbers its headings, so an unnumbered one above is not one of them.
    """
    kept = [ln for ln in lines.full() if ln.start not in removed]
    widths = sorted(width(ln.content) for ln in kept)
    if len(widths) < 10:
        return {}
    typical = widths[int(0.8 * (len(widths) - 1))]
    sorted_bounds = sorted(boundaries)
    glued_at = {e.start: e for e in glued}
    sorted_removed = sorted(removed)
    out = {}
    for k in range(1, len(kept) - 1):
        prev, cand, nxt = kept[k - 1], kept[k], kept[k + 1]
        # Only the first line of a page whose header was not found already.
        if not _starts_page(cand, prev, sorted_bounds) or RE_SECTION_NUMBER.match(cand.content):
            continue
        between = sorted_removed[bisect.bisect_right(sorted_removed, prev.start) : bisect.bisect_left(sorted_removed, cand.start)]
        if any(removed[s].startswith("running") for s in between):
            continue
        before = _after_glued(prev, glued_at)
        if (
            width(cand.content) <= 0.5 * typical
            and not RE_TERMINAL.search(cand.content)
            and width(before) >= 0.85 * typical
            and RE_MID_SENTENCE_END.search(before)
            and width(nxt.content) >= 0.5 * typical
        ):
            out[cand.start] = f"running header {cand.content!r} (a title line inside a sentence cut by the page break)"
    pages = _pages(lines, boundaries, removed)
    with_header = {p for p, page in enumerate(pages) if any(removed.get(ln.start, "").startswith("running header") for ln in page[:2])}
    parities = {p % 2 for p in with_header}
    others = [p for p, page in enumerate(pages) if p % 2 not in parities and any(ln.start not in removed for ln in page)]
    if len(parities) == 1 and len(others) == 1:
        page = [ln for ln in pages[others[0]] if ln.start not in removed and ln.start not in out]
        if len(page) >= 2:
            cand, nxt = page[0], page[1]
            if (
                width(cand.content) <= 0.7 * typical
                and _furniture_like(_form(cand.content))
                and not RE_TERMINAL.search(cand.content)
                and not RE_SECTION_NUMBER.match(cand.content)
                and RE_SECTION_NUMBER.match(nxt.content)
                and width(nxt.content) <= 0.7 * typical
            ):
                out[cand.start] = (
                    f"running header {cand.content!r} (the only page of its parity, headers on all the others;"
                    f" above the numbered heading {nxt.content!r})"
                )
    return out


def _after_glued(ln: _Line, glued_at: dict[int, Edit]) -> str:
    """A line's content once a glued page number on it is removed."""
    for pos in range(ln.start, ln.start + len(ln.raw)):
        if pos in glued_at:
            e = glued_at[pos]
            raw = ln.raw[: pos - ln.start] + e.after + ln.raw[e.end - ln.start :]
            return raw.strip(" \t\f\u3000")
    return ln.content


def _pages(lines: _Lines, boundaries: set[int], removed: dict[int, str]) -> list[list[_Line]]:
    """Content lines page by page: a boundary opens a page, unless the page so far is all removed."""
    content = lines.full()
    return [content[content.position(a) : content.position(b)] for a, b in _page_ranges(lines, boundaries, removed)]


def _page_ranges(lines: _Lines, boundaries: set[int], removed: dict[int, str]) -> list[tuple[int, int]]:
    """The pages of `_pages`, as ranges [a, b) of the starts of their lines (`a` the first's)."""
    pages = []
    begin = lines.first()
    assert begin is not None
    for b in sorted(boundaries):
        # The page so far keeps a line when not all its lines are removed.
        s: int | None = begin
        while s is not None and s < b and s in removed:
            s = lines.next(s)
        if s is not None and s < b:
            pages.append((begin, b))
            begin = b
    pages.append((begin, len(lines.text) + 1))
    return pages


def _starts_page(cand: _Line, prev: _Line, sorted_bounds: list[int]) -> bool:
    """A page boundary lies after `prev` and at or before `cand`."""
    k = bisect.bisect_right(sorted_bounds, prev.start)
    return k < len(sorted_bounds) and sorted_bounds[k] <= cand.start


def _removal_edits(text: str, lines: _Lines, removed: dict[int, str]) -> list[Edit]:
    """One edit per run of removed lines (and the blank lines around them): the run becomes a page break."""
    edits = []
    ks = sorted(removed)
    j = 0
    while j < len(ks):
        first = last = ks[j]
        reasons = [removed[first]]
        j += 1
        nxt = lines.next(last)
        while j < len(ks) and ks[j] == nxt:
            last = nxt
            reasons.append(removed[last])
            j += 1
            nxt = lines.next(last)
        prev = lines.before(first)
        if prev is not None:
            raw = lines.line(prev).raw
            start = prev + len(raw.rstrip(" \t\u3000"))
        else:
            start = 0
        if nxt is not None:
            raw = lines.line(nxt).raw
            end = nxt + (len(raw) - len(raw.lstrip(" \t\f\u3000")))
            after = "\n\f" if prev is not None else ""
        else:
            end = len(text)
            after = "\n"
        edits.append(Edit(start, end, text[start:end], after, "; ".join(reasons)))
    return edits
