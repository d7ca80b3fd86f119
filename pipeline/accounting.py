"""Content accounting: no character of the input disappears without an edit that says so.

The check is independent of how the text was rebuilt: it compares the multiset of the
input's non-whitespace characters with the output's, and requires every character the
output is missing to be one that a recorded edit removed (or replaced by another).
Counting characters rather than aligning texts keeps it exact where a stage moves text
(a table rebuilt row by row) or converts phrases of another length (OpenCC).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import regex

from .document import Document

RE_WS = regex.compile(r"\s+")


@dataclass(frozen=True)
class Accounting:
    lost: Counter[str]  # characters the output has fewer of than the input
    recorded: Counter[str]  # characters edits removed (or replaced), with their multiplicity
    unexplained: Counter[str]  # lost but not recorded: silent loss

    @property
    def ok(self) -> bool:
        return not self.unexplained


def _nonspace(text: str) -> str:
    return RE_WS.sub("", text)


def account(docs: Sequence[Document]) -> Accounting:
    """Account for every non-whitespace character of the documents' raw text."""
    lost = Counter("".join(_nonspace(d.raw) for d in docs))
    lost.subtract(Counter("".join(_nonspace(d.text) for d in docs)))
    lost = +lost  # keep the positive counts: characters the output is short of
    recorded: Counter[str] = Counter()
    for d in docs:
        for _stage, e in d.edits:
            recorded.update(Counter(_nonspace(e.before)) - Counter(_nonspace(e.after)))
    return Accounting(lost, recorded, lost - recorded)
