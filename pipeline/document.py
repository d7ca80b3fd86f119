"""The document model: text plus the exact record of every edit that produced it.

A stage never rewrites text itself. It returns `Edit`s (spans of its input text, what
they become and why); the runner applies them and appends a `Step` to the document.
Because each step keeps its edits in the coordinates of that step's input, the history
can be replayed from the raw text, and any output offset can be traced back to the raw
text it came from (see `trace_back`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from .errors import StageError


class Edit(NamedTuple):
    """Replace `text[start:end]` (which equals `before`) with `after`, for `reason`.

    `confidence` is below 1.0 for decisions the stage found ambiguous (a paragraph
    break that could have been a join, say), so diffs and reports can flag them.
    """

    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Step:
    """One stage's contribution to a document: its options and its edits."""

    stage: str
    options: Mapping[str, Any]
    edits: tuple[Edit, ...]


def apply_edits(text: str, edits: Sequence[Edit], *, stage: str = "?", source: str = "?") -> str:
    """Apply sorted, non-overlapping edits to `text`; refuse edits that do not fit it."""
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(text):
            raise StageError(stage, source, f"edit {e.start}:{e.end} overlaps or is out of range")
        if text[e.start : e.end] != e.before:
            raise StageError(stage, source, f"edit {e.start}:{e.end} expected {e.before!r}")
        parts.append(text[pos : e.start])
        parts.append(e.after)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def map_back(positions: Sequence[int], edits: Sequence[Edit]) -> list[int]:
    """Map sorted offsets of a step's output to offsets of its input, in one pass.

    An offset strictly inside an edit's replacement maps to the end of that edit's input
    span, so a cut placed there keeps the whole edit on its left; so does a deletion that
    sits exactly at the offset.
    """
    out: list[int] = []
    delta = 0
    k = 0
    n = len(edits)
    for pos in positions:
        while k < n:
            e = edits[k]
            out_start = e.start + delta
            # A deletion at `pos` stays on the left; a replacement starting there, on the right.
            if pos < out_start or (pos == out_start and e.after):
                break
            if pos < out_start + len(e.after):
                break
            delta += len(e.after) - (e.end - e.start)
            k += 1
        if k < n and edits[k].start + delta < pos < edits[k].start + delta + len(edits[k].after):
            out.append(edits[k].end)
        else:
            out.append(pos - delta)
    return out


def _slice_edits(edits: Sequence[Edit], lo: int, hi: int) -> tuple[Edit, ...]:
    """The edits inside input span [lo, hi), shifted so that `lo` becomes 0.

    An insertion exactly at a cut belongs to the document that starts there.
    """
    out = []
    for e in edits:
        if e.start >= lo and (e.end < hi or (e.end == hi and e.start < hi)):
            out.append(e._replace(start=e.start - lo, end=e.end - lo))
    return tuple(out)


@dataclass(frozen=True)
class Document:
    """A document: its raw text as read, its current text, and the steps between them.

    `first_line`/`last_line` are 1-based line numbers of `raw` in the source file.
    """

    source: str
    raw: str
    text: str
    first_line: int = 1
    last_line: int = 1
    index: int = 0
    steps: tuple[Step, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, source: str = "<text>", meta: Mapping[str, Any] | None = None) -> "Document":
        return cls(
            source=source,
            raw=text,
            text=text,
            first_line=1,
            last_line=text.count("\n") + (0 if text.endswith("\n") else 1) or 1,
            meta=dict(meta or {}),
        )

    @property
    def paragraphs(self) -> list[str]:
        """The non-empty lines of the current text: one paragraph (or heading) each."""
        return [p for p in self.text.split("\n") if p.strip()]

    @property
    def title(self) -> str:
        """The first heading line of the document."""
        paras = self.paragraphs
        return paras[0].strip() if paras else ""

    @property
    def edits(self) -> list[tuple[str, Edit]]:
        """Every edit with the name of the stage that made it, in pipeline order."""
        return [(s.stage, e) for s in self.steps for e in s.edits]

    def edit_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.steps:
            if s.edits:
                counts[s.stage] = counts.get(s.stage, 0) + len(s.edits)
        return counts

    def with_step(self, stage: str, options: Mapping[str, Any], edits: Sequence[Edit]) -> "Document":
        """The document after applying `edits` as stage `stage`."""
        edits = tuple(edits)
        if not edits:
            return self
        text = apply_edits(self.text, edits, stage=stage, source=self.source)
        return replace(self, text=text, steps=self.steps + (Step(stage, dict(options), edits),))

    def split(self, cuts: Iterable[int]) -> list["Document"]:
        """Cut the document at offsets of its current text; each part keeps its own history."""
        inner = sorted(set(c for c in cuts if 0 < c < len(self.text)))
        if not inner:
            return [self]
        # bounds[k] holds the cuts in the coordinates of step k's input; bounds[-1] those
        # of the current text. Mapping backwards through each step's edits gives them all.
        bounds: list[list[int]] = [[0, *inner, len(self.text)]]
        for step in reversed(self.steps):
            later = bounds[0]
            growth = sum(len(e.after) - (e.end - e.start) for e in step.edits)
            bounds.insert(0, [0, *map_back(later[1:-1], step.edits), later[-1] - growth])
        docs = []
        for i in range(len(inner) + 1):
            lo, hi = bounds[0][i], bounds[0][i + 1]
            raw = self.raw[lo:hi]
            first = self.first_line + self.raw.count("\n", 0, lo)
            steps = (
                Step(s.stage, s.options, _slice_edits(s.edits, b[i], b[i + 1]))
                for s, b in zip(self.steps, bounds)
            )
            docs.append(
                replace(
                    self,
                    raw=raw,
                    text=self.text[bounds[-1][i] : bounds[-1][i + 1]],
                    first_line=first,
                    last_line=first + raw.count("\n", 0, max(0, len(raw) - 1)),
                    steps=tuple(s for s in steps if s.edits),
                )
            )
        return docs

    def replay(self) -> str:
        """Re-apply every recorded step to the raw text (must equal `text`)."""
        text = self.raw
        for s in self.steps:
            text = apply_edits(text, s.edits, stage=s.stage, source=self.source)
        return text


def trace_back(doc: Document, positions: Sequence[int]) -> list[int]:
    """Map sorted offsets of `doc.text` to the raw offsets they came from."""
    out = list(positions)
    for step in reversed(doc.steps):
        out = map_back(out, step.edits)
    return out


__all__ = ["Edit", "Step", "Document", "apply_edits", "map_back", "trace_back"]
