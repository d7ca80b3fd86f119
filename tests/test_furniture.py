"""Page furniture: every common folio form, glued folios, alternating headers, and what stays."""

from __future__ import annotations

import pytest

from pipeline import clean

BODY = [
    "数据质量是数据管理工作的核心，各部门应当建立数据质量检查制度。",
    "定期对本部门数据进行核查，发现问题及时整改，确保数据真实准确。",
    "检查结果应当报数据管理部门备案，备案材料的保存期限不少于三年。",
    "数据管理部门负责组织全单位的数据质量评估工作，每年发布报告。",
    "报告应当包括数据质量总体情况、存在的主要问题和改进措施等内容。",
]


def _pages(folio, header=None) -> str:
    pages = []
    for n, body in enumerate(BODY, start=7):
        lines = ([header(n)] if header else []) + [body, folio(n)]
        pages.append("\n".join(lines) + "\n")
    return "\f".join(pages)


def _run(raw: str) -> tuple[str, list[str]]:
    doc = clean(raw, stages=["normalize_input", "page_furniture"])[0]
    removed = [e.before.strip() for s, e in doc.edits if e.before.strip()]
    return doc.text, removed


@pytest.mark.parametrize(
    "folio",
    [
        lambda n: str(n),
        lambda n: f"- {n} -",
        lambda n: f"— {n} —",
        lambda n: f"第{n}页",
        lambda n: f"第 {n} 页",
        lambda n: f"{n}/240",
        lambda n: f"Page {n}",
        lambda n: f"第 {n} 页 共 120 页",
        lambda n: ["vii", "viii", "ix", "x", "xi"][n - 7],
    ],
    ids=["bare", "dashes", "em-dashes", "di-ye", "di-ye-spaced", "of-total", "Page", "di-ye-gong", "roman"],
)
def test_every_folio_form_is_removed_and_only_it(folio):
    text, removed = _run(_pages(folio))
    assert removed == [folio(n) for n in range(7, 12)]
    assert [line for line in text.replace("\f", "").splitlines() if line] == BODY


def test_headers_alternate_between_even_and_odd_pages():
    header = lambda n: "数据管理办法（2020年版）" if n % 2 else "第三章 数据质量"  # noqa: E731
    text, removed = _run(_pages(lambda n: f"- {n} -", header))
    assert [line for line in text.replace("\f", "").splitlines() if line] == BODY
    assert "数据管理办法" not in text and "第三章" not in text
    assert sum(r.count("数据管理办法（2020年版）") for r in removed) == 3  # pages 7, 9, 11
    assert sum(r.count("第三章 数据质量") for r in removed) == 2  # pages 8, 10


def test_folio_glued_to_the_last_line_is_removed_when_it_is_that_pages_number():
    pages = [f"{body}\n{n}\n" if n % 2 else f"{body} {n}\n" for n, body in enumerate(BODY, start=1)]
    text, removed = _run("\f".join(pages))
    assert [line for line in text.replace("\f", "").splitlines() if line] == BODY
    assert removed == ["1", "2", "3", "4", "5"]


def test_numbers_that_are_content_stay():
    # A year on its own line, a list 1-2-3 on one page, a table, and a number ending a sentence.
    raw = "2019\n\n全年工作回顾如下：\n1\n2\n3\n项目    数量\n甲      12\n这一年的报告共有\n18\n"
    text, removed = _run(raw)
    assert removed == []
    assert text == raw


EN_PAGE = [
    "Every printed page is a negotiation between the author, who wrote in",
    "sentences and paragraphs, and the typesetter, who thinks in lines and",
    "columns. When the page is turned back into plain text, the decisions",
    "of the typesetter survive as interruptions in the text, and removing",
    "them naively, as most tools still do today, damages the many gen{folio}",
]


def _en_pages(folio: str, rest: str) -> str:
    # Layout A: the book title over every page, the folio under it.
    page1 = "Notes on Printed Matter\n\n" + "\n".join(EN_PAGE).format(folio=folio) + "\n"
    page2 = f"Notes on Printed Matter\n\n{rest} compounds: a well-established convention must keep\nits hyphen, and a careful cleaner weighs the evidence of the text.\n2\n"
    page3 = "Notes on Printed Matter\n\nDictionaries help, but they are never complete, and the whole\ndocument is the best evidence a cleaner has about its words.\n3\n"
    return "\f".join([page1, page2, page3])


