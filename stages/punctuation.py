"""Normalize punctuation and characters in CJK context; leave numbers, URLs and Latin alone."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from pipeline.document import Edit
from pipeline.stage import stage

from ._text import CJK_CHAR

_CJK = CJK_CHAR
# ASCII punctuation with a CJK character on the side that binds it, outside numbers.
# A bracket pair converts when the text between holds a CJK character. The bracket is matched
# first and the scans are possessive, so the work stays linear in the line's length (a
# lookbehind first, or a backtracking scan, is quadratic on a long line).
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
RE_HALF_PUNCT = regex.compile(
    rf"(?<={_CJK}\s*)[,:;?!](?!\d)|[,:;?!](?=\s*{_CJK})(?<!\d[,:])|(?<={_CJK}\s*)\.(?!\d|\w)"
    rf"|\((?=[^()\n]*+\))(?=[^()\n]*?{_CJK})|\)(?<=\([^()\n]*+\))(?<={_CJK}[^()\n]*?\))"
)
# An address starts where a run of address characters starts (or where the last match ended):
# trying every position inside a long run would be quadratic.
RE_URLISH = regex.compile(r"(?:https?://|www\.)\S+|(?:(?<![\w.+-])|\G)[\w.+-]+@[\w-]+\.[\w.]+")
RE_FULLWIDTH_ALNUM = regex.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
RE_SPACED_CJK = regex.compile(rf"(?<={_CJK}) +(?={_CJK})")
# A run is tried from its first character only (the same matches, in linear time).
RE_ELLIPSIS = regex.compile(rf"(?<={_CJK}|^)(?:\.{{3,}}|。{{3,}}|…(?!…)|⋯+)|(?:(?<!\.)\.{{3,}}|(?<!。)。{{3,}}|(?<!⋯)⋯+)(?={_CJK})")
# A single — between CJK is a connector (汇集—分析, GB/T 15834 一字线) and stays.
RE_DASH = regex.compile(rf"(?<={_CJK})(?:--|－－|──)(?={_CJK})")


@dataclass(frozen=True)
class PunctuationOptions:
    cjk_punctuation: bool = field(default=True, metadata={"help": "half-width ,:;?!(). beside CJK become full-width"})
    fullwidth_alnum: bool = field(default=True, metadata={"help": "full-width letters and digits (２０２０) become half-width"})
    cjk_spaces: bool = field(default=True, metadata={"help": "remove OCR spaces between CJK characters in lines spaced that way"})
    ellipsis_dash: bool = field(default=True, metadata={"help": "... 。。。 ⋯ become …… and -- －－ ── between CJK become ——"})


@stage("punctuation", options=PunctuationOptions)
def punctuation(text: str, opts: PunctuationOptions) -> list[Edit]:
    """Make punctuation full-width in Chinese context, letters and digits half-width, and drop OCR spaces.

    Numbers (3.14, 10:30), URLs and e-mail addresses keep their ASCII punctuation. A space
    between CJK characters is removed only in lines where most CJK characters are spaced
    apart (OCR output); a single space in a title (携手抗疫 共克时艰) stays.

    >>> from pipeline import clean
    >>> clean("他说:今天是２０２０年,气温3.5度(晴).\\n", stages=["punctuation"])[0].text
    '他说：今天是2020年，气温3.5度（晴）。\\n'
    >>> clean("习近平：携手抗疫 共克时艰\\n", stages=["punctuation"])[0].text
    '习近平：携手抗疫 共克时艰\\n'
    """
    protected = [m.span() for m in RE_URLISH.finditer(text)]
    starts = [s for s, _ in protected]

    def free(a: int, b: int) -> bool:
        # Spans are sorted and disjoint: only the last one starting before b can overlap [a, b).
        i = bisect.bisect_left(starts, b)
        return i == 0 or protected[i - 1][1] <= a

    edits: list[Edit] = []
    if opts.cjk_punctuation:
        for m in RE_HALF_PUNCT.finditer(text):
            ch = m.group()
            if free(m.start(), m.end()):
                edits.append(Edit(m.start(), m.end(), ch, HALF_TO_FULL.get(ch, "。"), "half-width punctuation in CJK context"))
    if opts.fullwidth_alnum:
        for m in RE_FULLWIDTH_ALNUM.finditer(text):
            half = "".join(chr(ord(c) - 0xFEE0) for c in m.group())
            edits.append(Edit(m.start(), m.end(), m.group(), half, "full-width letters/digits to half-width"))
    if opts.ellipsis_dash:
        for m in RE_ELLIPSIS.finditer(text):
            if m.group() != "……" and free(m.start(), m.end()):
                edits.append(Edit(m.start(), m.end(), m.group(), "……", "ellipsis in CJK context"))
        for m in RE_DASH.finditer(text):
            edits.append(Edit(m.start(), m.end(), m.group(), "——", "dash in CJK context"))
    if opts.cjk_spaces and " " in text:
        edits += _ocr_spaces(text)
    # Of two edits that start together the longer wins ("..." is one ellipsis, not "。" and "..").
    edits.sort(key=lambda e: (e.start, -e.end))
    out: list[Edit] = []
    for e in edits:
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


def _ocr_spaces(text: str) -> list[Edit]:
    edits = []
    pos = 0
    for line in text.split("\n"):
        spaced = RE_SPACED_CJK.findall(line)
        if len(spaced) >= 3:
            tight = len(regex.findall(rf"{_CJK}(?={_CJK})", line))
            if len(spaced) >= tight:
                for m in RE_SPACED_CJK.finditer(line):
                    edits.append(Edit(pos + m.start(), pos + m.end(), m.group(), "", "OCR space between CJK characters"))
        pos += len(line) + 1
    return edits
