"""Fixture regression cases: input.txt, optional options.toml, and the expected/ files.

A case directory holds `input.txt`, the `expected/` directory that `textmend clean` writes
for it, and optionally `options.toml` (the same keys as `--config`). `check_case` runs the
pipeline and returns a readable diff for every file that differs; `update_case` rewrites
`expected/` (review the change with `git diff` before committing it).
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .changes import char_ops
from .io import Source, decode, write_outputs
from .runner import Pipeline, PipelineConfig

INPUT = "input.txt"
OPTIONS = "options.toml"
EXPECTED = "expected"
INLINE_CONTEXT = 8  # characters shown either side of a change inside a line


@dataclass(frozen=True)
class CaseResult:
    case: Path
    diffs: dict[str, str]  # file name -> unified diff (expected -> actual); empty when it passes

    @property
    def ok(self) -> bool:
        return not self.diffs


def find_cases(root: Path) -> list[Path]:
    """Every directory under `root` (or `root` itself) that holds an input.txt."""
    if (root / INPUT).is_file():
        return [root]
    return sorted(p.parent for p in root.rglob(INPUT))


def pipeline_for(case: Path) -> Pipeline:
    options = case / OPTIONS
    config = PipelineConfig.from_toml(options) if options.is_file() else PipelineConfig.build()
    return Pipeline(config=config)


def render_case(case: Path, pipeline: Pipeline | None = None) -> dict[str, str]:
    """The files `textmend clean` writes for the case, by name."""
    pipeline = pipeline or pipeline_for(case)
    text, meta = decode((case / INPUT).read_bytes(), INPUT)
    source = Source(INPUT, EXPECTED, text, meta)
    docs = pipeline.run(text, INPUT, meta)
    with tempfile.TemporaryDirectory() as tmp:
        out = write_outputs(source, docs, Path(tmp), pipeline.stage_names)
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def check_case(case: Path) -> CaseResult:
    actual = render_case(case)
    expected_dir = case / EXPECTED
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(expected_dir.glob("*"))} if expected_dir.is_dir() else {}
    diffs = {}
    for name in sorted(set(actual) | set(expected)):
        a, b = expected.get(name), actual.get(name)
        if a == b:
            continue
        diffs[name] = "".join(
            difflib.unified_diff(
                (a or "").splitlines(keepends=True),
                (b or "").splitlines(keepends=True),
                f"expected/{name}" if a is not None else "/dev/null",
                f"actual/{name}" if b is not None else "/dev/null",
            )
        ) + inline_changes(name, a or "", b or "")
    return CaseResult(case, diffs)


def inline_changes(name: str, expected: str, actual: str, context: int = INLINE_CONTEXT) -> str:
    """Each changed line with the change marked inside it: `~ name:LINE: …前文[-旧-]{+新+}后文…`.

    A paragraph is one long line, so a unified diff alone makes the reader hunt for the
    characters that differ; this points at them.
    """
    a_lines, b_lines = expected.splitlines(), actual.splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        for k, (old, new) in enumerate(zip(a_lines[i1:i2], b_lines[j1:j2])):
            marks = []
            for op in char_ops(old, new):
                lo, hi = max(0, op.start - context), min(len(old), op.end + context)
                left = ("…" if lo else "") + old[lo : op.start]
                right = old[op.end : hi] + ("…" if hi < len(old) else "")
                removed = f"[-{old[op.start:op.end]}-]" if op.end > op.start else ""
                inserted = f"{{+{op.after}+}}" if op.after else ""
                marks.append(left + removed + inserted + right)
            out.append(f"~ {name}:{i1 + k + 1}: " + "  ".join(marks) + "\n")
    return "".join(out)


def update_case(case: Path) -> None:
    files = render_case(case)
    target = case / EXPECTED
    tmp = Path(tempfile.mkdtemp(prefix=".expected.", dir=case))
    for name, content in files.items():
        (tmp / name).write_text(content, encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)
