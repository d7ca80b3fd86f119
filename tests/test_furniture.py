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
