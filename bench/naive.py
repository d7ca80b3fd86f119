"""A naive line joiner: the baseline any cleaner has to beat.

Drop blank lines and lines holding only digits; join lines until a line ends in 。！？.!? and is
short (narrower than 80% of the file's typical full line, the 90th percentile of line widths).
Lines are joined without a space when either side of the join is a wide (CJK) character.
"""

from __future__ import annotations

import unicodedata

ENDS = "。！？.!?"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _width(line: str) -> int:
    return sum(2 if _wide(c) else 1 for c in line)


def naive(text: str) -> list[list[str]]:
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.isdigit()]
    if not lines:
        return [[]]
    widths = sorted(_width(ln) for ln in lines)
    full = widths[int(0.9 * (len(widths) - 1))]
    paras: list[str] = []
    cur = ""
    for ln in lines:
        if not cur:
            cur = ln
        elif _wide(cur[-1]) or _wide(ln[0]):
            cur += ln
        else:
            cur += " " + ln
        if ln[-1] in ENDS and _width(ln) < 0.8 * full:
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return [paras]
