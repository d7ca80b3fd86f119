"""The quality metrics (bench/quality_metrics.py) on small hand-made cases. Needs only rapidfuzz."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from naive import naive  # noqa: E402
import quality_metrics  # noqa: E402
from quality_metrics import score, stream_of  # noqa: E402

GOLD = {
    "source": "t", "lang": "mixed", "licence": "CC0-1.0",
    "documents": [
        {"title_block": ["第一份文件", "——副标题", "（2020年3月6日）"],
         "paragraphs": ["同志们：", "今天我们开会。会议很重要。", "The quick brown fox jumps over the lazy dog.", "2019"]},
        {"title_block": ["第二份文件"], "paragraphs": ["第一，要认真学习。", "第二，要抓好落实。"]},
    ],
}


def gold_docs() -> list[list[str]]:
    return [d["title_block"] + d["paragraphs"] for d in GOLD["documents"]]


def test_perfect_output_scores_one_and_zero():
    sc = score(GOLD, gold_docs())
    assert sc.content_error == 0.0
    assert (sc.lost, sc.inserted, sc.replaced) == (0, 0, 0)
    assert sc.paras.precision == sc.paras.recall == sc.paras.f1 == 1.0
    assert sc.docs.f1 == 1.0
    assert sc.exact_share == 1.0
    assert sc.lost_spaces == sc.artifact_spaces == 0
    assert sc.gold_spaces == 8  # the spaces of the English sentence; the Chinese has none


def test_breaks_between_title_block_lines_are_excluded():
    g = stream_of(gold_docs(), [3, 1])
    assert len(g.excluded) == 2
    assert len(g.para_breaks) == 4 + 1 + 2  # doc 1 outside its title block, the document break, doc 2
    # joining or keeping the title lines apart changes nothing
    joined = gold_docs()
    joined[0] = ["".join(joined[0][:3])] + joined[0][3:]
    for docs in (joined, gold_docs()):
        sc = score(GOLD, docs)
        assert sc.paras.f1 == 1.0


def test_missed_break_lowers_recall_only():
    docs = gold_docs()
    docs[1] = docs[1][:1] + ["".join(docs[1][1:])]  # 第一，… and 第二，… joined
    sc = score(GOLD, docs)
    assert sc.paras.recall < 1.0
    assert sc.paras.precision == 1.0
    assert sc.paras.tp == sc.paras.gold - 1
    assert sc.content_error == 0.0
    assert sc.exact_share < 1.0


def test_invented_break_lowers_precision_only():
    docs = gold_docs()
    p = docs[0].index("今天我们开会。会议很重要。")
    docs[0][p:p + 1] = ["今天我们开会。", "会议很重要。"]
    sc = score(GOLD, docs)
    assert sc.paras.precision < 1.0
    assert sc.paras.recall == 1.0
    assert sc.paras.pred == sc.paras.tp + 1


def test_kept_page_number_counts_as_inserted_characters():
    docs = gold_docs()
    p = docs[0].index("今天我们开会。会议很重要。")
    docs[0][p:p + 1] = ["今天我们开会。会", "12", "议很重要。"]  # page number mid-paragraph, on its own line
    sc = score(GOLD, docs)
    assert sc.inserted == 2 and sc.lost == 0
    assert sc.content_error == pytest.approx(2 / sc.gold_chars)
    assert sc.paras.recall == 1.0
    assert sc.paras.pred == sc.paras.tp + 1  # the paragraph was interrupted once, not twice


def test_page_number_kept_between_paragraphs_is_content_not_a_break_error():
    docs = gold_docs()
    docs[0].insert(docs[0].index("2019"), "7")
    sc = score(GOLD, docs)
    assert sc.inserted == 1
    assert sc.paras.precision == 1.0 and sc.paras.recall == 1.0


def test_lost_character_counts_as_deleted():
    docs = gold_docs()
    docs[1][-1] = "第二，要抓好落实"  # final 。 lost
    sc = score(GOLD, docs)
    assert sc.lost == 1 and sc.inserted == 0 and sc.replaced == 0
    assert sc.content_error == pytest.approx(1 / sc.gold_chars)
    assert sc.paras.f1 == 1.0


def test_break_next_to_a_lost_character_still_matches():
    docs = gold_docs()
    docs[0][3] = "同志们"  # the ： before the break is lost
    sc = score(GOLD, docs)
    assert sc.lost == 1
    assert sc.paras.f1 == 1.0


def test_lost_real_space_is_counted():
    docs = gold_docs()
    i = docs[0].index("The quick brown fox jumps over the lazy dog.")
    docs[0][i] = "The quick brownfox jumps over the lazy dog."
    sc = score(GOLD, docs)
    assert sc.lost_spaces == 1 and sc.artifact_spaces == 0
    assert sc.content_error == 0.0


def test_kept_artifact_space_is_counted():
    docs = gold_docs()
    docs[1][1] = "第一，要认真 学习。"
    docs[0][0] = "第一份 文件"  # in a title line too
    sc = score(GOLD, docs)
    assert sc.artifact_spaces == 2 and sc.lost_spaces == 0
    assert sc.content_error == 0.0


def test_line_break_where_gold_has_a_space_is_a_break_error_not_a_lost_space():
    docs = gold_docs()
    i = docs[0].index("The quick brown fox jumps over the lazy dog.")
    docs[0][i:i + 1] = ["The quick brown", "fox jumps over the lazy dog."]
    sc = score(GOLD, docs)
    assert sc.lost_spaces == 0
    assert sc.paras.precision < 1.0


def test_document_breaks():
    one_doc = [sum(gold_docs(), [])]
    sc = score(GOLD, one_doc)
    assert sc.docs.recall == 0.0 and sc.docs.f1 == 0.0
    assert sc.paras.f1 == 1.0  # the boundary is still a paragraph break
    three = gold_docs()
    three = [three[0][:5], three[0][5:], three[1]]  # invented document start
    sc = score(GOLD, three)
    assert sc.docs.recall == 1.0 and sc.docs.precision == 0.5


def test_single_document_gold_and_output_score_one():
    gold = {"documents": [{"title_block": ["Title"], "paragraphs": ["One two.", "Three."]}]}
    sc = score(gold, [["Title", "One two.", "Three."]])
    assert sc.docs.f1 == 1.0 and sc.paras.f1 == 1.0


def test_empty_output_loses_everything():
    sc = score(GOLD, [[]])
    assert sc.lost == sc.gold_chars and sc.content_error == 1.0
    assert sc.paras.recall == 0.0 and sc.exact_share == 0.0


def test_naive_joiner():
    full = "这是一行排满的中文文字，一共有二十个字符宽"  # 20 wide characters
    text = f"{full}\n{full}\n短句结束了。\n\n12\n\n{full}\nA line that\nends here.\n"
    assert naive(text) == [[full + full + "短句结束了。", full + "A line that ends here."]]


def test_committed_gold_files_have_the_fixed_format():
    corpus = BENCH / "corpus"
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    sources = {e["source"] for e in manifest}
    assert len(sources) >= 6
    for src in sources:
        g = json.loads((corpus / "gold" / f"{src}.json").read_text(encoding="utf-8"))
        assert set(g) == {"source", "lang", "licence", "documents"}
        assert g["source"] == src and g["licence"] == "CC0-1.0"
        assert g["lang"] in {"zh-Hans", "zh-Hant", "en", "mixed"}
        for d in g["documents"]:
            assert set(d) == {"title_block", "paragraphs"} and d["title_block"] and d["paragraphs"]
            assert all(p == " ".join(p.split()) and "\n" not in p for p in d["title_block"] + d["paragraphs"])
    for e in manifest:
        assert set(e) == {"file", "source", "layout", "extractor", "ocr"}
        assert (corpus / e["file"]).is_file()



def test_left_over_page_number_counts_but_a_scrambled_table_does_not():
    docs = gold_docs()
    p = docs[0].index("今天我们开会。会议很重要。")
    docs[0][p:p + 1] = ["今天我们开会。会", "12", "议很重要。"]
    assert score(GOLD, docs).leftover == 2
    docs = gold_docs()
    docs[0][p] = "会议很重要。今天我们开会。"  # the same characters in another order (a scrambled table)
    sc = score(GOLD, docs)
    assert sc.inserted > 0 and sc.lost > 0
    assert sc.leftover == 0


def test_left_over_number_counts_when_the_same_digit_is_lost_far_away():
    docs = gold_docs()
    docs[0][docs[0].index("2019")] = "209"  # a 1 lost here ...
    docs[1].insert(1, "1")  # ... and a page number 1 left over in the next document
    assert score(GOLD, docs).leftover == 0  # near each other (under MOVE_SPAN): a move
    assert quality_metrics.leftover_chars(*_aligned(docs), span=5) == 1  # apart: a left-over


def test_misread_character_is_no_left_over():
    docs = gold_docs()
    docs[1][2] = "第二，要抓好落宝。"  # 实 read as 宝
    sc = score(GOLD, docs)
    assert sc.replaced == 1 and sc.leftover == 0


def _aligned(docs):
    g = quality_metrics.stream_of(*quality_metrics.gold_docs(GOLD))
    s = quality_metrics.stream_of(docs)
    return quality_metrics.align(g.chars, s.chars), g.chars, s.chars
