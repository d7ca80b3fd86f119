"""The row model of unwrap_lines (`_rows` and the per-row flags built before the layout is
measured) equals its plain line-by-line definition, on the corpus, the fixtures and generated text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stages._text import width
from stages.unwrap_lines import RE_SPACE_IN_CJK, STRIP, _Rows

ROOT = Path(__file__).resolve().parent.parent


def rows_spec(text: str) -> _Rows:
    """The plain definition of `_rows`: every line of `text` stripped of `STRIP`; the non-blank
    ones are rows, measured one by one."""
    ocr_spaced = len(RE_SPACE_IN_CJK.findall(text, 0, 20000)) > 20
    rows = _Rows([], [], [], [], [], [], [])
    offset, blank = 0, 0
    for line in text.split("\n"):
        content = line.strip(STRIP)
        if not content:
            blank += 1
        else:
            lead_raw = line[: len(line) - len(line.lstrip(STRIP))]
            lead = width(lead_raw.replace("\f", ""))
            rows.start.append(offset + len(lead_raw))
            rows.end.append(offset + len(lead_raw) + len(content))
            rows.text.append(content)
            rows.lead.append(lead)
            rows.width.append(lead + width(RE_SPACE_IN_CJK.sub("", content) if ocr_spaced else content))
            rows.page_start.append("\f" in lead_raw)
            rows.blank_before.append(blank)
            blank = 0
        offset += len(line) + 1
    return rows


def corpus_texts() -> list[tuple[str, str]]:
    paths = sorted(ROOT.glob("fixtures/*/input.txt")) + sorted(ROOT.glob("bench/corpus/raw/*.txt"))
    out = []
    for path in paths:
        try:
            out.append((path.name if path.parent.name == "raw" else path.parent.name, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue
    sample = ROOT / "fixtures" / "zh-speeches-2020" / "input.txt"
    if sample.exists():
        raw = sample.read_text(encoding="utf-8")
        out.append(("sample with blank lines", "\n \n" + raw.replace("\n", "\n\n")))
        out.append(("sample with lines of spaces", raw.replace("\n", "\n \n")))
        out.append(("sample with a few lines of spaces", raw.replace("。\n", "。\n\u3000\n", 20)))
    return out


CORPUS = corpus_texts()


def test_the_corpus_is_there():
    assert len(CORPUS) > 50


@pytest.mark.parametrize("name,text", CORPUS, ids=[name for name, _ in CORPUS])
def test_rows_are_the_line_by_line_definition_on_the_corpus(name, text):
    from stages.unwrap_lines import _rows

    assert _rows(text) == rows_spec(text)


# Lines of what a row can hold at its edges and inside: ideographs, CJK and Latin punctuation,
# letters (accented, Greek, full-width), digits, OCR spacing, and every kind of white space.
EDGE_CHARS = "中国文字〇々㐀，。、“”（）—…aZéßΩωａＡ1 ;:."
LINE = st.builds(
    lambda lead, body, trail: lead + body + trail,
    st.text(alphabet=" \t\u3000\f", max_size=3),
    st.text(alphabet=EDGE_CHARS + " \t\u3000\r\x0b𠀀\u0100\u07ff\u0800\ud7ff\ue000\uffff", max_size=12),
    st.text(alphabet=" \t\u3000\f\r", max_size=2),
)
TEXT = st.lists(LINE, max_size=30).map("\n".join)
# OCR output: a space between CJK characters (more than 20 in the text), some lines indented or blank.
OCR_LINE = st.builds(
    lambda lead, chars, trail: lead + " ".join(chars) + trail,
    st.sampled_from(["", "", "  ", "\f", "\u3000"]),
    st.text(alphabet="中国文字，。a1", max_size=10),
    st.sampled_from(["", "", " "]),
)
OCR_TEXT = st.lists(OCR_LINE, min_size=25, max_size=40).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_rows_are_the_line_by_line_definition(text):
    from stages.unwrap_lines import _rows

    assert _rows(text) == rows_spec(text)


@settings(max_examples=200, deadline=None)
@given(OCR_TEXT)
def test_rows_are_the_line_by_line_definition_on_ocr_spaced_text(text):
    from stages.unwrap_lines import _rows

    assert _rows(text) == rows_spec(text)


@pytest.mark.parametrize("name,text", CORPUS[::7], ids=[name for name, _ in CORPUS[::7]])
def test_edge_kinds_are_the_character_tests_on_the_corpus(name, text):
    from stages.unwrap_lines import _edge_kinds, _is_han, _is_lower_letter, _rows

    texts = _rows(text).text
    for kinds, chars in zip(_edge_kinds(texts), ([t[0] for t in texts], [t[-1] for t in texts])):
        assert kinds == (
            bytes("\u4e00" <= c <= "\u9fff" for c in chars),
            bytes(_is_han(c) for c in chars),
            bytes(_is_lower_letter(c) for c in chars),
        )
