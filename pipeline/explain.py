"""`textmend explain`: per paragraph, the text with its changes marked and the edits behind them.

    ¶9 · raw lines 137-146
      …实现脱贫、贫困县全部摘帽[-⏎2⏎-]⟨page_furniture⟩、解决区域性整体贫困…
      1. page_furniture: page number 2 (sequence 2→18)  ‹⏎⏎⏎⏎2⏎⏎› → ‹⏎␌›
      2. unwrap_lines: join: line reaches the margin ×2; break: short line  ‹现⏎␌行› → ‹现␌行› …

Marks: `[-removed-]`, `{+inserted+}`, each followed by `⟨stage⟩`; a line break that was only
joined away is a bare `⏎` (the edit list names its stage). In quoted text ⏎ is a line break,
␌ a page break (form feed) and ␣ a space.
"""

from __future__ import annotations

from typing import Iterator, Sequence

import regex

from .changes import MarkedParagraph, Run, char_ops, edit_of, marked_paragraphs
from .document import Document, Edit

RE_BREAKS = regex.compile(r"[\n\f]+")
RE_BREAK_RUN = regex.compile(r"[ \t]*[\n\f][ \t\n\f]*")
SHOW = str.maketrans({"\n": "⏎", "\f": "␌", " ": "␣", "\t": "⇥"})
EXCERPT_CONTEXT = 2
EXCERPT_OPS = 3
WHOLE_EDIT = 40  # edits whose before and after together are at most this long are quoted whole


def show(text: str) -> str:
    """Text with line breaks, page breaks, spaces and tabs made visible."""
    return text.translate(SHOW)


def _compact(text: str) -> str:
    """Text in a mark: runs of line and page breaks (with spaces) shown as one ⏎; spaces shown as ␣
    only when there is nothing else to see."""
    text = RE_BREAKS.sub("\n", RE_BREAK_RUN.sub("\n", text))
    return show(text) if not text.strip(" ") else text.replace("\n", "⏎").replace("\t", "⇥")


def _is_join(removed: str, inserted: str) -> bool:
    """Whitespace holding a line or page break, replaced by nothing or by spaces: a join."""
    return not removed.strip() and ("\n" in removed or "\f" in removed) and not inserted.strip() and "\n" not in inserted


def mark_line(doc: Document, runs: Sequence[Run]) -> str:
    """The paragraph with `[-removed-]{+inserted+}⟨stage⟩` marks and ⏎ for joined lines."""
    out: list[str] = []
    runs = list(runs)
    while runs and runs[-1].kind == "del" and not runs[-1].text.strip():
        runs.pop()  # the blank line after the paragraph: its edit is listed, a mark would only add noise
    k = 0
    while k < len(runs):
        r = runs[k]
        if r.kind == "same" or r.edit is None:
            out.append(r.text.replace("\n", "").replace("\f", "␌"))
            k += 1
            continue
        removed = inserted = ""
        edit = r.edit
        while k < len(runs) and runs[k].kind != "same" and runs[k].edit == edit:
            if runs[k].kind == "del":
                removed += runs[k].text
            else:
                inserted += runs[k].text
            k += 1
        if _is_join(removed, inserted):
            out.append("⏎")
            continue
        mark = (f"[-{_compact(removed)}-]" if removed else "") + (f"{{+{_compact(inserted)}+}}" if inserted.strip("\n") else "")
        if mark:
            out.append(f"{mark}⟨{edit_of(doc, edit)[0]}⟩")
    return "".join(out)


def excerpt(e: Edit) -> str:
    """‹before› → ‹after› for a short edit; for a long one, each change with a little context."""
    if len(e.before) + len(e.after) <= WHOLE_EDIT:
        return f"‹{show(e.before)}› → ‹{show(e.after)}›"
    ops = char_ops(e.before, e.after)
    parts = []
    for op in ops[:EXCERPT_OPS]:
        lo, hi = max(0, op.start - EXCERPT_CONTEXT), min(len(e.before), op.end + EXCERPT_CONTEXT)
        left, right = e.before[lo : op.start], e.before[op.end : hi]
        parts.append(f"‹{show(e.before[lo:hi])}› → ‹{show(left + op.after + right)}›")
    more = f" (+{len(ops) - EXCERPT_OPS} more)" if len(ops) > EXCERPT_OPS else ""
    return "; ".join(parts) + more


def describe(stage: str, e: Edit) -> str:
    """'stage: reason [confidence 0.7]  ‹before› → ‹after›'."""
    confidence = f" [confidence {e.confidence:g}]" if e.confidence < 1 else ""
    return f"{stage}: {e.reason}{confidence}  {excerpt(e)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def explain_paragraph(doc: Document, p: MarkedParagraph) -> list[str]:
    lines = f"raw line {p.raw_first}" if p.raw_first == p.raw_last else f"raw lines {p.raw_first}-{p.raw_last}"
    out = [f"¶{p.index} · {lines}", "  " + mark_line(doc, p.runs)]
    for n, edit in enumerate(p.edits, 1):
        out.append(f"  {n}. {describe(*edit_of(doc, edit))}")
    return out


def explain_document(doc: Document, total: int | None, *, unchanged: bool = False) -> Iterator[str]:
    """The document's header line, then every changed paragraph (all, with `unchanged`).

    `total` is the number of documents in the source, when known (a streamed file does not say).
    """
    counts = ", ".join(f"{s} {n}" for s, n in doc.edit_counts().items()) or "no edits"
    paragraphs = marked_paragraphs(doc)
    number = f"{doc.index}/{total}" if total else f"{doc.index}"
    yield f"== {number} {doc.title} · raw lines {doc.first_line}-{doc.last_line} · {_count(len(paragraphs), 'paragraph')} · {counts}"
    for p in paragraphs:
        if p.edits or unchanged:
            yield from explain_paragraph(doc, p)
    yield ""


def explain_documents(docs: Sequence[Document], source: str, *, unchanged: bool = False) -> Iterator[str]:
    """The explanation of every document of one source, line by line."""
    yield f"# {source}: {_count(len(docs), 'document')}"
    yield ""
    for doc in docs:
        yield from explain_document(doc, len(docs), unchanged=unchanged)
