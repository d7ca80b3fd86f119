"""The naive floor for speed: the least a line-joining pass over Chinese text can do, in plain Python.

Strip each line, drop blank lines and lines of digits (page numbers), join lines until one
ends a sentence and is short. No provenance, no layout model, no punctuation: the cost of
touching every line once, which any real cleaner pays and more.
"""

from __future__ import annotations

SENTENCE_END = ("。", "！", "？")


def naive_unwrap(text: str, short: int = 30) -> str:
    out: list[str] = []
    buf: list[str] = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.isdigit():
            continue
        buf.append(s)
        if len(s) < short and s.endswith(SENTENCE_END):
            out.append("".join(buf))
            buf = []
    if buf:
        out.append("".join(buf))
    return "\n".join(out) + "\n"
