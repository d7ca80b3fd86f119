"""Clean many files: one at a time, over worker processes (--jobs N), or on a Dask cluster.

Workers are given paths, not text: each reads its file, cleans it (in blocks if it is large,
see `pipeline.stream`) and writes DIR/<stem>/ itself, then returns a small `FileResult`.
Passing text through the parent would cost as much as the cleaning saves (performance.md:
1.0–1.1× with pickled documents, 1.7–1.9× with path-passing workers). Results come back in
input order whatever order the workers finish in, and every file's output is the same as a
single-process run's.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from rich.console import Console

from .document import Document
from .errors import PipelineError
from .io import OutputWriter, document_record, final_text, read_source
from .runner import Pipeline, PipelineConfig
from .stream import BLOCK_BYTES, stream_documents, streamable


@dataclass(frozen=True)
class Job:
    """What a worker needs to clean a file: all of it picklable."""

    config: PipelineConfig
    output: str | None  # the output directory; None: the documents go to standard output
    encoding: str | None = None
    errors: str = "strict"
    block_bytes: int = BLOCK_BYTES
    fmt: str = "files"  # on standard output: "files" prints the text, "jsonl" one JSON object per document
    changes: bool = False  # also write NN-title.changes.txt (OutputWriter)
    verify: bool = False  # check every document's content accounting; a failure fails the file


@dataclass(frozen=True)
class FileResult:
    path: str
    name: str
    documents: int = 0
    bytes: int = 0
    target: str | None = None  # the directory written
    stdout_file: str | None = None  # standard-output text a worker left in a temporary file
    error: str | None = None  # a PipelineError's message: this file failed, the others go on


@functools.lru_cache(maxsize=8)
def _pipeline(config_key: bytes) -> Pipeline:
    return Pipeline(config=pickle.loads(config_key))


def pipeline_for(config: PipelineConfig) -> Pipeline:
    """One Pipeline per config per process (a worker cleans many files with it)."""
    return _pipeline(pickle.dumps(config))


def _documents(path: str, job: Job, pipeline: Pipeline) -> tuple[str, str, dict[str, Any], Iterator[Document] | list[Document], int]:
    """(name, stem, decoding, documents, bytes): streamed in blocks when the file is large."""
    p = Path(path)
    if path != "-" and streamable(p, job.encoding, job.block_bytes):
        meta = {"encoding": job.encoding or "utf-8"}
        docs = stream_documents(pipeline, p, name=path, block_bytes=job.block_bytes, encoding=job.encoding, errors=job.errors)
        return path, p.stem.removesuffix(".pdftext"), meta, docs, p.stat().st_size
    source = read_source(path, encoding=job.encoding, errors=job.errors)
    size = len(source.text.encode("utf-8", "surrogatepass")) if path == "-" else p.stat().st_size
    return source.name, source.stem, source.meta, pipeline.run(source.text, source.name, source.meta), size


def clean_file(path: str, job: Job, out: IO[str] | None = None) -> FileResult:
    """Clean one file as `job` says; in standard-output mode write to `out`, or to a temporary file."""
    pipeline = pipeline_for(job.config)
    try:
        name, stem, meta, docs, size = _documents(path, job, pipeline)
        if job.verify:
            docs = _verified(docs, name)
        n = 0
        if job.output is not None:
            expected = len(docs) if isinstance(docs, list) else 0
            with OutputWriter(name, stem, Path(job.output), pipeline.stage_names, meta, expected=expected, changes=job.changes) as writer:
                for d in docs:
                    writer.add(d)
                    n += 1
            return FileResult(path, name, n, size, target=str(writer.target))
        tmp = None
        if out is None:
            fd, tmp = tempfile.mkstemp(prefix="textmend-", suffix=".txt")
            out = open(fd, "w", encoding="utf-8")
        try:
            for d in docs:
                if job.fmt == "jsonl":
                    out.write(json.dumps(document_record(name, d), ensure_ascii=False) + "\n")
                else:
                    out.write(("\f\n" if n else "") + final_text(d))
                n += 1
        except BaseException:
            if tmp is not None:
                out.close()
                os.unlink(tmp)
            raise
        if tmp is not None:
            out.close()
        return FileResult(path, name, n, size, stdout_file=tmp)
    except PipelineError as e:
        return FileResult(path, path, error=str(e))
    except OSError as e:  # disk full, permissions while writing: this input fails, the batch goes on
        return FileResult(path, path, error=f"{path}: cannot write results: {e.strerror or e}")


def _verified(docs: Iterable[Document], name: str) -> Iterator[Document]:
    """Pass documents through, failing on the first whose characters are not all accounted for."""
    from .accounting import account

    for d in docs:
        acc = account([d])
        if not acc.ok:
            missing = "".join(sorted(acc.unexplained.elements()))[:40]
            raise PipelineError(f"{name}: document {d.index} lost characters no edit records removing: {missing!r}")
        yield d


def clean_files(
    paths: Sequence[str], job: Job, *, jobs: int = 1, on_result: Callable[[FileResult], None] | None = None
) -> Iterator[FileResult]:
    """Clean `paths`, yielding their results in input order; `on_result` sees each as it completes.

    With `jobs` > 1 the files go to that many worker processes, largest first; standard input
    ('-') is always read by this process.
    """
    if jobs <= 1 or len(paths) <= 1 or "-" in paths:
        for path in paths:
            result = clean_file(path, job, sys.stdout if job.output is None else None)
            if on_result:
                on_result(result)
            yield result
        return
    order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
    results: list[FileResult | None] = [None] * len(paths)
    ready = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures: dict[Future[FileResult], int] = {pool.submit(clean_file, paths[i], job): i for i in order}
        for fut in as_completed(futures):
            i = futures[fut]
            results[i] = fut.result()
            if on_result:
                on_result(results[i])
            while ready < len(paths) and results[ready] is not None:
                yield _deliver(results[ready])
                ready += 1


def _deliver(result: FileResult) -> FileResult:
    """Copy a worker's standard-output text to ours, in order, and remove its file."""
    if result.stdout_file:
        with open(result.stdout_file, "rb") as f:
            sys.stdout.flush()
            shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        os.unlink(result.stdout_file)
    return result


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def clean_files_dask(paths: Sequence[str], job: Job, scheduler: Any) -> list[FileResult]:
    """Clean `paths` on a Dask cluster; results in input order.

    `scheduler` is a scheduler address ("tcp://host:8786") or a `distributed.Client`. Every
    worker must have textmend installed and see the input paths and the output directory
    under the same names (a shared filesystem): paths are made absolute here and each worker
    reads and writes its own files. Standard-output mode is not available on a cluster.
    """
    try:
        from distributed import Client
    except ImportError:
        raise PipelineError("a Dask run needs dask: pip install 'textmend[dask]'") from None
    if job.output is None:
        raise PipelineError("a Dask run writes files: give an output directory (-o), not --stdout")
    if "-" in paths:
        raise PipelineError("a Dask run cannot read standard input")
    job = Job(job.config, str(Path(job.output).resolve()), job.encoding, job.errors, job.block_bytes)
    absolute = [str(Path(p).resolve()) for p in paths]
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = client.map(clean_file, absolute, job=job, pure=False)
        results = client.gather(futures)
    finally:
        if client is not scheduler:
            client.close()
    # Report the paths as they were given.
    return [dataclasses.replace(r, path=p, name=p if r.name == a else r.name) for p, a, r in zip(paths, absolute, results)]


class Progress:
    """A rich progress bar on standard error (files, documents, MB/s), only when it is a terminal."""

    def __init__(self, paths: Sequence[str], console: Console) -> None:
        self.console = console
        self.total_bytes = sum(_size(p) for p in paths)
        self.files = len(paths)
        self.bar: Any = None
        if sys.stderr.isatty():
            from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

            self.bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
                TextColumn("{task.fields[documents]} documents"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=console,
                transient=False,
            )
        self.done = self.documents = 0
        self.start = time.perf_counter()

    def __enter__(self) -> "Progress":
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task("cleaning", total=self.total_bytes or None, files=0, total_files=self.files, documents=0, rate="")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()

    def update(self, result: FileResult) -> None:
        self.done += 1
        self.documents += result.documents
        if self.bar is not None:
            elapsed = max(time.perf_counter() - self.start, 1e-9)
            done_bytes = self.bar.tasks[0].completed + result.bytes
            self.bar.update(
                self.task, completed=done_bytes, files=self.done, documents=self.documents, rate=f"{done_bytes / 1e6 / elapsed:.1f} MB/s"
            )

    def print(self, message: str) -> None:
        """A message above the bar (or on standard error without one)."""
        self.console.print(message)
