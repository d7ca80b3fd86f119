"""On every raw file of the quality corpus: nothing lost silently, replayable, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import Pipeline
from pipeline.accounting import account

RAW = sorted((Path(__file__).resolve().parent.parent / "bench" / "corpus" / "raw").glob("*.txt"))
PIPE = Pipeline()


@pytest.mark.parametrize("path", RAW, ids=[p.name for p in RAW])
def test_corpus_file_is_accounted_replayable_and_stable(path):
    docs = PIPE.run(path.read_text(encoding="utf-8"), path.name)
    acc = account(docs)
    assert acc.ok, acc.unexplained
    for d in docs:
        assert d.replay() == d.text
        assert "".join(x.text for x in PIPE.run(d.text)) == d.text, f"second pass changed document {d.index}"
