"""Convert between Simplified and Traditional Chinese (and regional variants) with OpenCC."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from pipeline.document import Edit, trimmed_edit
from pipeline.errors import ConfigError
from pipeline.stage import stage

from ._protect import protected_spans

RE_HAN = regex.compile(r"\p{Han}")
# A clause: text up to and including its punctuation or space.
RE_CLAUSE = regex.compile(r"[^，。、；：？！,.;:?!\s]*[，。、；：？！,.;:?!\s]*")


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
def convert(text: str, opts: ConvertOptions) -> list[Edit]:
    """Convert the script with OpenCC (off unless --convert CONFIG); URLs, e-mail, paths and code stay.

    Each changed run is one edit, so the diff shows what OpenCC changed, phrase by phrase
    (s2twp: 鼠标 -> 滑鼠, 打印机 -> 印表機).

    >>> from pipeline import clean
    >>> clean("汉字转换\\n", stages=["convert"], options={"convert": {"config": "s2t"}})[0].text
    '漢字轉換\\n'
    >>> clean("https://example.com/汉字\\n", stages=["convert"])[0].text
    'https://example.com/汉字\\n'
    """
    cc = converter(opts.config)
    edits: list[Edit] = []
    pos = 0
    for a, b in protected_spans(text):
        edits += _convert_span(text, pos, a, cc, opts.config)
        pos = b
    edits += _convert_span(text, pos, len(text), cc, opts.config)
    return edits


def _convert_span(text: str, lo: int, hi: int, cc, config: str) -> list[Edit]:
    """Edits converting text[lo:hi]: one OpenCC call for the span, then edits line by line."""
    src = text[lo:hi]
    if not RE_HAN.search(src):
        return []
    out = cc.convert(src)
    if out == src:
        return []
    reason = f"OpenCC {config}"
    src_lines, out_lines = src.split("\n"), out.split("\n")
    if len(src_lines) != len(out_lines):  # OpenCC keeps line ends; should it not, one edit
        return [trimmed_edit(lo, src, out, reason)]
    edits: list[Edit] = []
    base = lo
    for s, o in zip(src_lines, out_lines):
        if s != o:
            edits += _line_edits(s, o, base, cc, reason)
        base += len(s) + 1
    return edits


def _line_edits(src: str, out: str, base: int, cc, reason: str) -> list[Edit]:
    if len(out) == len(src):
        return _char_edits(src, out, base, reason)
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
    """One edit per stretch of changed characters of two strings of one length."""
    changed = [i for i, (a, b) in enumerate(zip(src, out)) if a != b]
    edits = []
    k, n = 0, len(changed)
    while k < n:
        i = j = changed[k]
        k += 1
        while k < n and changed[k] == j + 1:
            j = changed[k]
            k += 1
        edits.append(Edit(base + i, base + j + 1, src[i : j + 1], out[i : j + 1], reason))
    return edits


