"""Fast paths written for speed agree with the definitions they replace, on any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stages._text import CLOSERS, RE_SENTENCE_END, SENTENCE_END, ends_sentence
from stages.unwrap_lines import Layout

# Lines made of the characters that matter at a line end, and some that do not.
LINE_END_TEXT = st.text(alphabet=SENTENCE_END + CLOSERS + ".aAZz中 \n\r", max_size=8)


@settings(max_examples=500, deadline=None)
@given(LINE_END_TEXT)
def test_ends_sentence_is_the_regex(text):
    assert ends_sentence(text) == bool(RE_SENTENCE_END.search(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=-5, max_value=120), min_size=1, max_size=60), st.integers(min_value=0, max_value=40))
def test_may_exceed_never_hides_a_larger_tolerance(widths, tolerance):
    import statistics

    from stages.unwrap_lines import _may_exceed

    if not _may_exceed(widths, tolerance):
        assert round(statistics.pstdev(widths) * 2) <= tolerance


# Running Chinese text with what can sit at a line's ends: punctuation, closers, Latin, digits.
LINE_END = "中。，、；：？！”’」）…,.;:!?)-a1 "
HAN_LINE = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from("中国"),
    st.text(alphabet=LINE_END, max_size=4),
    st.sampled_from(["", *LINE_END]),
).filter(lambda t: "  " not in t)
LAYOUT = st.builds(
    Layout,
    st.booleans(),
    st.integers(min_value=16, max_value=80),
    st.integers(min_value=2, max_value=12),
    st.integers(min_value=-4, max_value=6),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=3000, deadline=None)
@given(HAN_LINE, HAN_LINE, LAYOUT, st.data())
def test_decide_plain_agrees_with_decide(at, bt, lay, data):
    from collections import Counter

    from stages._text import width
    from stages.unwrap_lines import _decide, _decide_plain, _Rows

    # The first line's width near the thresholds that matter: the margin, and 3 tolerances short of it.
    tol = lay.tolerance
    edges = [d for e in (-tol - 2, -3 * tol - 2, 3 * tol) for d in (e - 1, e, e + 1)]
    offset = st.one_of(st.sampled_from(edges), st.integers(min_value=-4 * tol - 4, max_value=4 * tol + 4))
    a_width = lay.full + lay.margin + data.draw(offset)
    b_lead, b_blank = data.draw(st.integers(min_value=0, max_value=5)), data.draw(st.integers(min_value=0, max_value=2))
    starts_paragraph, in_item = data.draw(st.booleans()), data.draw(st.booleans())
    rows = _Rows([0, 50], [20, 70], [at, bt], [0, b_lead], [a_width, b_lead + width(bt)], [False, False], [0, b_blank])
    wa = a_width - lay.margin + (lay.indent if starts_paragraph and lay.indent > 0 else 0)
    fast = _decide_plain(at, bt, wa, b_lead, b_blank, lay)
    if fast is not None:
        assert fast == _decide(rows, 0, lay, starts_paragraph, in_item, Counter([at, bt]), True)


MIXED_TEXT = st.text(alphabet="中文a1 Z9\n。，、x", max_size=40)


@settings(max_examples=500, deadline=None)
@given(MIXED_TEXT)
def test_cjk_latin_spacing_counts_the_regex_matches(text):
    from stages.unwrap_lines import RE_CJK_LATIN_SPACED, RE_CJK_LATIN_TIGHT, _cjk_latin_spacing

    assert _cjk_latin_spacing(text) == (len(RE_CJK_LATIN_SPACED.findall(text)), len(RE_CJK_LATIN_TIGHT.findall(text)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="中文a。Zb,é々〇㐀", min_size=1, max_size=4), min_size=1, max_size=12))
def test_mid_text_breaks_is_the_pairwise_test(lines):
    from stages.unwrap_lines import _mid_text_break, _mid_text_breaks, _rows, _stands_apart

    rows = _rows("\n".join(lines))
    expected = [_mid_text_break(a, b) and not _stands_apart(a, b) for a, b in zip(rows.text, rows.text[1:])]
    assert _mid_text_breaks(rows) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=".。⋯…中a ", max_size=30))
def test_ellipses_are_the_regex_matches(text):
    from stages._text import finditer_at
    from stages.punctuation import ELLIPSIS_STARTS, RE_ELLIPSIS

    assert [m.span() for m in finditer_at(RE_ELLIPSIS, text, ELLIPSIS_STARTS)] == [m.span() for m in RE_ELLIPSIS.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\f\ufeff\r\u2028\u2029\x0b\x85\n \t中", max_size=30))
def test_normalize_targets_are_the_regex_matches(text):
    from stages._text import finditer_at
    from stages.normalize_input import RE_TARGETS, TARGET_CHARS

    found = [(m.span(), m.lastgroup) for m in finditer_at(RE_TARGETS, text, tuple(TARGET_CHARS))]
    assert found == [(m.span(), m.lastgroup) for m in RE_TARGETS.finditer(text)]
