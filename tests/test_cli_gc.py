"""The collector is tuned for the command-line process only; a library caller's interpreter is left alone."""

from __future__ import annotations

import gc
import subprocess
import sys

from typer.testing import CliRunner

from pipeline import Pipeline
from pipeline.cli import app

SCRIPT = """
import gc, sys
sys.argv = ["textmend", "--version"]
from pipeline.cli import main
try:
    main()
except SystemExit:
    pass
print(gc.get_threshold(), gc.get_freeze_count() > 0)
"""


def test_the_command_raises_the_thresholds_and_freezes_start_up_objects():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[-1] == "(100000, 50, 100) True"


def test_library_calls_and_the_app_object_leave_the_collector_alone(tmp_path):
    before = gc.get_threshold(), gc.get_freeze_count()
    Pipeline().run("第一章 总则\n\n第一条 为了规范管理，\n制定本办法。\n")
    (tmp_path / "a.txt").write_text("第一条 为了规范管理，\n制定本办法。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
