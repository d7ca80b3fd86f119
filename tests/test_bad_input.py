"""Bad input, end to end through the CLI: one clear line naming the file, the exit code, no partial output.

Exit codes: 0 every input cleaned; 1 an input failed (the others are still cleaned);
2 usage or configuration error (nothing is read or written).
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import runner as runner_module
from pipeline.cli import app

runner = CliRunner()

GOOD = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全体职工。\n"


def clean(*args: str, input: bytes | None = None):
    return runner.invoke(app, ["clean", *map(str, args)], input=input)


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
    "empty": (b"", "file is empty"),
    "whitespace-only": (b"  \n\n\t\n", "file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file (NUL bytes)"),
    "nul-at-start": (b"\x00\x00\x00abc", "looks like a binary file"),
    "late-nul": (GOOD.encode("utf-8") * 400 + b"\x00tail\n", f"NUL character at byte {len(GOOD.encode('utf-8')) * 400}"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_fails_alone(tmp_path, good, name):
    data, message = BAD_FILES[name]
    bad = write(tmp_path / "in" / f"{name}.txt", data)
    out = tmp_path / "out"
    result = clean(bad, good, "-o", out)
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad}: {message}")
    assert "1 of 2 inputs failed" in result.stderr
    assert entries(out) == ["good"]  # nothing at all for the bad file, no temporary directory
    assert (out / "good" / "manifest.json").is_file()
    assert bad.read_bytes() == data


def test_undecodable_bytes_name_the_offset_and_the_way_out(tmp_path):
    bad = write(tmp_path / "bad.txt", "第一行\n".encode() + b"\xff\xfe\xfd\xfc\x81\x82 abc\n")
    out = tmp_path / "out"
    result = clean(bad, "--encoding", "utf-8", "-o", out)
    assert result.exit_code == 1
    assert f"{bad}: not valid utf-8 at byte 10" in result.stderr
    assert "--errors replace" in result.stderr
    assert not out.exists()
    replaced = clean(bad, "--encoding", "utf-8", "--errors", "replace", "-o", out)
    assert replaced.exit_code == 0
    assert "\ufffd" in (out / "bad" / "01-第一行.txt").read_text(encoding="utf-8")
    short = write(tmp_path / "x.txt", b"\xe7\xac\xac\xe4\xb8\x80\xff\n")
    piped = clean(short, "--encoding", "utf-8", "--errors", "replace", "--stdout")
    assert piped.exit_code == 0 and piped.stdout == "第一\ufffd\n"


def test_nonexistent_file(tmp_path, good):
    out = tmp_path / "out"
    result = clean(tmp_path / "missing.txt", good, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {tmp_path / 'missing.txt'}: cannot read: No such file or directory"]
    assert entries(out) == ["good"]


def test_broken_symlink(tmp_path, good):
    link = tmp_path / "in" / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    out = tmp_path / "out"
    result = clean(link, good, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {link}: cannot read: No such file or directory"]
    assert entries(out) == ["good"]


def test_fifo_is_refused_without_blocking(tmp_path, good):
    fifo = tmp_path / "in" / "pipe.txt"
    os.mkfifo(fifo)  # nobody writes to it: reading it would block forever
    out = tmp_path / "out"
    result = clean(fifo, good, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {fifo}: not a regular file (a pipe, socket or device); pipe it to - instead"]
    assert entries(out) == ["good"]


def test_directory_without_txt_files(tmp_path):
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    out = tmp_path / "out"
    result = clean(empty, "-o", out)
    assert result.exit_code == 2
    assert f"Error: {empty}: directory has no .txt files" in result.stderr
    assert not out.exists()


def test_empty_standard_input():
    result = clean("-", "--stdout", input=b"")
    assert result.exit_code == 1
    assert error_lines(result) == ["Error: <stdin>: file is empty"]
    assert result.stdout == ""


def test_file_name_with_brackets_is_reported_verbatim(tmp_path):
    bad = write(tmp_path / "report[1].txt", b"")
    result = clean(bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {bad}: file is empty"]


def test_every_input_ok_exits_0_and_all_bad_exits_1(tmp_path, good):
    assert clean(good, "-o", tmp_path / "o1").exit_code == 0
    bad = write(tmp_path / "bad.txt", b"")
    result = clean(bad, tmp_path / "missing.txt", "-o", tmp_path / "o2")
    assert result.exit_code == 1 and "2 of 2 inputs failed" in result.stderr
    assert not (tmp_path / "o2").exists() or entries(tmp_path / "o2") == []


# --- usage and configuration errors: exit 2, nothing read or written ----------------------

USAGE_ERRORS = {
    "unknown-stage": (["--stages", "normalize_input,unwarp"], "unknown stage 'unwarp'; available: normalize_input"),
    "unknown-skipped-stage": (["--skip", "nope"], "unknown stage 'nope'; available: "),
    "unknown-option": (["--option", "unwrap_lines.widht=72"], "unknown option 'widht' for stage 'unwrap_lines'; valid options: dehyphenate, full_width, indent"),
    "bad-option-value": (["--option", "unwrap_lines.full_width=wide"], "option unwrap_lines.full_width must be a number"),
    "option-syntax": (["--option", "full_width=72"], "--option takes STAGE.NAME=VALUE, not 'full_width=72'"),
    "opencc-config": (["--convert", "s2x"], "option convert.config must be one of hk2s, hk2sp"),
    "errors-mode": (["--errors", "ignore"], "--errors must be strict or replace, not 'ignore'"),
}


@pytest.mark.parametrize("name", USAGE_ERRORS)
def test_usage_error(tmp_path, good, name):
    args, message = USAGE_ERRORS[name]
    out = tmp_path / "out"
    result = clean(good, "-o", out, *args)
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1 and error_lines(result)[0].startswith(f"Error: {message}")
    assert not out.exists()


CONFIG_ERRORS = {
    "malformed": ("stages = [unwrap_lines\n", "malformed config {path}: "),
    "unknown-key": ('stage = ["unwrap_lines"]\n', "config {path}: unknown key 'stage'; valid keys: convert, options, skip, stages"),
    "stages-not-a-list": ('stages = "unwrap_lines"\n', 'config {path}: stages must be a list of stage names, like stages = ["unwrap_lines"]'),
    "options-not-tables": ("[options]\nunwrap_lines = 72\n", "config {path}: options must hold one table per stage, like [options.unwrap_lines]"),
    "bad-option-value": ('[options.unwrap_lines]\nfull_width = "wide"\n', "config {path}: option unwrap_lines.full_width must be a number"),
    "convert-not-a-string": ("convert = true\n", 'config {path}: convert must be an OpenCC config name, like convert = "s2t"'),
    "bad-opencc-in-config": ('convert = "zz"\n', "config {path}: option convert.config must be one of hk2s"),
}


@pytest.mark.parametrize("name", CONFIG_ERRORS)
def test_config_error(tmp_path, good, name):
    text, message = CONFIG_ERRORS[name]
    path = write(tmp_path / "c.toml", text)
    out = tmp_path / "out"
    result = clean(good, "-o", out, "--config", path)
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1 and error_lines(result)[0].startswith("Error: " + message.format(path=path))
    assert not out.exists()


def test_missing_config_file(tmp_path, good):
    result = clean(good, "--stdout", "--config", tmp_path / "none.toml")
    assert result.exit_code == 2
    assert error_lines(result) == [f"Error: cannot read config {tmp_path / 'none.toml'}: [Errno 2] No such file or directory: '{tmp_path / 'none.toml'}'"]
    assert result.stdout == ""


# --- outputs: never a user's file, never the input, never another input's results ---------


def test_output_path_that_is_a_file_is_left_alone(tmp_path, good):
    blocker = write(tmp_path / "out", b"not a directory\n")
    result = clean(good, "-o", blocker)
    assert result.exit_code == 1
    assert str(blocker) in result.stderr
    assert blocker.read_bytes() == b"not a directory\n"


def test_user_directory_at_the_target_is_not_replaced(tmp_path, good):
    out = tmp_path / "out"
    write(out / "good" / "mine.txt", "my own notes\n")
    result = clean(good, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {good}: {out / 'good'} exists and is not a textmend result; not replacing it, choose another -o"]
    assert entries(out / "good") == ["mine.txt"] and entries(out) == ["good"]


def test_input_inside_its_own_output_directory_is_refused(tmp_path):
    src = write(tmp_path / "in" / "in.txt", GOOD)
    result = clean(src, "-o", tmp_path)
    assert result.exit_code == 1
    assert "is inside the output directory" in result.stderr
    assert src.read_bytes() == GOOD.encode()


def test_same_stem_in_two_directories(tmp_path):
    a = write(tmp_path / "a" / "x.txt", "甲方文本第一段。\n")
    b = write(tmp_path / "b" / "x.txt", "乙方文本第一段。\n")
    out = tmp_path / "out"
    result = clean(a, b, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {b}: its results would replace those of {a} in {out / 'x'}; clean it with another -o"]
    assert json.loads((out / "x" / "manifest.json").read_text(encoding="utf-8"))["source"] == str(a)
    # With separate output directories both are cleaned.
    assert clean(b, "-o", tmp_path / "out-b").exit_code == 0


def test_the_same_file_twice_is_cleaned_once(tmp_path, good):
    result = clean(good, good.parent, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr.count("1 document ->") == 1


def test_rerun_replaces_stale_documents_and_never_touches_the_input(tmp_path):
    two = "第一篇\n（2020年3月1日）\n正文。\n\f第二篇讲话\n（2020年3月2日）\n同志们：\n正文。\n"
    src = write(tmp_path / "in.txt", two)
    first = clean(src, "-o", tmp_path)
    assert first.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "in").glob("*.txt")) == ["01-第一篇.txt", "02-第二篇讲话.txt"]
    src.write_text("第一篇\n（2020年3月1日）\n正文。\n", encoding="utf-8")
    again = clean(src, "-o", tmp_path)
    assert again.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "in").glob("*.txt")) == ["01-第一篇.txt"]
    assert src.read_text(encoding="utf-8").startswith("第一篇")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary leftovers


# --- --verify: a document that lost characters without a record is not written --------------


def test_verify_fails_a_file_whose_text_lost_characters_silently(tmp_path, good, monkeypatch):
    real = runner_module.Pipeline.run_document

    def lossy(self, doc):  # a broken stage: drops a character without an edit record
        return [dataclasses.replace(d, text=d.text.replace("规范", "规", 1)) for d in real(self, doc)]

    monkeypatch.setattr(runner_module.Pipeline, "run_document", lossy)
    plain = clean(good, "-o", tmp_path / "plain")
    assert plain.exit_code == 0  # without --verify the loss goes unnoticed
    checked = clean(good, "-o", tmp_path / "checked", "--verify")
    assert checked.exit_code == 1
    assert "document 1 lost characters no edit records removing: '范'" in checked.stderr
    assert not (tmp_path / "checked" / "good").exists()
