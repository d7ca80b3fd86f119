"""Bad input, end to end through the CLI: one clear line naming the file, the exit code, no partial output.

Exit codes: 0 every input cleaned; 1 an input failed (the others are still cleaned);
2 usage or configuration error (nothing is read or written).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()

GOOD = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全体职工。\n"


def clean(*args: str, input: bytes | None = None):
    return runner.invoke(app, ["clean", *args], input=input)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def entries(out: Path) -> list[str]:
    """Everything in the output directory, hidden temporary directories included."""
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path / "in" / "good.txt", GOOD)


# --- inputs that fail, beside a good one: the good one is cleaned, exit 1 ------------------

BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file (NUL bytes)"),
    "empty": (b"", "file is empty"),
    "whitespace-only": (b"  \n\n\t\n", "file is empty"),
    "late-nul": (GOOD.encode("utf-8") * 400 + b"\x00tail\n", f"NUL character at byte {len(GOOD.encode('utf-8')) * 400}"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_fails_alone(tmp_path, good, name):
    data, message = BAD_FILES[name]
    bad = write(tmp_path / "in" / f"{name}.txt", data)
    out = tmp_path / "out"
    result = clean(str(bad), str(good), "-o", str(out))
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad}: {message}")
    assert "1 of 2 inputs failed" in result.stderr
    assert entries(out) == ["good"]  # nothing at all for the bad file, no temporary directory
    assert bad.read_bytes() == data


def test_undecodable_bytes_can_be_replaced(tmp_path):
    bad = write(tmp_path / "x.txt", b"\xe7\xac\xac\xe4\xb8\x80\xff\n")
    result = clean(str(bad), "--encoding", "utf-8", "--errors", "replace", "--stdout")
    assert result.exit_code == 0 and result.stdout == "第一\ufffd\n"


def test_nonexistent_file(tmp_path, good):
    out = tmp_path / "out"
    result = clean(str(tmp_path / "missing.txt"), str(good), "-o", str(out))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {tmp_path / 'missing.txt'}: cannot read: No such file or directory"]
    assert entries(out) == ["good"]


def test_broken_symlink(tmp_path, good):
    link = tmp_path / "in" / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    out = tmp_path / "out"
    result = clean(str(link), str(good), "-o", str(out))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {link}: cannot read: No such file or directory"]
    assert entries(out) == ["good"]


def test_fifo_is_refused_without_blocking(tmp_path, good):
    fifo = tmp_path / "in" / "pipe.txt"
    os.mkfifo(fifo)  # nobody writes to it: reading it would block forever
    out = tmp_path / "out"
    result = clean(str(fifo), str(good), "-o", str(out))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {fifo}: not a regular file (a pipe, socket or device); pipe it to - instead"]
    assert entries(out) == ["good"]


def test_empty_standard_input():
    result = clean("-", "--stdout", input=b"")
    assert result.exit_code == 1
    assert error_lines(result) == ["Error: <stdin>: file is empty"]
    assert result.stdout == ""


def test_file_name_with_brackets_is_reported_verbatim(tmp_path):
    bad = write(tmp_path / "report[1].txt", b"")
    result = clean(str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {bad}: file is empty"]


def test_every_input_ok_exits_0_and_all_bad_exits_1(tmp_path, good):
    assert clean(str(good), "-o", str(tmp_path / "o1")).exit_code == 0
    bad = write(tmp_path / "bad.txt", b"")
    result = clean(str(bad), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o2"))
    assert result.exit_code == 1 and "2 of 2 inputs failed" in result.stderr
    assert not (tmp_path / "o2").exists() or entries(tmp_path / "o2") == []


# --- usage and configuration errors: exit 2, nothing read or written ----------------------


def config(tmp_path: Path, text: str) -> Path:
    return write(tmp_path / "c.toml", text)


USAGE_ERRORS = {
    "unknown-stage": (["--stages", "normalize_input,unwarp"], "unknown stage 'unwarp'; available: normalize_input"),
    "unknown-option": (["--option", "unwrap_lines.widht=72"], "unknown option 'widht' for stage 'unwrap_lines'; valid options:"),
    "bad-option-value": (["--option", "unwrap_lines.full_width=wide"], "option unwrap_lines.full_width must be a number"),
    "option-syntax": (["--option", "full_width=72"], "--option takes STAGE.NAME=VALUE, not 'full_width=72'"),
    "opencc-config": (["--convert", "s2x"], "option convert.config must be one of hk2s, hk2sp"),
    "errors-mode": (["--errors", "ignore"], "--errors must be strict or replace, not 'ignore'"),
}


@pytest.mark.parametrize("name", USAGE_ERRORS)
def test_usage_error(tmp_path, good, name):
    args, message = USAGE_ERRORS[name]
    out = tmp_path / "out"
    result = clean(str(good), "-o", str(out), *args)
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1 and error_lines(result)[0].startswith(f"Error: {message}")
    assert not out.exists()


CONFIG_ERRORS = {
    "malformed": ("stages = [unwrap_lines\n", "malformed config {path}: "),
    "unknown-key": ('stage = ["unwrap_lines"]\n', "config {path}: unknown key 'stage'; valid keys: convert, options, skip, stages"),
    "stages-not-a-list": ('stages = "unwrap_lines"\n', 'config {path}: stages must be a list of stage names, like stages = ["unwrap_lines"]'),
    "options-not-tables": ("[options]\nunwrap_lines = 72\n", "config {path}: options must hold one table per stage, like [options.unwrap_lines]"),
    "convert-not-a-string": ("convert = true\n", 'config {path}: convert must be an OpenCC config name, like convert = "s2t"'),
    "bad-opencc-in-config": ('convert = "zz"\n', "config {path}: option convert.config must be one of hk2s"),
}


@pytest.mark.parametrize("name", CONFIG_ERRORS)
def test_config_error(tmp_path, good, name):
    text, message = CONFIG_ERRORS[name]
    path = config(tmp_path, text)
    out = tmp_path / "out"
    result = clean(str(good), "-o", str(out), "--config", str(path))
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1 and error_lines(result)[0].startswith("Error: " + message.format(path=path))
    assert not out.exists()


def test_missing_config_file(tmp_path, good):
    result = clean(str(good), "--stdout", "--config", str(tmp_path / "none.toml"))
    assert result.exit_code == 2
    assert error_lines(result) == [f"Error: cannot read config {tmp_path / 'none.toml'}: [Errno 2] No such file or directory: '{tmp_path / 'none.toml'}'"]
    assert result.stdout == ""


# --- outputs: never a user's file, never the input, never another input's results ---------


def test_user_directory_at_the_target_is_not_replaced(tmp_path, good):
    out = tmp_path / "out"
    write(out / "good" / "mine.txt", "my own notes\n")
    result = clean(str(good), "-o", str(out))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {good}: {out / 'good'} exists and is not a textmend result; not replacing it, choose another -o"]
    assert entries(out / "good") == ["mine.txt"] and entries(out) == ["good"]


def test_same_stem_in_two_directories(tmp_path):
    a = write(tmp_path / "a" / "x.txt", "甲方文本第一段。\n")
    b = write(tmp_path / "b" / "x.txt", "乙方文本第一段。\n")
    out = tmp_path / "out"
    result = clean(str(a), str(b), "-o", str(out))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {b}: its results would replace those of {a} in {out / 'x'}; clean it with another -o"]
    assert json.loads((out / "x" / "manifest.json").read_text(encoding="utf-8"))["source"] == str(a)
    # With separate output directories both are cleaned.
    assert clean(str(b), "-o", str(tmp_path / "out-b")).exit_code == 0


def test_the_same_file_twice_is_cleaned_once(tmp_path, good):
    result = clean(str(good), str(good.parent), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stderr.count("1 document ->") == 1
