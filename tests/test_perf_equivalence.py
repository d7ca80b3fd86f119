"""Fast paths written for speed agree with the definitions they replace, on any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stages._text import CLOSERS, RE_SENTENCE_END, SENTENCE_END, ends_sentence

# Lines made of the characters that matter at a line end, and some that do not.
LINE_END_TEXT = st.text(alphabet=SENTENCE_END + CLOSERS + ".aAZz中 \n\r", max_size=8)


@settings(max_examples=2000, deadline=None)
@given(LINE_END_TEXT)
def test_ends_sentence_is_the_regex(text):
    assert ends_sentence(text) == bool(RE_SENTENCE_END.search(text))
