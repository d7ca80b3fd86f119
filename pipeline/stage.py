"""The stage protocol and the registry of stages by name.

A stage is a function registered with `@stage(...)`:

- an *edit* stage, ``def name(text: str, opts: Options) -> list[Edit]``, returns the edits
  it wants (spans of `text`, sorted, non-overlapping); the runner applies them;
- a *split* stage, ``def name(text: str, opts: Options) -> list[int]``, returns the offsets
  where new documents start.

`Options` is a frozen dataclass; each field's ``metadata["help"]`` documents it and an
optional ``metadata["choices"]`` restricts it. Stages are pure: no I/O, no global state.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any, Callable, Literal, Mapping

from .errors import ConfigError


@dataclass(frozen=True)
class NoOptions:
    """A stage without options."""


@dataclass(frozen=True)
class StageSpec:
    name: str
    summary: str
    doc: str
    func: Callable[..., Any]
    options: type
    kind: Literal["edit", "split"]

    def option_fields(self) -> list[dataclasses.Field]:
        return list(dataclasses.fields(self.options))

    def make_options(self, values: Mapping[str, Any] | None = None) -> Any:
        """Build this stage's options from plain values (TOML or CLI), checking each one."""
        values = dict(values or {})
        fields = {f.name: f for f in self.option_fields()}
        unknown = sorted(set(values) - set(fields))
        if unknown:
            valid = ", ".join(sorted(fields)) or "none"
            raise ConfigError(f"unknown option {unknown[0]!r} for stage {self.name!r}; valid options: {valid}")
        hints = typing.get_type_hints(self.options)
        checked = {name: _coerce(self.name, fields[name], hints[name], v) for name, v in values.items()}
        return self.options(**checked)


def _coerce(stage: str, f: dataclasses.Field, hint: Any, value: Any) -> Any:
    where = f"option {stage}.{f.name}"
    if hint is bool:
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            value = value.lower() in ("true", "1", "yes")
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
    elif hint in (int, float):
        try:
            value = hint(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            value = None
        if value is None:
            raise ConfigError(f"{where} must be a number")
    elif hint is str or typing.get_origin(hint) is Literal or hint == (str | None):
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{where} must be a string")
    choices = f.metadata.get("choices") or (typing.get_args(hint) if typing.get_origin(hint) is Literal else ())
    if choices and value not in choices:
        raise ConfigError(f"{where} must be one of {', '.join(map(str, choices))}, not {value!r}")
    return value


REGISTRY: dict[str, StageSpec] = {}


def stage(name: str, *, options: type = NoOptions, kind: Literal["edit", "split"] = "edit") -> Callable:
    """Register the decorated function as stage `name`; its docstring's first line is its summary."""
    if not name.isidentifier() or name != name.lower():
        raise ValueError(f"stage names are snake_case identifiers, not {name!r}")

    def register(func: Callable) -> Callable:
        if name in REGISTRY:
            raise ValueError(f"stage {name!r} is registered twice")
        doc = (func.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"stage {name!r} needs a docstring")
        for f in dataclasses.fields(options):
            if "help" not in f.metadata:
                raise ValueError(f"option {name}.{f.name} needs metadata['help']")
        REGISTRY[name] = StageSpec(name, doc.splitlines()[0], doc, func, options, kind)
        return func

    return register


def get_stage(name: str) -> StageSpec:
    from stages import DEFAULT_ORDER, load_all

    load_all()
    try:
        return REGISTRY[name]
    except KeyError:
        # In pipeline order, whatever order the modules happened to be imported in.
        names = [n for n in DEFAULT_ORDER if n in REGISTRY] + [n for n in REGISTRY if n not in DEFAULT_ORDER]
        raise ConfigError(f"unknown stage {name!r}; available: {', '.join(names)}") from None
