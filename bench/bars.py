"""Check the quality bars of the furniture and paragraph issues against bench/results/quality.json.

    python3 bench/quality.py && python3 bench/bars.py

Prints, per raw file, textmend's paragraph-break F1, exact-paragraph share, inserted and lost
characters, and whether textmend beats every other system's break F1 on that file; then the
files that miss each bar. Left-over furniture is `leftover_chars`
(bench/quality_metrics.leftover_chars): the inserted characters less those that are gold
characters moved nearby. A table an extractor scrambled is inserted and lost in the alignment
(`ins`), but leaves nothing over: its characters are the gold's, in another order.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "quality.json"


def main() -> int:
    data = json.loads(RESULTS.read_text(encoding="utf-8"))
    misses: dict[str, list[str]] = {"f1": [], "exact": [], "peers": [], "leftover": [], "lost": []}
    print(f"{'file':42s} {'F1':>6s} {'exact':>6s} {'ins':>4s} {'left':>4s} {'lost':>4s}  beats peers")
    for f in data["per_file"]:
        systems = f["systems"]
        tm = systems["textmend"]
        f1 = tm["para_break"]["f1"]
        exact = tm["exact_paragraphs"]
        peers = [s["para_break"]["f1"] for name, s in systems.items() if name != "textmend" and not s.get("error")]
        if not peers:
            print("bench/results/quality.json has no peer systems: run python3 bench/quality.py (all systems) first")
            return 2
        best_peer = max(peers)
        beats = f1 > best_peer
        name = f["file"].removeprefix("raw/")
        left = tm["leftover_chars"]
        print(f"{name:42s} {f1:6.3f} {exact:6.3f} {tm['inserted_chars']:4d} {left:4d} {tm['lost_chars']:4d}  {'yes' if beats else 'NO'}")
        if f1 < (0.95 if f["ocr"] else 0.98):
            misses["f1"].append(name)
        if not f["ocr"] and exact < 0.95:
            misses["exact"].append(name)
        if not beats:
            misses["peers"].append(name)
        if not f["ocr"] and left:
            misses["leftover"].append(name)
        if tm["lost_chars"] > systems["raw"]["lost_chars"]:
            misses["lost"].append(name)  # lost beyond what the extractor itself lost
    n = len(data["per_file"])
    print()
    print(f"break F1 >= 0.98 (non-OCR) / 0.95 (OCR): {n - len(misses['f1'])}/{n} files")
    print(f"exact paragraphs >= 0.95 (non-OCR): {sum(1 for f in data['per_file'] if not f['ocr']) - len(misses['exact'])} files meet it")
    print(f"break F1 above every peer: {n - len(misses['peers'])}/{n} files")
    print(f"no left-over characters (non-OCR): {sum(1 for f in data['per_file'] if not f['ocr']) - len(misses['leftover'])} files")
    print(f"no characters lost beyond the extractor's own loss: {n - len(misses['lost'])}/{n} files")
    for bar, names in misses.items():
        if names:
            print(f"  misses {bar}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
