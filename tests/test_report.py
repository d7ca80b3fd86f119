"""The HTML report: self-contained, escaped, and what headless Chromium shows of it.

The browser test opens the sample's report in Chromium and reads the DOM after the page's
script ran: the 12 documents in order, the page numbers 2, 18 and 27 as removals attributed
to page_furniture, the stage filter's counts, and `#only=page_furniture` switching the other
stages' highlights off.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import Pipeline, clean
from pipeline.cli import app
from pipeline.report import render_report

from .conftest import FIXTURES
from .test_sample import TITLES

runner = CliRunner()
SAMPLE = FIXTURES / "zh-speeches-2020" / "input.txt"


class ReportDom(HTMLParser):
    """The parts of a report the tests look at: document titles, marks, the body's state."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.marks: list[tuple[str, str, str, str]] = []  # (tag, stage, text without glyphs, title)
        self.body: dict[str, str] = {}
        self.counts: dict[str, str] = {}
        self.external: list[str] = []
        self._in_h2 = False
        self._mark: list | None = None
        self._glyph = 0
        self._count: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = {k: v or "" for k, v in a.items()}
        elif tag == "h2":
            self._in_h2 = True
            self.titles.append("")
        elif tag in ("del", "ins") and "m" in (a.get("class") or "").split():
            self._mark = [tag, a.get("data-stage", ""), "", a.get("title", "")]
        elif tag == "span" and a.get("class") == "g":
            self._glyph += 1
        elif tag == "small" and "data-count" in a:
            self._count = a["data-count"]
            self.counts[self._count] = ""
        if a.get("src") or (tag == "link" and a.get("href")):
            self.external.append(f"{tag} {a}")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
        elif tag in ("del", "ins") and self._mark is not None:
            self.marks.append(tuple(self._mark))
            self._mark = None
        elif tag == "span" and self._glyph:
            self._glyph -= 1
        elif tag == "small":
            self._count = None

    def handle_data(self, data):
        if self._in_h2:
            self.titles[-1] += data
        if self._mark is not None and not self._glyph:
            self._mark[2] += data
        if self._count is not None:
            self.counts[self._count] += data


def parse(html: str) -> ReportDom:
    dom = ReportDom()
    dom.feed(html)
    return dom


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"12 documents -> {out}" in result.stderr
    return out


def _page_numbers(dom: ReportDom) -> list[tuple[str, str]]:
    return [(text.strip(), stage) for tag, stage, text, _ in dom.marks if tag == "del" and text.strip().isdigit()]


def test_report_is_self_contained_and_lists_documents(sample_report):
    html = sample_report.read_text(encoding="utf-8")
    dom = parse(html)
    assert not dom.external and "http" not in html.split("<main>")[0]
    assert [re.sub(r"^\d+\. ", "", t) for t in dom.titles] == TITLES
    assert _page_numbers(dom) == [("2", "page_furniture"), ("18", "page_furniture"), ("27", "page_furniture")]
    # The summary's total row: 12 documents, their paragraphs, and every edit of every stage.
    docs = clean(SAMPLE.read_text(encoding="utf-8"))
    total = sum(sum(d.edit_counts().values()) for d in docs)
    paragraphs = sum(len(d.paragraphs) for d in docs)
    foot = re.search(r"<tfoot>(.*?)</tfoot>", html).group(1)
    stages = [s for s in Pipeline().stage_names if any(s in d.edit_counts() for d in docs)]
    per_stage = [str(sum(d.edit_counts().get(s, 0) for d in docs)) for s in stages]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", foot) == ["", "12 documents", "", str(paragraphs), *per_stage, str(total)]
    assert "page_furniture" in stages and "unwrap_lines" in stages


def test_everything_from_the_input_is_escaped():
    text = "标题 <b>&amp;</b>\n\n正文<script>alert(1)</script>第一段，\n\n接着写完。\n"
    pipeline = Pipeline()
    html = render_report('a"<x>.txt', pipeline.run(text, "x"), pipeline.stage_names)
    assert "<script>alert" not in html and "<b>" not in html and '"<x>' not in html
    assert "正文&lt;script&gt;alert(1)&lt;/script&gt;第一段，" in html
    assert "标题 &lt;b&gt;&amp;amp;&lt;/b&gt;" in html
    assert "textmend report: a&quot;&lt;x&gt;.txt" in html


def _dump_dom(url: str) -> str:
    profile = tempfile.mkdtemp(prefix="textmend-chromium-")
    try:
        result = subprocess.run(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--virtual-time-budget=5000", "--dump-dom", url,
            ],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return result.stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs headless chromium (Debian package 'chromium'; .ci/run installs it)")
def test_chromium_shows_documents_and_page_number_removals(sample_report):
    static = parse(sample_report.read_text(encoding="utf-8"))
    dom = parse(_dump_dom(sample_report.as_uri()))
    assert dom.body.get("data-ready") == "1", "the report's script did not run"
    assert [re.sub(r"^\d+\. ", "", t) for t in dom.titles] == TITLES
    removals = [(text.strip(), stage, title) for tag, stage, text, title in dom.marks if tag == "del" and text.strip().isdigit()]
    assert [(t, s) for t, s, _ in removals] == [("2", "page_furniture"), ("18", "page_furniture"), ("27", "page_furniture")]
    assert all(title.startswith(f"page_furniture: page number {t} ") for t, _, title in removals)
    # The script counted each stage's marks in the page it was given.
    for stage in ("page_furniture", "unwrap_lines"):
        marks = sum(1 for _, s, _, _ in static.marks if s == stage)
        assert re.fullmatch(rf"\d+ edits, {marks} marks", dom.counts[stage]), dom.counts
    assert "off-" not in dom.body.get("class", "")
    # Opened with #only=page_furniture, the other stages' highlights are off.
    only = parse(_dump_dom(sample_report.as_uri() + "#only=page_furniture"))
    classes = only.body.get("class", "").split()
    assert "off-unwrap_lines" in classes and "off-page_joins" in classes and "off-page_furniture" not in classes


def test_report_errors_name_the_file(tmp_path):
    missing = runner.invoke(app, ["report", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "r.html")])
    assert missing.exit_code == 1 and "nope.txt: cannot read" in missing.stderr
    into_dir = runner.invoke(app, ["report", str(SAMPLE), "-o", str(tmp_path)])
    assert into_dir.exit_code == 1 and "is a directory; give a file name" in into_dir.stderr
    assert not (tmp_path / "r.html").exists()
