"""Unicode hygiene: control and invisible characters, odd spaces, and mojibake."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterator

import regex

from pipeline.document import Edit, apply_edits, compose, trimmed_edit
from pipeline.encoding import (
    RE_LATIN1_MOJIBAKE,
    RE_LATIN1_RUN,
    RE_REPLACEMENT_AS_GBK,
    fix_gbk_mojibake,
    fix_latin1_mojibake,
    gbk_mojibake_chars,
)
from pipeline.stage import stage

from ._text import CJK_CHAR

# C0 and C1 controls except \t \n \f and the line ends normalize_input handles (\v \r U+0085).
_CONTROL = r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]+"
# Zero-width space, word joiner, a byte-order mark inside the text.
_INVISIBLE = r"[\u200b\u2060\ufeff]+"
# A soft hyphen inside a line; one at a line end is the unwrap stage's evidence of a hyphenated
# word (it removes it when it joins the lines), so it stays.
_SOFT_HYPHEN = r"\u00ad+(?![ \t]*(?:\n|$))"
# ZWNJ, ZWJ, LRM, RLM shape Persian, Indic and emoji text and stay there; beside CJK they do nothing.
_JOINER = rf"(?<={CJK_CHAR})[\u200c-\u200f]+|[\u200c-\u200f]+(?={CJK_CHAR})"
# No-break, en/em/thin/hair, narrow no-break, math and Ogham spaces become ASCII spaces, one each.
_SPACE = r"[\u00a0\u1680\u2000-\u200a\u202f\u205f]+"
# U+3000 stays where Chinese typesetting puts it (a paragraph indent, 第一章　总则); between
# two Latin letters or digits it stands for an ordinary space.
_IDEO_SPACE = r"(?<=[A-Za-z0-9])\u3000(?=[A-Za-z0-9])"
RE_TARGETS = regex.compile(
    rf"(?P<control>{_CONTROL})|(?P<invisible>{_INVISIBLE})|(?P<shy>{_SOFT_HYPHEN})"
    rf"|(?P<joiner>{_JOINER})|(?P<space>{_SPACE})|(?P<ideo>{_IDEO_SPACE})"
)
# Gates (stdlib `re` scans a plain character class 3-5x faster than `regex`).
_ANY_CLASS = r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00a0\u00ad\u1680\u2000-\u200f\u202f\u205f\u2060\ufeff"
RE_ANY = re.compile(f"[{_ANY_CLASS}]")
# [A-Za-z0-9]\u3000[A-Za-z0-9], written to start with its literal, which `re` finds without
# trying a class at every character.
RE_IDEO_GATE = re.compile(r"\u3000(?<=[A-Za-z0-9]\u3000)(?=[A-Za-z0-9])")
RE_HAN_GATE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
REASONS = {
    "control": "control character",
    "invisible": "zero-width character",
    "shy": "soft hyphen inside a line",
    "joiner": "joiner or direction mark beside CJK",
    "space": "odd space to ASCII space",
    "ideo": "ideographic space between Latin letters or digits",
}
_REPLACEMENT_KIND = {"space", "ideo"}


@dataclass(frozen=True)
class CharactersOptions:
    controls: bool = field(default=True, metadata={"help": "remove control characters (keeps \\t \\n \\f)"})
    invisible: bool = field(default=True, metadata={"help": "remove zero-width characters and soft hyphens inside lines"})
    spaces: bool = field(default=True, metadata={"help": "no-break and other odd spaces become ASCII spaces (U+3000 indents stay)"})
    mojibake: bool = field(default=True, metadata={"help": "repair UTF-8 read as Latin-1/cp1252 (ftfy) or as GBK (涓枃 -> 中文)"})


@stage("characters", options=CharactersOptions)
def characters(text: str, opts: CharactersOptions) -> list[Edit]:
    """Remove control and zero-width characters, normalize odd spaces, repair mojibake.

    Nothing else is normalized (no NFKC: it would turn ，！（ into ASCII). A soft hyphen at a
    line end and U+3000 at a line start are layout evidence for unwrap_lines and stay.

    >>> from pipeline import clean
    >>> clean("中\\u200b文\\x07内容\\u00a0NBSP\\n", stages=["characters"])[0].text
    '中文内容 NBSP\\n'
    >>> clean("\\u3000\\u3000第一章\\u3000总则\\n", stages=["characters"])[0].text
    '\\u3000\\u3000第一章\\u3000总则\\n'
    >>> clean("ä¸­æ–‡ cafÃ©\\n", stages=["characters"])[0].text
    '中文 café\\n'
    """
    edits = _one_pass(text, opts)
    # A repair can leave something another rule cleans (mojibake that decodes to a control
    # character): re-run on the result until nothing changes, so a second run finds nothing.
    for _ in range(3):
        if not edits:
            break
        more = _one_pass(apply_edits(text, edits), opts)
        if not more:
            break
        edits = compose(text, edits, more)
    return edits


def _one_pass(text: str, opts: CharactersOptions) -> list[Edit]:
    edits: list[Edit] = []
    skip: list[tuple[int, int]] = []
    if opts.mojibake:
        leads, found = _scan(text)
        edits += _mojibake(text, opts, leads, found)
        skip = [(e.start, e.end) for e in edits]
        has_any, has_ideo = "any" in found, "ideo" in found
    else:
        has_any, has_ideo = RE_ANY.search(text) is not None, "\u3000" in text
    if not has_any and not (has_ideo and RE_IDEO_GATE.search(text)):
        return edits
    kinds = _kinds(opts)
    k = 0
    for m in RE_TARGETS.finditer(text):
        kind = m.lastgroup
        if kind not in kinds:
            continue
        while k < len(skip) and skip[k][1] <= m.start():
            k += 1
        # Mojibake repairs clean their own text: only the parts of the run outside them are left
        # (a run may straddle several repairs: Â\x80\x1f\x80Â\x80).
        start, end, j = m.start(), m.end(), k
        while start < end:
            stop = skip[j][0] if j < len(skip) and skip[j][0] < end else end
            if start < stop:
                run = text[start:stop]
                after = " " * len(run) if kind in _REPLACEMENT_KIND else ""
                edits.append(Edit(start, stop, run, after, REASONS[kind]))
            if stop == end:
                break
            start, j = max(start, skip[j][1]), j + 1
    edits.sort()
    return edits


def _kinds(opts: CharactersOptions) -> set[str]:
    kinds = set()
    if opts.controls:
        kinds.add("control")
    if opts.invisible:
        kinds |= {"invisible", "shy", "joiner"}
    if opts.spaces:
        kinds |= {"space", "ideo"}
    return kinds


def _hygiene(s: str, opts: CharactersOptions) -> str:
    kinds = _kinds(opts)

    def sub(m: regex.Match[str]) -> str:
        if m.lastgroup not in kinds:
            return m.group()
        return " " * len(m.group()) if m.lastgroup in _REPLACEMENT_KIND else ""

    return RE_TARGETS.sub(sub, s)


@functools.cache
def _lead_class() -> str:
    """The characters of GBK rows E4–EF (rare level-2 characters in real Chinese text), as a class body."""
    cps = sorted(set(map(ord, gbk_mojibake_chars())))
    ranges: list[list[int]] = []
    for c in cps:
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


@functools.cache
def _gbk_gate() -> re.Pattern[str]:
    # Two of those characters within three places: the fingerprint of UTF-8 bytes read as GBK.
    lead = _lead_class()
    return re.compile(f"[{lead}][^\\x00-\\x7f]{{0,2}}[{lead}]")


# What `_scan` reports besides the lead characters: the kinds of characters that open a gate
# (any: RE_ANY's; latin1: what RE_LATIN1_MOJIBAKE starts with; ideo: U+3000; replacement: 锟,
# which RE_REPLACEMENT_AS_GBK starts with, itself a lead character).
KINDS = frozenset({"any", "latin1", "ideo", "replacement"})
_KIND_CLASS = {"any": _ANY_CLASS, "latin1": "\u00c2-\u00f4", "ideo": "\u3000"}


def _kind(ch: str) -> str:
    """The kind of a character `_scan` stops at that is not a lead character."""
    if ch == "\u3000":
        return "ideo"  # U+3000, which RE_IDEO_GATE starts with
    if "\u00c2" <= ch <= "\u00f4":
        return "latin1"  # a character RE_LATIN1_MOJIBAKE starts with
    return "any"  # a character of RE_ANY


@functools.cache
def _scanner(kinds: frozenset[str]) -> re.Pattern[str]:
    """One class: the lead characters and those of `kinds`; compiled once per process (~6 ms each)."""
    return re.compile(f"[{_lead_class()}{''.join(_KIND_CLASS[k] for k in sorted(kinds))}]")


@functools.cache
def _lead_chars() -> frozenset[str]:
    leads = frozenset(gbk_mojibake_chars())
    assert not any(_kind(c) != "any" or RE_ANY.match(c) for c in leads)
    return leads


@functools.cache
def _lead_only() -> re.Pattern[str]:
    return _scanner(frozenset())


def _scan(text: str) -> tuple[list[int], frozenset[str]]:
    """(offsets of the lead characters, the KINDS that occur), in one scan of the text.

    Lead characters are rare, so they are collected one by one; once a character of a kind is
    found (there may be many), the rest is scanned without that kind: at most four scans in all,
    each from where the last stopped.
    """
    lead_chars = _lead_chars()
    leads: list[int] = []
    wanted = KINDS - {"replacement"}
    pos = 0
    while True:
        for m in _scanner(wanted).finditer(text, pos):
            at = m.start()
            if text[at] in lead_chars:
                leads.append(at)
            else:
                wanted = wanted - {_kind(text[at])}
                pos = at + 1
                break
        else:
            found = KINDS - wanted - {"replacement"}
            return leads, found | {"replacement"} if any(text[i] == "锟" for i in leads) else found


def _gbk_gate_matches(text: str, leads: list[int]) -> Iterator[re.Match[str]]:
    """_gbk_gate().finditer(text), trying the pattern only where it can start (at a lead character)."""
    gate = _gbk_gate()
    end = 0
    for at in leads:
        if at < end:
            continue
        m = gate.match(text, at)
        if m is not None:
            yield m
            end = m.end()


RE_NON_ASCII_RUN = regex.compile(r"[^\x00-\x7f\s]+")


def _mojibake(text: str, opts: CharactersOptions, leads: list[int], found: frozenset[str]) -> list[Edit]:
    """Mojibake repairs; `leads`: the offsets of the GBK gate's lead characters, `found`: the
    kinds of characters that occur (see `_scan`)."""
    edits: list[Edit] = []
    done = -1  # end of the last line or run handled
    if "latin1" in found and RE_LATIN1_MOJIBAKE.search(text):
        for m in RE_LATIN1_MOJIBAKE.finditer(text):
            if m.start() < done:
                continue
            run = RE_LATIN1_RUN.match(text, m.start())
            lo, hi = m.start(), run.end()
            while lo and RE_LATIN1_RUN.match(text[lo - 1]):
                lo -= 1
            done = hi
            before = text[lo:hi]
            # A run across page marks is repaired as it reads without them (as a second run
            # would see it, once page_joins has removed them); the marks follow the repair.
            marks = "\f" * before.count("\f")
            run = before.replace("\f", "") if marks else before
            # Hygiene characters (a soft hyphen is byte 0xAD read as Latin-1) may be part of
            # the mojibake, so if ftfy refuses the run as it is, it gets the cleaned run; a
            # second pass then sees what the first one tried, and agrees.
            fixed = fix_latin1_mojibake(run) or fix_latin1_mojibake(_hygiene(run, opts))
            if fixed is not None:
                edits.append(trimmed_edit(lo, before, _hygiene(fixed[0], opts) + marks, f"mojibake: {fixed[1]}"))
    done = -1
    if leads and RE_HAN_GATE.search(text):
        for m in _gbk_gate_matches(text, leads):
            if m.start() < done:
                continue
            run = RE_NON_ASCII_RUN.search(text, text.rfind("\n", 0, m.start()) + 1)
            while run is not None and run.end() <= m.start():
                run = RE_NON_ASCII_RUN.search(text, run.end())
            if run is None:
                break
            done = run.end()
            if any(e.start < run.end() and run.start() < e.end for e in edits):
                continue
            fixed = fix_gbk_mojibake(run.group())
            if fixed is not None:
                edits.append(trimmed_edit(run.start(), run.group(), fixed, "mojibake: encode gbk then decode utf-8"))
    for m in RE_REPLACEMENT_AS_GBK.finditer(text) if "replacement" in found else ():
        if not any(e.start < m.end() and m.start() < e.end for e in edits):
            edits.append(Edit(m.start(), m.end(), m.group(), "\ufffd\ufffd", "mojibake: U+FFFD U+FFFD read as GBK (锟斤拷); the original is lost"))
    edits.sort()
    return edits