@pytest.mark.parametrize("folio", ["1", "—1—"])
def test_folio_glued_to_half_a_hyphenated_word_goes_and_the_word_is_rejoined(folio):
    doc = clean(_en_pages(folio, "uine"))[0]
    assert "damages the many genuine compounds: a well-established convention" in doc.text
    assert f"gen{folio}" not in doc.text and "—" not in doc.text
    reasons = [e.reason for s, e in doc.edits if s == "page_furniture"]
    assert any("glued to a word the page break splits" in r for r in reasons)


def test_number_after_a_word_stays_when_the_next_page_does_not_continue_the_word():
    text, removed = _run(_en_pages("1", "Genuine"))
    assert "damages the many gen1" in text
    assert "1" not in removed


def _three_pages(page2_top: list[str]) -> str:
    body = ["在服务器上工作，离不开一个顺手的文本编辑器，本章介绍几种常见的选择和它们的配置方法，", "并且说明在多人共用的机器上应当注意的事项，避免互相干扰，也避免把自己锁在服务器外面。"]
    page1 = ["第三章 安装与配置文本编辑器", "", "第三章 安装与配置文本编辑器", "3.1 选择编辑器", *body * 3, "1"]
    page2 = [*page2_top, *body * 3, "2"]
    page3 = ["第三章 安装与配置文本编辑器", "", "3.4 多人共用时的注意事项", *body * 2, "3"]
    return "\f".join("\n".join(p) + "\n" for p in (page1, page2, page3))


def test_even_page_header_shown_once_goes_when_it_stands_over_a_numbered_heading():
    text, removed = _run(_three_pages(["Linux 服务器运维入门", "", "3.2 基本配置"]))
    assert "Linux 服务器运维入门" not in text
    assert "3.2 基本配置" in text
    assert text.count("第三章 安装与配置文本编辑器") == 1  # the title; the two odd-page headers go


@pytest.mark.parametrize(
    "top",
    [
        ["编辑器的选择", "", "本章前面介绍的几种编辑器，各有各的长处，下面再补充说明几点。"],  # a heading over a paragraph
        ["3.2 基本配置", "", "3.2.1 配置文件"],  # numbered itself: the document's own heading
    ],
    ids=["heading-over-paragraph", "numbered"],
)
def test_lone_page_top_line_stays_without_the_evidence_of_a_header(top):
    text, removed = _run(_three_pages(top))
    assert top[0] in text and top[0] not in removed


# 100 different lines (numbered in Chinese digits, which recur in no masked form) and no page marks.
PYPDF_BODY = ["第" + "".join("〇一二三四五六七八九"[int(d)] for d in f"{n:02d}") + "行的内容写在这里，一行大约二十来个字" for n in range(100)]


def test_two_folios_without_page_marks_number_the_texts_two_pages():
    raw = "\n".join(PYPDF_BODY[:30] + ["1"] + PYPDF_BODY[30:58] + ["2"]) + "\n"
    text, removed = _run(raw)
    assert removed == ["1", "2"]
    # Not on the text's last line, the 2 may be content: nothing is believed.
    raw = "\n".join(PYPDF_BODY[:30] + ["1"] + PYPDF_BODY[30:58] + ["2"] + PYPDF_BODY[58:]) + "\n"
    assert _run(raw)[1] == []


def test_a_short_page_before_a_folio_chain_without_page_marks_is_its_first_page():
    # Page 2 ends a short document (5 lines); pages 1, 3 and 4 are full (20 lines each).
    lines = PYPDF_BODY[:20] + ["1"] + PYPDF_BODY[20:25] + ["2"] + PYPDF_BODY[25:45] + ["3"] + PYPDF_BODY[45:60] + ["4"]
    text, removed = _run("\n".join(lines) + "\n")
    assert removed == ["1", "2", "3", "4"]
    # A 1 two pages' length into the text is not the first page's number.
    lines = PYPDF_BODY[:40] + ["1"] + PYPDF_BODY[40:45] + ["2"] + PYPDF_BODY[45:65] + ["3"] + PYPDF_BODY[65:85] + ["4"]
    assert _run("\n".join(lines) + "\n")[1] == ["2", "3", "4"]
