"""Fuzz the pipeline for a time budget with the property-test strategies (tests/strategies.py).

    python3 bench/fuzz.py --minutes 10            # both strategies, alternating batches
    python3 bench/fuzz.py --minutes 60 --no-idempotence

Checks every input for: no crash, determinism, replay, content accounting and (unless
--no-idempotence) that a second pass changes nothing. Prints each distinct failure once with
its shrunk (minimal) input, then the count of inputs tried. Exit 1 if anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from pipeline import Pipeline  # noqa: E402
from tests.strategies import extracted_text, noise_text  # noqa: E402
from tests.test_properties import check_properties, second_pass_changes  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--batch", type=int, default=2000, help="examples per hypothesis run")
    ap.add_argument("--no-idempotence", action="store_true", help="do not check that a second pass changes nothing")
    args = ap.parse_args()
    pipeline = Pipeline()
    deadline = time.monotonic() + args.minutes * 60
    tried = 0
    failures: dict[str, str] = {}  # failure kind -> shrunk input

    def check(raw: str) -> None:
        nonlocal tried
        tried += 1
        check_properties(pipeline, raw)
        if not args.no_idempotence:
            changed = second_pass_changes(pipeline, raw)
            assert not changed, f"a second pass changed a document: {changed[0][0]!r} -> {changed[0][1]!r}"

    round_no = 0
    while time.monotonic() < deadline:
        strategy = (extracted_text(), noise_text)[round_no % 2]
        round_no += 1
        test = settings(
            max_examples=args.batch,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(check))
        try:
            test()  # no database and no derandomize: each batch draws fresh random inputs
        except Exception as e:  # a property failed: hypothesis has shrunk the input
            kind = f"{type(e).__name__}: {(str(e).splitlines() or [''])[0][:120]}"
            example = getattr(e, "__notes__", [""])
            if kind not in failures:
                failures[kind] = " ".join(example)
                print(f"FAILED {kind}\n  {failures[kind]}", flush=True)
        print(f"{time.strftime('%H:%M:%S')} tried {tried}", flush=True)
    print(f"inputs tried: {tried}; distinct failures: {len(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
