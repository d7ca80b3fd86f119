"""--jobs: worker processes give the single-process output, in input order; a bad file fails alone."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.parallel import Progress

from .conftest import FIXTURES

runner = CliRunner()


def _inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for k, case in enumerate(["zh-speeches-2020", "latin-prose", "technical-zh", "furniture-traps", "zh-speeches-2020"]):
        shutil.copy(FIXTURES / case / "input.txt", d / f"{k}-{case}.txt")
    return d


def _same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(a / s, b / s) for s in cmp.common_dirs)


def test_jobs_write_what_one_process_writes(tmp_path):
    d = _inputs(tmp_path)
    one = runner.invoke(app, ["clean", str(d), "-o", str(tmp_path / "one")])
    two = runner.invoke(app, ["clean", str(d), "-o", str(tmp_path / "two"), "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert len(list((tmp_path / "one").iterdir())) == 5
    assert _same_tree(tmp_path / "one", tmp_path / "two")
    # Messages come in input order, whatever order the workers finished in.
    assert two.stderr.replace("/two/", "/one/") == one.stderr


def test_jobs_stdout_keeps_input_order(tmp_path):
    d = _inputs(tmp_path)
    one = runner.invoke(app, ["clean", str(d), "--stdout"])
    two = runner.invoke(app, ["clean", str(d), "--stdout", "-j", "2"])
    assert one.exit_code == 0 and two.exit_code == 0
    assert two.stdout == one.stdout
    assert one.stdout.index("中共中央政治局常务委员会召开会议") < one.stdout.index("习近平对安全生产作出重要指示")


def test_a_bad_file_fails_alone(tmp_path):
    d = _inputs(tmp_path)
    (d / "2-binary.txt").write_bytes(b"\x00\x01\x02 not text")
    result = runner.invoke(app, ["clean", str(d), "-o", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 1
    assert "2-binary.txt: looks like a binary file" in result.stderr
    assert "1 of 6 inputs failed" in result.stderr
    assert len(list((tmp_path / "out").iterdir())) == 5


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    from rich.console import Console

    with Progress([str(FIXTURES / "latin-prose" / "input.txt")], Console(stderr=True)) as progress:
        assert progress.bar is None
