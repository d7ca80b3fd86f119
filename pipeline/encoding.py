"""Choosing how to decode input bytes, and repairing text that was decoded the wrong way.

Detection favours Chinese: bytes that are not UTF-8 are tried as GB18030 and Big5 first, and a
decoding is believed only if it is *plausible*, measured as the share of its non-ASCII
characters that are common Han characters (GB2312 level 1 or Big5 "frequent" characters) or
CJK punctuation. Text decoded with the wrong one of the two scores far lower (its characters
scatter over rare code points) or fails outright. charset-normalizer is asked only when neither
is plausible: on short GBK input it answers cp949 (jawah/charset_normalizer#365).

Mojibake repair works on decoded text and is used by the `characters` stage, so every repair
is a recorded edit: UTF-8 read as Latin-1/cp1252 is fixed with ftfy (only on lines a cheap
regex flags), and UTF-8 read as GBK (涓枃 for 中文) by re-encoding runs that round-trip exactly
into more plausible text.
"""

from __future__ import annotations

import codecs
import functools
from typing import Any

import regex

# Share of non-ASCII characters that must be common Han or CJK punctuation to believe a
# Chinese decoding; correct decodings score above 0.95 on real text, wrong ones below 0.7.
PLAUSIBLE = 0.9
SAMPLE_CHARS = 20000
_CJK_PUNCT = "“”‘’…—·"
RE_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
RE_BINARY_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f]")
_LATIN_SINGLE_BYTE = ("cp125", "iso8859", "latin", "mac_")

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@functools.cache
def common_chars() -> frozenset[str]:
    """GB2312 level-1 Han (3,755, rows B0–D7), Big5 frequent Han (5,401, A440–C67E), CJK punctuation."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for code in range(0xA440, 0xC67F):
        try:
            chars.add(code.to_bytes(2, "big").decode("big5"))
        except UnicodeDecodeError:
            pass
    chars.update(chr(c) for c in range(0x3000, 0x3040))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
    chars.update(_CJK_PUNCT)
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters of (a sample of) `text` that are common in Chinese text."""
    others = RE_NON_ASCII.findall(text, 0, SAMPLE_CHARS)
    if not others:
        return 0.0
    common = common_chars()
    return sum(1 for c in others if c in common) / len(others)


def bom_encoding(data: bytes) -> str | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or -be if `data` reads as BOM-less UTF-16 text (NUL high bytes of ASCII)."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Latin text in UTF-16 has a NUL in most code units, all on one side.
    if max(even, odd) < units // 4 or min(even, odd) > units // 32:
        return None
    enc = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return None if RE_BINARY_CONTROL.search(text) else enc


def detect_legacy(data: bytes) -> tuple[str, dict[str, Any]] | None:
    """The encoding of bytes that are not UTF-8: a plausible Chinese one, else charset-normalizer's."""
    scores: dict[str, float] = {}
    for enc in ("gb18030", "big5"):
        try:
            scores[enc] = round(plausibility(data.decode(enc)), 3)
        except UnicodeDecodeError:
            continue
    if scores:
        best = max(scores, key=lambda e: scores[e])
        if scores[best] >= PLAUSIBLE:
            return best, {"detected_by": "cjk-plausibility", "plausibility": scores}
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is None:
        return None
    enc = guess.encoding
    if enc.startswith(_LATIN_SINGLE_BYTE):
        # Short Latin text fits many code pages equally well; cp1252 is by far the most common.
        try:
            data.decode("cp1252")
            enc = "cp1252"
        except UnicodeDecodeError:
            pass
    return enc, {"detected_by": "charset-normalizer", "plausibility": scores}


def mostly_utf8(data: bytes) -> bool:
    """True when bytes are UTF-8 apart from a few bad bytes (then the strict error is the better answer)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    others = len(RE_NON_ASCII.findall(text, 0, SAMPLE_CHARS * 5))
    return bad * 20 < others


# --- mojibake -------------------------------------------------------------------------------

# A UTF-8 lead byte (Â–ô) read as Latin-1/cp1252, followed by a continuation byte (0x80–0xBF)
# read the same way: a C1 control, ¡–¿, or one of cp1252's 0x80–0x9F characters.
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# A form feed inside a line is a page mark that page_joins removes outright, so a stretch of
# mojibake runs on across it (the text reads that way once the mark is gone).
RE_LATIN1_MOJIBAKE = regex.compile(rf"[\u00c2-\u00f4]\f*[{_CONT}]")
# A run of characters that Latin-1 or cp1252 give for bytes 0x80–0xFF: mojibake never holds
# ASCII (bar those page marks), so such a run is the whole of one stretch of it.
RE_LATIN1_RUN = regex.compile(rf"[\u00c0-\u00ff{_CONT}]+(?:\f+[\u00c0-\u00ff{_CONT}]+)*")
RE_REPLACEMENT_AS_GBK = regex.compile("锟斤拷")


@functools.cache
def gbk_mojibake_chars() -> str:
    """Characters whose GBK code starts with a byte that leads a 3-byte UTF-8 sequence (E4–EF)."""
    chars = []
    for lead in range(0xE4, 0xF0):
        for trail in range(0x40, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


@functools.cache
def re_gbk_mojibake() -> regex.Pattern[str]:
    # Runs of GBK-encodable non-ASCII characters with at least two that could carry a UTF-8
    # lead byte; each is tried as a whole.
    lead = regex.escape(gbk_mojibake_chars())
    return regex.compile(rf"(?:[^\x00-\x7f\s]*[{lead}]){{2,}}[^\x00-\x7f\s]*")


def fix_gbk_mojibake(run: str) -> str | None:
    """The text a run of 'UTF-8 read as GBK' came from, if it round-trips exactly and reads better."""
    try:
        fixed = run.encode("gbk").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if plausibility(fixed) >= PLAUSIBLE and plausibility(fixed) > plausibility(run):
        return fixed
    return None


def fix_latin1_mojibake(line: str) -> tuple[str, str] | None:
    """(fixed line, how) for a line of UTF-8 read as Latin-1/cp1252, via ftfy; None if ftfy keeps it."""
    import ftfy

    fixed, plan = ftfy.fix_encoding_and_explain(line)
    if fixed == line or not plan:
        return None
    how = " then ".join(f"{action} {arg}" for action, arg in plan)
    return fixed, how
