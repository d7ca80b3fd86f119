"""Clean a file far larger than memory, in blocks cut where the pipeline itself ends a document.

A block is read (about `block_bytes`, ending at a line end), cleaned as one text, and every
document in it but the last is emitted; the last one may continue in the next block, so its
raw text is carried over and cleaned again with the next block. The document emitted just
before it is carried too, as context that is cleaned again but not emitted again: that way
every emitted document is cleaned with a document before it, exactly as it is in the whole
file (a document at offset 0 of a text is treated as the file's start: its page-start mark is
removed by a different stage, so the recorded edits would differ).

What is measured per file is measured per block (a block is `block_bytes`, 8 MB by default,
so for most files the block is the file): the line-width model of unwrap_lines
(measure_layout: full width, indent, margin, conventions), the page-number sequences and the
running-header counts of page_furniture. A compilation repeats its layout, so per-block
measures agree with the whole file's; the test cleans the sample repeated, in blocks of a few
documents, and compares every document and its record with the whole-file run.

If a block holds no document boundary at all and the carried text reaches `4 × block_bytes`,
the text is cut at its last page start (a line that opens with a form feed, or with one space
as pdftotext writes page starts), or failing that at a blank line: the part before the cut
becomes a document of its own, and a paragraph running across the cut stays split there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .document import Document, evolve
from .errors import InputError
from .io import decode
from .runner import Pipeline

BLOCK_BYTES = 8 * 2**20
MAX_CARRY_BLOCKS = 4
MARGIN_FRACTION = 64  # context kept on each side of a block: 1/64 of its bytes, in characters


def read_blocks(path: Path, block_bytes: int) -> Iterator[bytes]:
    """The file's bytes in pieces of about `block_bytes` (the last up to 1.5×), each ending at a line end (or EOF)."""
    rest = b""
    size = path.stat().st_size
    with path.open("rb") as f:
        while True:
            chunk = f.read(block_bytes)
            if not chunk:
                break
            if size - f.tell() < block_bytes // 2:
                chunk += f.read()  # no short last block: its measures would rest on little text
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            rest = data[cut:]
            yield data[:cut]
    if rest:
        yield rest


def streamable(path: Path, encoding: str | None, block_bytes: int) -> bool:
    """Worth streaming, and safe to cut at b'\\n': larger than a block, UTF-8 (or ASCII-compatible)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size <= block_bytes or (encoding or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8", "ascii"):
        return False
    with path.open("rb") as f:
        head = f.read(2**20)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:8192]:
        return False  # UTF-16/32 do not cut at b"\n"
    if encoding is None:
        # A file that is not UTF-8 is read whole, so decode() detects its encoding (and the
        # manifest records it); a streamed one is decoded block by block as UTF-8.
        try:
            head[: head.rfind(b"\n") + 1].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def stream_documents(
    pipeline: Pipeline,
    path: Path,
    *,
    name: str | None = None,
    block_bytes: int = BLOCK_BYTES,
    encoding: str | None = None,
    errors: str = "strict",
    margin: int | None = None,
) -> Iterator[Document]:
    """Clean the file at `path` block by block, yielding its documents in order, numbered from 1.

    `margin`: characters of context cleaned again on each side of what a block emits
    (default `block_bytes // 64`; for Chinese text that is about 5% of the block per side).
    """
    name = name or str(path)
    margin = margin or max(1, block_bytes // MARGIN_FRACTION)
    carry = ""  # raw text carried to the next block: context documents, then the open ones
    context = 0  # characters of `carry` that are context (already emitted)
    line = 1  # source line number of carry[0]
    index = 0
    offset = 0  # bytes of the file consumed before the current block
    blocks = read_blocks(path, block_bytes)
    block = next(blocks, None)
    while block is not None:
        nxt = next(blocks, None)
        text = carry + _decode_block(block, name, offset, encoding, errors)
        offset += len(block)
        del block, carry  # bounded memory: one block's text and its documents at a time
        docs, starts = _clean(pipeline, text, name, line)
        if context and context not in starts:
            # Cleaned again, the context did not end where it did before: clean without it.
            line += text.count("\n", 0, context)
            text, context = text[context:], 0
            docs, starts = _clean(pipeline, text, name, line)
        first = starts.index(context) if context else 0
        if nxt is None:
            emit = len(docs)
        else:
            # Hold back the last document (it may go on in the next block) and those that end
            # within `margin` of the end (their page-number sequences may go on there too).
            ends = starts[1:] + [len(text)]
            emit = first
            while emit < len(docs) - 1 and ends[emit] <= len(text) - margin:
                emit += 1
        for d in docs[first:emit]:
            index += 1
            yield evolve(d, index=index)
        if nxt is not None:
            if emit > first:
                held = starts[emit]
                # Carry context: the documents in the `margin` before the first held one.
                keep_from = max((s for s in starts[:emit] if s <= held - margin), default=starts[0])
                line += text.count("\n", 0, keep_from)
                carry, context = text[keep_from:], held - keep_from
            elif len(text) > MAX_CARRY_BLOCKS * block_bytes and (cut := _page_cut(text, context)):
                # No document ends in all that text: cut it at a page start.
                for d in _clean(pipeline, text[:cut], name, line)[0][first:]:
                    index += 1
                    yield evolve(d, index=index)
                line += text.count("\n", 0, cut)
                carry, context = text[cut:], 0
            else:
                carry = text
        del docs, starts, text
        block = nxt


def _decode_block(block: bytes, name: str, offset: int, encoding: str | None, errors: str) -> str:
    """Decode a block as a whole-file read would decode the file (the checks, on the first block)."""
    if offset == 0:
        return decode(block, name, encoding=encoding, errors=errors)[0]
    enc = encoding or "utf-8"
    try:
        return block.decode(enc, errors=errors)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid {enc} at byte {offset + e.start}; give the encoding with --encoding "
            f"(e.g. gb18030, big5) or use --errors replace"
        ) from None


def _clean(pipeline: Pipeline, text: str, name: str, line: int) -> tuple[list[Document], list[int]]:
    """The documents of `text` (whose first line is line `line` of the file) and their raw offsets in `text`."""
    doc = Document(
        source=name,
        raw=text,
        text=text,
        first_line=line,
        last_line=line + text.count("\n") - (1 if text.endswith("\n") else 0),
    )
    docs = pipeline.run_document(doc)
    starts = []
    pos = 0
    for d in docs:
        at = pos if text.startswith(d.raw, pos) else text.find(d.raw, pos)
        starts.append(at)
        pos = at + len(d.raw)
    return docs, starts


def _page_cut(text: str, context: int) -> int:
    """The start of the last page after `context`, or failing that of the last blank line; 0 if none.

    A page starts at a line that opens with a form feed, or (pdftotext without -layout, see
    page_furniture) with a single space before text.
    """
    at = text.rfind("\n\f", context)
    if at > context:
        return at + 1
    at = len(text)
    while (at := text.rfind("\n ", context, at)) > context:
        if at + 2 < len(text) and not text[at + 2].isspace():
            return at + 1
    at = text.rfind("\n\n", context)
    return at + 1 if at > context else 0
