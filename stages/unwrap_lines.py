"""Join hard-wrapped lines into paragraphs, from a line-width model measured on the file."""

from __future__ import annotations

import functools
import statistics
from collections import Counter
from dataclasses import dataclass, field

import regex

from pipeline.document import Edit
from pipeline.stage import stage

from ._text import CJK_AMBIGUOUS, CJK_CHAR, RE_CJK, RE_HAN, ends_sentence, is_cjk, width

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
RE_BULLET = regex.compile(r"^[•·▪●○◦■□➢►▶◆◇※\-–—*+](?:\s|(?=\p{Han}))")
RE_CODE = regex.compile(r"^(?:[$#%>] |>>> |\.\.\. )")
# Commands written without a prompt count only in lines without CJK prose.
RE_CODE_BARE = regex.compile(r"^(?:sudo |C:\\|[\w.-]+@[\w.-]+:.*[$#] )")
# A row of several numbers; cells apart by runs of spaces or tabs; a numeric cell.
RE_NUMBER_ROW = regex.compile(r"^[\d.,%+\-–/:]+(?:\s+[\d.,%+\-–/:]+)+$")
RE_CELL_GAP = regex.compile(r" {2,}|\t")
RE_NUMERIC_CELL = regex.compile(r"^[-+]?[¥$€£]?[\d.,]+%?$")
RE_LATIN_CONTINUES = regex.compile(r"(?:[a-z]|[a-z][,;])$")
RE_NUMBERED_ITEM = regex.compile(r"^(?:\d{1,2}[.)](?!\d)|[（(]\d{1,2}[）)])\s?")
RE_CODE_SYMBOLS = regex.compile(r"[{}\[\]();=<>|&*#$\\/_]")
RE_URL_ONLY = regex.compile(r"^(?:https?://|www\.)\S+$")
RE_DATE_LINE = regex.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[（(]\d{4}年.*[）)]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$")
RE_HYPHEN_END = regex.compile(r"([A-Za-z]{1,})[-\u2010\u00ad]$")
RE_LOWER_START = regex.compile(r"^[a-z]")
# The next line's first unbreakable unit: a word, or a character with the closing
# punctuation that may not start a line (kinsoku: 字？” moves down whole).
RE_WORD_START = regex.compile(r"^[A-Za-z0-9\u00c0-\u024f'’-]+[,.;:!?)”’]*|^\S[，。、；：？！”’」』）》〉】…,.;:!?)]*")
RE_CJK_LATIN_SPACED = regex.compile(r"\p{Han} [A-Za-z0-9]|[A-Za-z0-9] \p{Han}")
RE_CJK_LATIN_TIGHT = regex.compile(r"\p{Han}[A-Za-z0-9]|[A-Za-z0-9]\p{Han}")
STRIP = " \t\u3000\f"
FAST_JOIN = "join: line reaches the margin"
CELL_JOIN = "join: table cells an extractor put one per line, rebuilt into a row"
# Line ends after which a line that does not reach the margin certainly ends its paragraph.
SHORT_LINE_ENDS = frozenset("。！？”」』）)》…")
RE_SPACE_IN_CJK = regex.compile(rf"(?<={CJK_CHAR}) (?={CJK_CHAR})")


@dataclass(frozen=True)
class UnwrapOptions:
    full_width: int = field(default=0, metadata={"help": "full line width in display columns; 0 measures it from the file"})
    indent: int = field(default=-1, metadata={"help": "first-line indent in columns; -1 measures it from the file"})
    dehyphenate: bool = field(default=True, metadata={"help": "join words hyphenated at a line end (keeps compounds seen elsewhere)"})


@dataclass(slots=True)
class _Row:
    start: int  # offset of the first content character
    end: int  # offset after the last content character
    text: str  # content, stripped
    lead: int  # columns of leading whitespace
    width: int  # display columns of lead + content
    page_start: bool  # a form feed precedes the content on this line
    blank_before: int  # blank lines between the previous row and this one


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


