"""Score cleaners on the quality corpus (bench/corpus): content, paragraph and document breaks, spaces.

    python3 bench/quality.py                              # all systems, all raw files
    python3 bench/quality.py --systems naive,textmend --files 'zh-*.C.*'
    python3 bench/quality.py --per-file --json /tmp/q.json

Prints tables and writes every number (per file and overall) to bench/results/quality.json.
Metrics are defined in bench/quality_metrics.py; the corpus is described in bench/corpus/README.md.

Systems (each returns documents of paragraphs, one output line per paragraph):
  raw           the input as is, every non-blank line a paragraph, one document
  naive         bench/naive.py (drop blank and digit-only lines, join until 。！？.!? on a short line)
  unstructured  unstructured.cleaners.core.group_broken_paragraphs, then clean_extra_whitespace per paragraph
  ftfy          ftfy.fix_text on the input, lines as paragraphs
  textmend      pipeline.clean(text) -> [doc.paragraphs for doc in docs]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from quality_metrics import Score, score  # noqa: E402

SYSTEMS = ("raw", "naive", "unstructured", "ftfy", "textmend")


# ---------------------------------------------------------------- systems

def sys_raw(text: str) -> list[list[str]]:
    return [[ln for ln in text.splitlines() if ln.strip()]]


def sys_naive(text: str) -> list[list[str]]:
    from naive import naive
    return naive(text)


def sys_unstructured(text: str) -> list[list[str]]:
    from unstructured.cleaners.core import clean_extra_whitespace, group_broken_paragraphs
    grouped = group_broken_paragraphs(text)
    paras = [clean_extra_whitespace(p) for p in grouped.split("\n\n")]
    # a paragraph still holding a newline would be two output lines; clean_extra_whitespace removed them
    return [[p for p in paras if p.strip()]]


def sys_ftfy(text: str) -> list[list[str]]:
    import ftfy
    return [[ln for ln in ftfy.fix_text(text).splitlines() if ln.strip()]]


def sys_textmend(text: str) -> list[list[str]]:
    from pipeline import clean
    return [list(d.paragraphs) for d in clean(text)]


RUN = {"raw": sys_raw, "naive": sys_naive, "unstructured": sys_unstructured, "ftfy": sys_ftfy,
       "textmend": sys_textmend}


def available(name: str) -> str | None:
    """None if the system can run here, else why not."""
    try:
        if name == "unstructured":
            import unstructured.cleaners.core  # noqa: F401
        elif name == "ftfy":
            import ftfy  # noqa: F401
        elif name == "textmend":
            from pipeline import clean  # noqa: F401
    except Exception as e:  # noqa: BLE001 - any import failure means unavailable
        return f"{type(e).__name__}: {e}"
    return None


# ---------------------------------------------------------------- running

def score_file(entry: dict, systems: list[str]) -> dict:
    raw = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    gold = json.loads((CORPUS / "gold" / f"{entry['source']}.json").read_text(encoding="utf-8"))
    out = {}
    for name in systems:
        t0 = time.perf_counter()
        err = None
        try:
            docs = RUN[name](raw)
        except Exception as e:  # noqa: BLE001 - a crash is scored as empty output and reported
            docs, err = [[]], f"{type(e).__name__}: {e}"
        dt = time.perf_counter() - t0
        sc = score(gold, docs)
        out[name] = {"score": sc, "seconds": dt, "error": err}
    return {"entry": entry, "bytes": len(raw.encode("utf-8")), "systems": out}


def _fmt_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    lines = [_fmt_row(head, widths), "  ".join("-" * w for w in widths)]
    lines += [_fmt_row(r, widths) for r in rows]
    return "\n".join(lines)


HEAD = ["system", "files", "CER%", "lost", "ins", "repl", "brk P", "brk R", "brk F1", "doc F1",
        "exact%", "lostsp", "artsp", "errors", "sec"]


def _cells(name: str, sc: Score, n: int, errors: int, sec: float) -> list[str]:
    return [name, str(n), f"{100 * sc.content_error:.2f}", str(sc.lost), str(sc.inserted), str(sc.replaced),
            f"{sc.paras.precision:.3f}", f"{sc.paras.recall:.3f}", f"{sc.paras.f1:.3f}", f"{sc.docs.f1:.3f}",
            f"{100 * sc.exact_share:.1f}", str(sc.lost_spaces), str(sc.artifact_spaces), str(errors), f"{sec:.2f}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, from: " + ", ".join(SYSTEMS))
    ap.add_argument("--files", default="*", help="glob on raw file names, e.g. 'zh-*.C.*' or '*.tesseract.txt'")
    ap.add_argument("--json", default=str(HERE / "results" / "quality.json"), help="where to write the JSON")
    ap.add_argument("--per-file", action="store_true", help="also print one row per raw file and system")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    args = ap.parse_args(argv)

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in RUN]
    if unknown:
        ap.error(f"unknown systems: {unknown}")
    skipped = {}
    for s in list(systems):
        why = available(s)
        if why:
            skipped[s] = why
            systems.remove(s)
            print(f"note: system {s!r} is unavailable, not scored ({why})", file=sys.stderr)

    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest if fnmatch.fnmatch(Path(e["file"]).name, args.files)
               or fnmatch.fnmatch(Path(e["file"]).name, args.files + ".txt")]
    if not entries:
        ap.error(f"no raw file matches {args.files!r}")

    t0 = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as ex:
            results = list(ex.map(score_file, entries, [systems] * len(entries)))
    else:
        results = [score_file(e, systems) for e in entries]
    wall = time.perf_counter() - t0

    overall: dict[str, Score] = {s: Score() for s in systems}
    secs = {s: 0.0 for s in systems}
    errs = {s: 0 for s in systems}
    groups: dict[tuple[str, str, str], Score] = {}
    per_file_rows = []
    for r in results:
        e = r["entry"]
        for s in systems:
            res = r["systems"][s]
            overall[s] += res["score"]
            secs[s] += res["seconds"]
            errs[s] += res["error"] is not None
            for key in ("extractor", "layout", "source"):
                groups.setdefault((key, e[key], s), Score())
                groups[(key, e[key], s)] += res["score"]
            per_file_rows.append(_cells(f"{Path(e['file']).name} {s}", res["score"], 1,
                                        int(res["error"] is not None), res["seconds"]))

    n = len(results)
    print(f"quality corpus: {n} raw files, {len({e['source'] for e in entries})} sources; "
          f"wall {wall:.1f} s with {args.jobs} worker(s)\n")
    if args.per_file:
        print(table(per_file_rows, ["file system"] + HEAD[1:]) + "\n")
    print("overall (micro-averaged over files)")
    print(table([_cells(s, overall[s], n, errs[s], secs[s]) for s in systems], HEAD))
    for key in ("extractor", "layout", "source"):
        vals = sorted({e[key] for e in entries})
        rows = []
        for s in systems:
            rows.append([s] + [f"{groups[(key, v, s)].paras.f1:.3f}/{100 * groups[(key, v, s)].content_error:.1f}"
                               for v in vals])
        print(f"\nbreak F1 / CER% by {key}")
        print(table(rows, ["system"] + vals))
    for s, why in skipped.items():
        print(f"\n{s}: unavailable ({why})")
    print("\nCER = (lost + inserted + replaced) / gold chars, whitespace removed; brk = paragraph breaks "
          "(title-block lines excluded); exact = gold paragraphs reproduced exactly; lostsp/artsp = real "
          "spaces lost / artifact spaces kept inside paragraphs")

    out = {
        "systems": systems,
        "unavailable": skipped,
        "files": len(results),
        "wall_seconds": round(wall, 2),
        "overall": {s: {**overall[s].as_dict(), "seconds": round(secs[s], 3), "errors": errs[s]} for s in systems},
        "by": {key: {v: {s: groups[(key, v, s)].as_dict() for s in systems}
                     for v in sorted({e[key] for e in entries})} for key in ("extractor", "layout", "source")},
        "per_file": [
            {**r["entry"], "bytes": r["bytes"],
             "systems": {s: {**r["systems"][s]["score"].as_dict(), "seconds": round(r["systems"][s]["seconds"], 4),
                             "error": r["systems"][s]["error"]} for s in systems}}
            for r in results
        ],
    }
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
