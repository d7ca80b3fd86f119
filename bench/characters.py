"""Count what the punctuation bar measures on OCR text, before and after textmend.

    python3 bench/characters.py [--all] CORPUS_DIR_OR_FILES...

A corpus directory holds `manifest.json` (a list of {"file", "ocr", ...}); its OCR files are
measured (every file with --all). Otherwise each path is a raw text file. For each file:

  (a) half-width , . : ; ? ! ( ) with a CJK character right beside it, outside protected spans
      (URLs, e-mail, paths, code: stages/_protect.py);
  (b) spaces between two CJK characters; for a corpus file, only those its gold text does not
      have between the same two characters (a table's cell gaps and a signature's gap are real);
  (c) damage checks: decimals and times (3.14, 10:30), URLs and e-mail addresses, each counted
      before and after; the counts must not drop.

"after" is the text of every document the default pipeline writes for the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import Pipeline  # noqa: E402
from pipeline.io import decode  # noqa: E402
from stages._protect import protected_spans  # noqa: E402
from stages._text import CJK_CHAR  # noqa: E402

RE_HALF_BESIDE_CJK = regex.compile(rf"(?<={CJK_CHAR})[,.:;?!()]|[,.:;?!()](?={CJK_CHAR})")
RE_SPACE_BETWEEN_CJK = regex.compile(rf"(?<={CJK_CHAR})[ \t]+(?={CJK_CHAR})")
RE_NUMBER = regex.compile(r"\d[.:]\d")
RE_ADDRESS = regex.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-/]+|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def spaced_pairs(text: str) -> Counter[tuple[str, str]]:
    """The CJK characters on either side of each run of spaces between two CJK characters."""
    return Counter((text[m.start() - 1], text[m.end()]) for m in RE_SPACE_BETWEEN_CJK.finditer(text))


def counts(text: str, gold: str | None = None) -> dict[str, int]:
    spans = protected_spans(text)
    pairs = spaced_pairs(text)
    if gold is not None:
        pairs -= spaced_pairs(gold)

    def outside(i: int) -> bool:
        return not any(a <= i < b for a, b in spans)

    return {
        "half_width_beside_cjk": sum(1 for m in RE_HALF_BESIDE_CJK.finditer(text) if outside(m.start())),
        "spaces_between_cjk": sum(pairs.values()),
        "numbers": len(RE_NUMBER.findall(text)),
        "addresses": len(RE_ADDRESS.findall(text)),
    }


def files_of(args: list[str], everything: bool) -> list[tuple[Path, str | None]]:
    """(raw file, its gold text or None) for every file to measure."""
    out: list[tuple[Path, str | None]] = []
    for a in args:
        p = Path(a)
        if (p / "manifest.json").is_file():
            entries = json.loads((p / "manifest.json").read_text(encoding="utf-8"))
            for e in entries:
                if everything or e.get("ocr"):
                    gold = json.loads((p / "gold" / f"{e['source']}.json").read_text(encoding="utf-8"))
                    text = "\n".join(line for doc in gold["documents"] for line in doc["title_block"] + doc["paragraphs"])
                    out.append((p / e["file"], text))
        else:
            out.append((p, None))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="a corpus directory with manifest.json, or raw text files")
    ap.add_argument("--all", action="store_true", help="measure every file of a corpus, not only the OCR ones")
    args = ap.parse_args()
    pipe = Pipeline()
    totals = {"before": dict.fromkeys(("half_width_beside_cjk", "spaces_between_cjk", "numbers", "addresses"), 0)}
    totals["after"] = dict(totals["before"])
    damaged = []
    print(f"{'file':45} {'(a) half-width':>16} {'(b) CJK spaces':>16} {'numbers':>9} {'addresses':>10}")
    for path, gold in files_of(args.paths, args.all):
        text, _ = decode(path.read_bytes(), str(path))
        after = "".join(d.text if d.text.endswith("\n") else d.text + "\n" for d in pipe.run(text, str(path)))
        b, a = counts(text, gold), counts(after, gold)
        for k in b:
            totals["before"][k] += b[k]
            totals["after"][k] += a[k]
        if a["numbers"] < b["numbers"] or a["addresses"] < b["addresses"]:
            damaged.append(path.name)
        print(
            f"{path.name:45} {b['half_width_beside_cjk']:>7} -> {a['half_width_beside_cjk']:<6} {b['spaces_between_cjk']:>7} -> {a['spaces_between_cjk']:<6}"
            f" {b['numbers']:>3} -> {a['numbers']:<3} {b['addresses']:>3} -> {a['addresses']:<3}"
        )
    b, a = totals["before"], totals["after"]
    print(
        f"{'total':45} {b['half_width_beside_cjk']:>7} -> {a['half_width_beside_cjk']:<6} {b['spaces_between_cjk']:>7} -> {a['spaces_between_cjk']:<6}"
        f" {b['numbers']:>3} -> {a['numbers']:<3} {b['addresses']:>3} -> {a['addresses']:<3}"
    )
    if damaged:
        print(f"numbers or addresses lost in: {', '.join(damaged)}")
    return 1 if damaged else 0


if __name__ == "__main__":
    raise SystemExit(main())
