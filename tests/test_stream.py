"""Streaming: a large file cleaned in blocks gives the documents of the whole-file run."""

from __future__ import annotations

import filecmp
from pathlib import Path

from typer.testing import CliRunner

from pipeline import Pipeline
from pipeline.cli import app
from pipeline.stream import read_blocks, stream_documents

from .conftest import FIXTURES

SAMPLE = FIXTURES / "zh-speeches-2020" / "input.txt"


def _repeated(tmp_path: Path, times: int) -> Path:
    unit = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path = tmp_path / "corpus.pdftext.txt"
    path.write_text(unit * times, encoding="utf-8")
    return path


def _record(d):
    return (d.index, d.first_line, d.last_line, d.raw, d.text, d.steps)


def test_blocks_end_at_line_ends_and_cover_the_file(tmp_path):
    path = _repeated(tmp_path, 2)
    blocks = list(read_blocks(path, 10_000))
    assert len(blocks) > 10
    assert b"".join(blocks) == path.read_bytes()
    assert all(b.endswith(b"\n") for b in blocks)


def test_streamed_documents_are_the_whole_runs(tmp_path):
    # Blocks of ~3.5 copies of the sample: 12 repeats make three blocks, each cut where a
    # document ends. Every document, its line numbers and its edit record must match. (A
    # block must hold two copies at least: unwrap_lines keeps a short line that "stands alone
    # elsewhere in the file" apart, and in a block, the file is the block.)
    path = _repeated(tmp_path, 12)
    pipeline = Pipeline()
    whole = pipeline.run(path.read_text(encoding="utf-8"), str(path))
    streamed = list(stream_documents(pipeline, path, block_bytes=300_000, margin=20_000))
    assert len(whole) == 144
    assert [_record(d) for d in streamed] == [_record(d) for d in whole]


def test_text_without_document_boundaries_is_cut_at_page_starts(tmp_path):
    # No split stage: the pipeline never ends a document, so the carried text would grow
    # without bound; it is cut at a page start instead, and no raw text is lost or repeated.
    path = _repeated(tmp_path, 3)
    raw = path.read_text(encoding="utf-8")
    pipeline = Pipeline(skip=["split_documents"])
    docs = list(stream_documents(pipeline, path, block_bytes=5_000))
    assert len(docs) > 3
    assert "".join(d.raw for d in docs) == raw
    for d in docs[1:]:
        assert d.raw.startswith(" "), "each part starts at a page start"
    assert [d.index for d in docs] == list(range(1, len(docs) + 1))


def test_cli_output_is_the_same_streamed_or_whole(tmp_path):
    # 288 documents (numbered with three digits) in three blocks of ~9 copies; the default
    # margin (1/64 of a block) spans a page-number sequence of the sample (2, 18, 27).
    path = _repeated(tmp_path, 24)
    runner = CliRunner()
    for out, block in (("whole", "64"), ("streamed", "0.8")):
        result = runner.invoke(app, ["clean", str(path), "-o", str(tmp_path / out), "--block-mb", block])
        assert result.exit_code == 0, result.output
    a, b = tmp_path / "whole" / "corpus", tmp_path / "streamed" / "corpus"
    names = sorted(p.name for p in a.iterdir())
    assert len(names) == 2 * 288 + 1 and "001-中共中央政治局常务委员会召开会议.txt" in names
    assert names == sorted(p.name for p in b.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == []
