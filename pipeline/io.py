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
    """Files named, with every *.txt under a directory; '-' is standard input.

    Under a directory, the documents of an earlier run (the .txt files a textmend
    manifest.json lists beside them) are results, not inputs, and are left out.
    """
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*.txt") if f.is_file() and not _is_result(f))
            if not found:
                raise InputError(f"{p}: directory has no .txt files")
            out += found
        else:
            out.append(p)
    return out


def _is_result(path: Path) -> bool:
    """True for a document textmend wrote: its directory's manifest.json lists it."""
    manifest_path = path.parent / "manifest.json"
    if not manifest_path.is_file():
        return False
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
        return any(d.get("text") == path.name for d in data.get("documents", []))
    except (OSError, ValueError, AttributeError, TypeError):
        return False


def output_stem(path: str) -> str:
    """The name of the directory an input's results go to: its stem, without .pdftext."""
    return "stdin" if path == "-" else Path(path).stem.removesuffix(".pdftext")


def read_source(path: str, *, encoding: str | None = None, errors: str = "strict") -> Source:
    """Read and decode one input; raise InputError naming the file for anything unusable."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name, stem = "<stdin>", "stdin"
    else:
        p = Path(path)
        if p.is_symlink() and not p.exists():
            raise InputError(f"{path}: cannot read: broken symbolic link to {os.readlink(p)}")
        if p.exists() and not p.is_file() and not p.is_dir():
            # Reading a FIFO or a device could block forever or never end.
            raise InputError(f"{path}: not a regular file (a pipe, socket or device); pipe it to - instead")
        try:
            data = p.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory") from None
        except OSError as e:
            raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
        name, stem = path, output_stem(path)
    text, meta = decode(data, name, encoding=encoding, errors=errors)
    nul = text.find("\x00")
    if nul >= 0:
        # decode() looks for NUL bytes near the start only; text never holds one.
        utf8 = str(meta.get("encoding", "")).startswith("utf-8")
        at = f"byte {data.find(bytes(1))}" if utf8 else f"character {nul}"
        raise InputError(f"{name}: NUL character at {at}; binary data, not text")
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


def final_text(doc: Document) -> str:
    return doc.text if doc.text.endswith("\n") else doc.text + "\n"


def write_outputs(source: Source, docs: Sequence[Document], out_dir: Path, stages: Iterable[str]) -> Path:
    """Write DIR/<stem>/ (documents, diffs, manifest.json) atomically, replacing any earlier run.

    Everything is written to a temporary directory beside the target, which then takes the
    target's place; an interrupted run leaves the previous results untouched.
    """
    target = out_dir / source.stem
    if source.name != "<stdin>":
        src = Path(source.name).resolve()
        if src.is_relative_to(target.resolve()):
            raise InputError(f"{source.name}: is inside the output directory {target}; choose another -o")
    if target.exists() and not (target / "manifest.json").is_file():
        # Only the results of an earlier run are replaced, never a user's own file or directory.
        raise InputError(f"{source.name}: {target} exists and is not a textmend result; not replacing it, choose another -o")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{out_dir}: cannot create output directory: {e.strerror or e}") from None
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: output path is not a directory")
    tmp = Path(tempfile.mkdtemp(prefix=f".{source.stem}.", dir=out_dir))
    old: Path | None = None
    try:
        names = document_files(docs)
        for d, n in zip(docs, names):
            (tmp / f"{n}.txt").write_text(final_text(d), encoding="utf-8")
            (tmp / f"{n}.diff").write_text(document_diff(d, source.name, f"{n}.txt"), encoding="utf-8")
        data = manifest(source, docs, names, stages)
        (tmp / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{source.stem}.old.", dir=out_dir))
            os.rename(target, old / "previous")
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.rename(old / "previous", target)  # put the earlier results back
            shutil.rmtree(old, ignore_errors=True)
        if isinstance(e, OSError):  # disk full, permissions: this input fails, the batch goes on
            raise InputError(f"{source.name}: cannot write results to {target}: {e.strerror or e}") from None
        raise
    return target
