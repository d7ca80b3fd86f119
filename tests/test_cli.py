"""The command line contract: files written, stdout mode, stdin, stage listing, config."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.stage import REGISTRY

from .conftest import FIXTURES

runner = CliRunner()
SAMPLE = FIXTURES / "zh-speeches-2020" / "input.txt"


def test_clean_writes_documents_diffs_and_manifest(tmp_path):
    result = runner.invoke(app, ["clean", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "input"
    texts = sorted(out.glob("*.txt"))
    assert len(texts) == 12 and len(list(out.glob("*.diff"))) == 12
    assert texts[0].name == "01-中共中央政治局常务委员会召开会议.txt"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [d["title"] for d in manifest["documents"]][:2] == ["中共中央政治局常务委员会召开会议", "在决战决胜脱贫攻坚座谈会上的讲话"]
    assert manifest["documents"][0]["lines"] == [1, 113]
    assert manifest["documents"][1]["edits"]["page_furniture"] >= 1
    for t in texts:
        body = t.read_text(encoding="utf-8")
        assert body.endswith("\n") and "\n\n" not in body and "\f" not in body


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs the patch program")
def test_diff_applies_to_the_raw_document_lines(tmp_path):
    runner.invoke(app, ["clean", str(SAMPLE), "-o", str(tmp_path)])
    out = tmp_path / "input"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    raw_lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    for doc in manifest["documents"][:4]:
        first, last = doc["lines"]
        target = tmp_path / "raw.txt"
        target.write_text("\n".join(raw_lines[first - 1 : last]) + "\n", encoding="utf-8")
        subprocess.run(["patch", "-s", str(target), str(out / doc["diff"])], check=True)
        assert target.read_text(encoding="utf-8") == (out / doc["text"]).read_text(encoding="utf-8")


def test_stdin_to_stdout_separates_documents_with_form_feeds():
    raw = "第一篇\n（2020年3月1日）\n正文第一段。\n\f第二篇讲话\n（2020年3月2日）\n同志们：\n正文。\n"
    result = runner.invoke(app, ["clean", "-", "--stdout"], input=raw.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout.split("\f\n") == ["第一篇\n（2020年3月1日）\n正文第一段。\n", "第二篇讲话\n（2020年3月2日）\n同志们：\n正文。\n"]


def test_stages_lists_every_stage_with_its_options():
    result = runner.invoke(app, ["stages"])
    assert result.exit_code == 0
    for name, spec in REGISTRY.items():
        assert name in result.stdout and spec.summary in result.stdout
    assert "unwrap_lines.full_width" in result.stdout


def test_config_file_and_skip(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('skip = ["page_furniture"]\n[options.unwrap_lines]\nfull_width = 72\n', encoding="utf-8")
    result = runner.invoke(app, ["clean", str(SAMPLE), "--stdout", "--config", str(config)])
    assert result.exit_code == 0
    # Without the page-furniture stage the page number 18 stays, glued to the text it interrupted.
    assert "做好“点对点、一站式”18" in result.stdout
    assert "做好“点对点、一站式”输送" not in result.stdout


def test_unknown_stage_is_a_usage_error_naming_the_valid_ones():
    result = runner.invoke(app, ["clean", str(SAMPLE), "--stdout", "--skip", "nope"])
    assert result.exit_code == 2
    assert "unknown stage 'nope'; available: normalize_input" in result.stderr
