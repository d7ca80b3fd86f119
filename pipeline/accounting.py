"""Content accounting: no character of the input disappears without an edit that says so.

The check is independent of the edit records: it aligns the input's non-whitespace characters
with the output's (by edit distance) and requires every character the alignment finds missing
to be one that a recorded edit removed or replaced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import regex
from rapidfuzz.distance import Levenshtein

from .document import Document

RE_WS = regex.compile(r"\s+")


@dataclass(frozen=True)
class Accounting:
    lost: Counter[str]  # characters the alignment finds missing from the output
    recorded: Counter[str]  # characters edits removed (or replaced), with their multiplicity
    unexplained: Counter[str]  # lost but not recorded: silent loss

    @property
    def ok(self) -> bool:
        return not self.unexplained


def _nonspace(text: str) -> str:
    return RE_WS.sub("", text)


def account(docs: Sequence[Document]) -> Accounting:
    """Account for every non-whitespace character of the documents' raw text."""
    raw = "".join(_nonspace(d.raw) for d in docs)
    out = "".join(_nonspace(d.text) for d in docs)
    recorded: Counter[str] = Counter()
    changed = 0  # non-whitespace characters the edits touch: the alignment's expected distance
    for d in docs:
        for _stage, e in d.edits:
            before, after = _nonspace(e.before), _nonspace(e.after)
            recorded.update(Counter(before) - Counter(after))
            changed += len(before) + len(after)
    lost: Counter[str] = Counter()
    # The hint only selects rapidfuzz's banded algorithm (linear in the text for few edits
    # instead of quadratic); either way the alignment is a minimal one.
    for tag, i1, i2, _j1, _j2 in Levenshtein.opcodes(raw, out, score_hint=changed + 16):
        if tag in ("delete", "replace"):
            lost.update(raw[i1:i2])
    return Accounting(lost, recorded, lost - recorded)
