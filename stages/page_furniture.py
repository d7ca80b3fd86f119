"""Find page boundaries and remove page furniture: page numbers, running headers and footers."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import statistics
from collections import Counter
from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass, field
from typing import Iterable, Iterator, NamedTuple

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
# Whole-text scans (the standard library's re finds a literal \n fast) for the few lines worth
# a closer look. A line that may be a folio: its first character is no letter or ideograph, or
# one a folio form starts with (a digit, 第, Page, a roman numeral).
RE_FOLIO_START = re.compile(r"\n[\x20\t\f\u3000]*+(?:[^\w\n]|[\d_第PpivxlcdmIVXLCDM])")
RE_INDENTED = re.compile(r"\n[\x20\t\u3000]")
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

    index: int
    start: int  # offset of the line in the text
    raw: str
    content: str  # stripped of whitespace and form feeds


class _ContentLines(SequenceABC):
    """The text's non-blank lines as columns, built without a Python-level loop over lines;
    a line's `_Line` is made only when it is read (most are never read one by one)."""

    __slots__ = ("contents", "indices", "raws", "starts")

    def __init__(self, text: str) -> None:
        raws = text.split("\n")
        offsets = itertools.accumulate(map(operator.add, map(len, raws), itertools.repeat(1)), initial=0)
        contents = list(map(str.strip, raws, itertools.repeat(" \t\f\u3000")))
        self.indices = list(itertools.compress(itertools.count(), contents))
        self.starts = list(itertools.compress(offsets, contents))
        self.raws = list(itertools.compress(raws, contents))
        self.contents = list(filter(None, contents))

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return list(map(_new_line, zip(self.indices[k], self.starts[k], self.raws[k], self.contents[k])))
        return _new_line((self.indices[k], self.starts[k], self.raws[k], self.contents[k]))

    def __iter__(self) -> Iterator[_Line]:
        return map(_new_line, zip(self.indices, self.starts, self.raws, self.contents))

    def __reversed__(self) -> Iterator[_Line]:
        return reversed(self[:])


_new_line = functools.partial(tuple.__new__, _Line)  # _Line._make without its Python-level check


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
    content = _ContentLines(text)
    if not content:
        return []
    c_starts = content.starts

    starts = set()
    pos = text.find("\f")
    while pos >= 0:
        # A form feed that opens a line with content (a line's start is a content line's start).
        k = bisect.bisect_left(c_starts, pos)
        if k < len(content) and c_starts[k] == pos:
            starts.add(content[k].index)
        pos = text.find("\f", pos + 1)
    space_starts: set[int] = set()
    if opts.space_page_starts:
        space_starts = _space_page_starts(text, content, c_starts)
        starts |= space_starts

    removed: dict[int, str] = {}
    glued: list[Edit] = []
    if opts.page_numbers:
        removed.update(_page_numbers(text, content, c_starts, starts, text_has_ff="\f" in text))
        if "\f" in text:
            glued = _glued_page_numbers(content, starts, removed)
    boundaries = starts | set(removed)
    if opts.headers and not boundaries:
        # No page marks at all (pypdf, PyMuPDF): lines that recur at a steady interval
        # are running headers or footers, and they mark the pages.
        repeated = _repeated_lines(content, opts.min_repeats)
        removed.update(repeated)
        boundaries = set(repeated)
    if opts.headers and boundaries:
        headers = _headers(content, boundaries, removed, opts.min_repeats)
        removed.update(headers)
        if headers:
            removed.update(_lone_headers(content, boundaries, removed, glued))

    c_index = content.indices
    edits = _removal_edits(text, content, c_index, removed)
    edits += [e for e in glued if not any(e.start < r.end and r.start < e.end for r in edits)]
    taken_starts = [e.start for e in edits]
    for i in sorted(space_starts):
        ln = content[bisect.bisect_left(c_index, i)]
        k = bisect.bisect_right(taken_starts, ln.start) - 1
        if i in removed or (k >= 0 and ln.start < edits[k].end):
            continue
        new = "" if ln.start == 0 else "\f"
        edits.append(Edit(ln.start, ln.start + 1, " ", new, "page start: the extractor began the page with a space"))
    edits.sort()
    return edits


def _space_page_starts(text: str, content: _ContentLines, c_starts: list[int]) -> set[int]:
    """Lines that begin with exactly one space, where that is rare enough to mark pages."""
    marked = []
    indented = 0
    line_starts = itertools.chain([0] if text[:1] in (" ", "\t", "\u3000") else [], (m.start() + 1 for m in RE_INDENTED.finditer(text)))
    for pos in line_starts:
        k = bisect.bisect_left(c_starts, pos)
        if k < len(content) and c_starts[k] == pos:  # a content line, not a blank one
            indented += 1
            raw = content.raws[k]
            if raw.startswith(" ") and not raw.startswith("  "):
                marked.append(content.indices[k])
    if len(marked) < 2 or indented > 0.15 * len(content) or len(marked) < 0.9 * indented:
        return set()
    return set(marked)


