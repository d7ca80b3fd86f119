"""Check that a change keeps textmend's output byte-identical (for perf: commits).

    python3 bench/identical.py record /tmp/before.json   # on the commit before the change
    python3 bench/identical.py check /tmp/before.json    # after it: lists every input that differs

Inputs: every fixture input, every raw file of the quality corpus (bench/corpus/raw), and the
sample repeated 12 times. For each it digests every document's text, line range and full
edit record (stage, options, edits with reasons and confidences).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import Pipeline  # noqa: E402


def inputs() -> dict[str, str]:
    out = {}
    for p in sorted((ROOT / "fixtures").glob("*/input.txt")) + sorted((ROOT / "bench" / "corpus" / "raw").glob("*.txt")):
        try:
            out[str(p.relative_to(ROOT))] = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the encoding fixtures: not what a perf change is checked on
    sample = (ROOT / "fixtures" / "zh-speeches-2020" / "input.txt").read_text(encoding="utf-8").rstrip("\n") + "\n"
    out["sample x12"] = sample * 12
    return out


def digest(text: str, pipeline: Pipeline) -> str:
    h = hashlib.sha256()
    for d in pipeline.run(text, "input"):
        h.update(repr((d.index, d.first_line, d.last_line, d.raw, d.text, d.steps)).encode())
    return h.hexdigest()


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    pipelines = {"default": Pipeline(), "s2t": Pipeline(convert="s2t")}
    now = {f"{k} [{name}]": digest(t, p) for k, t in inputs().items() for name, p in pipelines.items() if name == "default" or "zh" in k}
    if mode == "record":
        path.write_text(json.dumps(now, indent=1))
        print(f"recorded {len(now)} digests")
        return
    before = json.loads(path.read_text())
    differ = [k for k in before if now.get(k) != before[k]]
    for k in differ:
        print(f"DIFFERS: {k}")
    print(f"{len(before) - len(differ)} of {len(before)} identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
