"""Writing results: atomic replacement, inputs never touched, stale documents gone, --verify."""

from __future__ import annotations

import dataclasses
import errno
import json
from pathlib import Path

import pipeline.io
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.runner import Pipeline

from .conftest import FIXTURES

runner = CliRunner()
SAMPLE = FIXTURES / "zh-speeches-2020" / "input.txt"
TWO_DOCS = "第一篇\n（2020年3月1日）\n正文第一段。\n\f第二篇讲话\n（2020年3月2日）\n同志们：\n正文。\n"
ONE_DOC = "第一篇\n（2020年3月1日）\n正文第一段。\n"


def clean(*args: str):
    return runner.invoke(app, ["clean", *args])


def listing(d: Path) -> list[str]:
    return sorted(str(p.relative_to(d)) for p in d.rglob("*"))


def test_output_beside_the_input_never_touches_it_and_is_not_read_back(tmp_path):
    src = tmp_path / "x.txt"
    src.write_text(TWO_DOCS, encoding="utf-8")
    before = src.read_bytes()
    assert clean(str(src), "-o", str(tmp_path)).exit_code == 0
    assert src.read_bytes() == before
    docs = sorted(p.name for p in (tmp_path / "x").glob("*.txt"))
    assert docs == ["01-第一篇.txt", "02-第二篇讲话.txt"]
    # Cleaning the directory again reads x.txt only, not the documents written beside it.
    result = clean(str(tmp_path), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [f"{src}: 2 documents -> {tmp_path / 'x'}"]
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x", "x.txt"]


def test_input_that_would_be_its_own_output_directory_is_refused(tmp_path):
    src = tmp_path / "notes"  # no suffix: its results would go to tmp_path/notes, the input itself
    src.write_text(ONE_DOC, encoding="utf-8")
    result = clean(str(src), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {src}: is inside the output directory {src}; choose another -o"
    assert src.read_text(encoding="utf-8") == ONE_DOC


def test_rerun_replaces_stale_documents(tmp_path):
    src = tmp_path / "in" / "x.txt"
    src.parent.mkdir()
    src.write_text(TWO_DOCS, encoding="utf-8")
    out = tmp_path / "out"
    assert clean(str(src), "-o", str(out)).exit_code == 0
    assert len(list((out / "x").glob("*.txt"))) == 2
    src.write_text(ONE_DOC, encoding="utf-8")
    assert clean(str(src), "-o", str(out)).exit_code == 0
    assert listing(out) == ["x", "x/01-第一篇.diff", "x/01-第一篇.txt", "x/manifest.json"]


def test_failed_write_keeps_the_previous_results_and_the_batch_goes_on(tmp_path, monkeypatch):
    a = tmp_path / "in" / "a.txt"
    b = tmp_path / "in" / "b.txt"
    a.parent.mkdir()
    a.write_text(TWO_DOCS, encoding="utf-8")
    b.write_text(ONE_DOC, encoding="utf-8")
    out = tmp_path / "out"
    assert clean(str(a), "-o", str(out)).exit_code == 0
    previous = {p: (out / p).read_bytes() for p in listing(out) if (out / p).is_file()}

    real_diff = pipeline.io.document_diff

    def disk_full_on_a(doc, source_name, clean_name):
        if source_name == str(a) and doc.index == 2:  # the second document of a: half written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_diff(doc, source_name, clean_name)

    monkeypatch.setattr(pipeline.io, "document_diff", disk_full_on_a)
    result = clean(str(a), str(b), "-o", str(out))
    assert result.exit_code == 1
    assert f"Error: {a}: cannot write results: No space left on device" in result.stderr.splitlines()
    assert f"{b}: 1 document -> {out / 'b'}" in result.stderr
    # a's earlier results are intact and complete; no temporary directory is left behind.
    assert {p: (out / p).read_bytes() for p in listing(out) if p.startswith("a/")} == previous
    assert sorted(p.name for p in out.iterdir()) == ["a", "b"]


def test_verify_passes_on_the_sample(tmp_path):
    result = clean(str(SAMPLE), "--verify", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "input" / "manifest.json").is_file()


def test_verify_fails_a_file_that_lost_text_silently(tmp_path, monkeypatch):
    """A stage bug that drops text without an edit (simulated) fails the file, which is not written."""
    real_run = Pipeline.run

    def lossy_run(self, text, source="<text>", meta=None):
        docs = real_run(self, text, source, meta)
        first = docs[0]
        cut = first.text.index("正文第一段")
        return [dataclasses.replace(first, text=first.text[:cut] + first.text[cut + 2 :]), *docs[1:]]

    monkeypatch.setattr(Pipeline, "run", lossy_run)
    src = tmp_path / "x.txt"
    src.write_text(TWO_DOCS, encoding="utf-8")
    out = tmp_path / "out"
    result = clean(str(src), "--verify", "-o", str(out))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {src}: document 1 lost characters no edit records removing: ")
    assert "正" in line and "文" in line
    assert not out.exists() or list(out.iterdir()) == []
    # Without --verify the loss goes unnoticed: that is what the flag is for.
    assert clean(str(src), "-o", str(out)).exit_code == 0


def test_one_long_line_is_cleaned_whole(tmp_path):
    """1 MB on one line (no newline anywhere) is one document; the old quadratic patterns took
    minutes for this. (Measured outside the tests for 100 MB of Latin and Chinese words,
    brackets, e-mail and URLs: 114 s, 2.2 GB peak; speed is measured by bench/, not here.)
    """
    unit = "Alpha beta, gamma (delta) 中文测试，的了。(注) a@b.cn http://x.y/z 12:30 ... "
    src = tmp_path / "long.txt"
    src.write_text(unit * (1_000_000 // len(unit.encode("utf-8"))), encoding="utf-8")
    result = clean(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "long" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 1 and manifest["documents"][0]["lines"] == [1, 1]
