"""The document model: text plus the exact record of every edit that produced it.

A stage never rewrites text itself. It returns `Edit`s (spans of its input text, what
they become and why); the runner applies them and appends a `Step` to the document.
Because each step keeps its edits in the coordinates of that step's input, the history
can be replayed from the raw text, and any output offset can be traced back to the raw
text it came from (see `trace_back`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

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


class _LazyEdits(SequenceABC):
    """A tuple of `Edit`s built when first read; a tuple in every way that shows (iteration,
    indexing, len, ==, hash, repr, pickling once built). Subclasses say how it is built."""

    __slots__ = ("_edits",)

    def _build_edits(self) -> Sequence[Edit]:
        raise NotImplementedError

    @property
    def edits(self) -> tuple[Edit, ...]:
        if self._edits is None:
            self._edits = tuple(self._build_edits())
        return self._edits

    @property
    def built(self) -> bool:
        return self._edits is not None

    def __len__(self) -> int:
        return len(self.edits)

    def __bool__(self) -> bool:
        return bool(self.edits)

    def __getitem__(self, i):  # type: ignore[override]
        return self.edits[i]

    def __iter__(self) -> Iterator[Edit]:
        return iter(self.edits)

    def __reversed__(self) -> Iterator[Edit]:
        return reversed(self.edits)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyEdits):
            other = other.edits
        return self.edits == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.edits)

    def __repr__(self) -> str:
        return repr(self.edits)

    def __reduce__(self):
        return (tuple, (self.edits,))


class DeferredEdits(_LazyEdits):
    """A stage's edits, built only when they are read, with the text they make known at once.

    For a stage that computes its output text directly and whose edit records cost more
    than the work itself (OpenCC: tens of thousands of changed runs per MB). `build()`
    returns the sorted, disjoint edits of `source`; applied to it they give `result` (the
    tests check that they do). `Document.with_step` takes `result` as the new text without
    reading the edits, so a pipeline pays for the records only where something reads them
    (diffs, explain, accounting, a split); then they are built once, and they are a tuple
    of `Edit`s in every way that shows: iteration, indexing, len, ==, hash, repr.

    The stage promises that `build()` returns no edit exactly when `result == source`.
    """

    __slots__ = ("source", "result", "_build")

    def __init__(self, source: str, result: str, build: Callable[[], Sequence[Edit]]) -> None:
        self.source = source
        self.result = result
        self._build: Callable[[], Sequence[Edit]] | None = build
        self._edits: tuple[Edit, ...] | None = None

    def _build_edits(self) -> Sequence[Edit]:
        assert self._build is not None
        edits, self._build = self._build(), None
        return edits

    def __bool__(self) -> bool:
        return self.result != self.source if self._edits is None else bool(self._edits)

    def __reduce__(self):
        # Pickled as what it is once built, a tuple; unbuilt, with what builds it.
        if self._edits is not None:
            return (tuple, (self._edits,))
        return (type(self), (self.source, self.result, self._build))


@dataclass(frozen=True)
class Step:
    """One stage's contribution to a document: its options and its edits."""

    stage: str
    options: Mapping[str, Any]
    edits: tuple[Edit, ...] | DeferredEdits  # DeferredEdits reads as a tuple of Edits


def apply_edits(text: str, edits: Sequence[Edit], *, stage: str = "?", source: str = "?") -> str:
    """Apply sorted, non-overlapping edits to `text`; refuse edits that do not fit it."""
    if not edits:
        return text
    if len(edits) <= _FEW_EDITS:
        return _apply_checked(text, edits, stage, source)
    # Column-wise, with the loops in C: every check below is the one `_apply_checked` makes
    # edit by edit; where one fails, that loop runs to raise its error.
    starts = list(map(_START, edits))
    ends = list(map(_END, edits))
    lefts = [0, *ends]  # each gap of unchanged text runs from the previous edit's end
    if (
        all(map(operator.le, lefts, starts))
        and all(map(operator.le, starts, ends))
        and ends[-1] <= len(text)
        and list(map(text.__getitem__, map(slice, starts, ends))) == list(map(_BEFORE, edits))
    ):
        parts = [""] * (2 * len(starts) + 1)
        starts.append(len(text))
        parts[0::2] = map(text.__getitem__, map(slice, lefts, starts))
        parts[1::2] = map(_AFTER, edits)
        return "".join(parts)
    return _apply_checked(text, edits, stage, source)


