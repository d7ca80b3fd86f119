"""The `textmend` command: a thin layer over `pipeline.Pipeline` and `pipeline.io`."""

from __future__ import annotations

import dataclasses
import gc
import sys
import typing
from pathlib import Path
from typing import Annotated, Iterable, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import ConfigError, PipelineError
from .io import expand_inputs, read_source
from .parallel import FileResult, Job, Progress, clean_files, clean_files_dask
from .runner import Pipeline, PipelineConfig
from .stage import REGISTRY

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Clean text extracted from PDFs and OCR into per-document text, with diffs of every edit.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # messages quote file names and TOML as they are


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textmend {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Clean text extracted from PDFs and OCR into per-document text, with diffs of every edit."""


def _split_names(value: Optional[str]) -> Optional[list[str]]:
    return [s.strip() for s in value.split(",") if s.strip()] if value else None


def _parse_options(items: list[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        stage_name, dot, opt = key.partition(".")
        if not sep or not dot or not stage_name or not opt:
            raise ConfigError(f"--option takes STAGE.NAME=VALUE, not {item!r}")
        out.setdefault(stage_name.strip(), {})[opt.strip()] = value.strip()
    return out


@app.command()
def clean(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Text files, directories (every *.txt under them), or - for standard input.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for the results; each input gets DIR/<stem>/.")] = Path("output"),
    stdout: Annotated[bool, typer.Option("--stdout", help="Print the documents, separated by form-feed lines, instead of writing files.")] = False,
    convert: Annotated[Optional[str], typer.Option("--convert", help="Convert the script with this OpenCC config (s2t, t2s, s2twp, ...).")] = None,
    stages: Annotated[Optional[str], typer.Option("--stages", help="Comma-separated stages to run, in order (see `textmend stages`).")] = None,
    skip: Annotated[Optional[str], typer.Option("--skip", help="Comma-separated stages to leave out.")] = None,
    option: Annotated[list[str], typer.Option("--option", help="A stage option, STAGE.NAME=VALUE (repeatable).")] = [],
    config: Annotated[Optional[Path], typer.Option("--config", help="TOML file with stages, skip, convert and \\[options.<stage>].")] = None,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding (utf-8, gb18030, big5, utf-16, ...) instead of detecting it.")] = None,
    errors: Annotated[str, typer.Option("--errors", help="On undecodable bytes: strict (fail) or replace (U+FFFD).")] = "strict",
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Worker processes, one file each at a time; output is the same and in order.")] = 1,
    block_mb: Annotated[float, typer.Option("--block-mb", min=0.01, help="Clean files larger than this in blocks of this many MB (bounded memory).")] = 8,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run on a Dask cluster at this address (tcp://host:8786); needs textmend\\[dask] and shared paths.")] = None,
    changes: Annotated[bool, typer.Option("--changes", help="Also write NN-<title>.changes.txt: paragraphs with changes marked, as `textmend explain` prints them.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="files (DIR/<stem>/) or jsonl: one JSON object per document on standard output.")] = "files",
    verify: Annotated[bool, typer.Option("--verify", help="Check that every character removed is in an edit record; a file that fails is not written.")] = False,
    quotes: Annotated[Optional[str], typer.Option("--quotes", help="Quote style in CJK text: keep, curly (“”‘’) or corner (「」『』); same as --option punctuation.quotes=...")] = None,
    cjk_latin_space: Annotated[Optional[str], typer.Option("--cjk-latin-space", help="Space between CJK and Latin/digits: keep, add or remove; same as --option punctuation.cjk_latin_space=...")] = None,
) -> None:
    """Clean files into DIR/<stem>/NN-<title>.txt, NN-<title>.diff and manifest.json.

    Example: textmend clean samples/zh-speeches-2020.pdftext.txt -o output/

    Piped: cat extracted.txt | textmend clean - --stdout
    """
    try:
        if errors not in ("strict", "replace"):
            raise ConfigError(f"--errors must be strict or replace, not {errors!r}")
        _check_format(ctx, fmt, stdout, scheduler)
        overrides = {"stages": _split_names(stages), "skip": _split_names(skip) or [], "convert": convert}
        opts = _parse_options(option)
        for name, value in (("quotes", quotes), ("cjk_latin_space", cjk_latin_space)):
            if value is not None:
                opts.setdefault("punctuation", {}).setdefault(name, value)
        if config is not None:
            cfg = PipelineConfig.from_toml(config, options=opts, **overrides)
        else:
            cfg = PipelineConfig.build(overrides["stages"], skip=overrides["skip"], convert=convert, options=opts)
        Pipeline(config=cfg)  # checks every stage's options before any file is read
        inputs = expand_inputs(paths)
    except PipelineError as e:
        err.print(f"Error: {e}")
        raise typer.Exit(2) from None
    to_stdout = stdout or fmt == "jsonl"
    job = Job(cfg, None if to_stdout else str(output), encoding, errors, int(block_mb * 2**20), fmt=fmt, changes=changes, verify=verify)
    failed = 0
    if not to_stdout:
        inputs, clashes = _separate_stems(inputs, output)
        for message in clashes:
            err.print(f"Error: {message}")
        failed += len(clashes)
    with Progress(inputs, err) as progress:
        try:
            if scheduler:
                results: Iterable[FileResult] = clean_files_dask(inputs, job, scheduler)
            else:
                results = clean_files(inputs, job, jobs=jobs, on_result=progress.update)
            for result in results:
                if scheduler:
                    progress.update(result)
                if result.error:
                    failed += 1
                    progress.print(f"Error: {result.error}")
                elif not to_stdout:
                    plural = "" if result.documents == 1 else "s"
                    progress.print(f"{result.name}: {result.documents} document{plural} -> {result.target}")
        except PipelineError as e:
            err.print(f"Error: {e}")
            raise typer.Exit(2) from None
    if failed:
        total = len(inputs) + (len(clashes) if not to_stdout else 0)
        if total > 1:
            err.print(f"{failed} of {total} inputs failed")
        raise typer.Exit(1)


def _separate_stems(inputs: list[str], output: Path) -> tuple[list[str], list[str]]:
    """Each file once; a later input whose results would replace an earlier one's (a/x.txt, b/x.txt) fails."""
    kept: list[str] = []
    clashes: list[str] = []
    seen: set[str] = set()
    taken: dict[str, str] = {}  # output directory name -> the input that writes it
    for path in inputs:
        key = path if path == "-" else str(Path(path).resolve())
        if key in seen:
            continue
        seen.add(key)
        stem = "stdin" if path == "-" else Path(path).stem.removesuffix(".pdftext")
        if stem in taken:
            clashes.append(f"{path}: its results would replace those of {taken[stem]} in {output / stem}; clean it with another -o")
            continue
        taken[stem] = path
        kept.append(path)
    return kept, clashes


def _check_format(ctx: typer.Context, fmt: str, stdout: bool, scheduler: Optional[str]) -> None:
    if fmt not in ("files", "jsonl"):
        raise ConfigError(f"--format must be files or jsonl, not {fmt!r}")
    if fmt == "jsonl" and stdout:
        raise ConfigError("--format jsonl already prints to standard output; leave out --stdout")
    given = ctx.get_parameter_source("output")  # an enum of Typer's bundled Click: compare by name
    if fmt == "jsonl" and given is not None and given.name != "DEFAULT":
        raise ConfigError("--format jsonl prints to standard output; redirect it (> FILE.jsonl) instead of -o")
    if fmt == "jsonl" and scheduler:
        raise ConfigError("--format jsonl prints to standard output; a Dask run (--scheduler) writes files")


@app.command()
def check(
    root: Annotated[Path, typer.Argument(help="A fixture case, or a directory of cases (each holds input.txt and expected/).")] = Path("fixtures"),
    update: Annotated[bool, typer.Option("--update", help="Rewrite expected/ from the current output (review with git diff).")] = False,
) -> None:
    """Re-run fixture cases and compare with their expected output; exit 1 on any difference."""
    from .fixtures import check_case, find_cases, update_case

    cases = find_cases(root)
    if not cases:
        err.print(f"Error: no fixture cases (directories with input.txt) under {root}")
        raise typer.Exit(2)
    failed = 0
    for case in cases:
        try:
            if update:
                update_case(case)
                err.print(f"updated {case}")
                continue
            result = check_case(case)
        except PipelineError as e:
            failed += 1
            err.print(f"Error: {case}: {e}")
            continue
        if result.ok:
            err.print(f"ok      {case}")
        else:
            failed += 1
            err.print(f"FAILED  {case}")
            for diff in result.diffs.values():
                sys.stdout.write(diff)
    if not update:
        err.print(f"{len(cases) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


StagesOpt = Annotated[Optional[str], typer.Option("--stages", help="Comma-separated stages to run, in order (see `textmend stages`).")]
SkipOpt = Annotated[Optional[str], typer.Option("--skip", help="Comma-separated stages to leave out.")]
OptionOpt = Annotated[list[str], typer.Option("--option", help="A stage option, STAGE.NAME=VALUE (repeatable).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML file with stages, skip, convert and \\[options.<stage>].")]
ConvertOpt = Annotated[Optional[str], typer.Option("--convert", help="Convert the script with this OpenCC config (s2t, t2s, s2twp, ...).")]
EncodingOpt = Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding instead of UTF-8.")]
ErrorsOpt = Annotated[str, typer.Option("--errors", help="On undecodable bytes: strict (fail) or replace (U+FFFD).")]


def _build_pipeline(
    stages: Optional[str], skip: Optional[str], option: list[str], config: Optional[Path], convert: Optional[str], errors: str
) -> Pipeline:
    """The pipeline `clean` would run with the same options."""
    if errors not in ("strict", "replace"):
        raise ConfigError(f"--errors must be strict or replace, not {errors!r}")
    opts = _parse_options(option)
    if config is not None:
        return Pipeline(config=PipelineConfig.from_toml(config, options=opts, stages=_split_names(stages), skip=_split_names(skip) or [], convert=convert))
    return Pipeline(config=PipelineConfig.build(_split_names(stages), skip=_split_names(skip) or [], convert=convert, options=opts))


@app.command()
def explain(
    paths: Annotated[list[str], typer.Argument(help="Text files, directories (every *.txt under them), or - for standard input.")],
    unchanged: Annotated[bool, typer.Option("--all", help="Also list paragraphs no edit touched.")] = False,
    stages: StagesOpt = None,
    skip: SkipOpt = None,
    option: OptionOpt = [],
    config: ConfigOpt = None,
    convert: ConvertOpt = None,
    encoding: EncodingOpt = None,
    errors: ErrorsOpt = "strict",
) -> None:
    """Print, per paragraph, the text with its changes marked and every edit behind it, in order.

    Marks: [-removed-] and {+inserted+} followed by ⟨stage⟩; ⏎ is a line break joined away.

    Each edit line gives stage: reason, its confidence when below 1, and ‹before› → ‹after›.

    Example: textmend explain samples/zh-speeches-2020.pdftext.txt | less
    """
    from .explain import explain_documents

    try:
        pipeline = _build_pipeline(stages, skip, option, config, convert, errors)
        inputs = expand_inputs(paths)
    except PipelineError as e:
        err.print(f"Error: {e}")
        raise typer.Exit(2) from None
    failed = 0
    for path in inputs:
        try:
            source = read_source(path, encoding=encoding, errors=errors)
            docs = pipeline.run(source.text, source.name, source.meta)
            for line in explain_documents(docs, source.name, unchanged=unchanged):
                sys.stdout.write(line + "\n")
        except PipelineError as e:
            failed += 1
            err.print(f"Error: {e}")
    if failed:
        raise typer.Exit(1)


@app.command()
def report(
    path: Annotated[str, typer.Argument(help="One text file, or - for standard input.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("report.html"),
    stages: StagesOpt = None,
    skip: SkipOpt = None,
    option: OptionOpt = [],
    config: ConfigOpt = None,
    convert: ConvertOpt = None,
    encoding: EncodingOpt = None,
    errors: ErrorsOpt = "strict",
) -> None:
    """Write one self-contained HTML page: raw and clean side by side, changes coloured by stage.

    Checkboxes hide a stage's marks; report.html#only=page_furniture opens with one stage shown.

    A summary table counts paragraphs and edits per stage for each document.

    Example: textmend report samples/zh-speeches-2020.pdftext.txt -o report.html
    """
    from .io import write_file
    from .report import render_report

    try:
        pipeline = _build_pipeline(stages, skip, option, config, convert, errors)
        source = read_source(path, encoding=encoding, errors=errors)
    except ConfigError as e:
        err.print(f"Error: {e}")
        raise typer.Exit(2) from None
    except PipelineError as e:
        err.print(f"Error: {e}")
        raise typer.Exit(1) from None
    try:
        docs = pipeline.run(source.text, source.name, source.meta)
        write_file(output, render_report(source.name, docs, pipeline.stage_names))
    except PipelineError as e:
        err.print(f"Error: {e}")
        raise typer.Exit(1) from None
    err.print(f"{source.name}: {len(docs)} documents -> {output}")


@app.command("stages")
def list_stages() -> None:
    """List the stages in their default order, with their options."""
    from stages import DEFAULT_ORDER, load_all

    load_all()
    for name in DEFAULT_ORDER:
        spec = REGISTRY[name]
        note = " (runs only with --convert)" if name == "convert" else ""
        typer.echo(f"{name}{note}\n  {spec.summary}")
        hints = typing.get_type_hints(spec.options)
        for f in dataclasses.fields(spec.options):
            hint = hints[f.name]
            typ = "|".join(typing.get_args(hint)) if typing.get_origin(hint) is typing.Literal else getattr(hint, "__name__", str(hint))
            typer.echo(f"    {name}.{f.name} = {f.default!r} ({typ}): {f.metadata['help']}")


def main() -> None:
    _tune_gc()
    app()


def _tune_gc() -> None:
    """Run the cycle collector less often: for the command-line process only, never a library caller's.

    Cleaning allocates millions of small containers (an Edit is a tuple) that live until their
    document is written, and almost no reference cycles; with the default thresholds (700, 10,
    10) the collector ran ~330 times on 5 MB and took ~5% of the run, walking live objects
    again and again. Objects alive after start-up (modules, typer, rich) are frozen out of
    every collection, and a young collection waits for 100,000 new containers, so cycles are
    still collected and memory stays bounded (peak RSS unchanged). Worker processes (--jobs)
    are forked from this one and inherit the setting.
    """
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


if __name__ == "__main__":
    main()