# Without page marks, the fewest lines a page is believed to hold: folios closer than that
# are numbers in the text (a list, lines of `1`/`2`/`3` a few lines apart).
MIN_PAGE_LINES = 8


def _page_numbers(text: str, content: list[_Line], c_starts: list[int], starts: set[int], text_has_ff: bool) -> dict[int, str]:
    """Page-number lines whose values form the page sequence (one or more runs of it)."""
    sorted_starts = sorted(starts)

    def page(k: int) -> int:
        return bisect.bisect_right(sorted_starts, content[k].index)

    cands: list[tuple[_Line, int, int]] = []  # line, value, page
    first = [0] if c_starts[0] == 0 else []
    for k in itertools.chain(first, (bisect.bisect_left(c_starts, m.start() + 1) for m in RE_FOLIO_START.finditer(text))):
        ln = content[k]
        v = parse_page_number(ln.content)
        if v is None:
            continue
        # A number next to other numbers is a table or a list, not a folio.
        neighbours = [content[j].content for j in (k - 1, k + 1) if 0 <= j < len(content)]
        if any(parse_page_number(nb) is not None or RE_NUMBERS_ONLY.fullmatch(nb) for nb in neighbours):
            continue
        if text_has_ff:
            # Where form feeds delimit the pages, a folio sits at a page's top or bottom.
            here = page(k)
            same = [j for j in range(max(0, k - 2), min(len(content), k + 3)) if page(j) == here]
            if min(same) < k - 1 and max(same) > k + 1 and len(same) == 5:
                continue
        cands.append((ln, v, page(k)))
    if not cands:
        return {}
    # Without form feeds, a folio line is itself the boundary between two pages (the
    # sample's style); with them, it sits at the edge of a page the form feeds delimit.
    boundary_style = not text_has_ff
    n = len(cands)
    anchored: set[int] = set()
    # `- 12 -`, `第12页`, `Page 12`: forms that are folios by their look, unlike a bare 12.
    decorated = [not RE_BARE_FOLIO.match(ln.content) for ln, _, _ in cands]
    if not sorted_starts:
        # Without page marks, a folio next to a line that recurs through the file (the
        # running header) is anchored: anchored folios chain on consecutive values alone.
        forms = Counter(_form(ln.content) for ln in content)
        position = {ln.index: k for k, ln in enumerate(content)}
        for c, (ln, _, _) in enumerate(cands):
            k = position[ln.index]
            near = [content[j].content for j in (k - 1, k + 1) if 0 <= j < len(content)]
            if any(forms[_form(x)] >= 3 and len(x) >= 2 for x in near):
                anchored.add(c)
        # Lines per page: from the text's start to the first folio, then between folios
        # whose values are close (a year or a table number among them is not a folio).
        gaps = [cands[0][0].index / cands[0][1]] if 1 <= cands[0][1] <= 3 else []
        gaps += [
            (cands[i + 1][0].index - cands[i][0].index) / (cands[i + 1][1] - cands[i][1])
            for i in range(n - 1)
            if 0 < cands[i + 1][1] - cands[i][1] <= 3
        ]
        # The last page may be short: it does not count towards the page length.
        per_page = statistics.median(gaps[:-1] or gaps) if gaps else 0

    def fits(i: int, j: int) -> bool:
        (li, vi, pi), (lj, vj, pj) = cands[i], cands[j]
        if vj <= vi:
            return False
        if sorted_starts:
            return abs((vj - vi) - (pj - pi + (1 if boundary_style else 0))) <= 1
        if vj == vi + 1 and lj.index - li.index >= 3 and (
            (i in anchored and j in anchored) or (decorated[i] and decorated[j])
        ):
            return True
        lines_per_page = (lj.index - li.index) / (vj - vi)
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
        (l1, v1, _), (l2, v2, _) = cands[chain[0]], cands[chain[1]]
        return v1 == 1 and v2 == 2 and l2.index == content[-1].index and MIN_PAGE_LINES <= l1.index and l2.index - l1.index <= 1.4 * l1.index

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
            (head, v, _) = cands[chain[0]]
            longest = max((cands[b][0].index - cands[a][0].index) / (cands[b][1] - cands[a][1]) for a, b in zip(chain, chain[1:]))
            for c in range(chain[0] - 1, max(-1, chain[0] - 9), -1):
                ln, u, _ = cands[c]
                if c in used or u != v - 1:
                    continue
                if head.index - ln.index <= 1.4 * longest and (u > 1 or ln.index <= 1.4 * longest):
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
            out[ln.index] = f"page number {v} (sequence {seq})"
    return out