# Up to this many edits, the plain loop is cheaper than building the columns (2-3x at 1-5
# edits, as page_joins leaves in each document after a split).
_FEW_EDITS = 16

_START, _END, _BEFORE, _AFTER = (operator.attrgetter(a) for a in ("start", "end", "before", "after"))


def _apply_checked(text: str, edits: Sequence[Edit], stage: str, source: str) -> str:
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


def trimmed_edit(start: int, before: str, after: str, reason: str) -> Edit:
    """The edit `before` -> `after` at `start`, without their common beginning and end."""
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    return Edit(start + p, start + len(before) - q, before[p : len(before) - q], after[p : len(after) - q], reason)


def compose(text: str, first: list[Edit], second: list[Edit]) -> list[Edit]:
    """Edits of `text` equal to applying `first`, then `second` (edits of the result of `first`).

    Where a second-round edit touches a first-round one, the two merge into one edit.
    """
    # Everything in the coordinates of the middle text: first-round outputs, second-round inputs.
    items: list[tuple[int, int, int, Edit]] = []  # (start, end, round, edit)
    delta = 0
    for e in first:
        a = e.start + delta
        items.append((a, a + len(e.after), 1, e))
        delta += len(e.after) - (e.end - e.start)
    items += [(e.start, e.end, 2, e) for e in second]
    items.sort(key=lambda t: (t[0], t[1]))
    groups: list[list[tuple[int, int, int, Edit]]] = []
    for it in items:
        if groups and it[0] <= max(g[1] for g in groups[-1]):
            groups[-1].append(it)
        else:
            groups.append([it])
    middle = apply_edits(text, first)
    out: list[Edit] = []
    d1 = 0  # middle offset minus text offset, before the current group
    for group in groups:
        lo = min(g[0] for g in group)
        hi = max(g[1] for g in group)
        ones = [g[3] for g in group if g[2] == 1]
        twos = [g[3] for g in group if g[2] == 2]
        if not twos:
            out += ones
            d1 += sum(len(e.after) - (e.end - e.start) for e in ones)
            continue
        grown = sum(len(e.after) - (e.end - e.start) for e in ones)
        start0, end0 = lo - d1, hi - d1 - grown
        after = apply_edits(middle[lo:hi], [e._replace(start=e.start - lo, end=e.end - lo) for e in twos])
        reasons = list(dict.fromkeys(e.reason for e in ones + twos))
        out.append(Edit(start0, end0, text[start0:end0], after, "; ".join(reasons)))
        d1 += grown
    return [e for e in out if e.before != e.after]


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


def _cut_edit(e: Edit, k: int) -> tuple[int, Edit, Edit]:
    """Cut edit `e` after `k` characters of its replacement: (input offset of the cut, left, right).

    The input side is cut where the unchanged part agrees: after `before` minus the text the
    right part keeps, or after the text the left part keeps; failing both, the whole input
    goes left and the right part inserts the rest of the replacement.
    """
    left_after, right_after = e.after[:k], e.after[k:]
    if e.before.endswith(right_after):
        j = len(e.before) - len(right_after)
    elif e.before.startswith(left_after):
        j = k
    else:
        j = len(e.before)
    cut = e.start + j
    return (
        cut,
        e._replace(end=cut, before=e.before[:j], after=left_after),
        e._replace(start=cut, before=e.before[j:], after=right_after),
    )


