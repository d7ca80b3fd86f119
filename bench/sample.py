"""Measure textmend on the real sample: documents, furniture, accounting, stability, time.

    python3 bench/sample.py [PATH]

PATH defaults to the sample committed as a fixture. Prints what the end-to-end issue's
bar asks for; the times are pipeline time only (no file I/O), median of 7 runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import Pipeline  # noqa: E402
from pipeline.accounting import account  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures" / "zh-speeches-2020" / "input.txt"
    text = path.read_text(encoding="utf-8")
    pipe = Pipeline()
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        docs = pipe.run(text, str(path))
        times.append(time.perf_counter() - t0)
    removed = [e.before.strip() for d in docs for s, e in d.edits if s == "page_furniture" and e.before.strip()]
    page_starts = sum(1 for d in docs for s, e in d.edits if s == "page_furniture" and not e.before.strip())
    acc = account(docs)
    again = [p for d in docs for p in pipe.run(d.text)]
    stable = "".join(d.text for d in again) == "".join(d.text for d in docs)
    print(f"input: {path} ({len(text.encode('utf-8')) / 1e3:.0f} kB, {text.count(chr(10))} lines)")
    print(f"documents: {len(docs)}")
    for d in docs:
        print(f"  {d.index:2d}. lines {d.first_line}-{d.last_line}  {len(d.paragraphs):3d} paragraphs  {d.title}")
    print(f"page furniture removed: {removed}; page starts marked: {page_starts}")
    print(f"content accounting: lost {sum(acc.lost.values())} characters, unexplained {sum(acc.unexplained.values())}")
    print(f"idempotent: {stable}")
    print(f"pipeline time: median {statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
