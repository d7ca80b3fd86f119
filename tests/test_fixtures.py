"""Every fixture case under fixtures/ produces exactly its reviewed expected output.

Runs through the same code as `textmend check fixtures/`. After an intended change, run
`textmend check fixtures/ --update` and review `git diff fixtures/` before committing.
"""

from __future__ import annotations

import pytest

from pipeline.fixtures import check_case, find_cases, pipeline_for
from pipeline.io import decode

from .conftest import FIXTURES

CASES = find_cases(FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_fixture_matches_expected(case):
    result = check_case(case)
    assert result.ok, "\n".join(result.diffs.values())


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_fixture_is_idempotent_and_replayable(case):
    pipeline = pipeline_for(case)
    text, meta = decode((case / "input.txt").read_bytes(), "input.txt")
    docs = pipeline.run(text, "input.txt", meta)
    for doc in docs:
        assert doc.replay() == doc.text
        again = pipeline.run(doc.text)
        assert "".join(d.text for d in again) == doc.text, f"second pass changed document {doc.index}"
