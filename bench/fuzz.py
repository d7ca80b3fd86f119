"""Fuzz the whole pipeline for a while, outside CI.

    python3 bench/fuzz.py --minutes 10

Feeds generated extractor output (the strategy of tests/test_properties.py: wrapped
Chinese and Latin paragraphs with folios, form feeds, blank lines and stray punctuation) and
arbitrary Unicode text through the default pipeline, and checks what the property tests
check: no crash, deterministic, idempotent on its output, every removed character recorded,
every document replayable. Prints the number of inputs tried; exits 1 on the first failure,
printing the input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline import Pipeline  # noqa: E402
from pipeline.accounting import account  # noqa: E402
from tests.test_properties import extracted  # noqa: E402

PIPE = Pipeline()
tried = 0
failing: list[str] = []  # the last input that failed (hypothesis shrinks towards the smallest)


def check(raw: str) -> None:
    global tried
    tried += 1
    try:
        _check(raw)
    except Exception:
        failing[:] = [raw]
        raise


def _check(raw: str) -> None:
    docs = PIPE.run(raw)
    assert [d.text for d in PIPE.run(raw)] == [d.text for d in docs], "not deterministic"
    acc = account(docs)
    assert acc.ok, f"unexplained loss {acc.unexplained}"
    for d in docs:
        assert d.replay() == d.text, "replay differs"
        if d.text.strip():  # a document whose every character was an artifact has nothing to re-clean
            assert "".join(x.text for x in PIPE.run(d.text)) == d.text, "not idempotent"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    inputs = st.one_of(extracted(), st.text(max_size=400))
    rounds = 0
    try:
        while time.monotonic() < deadline:
            rounds += 1

            @settings(max_examples=500, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck))
            @given(inputs)
            def fuzz(raw: str) -> None:
                check(raw)

            fuzz()
    except Exception as e:  # an assertion, or a crash: both are findings
        print(f"FAILED after {tried} inputs: {e}\ninput: {failing[0]!r}" if failing else f"FAILED: {e}")
        return 1
    print(f"{tried} inputs in {args.minutes:g} minutes ({rounds} rounds): no crash, all deterministic, idempotent, accounted, replayable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
