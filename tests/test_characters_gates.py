"""The characters stage's one-scan gates agree with the patterns they replace, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.encoding import gbk_mojibake_chars
from stages.characters import KINDS, RE_ANY, RE_IDEO_GATE, CharactersOptions, _gbk_gate, _gbk_gate_matches, _scan, characters

LEADS = sorted(gbk_mojibake_chars())
# Lead characters, RE_ANY's characters, U+3000 between Latin and digits, ordinary CJK and ASCII.
ALPHABET = st.one_of(
    st.sampled_from(LEADS[:40] + LEADS[-40:]),
    st.sampled_from("\x00\x07\x1f\x7f\x85\x9f\u00a0\u00ad\u1680\u2000\u200b\u200f\u202f\u205f\u2060\ufeff"),
    st.sampled_from("中文砥砺\u3000aZ09 \n\t\f。é锟斤拷ÃÂâ€™\u00c1\u00c2\u00f4\u00f5"),
)
OLD_IDEO_GATE = re.compile(r"[A-Za-z0-9]\u3000[A-Za-z0-9]")


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_scan_finds_what_the_two_scans_found(text):
    leads, found = _scan(text)
    assert ("any" in found) == (RE_ANY.search(text) is not None)
    assert ("ideo" in found) == ("\u3000" in text)
    assert ("latin1" in found) == any("\u00c2" <= c <= "\u00f4" for c in text)
    assert ("replacement" in found) == ("锟" in text)
    assert leads == [i for i, c in enumerate(text) if c in set(LEADS)]
    got = [(m.start(), m.end()) for m in _gbk_gate_matches(text, leads)]
    assert got == [(m.start(), m.end()) for m in _gbk_gate().finditer(text)]
    assert bool(RE_IDEO_GATE.search(text)) == bool(OLD_IDEO_GATE.search(text))


def _characters_plain(text, opts):
    """The stage with every gate of `_scan` open (all leads still found)."""
    from unittest import mock

    from stages import characters as module

    scan = module._scan
    with mock.patch.object(module, "_scan", lambda text: (scan(text)[0], KINDS)):
        return module.characters(text, opts)


OPTIONS = [CharactersOptions(), CharactersOptions(controls=False, spaces=False), CharactersOptions(invisible=False)]


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(ALPHABET, st.sampled_from(["ä¸­æ–‡", "cafÃ©", "涓枃", "锟斤拷", "a\u3000b", "Â\x80", "\u00ad\n"])), max_size=20).map("".join), st.sampled_from(OPTIONS))
def test_characters_with_every_gate_open_is_the_same(text, opts):
    assert characters(text, opts) == _characters_plain(text, opts)


def test_characters_with_every_gate_open_is_the_same_on_the_corpus():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for p in sorted(root.glob("fixtures/*/input.txt")) + sorted(root.glob("bench/corpus/raw/*.txt")):
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for opts in OPTIONS:
            assert characters(text, opts) == _characters_plain(text, opts), p
