"""textmend: clean text extracted from PDFs and OCR, with a record of every edit.

Example::

    from pipeline import clean
    docs = clean(open("extracted.txt", encoding="utf-8").read())
    docs[0].title, docs[0].paragraphs[:2]
"""

from __future__ import annotations

from .document import Document, Edit, Step
from .errors import ConfigError, InputError, PipelineError, StageError
from .runner import Pipeline, PipelineConfig, clean

__all__ = [
    "ConfigError",
    "Document",
    "Edit",
    "InputError",
    "Pipeline",
    "PipelineConfig",
    "PipelineError",
    "StageError",
    "Step",
    "clean",
]
__version__ = "0.1.0"
