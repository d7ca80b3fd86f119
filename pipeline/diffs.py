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
    """Cut the document at each clean paragraph; every piece keeps its raw text and edits."""
    starts = []
    pos = 0
    for line in doc.text.split("\n")[:-1]:
        pos += len(line) + 1
        starts.append(pos)
    pieces = doc.split(starts)
    out = []
    number = 0
    for piece in pieces:
        clean = piece.text.rstrip("\n")
        if not clean.strip():
            if out and piece.raw:
                # Whitespace-only remainder (a trailing page mark): it belongs to the previous paragraph.
                prev = out[-1]
                out[-1] = ParagraphChange(prev.index, prev.raw_first, prev.raw_lines + _lines(piece.raw), prev.clean, prev.edits + piece.edits)
            continue
        number += 1
        out.append(ParagraphChange(number, piece.first_line - doc.first_line + 1, _lines(piece.raw), clean, piece.edits))
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
