"""Compose stages into a pipeline and run it over documents."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .document import DeferredEdits, Document, Edit, evolve
from .errors import ConfigError, PipelineError, StageError
from .stage import StageSpec, get_stage

_CONVERT = "convert"


@dataclasses.dataclass(frozen=True)
class PipelineConfig:
    """Which stages run, in which order, with which options."""

    stages: tuple[str, ...]
    options: Mapping[str, Mapping[str, Any]]

    @classmethod
    def build(
        cls,
        stages: Sequence[str] | None = None,
        *,
        skip: Iterable[str] = (),
        convert: str | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> "PipelineConfig":
        from stages import DEFAULT_ORDER

        names = list(stages) if stages is not None else [s for s in DEFAULT_ORDER if s != _CONVERT]
        skip = list(skip)
        for name in [*names, *skip, *(options or {})]:
            get_stage(name)  # raises ConfigError naming the valid stages
        opts = {k: dict(v) for k, v in (options or {}).items()}
        if convert:
            opts.setdefault(_CONVERT, {})["config"] = convert
            if _CONVERT not in names:
                names.append(_CONVERT)
        names = [n for n in names if n not in skip]
        if len(set(names)) != len(names):
            raise ConfigError(f"a stage is listed twice: {', '.join(names)}")
        return cls(tuple(names), opts)

    @classmethod
    def from_toml(cls, path: Path, **overrides: Any) -> "PipelineConfig":
        """Read `stages`, `skip`, `convert` and `[options.<stage>]` tables from a TOML file."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read config {path}: {e}") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"malformed config {path}: {e}") from None
        unknown = sorted(set(data) - {"stages", "skip", "convert", "options"})
        if unknown:
            raise ConfigError(f"config {path}: unknown key {unknown[0]!r}; valid keys: convert, options, skip, stages")
        _check_types(path, data)
        options = {k: v for k, v in data.get("options", {}).items()}
        for stage_name, values in overrides.pop("options", {}).items():
            options.setdefault(stage_name, {}).update(values)
        args = {k: data[k] for k in ("stages", "skip", "convert") if k in data}
        args.update({k: v for k, v in overrides.items() if v})
        config = cls.build(options=options, **args)
        try:
            for name, values in config.options.items():
                get_stage(name).make_options(values)
        except ConfigError as e:
            raise ConfigError(f"config {path}: {e}") from None
        return config


def _check_types(path: Path, data: Mapping[str, Any]) -> None:
    """Refuse values of the wrong type with a message, rather than a crash or a misreading."""
    for key in ("stages", "skip"):
        if key in data and not (isinstance(data[key], list) and all(isinstance(v, str) for v in data[key])):
            raise ConfigError(f"config {path}: {key} must be a list of stage names, like {key} = [\"unwrap_lines\"]")
    if "convert" in data and not isinstance(data["convert"], str):
        raise ConfigError(f"config {path}: convert must be an OpenCC config name, like convert = \"s2t\"")
    options = data.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise ConfigError(f"config {path}: options must hold one table per stage, like [options.unwrap_lines]")


class Pipeline:
    """A configured, reusable pipeline: `Pipeline().run(text)` returns the clean documents."""

    def __init__(
        self,
        stages: Sequence[str] | None = None,
        *,
        skip: Iterable[str] = (),
        convert: str | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        config: PipelineConfig | None = None,
    ) -> None:
        self.config = config or PipelineConfig.build(stages, skip=skip, convert=convert, options=options)
        self._plan: list[tuple[StageSpec, Any, dict[str, Any]]] = []
        for name in self.config.stages:
            spec = get_stage(name)
            opts = spec.make_options(self.config.options.get(name))
            self._plan.append((spec, opts, dataclasses.asdict(opts)))

    @property
    def stage_names(self) -> tuple[str, ...]:
        return self.config.stages

    def run(self, text: str, source: str = "<text>", meta: Mapping[str, Any] | None = None) -> list[Document]:
        """Clean `text` (one source file) into its documents."""
        return self.run_document(Document.from_text(text, source, meta))

    def run_document(self, doc: Document) -> list[Document]:
        docs = [doc]
        for spec, opts, opts_record in self._plan:
            if spec.kind == "split":
                docs = [out for d in docs for out in _apply(spec, opts, opts_record, d)]
            else:  # one document each: no list per document
                docs = [_apply_step(spec, opts, opts_record, d) for d in docs]
        # A part with nothing but whitespace left is dropped only if it never held text.
        kept = [d for d in docs if _has_text(d.text) or _has_text(d.raw)]
        return [evolve(d, index=i) for i, d in enumerate(kept, 1)]


def _has_text(s: str) -> bool:
    """`bool(s.strip())`, without copying `s`: it holds a character that is not whitespace."""
    return bool(s) and not s.isspace()


def _apply(spec: StageSpec, opts: Any, record: dict[str, Any], doc: Document) -> list[Document]:
    if spec.kind == "split":
        return doc.split(_result(spec, opts, doc))
    return [_apply_step(spec, opts, record, doc)]


def _apply_step(spec: StageSpec, opts: Any, record: dict[str, Any], doc: Document) -> Document:
    """`_apply` for a stage that is not a split: the one document it gives."""
    result = _result(spec, opts, doc)
    if not isinstance(result, DeferredEdits) and result and not isinstance(result[0], Edit):
        raise StageError(spec.name, doc.source, f"returned {type(result[0]).__name__}, expected Edit")
    return doc.with_step(spec.name, record, result)


def _result(spec: StageSpec, opts: Any, doc: Document) -> Any:
    try:
        return spec.func(doc.text, opts)
    except PipelineError:
        raise
    except Exception as e:  # a bug in a stage: name the stage and the file
        raise StageError(spec.name, doc.source, f"{type(e).__name__}: {e}") from e


def clean(
    text: str,
    *,
    stages: Sequence[str] | None = None,
    convert: str | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    source: str = "<text>",
) -> list[Document]:
    """Clean extracted text into documents (one paragraph per line), recording every edit.

    >>> [d.title for d in clean("第一章 总则\\n\\n第一条 为了规范管理，\\n\\n制定本办法。\\n")]
    ['第一章 总则']
    """
    return Pipeline(stages, convert=convert, options=options).run(text, source)
