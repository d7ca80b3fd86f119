"""The characters stage: what it removes, what it must keep, and that unwrap still gets its evidence."""

from __future__ import annotations

import pytest

from pipeline import Pipeline, clean
from stages.characters import CharactersOptions, characters


def run(text: str, **opts) -> str:
    return clean(text, stages=["characters"], options={"characters": opts})[0].text


@pytest.mark.parametrize("ch", ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\x81", "\x9f"])
def test_control_characters_go(ch):
    assert run(f"第一{ch}行\n") == "第一行\n"


def test_tab_newline_and_form_feed_stay():
    text = "a\tb\n\f第二页\n"
    assert run(text) == text


@pytest.mark.parametrize("ch", ["\u200b", "\u2060", "\ufeff"])
def test_zero_width_characters_go(ch):
    assert run(f"零{ch}宽{ch}{ch}字符\n") == "零宽字符\n"


def test_joiners_go_beside_cjk_but_stay_in_emoji_and_persian():
    assert run("中\u200d文\u200c字\n") == "中文字\n"
    family = "👨\u200d👩\u200d👧"
    persian = "می\u200cخواهم"
    assert run(f"{family} {persian}\n") == f"{family} {persian}\n"


def test_odd_spaces_become_ascii_one_for_one():
    assert run("a\u00a0b\u2003c\u2009\u2009d\u202fe\n") == "a b c  d e\n"


def test_ideographic_space_stays_as_indent_and_in_headings():
    text = "\u3000\u3000第一条　为了规范管理。\n第一章\u3000总则\n"
    assert run(text) == text
    assert run("Page\u300012\n") == "Page 12\n"


def test_soft_hyphen_inside_a_line_goes_at_a_line_end_stays():
    assert run("co\u00adop\u00aderation\n") == "cooperation\n"
    assert run("co\u00adop\u00ad\neration\n") == "coop\u00ad\neration\n"


def test_unwrap_still_joins_a_soft_hyphenated_word():
    lines = [
        "The committee agreed that the proposal needed further review before it",
        "could be adopted, and asked the secretariat to prepare a detailed coop\u00ad",
        "eration plan with the regional offices, to be circulated by the end of",
        "the month together with a summary of the comments received so far. The",
        "members also noted that several of the earlier recommendations had not",
        "yet been put into practice, and that the budget for the coming year was",
        "still under discussion with the ministry and the two provincial boards.",
        "",
        "A second meeting was planned for the spring, when the final text of the",
        "plan and the first reports from the offices would be ready for review.",
        "",
    ]
    doc = Pipeline(["normalize_input", "characters", "unwrap_lines"]).run("\n".join(lines))[0]
    assert "detailed cooperation plan" in doc.text and "\u00ad" not in doc.text


def test_mojibake_utf8_read_as_cp1252_and_latin1():
    for enc in ("cp1252", "latin-1"):
        bad = "中文标点，“引号”".encode("utf-8").decode(enc, errors="ignore" if enc == "cp1252" else "strict")
        fixed = run(f"前缀 {bad} 后缀\n")
        if enc == "latin-1":
            assert fixed == "前缀 中文标点，“引号” 后缀\n"
        else:
            assert fixed.startswith("前缀 中文标点")
    assert run("café résumé\n") == "café résumé\n"


def test_mojibake_utf8_read_as_gbk_when_it_round_trips():
    bad = "文件编码".encode("utf-8").decode("gbk")
    assert bad != "文件编码"
    assert run(f"他说 {bad} 对\n") == "他说 文件编码 对\n"


def test_real_chinese_with_rare_characters_is_not_mojibake():
    text = "鐵鍋燉大鵝，銆是生僻字，涓涓細流匯成江河。\n"
    assert run(text) == text


def test_replacement_characters_read_as_gbk_become_visible():
    assert run("损坏锟斤拷的文本\n") == "损坏\ufffd\ufffd的文本\n"


def test_options_switch_each_part_off():
    text = "a\x07b\u200bc\u00a0d ä¸­æ–‡\n"
    assert run(text, controls=False).count("\x07") == 1
    assert "\u200b" in run(text, invisible=False)
    assert "\u00a0" in run(text, spaces=False)
    assert "ä¸" in run(text, mojibake=False)


def test_edits_are_sorted_disjoint_and_idempotent():
    text = "\x07中\u200b文\u00a0ä¸­æ–‡\u00ad字\x00\n" * 3
    edits = characters(text, CharactersOptions())
    assert all(a.end <= b.start for a, b in zip(edits, edits[1:]))
    once = run(text)
    assert run(once) == once


def test_mojibake_split_by_a_page_mark_is_repaired_as_it_reads_without_it():
    # Found by bench/fuzz.py: a form feed inside a line (page_joins removes it outright) split
    # the run, so the first run repaired each half (or neither) and the second run, seeing the
    # run whole, repaired it again. The run is repaired whole; the page mark follows it.
    assert run("El seÃ\f±or alcalde inaugurÃ³ el puente.\n") == "El señ\for alcalde inauguró el puente.\n"
    assert run("前缀 ä¸­æ–\f‡ 后缀\n") == "前缀 中文\f 后缀\n"
    for raw in ("El seÃ\f±or alcalde inaugurÃ³ el puente.\n", "前缀 ä¸­æ–\f‡ 后缀\n", "á\x80\f¡\n"):
        once = clean(raw)[0].text
        assert "\f" not in once and "Ã" not in once and "ä" not in once
        assert clean(once)[0].text == once
    assert clean("El seÃ\f±or alcalde.\n")[0].text == "El señor alcalde.\n"


def test_a_control_run_straddling_two_mojibake_repairs_is_cut_around_both():
    # Found by bench/fuzz.py: the control run \x80\x1f\x80 overlaps the repairs of `Â\x80` on
    # either side; only its part between them (\x1f) is the control rule's, and no edits overlap.
    text = "Â\x80\x1f\x80Â\x80\n"
    edits = characters(text, CharactersOptions())
    assert all(a.end <= b.start for a, b in zip(edits, edits[1:]))
    once = run(text)
    assert "\x1f" not in once and run(once) == once