class _Division(NamedTuple):
    """One step's edits divided among parts, without copying them (see `_divide_step`).

    Part `c` holds `heads[c]` (the right piece of an edit cut at its start), then the step's
    edits `los[c]:his[c]`, then `tails[c]` (the left piece of an edit cut at its end), each
    left out where it is None; offsets still in the step's input, not yet moved to the part's.
    `all_change`: no edit of the step has `before == after` (so a range holds one that changes).
    """

    cuts_in: list[int]
    heads: list[Edit | None]
    los: list[int]
    his: list[int]
    tails: list[Edit | None]
    all_change: bool


def _divide_step(
    edits: Sequence[Edit], cuts: Sequence[int], starts_line: Callable[[Edit], bool] = lambda e: False
) -> _Division:
    """Divide one step's edits among the parts its output is cut into, each part told by a range
    of `edits` and at most two cut pieces.

    `cuts` are sorted offsets of the step's output; the division gives the cuts in the step's
    input. A deletion at a cut stays on the left unless it starts a line (`starts_line`: a page
    mark before a paragraph), a replacement that starts at a cut goes right, and an edit whose
    replacement a cut falls inside is itself cut in two (see `_cut_edit`).

    The same walk as the plain `partition` in tests/test_perf_documents.py (every decision is
    its decision; the tests compare the two), but the edits between two cuts are recorded as
    an index range instead of being copied into the part's list, and nothing is moved to the part's offsets: `_part_edits` does that for a part when it is read.
    A cut that falls in unchanged text before the next edit is placed at once (one bisect);
    only a cut at or inside an edit's replacement takes the edit-by-edit steps.
    """
    n = len(cuts)
    heads: list[Edit | None] = [None] * (n + 1)
    tails: list[Edit | None] = [None] * (n + 1)
    los = [0] * (n + 1)
    his = [0] * (n + 1)
    if not edits:
        return _Division(list(cuts), heads, los, his, tails, True)
    starts, ends, befores, afters = list(zip(*edits))[:4]
    after_lens = list(map(len, afters))
    # Before edit k the output is deltas[k] longer than the input; its replacement ends at out_ends[k].
    deltas = [0, *accumulate(map(operator.sub, after_lens, map(operator.sub, ends, starts)))]
    out_ends = list(map(operator.add, ends, itertools.islice(deltas, 1, None)))
    all_change = not any(map(operator.eq, befores, afters))
    cuts_in: list[int] = []
    m = len(edits)
    delta = 0  # output offset minus input offset, before the current edit
    i = 0
    filled = -1  # the last part given a range of edits (its los/his are set)
    carry: Edit | None = None  # the right part of an edit that a cut fell inside
    while carry is not None or i < m:
        if carry is None:
            c = len(cuts_in)
            if c < n:
                cut = cuts[c]
                j = bisect.bisect_left(out_ends, cut, i)
                if j > i:
                    # Edits whose replacement ends before the cut go to the current part.
                    if filled != c:
                        los[c], filled = i, c
                    his[c] = j
                    delta, i = deltas[j], j
                if j == m or out_ends[j] - after_lens[j] > cut:
                    # The next edit's replacement starts after the cut: it falls in unchanged text.
                    cuts_in.append(cut - delta)
                    continue
            elif i < m:
                if filled != c:
                    los[c], filled = i, c
                his[c] = m
                delta, i = deltas[m], m
                continue
            e = edits[i]
            i += 1
            original = True
        else:
            e, carry = carry, None
            original = False
        out_start = e.start + delta
        while len(cuts_in) < n and (
            cuts[len(cuts_in)] < out_start or (cuts[len(cuts_in)] == out_start and (e.after or starts_line(e)))
        ):
            cuts_in.append(cuts[len(cuts_in)] - delta)
        c = len(cuts_in)
        if c < n and out_start < cuts[c] < out_start + len(e.after):
            cut_in, left, right = _cut_edit(e, cuts[c] - out_start)
            if left.before != left.after:
                if original:
                    tails[c] = left
                else:
                    heads[c] = left
            delta += len(left.after) - len(left.before)
            cuts_in.append(cut_in)
            if right.before != right.after or right.after:
                carry = right
            continue
        if original:
            if filled != c:
                los[c], filled = i - 1, c
            his[c] = i
        else:
            heads[c] = e
        delta += len(e.after) - (e.end - e.start)
    while len(cuts_in) < n:
        cuts_in.append(cuts[len(cuts_in)] - delta)
    return _Division(cuts_in, heads, los, his, tails, all_change)


