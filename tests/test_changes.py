"""Character-level provenance and `textmend explain`: every change marked, every edit accounted for."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline import Document, Edit, clean
from pipeline.changes import char_ops, edit_of, marked_paragraphs
from pipeline.cli import app
from pipeline.explain import explain_documents, mark_line
from stages import DEFAULT_ORDER

from .conftest import FIXTURES

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_docs(sample_text: str) -> list[Document]:
    return clean(sample_text)


def _apply_ops(before: str, ops) -> str:
    out, pos = [], 0
    for op in ops:
        out += [before[pos : op.start], op.after]
        pos = op.end
    return "".join(out) + before[pos:]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙丙ab \n\f", max_size=30), st.text(alphabet="甲乙丙ab \n\f", max_size=30))
def test_char_ops_turn_before_into_after(before, after):
    ops = char_ops(before, after)
    assert _apply_ops(before, ops) == after
    assert all(a.end <= b.start for a, b in zip(ops, ops[1:]))


def test_char_ops_of_an_unwrap_edit_are_the_dropped_line_breaks():
    before = "凝心聚力打\n\n赢脱贫攻坚战，确保\n\n如期完成。\n\n"
    ops = char_ops(before, "凝心聚力打赢脱贫攻坚战，确保如期完成。\n")
    assert [before[o.start : o.end] for o in ops] == ["\n\n", "\n\n", "\n"]
    assert all(o.after == "" for o in ops)


def _random_doc(data) -> Document:
    doc = Document.from_text(data.draw(st.text(alphabet="甲乙丙ab \n\f", min_size=1, max_size=40)))
    for stage in range(data.draw(st.integers(0, 3))):
        text = doc.text
        points = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
        edits, pos = [], 0
        for a, b in zip(points[::2], points[1::2]):
            if a >= pos:
                edits.append(Edit(a, b, text[a:b], data.draw(st.text(alphabet="丁x\n\f", max_size=3)), f"reason {stage}"))
                pos = b
        doc = doc.with_step(f"s{stage}", {}, edits)
    return doc


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_marked_paragraphs_cover_raw_clean_and_every_edit(data):
    doc = _random_doc(data)
    paras = marked_paragraphs(doc)
    assert "".join(r.text for p in paras for r in p.raw_runs) == doc.raw
    assert "".join(r.text for p in paras for r in p.clean_runs) == doc.text
    all_edits = {(k, j) for k, s in enumerate(doc.steps) for j in range(len(s.edits))}
    touched = {e for p in paras for e in p.edits}
    # An edit is missing only if it changed nothing at all.
    assert all(doc.steps[k].edits[j].before == doc.steps[k].edits[j].after for k, j in all_edits - touched)


def test_sample_paragraphs_match_the_documents(sample_docs):
    for doc in sample_docs:
        paras = marked_paragraphs(doc)
        assert [p.clean for p in paras] == doc.paragraphs
        assert {e for p in paras for e in p.edits} == {(k, j) for k, s in enumerate(doc.steps) for j in range(len(s.edits))}
        assert paras[0].raw_first == doc.first_line and paras[-1].raw_last <= doc.last_line


def test_page_numbers_are_marked_as_page_furniture_removals(sample_docs):
    found = []
    for doc in sample_docs:
        for p in marked_paragraphs(doc):
            for r in p.raw_runs:
                if r.kind == "del" and r.text.strip():
                    stage, edit = edit_of(doc, r.edit)
                    found.append((r.text.strip(), stage, edit.reason))
    assert [(text, stage) for text, stage, _ in found] == [("2", "page_furniture"), ("18", "page_furniture"), ("27", "page_furniture")]
    assert all(reason.startswith(f"page number {text} ") for text, _, reason in found)


def test_explain_marks_page_number_inline_and_lists_edits_in_order(sample_docs):
    lines = list(explain_documents(sample_docs, "sample.txt"))
    assert lines[0] == "# sample.txt: 12 documents"
    headers = [line for line in lines if line.startswith("== ")]
    assert len(headers) == 12 and headers[1].startswith("== 2/12 在决战决胜脱贫攻坚座谈会上的讲话 · raw lines 114-490")
    k = next(i for i, line in enumerate(lines) if "[-⏎18⏎-]⟨page_furniture⟩" in line)
    # The marked paragraph reads on: the page number sat between “点对点、一站式” and 输送.
    assert re.search(r"一站式”⏎?\[-⏎18⏎-\]⟨page_furniture⟩输送", lines[k])
    assert lines[k - 1].startswith("¶") and "raw lines" in lines[k - 1]
    edits = []
    for line in lines[k + 1 :]:
        if not re.match(r"  \d+\. ", line):
            break
        edits.append(line)
    assert re.fullmatch(r"  1\. page_furniture: page number 18 \(.*\)  ‹⏎*18⏎*› → ‹[⏎␌]*›", edits[0]), edits[0]
    stages = [e.split(":")[0].split(". ")[1] for e in edits]
    assert "unwrap_lines" in stages and stages == sorted(stages, key=DEFAULT_ORDER.index)


def test_explain_shows_confidence_only_below_one(sample_docs):
    lines = list(explain_documents(sample_docs, "sample.txt"))
    marked = [line for line in lines if "[confidence" in line]
    assert marked and all(re.search(r"\[confidence 0\.\d+\]", line) for line in marked)
    assert "[confidence 1]" not in "\n".join(lines)


def test_latin_hyphen_join_and_running_header_are_marked():
    text = (FIXTURES / "latin-prose" / "input.txt").read_text(encoding="utf-8")
    doc = clean(text)[0]
    lines = [mark_line(doc, p.runs) for p in marked_paragraphs(doc)]
    assert lines[0] == "[-A Practical Guide to Tools⏎-]⟨page_furniture⟩Chapter 2. Installing the Tools"
    assert any("Most mes[--⏎-]⟨unwrap_lines⟩[-Page 12⏎-]⟨page_furniture⟩" in line for line in lines)
    # A Latin join (line break to space) is a bare ⏎: the line stays readable.
    assert "up to date. The⏎installation is straightforward" in lines[1]


def test_explain_command(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text((FIXTURES / "furniture-traps" / "input.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["explain", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# {src}: 1 document\n")
    assert "[-- 2 -⏎-]⟨page_furniture⟩" in result.stdout
    # Paragraphs no edit touched are left out unless --all asks for them.
    full = runner.invoke(app, ["explain", str(src), "--all"])
    count = lambda out: len(re.findall(r"(?m)^¶\d+ ", out))  # noqa: E731
    assert count(full.stdout) == 20 > count(result.stdout)


def test_explain_runs_the_pipeline_clean_would_run():
    skipped = runner.invoke(app, ["explain", str(FIXTURES / "latin-prose" / "input.txt"), "--skip", "page_furniture"])
    assert skipped.exit_code == 0
    assert "page_furniture" not in skipped.stdout and "unwrap_lines: " in skipped.stdout
    bad = runner.invoke(app, ["explain", str(FIXTURES / "latin-prose" / "input.txt"), "--option", "unwrap_lines.nope=1"])
    assert bad.exit_code == 2 and "unknown option 'nope' for stage 'unwrap_lines'" in bad.stderr


def test_explain_missing_file_names_it():
    result = runner.invoke(app, ["explain", "/nonexistent/x.txt"])
    assert result.exit_code == 1
    assert "/nonexistent/x.txt: cannot read" in result.stderr


def test_clean_changes_writes_one_changes_file_per_document(tmp_path):
    src = FIXTURES / "zh-speeches-2020" / "input.txt"
    plain = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "plain")])
    assert plain.exit_code == 0 and not list((tmp_path / "plain").rglob("*.changes.txt"))
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path), "--changes"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "input"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    explained = runner.invoke(app, ["explain", str(src)]).stdout
    sections = explained.split("\n== ")[1:]
    assert len(manifest["documents"]) == len(sections) == 12
    for doc, section in zip(manifest["documents"], sections):
        assert doc["changes"] == doc["text"].removesuffix(".txt") + ".changes.txt"
        assert (out / doc["changes"]).read_text(encoding="utf-8").rstrip("\n") == "== " + section.rstrip("\n")


def test_changes_files_follow_the_documents_when_a_file_is_cleaned_in_blocks(tmp_path):
    src = FIXTURES / "zh-speeches-2020" / "input.txt"
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path), "--changes", "--block-mb", "0.02"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "input"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for doc in manifest["documents"]:
        body = (out / doc["changes"]).read_text(encoding="utf-8")
        # The count of documents is unknown while streaming: the header numbers the document alone.
        assert body.startswith(f"== {doc['index']} {doc['title']} · raw lines {doc['lines'][0]}-{doc['lines'][1]} ")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["manifest.json"] + [d[k] for d in manifest["documents"] for k in ("text", "diff", "changes")]
    )
