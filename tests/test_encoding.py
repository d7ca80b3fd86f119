"""Decoding input bytes: BOMs, UTF-8, GB18030/GBK, Big5, BOM-less UTF-16, cp1252, and the errors."""

from __future__ import annotations

import codecs

import pytest

from pipeline.encoding import detect_legacy, plausibility
from pipeline.errors import InputError
from pipeline.io import decode

from .conftest import FIXTURES

SAMPLE = (FIXTURES / "zh-speeches-2020" / "input.txt").read_text(encoding="utf-8")
PARAGRAPH = SAMPLE[SAMPLE.index("习近平指出") : SAMPLE.index("习近平指出") + 400]
TRADITIONAL = "這是繁體中文的測試文本，檢測器應該選擇正確的編碼。台灣與香港的書籍常用這種編碼保存。"


def test_utf8_is_read_as_is():
    text, meta = decode(PARAGRAPH.encode("utf-8"), "a.txt")
    assert text == PARAGRAPH and meta == {"encoding": "utf-8"}


@pytest.mark.parametrize("enc", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_byte_order_marks_choose_the_codec(enc):
    data = PARAGRAPH.encode(enc)
    if enc in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if enc.endswith("le") else codecs.BOM_UTF16_BE) + data
    text, meta = decode(data, "a.txt")
    assert text.lstrip("\ufeff") == PARAGRAPH
    assert meta["detected_by"] == "bom"


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_not_called_binary(enc):
    text = "Chapter 1\n第一章 总则\nplain ASCII lines make the NUL pattern\n" * 3
    decoded, meta = decode(text.encode(enc), "a.txt")
    assert decoded == text and meta["encoding"] == enc


def test_gbk_long_and_short():
    for text in (PARAGRAPH, "中文文本的编码检测"):  # charset-normalizer says cp949 for the short one
        decoded, meta = decode(text.encode("gbk"), "a.txt")
        assert decoded == text
        assert meta["encoding"] == "gb18030" and meta["detected_by"] == "cjk-plausibility"


def test_big5_is_not_mistaken_for_gbk():
    decoded, meta = decode(TRADITIONAL.encode("big5"), "a.txt")
    assert decoded == TRADITIONAL and meta["encoding"] == "big5"
    assert meta["plausibility"]["gb18030"] < 0.7 <= meta["plausibility"]["big5"]


def test_traditional_text_saved_as_gbk_reads_as_gb18030():
    decoded, meta = decode(TRADITIONAL.encode("gbk"), "a.txt")
    assert decoded == TRADITIONAL and meta["encoding"] == "gb18030"


def test_latin_legacy_code_page():
    text = "Café déjà vu, naïve façade — à la carte."
    decoded, meta = decode(text.encode("cp1252"), "a.txt")
    assert decoded == text
    assert meta["encoding"] == "cp1252" and meta["detected_by"] == "charset-normalizer"


def test_plausibility_separates_right_and_wrong_decodings():
    data = PARAGRAPH.encode("utf-8")
    assert plausibility(PARAGRAPH) > 0.95
    assert plausibility(data.decode("gb18030", errors="replace")) < 0.5


def test_given_encoding_overrides_detection():
    data = TRADITIONAL.encode("big5")
    text, meta = decode(data, "a.txt", encoding="gb18030")
    assert text != TRADITIONAL and meta == {"encoding": "gb18030", "detected_by": "given"}


def test_mostly_utf8_with_a_bad_byte_keeps_the_strict_error_with_offset():
    data = PARAGRAPH.encode("utf-8")
    bad = data[:30] + b"\xff" + data[30:]
    with pytest.raises(InputError, match=r"a.txt: not valid utf-8 at byte 30; give the encoding with --encoding"):
        decode(bad, "a.txt")
    text, _ = decode(bad, "a.txt", errors="replace")
    assert "\ufffd" in text


def test_existing_errors_stay():
    with pytest.raises(InputError, match="a.txt: file is empty"):
        decode(b" \n", "a.txt")
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a.txt")
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x00\x01\x02 not text", "a.txt")  # an even length, but not UTF-16
    with pytest.raises(InputError, match="unknown encoding 'nope'"):
        decode(b"abc", "a.txt", encoding="nope")


def test_undetectable_bytes_fail_cleanly():
    # Neither plausible Chinese nor anything charset-normalizer believes: the strict UTF-8 error.
    data = b"ok " + bytes([0xC3, 0x28]) * 2 + "中文".encode()
    assert detect_legacy(data) is None
    with pytest.raises(InputError, match="a.txt: not valid utf-8 at byte 3"):
        decode(data, "a.txt")