def _part_edits(edits: Sequence[Edit], head: Edit | None, lo: int, hi: int, tail: Edit | None, origin: int) -> list[Edit]:
    """One part's edits from a `_Division`: those that change something, moved left by `origin`
    (the edits of that part, as the plain walk gives them)."""
    part = list(edits[lo:hi])
    if head is not None:
        part.insert(0, head)
    if tail is not None:
        part.append(tail)
    return [new_edit((e.start - origin, e.end - origin, *e[2:])) for e in part if e.before != e.after]


class _PartEdits(_LazyEdits):
    """A part's edits of one step after a split, moved to the part's offsets when first read."""

    __slots__ = ("_args",)

    def __init__(self, *args: Any) -> None:
        self._args = args  # those of `_part_edits`
        self._edits = None

    def _build_edits(self) -> Sequence[Edit]:
        edits, self._args = _part_edits(*self._args), None
        return edits


def _new_step(stage: str, options: Mapping[str, Any], edits: Sequence[Edit]) -> Step:
    """`Step(stage, options, edits)` as `evolve` builds a Document: a frozen dataclass with no
    `__post_init__`, so its instance dictionary is all there is (the tests compare the two)."""
    step = object.__new__(Step)
    step.__dict__.update(stage=stage, options=options, edits=edits)
    return step


