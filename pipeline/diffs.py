"""Diffs people can read: raw text aligned with clean paragraphs, each change named by its stage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .document import Document, Edit


@dataclass(frozen=True)
class ParagraphChange:
    """One clean paragraph, the raw lines it came from, and the edits that made it."""

    index: int  # 1-based paragraph number in the clean document
    raw_first: int  # 1-based line of the raw document where it starts
    raw_lines: list[str]
    clean: str
    edits: list[tuple[str, Edit]]


def paragraph_changes(doc: Document) -> list[ParagraphChange]:
    """Cut the document at each clean paragraph; every piece keeps its raw lines and edits.

    A piece's raw text starts where its first character came from; the raw lines of a
    paragraph run from the start of that line (so a page-start mark before it, or the
    leading space of the line, goes with it) to the start of the next paragraph's line.
    """
    starts = []
    pos = 0
    for line in doc.text.split("\n")[:-1]:
        pos += len(line) + 1
        starts.append(pos)
    pieces = doc.split(starts)
    groups: list[tuple[int, str, list[tuple[str, Edit]]]] = []  # raw offset, clean text, edits
    offset = 0
    for piece in pieces:
        clean = piece.text.rstrip("\n")
        if clean.strip() or not groups:
            groups.append((offset, clean, list(piece.edits)))
        else:
            # Whitespace-only remainder (a trailing page mark): it belongs to the previous paragraph.
            start, text, edits = groups[-1]
            groups[-1] = (start, text, edits + piece.edits)
        offset += len(piece.raw)
    line_starts = [doc.raw.rfind("\n", 0, start) + 1 if k else 0 for k, (start, _, _) in enumerate(groups)]
    line_starts.append(len(doc.raw))
    out = []
    for k, (_, clean, edits) in enumerate(groups):
        lo, hi = line_starts[k], max(line_starts[k], line_starts[k + 1])
        out.append(ParagraphChange(k + 1, doc.raw.count("\n", 0, lo) + 1, _lines(doc.raw[lo:hi]), clean, edits))
    return out


def _lines(raw: str) -> list[str]:
    lines = raw.split("\n")
    return lines[:-1] if raw.endswith("\n") else lines


def summarize(edits: list[tuple[str, Edit]], limit: int = 4) -> str:
    """'stage: reason ×n; …' for a hunk header, removals quoted."""
    counts: Counter[tuple[str, str]] = Counter()
    for stage, e in edits:
        reason = e.reason
        if not e.after.strip() and e.before.strip():
            reason = f"removed “{' '.join(e.before.split())}”: {reason}"
        counts[(stage, reason)] += 1
    parts = [f"{stage}: {reason}" + (f" ×{n}" if n > 1 else "") for (stage, reason), n in counts.most_common(limit)]
    if len(counts) > limit:
        parts.append(f"+{len(counts) - limit} more")
    return "; ".join(parts)


def document_diff(doc: Document, source_name: str, clean_name: str) -> str:
    """A unified diff from the document's raw lines to its clean paragraphs, one hunk per paragraph.

    Old line numbers count from the document's first line in the source (the header says
    which lines those are); each hunk header names the stages and reasons behind the change.
    The diff applies with `patch` to the raw document text.
    """
    out = [
        f"--- {source_name}\tlines {doc.first_line}-{doc.last_line}",
        f"+++ {clean_name}",
    ]
    raw_ends_nl = doc.raw.endswith("\n")
    changes = paragraph_changes(doc)
    for k, ch in enumerate(changes):
        if ch.raw_lines == [ch.clean]:
            continue
        old_n = len(ch.raw_lines)
        out.append(f"@@ -{ch.raw_first},{old_n} +{ch.index},1 @@ ¶{ch.index} {summarize(ch.edits)}".rstrip())
        out += ["-" + line for line in ch.raw_lines]
        if k == len(changes) - 1 and not raw_ends_nl:
            out.append("\\ No newline at end of file")
        out.append("+" + ch.clean)
    return "\n".join(out) + "\n"
