"""Convert between Simplified and Traditional Chinese (and regional variants) with OpenCC."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from pipeline.document import Edit
from pipeline.errors import ConfigError
from pipeline.stage import stage

# An address is tried from the start of a run of address characters (or where the last match
# ended) only: trying every position inside a long run would be quadratic.
RE_PROTECTED = regex.compile(r"(?:https?://|www\.)\S+|(?:(?<![\w.+-])|\G)[\w.+-]+@[\w-]+\.[\w.]+|`[^`\n]+`")
RE_RUNS = regex.compile(r"\p{Han}[^\n]*")


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
    config: str = field(default="s2t", metadata={"help": "OpenCC config: s2t, t2s, s2tw, tw2s, s2twp, tw2sp, s2hk, hk2s, t2tw, t2hk, t2jp, jp2t, ..."})


@stage("convert", options=ConvertOptions)
def convert(text: str, opts: ConvertOptions) -> list[Edit]:
    """Convert the script with OpenCC (off unless --convert CONFIG); URLs, e-mail and `code` stay.

    Each converted run is one edit, so the diff shows what OpenCC changed, phrase by phrase.

    >>> from pipeline import clean
    >>> clean("汉字转换\\n", stages=["convert"], options={"convert": {"config": "s2t"}})[0].text
    '漢字轉換\\n'
    >>> clean("https://example.com/汉字\\n", stages=["convert"])[0].text
    'https://example.com/汉字\\n'
    """
    cc = converter(opts.config)
    edits: list[Edit] = []
    pos = 0
    for m in RE_PROTECTED.finditer(text):
        edits += _convert_span(text, pos, m.start(), cc, opts.config)
        pos = m.end()
    edits += _convert_span(text, pos, len(text), cc, opts.config)
    return edits


def _convert_span(text: str, lo: int, hi: int, cc, config: str) -> list[Edit]:
    edits = []
    reason = f"OpenCC {config}"
    for m in RE_RUNS.finditer(text, lo, hi):
        src = m.group()
        out = cc.convert(src)
        if out == src:
            continue
        base = m.start()
        if len(out) != len(src):
            edits.append(Edit(base, m.end(), src, out, reason))
            continue
        i, n = 0, len(src)
        while i < n:
            if src[i] == out[i]:
                i += 1
                continue
            j = i
            while j < n and src[j] != out[j]:
                j += 1
            edits.append(Edit(base + i, base + j, src[i:j], out[i:j], reason))
            i = j
    return edits
