"""`clean --format jsonl`: one JSON object per document on standard output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline import clean
from pipeline.cli import app

from .conftest import FIXTURES
from .test_sample import TITLES

runner = CliRunner()
SAMPLE = FIXTURES / "zh-speeches-2020" / "input.txt"


def test_jsonl_has_one_object_per_document_matching_the_files(tmp_path):
    result = runner.invoke(app, ["clean", str(SAMPLE), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == TITLES
    assert [r["index"] for r in records] == list(range(1, 13))
    assert all(r["source"] == str(SAMPLE) for r in records)
    assert records[0]["lines"][0] == 1 and all(a["lines"][1] + 1 == b["lines"][0] for a, b in zip(records, records[1:]))
    docs = clean(SAMPLE.read_text(encoding="utf-8"))
    assert [r["edits"] for r in records] == [d.edit_counts() for d in docs]
    assert sum(r["edits"].get("page_furniture", 0) for r in records) >= 3  # at least the page numbers 2, 18, 27
    # The text is exactly what `clean` writes to the document files, one paragraph per line.
    runner.invoke(app, ["clean", str(SAMPLE), "-o", str(tmp_path)])
    files = sorted((tmp_path / "input").glob("*.txt"))
    for record, path in zip(records, files, strict=True):
        assert record["text"] == path.read_text(encoding="utf-8")
        assert record["paragraphs"] == record["text"].splitlines()


def test_jsonl_reads_stdin_and_refuses_ambiguous_outputs(tmp_path):
    raw = "第一篇\n（2020年3月1日）\n正文第一段。\n\f第二篇讲话\n（2020年3月2日）\n同志们：\n正文。\n"
    result = runner.invoke(app, ["clean", "-", "--format", "jsonl"], input=raw.encode("utf-8"))
    assert result.exit_code == 0
    assert [json.loads(line)["paragraphs"] for line in result.stdout.splitlines()] == [
        ["第一篇", "（2020年3月1日）", "正文第一段。"],
        ["第二篇讲话", "（2020年3月2日）", "同志们：", "正文。"],
    ]
    with_o = runner.invoke(app, ["clean", str(SAMPLE), "--format", "jsonl", "-o", str(tmp_path)])
    assert with_o.exit_code == 2 and "redirect it (> FILE.jsonl) instead of -o" in with_o.stderr
    assert not any(tmp_path.iterdir())
    with_stdout = runner.invoke(app, ["clean", str(SAMPLE), "--format", "jsonl", "--stdout"])
    assert with_stdout.exit_code == 2 and "leave out --stdout" in with_stdout.stderr
    bad = runner.invoke(app, ["clean", str(SAMPLE), "--format", "xml"])
    assert bad.exit_code == 2 and "--format must be files or jsonl, not 'xml'" in bad.stderr


def test_jsonl_from_worker_processes_is_in_input_order():
    inputs = [str(SAMPLE), str(FIXTURES / "latin-prose" / "input.txt")]
    serial = runner.invoke(app, ["clean", *inputs, "--format", "jsonl"])
    parallel = runner.invoke(app, ["clean", *inputs, "--format", "jsonl", "-j", "2"])
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.stdout == serial.stdout
    assert [json.loads(line)["source"] for line in serial.stdout.splitlines()] == [inputs[0]] * 12 + [inputs[1]]
