"""Normalize punctuation, quotes and spacing in CJK context; leave numbers, URLs, paths and code alone."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Literal, NamedTuple

import regex

from pipeline.document import Edit, apply_edits, compose
from pipeline.stage import stage

from ._protect import protected_spans
from ._text import CJK_CHAR, finditer_at

_CJK = CJK_CHAR
# Full-width punctuation and the “”‘’…—· that Chinese sets full-width (not U+3000, a space).
_CJK_PUNCT = r"[\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·]"
_CJK_ANY = rf"(?:{_CJK}|[“”‘’…—·])"
_HAN_KANA = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}]"

HALF_TO_FULL = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}

RE_ANY_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")

# ASCII punctuation that may bind to CJK: after a CJK character or a bracket or quote (spaces
# between allowed), after a Latin word or number that follows a Han character (使用Python.),
# or right before a CJK character. `_half_punct` decides with both neighbours.
RE_HALF_PUNCT = regex.compile(
    rf"[,.:;?!](?:(?<=(?:{_CJK_ANY}|[)\"'])[ ,.:;?!]*[,.:;?!])|(?<=\p{{Han}} ?[A-Za-z0-9%.:,+\-@_]{{1,40}}[,.:;?!])|(?=[,.:;?!]*{_CJK}))"
)
RE_TOKEN_BEFORE = regex.compile(r"[A-Za-z0-9%.:,+\-@_]{1,40}$")
RE_PAREN_PAIR = regex.compile(r"\(([^()\n]*)\)")
# One class then its repetition: `re` scans for a leading class much faster than for `[…]+`.
RE_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a][\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]*")
RE_ELLIPSIS = regex.compile(r"(?:\.{3,}|。{3,}|[⋯…]+)+")
# What a match of RE_ELLIPSIS starts with (found by str.find: a regex scan stops at every 。).
ELLIPSIS_STARTS = ("...", "。。。", "⋯", "…")
# A single — between CJK is a connector (汇集—分析, GB/T 15834 一字线) and stays.
RE_DASH = re.compile(r"-{2,3}|－－|──")
RE_DOUBLE_QUOTE = regex.compile(r'"')
RE_SINGLE_PAIR = regex.compile(rf"(?<![A-Za-z0-9'‘’])'([^'‘’\n]*{_CJK}[^'‘’\n]*)'(?![A-Za-z0-9'‘’])")
RE_CURLY = regex.compile(r"[“”‘’]")
RE_CORNER = regex.compile(r"[「」『』]")
RE_CURLY_PAIR = regex.compile(r"“([^“”\n]*)”|‘([^‘’\n]*)’")
# Spaces with (possibly future) full-width punctuation on one side and CJK or punctuation on
# the other; `_spaces` decides with what the ASCII punctuation becomes.
_P = rf"(?:{_CJK_PUNCT}|[,.:;?!()\"'])"
RE_SPACE_BESIDE_CJK = regex.compile(rf" +(?:(?<={_P} +)|(?={_P}))")
RE_SPACED_CJK = regex.compile(rf" +(?<={_CJK} +)(?={_CJK})")
RE_TIGHT_CJK = regex.compile(rf"{_CJK}(?={_CJK})")
RE_IS_CJK = regex.compile(_CJK)
RE_IS_HAN = regex.compile(r"\p{Han}")
RE_IS_HAN_KANA = regex.compile(_HAN_KANA)
RE_CODE_CHARS = regex.compile(r"[=+*/<>{}\[\]]")
RE_IS_CJK_PUNCT = regex.compile(_CJK_PUNCT)
RE_IS_FULLWIDTH_PUNCT = regex.compile(r"[\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
RE_SPACE_BESIDE_FULLWIDTH = regex.compile(rf" +(?:(?<={_CJK_PUNCT} +)|(?={_CJK_PUNCT}))")
RE_SPACED_CJK_DIGIT = regex.compile(rf" +(?:(?<={_HAN_KANA} +)(?=[0-9])|(?<=[0-9] +)(?={_HAN_KANA}))")
# Latin letters and digits, full-width ones included (they become ASCII in the same pass).
_ALNUM = r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
RE_CJK_LATIN_SPACE = regex.compile(rf" (?:(?<={_HAN_KANA} )(?={_ALNUM})|(?<={_ALNUM} )(?={_HAN_KANA}))")
RE_CJK_LATIN_TIGHT = regex.compile(rf"(?<={_HAN_KANA})(?={_ALNUM})|(?<={_ALNUM})(?={_HAN_KANA})")
RE_ALNUM = regex.compile(r"[A-Za-z0-9]")
RE_TABLE_ROW = regex.compile(r"(?<!\S)[-+]?\d[\d.,]*%? +[-+]?\d[\d.,]*%?(?!\S)|\S {2,}\S")
RE_LATIN_SPACE_CJK = regex.compile(rf"(?<={_ALNUM}) (?={_HAN_KANA})")
RE_CJK_SPACE_LATIN = regex.compile(rf"(?<={_HAN_KANA}) (?={_ALNUM})")
RE_LATIN_TIGHT_CJK = regex.compile(rf"(?<={_ALNUM})(?={_HAN_KANA})")
RE_CJK_TIGHT_LATIN = regex.compile(rf"(?<={_HAN_KANA})(?={_ALNUM})")

R_OCR_SPACE = "OCR space between CJK characters"
R_PUNCT_SPACE = "space beside full-width punctuation"
R_SPREAD_SPACE = "letter spacing between CJK characters in prose"
R_WORD_GAP = "widened gap between words of a justified line"
R_ONE_SIDED = "space the extractor put on one side of Latin runs only"
R_NO_SPACE = "no space between CJK and Latin"
R_ADD_SPACE = "space between CJK and Latin"

CODE_NEIGHBOURS = frozenset("+=([{<>")
# Full-width marks that end a clause or sentence: a line with one is prose, not a table row.
CLAUSE_MARKS = frozenset("，。、；：？！")
RE_CLAUSE_MARK = regex.compile("[，。、；：？！]")
# Two or more spaces between Latin words or after their punctuation, inside a line.
RE_WORD_GAP = regex.compile(r"(?<=[A-Za-z0-9\u00c0-\u024f,;:.!?)\]\"'’”]) {2,}(?=[A-Za-z0-9\u00c0-\u024f(\[\"'‘“])")
RE_PROSE_PUNCT = regex.compile(r"[A-Za-z][,.;:!?] +[A-Za-z]")
RE_WORD = regex.compile(r"[A-Za-z]{2,}")
RE_CODE_MARK = regex.compile(r"[=|{}<>$`\\]|(?:^| )(?:#|//|--?[A-Za-z])", regex.M)
# Most characters between two spaces of a justified line's letter spacing (日期 格式 是另 一个).
SPREAD_GAP = 3

STYLES = {"curly": ("“", "”", "‘", "’"), "corner": ("「", "」", "『", "』")}
TO_CURLY = {"「": "“", "」": "”", "『": "‘", "』": "’"}
TO_CORNER = {"“": "「", "”": "」", "‘": "『", "’": "』"}


@dataclass(frozen=True)
class PunctuationOptions:
    cjk_punctuation: bool = field(default=True, metadata={"help": "half-width ,.:;?!() beside CJK become full-width"})
    fullwidth_alnum: bool = field(default=True, metadata={"help": "full-width letters and digits (２０２０) become half-width"})
    cjk_spaces: bool = field(default=True, metadata={"help": "remove spaces beside full-width punctuation, OCR spaces between CJK characters in lines spaced that way, and the letter spacing of justified Chinese prose"})
    ellipsis_dash: bool = field(default=True, metadata={"help": "... 。。。 ⋯ become …… and -- －－ ── between CJK become ——"})
    quotes: Literal["keep", "curly", "corner"] = field(
        default="keep",
        metadata={"help": 'quote style: keep (ASCII "" in CJK context take the style the text uses), curly “”‘’ or corner 「」『』'},
    )
    cjk_latin_space: Literal["keep", "add", "remove"] = field(
        default="keep", metadata={"help": "space between CJK and Latin letters/digits: keep (but drop spaces an extractor put on one side of Latin runs only), add (pangu style) or remove"}
    )
    word_gaps: bool = field(default=True, metadata={"help": "the widened gaps between words of a justified prose line become one space"})


@stage("punctuation", options=PunctuationOptions)
def punctuation(text: str, opts: PunctuationOptions) -> list[Edit]:
    """Make punctuation full-width in Chinese context, pair and style quotes, halve full-width letters and digits, drop OCR and justification spaces.

    Numbers (3.14, 10:30, v1.2.3), URLs, e-mail addresses, paths and code keep their ASCII
    punctuation, and so do Latin phrases inside Chinese. ASCII quotes around or beside CJK
    become paired “” (or 「」 in a text that uses those). A space beside full-width punctuation
    goes; spaces between CJK characters go in lines where most CJK characters are spaced apart
    (OCR output) and, in prose, where three or more come a few characters apart (a justified
    line's letter spacing), so a single space in a title (携手抗疫 共克时艰) stays.

    >>> from pipeline import clean
    >>> clean('他说:"今天是２０２０年,气温3.5度(晴)."\\n', stages=["punctuation"])[0].text
    '他说：“今天是2020年，气温3.5度（晴）。”\\n'
    >>> clean("习近平：携手抗疫 共克时艰\\n", stages=["punctuation"])[0].text
    '习近平：携手抗疫 共克时艰\\n'
    """
    if not RE_ANY_CJK.search(text):
        edits = _fullwidth_alnum(text) if opts.fullwidth_alnum else []
        return sorted(edits + _word_gaps(text), key=lambda e: e.start) if opts.word_gaps and "  " in text else edits
    style = _quote_style(text, opts.quotes)
    present = _present(text)
    # One-sided spaces are three or more spaces (see `_one_sided_spaces`).
    one_sided = _one_sided_spaces(text) if opts.cjk_latin_space == "keep" and present.spaces >= 3 else None
    edits = _one_pass(text, opts, style, one_sided, present)
    # One decision can enable another (中,…: once the comma is full-width, the … is beside
    # CJK). Re-run on the lines just changed until nothing changes, so a second run of the
    # stage finds nothing to do; the edits of all rounds are merged into edits of `text`.
    for _ in range(4):
        if not edits:
            break
        current = apply_edits(text, edits)
        more: list[Edit] = []
        for lo, hi in _changed_lines(current, edits):
            more += [e._replace(start=e.start + lo, end=e.end + lo) for e in _one_pass(current[lo:hi], opts, style, one_sided)]
        if not more:
            break
        edits = compose(text, edits, more)
    return edits


# Every character other than the space that some rule of `_one_pass` needs to find: a rule none
# of whose characters occurs has nothing to do. One `re` scan finds them all, for about the cost
# of one rule's own scan; most documents hold few or none of them.
_FULLWIDTH_ALNUM_CHARS = frozenset(map(chr, [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]))
_CANDIDATE_CHARS = frozenset(",.:;?!\"'()-－─…⋯〈") | _FULLWIDTH_ALNUM_CHARS
RE_CANDIDATE = re.compile(r"[,.:;?!\"'()\-－─…⋯〈\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF_PUNCT_CHARS = frozenset(",.:;?!")
_ELLIPSIS_DASH_CHARS = frozenset("-－─.…⋯")


# Spaces are counted up to this many, their offsets kept while fewer.
SPACES_KEPT = 4


class _Present(NamedTuple):
    """What of the rules' material a text holds: each rule is skipped when its own is absent."""

    chars: frozenset[str]  # the characters of _CANDIDATE_CHARS that occur
    spaces: int  # how many spaces (U+0020), up to SPACES_KEPT
    space_at: tuple[int, ...] | None  # the offsets of all the spaces, if fewer than SPACES_KEPT
    cjk_stops: bool  # whether 。。。 occurs (。 itself is everywhere)


def _present(text: str) -> _Present:
    """(frozenset(RE_CANDIDATE.findall(text)), min(text.count(" "), SPACES_KEPT), the offsets
    of the spaces if fewer, "。。。" in text): one re scan and, for the spaces, str.find."""
    at: list[int] = []
    i = text.find(" ")
    while i >= 0 and len(at) < SPACES_KEPT:
        at.append(i)
        i = text.find(" ", i + 1)
    spaces = len(at)
    return _Present(frozenset(RE_CANDIDATE.findall(text)), spaces, None if spaces == SPACES_KEPT else tuple(at), "。。。" in text)


# The summary of a text that holds everything: with it every rule runs (the plain stage).
EVERYTHING = _Present(_CANDIDATE_CHARS, SPACES_KEPT, None, True)


def _one_pass(
    text: str, opts: PunctuationOptions, style: str, one_sided: regex.Pattern[str] | None, present: _Present | None = None
) -> list[Edit]:
    """The rules, once. A rule runs only where `present` (by default `_present(text)`) holds
    characters it needs; the protected spans are computed once some rule has made an edit."""
    if present is None:
        present = _present(text)
    chars = present.chars
    protected: list[tuple[int, int]] | None = None

    def select(edits: list[Edit]) -> list[Edit]:
        nonlocal protected
        if not edits:
            return edits
        if protected is None:
            protected = protected_spans(text)
        return _select(edits, protected)

    edits: list[Edit] = []  # in priority order; later ones give way to earlier ones
    if opts.ellipsis_dash and (present.cjk_stops or not chars.isdisjoint(_ELLIPSIS_DASH_CHARS)):
        edits += _ellipsis_dash(text, present)
    if opts.quotes != "keep" or '"' in chars or "'" in chars:
        edits += _quotes(text, style, opts.quotes)
    if opts.cjk_punctuation:
        if "(" in chars:
            edits += _parentheses(text)
        if "〈" in chars and ")" in chars:
            edits += _misread_brackets(text)
        edits = select(edits)
        if not chars.isdisjoint(_HALF_PUNCT_CHARS):
            edits += _half_punct(text, {i for e in edits if RE_IS_CJK_PUNCT.match(e.after) for i in range(e.start, e.end)}, chars)
    if opts.fullwidth_alnum and not chars.isdisjoint(_FULLWIDTH_ALNUM_CHARS):
        edits += _fullwidth_alnum(text)
    edits = select(edits)
    spaces: list[Edit] = []
    if opts.cjk_spaces and present.spaces:
        spaces += _spaces(text, edits, present)
    if opts.cjk_latin_space != "keep":
        spaces += _cjk_latin(text, opts.cjk_latin_space)
    elif one_sided is not None:
        spaces += [Edit(m.start(), m.end(), " ", "", R_ONE_SIDED) for m in _outside_tables(text, one_sided)]
    if opts.word_gaps and present.spaces >= 2 and _two_spaces(text, present.space_at):
        spaces += _word_gaps(text)
    return select(edits + spaces) if spaces else edits


RE_NEWLINE = regex.compile(r"\n")


class _Lines:
    """Line starts and ends by bisection over the text's newlines.

    `text.rfind("\\n", 0, i)` scans back to the previous newline: on a file that is one huge
    line, once per edit, that is quadratic.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)

    @functools.cached_property
    def newlines(self) -> list[int]:
        """Offsets of the text's newlines, found when first asked for (with the loops in C)."""
        parts = self.text.split("\n")
        parts.pop()
        ends = itertools.accumulate(map(operator.add, map(len, parts), itertools.repeat(1)), initial=-1)
        next(ends)
        return list(ends)

    def start(self, i: int) -> int:
        """Offset of the start of the line holding offset `i`."""
        k = bisect.bisect_left(self.newlines, i)
        return self.newlines[k - 1] + 1 if k else 0

    def end(self, i: int) -> int:
        """Offset of the first newline at or after `i`, or the text's length."""
        k = bisect.bisect_left(self.newlines, i)
        return self.newlines[k] if k < len(self.newlines) else self.length


def _changed_lines(text: str, edits: list[Edit]) -> list[tuple[int, int]]:
    """Spans of whole lines of `text` (the result of `edits`) that hold a replacement, merged."""
    spans: list[tuple[int, int]] = []
    lines = _Lines(text)
    delta = 0
    for e in edits:
        a = e.start + delta
        b = a + len(e.after)
        delta += len(e.after) - (e.end - e.start)
        lo, hi = lines.start(a), lines.end(b)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def _fullwidth_alnum(text: str) -> list[Edit]:
    edits = []
    for m in RE_FULLWIDTH_ALNUM.finditer(text):
        half = "".join(chr(ord(c) - 0xFEE0) for c in m.group())
        edits.append(Edit(m.start(), m.end(), m.group(), half, "full-width letters/digits to half-width"))
    return edits


def _select(edits: list[Edit], protected: list[tuple[int, int]]) -> list[Edit]:
    """Sorted edits without those inside protected spans, and without overlaps: where two
    overlap, the one earlier in `edits` (the higher priority) wins."""
    order = sorted(range(len(edits)), key=lambda i: (edits[i].start, edits[i].end, i))
    chosen: list[int] = []
    k = 0
    for i in order:
        e = edits[i]
        while k < len(protected) and protected[k][1] <= e.start and not (protected[k][1] == e.start == e.end):
            k += 1
        if k < len(protected) and _conflict([protected[k]], e.start, e.end):
            continue
        while chosen and _conflict([(edits[chosen[-1]].start, edits[chosen[-1]].end)], e.start, e.end):
            if chosen[-1] < i:
                break  # the chosen one has priority
            chosen.pop()  # the new one has priority over it
        else:
            chosen.append(i)
    return [edits[i] for i in chosen]


def _conflict(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) (an insertion if a == b) collides with any of the sorted, disjoint `spans`."""
    i = bisect.bisect_left(spans, (a, -1))
    if i and spans[i - 1][1] > a:
        return True  # a span starting before a covers it
    n = len(spans)
    while i < n and (spans[i][0] < b or spans[i][0] == a):
        s, e = spans[i]
        if a == b:
            if s == e:
                return True  # two insertions at one place
        elif e > s or s > a:
            return True  # overlaps, or an insertion strictly inside
        i += 1
    return False


def _ellipsis_dash(text: str, present: _Present) -> list[Edit]:
    chars = present.chars
    edits = []
    dash_ends: set[int] = set()
    if ("-" in chars and "--" in text) or ("－" in chars and "－－" in text) or ("─" in chars and "──" in text):
        for m in RE_DASH.finditer(text):
            a, b = m.start(), m.end()
            if _cjk(_anchor_left(text, a)) and _cjk(_anchor_right(text, b)):
                edits.append(Edit(a, b, m.group(), "——", "dash in CJK context"))
                dash_ends |= {a, b}
    # The starts that occur (a start that does not occur finds nothing).
    starts = tuple(
        s for s, there in zip(ELLIPSIS_STARTS, ("." in chars and "..." in text, present.cjk_stops, "⋯" in chars, "…" in chars)) if there
    )
    if starts:
        for m in finditer_at(RE_ELLIPSIS, text, starts):
            run = m.group()
            if run.strip("…") == "" and len(run) % 2 == 0:
                continue  # …… (or a doubled …………) is already right
            # A dash made here (…--中) counts as the CJK it becomes.
            if _binds_cjk(text, m.start(), m.end()) or m.start() in dash_ends or m.end() in dash_ends:
                edits.append(Edit(m.start(), m.end(), m.group(), "……", "ellipsis in CJK context"))
    edits.sort()
    return edits


def _binds_cjk(text: str, a: int, b: int) -> bool:
    """CJK right before or right after text[a:b], looking past ASCII ,.:;?! (which may become full-width)."""
    return _cjk(_anchor_left(text, a)) or _cjk(_anchor_right(text, b))


# ASCII that this stage may make full-width: context is judged past it, so that a second pass,
# which sees the full-width forms, decides the same way.
_MAY_CONVERT = ",.:;?!\"'()"


def _anchor_left(text: str, a: int) -> str:
    while a > 0 and text[a - 1] in _MAY_CONVERT:
        a -= 1
    return text[a - 1] if a > 0 else ""


def _anchor_right(text: str, b: int) -> str:
    while b < len(text) and text[b] in _MAY_CONVERT:
        b += 1
    return text[b] if b < len(text) else ""


def _char_before(text: str, i: int, skip: str = " ") -> str:
    """The nearest character before offset i on its line that is not in `skip` ('' if none)."""
    j = i - 1
    while j >= 0 and text[j] in skip:
        j -= 1
    return text[j] if j >= 0 and text[j] != "\n" else ""


def _char_after(text: str, i: int, skip: str = " ") -> str:
    j = i
    while j < len(text) and text[j] in skip:
        j += 1
    return text[j] if j < len(text) and text[j] != "\n" else ""


# Context is judged past spaces, quotes and ASCII ,.:;?! , which may themselves become full-width.
_SKIP = " ,.:;?!\"'“”‘’-─－"


def _cjk(ch: str) -> bool:
    return bool(ch) and (RE_IS_CJK.match(ch) is not None or ch in "“”‘’…—·")


def _half_punct(text: str, converted: set[int], chars: frozenset[str] = _HALF_PUNCT_CHARS) -> list[Edit]:
    """,.:;?! that belong to the CJK text around them; `converted` are brackets and quotes
    becoming full-width; `chars`: which of ,.:;?! may occur."""
    edits = []
    for m in _half_punct_matches(text, chars):
        ch, i = m.group(), m.start()
        right = text[i + 1] if i + 1 < len(text) else ""
        if ch == "." and (RE_ALNUM.match(right) or right == "." or text[i - 1 : i] == "."):
            continue  # 中文.com, 第3.5节, and the dots of an ellipsis
        if text[i - 1 : i].isdigit() and right.isdigit():
            continue  # 1,000 10:30
        if text[i - 1 : i] == " " and RE_ALNUM.match(right):
            continue  # 输入 :wq, 扩展名 .md: the start of a Latin token
        # A run of punctuation (?! ,,) binds as one: find what is beyond it on each side.
        j = i - 1
        while j >= 0 and text[j] in " ,.:;?!" and j not in converted:
            j -= 1
        left = text[j] if j >= 0 else ""
        k = i + 1
        while k < len(text) and text[k] in ",.:;?!" and k not in converted:
            k += 1
        beyond = text[k] if k < len(text) else ""
        if _cjk(left) and left != "\n" or j in converted:
            pass  # 中文, 中文 . （晴）. 什么?!
        elif ch != "." and RE_IS_HAN_KANA.match(beyond):
            pass  # Note:中文 Python,然后 (a letter: not ，“「, which a pass may have made)
        elif j == i - 1 and _after_han_token(text, i) and _ends_clause(text, i + 1, converted):
            pass  # 使用Python. 版本v1.2.3. 时间10:30.
        else:
            continue
        edits.append(Edit(i, i + 1, ch, HALF_TO_FULL[ch], "half-width punctuation in CJK context"))
    return edits


def _half_punct_matches(text: str, chars: frozenset[str] = _HALF_PUNCT_CHARS) -> Iterator[regex.Match[str]]:
    """`RE_HALF_PUNCT.finditer(text)`: each match is one of ,.:;?! (its lookarounds judge the
    context), so it is tried only at those of them that `chars` says may occur, found by str.find
    (far faster than a regex scan where there are few)."""
    match = RE_HALF_PUNCT.match
    for at in _offsets(text, chars & _HALF_PUNCT_CHARS):
        m = match(text, at)
        if m is not None:
            yield m


def _offsets(text: str, chars: Iterable[str]) -> list[int]:
    """The sorted offsets of the characters `chars` in `text`."""
    out: list[int] = []
    for c in chars:
        find = functools.partial(text.find, c)
        i = find()
        while i >= 0:
            out.append(i)
            i = find(i + 1)
    out.sort()
    return out


def _space_matches(pattern: regex.Pattern[str], text: str, space_at: tuple[int, ...] | None) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match starts with a space: with the
    offsets of all the text's spaces (`space_at`), tried only there."""
    if space_at is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for i in space_at:
        if i >= end:
            m = pattern.match(text, i)
            if m is not None:
                yield m
                end = m.end()


def _two_spaces(text: str, space_at: tuple[int, ...] | None) -> bool:
    """`"  " in text`, from the offsets of all the text's spaces when known."""
    if space_at is None:
        return "  " in text
    return any(b == a + 1 for a, b in zip(space_at, space_at[1:]))


def _after_han_token(text: str, i: int) -> bool:
    """text[:i] ends with a Latin word or number that follows a Han character (a space between allowed)."""
    m = RE_TOKEN_BEFORE.search(text, max(0, i - 40), i)
    if m is None or m.start() == 0:
        return False
    k = m.start() - 1
    if text[k] == " " and k > 0:
        k -= 1
    return RE_IS_HAN.match(text[k]) is not None


def _ends_clause(text: str, k: int, converted: set[int]) -> bool:
    """What follows offset k (after spaces) is the end of the line, CJK, or a quote or bracket becoming full-width."""
    while k < len(text) and text[k] == " ":
        k += 1
    return k >= len(text) or text[k] == "\n" or _cjk(text[k]) or k in converted


def _parentheses(text: str) -> list[Edit]:
    """A pair ( ) around CJK, or after CJK and before CJK or clause punctuation (北京(Beijing)是), but not f(x)的."""
    edits = []
    for m in RE_PAREN_PAIR.finditer(text):
        inner = m.group(1)
        has_cjk = RE_IS_CJK.search(inner) is not None
        after = text[m.end()] if m.end() < len(text) else "\n"
        outside = _cjk(_anchor_left(text, m.start())) and (_cjk(after) or after in "\n,.:;?!")
        if has_cjk or (outside and inner.strip() and not RE_CODE_CHARS.search(inner)):
            edits.append(Edit(m.start(), m.start() + 1, "(", "（", "half-width parenthesis in CJK context"))
            edits.append(Edit(m.end() - 1, m.end(), ")", "）", "half-width parenthesis in CJK context"))
    return edits


# OCR reads （ as 〈 and then the closing ） as ): a 〈 closed by ) inside Chinese is a misread pair.
RE_MISREAD_PAIR = regex.compile(r"〈([^〈〉()（）\n]{1,60})\)")


def _misread_brackets(text: str) -> list[Edit]:
    """〈…) inside Chinese text (OCR's reading of （…）) becomes （…）."""
    edits = []
    for m in RE_MISREAD_PAIR.finditer(text):
        after = text[m.end()] if m.end() < len(text) else "\n"
        if _cjk(_anchor_left(text, m.start())) and (RE_IS_CJK.search(m.group(1)) or _cjk(after)):
            reason = "OCR misread bracket pair 〈…) in CJK context"
            edits.append(Edit(m.start(), m.start() + 1, "〈", "（", reason))
            edits.append(Edit(m.end() - 1, m.end(), ")", "）", reason))
    return edits


def _quote_style(text: str, style: str) -> str:
    if style != "keep":
        return style
    if '"' not in text and "'" not in text:
        return "curly"  # no ASCII quotes to style
    corner = sum(text.count(q) for q in "「」『』")
    return "corner" if corner and corner > sum(text.count(q) for q in "“”‘’") else "curly"


def _quotes(text: str, ascii_style: str, style: str) -> list[Edit]:
    """ASCII quote pairs in CJK context take `ascii_style`; existing quotes are restyled unless `style` is keep."""
    o1, c1, o2, c2 = STYLES[ascii_style]
    edits = []
    if '"' in text:
        line_start = 0
        marks: list[int] = []
        lines = _Lines(text)
        for m in RE_DOUBLE_QUOTE.finditer(text):
            ls = lines.start(m.start())
            if ls != line_start:
                edits += _pair_double(text, marks, o1, c1)
                marks, line_start = [], ls
            marks.append(m.start())
        edits += _pair_double(text, marks, o1, c1)
    if "'" in text:
        for m in RE_SINGLE_PAIR.finditer(text):
            edits.append(Edit(m.start(), m.start() + 1, "'", o2, "ASCII quotes in CJK context"))
            edits.append(Edit(m.end() - 1, m.end(), "'", c2, "ASCII quotes in CJK context"))
    if style == "curly" and RE_CORNER.search(text):
        for m in RE_CORNER.finditer(text):
            edits.append(Edit(m.start(), m.end(), m.group(), TO_CURLY[m.group()], "quote style: curly"))
    elif style == "corner" and RE_CURLY.search(text):
        edits += _curly_to_corner(text)
    return edits


def _curly_to_corner(text: str) -> list[Edit]:
    """“”‘’ in CJK context become 「」『』; English “quotes” and apostrophes (don’t) stay."""
    edits = []
    paired: set[int] = set()
    for m in RE_CURLY_PAIR.finditer(text):
        a, b = m.start(), m.end() - 1
        paired |= {a, b}
        if RE_IS_CJK.search(m.group()[1:-1]) or _cjk(_char_before(text, a, _SKIP)) or _cjk(_char_after(text, b + 1, _SKIP)):
            edits.append(Edit(a, a + 1, text[a], TO_CORNER[text[a]], "quote style: corner"))
            edits.append(Edit(b, b + 1, text[b], TO_CORNER[text[b]], "quote style: corner"))
    for m in RE_CURLY.finditer(text):
        i, q = m.start(), m.group()
        if i in paired:
            continue
        # A lone opener (a quotation running over several paragraphs) or closer beside CJK.
        if (q in "“‘" and _cjk(_char_after(text, i + 1, _SKIP))) or (
            q in "”’" and _cjk(_char_before(text, i, _SKIP)) and not RE_ALNUM.match(text[i + 1 : i + 2])
        ):
            edits.append(Edit(i, i + 1, q, TO_CORNER[q], "quote style: corner"))
    return edits


def _pair_double(text: str, marks: list[int], opener: str, closer: str) -> list[Edit]:
    """Pair a line's ASCII double quotes in order; an odd count is unbalanced and stays as it is."""
    if len(marks) < 2 or len(marks) % 2:
        return []
    edits = []
    for a, b in zip(marks[0::2], marks[1::2]):
        inner = text[a + 1 : b]
        if _string_literal(text, a, b):
            continue
        if RE_IS_CJK.search(inner) or _cjk(_char_before(text, a, _SKIP)) or _cjk(_char_after(text, b + 1, _SKIP)):
            edits.append(Edit(a, a + 1, '"', opener, "ASCII quotes in CJK context"))
            edits.append(Edit(b, b + 1, '"', closer, "ASCII quotes in CJK context"))
    return edits


def _string_literal(text: str, a: int, b: int) -> bool:
    """"You have " + count, name="张三": a quoted string after = or beside +, or a Latin one
    beside an operator or bracket or with a space just inside a quote, is code in prose and
    keeps its ASCII quotes."""
    inner = text[a + 1 : b]
    before, after = _char_before(text, a), _char_after(text, b + 1)
    if before in "=+" or after == "+":
        return True  # name="张三", "前缀" + name
    if RE_IS_CJK.search(inner) or not inner:
        return False
    if inner[0] == " " or inner[-1] == " ":
        return True
    return before in CODE_NEIGHBOURS or after in CODE_NEIGHBOURS


def _spaces(text: str, edits: list[Edit], present: _Present = EVERYTHING) -> list[Edit]:
    """Spaces beside full-width punctuation (as it will be), and OCR spaces between CJK characters.

    Full-width punctuation carries its own spacing, so a space on either side of ，。、；：？！
    goes whatever the other side is; beside brackets and the rest only in lines of prose (with
    such a mark: a table row 收書（冊） 售書（冊） keeps its cell gaps). “”‘’…—· are also used
    in English, so a space beside them goes only when the other side is CJK. Spaces that
    start or end a line stay (indents).
    """
    # What the characters beside a space will be once the other edits are applied.
    ends = {e.end - 1: e.after[-1] for e in edits if e.after and e.end > e.start}
    starts = {e.start: e.after[0] for e in edits if e.after and e.end > e.start}
    lines = _Lines(text)
    marked_lines = {lines.start(e.start) for e in edits if e.after and e.after[0] in CLAUSE_MARKS}
    prose: dict[int, bool] = {}
    out = []
    for m in _space_matches(RE_SPACE_BESIDE_CJK, text, present.space_at):
        a, b = m.start() - 1, m.end()
        if a < 0 or b >= len(text) or text[a] == "\n" or text[b] == "\n":
            continue
        left, right = ends.get(a, text[a]), starts.get(b, text[b])
        if left in CLAUSE_MARKS or right in CLAUSE_MARKS:
            pass
        elif RE_IS_FULLWIDTH_PUNCT.match(left) or RE_IS_FULLWIDTH_PUNCT.match(right) or (
            (RE_IS_CJK_PUNCT.match(left) and _cjk(right)) or (RE_IS_CJK_PUNCT.match(right) and _cjk(left))
        ):
            lo = lines.start(a)
            if lo not in prose:
                prose[lo] = lo in marked_lines or RE_CLAUSE_MARK.search(text, lo, lines.end(b)) is not None
            if not prose[lo] and not _space_in_cell(text, m, left, right, lines):
                continue
        else:
            continue
        out.append(Edit(m.start(), m.end(), m.group(), "", R_PUNCT_SPACE))
    # Each OCR or letter-spacing edit is one of at least three runs of spaces on a line.
    if present.spaces >= 3:
        out += _ocr_spaces(text, present.space_at)
    return out


def _space_in_cell(text: str, m: regex.Match[str], left: str, right: str, lines: _Lines) -> bool:
    """A single space between a Han character and an opening bracket, in a row whose cells are
    set apart by wider gaps (or in the wrapped rest of such a row): OCR spacing inside a cell
    (收書 （冊）      售書（冊）      收⏎入 （元）), not a gap between cells."""
    if m.group() != " " or right != "（" or not _cjk(left) or RE_IS_CJK_PUNCT.match(left):
        return False
    lo = lines.start(m.start())
    return "  " in text[lines.start(lo - 1) if lo else lo : lines.end(m.end())]


def _ocr_spaces(text: str, space_at: tuple[int, ...] | None = None) -> list[Edit]:
    """Spaces between CJK characters, and between CJK and digits, in lines where spaced CJK pairs
    outnumber unspaced ones (OCR output: 新 华 社 北 京 3 月 4 日 电)."""
    by_line: dict[int, list[regex.Match[str]]] = {}
    lines = _Lines(text)
    for m in _space_matches(RE_SPACED_CJK, text, space_at):
        by_line.setdefault(lines.start(m.start()), []).append(m)
    edits = []
    for start, spaced in by_line.items():
        end = lines.end(start)
        if len(spaced) >= 3 and len(spaced) >= len(RE_TIGHT_CJK.findall(text, start, end)):
            spaced = sorted(spaced + list(RE_SPACED_CJK_DIGIT.finditer(text, start, end)), key=lambda m: m.start())
            edits += [Edit(m.start(), m.end(), m.group(), "", R_OCR_SPACE) for m in spaced]
        elif RE_CLAUSE_MARK.search(text, start, end):
            taken = {m.start() for m in spaced}
            beside = [m for m in RE_SPACE_BESIDE_FULLWIDTH.finditer(text, start, end) if m.start() not in taken]
            edits += [Edit(m.start(), m.end(), m.group(), "", R_SPREAD_SPACE) for m in _clustered(spaced, beside)]
    return edits


def _clustered(spaced: list[regex.Match[str]], beside: list[regex.Match[str]]) -> list[regex.Match[str]]:
    """The `spaced` (CJK–CJK) spaces in runs of at least three, each within a few characters of
    the next: the letter spacing of a justified line (照得河水 一 闪 一 闪 的, 日期 格式 是另 一个,
    6/3/2020 ，中 国写 作), not a real gap (新华社北京3月4日电 中共中央…), which stands alone.
    Spaces `beside` full-width punctuation (removed by their own rule) count towards a run."""
    out: list[regex.Match[str]] = []
    run: list[regex.Match[str]] = []
    for m in sorted(spaced + beside, key=lambda m: m.start()) if beside else spaced:
        if run and m.start() - run[-1].end() > SPREAD_GAP:
            out += run if len(run) >= 3 else []
            run = []
        run.append(m)
    out += run if len(run) >= 3 else []
    return [m for m in out if m.re is RE_SPACED_CJK] if beside else out


def _word_gaps(text: str) -> list[Edit]:
    """Runs of spaces between words of a Latin prose line: a justified line's widened gaps as
    pdfminer and pypdf write them (`choose  the  arrangement   with  the  lowest`). A line is
    prose when it has several words and a , . ; : ! or ? followed by a space, and none of the
    marks of a command or code line (`=`, `|`, `$`, a ` #` comment, a `-x` option); table rows
    and code lines keep their alignment."""

    def prose(lo: int, hi: int) -> bool:
        return (
            RE_PROSE_PUNCT.search(text, lo, hi) is not None
            and RE_CODE_MARK.search(text, lo, hi) is None
            and len(RE_WORD.findall(text, lo, hi)) >= 6
        )

    return [Edit(m.start(), m.end(), m.group(), " ", R_WORD_GAP) for m in _in_lines(text, RE_WORD_GAP, prose)]


def _one_sided_spaces(text: str) -> regex.Pattern[str] | None:
    """The pattern of CJK–Latin spaces an extractor inserted on one side only, or None.

    Authors who space Latin words and numbers from Chinese do it on both sides (使用 Python 编程,
    从 4 个); PyMuPDF writes a space after every Latin run and none before (于2020 年4 月至6 月).
    When one side has at least three spaces, the other none and is tight at least half as often,
    the spaces on the one side are the extractor's. Table rows are left out: their cell gaps
    (默认配置 0 18) are neither evidence nor changed."""
    after, before = len(_outside_tables(text, RE_LATIN_SPACE_CJK)), len(_outside_tables(text, RE_CJK_SPACE_LATIN))
    if after >= 3 and before == 0 and len(_outside_tables(text, RE_CJK_TIGHT_LATIN)) * 2 >= after:
        return RE_LATIN_SPACE_CJK
    if before >= 3 and after == 0 and len(_outside_tables(text, RE_LATIN_TIGHT_CJK)) * 2 >= before:
        return RE_CJK_SPACE_LATIN
    return None


def _outside_tables(text: str, pattern: regex.Pattern[str]) -> list[regex.Match[str]]:
    """Matches of `pattern` outside table rows (two numbers a space apart, or cells apart by a
    wide gap: 默认配置 0 18)."""
    return _in_lines(text, pattern, lambda lo, hi: RE_TABLE_ROW.search(text, lo, hi) is None)


def _in_lines(text: str, pattern: regex.Pattern[str], keep: Callable[[int, int], bool]) -> list[regex.Match[str]]:
    """Matches of `pattern` in the lines [lo, hi) of `text` for which `keep(lo, hi)`, asked once a line."""
    lines = _Lines(text)
    kept: dict[int, bool] = {}
    out = []
    for m in pattern.finditer(text):
        lo = lines.start(m.start())
        if lo not in kept:
            kept[lo] = keep(lo, lines.end(m.start()))
        if kept[lo]:
            out.append(m)
    return out


def _cjk_latin(text: str, mode: str) -> list[Edit]:
    if mode == "remove":
        return [Edit(m.start(), m.end(), " ", "", R_NO_SPACE) for m in RE_CJK_LATIN_SPACE.finditer(text)]
    return [Edit(m.start(), m.start(), "", " ", R_ADD_SPACE) for m in RE_CJK_LATIN_TIGHT.finditer(text)]
