"""The characters stage's one-scan gates agree with the patterns they replace, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.encoding import gbk_mojibake_chars
from stages.characters import RE_ANY, RE_IDEO_GATE, _gbk_gate, _gbk_gate_matches, _scan

LEADS = sorted(gbk_mojibake_chars())
# Lead characters, RE_ANY's characters, U+3000 between Latin and digits, ordinary CJK and ASCII.
ALPHABET = st.one_of(
    st.sampled_from(LEADS[:40] + LEADS[-40:]),
    st.sampled_from("\x00\x07\x1f\x7f\x85\x9f\u00a0\u00ad\u1680\u2000\u200b\u200f\u202f\u205f\u2060\ufeff"),
    st.sampled_from("中文砥砺\u3000aZ09 \n\t\f。é"),
)
OLD_IDEO_GATE = re.compile(r"[A-Za-z0-9]\u3000[A-Za-z0-9]")


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_scan_finds_what_the_two_scans_found(text):
    leads, has_any = _scan(text)
    assert has_any == (RE_ANY.search(text) is not None)
    assert leads == [i for i, c in enumerate(text) if c in set(LEADS)]
    got = [(m.start(), m.end()) for m in _gbk_gate_matches(text, leads)]
    assert got == [(m.start(), m.end()) for m in _gbk_gate().finditer(text)]
    assert bool(RE_IDEO_GATE.search(text)) == bool(OLD_IDEO_GATE.search(text))
