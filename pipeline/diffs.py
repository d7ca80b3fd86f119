"""Diffs people can read: raw text aligned with clean paragraphs, each change named by its stage."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import Iterator

from .document import Document, Edit


@dataclass(frozen=True)
class ParagraphChange:
    """One clean paragraph, the raw lines it came from, and the edits that made it."""

    index: int  # 1-based paragraph number in the clean document
    raw_first: int  # 1-based line of the raw document where it starts
    raw_lines: list[str]
    clean: str
    edits: list[tuple[str, Edit]]


def _paragraphs(doc: Document) -> Iterator[tuple[int, int, int, str, list[tuple[str, Edit]]]]:
    """(raw start, raw end, raw line number, clean text, edits) of each clean paragraph, in order.

    The document is cut at the start of every line of its text, as `Document.split` cuts it
    (the same division of every step's edits, `Document.divide`), without building the parts: a
    paragraph needs only where its raw text starts, its line of clean text and its edits. A
    whitespace-only line (a trailing page mark) goes with the paragraph before it. The raw text
    of a paragraph runs from the start of the raw line its first character came from (so a
    page-start mark before it, or the leading space of the line, goes with it) to the start of
    the next paragraph's line.
    """
    raw, text = doc.raw, doc.text
    lines = text.split("\n")
    cuts = list(accumulate(len(line) + 1 for line in lines[:-1]))
    if cuts and cuts[-1] >= len(text):
        cuts.pop()  # the end of a text that ends with a line end
    n = len(cuts) + 1
    if n == 1:
        starts = [0]
        per_part: list[list[tuple[str, Edit]]] = [doc.edits]
    else:
        bounds, per_step = doc.divide(cuts)
        starts = [0, *bounds]
        per_part = [[] for _ in range(n)]
        for step, parts in zip(doc.steps, per_step):
            stage = step.stage
            for i, part in enumerate(parts):
                if part:
                    per_part[i] += [(stage, e) for e in part]
    # Whitespace-only lines join the paragraph before them.
    groups: list[int] = []
    for i in range(n):
        if not groups or lines[i].strip():
            groups.append(i)
        else:
            per_part[groups[-1]] += per_part[i]
    lo = 0
    line = 1
    for k, i in enumerate(groups):
        if k:
            at = raw.rfind("\n", 0, starts[i]) + 1
            line = line + raw.count("\n", lo, at) if at >= lo else raw.count("\n", 0, at) + 1
            lo = at
        hi = raw.rfind("\n", 0, starts[groups[k + 1]]) + 1 if k + 1 < len(groups) else len(raw)
        yield lo, max(lo, hi), line, lines[i], per_part[i]


def paragraph_changes(doc: Document) -> list[ParagraphChange]:
    """Cut the document at each clean paragraph; every piece keeps its raw lines and edits.

    A piece's raw text starts where its first character came from; the raw lines of a
    paragraph run from the start of that line (so a page-start mark before it, or the
    leading space of the line, goes with it) to the start of the next paragraph's line.
    """
    return [
        ParagraphChange(k, line, _lines(doc.raw[lo:hi]), clean, edits)
        for k, (lo, hi, line, clean, edits) in enumerate(_paragraphs(doc), 1)
    ]


def _lines(raw: str) -> list[str]:
    lines = raw.split("\n")
    return lines[:-1] if raw.endswith("\n") else lines


def summarize(edits: list[tuple[str, Edit]], limit: int = 4) -> str:
    """'stage: reason ×n; …' for a hunk header, removals quoted."""
    counts: dict[tuple[str, str], int] = {}
    for stage, e in edits:
        reason = e.reason
        if not e.after.strip() and e.before.strip():
            reason = f"removed “{' '.join(e.before.split())}”: {reason}"
        key = (stage, reason)
        counts[key] = counts.get(key, 0) + 1
    # Most frequent first, ties in order of first appearance (Counter.most_common's order).
    top = list(counts.items()) if len(counts) == 1 and limit > 0 else sorted(counts.items(), key=_count, reverse=True)[:limit]
    parts = [f"{stage}: {reason} ×{n}" if n > 1 else f"{stage}: {reason}" for (stage, reason), n in top]
    if len(counts) > limit:
        parts.append(f"+{len(counts) - limit} more")
    return "; ".join(parts)


def _count(item: tuple[tuple[str, str], int]) -> int:
    return item[1]


def document_diff(doc: Document, source_name: str, clean_name: str) -> str:
    """A unified diff from the document's raw lines to its clean paragraphs, one hunk per paragraph.

    Old line numbers count from the document's first line in the source (the header says
    which lines those are); each hunk header names the stages and reasons behind the change.
    The diff applies with `patch` to the raw document text.
    """
    raw = doc.raw
    out = [
        f"--- {source_name}\tlines {doc.first_line}-{doc.last_line}",
        f"+++ {clean_name}",
    ]
    paragraphs = list(_paragraphs(doc))
    for index, (lo, hi, line, clean, edits) in enumerate(paragraphs, 1):
        # The raw lines, without the line end of the last; unchanged when they are the clean line.
        old = raw[lo : hi - 1] if hi > lo and raw[hi - 1] == "\n" else raw[lo:hi]
        if old == clean:
            continue
        header = f"@@ -{line},{old.count(chr(10)) + 1} +{index},1 @@ ¶{index} {summarize(edits)}"
        out.append(header.rstrip())
        out.append("-" + old.replace("\n", "\n-"))
        if index == len(paragraphs) and not raw.endswith("\n"):
            out.append("\\ No newline at end of file")
        out.append("+" + clean)
    return "\n".join(out) + "\n"