RE_GLUED_END = regex.compile(r"(?<=\S)[ \t\u3000]+(\d{1,4})$")
RE_GLUED_START = regex.compile(r"^(\d{1,4})[ \t\u3000]+(?=\S)")
# pdftotext may write the folio straight after the first half of a word it split at a hyphen
# (`damages gen1`, `gen—1—`), the hyphen gone and the word's rest opening the next page.
RE_GLUED_WORD_END = regex.compile(rf"(?<=\p{{Ll}})(?:{_DASH}{{1,2}}(\d{{1,4}}){_DASH}{{1,2}}|(\d{{1,4}}))$")
RE_LOWER_START = regex.compile(r"^\p{Ll}")


def _glued_page_numbers(content: list[_Line], starts: set[int], removed: dict[int, str]) -> list[Edit]:
    """A folio glued to a page's first or last line (`Debian 手册 12`, `…的内容。 12`).

    Only where form feeds delimit the pages and the folios found so far give the offset
    between page index and printed number: the glued number must be that page's number.
    """
    sorted_starts = sorted(starts)
    page_of = {ln.index: bisect.bisect_right(sorted_starts, ln.index) for ln in content}
    found = [(page_of[i], int(m.group(1))) for i, reason in removed.items() if (m := regex.search(r"page number (\d+)", reason))]
    if len(found) < 2:
        return []
    offset, n = Counter(v - p for p, v in found).most_common(1)[0]
    if n < 2:
        return []
    pages: dict[int, list[_Line]] = {}
    for ln in content:
        if ln.index not in removed:
            pages.setdefault(page_of[ln.index], []).append(ln)
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


