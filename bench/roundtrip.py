"""Script conversion round trip on the quality corpus: does `--convert` cost content?

    python3 bench/roundtrip.py            # every raw file of a Simplified or mixed source

For each file: the content error rate (bench/quality_metrics.py) of the default pipeline; of the
pipeline with `--convert s2t` whose documents are then converted back with `--convert t2s`
(textmend's `convert` stage alone); and of OpenCC's own round trip (s2t then t2s, plain OpenCC)
applied to the default output, which is what the round trip costs where OpenCC itself is lossy.
The bar: textmend's round trip equals OpenCC's own on every file, so its error rate is the
default's wherever OpenCC is lossless.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import Pipeline  # noqa: E402
from quality_metrics import score  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"


def main() -> int:
    entries = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    default, to_trad, back = Pipeline(), Pipeline(convert="s2t"), Pipeline(stages=["convert"], convert="t2s")
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    print(f"{'file':42} {'default':>8} {'textmend s2t,t2s':>17} {'OpenCC s2t,t2s':>15}  same")
    differ = 0
    totals = [0, 0, 0]
    for e in entries:
        gold = json.loads((CORPUS / "gold" / f"{e['source']}.json").read_text(encoding="utf-8"))
        if gold["lang"] not in ("zh-Hans", "mixed"):
            continue
        raw = (CORPUS / e["file"]).read_text(encoding="utf-8")
        plain = [d.paragraphs for d in default.run(raw)]
        trip = [[p for b in back.run(d.text) for p in b.paragraphs] for d in to_trad.run(raw)]
        reference = [[t2s.convert(s2t.convert(p)) for p in doc] for doc in plain]
        cers = [score(gold, docs).content_error * 100 for docs in (plain, trip, reference)]
        same = trip == reference
        differ += not same
        totals = [t + c for t, c in zip(totals, cers)]
        print(f"{Path(e['file']).name:42} {cers[0]:>7.2f}% {cers[1]:>16.2f}% {cers[2]:>14.2f}%  {'yes' if same else 'NO'}")
    print(f"files where textmend's round trip differs from OpenCC's own: {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
