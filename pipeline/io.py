"""Reading inputs and writing outputs: decoding with clear errors, atomic replacement of results."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import regex

from .diffs import document_diff
from .document import Document
from .errors import InputError

RE_SLUG_DROP = regex.compile(r"[^\p{L}\p{N}]+")


@dataclass(frozen=True)
class Source:
    """One input: its display name, decoded text and how it was decoded."""

    name: str
    stem: str
    text: str
    meta: dict[str, Any]


def expand_inputs(paths: Sequence[str]) -> list[str]:
    """Files named, with every *.txt under a directory; '-' is standard input."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*.txt") if f.is_file())
            if not found:
                raise InputError(f"{p}: directory has no .txt files")
            out += found
        else:
            out.append(p)
    return out


def read_source(path: str, *, encoding: str | None = None, errors: str = "strict") -> Source:
    """Read and decode one input; raise InputError naming the file for anything unusable."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name, stem = "<stdin>", "stdin"
    else:
        p = Path(path)
        try:
            data = p.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory") from None
        except OSError as e:
            raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
        name, stem = path, p.stem.removesuffix(".pdftext")
    text, meta = decode(data, name, encoding=encoding, errors=errors)
    return Source(name, stem, text, meta)


def decode(data: bytes, name: str, *, encoding: str | None = None, errors: str = "strict") -> tuple[str, dict[str, Any]]:
    """Decode input bytes: UTF-8 (BOM or not), UTF-16 by BOM, else the encoding given."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding is None:
        encoding = "utf-16"
    if encoding is None and b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); not text")
    enc = encoding or "utf-8"
    try:
        text = data.decode(enc, errors=errors)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid {enc} at byte {e.start}; give the encoding with --encoding "
            f"(e.g. gb18030, big5) or use --errors replace"
        ) from None
    except LookupError:
        raise InputError(f"{name}: unknown encoding {enc!r}") from None
    return text, {"encoding": enc}


def slug(title: str, limit: int = 40) -> str:
    """A file-name-safe form of a title: letters and digits of any script, joined by '-'."""
    s = RE_SLUG_DROP.sub("-", title).strip("-")
    return s[:limit].strip("-") or "document"


def document_files(docs: Sequence[Document]) -> list[str]:
    width = max(2, len(str(len(docs))))
    return [f"{d.index:0{width}d}-{slug(d.title)}" for d in docs]


def manifest(source: Source, docs: Sequence[Document], names: Sequence[str], stages: Iterable[str]) -> dict[str, Any]:
    return {
        "source": source.name,
        "decoding": source.meta,
        "stages": list(stages),
        "documents": [
            {
                "index": d.index,
                "title": d.title,
                "text": f"{n}.txt",
                "diff": f"{n}.diff",
                "lines": [d.first_line, d.last_line],
                "paragraphs": len(d.paragraphs),
                "edits": d.edit_counts(),
            }
            for d, n in zip(docs, names)
        ],
    }


def document_record(source: Source, doc: Document) -> dict[str, Any]:
    """One document as `clean --format jsonl` prints it: a JSON object per line."""
    return {
        "source": source.name,
        "index": doc.index,
        "title": doc.title,
        "lines": [doc.first_line, doc.last_line],
        "paragraphs": doc.paragraphs,
        "text": final_text(doc),
        "edits": doc.edit_counts(),
    }


def write_file(path: Path, content: str) -> None:
    """Write `content` to `path` through a temporary file beside it, so a reader never sees half of it."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def final_text(doc: Document) -> str:
    return doc.text if doc.text.endswith("\n") else doc.text + "\n"


def write_outputs(
    source: Source, docs: Sequence[Document], out_dir: Path, stages: Iterable[str], *, changes: bool = False
) -> Path:
    """Write DIR/<stem>/ (documents, diffs, manifest.json) atomically, replacing any earlier run.

    With `changes`, also NN-title.changes.txt: each paragraph with its changes marked and the
    edits behind it, as `textmend explain` prints them (rendered only when asked).

    Everything is written to a temporary directory beside the target, which then takes the
    target's place; an interrupted run leaves the previous results untouched.
    """
    target = out_dir / source.stem
    if source.name != "<stdin>":
        src = Path(source.name).resolve()
        if src.is_relative_to(target.resolve()):
            raise InputError(f"{source.name}: is inside the output directory {target}; choose another -o")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{out_dir}: cannot create output directory: {e.strerror or e}") from None
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: output path is not a directory")
    tmp = Path(tempfile.mkdtemp(prefix=f".{source.stem}.", dir=out_dir))
    try:
        names = document_files(docs)
        for d, n in zip(docs, names):
            (tmp / f"{n}.txt").write_text(final_text(d), encoding="utf-8")
            (tmp / f"{n}.diff").write_text(document_diff(d, source.name, f"{n}.txt"), encoding="utf-8")
            if changes:
                from .explain import explain_document

                (tmp / f"{n}.changes.txt").write_text("\n".join(explain_document(d, len(docs))), encoding="utf-8")
        data = manifest(source, docs, names, stages)
        if changes:
            for entry, n in zip(data["documents"], names):
                entry["changes"] = f"{n}.changes.txt"
        (tmp / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{source.stem}.old.", dir=out_dir))
            os.rename(target, old / "previous")
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
