"""Fast paths written for speed agree with the definitions they replace, on any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stages._text import CLOSERS, RE_SENTENCE_END, SENTENCE_END, ends_sentence

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