def _headers(content: _ContentLines, boundaries: set[int], removed: dict[int, str], min_repeats: int) -> dict[int, str]:
    """Lines at page edges that repeat, with digits masked, across many pages.

    A form counts if it is on `min_repeats` pages (and a quarter of all pages), or on at
    least half the pages of one parity and on no page of the other (verso/recto headers).
    """
    # Each page's first two and last two lines that are not removed already.
    # By position in `content`: a line is built only where it is furniture.
    indices = content.indices
    pages = [
        (_kept_at(indices, range(a, b), removed), _kept_at(indices, range(b - 1, a - 1, -1), removed))
        for a, b in _page_ranges(content, boundaries, removed)
    ]
    n_pages = len(pages)
    if n_pages < 2:
        return {}
    hits: dict[tuple[str, str], dict[int, _Line]] = {}
    edges = [(p, where, k) for p, (top, bottom) in enumerate(pages) for where, ks in (("top", top), ("bottom", bottom)) for k in ks]
    contents = content.contents
    for (p, where, k), form in zip(edges, _forms([contents[k] for _, _, k in edges])):
        if _furniture_like(form):
            # The outermost line of a page's edge is the furniture, when a real
            # heading just inside it has the same words.
            on = hits.setdefault((where, form), {})
            if p not in on:
                on[p] = content[k]
    need = max(min_repeats, round(0.25 * n_pages))
    of_parity = ((n_pages + 1) // 2, n_pages // 2)  # pages 0, 2, 4, ... and 1, 3, 5, ...
    out = {}
    for top, _ in pages:
        # A chapter-title header over the chapter's own first heading: the line repeats at once.
        if len(top) >= 2 and contents[top[0]] == contents[top[1]] and _furniture_like(contents[top[0]]):
            out[indices[top[0]]] = f"running header {contents[top[0]]!r} (repeats the heading under it)"
    for (where, _), on in hits.items():
        parities = {p % 2 for p in on}
        same_parity = sum(of_parity[q] for q in parities)
        alternating = len(parities) == 1 and len(on) >= 2 and len(on) >= 0.5 * same_parity
        if len(on) >= need or alternating:
            for ln in on.values():
                out[ln.index] = f"running {'header' if where == 'top' else 'footer'} {ln.content!r} (on {len(on)} pages)"
    return out


def _kept_at(indices: list[int], ks: Iterable[int], removed: dict[int, str]) -> list[int]:
    """The first two positions `ks` of lines (line numbers `indices`) not removed."""
    out: list[int] = []
    for k in ks:
        if indices[k] not in removed:
            out.append(k)
            if len(out) == 2:
                break
    return out


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
                out[content[k].index] = f"running header/footer {content[k].content!r} (every ~{mean:.0f} lines, {len(ks)} times)"
    return out


def _lone_headers(content: _ContentLines, boundaries: set[int], removed: dict[int, str], glued: list[Edit]) -> dict[int, str]:
    """A header shown once, on a page of a file whose other pages have running headers.

    Alternating headers on a short text may show the even-page title only once; repetition
    cannot find it. Two things can: a title line cannot stand inside a sentence (the line
    before the page break reaches the margin and stops mid-sentence, and the line after it
    continues); and where every header found sits on pages of one parity and the text has a
    single page of the other, that page's first line is in the header's place. It is that
    page's header when it is short, unnumbered, and stands over a numbered section heading:
    the document numbers its headings, so an unnumbered one above is not one of them.
    """
    kept = [ln for ln in content if ln.index not in removed]
    widths = sorted(width(ln.content) for ln in kept)
    if len(widths) < 10:
        return {}
    typical = widths[int(0.8 * (len(widths) - 1))]
    sorted_bounds = sorted(boundaries)
    glued_at = {e.start: e for e in glued}
    out = {}
    for k in range(1, len(kept) - 1):
        prev, cand, nxt = kept[k - 1], kept[k], kept[k + 1]
        # Only the first line of a page whose header was not found already.
        if not _starts_page(cand, prev, sorted_bounds) or RE_SECTION_NUMBER.match(cand.content):
            continue
        if any(removed.get(i, "").startswith("running") for i in range(prev.index + 1, cand.index)):
            continue
        before = _after_glued(prev, glued_at)
        if (
            width(cand.content) <= 0.5 * typical
            and not RE_TERMINAL.search(cand.content)
            and width(before) >= 0.85 * typical
            and RE_MID_SENTENCE_END.search(before)
            and width(nxt.content) >= 0.5 * typical
        ):
            out[cand.index] = f"running header {cand.content!r} (a title line inside a sentence cut by the page break)"
    pages = _pages(content, boundaries, removed)
    with_header = {p for p, page in enumerate(pages) if any(removed.get(ln.index, "").startswith("running header") for ln in page[:2])}
    parities = {p % 2 for p in with_header}
    others = [p for p, page in enumerate(pages) if p % 2 not in parities and any(ln.index not in removed for ln in page)]
    if len(parities) == 1 and len(others) == 1:
        page = [ln for ln in pages[others[0]] if ln.index not in removed and ln.index not in out]
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
                out[cand.index] = (
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


def _pages(content: _ContentLines, boundaries: set[int], removed: dict[int, str]) -> list[list[_Line]]:
    """Content lines page by page: a boundary opens a page, unless the page so far is all removed."""
    return [content[a:b] for a, b in _page_ranges(content, boundaries, removed)]


def _page_ranges(content: _ContentLines, boundaries: set[int], removed: dict[int, str]) -> list[tuple[int, int]]:
    """The pages of `_pages`, as ranges of positions in `content`."""
    c_index = content.indices
    gone = sorted(bisect.bisect_left(c_index, i) for i in removed)
    pages = []
    begin = 0
    for k in sorted(bisect.bisect_left(c_index, i) for i in boundaries):
        # The page so far keeps a line when it has more lines than removed ones.
        if k - begin > bisect.bisect_left(gone, k) - bisect.bisect_left(gone, begin):
            pages.append((begin, k))
            begin = k
    pages.append((begin, len(content)))
    return pages


def _starts_page(cand: _Line, prev: _Line, sorted_bounds: list[int]) -> bool:
    """A page boundary lies after `prev` and at or before `cand`."""
    k = bisect.bisect_right(sorted_bounds, prev.index)
    return k < len(sorted_bounds) and sorted_bounds[k] <= cand.index


def _removal_edits(text: str, content: list[_Line], c_index: list[int], removed: dict[int, str]) -> list[Edit]:
    """One edit per run of removed lines (and the blank lines around them): the run becomes a page break."""
    edits = []
    ks = sorted(bisect.bisect_left(c_index, i) for i in removed)
    j = 0
    while j < len(ks):
        first = last = ks[j]
        reasons = [removed[content[first].index]]
        j += 1
        while j < len(ks) and ks[j] == last + 1:
            last += 1
            reasons.append(removed[content[last].index])
            j += 1
        if first > 0:
            prev = content[first - 1]
            start = prev.start + len(prev.raw.rstrip(" \t\u3000"))
        else:
            start = 0
        if last + 1 < len(content):
            nxt = content[last + 1]
            end = nxt.start + (len(nxt.raw) - len(nxt.raw.lstrip(" \t\f\u3000")))
            after = "\n\f" if first > 0 else ""
        else:
            end = len(text)
            after = "\n"
        edits.append(Edit(start, end, text[start:end], after, "; ".join(reasons)))
    return edits