def _rows(text: str) -> list[_Row]:
    lines = text.split("\n")
    contents = [line.strip(STRIP) for line in lines]
    # OCR puts spaces between CJK characters that the page did not have; they would make
    # a line look wider than it printed, so they do not count towards its width.
    ocr_spaced = len(RE_SPACE_IN_CJK.findall(text, 0, 20000)) > 20
    rows: list[_Row] = []
    pos = 0
    blanks = 0
    for line, content in zip(lines, contents):
        if content:
            lead_len = len(line) - len(line.lstrip(STRIP)) if line[0] in STRIP else 0
            if lead_len:
                lead_raw = line[:lead_len]
                lead = width(lead_raw.replace("\f", ""))
                page_start = "\f" in lead_raw
            else:
                lead, page_start = 0, False
            start = pos + lead_len
            measured = RE_SPACE_IN_CJK.sub("", content) if ocr_spaced else content
            n = len(measured)
            rows.append(_Row(start, start + len(content), content, lead, lead + n + (len(measured.encode()) - n) // 2, page_start, blanks))
            blanks = 0
        else:
            blanks += 1
        pos += len(line) + 1
    return rows


def measure_layout(rows: list[_Row], opts: UnwrapOptions, breaks: list[bool] | None = None) -> Layout:
    """Fit the full line width, indent and conventions of the file (paragraphs.md, rules 1–3).

    `breaks`, if given, is `_mid_text_breaks(rows)` (computed once for the file and its pages).
    """
    fit = _fit_width(rows, opts, breaks)
    assert fit is not None
    return _complete_layout(rows, opts, fit)


@dataclass(frozen=True)
class _WidthFit:
    """The first part of a layout: enough to tell whether the text is wrapped, and at what width."""

    wrapped: bool
    full: int
    tolerance: int
    margin: int
    widths: list[int]


def _fit_width(
    rows: list[_Row], opts: UnwrapOptions, breaks: list[bool] | None = None, *, unless_near: tuple[int, int] | None = None
) -> _WidthFit | None:
    """The width model; with `unless_near=(full, slack)`, None as soon as the full width is
    found within `slack` of `full` (a page that keeps the file's layout needs no more)."""
    margin = 0
    leads = [r.lead for r in rows]
    if leads and sum(1 for x in leads if x > 0) > 0.5 * len(leads):
        # The common left margin (pdftotext -layout): nearly every line has at least this much.
        margin = min(Counter(leads).most_common(1)[0][0], sorted(leads)[len(leads) // 20])
    widths = [r.width - margin for r in rows]
    # Lines broken mid-word by the typesetter certainly reach the margin.
    if breaks is None:
        breaks = _mid_text_breaks(rows)
    certain = [widths[i] for i in range(len(rows) - 1) if breaks[i]]
    if opts.full_width:
        full = opts.full_width
    elif len(certain) >= 3:
        # The upper quartile: first lines (shorter by the indent) are among these too.
        full = round(statistics.quantiles(certain, n=4)[2])
    elif widths:
        full = round(sorted(widths)[int(0.9 * (len(widths) - 1))])
    else:
        full = 0
    if unless_near is not None and abs(full - unless_near[0]) <= unless_near[1]:
        return None
    cjk = sum(1 for r in rows[:400] if RE_CJK.search(r.text)) > 0.5 * min(len(rows), 400)
    tolerance = max(2, round(full * (0.035 if cjk else 0.12)))
    spread = [w for w in certain if abs(w - full) <= 3 * tolerance]
    if len(spread) > 10 and _may_exceed(spread, tolerance):
        # Noisy widths (proportional Latin text) need more slack.
        tolerance = max(tolerance, round(statistics.pstdev(spread) * 2))
    # Hard-wrapped text: the lines broken mid-text share one width and almost no line is
    # wider. Clean text (a paragraph per line) fails the second test. At least three such
    # lines: on a few lines, one join (this run's, or page_joins') would tip the proportion,
    # and a second run would read the text otherwise.
    near = sum(1 for w in certain if full - max(2 * tolerance, 0.1 * full) <= w <= full + 2 * tolerance)
    over = sum(1 for w in widths if w > full + 3 * tolerance)
    wrapped = bool(opts.full_width) or (near >= 3 and near >= 0.6 * len(certain) and full >= 16 and over <= 0.2 * len(widths))
    return _WidthFit(wrapped, full, tolerance, margin, widths)


def _may_exceed(values: list[int], tolerance: int) -> bool:
    """False when round(2 × pstdev(values)) <= tolerance for certain, in integer arithmetic.

    2·sd < T + ½  ⟺  16·(n·Σx² − (Σx)²) < (2T + 1)²·n²; the exact (and slow, Fraction-based)
    statistics.pstdev is needed only when this does not hold.
    """
    n = len(values)
    s1 = sum(values)
    s2 = sum(w * w for w in values)
    return 16 * (n * s2 - s1 * s1) >= (2 * tolerance + 1) ** 2 * n * n


def _complete_layout(rows: list[_Row], opts: UnwrapOptions, fit: _WidthFit) -> Layout:
    """The rest of the layout: indent, blank-line and CJK–Latin spacing conventions."""
    indent = opts.indent
    if indent < 0:
        indent = _measure_indent(rows, fit.widths, fit.full, fit.tolerance, fit.margin)
    blanks = [r.blank_before > 0 for r in rows[1:]]
    blank_breaks = bool(blanks) and 0.02 < sum(blanks) / len(blanks) < 0.6
    sample = "\n".join(r.text for r in rows[:2000])
    spaced = len(RE_CJK_LATIN_SPACED.findall(sample))
    tight = len(RE_CJK_LATIN_TIGHT.findall(sample))
    return Layout(fit.wrapped, fit.full, fit.tolerance, indent, fit.margin, blank_breaks, spaced > tight)


def _page_layouts(rows: list[_Row], layout: Layout, opts: UnwrapOptions, breaks: list[bool]) -> dict[int, Layout]:
    """Pages measured on their own where that gives a clearly different model.

    A compilation may set its documents at different widths; a page whose own lines show
    a full width far from the file's (or a file that shows none as a whole) gets its own.
    """
    bounds = [0] + [i for i in range(1, len(rows)) if rows[i].page_start] + [len(rows)]
    out = {}
    near = (layout.full, 3 * layout.tolerance) if layout.wrapped else None
    for page, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        if hi - lo < 6:
            continue
        # Only the width is fitted for every page; the rest of a layout, for the pages kept.
        own = _fit_width(rows[lo:hi], opts, breaks[lo : hi - 1], unless_near=near)
        if own is not None and own.wrapped and (not layout.wrapped or abs(own.full - layout.full) > 3 * layout.tolerance):
            out[page] = _complete_layout(rows[lo:hi], opts, own)
    return out


def _mid_text_break(a: str, b: str) -> bool:
    """True where the typesetter must have broken the line: inside a run of text."""
    x, y = a[-1], b[0]
    if RE_HAN.match(x) and RE_HAN.match(y):
        return True
    return x.isalpha() and x.islower() and y.isalpha() and y.islower()


def _mid_text_breaks(rows: list[_Row]) -> list[bool]:
    """`_mid_text_break` for each pair of consecutive rows, with one regex pass over their ends."""
    ends = "".join(r.text[-1] for r in rows)
    starts = "".join(r.text[0] for r in rows)
    n = len(rows)
    han_end = [False] * n
    han_start = [False] * n
    for m in RE_HAN.finditer(ends):
        han_end[m.start()] = True
    for m in RE_HAN.finditer(starts):
        han_start[m.start()] = True
    return [
        ((han_end[i] and han_start[i + 1]) or (ends[i].isalpha() and ends[i].islower() and starts[i + 1].isalpha() and starts[i + 1].islower()))
        and not _stands_apart(rows[i].text, rows[i + 1].text)
        for i in range(n - 1)
    ]


def _stands_apart(a: str, b: str) -> bool:
    """A line that must start on its own (a table row, a URL...) was not wrapped onto: the break
    before it, or after one that cannot wrap, is no evidence of the line width."""
    why = None if _plain(a) else _structural(a)
    return (not _plain(b) and _structural(b) is not None) or (why is not None and why != "list item")


def _plain(text: str) -> bool:
    """Certainly not structural (the common case, without the regexes): it opens with an
    ideograph and has no cell gaps."""
    return "\u4e00" <= text[0] <= "\u9fff" and "  " not in text and "\t" not in text


def _measure_indent(rows: list[_Row], widths: list[int], full: int, tol: int, margin: int) -> int:
    """The first-line indent: from explicit leading space, or from how much shorter first lines are."""
    explicit = Counter(r.lead - margin for r in rows if r.lead > margin)
    if explicit and sum(explicit.values()) > 0.05 * len(rows):
        lead, _ = explicit.most_common(1)[0]
        return -lead  # negative: the indent is visible as leading whitespace
    shortfalls: Counter[int] = Counter()
    short = full - 2 * tol
    for i in range(1, len(rows) - 1):
        if widths[i - 1] >= short:  # tested first: most lines are full
            continue
        prev, cur = rows[i - 1], rows[i]
        ended = ends_sentence(prev.text) or _heading_like(prev.text)
        if ended and not ends_sentence(cur.text):
            gap = full - widths[i]
            if 0 < gap <= 8 and widths[i] > 0.7 * full:
                shortfalls[gap] += 1
    if not shortfalls:
        return 0
    gap, n = shortfalls.most_common(1)[0]
    # Accept the indent if first lines show it clearly more often than full width.
    return gap if n >= 3 else 0


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
    breaks = _mid_text_breaks(rows)
    layout = measure_layout(rows, opts, breaks)
    hyphenated = _hyphenated_words(text) if opts.dehyphenate else set()
    lines_seen = Counter(r.text for r in rows)
    edits: list[Edit] = []
    if rows[0].start > 0:
        lead = text[: rows[0].start]
        new = "\f" if rows[0].page_start and "\f" in lead else ""
        if lead != new:
            edits.append(Edit(0, rows[0].start, lead, new, "leading whitespace"))
    # One edit per paragraph: its lines joined, and the break after it, with every
    # decision's reason (and confidence, where it was not certain) in the record.
    para_start = rows[0].start
    pieces = [rows[0].text]
    decisions: dict[str, int] = {}
    confidence = 1.0
    in_item = _list_item(rows[0].text)
    # The common case decided without _decide: two lines of running Chinese text, no
    # table spacing, no indent; _decide would reach the same answer by the same tests.
    page_layouts = _page_layouts(rows, layout, opts, breaks) if not opts.full_width else {}
    page = 0
    first = page_layouts.get(0, layout)
    plain = first.wrapped
    blank_breaks = layout.blank_lines_mean_breaks
    threshold = first.full - first.tolerance - 2 + first.margin  # 2: the next line's first ideograph
    indent = first.indent if first.indent > 0 else 0
    lay = page_layouts.get(0, layout)
    # Title block: the first lines of the text, or of a page after a finished paragraph,
    # until one ends a sentence (title, subtitle, author, date each stand alone).
    title_zone = 0
    cell_joins = _table_cells(rows, layout)
    for i in range(len(rows) - 1):
        a, b = rows[i], rows[i + 1]
        at, bt = a.text, b.text
        if i == 0 or (a.page_start and len(pieces) == 1):
            title_zone = 6
        elif title_zone:
            title_zone = title_zone - 1 if _heading_like(at) else 0
        if i in cell_joins:
            pieces.append(" " + ("\f" if b.page_start else ""))
            pieces.append(bt)
            decisions[CELL_JOIN] = decisions.get(CELL_JOIN, 0) + 1
            continue
        if a.page_start and page_layouts:
            page += 1
            lay = page_layouts.get(page, layout)
            plain = lay.wrapped
            threshold = lay.full - lay.tolerance - 2 + lay.margin
            indent = lay.indent if lay.indent > 0 else 0
        if (
            plain
            and "\u4e00" <= bt[0] <= "\u9fff"
            and "\u4e00" <= at[0] <= "\u9fff"
            and b.lead <= layout.margin
            and not (blank_breaks and b.blank_before)
            and "  " not in bt
            and "\t" not in bt
            and "  " not in at
            and "\t" not in at
        ):
            wa = a.width + (indent if len(pieces) == 1 else 0)
            if wa > threshold and "\u4e00" <= at[-1] <= "\u9fff":
                # Ideograph to ideograph: joined with nothing between.
                pieces.append("\f" if b.page_start else "")
                pieces.append(bt)
                decisions[FAST_JOIN] = decisions.get(FAST_JOIN, 0) + 1
                continue
            elif wa <= threshold and at[-1] in SHORT_LINE_ENDS:
                join, reason, conf = False, "short line", 1.0
            else:
                join, reason, conf = _decide(rows, i, lay, len(pieces) == 1, in_item, lines_seen, title_zone > 0)
        else:
            join, reason, conf = _decide(rows, i, lay, len(pieces) == 1, in_item, lines_seen, title_zone > 0)
        ff = "\f" if b.page_start else ""
        if join:
            joiner, why = _joiner(a.text, b.text, lay, hyphenated)
            if why == "hyphen":
                pieces[-1] = pieces[-1][:-1]
                reason += "; word hyphenated at the line end rejoined"
            pieces.append(joiner + ff)
            pieces.append(b.text)
            key = "join: " + reason
        else:
            pieces.append("\n" + ff)
            key = "break: " + reason
        decisions[key] = decisions.get(key, 0) + 1
        confidence = min(confidence, conf)
        if not join:
            _emit(edits, text, para_start, b.start, pieces, decisions, confidence)
            para_start, pieces, decisions, confidence = b.start, [b.text], {}, 1.0
            in_item = _list_item(b.text)
    pieces.append("\n")
    _emit(edits, text, para_start, len(text), pieces, decisions, confidence)
    return edits


def _emit(edits: list[Edit], text: str, start: int, end: int, pieces: list[str], decisions: dict[str, int], confidence: float) -> None:
    after = "".join(pieces)
    before = text[start:end]
    if before != after:
        reason = "; ".join(k + (f" ×{n}" if n > 1 else "") for k, n in decisions.items()) or "trailing whitespace"
        edits.append(Edit(start, end, before, after, reason, confidence))


def _decide(
    rows: list[_Row],
    i: int,
    lay: Layout,
    starts_paragraph: bool,
    in_item: bool,
    lines_seen: Counter[str],
    in_title_block: bool = False,
) -> tuple[bool, str, float]:
    """Join row i and row i+1? Returns (join, reason, confidence).

    `in_item`: the paragraph row i belongs to opened with a bullet, so an indented next
    line is its hanging indent, not a new paragraph.
    """
    a, b = rows[i], rows[i + 1]
    blank_break = lay.blank_lines_mean_breaks and b.blank_before > 0
    why = _structural(b.text)
    if why:
        return False, f"next line is a {why}", 1.0
    why = _structural(a.text)
    if why and why != "list item":  # a list item may wrap onto the next line; the others do not
        return False, why, 1.0
    if b.lead - lay.margin > 0 and lay.indent < 0 and b.lead - lay.margin >= -lay.indent and not in_item:
        return False, "next line is indented", 1.0
    wa = a.width - lay.margin + (lay.indent if starts_paragraph and lay.indent > 0 else 0)
    if lay.wrapped and wa > lay.full + 3 * lay.tolerance and lay.tolerance >= 0.1 * lay.full:
        # pdftotext joins a line that ends in a hyphen to the next: such a line holds several
        # printed lines, and only the last one's width tells whether the paragraph ended.
        # (Latin layouts only: in a CJK layout an English line is wider in columns anyway.)
        wa -= lay.full * ((wa - lay.tolerance) // lay.full)
    next_unit = width(RE_WORD_START.match(b.text).group()) + (0 if is_cjk(b.text[0]) else 1)
    full = wa + next_unit > lay.full - lay.tolerance
    sentence_ends = ends_sentence(a.text)
    ends_clause = a.text[-1] in "：:；;"
    if blank_break and not (lay.wrapped and full and not sentence_ends and not ends_clause):
        # pdfminer also leaves blank lines inside paragraphs; a full line that stops
        # mid-sentence continues across one.
        return False, "blank line between paragraphs", 1.0
    if not lay.wrapped:
        return False, "the text is not hard-wrapped (lines broken mid-text do not share a width)", 1.0
    if in_title_block and starts_paragraph and _heading_like(a.text) and a.text[-1].isalpha() and b.text[0].isupper():
        return False, "title block line", 0.8
    if not full:
        if RE_LATIN_CONTINUES.search(a.text) and b.text[0].islower() and b.text[0].isascii():
            # Latin prose: a line that stops on a lowercase word or a comma and a next line
            # that starts lowercase are one sentence, whatever the widths say.
            return True, "sentence continues on a lowercase word", 0.9
        if a.text[-1] in "，、," and wa + next_unit > lay.full - 3 * lay.tolerance:
            return True, "nearly full line ends inside a sentence", 0.6
        return False, "short line", 1.0
    if RE_DATE_LINE.match(b.text):
        return False, "date line", 1.0
    if sentence_ends or ends_clause:
        if in_item and sentence_ends:
            return False, "a list item ends with its sentence", 0.8
        if RE_ENUMERATION.match(b.text):
            return False, "next line opens an enumeration", 0.95
        if lay.indent > 0:
            wb = b.width - lay.margin
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
            if _heading_like(b.text):
                return False, "next line is a heading", 0.8
            if lines_seen[b.text] > 1:
                return False, "next line stands alone elsewhere in the file", 0.8
            if _closes_document(rows, i + 1, lay):
                return False, "next line closes the document", 0.6
        return True, "full line; sentence continues the paragraph", 0.7
    return True, "line reaches the margin", 1.0


def _list_item(text: str) -> bool:
    return RE_BULLET.match(text) is not None or RE_NUMBERED_ITEM.match(text) is not None


def _table_cells(rows: list[_Row], layout: Layout) -> set[int]:
    """Boundaries inside table rows that an extractor wrote one cell per line.

    A run of six or more short lines without sentence punctuation, where a header row of
    k text cells is followed by rows of one text cell and k-1 numbers, is a k-column table
    written row by row; the boundaries inside each row are returned (to join with a space).
    """
    limit = max(16, layout.full // 2)
    joins: set[int] = set()
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].width - layout.margin <= limit and not ends_sentence(rows[j].text) and not RE_BULLET.match(rows[j].text):
            j += 1
        if j - i >= 6:
            joins.update(_table_in_run([r.text for r in rows[i:j]], i))
        i = max(j, i + 1)
    return joins


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


def _closes_document(rows: list[_Row], j: int, lay: Layout) -> bool:
    """Row j is the last line of the text, or the next page opens with a title block."""
    if j + 1 >= len(rows):
        return True
    if not rows[j + 1].page_start:
        return False
    following = rows[j + 1 : j + 3]
    return len(following) == 2 and all(_is_last_line(rows, k, lay) and _heading_like(rows[k].text) for k in (j + 1, j + 2))


def _is_last_line(rows: list[_Row], j: int, lay: Layout) -> bool:
    """Row j does not reach the margin, so it ends a paragraph."""
    return rows[j].width - lay.margin + 2 < lay.full - lay.tolerance


def _heading_like(text: str) -> bool:
    """A short line without closing punctuation: prose lines end with some, headings do not."""
    return not ends_sentence(text) and not text.endswith(("，", "、", ",", "；", ";", "：", ":"))


def _joiner(a: str, b: str, lay: Layout, hyphenated: set[str]) -> tuple[str, str]:
    """What goes between two joined lines: nothing, a space, or (for hyphens) nothing and the hyphen removed."""
    x, y = a[-1], b[0]
    m = RE_HYPHEN_END.search(a)
    if m and RE_LOWER_START.match(b):
        word = (m.group(1) + "-" + RE_WORD_START.match(b).group()).lower().strip(".,;:!?\"')")
        if x == "\u00ad" or word not in hyphenated:
            return "", "hyphen"
        return "", "compound"
    if x in "-\u2010" and not (x.isalpha()):
        return "", "hyphen-kept"
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
        if lay.cjk_latin_space and (x.isalnum() or y.isalnum()):
            return " ", "mixed"
        return "", "mixed"
    return " ", "latin"


def _hyphenated_words(text: str) -> set[str]:
    """Hyphenated compounds written inside lines (kept when one is split at a line end)."""
    return {w.lower() for w in regex.findall(r"(?<![\w-])[A-Za-z]+-[A-Za-z]+(?![\w-])", text)}
