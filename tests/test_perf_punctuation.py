"""Fast paths written for speed agree with the definitions they replace, on any input: punctuation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


# --- punctuation: rules skipped when `_present` finds none of their characters -------------------


def _texts_of(*globs: str) -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = []
    for pattern in globs:
        for p in sorted(root.glob(pattern)):
            try:
                out.append(p.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue  # the encoding fixtures
    return out


CORPUS_TEXTS = _texts_of("fixtures/*/input.txt", "fixtures/*/expected.txt", "bench/corpus/raw/*.txt")
CORPUS_LINES = sorted({line for t in CORPUS_TEXTS for line in t.splitlines() if line.strip()})


def _punctuation_plain(text, opts):
    """The stage with every rule run on every text (what `_present` lets it skip, it does not)."""
    from unittest import mock

    from stages import punctuation as module

    with mock.patch.object(module, "_present", lambda text: module.EVERYTHING):
        return module.punctuation(text, opts)


PUNCTUATION_OPTIONS = [
    {},
    {"quotes": "curly"},
    {"quotes": "corner"},
    {"cjk_latin_space": "add"},
    {"cjk_latin_space": "remove"},
    {"cjk_punctuation": False, "fullwidth_alnum": False},
    {"cjk_spaces": False, "ellipsis_dash": False, "word_gaps": False},
]


def test_present_is_the_candidate_characters_of_the_text():
    from stages.punctuation import _CANDIDATE_CHARS, RE_CANDIDATE

    assert {chr(i) for i in range(0x10000) if RE_CANDIDATE.match(chr(i))} == _CANDIDATE_CHARS


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        # 仿 (U+4EFF), ÿ (U+00FF), a lone surrogate and 𠀀 (a pair in UTF-16) put a byte FF at an odd offset.
        alphabet=st.sampled_from("中文 。…⋯.,:;?!\"'()-－─〈）ａｚＡＺ０９＠［｀｛a1\n/`@仿ÿ\U00020000\udcff\ud800\uff0f\uff1a\uff5b")
        | st.characters(codec="utf-8"),
        max_size=40,
    )
)
def test_present_summary_is_exact(text):
    from stages.punctuation import _CANDIDATE_CHARS, RE_CANDIDATE, _present

    present = _present(text)
    assert present.chars == frozenset(text) & _CANDIDATE_CHARS == frozenset(RE_CANDIDATE.findall(text))
    assert present.spaces == text.count(" ") and present.cjk_stops == ("。。。" in text)


# Texts at the thresholds of the skips: exactly as many spaces, or characters, as a rule needs.
THRESHOLD_TEXTS = [
    "新 华 社 北\n",  # three OCR spaces
    "中ab.cd.ef.gh.ij,  kl\n",  # a word gap that is the text's only spaces
    "于2020 年4 月至6 月\n",  # three one-sided spaces
    "等等。。。然后\n",
    "中文a.b…\n",
]


def test_punctuation_skipping_rules_changes_nothing_on_the_corpus():
    from stages.punctuation import PunctuationOptions, punctuation

    for kw in PUNCTUATION_OPTIONS:
        opts = PunctuationOptions(**kw)
        for text in THRESHOLD_TEXTS + CORPUS_TEXTS:
            assert punctuation(text, opts) == _punctuation_plain(text, opts), (kw, text[:80])


# Characters the rules look for, and what they judge by: CJK, full-width punctuation, Latin, digits.
PUNCT_MATERIAL = st.sampled_from(
    [" ", "  ", "   ", ",", ".", ":", ";", "?", "!", '"', "'", "(", ")", "-", "--", "－－", "──", "...", "。。。", "…", "⋯",
     "〈", "ａ", "Ｚ", "５", "中", "文", "，", "。", "“", "”", "a", "Z", "3", "\n", "/", "`", "@", "=", "http://a.b/"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(CORPUS_LINES), st.lists(st.tuples(st.integers(min_value=0), PUNCT_MATERIAL), max_size=6), st.sampled_from(range(len(PUNCTUATION_OPTIONS))))
def test_punctuation_skipping_rules_changes_nothing_on_variants(line, inserts, which):
    """Corpus lines with the characters of the rules put in at random places."""
    from stages.punctuation import PunctuationOptions, punctuation

    text = line
    for at, piece in inserts:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    opts = PunctuationOptions(**PUNCTUATION_OPTIONS[which])
    assert punctuation(text, opts) == _punctuation_plain(text, opts)


@settings(max_examples=600, deadline=None)
@given(st.lists(PUNCT_MATERIAL, max_size=30).map("".join), st.sampled_from(range(len(PUNCTUATION_OPTIONS))))
def test_punctuation_skipping_rules_changes_nothing_on_generated_text(text, which):
    from stages.punctuation import PunctuationOptions, punctuation

    opts = PunctuationOptions(**PUNCTUATION_OPTIONS[which])
    assert punctuation(text, opts) == _punctuation_plain(text, opts)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(["中", "文 ", "国 ", " ", "，", "。", "、", "“", "（", "3", "a", ".", ",", "\n"]), max_size=14).map("".join),
    st.sampled_from(range(len(PUNCTUATION_OPTIONS))),
)
def test_punctuation_skipping_rules_changes_nothing_on_spaced_text(text, which):
    """Few spaces between CJK characters, digits and punctuation: the counts the space rules start at."""
    from stages.punctuation import PunctuationOptions, punctuation

    opts = PunctuationOptions(**PUNCTUATION_OPTIONS[which])
    assert punctuation(text, opts) == _punctuation_plain(text, opts)


@settings(max_examples=600, deadline=None)
@given(st.lists(PUNCT_MATERIAL, max_size=30).map("".join))
def test_half_punct_candidates_and_space_matches_are_the_regex_matches(text):
    """The matches tried only where `_present` saw their first character equal the regex scans."""
    from stages.punctuation import (
        RE_HALF_PUNCT,
        RE_SPACE_BESIDE_CJK,
        RE_SPACED_CJK,
        _half_punct_matches,
        _present,
        _space_matches,
        _two_spaces,
    )

    present = _present(text)
    assert [m.span() for m in _half_punct_matches(text, present.chars)] == [m.span() for m in RE_HALF_PUNCT.finditer(text)]
    for pattern in (RE_SPACE_BESIDE_CJK, RE_SPACED_CJK):
        assert [m.span() for m in _space_matches(pattern, text, present.space_at)] == [m.span() for m in pattern.finditer(text)]
    assert _two_spaces(text, present.space_at) == ("  " in text)
    assert present.spaces == min(text.count(" "), 4) and (present.space_at is None) == (text.count(" ") >= 4)
