"""The fixture workflow a team uses: `check` passes, fails readably on a change, `--update` accepts it."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import FIXTURES

runner = CliRunner()


def test_repository_fixtures_pass():
    result = runner.invoke(app, ["check", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert f"{len(list(FIXTURES.glob('*/input.txt')))} passed, 0 failed" in result.stderr


def test_edited_expected_file_fails_with_a_readable_diff_then_update_restores_it(tmp_path):
    case = tmp_path / "furniture-traps"
    shutil.copytree(FIXTURES / "furniture-traps", case)
    expected = next((case / "expected").glob("*.txt"))
    original = expected.read_text(encoding="utf-8")
    line = "第五条 数据质量是数据管理工作的核心。"
    assert line in original
    expected.write_text(original.replace(line, "第五条 数据质量是数据管理工作的关键。"), encoding="utf-8")

    failed = runner.invoke(app, ["check", str(case)])
    assert failed.exit_code == 1
    assert f"FAILED  {case}" in failed.stderr and "0 passed, 1 failed" in failed.stderr
    out = failed.stdout
    assert f"--- expected/{expected.name}\n+++ actual/{expected.name}\n" in out
    changed = next(k for k, t in enumerate(original.splitlines(), 1) if t.startswith("第五条"))
    assert "\n-第五条 数据质量是数据管理工作的关键。" in out and "\n+第五条 数据质量是数据管理工作的核心。" in out
    # The change is pointed at inside the long line, not only shown as two whole lines.
    assert f"~ {expected.name}:{changed}: …是数据管理工作的[-关键-]{{+核心+}}。各部门应当建立…" in out
    # Only the edited file differs.
    assert out.count("--- expected/") == 1

    updated = runner.invoke(app, ["check", str(case), "--update"])
    assert updated.exit_code == 0 and f"updated {case}" in updated.stderr
    assert expected.read_text(encoding="utf-8") == original
    again = runner.invoke(app, ["check", str(case)])
    assert again.exit_code == 0 and "1 passed, 0 failed" in again.stderr
    assert sorted(p.name for p in (case / "expected").iterdir()) == sorted(p.name for p in (FIXTURES / "furniture-traps" / "expected").iterdir())


def test_check_without_cases_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "no fixture cases" in result.stderr
