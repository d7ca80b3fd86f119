"""Character-level provenance: which stage removed or inserted each character, per paragraph.

The document's steps are replayed over a list of cells, one per character that ever existed:
raw characters, and characters a stage inserted. Each edit is refined to its smallest
character changes (a paragraph-wide unwrap edit that only drops line breaks becomes a few
deleted "\\n"), and every cell remembers the edit that inserted it and the edit that removed
it. Cut at the clean text's line breaks, the cells give each paragraph its raw side (kept and
removed characters), its clean side (kept and inserted characters) and the edits behind it.

This runs only when a reader asks (`textmend explain`, `textmend report`): cleaning itself
never pays for it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Iterator, Literal, NamedTuple

from rapidfuzz.distance import Levenshtein

from .document import Document, Edit

EditId = tuple[int, int]  # (step index, edit index within the step)


class CharOp(NamedTuple):
    """Replace `before[start:end]` (relative to an edit's input) with `after`."""

    start: int
    end: int
    after: str


def char_ops(before: str, after: str) -> list[CharOp]:
    """The smallest character changes that turn `before` into `after`.

    Common ends are trimmed first; when only characters were removed, a greedy left-to-right
    match finds them (so "讲\\n\\n得" -> "讲得" is one deletion of "\\n\\n"); otherwise the
    edit-distance alignment decides.

    >>> char_ops("打\\n\\n赢战", "打赢战")
    [CharOp(start=1, end=3, after='')]
    >>> char_ops("第２页", "第2页")
    [CharOp(start=1, end=2, after='2')]
    """
    if before == after:
        return []
    lo = 0
    limit = min(len(before), len(after))
    while lo < limit and before[lo] == after[lo]:
        lo += 1
    hi = 0
    while hi < limit - lo and before[-1 - hi] == after[-1 - hi]:
        hi += 1
    b, a = before[lo : len(before) - hi], after[lo : len(after) - hi]
    if not a or not b:
        return [CharOp(lo, lo + len(b), a)]
    deletions = _deletions(b, a)
    if deletions is not None:
        return [CharOp(lo + s, lo + e, "") for s, e in deletions]
    ops: list[CharOp] = []
    for op in Levenshtein.opcodes(b, a):
        if op.tag != "equal":
            ops.append(CharOp(lo + op.src_start, lo + op.src_end, a[op.dest_start : op.dest_end]))
    return ops


def _deletions(before: str, after: str) -> list[tuple[int, int]] | None:
    """Runs of `before` to delete so that `after` remains, or None if `after` is not a subsequence."""
    runs: list[tuple[int, int]] = []
    i = 0
    for ch in after:
        j = before.find(ch, i)
        if j < 0:
            return None
        if j > i:
            runs.append((i, j))
        i = j + 1
    if i < len(before):
        runs.append((i, len(before)))
    return runs


@dataclass(slots=True)
class Cell:
    """One character: raw (`raw_pos` >= 0) or inserted by edit `inserted_by`; maybe removed later."""

    char: str
    raw_pos: int = -1
    inserted_by: EditId | None = None
    removed_by: EditId | None = None

    @property
    def visible(self) -> bool:
        return self.removed_by is None


RunKind = Literal["same", "del", "ins"]


class Run(NamedTuple):
    """Consecutive cells of one kind from one edit: kept text, removed raw text, or inserted text."""

    kind: RunKind
    text: str
    edit: EditId | None  # None for kept text


@dataclass(frozen=True)
class MarkedParagraph:
    """One clean paragraph with its raw side, its clean side and the edits behind them."""

    index: int  # 1-based paragraph number in the clean document
    raw_first: int  # line numbers in the source file
    raw_last: int
    clean: str
    raw_runs: list[Run]  # kept and removed raw characters, in raw order
    clean_runs: list[Run]  # kept and inserted characters, in clean order
    runs: list[Run]  # kept, removed and inserted characters interleaved (a removal before its replacement)
    edits: list[EditId] = field(default_factory=list)  # every edit that touched it, pipeline order


def replay_cells(doc: Document) -> list[Cell]:
    """Replay every step of `doc` over character cells; the visible cells spell `doc.text`."""
    cells = [Cell(ch, raw_pos=i) for i, ch in enumerate(doc.raw)]
    for k, step in enumerate(doc.steps):
        visible = [i for i, c in enumerate(cells) if c.removed_by is None]
        inserts: dict[int, list[Cell]] = {}
        for j, e in enumerate(step.edits):
            for op in char_ops(e.before, e.after):
                a, b = e.start + op.start, e.start + op.end
                for i in visible[a:b]:
                    cells[i].removed_by = (k, j)
                if op.after:
                    at = visible[b] if b < len(visible) else len(cells)
                    inserts.setdefault(at, []).extend(Cell(ch, inserted_by=(k, j)) for ch in op.after)
        if inserts:
            grown: list[Cell] = []
            for i, c in enumerate(cells):
                grown += inserts.get(i, ())
                grown.append(c)
            grown += inserts.get(len(cells), ())
            cells = grown
    return cells


def _runs(cells: list[Cell], side: Literal["raw", "clean", "both"]) -> list[Run]:
    runs: list[Run] = []
    for c in cells:
        if side == "both":
            if c.raw_pos < 0 and not c.visible:
                continue  # inserted by one stage, removed by a later one: in neither text
            kind = "same" if c.raw_pos >= 0 and c.visible else "del" if c.raw_pos >= 0 else "ins"
            edit = c.removed_by if kind == "del" else c.inserted_by
        elif side == "raw":
            if c.raw_pos < 0:
                continue
            kind: RunKind = "same" if c.visible else "del"
            edit = c.removed_by
        else:
            if not c.visible:
                continue
            kind = "same" if c.raw_pos >= 0 else "ins"
            edit = c.inserted_by
        if runs and runs[-1].kind == kind and runs[-1].edit == edit:
            runs[-1] = runs[-1]._replace(text=runs[-1].text + c.char)
        else:
            runs.append(Run(kind, c.char, edit))
    return runs


def _segments(cells: list[Cell]) -> Iterator[list[Cell]]:
    """Cells cut after each visible line break, removed whitespace kept with the line it ended."""
    seg: list[Cell] = []
    ended = False  # the segment has had its visible line break
    for c in cells:
        if ended and (c.visible or not c.char.isspace()):
            yield seg
            seg, ended = [], False
        seg.append(c)
        ended = ended or (c.visible and c.char == "\n")
    if seg:
        yield seg


def marked_paragraphs(doc: Document) -> list[MarkedParagraph]:
    """Every clean paragraph of `doc` with its raw and clean sides marked by edit.

    A line of the clean text that is blank (a leftover page break, say) joins the paragraph
    before it, so each paragraph of `doc.paragraphs` appears once, in order, and every edit of
    the document belongs to at least one paragraph.
    """
    groups: list[list[Cell]] = []
    for seg in _segments(replay_cells(doc)):
        has_text = any(c.visible and not c.char.isspace() for c in seg)
        if groups and not has_text:
            groups[-1] += seg
        elif groups and not any(c.visible and not c.char.isspace() for c in groups[-1]):
            groups[-1] += seg  # leading blank lines go with the first paragraph
        else:
            groups.append(seg)
    out = []
    line_of = _line_index(doc.raw)
    for n, group in enumerate(groups, 1):
        raw_positions = [c.raw_pos for c in group if c.raw_pos >= 0]
        first = line_of(raw_positions[0]) if raw_positions else 0
        last = line_of(raw_positions[-1]) if raw_positions else first
        edits: set[EditId] = set()
        for c in group:
            if c.inserted_by is not None:
                edits.add(c.inserted_by)
            if c.removed_by is not None:
                edits.add(c.removed_by)
        clean = "".join(c.char for c in group if c.visible).strip("\n")
        out.append(
            MarkedParagraph(
                index=n,
                raw_first=doc.first_line + first,
                raw_last=doc.first_line + last,
                clean=clean,
                raw_runs=_runs(group, "raw"),
                clean_runs=_runs(group, "clean"),
                runs=_runs(group, "both"),
                edits=sorted(edits),
            )
        )
    return out


def _line_index(raw: str) -> Callable[[int], int]:
    """A function from a raw offset to its 0-based line number."""
    starts = [i + 1 for i, ch in enumerate(raw) if ch == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos)

    return line_of


def edit_of(doc: Document, edit: EditId) -> tuple[str, Edit]:
    """The stage name and the Edit an EditId refers to."""
    step = doc.steps[edit[0]]
    return step.stage, step.edits[edit[1]]


__all__ = ["CharOp", "Cell", "Run", "MarkedParagraph", "char_ops", "replay_cells", "marked_paragraphs", "edit_of"]
