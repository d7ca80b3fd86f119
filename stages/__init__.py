"""textmend's stages, one module each. Importing this package registers them all."""

from __future__ import annotations

import importlib

# The default order of the pipeline; `convert` runs only when a config is given.
DEFAULT_ORDER = (
    "normalize_input",
    "characters",
    "page_furniture",
    "unwrap_lines",
    "split_documents",
    "page_joins",
    "punctuation",
    "convert",
)


def load_all() -> None:
    for name in DEFAULT_ORDER:
        importlib.import_module(f"stages.{name}")
