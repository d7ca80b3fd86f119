"""Convert between Simplified and Traditional Chinese (and regional variants) with OpenCC."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import sub
from typing import Sequence

import regex

from pipeline.document import DeferredEdits, Edit, trimmed_edit
from pipeline.errors import ConfigError
from pipeline.stage import stage

from ._protect import protected_spans

RE_HAN = regex.compile(r"\p{Han}")
# A clause: text up to and including its punctuation or space.
RE_CLAUSE = regex.compile(r"[^，。、；：？！,.;:?!\s]*[，。、；：？！,.;:?!\s]*")
RE_ZEROS = re.compile(rb"(\x00+)")


def _configs() -> list[str]:
    import opencc

    return sorted(c.removesuffix(".json") for c in opencc.CONFIGS)


@functools.cache
def converter(config: str):
    """One OpenCC converter per config (building one takes ~90 ms)."""
    import opencc

    if config not in _configs():
        raise ConfigError(f"unknown OpenCC config {config!r}; available: {', '.join(_configs())}")
    return opencc.OpenCC(config)


@dataclass(frozen=True)
class ConvertOptions:
    config: str = field(
        default="s2t",
        metadata={
            "help": "OpenCC config: s2t, t2s, s2tw, tw2s, s2twp, tw2sp, s2hk, hk2s, t2tw, t2hk, t2jp, jp2t, ...",
            # Checked when the pipeline is built, so an unknown config is a usage error.
            "choices": tuple(_configs()),
        },
    )


@stage("convert", options=ConvertOptions)
def convert(text: str, opts: ConvertOptions) -> Sequence[Edit]:
    """Convert the script with OpenCC (off unless --convert CONFIG); URLs, e-mail, paths and code stay.

    Each changed run is one edit, so the diff shows what OpenCC changed, phrase by phrase
    (s2twp: 鼠标 -> 滑鼠, 打印机 -> 印表機).

    >>> from pipeline import clean
    >>> clean("汉字转换\\n", stages=["convert"], options={"convert": {"config": "s2t"}})[0].text
    '漢字轉換\\n'
    >>> clean("https://example.com/汉字\\n", stages=["convert"])[0].text
    'https://example.com/汉字\\n'

    One OpenCC call per stretch between protected spans gives the output text; the edits
    (tens of thousands per MB) are built from it only when something reads them
    (`DeferredEdits`), so the stage costs little more than OpenCC itself.
    """
    cc = converter(opts.config)
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []  # (start, end) in text, (start, end) in the result
    pos = out_pos = 0
    for a, b in [*protected_spans(text), (len(text), len(text))]:
        if pos < a and RE_HAN.search(text, pos, a):
            src = text[pos:a]
            out = cc.convert(src)
            if out != src:
                parts.append(out)
                spans.append((pos, a, out_pos, out_pos + len(out)))
                out_pos += len(out)
                pos = a
        parts.append(text[pos:b])
        out_pos += b - pos
        pos = b
    if not spans:
        return []
    result = "".join(parts)
    return DeferredEdits(text, result, functools.partial(_edits, text, result, tuple(spans), opts.config))


def _edits(text: str, result: str, spans: tuple[tuple[int, int, int, int], ...], config: str) -> list[Edit]:
    """The edits from `text` to `result`: for each converted span, its changed runs."""
    cc = converter(config)
    reason = f"OpenCC {config}"
    edits: list[Edit] = []
    for lo, hi, out_lo, out_hi in spans:
        edits += _span_edits(text[lo:hi], result[out_lo:out_hi], lo, cc, reason)
    return edits


def _span_edits(src: str, out: str, base: int, cc, reason: str) -> list[Edit]:
    """Edits from `src` to its conversion `out`, line by line.

    Lines that keep their length (most, and with s2t nearly all) are compared in blocks of
    consecutive lines, each block at once (`_char_edits`); the others go clause by clause.
    """
    src_lines, out_lines = src.split("\n"), out.split("\n")
    if len(src_lines) != len(out_lines):  # OpenCC keeps line ends; should it not, one edit
        return [trimmed_edit(base, src, out, reason)]
    edits: list[Edit] = []
    ps = po = 0  # start of the current line in src and out
    bs = bo = 0  # start of the current block of lines of unchanged length
    for s, o in zip(src_lines, out_lines):
        if len(s) != len(o):
            if bs < ps:
                edits += _char_edits(src[bs:ps], out[bo:po], base + bs, reason)
            edits += _line_edits(s, o, base + ps, cc, reason)
            bs, bo = ps + len(s) + 1, po + len(o) + 1
        ps += len(s) + 1
        po += len(o) + 1
    if bs < len(src):
        edits += _char_edits(src[bs:], out[bo:], base + bs, reason)
    return edits


def _line_edits(src: str, out: str, base: int, cc, reason: str) -> list[Edit]:
    # Phrases of another length (U盘 -> 隨身碟): convert clause by clause, which gives the
    # same result (phrases do not cross punctuation), so each edit stays small.
    pieces = [(c.start(), c.group(), cc.convert(c.group())) for c in RE_CLAUSE.finditer(src)]
    if "".join(p[2] for p in pieces) != out:
        return [trimmed_edit(base, src, out, reason)]
    edits: list[Edit] = []
    for start, s, o in pieces:
        if s == o:
            continue
        if len(s) == len(o):
            edits += _char_edits(s, o, base + start, reason)
        else:
            edits.append(trimmed_edit(base + start, s, o, reason))
    return edits


def _char_edits(src: str, out: str, base: int, reason: str) -> list[Edit]:
    """One edit per stretch of changed characters of two strings of one length.

    Built by C-level iteration (map, zip, tuple.__new__): there are tens of thousands per MB.
    """
    starts, ends = _changed_runs(src, out)
    cuts = list(map(slice, starts, ends))
    if base:
        starts, ends = [i + base for i in starts], [j + base for j in ends]
    return list(
        map(
            _new_tuple,
            repeat(Edit),
            zip(starts, ends, map(src.__getitem__, cuts), map(out.__getitem__, cuts), repeat(reason), repeat(1.0)),
        )
    )


_new_tuple = tuple.__new__


def _changed_runs(a: str, b: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the stretches where two strings of one length differ, found in C.

    The strings' code points, XORed as big integers, are zero where the characters agree;
    OR-ing each code point's three low bytes (the fourth is always 0) gives one byte per
    character, and a split at the zero bytes gives the stretches in order.
    """
    n = len(a)
    x = int.from_bytes(a.encode("utf-32-le", "surrogatepass"), "little") ^ int.from_bytes(
        b.encode("utf-32-le", "surrogatepass"), "little"
    )
    if not x:
        return [], []
    d = x.to_bytes(4 * n, "little")
    mask = int.from_bytes(d[0::4], "little") | int.from_bytes(d[1::4], "little") | int.from_bytes(d[2::4], "little")
    parts = RE_ZEROS.split(mask.to_bytes(n, "little"))  # changed, same, changed, ..., changed
    lens = list(map(len, parts))
    ends = list(accumulate(lens))[0::2]
    lens = lens[0::2]
    # Only the first and the last stretch can be empty (the text starts or ends unchanged).
    lo = 0 if lens[0] else 1
    hi = len(lens) if lens[-1] else len(lens) - 1
    ends, lens = ends[lo:hi], lens[lo:hi]
    return list(map(sub, ends, lens)), ends
