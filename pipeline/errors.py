"""The one exception family textmend raises; the CLI maps it to messages and exit codes."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error textmend reports to a user."""


class ConfigError(PipelineError):
    """Unknown stage, unknown option, bad option value, malformed config file."""


class InputError(PipelineError):
    """An input that cannot be read or decoded: names the file (and byte offset when known)."""


class StageError(PipelineError):
    """A stage crashed or returned edits that do not fit its input."""

    def __init__(self, stage: str, source: str, message: str) -> None:
        super().__init__(f"stage '{stage}' failed on {source}: {message}")
        self.stage = stage
        self.source = source
