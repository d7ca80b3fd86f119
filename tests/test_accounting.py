"""No silent loss: on every fixture (and every benchmark raw file, when bench/corpus/raw/ exists),
every non-whitespace character missing from the output was removed by a recorded edit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline import Pipeline
from pipeline.accounting import account
from pipeline.fixtures import find_cases, pipeline_for
from pipeline.io import decode

from .conftest import FIXTURES, ROOT

CASES = find_cases(FIXTURES)
BENCH_RAW = sorted((ROOT / "bench" / "corpus" / "raw").glob("*.txt"))


def assert_accounted(pipeline: Pipeline, path: Path) -> None:
    text, meta = decode(path.read_bytes(), path.name)
    docs = pipeline.run(text, path.name, meta)
    acc = account(docs)
    assert acc.ok, f"{path}: lost without an edit: {dict(acc.unexplained)}"


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_fixture_loses_nothing_silently(case):
    assert_accounted(pipeline_for(case), case / "input.txt")


@pytest.mark.parametrize("path", BENCH_RAW, ids=[p.name for p in BENCH_RAW])
def test_benchmark_file_loses_nothing_silently(path):
    assert_accounted(Pipeline(), path)


def test_accounting_detects_a_silent_loss():
    """The check itself can fail: drop a character outside any edit and it is reported."""
    doc = Pipeline().run("第一段文字。\n\n第二段文字。\n")[0]
    cut = doc.text.index("二")
    broken = dataclasses.replace(doc, text=doc.text[:cut] + doc.text[cut + 1 :])
    assert dict(account([broken]).unexplained) == {"二": 1}
