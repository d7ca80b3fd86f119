"""Reading inputs and writing outputs: decoding with clear errors, atomic replacement of results."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) uses
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import regex

from .diffs import document_diff
from .document import Document, title_of
from .encoding import bom_encoding, detect_legacy, mostly_utf8, utf16_without_bom
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
            found = sorted(str(f) for f in path.rglob("*.txt") if f.is_file() and not _is_result(f))
            if not found:
                raise InputError(f"{p}: directory has no .txt files")
            out += found
        else:
            out.append(p)
    return out


def _is_result(path: Path) -> bool:
    """True for a document textmend wrote (its directory's manifest.json lists it): a result, not an input."""
    manifest_path = path.parent / "manifest.json"
    if not manifest_path.is_file():
        return False
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
        return any(d.get("text") == path.name for d in data.get("documents", []))
    except (OSError, ValueError, AttributeError, TypeError):
        return False


def read_source(path: str, *, encoding: str | None = None, errors: str = "strict") -> Source:
    """Read and decode one input; raise InputError naming the file for anything unusable."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name, stem = "<stdin>", "stdin"
    else:
        p = Path(path)
        if p.exists() and not p.is_file() and not p.is_dir():
            # Reading a FIFO or a device could block forever or never end.
            raise InputError(f"{path}: not a regular file (a pipe, socket or device); pipe it to - instead")
        try:
            data = p.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory") from None
        except OSError as e:
            raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
        name, stem = path, p.stem.removesuffix(".pdftext")
    text, meta = decode(data, name, encoding=encoding, errors=errors)
    nul = text.find("\x00")
    if nul >= 0:  # decode() looks for NUL bytes near the start only
        utf8 = str(meta.get("encoding", "")).startswith("utf-8")
        at = f"byte {data.find(bytes(1))}" if utf8 else f"character {nul}"
        raise InputError(f"{name}: NUL character at {at}; binary data, not text")
    return Source(name, stem, text, meta)


def decode(data: bytes, name: str, *, encoding: str | None = None, errors: str = "strict") -> tuple[str, dict[str, Any]]:
    """Decode input bytes: by BOM, else UTF-8, else a detected encoding (see pipeline.encoding).

    `encoding` overrides detection. The returned meta records the decision for the manifest.
    """
    if not data or data.isspace():  # not data.strip(), which copies the whole input
        raise InputError(f"{name}: file is empty")
    meta: dict[str, Any] = {"detected_by": "given"} if encoding else {}
    if encoding is None:
        encoding = bom_encoding(data)
        if encoding:
            meta = {"detected_by": "bom"}
        elif b"\x00" in data[:8192]:
            encoding = utf16_without_bom(data)
            if encoding is None:
                raise InputError(f"{name}: looks like a binary file (NUL bytes); not text")
            meta = {"detected_by": "utf-16 without bom"}
    if encoding is None:
        try:
            return data.decode("utf-8"), {"encoding": "utf-8"}
        except UnicodeDecodeError:
            guess = None if mostly_utf8(data) else detect_legacy(data)
        if guess is not None:
            encoding, meta = guess
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
    return text, {"encoding": enc, **meta}


def slug(title: str, limit: int = 40) -> str:
    """A file-name-safe form of a title: letters and digits of any script, joined by '-'."""
    s = RE_SLUG_DROP.sub("-", title).strip("-")
    return s[:limit].strip("-") or "document"


def document_files(docs: Sequence[Document]) -> list[str]:
    """The file names (without extension) of the documents, as OutputWriter gives them."""
    width = max(2, len(str(len(docs))))
    return [f"{d.index:0{width}d}-{slug(d.title)}" for d in docs]


def manifest(source: Source, docs: Sequence[Document], names: Sequence[str], stages: Iterable[str]) -> dict[str, Any]:
    return _manifest(source.name, source.meta, [manifest_entry(d, n) for d, n in zip(docs, names)], stages)


def manifest_entry(d: Document, name: str) -> dict[str, Any]:
    """What manifest.json says about one document written as `name`.txt / `name`.diff."""
    return _entry(d, name, d.title, len(d.paragraphs))


def _entry(d: Document, name: str, title: str, paragraphs: int) -> dict[str, Any]:
    return {
        "index": d.index,
        "title": title,
        "text": f"{name}.txt",
        "diff": f"{name}.diff",
        "lines": [d.first_line, d.last_line],
        "paragraphs": paragraphs,
        "edits": d.edit_counts(),
    }


def _indented(entry: dict[str, Any]) -> str:
    """An entry as it stands in manifest.json's list of documents: json.dumps(entry, indent=2) at depth 2.

    Written out directly for the values an entry holds (json's indenting encoder is pure
    Python, several times slower, and leaves reference cycles to the garbage collector).
    """
    lines = ["    {"]
    last = len(entry) - 1
    for i, (key, value) in enumerate(entry.items()):
        kind = type(value)
        if type(key) is not str:
            kind = None  # not an entry's shape
        if kind is str:
            text = encode_basestring(value)
        elif kind is int:
            text = int.__repr__(value)
        elif kind is list and all(type(v) is int for v in value):
            text = "[\n" + ",\n".join(f"        {int.__repr__(v)}" for v in value) + "\n      ]" if value else "[]"
        elif kind is dict and all(type(k) is str and type(v) is int for k, v in value.items()):
            items = [f"        {encode_basestring(k)}: {int.__repr__(v)}" for k, v in value.items()]
            text = "{\n" + ",\n".join(items) + "\n      }" if items else "{}"
        else:  # not an entry's shape: let json write it
            return "    " + json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        lines.append(f"      {encode_basestring(key)}: {text}" + ("," if i < last else ""))
    if not entry:
        return "    {}"
    lines.append("    }")
    return "\n".join(lines)


def _spooled_entries(spool: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Parse back the entries `_indented` wrote, comma-separated: each ends at a line '    }'."""
    block: list[str] = []
    for line in spool:
        block.append(line)
        if line.rstrip("\n").rstrip(",") == "    }":
            yield json.loads("".join(block).rstrip("\n").rstrip(","))
            block = []
    if block:
        yield json.loads("".join(block))


def document_record(name: str, doc: Document) -> dict[str, Any]:
    """One document as `clean --format jsonl` prints it: a JSON object per line."""
    return {
        "source": name,
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


def _write_utf8(path: Path, content: str) -> None:
    """Path.write_text(content, encoding="utf-8"), encoded once and written in one call."""
    if os.linesep != "\n":  # text mode would translate line ends
        path.write_text(content, encoding="utf-8")
        return
    with open(path, "wb") as f:
        f.write(content.encode("utf-8"))


def _manifest(name: str, meta: dict[str, Any], entries: list[dict[str, Any]], stages: Iterable[str]) -> dict[str, Any]:
    return {"source": name, "decoding": meta, "stages": list(stages), "documents": entries}


def final_text(doc: Document) -> str:
    return doc.text if doc.text.endswith("\n") else doc.text + "\n"


def write_outputs(source: Source, docs: Sequence[Document], out_dir: Path, stages: Iterable[str]) -> Path:
    """Write DIR/<stem>/ (documents, diffs, manifest.json) atomically, replacing any earlier run.

    Everything is written to a temporary directory beside the target, which then takes the
    target's place; an interrupted run leaves the previous results untouched.
    """
    with OutputWriter(source.name, source.stem, out_dir, stages, expected=len(docs)) as writer:
        for d in docs:
            writer.add(d)
        writer.meta = source.meta
    return writer.target


class OutputWriter:
    """Write documents one at a time into DIR/<stem>/, which appears atomically on `close()`.

    Documents go to a temporary directory beside the target as they come (so a streamed file
    never holds more than one block in memory); `close()` gives them their final names (the
    number's width depends on how many there are), writes manifest.json and renames the
    directory into place. Leaving the `with` block on an exception removes the temporary files
    and keeps any earlier results.
    """

    def __init__(
        self,
        name: str,
        stem: str,
        out_dir: Path,
        stages: Iterable[str],
        meta: dict[str, Any] | None = None,
        expected: int = 0,
        changes: bool = False,
    ) -> None:
        """`expected`: how many documents will come, if known (it sets the width of the numbers).

        `changes`: also write NN-title.changes.txt, each paragraph with its changes marked and
        the edits behind it, as `textmend explain` prints them (rendered only when asked).
        """
        self.name, self.stem, self.out_dir, self.stages = name, stem, out_dir, list(stages)
        self.expected, self.changes = expected, changes
        self.width = max(2, len(str(expected)))
        self.meta: dict[str, Any] = dict(meta or {})
        self.target = out_dir / stem
        if name != "<stdin>":
            src = Path(name).resolve()
            if src.is_relative_to(self.target.resolve()):
                raise InputError(f"{name}: is inside the output directory {self.target}; choose another -o")
        if self.target.exists() and not (self.target / "manifest.json").is_file():
            # Only the results of an earlier run are replaced, never a user's own file or directory.
            raise InputError(f"{name}: {self.target} exists and is not a textmend result; not replacing it, choose another -o")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"{out_dir}: cannot create output directory: {e.strerror or e}") from None
        if not out_dir.is_dir():
            raise InputError(f"{out_dir}: output path is not a directory")
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{stem}.", dir=out_dir))
        # Manifest entries are spooled to a file as documents come, so that a file of a
        # million documents does not hold a million dicts (and their JSON) in memory.
        self.entries_path = self.tmp / ".manifest-entries.jsonl"
        self.entries = self.entries_path.open("w", encoding="utf-8")
        self.slugs: list[str] = []

    def add(self, d: Document) -> None:
        """Write one document (its index must be the next one) and its diff."""
        paragraphs = d.paragraphs
        title = title_of(paragraphs)  # d.title, without splitting the text again
        k = len(self.slugs) + 1
        self.slugs.append(slug(title))
        name = self._name(k)
        _write_utf8(self.tmp / f"{name}.txt", final_text(d))
        _write_utf8(self.tmp / f"{name}.diff", document_diff(d, self.name, f"{name}.txt"))
        entry = _entry(d, name, title, len(paragraphs))
        if self.changes:
            from .explain import explain_document

            lines = explain_document(d, self.expected or None)
            _write_utf8(self.tmp / f"{name}.changes.txt", "\n".join(lines))
            entry["changes"] = f"{name}.changes.txt"
        # Spooled as it will stand in manifest.json (indented, comma-separated), so that close()
        # copies it rather than parsing and dumping every entry again.
        self.entries.write(("" if k == 1 else ",\n") + _indented(entry))

    def _name(self, k: int, width: int = 0) -> str:
        return f"{k:0{width or self.width}d}-{self.slugs[k - 1]}"

    def close(self) -> None:
        width = max(2, len(str(len(self.slugs))))
        if width != self.width:
            # More documents than expected (a streamed file): renumber with more digits.
            for k in range(1, len(self.slugs) + 1):
                old, new = self._name(k), self._name(k, width)
                if old == new:  # numbers that already had enough digits
                    continue
                os.rename(self.tmp / f"{old}.txt", self.tmp / f"{new}.txt")
                if self.changes:
                    os.rename(self.tmp / f"{old}.changes.txt", self.tmp / f"{new}.changes.txt")
                # Bytes, not text: a raw line's \r must survive (text mode would make it \n).
                body = (self.tmp / f"{old}.diff").read_bytes()
                (self.tmp / f"{new}.diff").write_bytes(body.replace(f"+++ {old}.txt".encode(), f"+++ {new}.txt".encode(), 1))
                os.unlink(self.tmp / f"{old}.diff")
        self.entries.close()
        self._write_manifest(width)
        self.entries_path.unlink()
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.stem}.old.", dir=self.out_dir))
            os.rename(self.target, old / "previous")
        os.rename(self.tmp, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _write_manifest(self, width: int) -> None:
        """manifest.json: the bytes json.dumps(manifest, indent=2) gives, its entries copied from the spool."""
        head = json.dumps(_manifest(self.name, self.meta, [], self.stages), ensure_ascii=False, indent=2)
        empty = '"documents": []\n}'
        assert head.endswith(empty)
        with (self.tmp / "manifest.json").open("w", encoding="utf-8") as out, self.entries_path.open(encoding="utf-8") as spool:
            if not self.slugs:
                out.write(head + "\n")
                return
            out.write(head[: -len(empty)] + '"documents": [\n')
            if width == self.width:
                shutil.copyfileobj(spool, out)
            else:
                for k, entry in enumerate(_spooled_entries(spool), 1):
                    entry["text"], entry["diff"] = f"{self._name(k, width)}.txt", f"{self._name(k, width)}.diff"
                    if "changes" in entry:
                        entry["changes"] = f"{self._name(k, width)}.changes.txt"
                    out.write(("" if k == 1 else ",\n") + _indented(entry))
            out.write("\n  ]\n}\n")

    def abort(self) -> None:
        self.entries.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            try:
                self.close()
            except BaseException:
                self.abort()
                raise
        else:
            self.abort()
