"""Bad input through the command line: a one-line message naming the file, an exit code,
and no output for the failed input (the others still written)."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
GOOD = "第一条 为了规范数据管理工作，制定本办法。\n"


def _run(tmp_path, *args):
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", *map(str, args), "-o", str(out)])
    return result, out


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


INPUT_CASES = {
    "empty": (b"", "file is empty"),
    "whitespace only": (b" \n\n\t\n", "file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "looks like a binary file"),
    "NUL at the start": (b"\x00\x00\x00abc", "looks like a binary file"),
}


@pytest.mark.parametrize("case", sorted(INPUT_CASES))
def test_unusable_file_fails_alone(tmp_path, case):
    data, message = INPUT_CASES[case]
    bad = _write(tmp_path / "bad.txt", data)
    good = _write(tmp_path / "good.txt", GOOD.encode())
    result, out = _run(tmp_path, bad, good)
    assert result.exit_code == 1
    assert f"Error: {bad}: {message}" in result.stderr
    assert "1 of 2 inputs failed" in result.stderr
    assert not (out / "bad").exists()
    assert (out / "good" / "manifest.json").is_file()


def test_undecodable_bytes_name_the_offset_and_the_way_out(tmp_path):
    bad = _write(tmp_path / "bad.txt", "第一行\n".encode() + b"\xff\xfe\xfd\xfc\x81\x82 abc\n")
    result, out = _run(tmp_path, bad, "--encoding", "utf-8")
    assert result.exit_code == 1
    assert f"{bad}: not valid utf-8 at byte 10" in result.stderr
    assert "--errors replace" in result.stderr
    assert not out.exists()
    replaced, out = _run(tmp_path, bad, "--encoding", "utf-8", "--errors", "replace")
    assert replaced.exit_code == 0
    assert "\ufffd" in (out / "bad" / "01-第一行.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["missing", "dangling link", "directory without txt"])
def test_unreadable_paths(tmp_path, kind):
    if kind == "missing":
        target, message, code = tmp_path / "nope.txt", "cannot read: No such file", 1
    elif kind == "dangling link":
        target = tmp_path / "link.txt"
        os.symlink(tmp_path / "gone.txt", target)
        message, code = "cannot read: No such file", 1
    else:
        target = tmp_path / "empty_dir"
        target.mkdir()
        message, code = "directory has no .txt files", 2
    result, out = _run(tmp_path, target)
    assert result.exit_code == code
    assert f"Error: {target}: {message}" in result.stderr
    assert not out.exists()


def test_output_path_that_is_a_file_is_left_alone(tmp_path):
    good = _write(tmp_path / "good.txt", GOOD.encode())
    blocker = _write(tmp_path / "out", b"not a directory\n")
    result = runner.invoke(app, ["clean", str(good), "-o", str(blocker)])
    assert result.exit_code == 1
    assert str(blocker) in result.stderr
    assert blocker.read_bytes() == b"not a directory\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--skip", "nope"], "unknown stage 'nope'; available: "),
        (["--stages", "unwrap_lines,nope"], "unknown stage 'nope'"),
        (["--option", "unwrap_lines.bogus=1"], "unknown option 'bogus' for stage 'unwrap_lines'; valid options: dehyphenate, full_width, indent"),
        (["--option", "unwrap_lines.full_width=wide"], "option unwrap_lines.full_width must be a number"),
        (["--option", "nodot"], "--option takes STAGE.NAME=VALUE"),
        (["--errors", "ignore"], "--errors must be strict or replace"),
        (["--convert", "nope"], "option convert.config must be one of hk2s, hk2sp, hk2t"),
    ],
)
def test_usage_errors_exit_2_before_any_work(tmp_path, args, message):
    good = _write(tmp_path / "good.txt", GOOD.encode())
    result, out = _run(tmp_path, good, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "toml, message",
    [
        ("stages = [\n", "malformed config"),
        ('colour = "red"\n', "unknown key 'colour'"),
        ('[options.unwrap_lines]\nfull_width = "wide"\n', "option unwrap_lines.full_width must be a number"),
    ],
)
def test_bad_config_files(tmp_path, toml, message):
    good = _write(tmp_path / "good.txt", GOOD.encode())
    config = tmp_path / "c.toml"
    config.write_text(toml, encoding="utf-8")
    result, out = _run(tmp_path, good, "--config", config)
    assert result.exit_code == 2
    assert message in result.stderr and str(config) in result.stderr
    assert not out.exists()


def test_rerun_replaces_stale_documents_and_never_touches_the_input(tmp_path):
    two = "第一篇\n（2020年3月1日）\n正文。\n\f第二篇讲话\n（2020年3月2日）\n同志们：\n正文。\n"
    src = _write(tmp_path / "in.txt", two.encode())
    first = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path)])
    assert first.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "in").glob("*.txt")) == ["01-第一篇.txt", "02-第二篇讲话.txt"]
    src.write_text("第一篇\n（2020年3月1日）\n正文。\n", encoding="utf-8")
    again = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path)])
    assert again.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "in").glob("*.txt")) == ["01-第一篇.txt"]
    assert src.read_text(encoding="utf-8").startswith("第一篇")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_input_inside_its_own_output_directory_is_refused(tmp_path):
    (tmp_path / "in").mkdir()
    src = _write(tmp_path / "in" / "in.txt", GOOD.encode())
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "is inside the output directory" in result.stderr
    assert src.read_bytes() == GOOD.encode()


def test_verify_fails_a_file_whose_text_lost_characters_silently(tmp_path, monkeypatch):
    import dataclasses

    from pipeline import runner as runner_module

    real = runner_module.Pipeline.run_document

    def lossy(self, doc):  # a broken stage: drops a character without an edit record
        return [dataclasses.replace(d, text=d.text.replace("规范", "规", 1)) for d in real(self, doc)]

    monkeypatch.setattr(runner_module.Pipeline, "run_document", lossy)
    good = _write(tmp_path / "good.txt", GOOD.encode())
    plain, out = _run(tmp_path, good)
    assert plain.exit_code == 0  # without --verify the loss goes unnoticed
    checked = runner.invoke(app, ["clean", str(good), "-o", str(tmp_path / "checked"), "--verify"])
    assert checked.exit_code == 1
    assert "document 1 lost characters no edit records removing: '范'" in checked.stderr
    assert not (tmp_path / "checked" / "good").exists()
