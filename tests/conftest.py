from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "samples" / "zh-speeches-2020.pdftext.txt"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def sample_text() -> str:
    # The sample is committed as a fixture input too, so tests never depend on ../shared.
    return (FIXTURES / "zh-speeches-2020" / "input.txt").read_text(encoding="utf-8")

# Property tests check the same examples on every run (a red CI must mean a change broke
# something, not that a new random example was drawn); bench/fuzz.py explores at random.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
_hypothesis_settings.load_profile("repeatable")