# `Edit._make` without its Python-level steps (and its length check): for callers that build
# many edits from tuples that always hold Edit's six fields.
new_edit = functools.partial(tuple.__new__, Edit)


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
        return title_of(self.paragraphs)

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
        if isinstance(edits, DeferredEdits) and not edits.built and edits.source == self.text:
            if not edits:
                return self
            text = edits.result  # the stage's own output; its edits are built when read
        else:
            edits = tuple(edits)
            if not edits:
                return self
            text = apply_edits(self.text, edits, stage=stage, source=self.source)
        return evolve(self, text=text, steps=self.steps + (_new_step(stage, dict(options), edits),))

    def split(self, cuts: Iterable[int]) -> list["Document"]:
        """Cut the document at offsets of its current text; each part keeps its own history.

        A part's edits of each step are those `divide` gives it; they are moved to the part's
        offsets when first read (`_PartEdits`), as a pipeline reads few of them.
        """
        inner = sorted(set(c for c in cuts if 0 < c < len(self.text)))
        if not inner:
            return [self]
        bounds, divisions = self._divisions(inner)
        n = len(inner) + 1
        # Per step, every part's Step, and whether the part holds an edit that changes something
        # (only those keep their Step). Column-wise: a split makes hundreds of parts per MB.
        columns = []
        held = []
        for step, d in zip(self.steps, divisions):
            edits = step.edits
            if d.all_change:
                has = list(map(operator.lt, d.los, d.his))
            else:
                has = [any(map(operator.ne, map(_BEFORE, edits[lo:hi]), map(_AFTER, edits[lo:hi]))) for lo, hi in zip(d.los, d.his)]
            for pieces in (d.heads, d.tails):
                for i in itertools.compress(range(n), pieces):
                    if pieces[i].before != pieces[i].after:
                        has[i] = True
            part_edits = map(_PartEdits, itertools.repeat(edits), d.heads, d.los, d.his, d.tails, [0, *d.cuts_in])
            columns.append(list(map(_new_step, itertools.repeat(step.stage), itertools.repeat(step.options), part_edits)))
            held.append(has)
        steps = list(map(tuple, map(itertools.compress, zip(*columns), zip(*held)))) if columns else [()] * n
        raw_text, text = self.raw, self.text
        raw_bounds = [0, *bounds, len(raw_text)]
        text_bounds = [0, *inner, len(text)]
        raws = list(map(raw_text.__getitem__, map(slice, raw_bounds, raw_bounds[1:])))
        texts = map(text.__getitem__, map(slice, text_bounds, text_bounds[1:]))
        lines = list(map(raw_text.count, itertools.repeat("\n"), raw_bounds, raw_bounds[1:]))
        firsts = list(accumulate(lines[:-1], initial=self.first_line))
        # A part's last line: its first plus the line ends before its last character.
        lasts = map(operator.sub, map(operator.add, firsts, lines), map(str.endswith, raws, itertools.repeat("\n")))
        return [
            evolve(self, raw=raw, text=part, first_line=first, last_line=last, steps=part_steps)
            for raw, part, first, last, part_steps in zip(raws, texts, firsts, lasts, steps)
        ]

    def divide(self, cuts: list[int]) -> tuple[list[int], list[list[list[Edit]]]]:
        """Where the sorted offsets `cuts` (inside the current text) fall in the raw text, and
        every step's edits divided among the parts they make: per step, per part. What `split`
        builds its parts from, and the diffs their paragraphs.
        """
        bounds, divisions = self._divisions(cuts)
        per_step = []
        for step, d in zip(self.steps, divisions):
            origins = [0, *d.cuts_in]
            per_step.append([_part_edits(step.edits, *part) for part in zip(d.heads, d.los, d.his, d.tails, origins)])
        return bounds, per_step

    def _divisions(self, cuts: list[int]) -> tuple[list[int], list[_Division]]:
        """`divide`, with each step's edits divided but not copied into the parts (`_Division`)."""
        # Walk the steps backwards, carrying the cuts into each step's input coordinates
        # and dividing that step's edits among the parts.
        divisions: list[_Division] = []
        bounds = cuts
        inputs = [self.raw]

        def input_of(k: int) -> str:
            # The text step k worked on; rebuilt only when a deletion sits exactly at a cut.
            # (Not recursive: a function that calls itself is a reference cycle, which would
            # keep this document alive until the garbage collector runs.)
            while len(inputs) <= k:
                inputs.append(apply_edits(inputs[-1], self.steps[len(inputs) - 1].edits))
            return inputs[k]

        for k in range(len(self.steps) - 1, -1, -1):

            def starts_line(e: Edit, k: int = k) -> bool:
                return e.start == 0 or input_of(k)[e.start - 1] == "\n"

            d = _divide_step(self.steps[k].edits, bounds, starts_line)
            divisions.append(d)
            bounds = d.cuts_in
        divisions.reverse()
        return bounds, divisions

    def replay(self) -> str:
        """Re-apply every recorded step to the raw text (must equal `text`)."""
        text = self.raw
        for s in self.steps:
            text = apply_edits(text, s.edits, stage=s.stage, source=self.source)
        return text


def title_of(paragraphs: Sequence[str]) -> str:
    """`Document.title`, given the document's `paragraphs` (for a caller that has them already)."""
    return paragraphs[0].strip() if paragraphs else ""


def evolve(doc: Document, **changes: Any) -> Document:
    """`dataclasses.replace(doc, **changes)` at a fifth of its cost, for the runner's per-document steps.

    `Document` is a frozen dataclass with no `__post_init__` and no derived fields, so a copy
    of its instance dictionary with `changes` applied is exactly what `replace` would build
    (the tests compare the two); `replace` goes through `__init__` and a frozen
    `__setattr__` per field, several microseconds a call, and a run makes a few per document.
    """
    new = object.__new__(type(doc))
    attrs = new.__dict__
    attrs.update(doc.__dict__)
    attrs.update(changes)
    return new


def trace_back(doc: Document, positions: Sequence[int]) -> list[int]:
    """Map sorted offsets of `doc.text` to the raw offsets they came from."""
    out = list(positions)
    for step in reversed(doc.steps):
        out = map_back(out, step.edits)
    return out


__all__ = ["Edit", "DeferredEdits", "Step", "Document", "apply_edits", "compose", "evolve", "new_edit", "title_of", "trimmed_edit", "map_back", "trace_back"]
