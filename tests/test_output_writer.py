"""OutputWriter: streamed manifests and renumbering give what a whole-file write gives."""

from __future__ import annotations

import json

from pipeline import Pipeline
from pipeline.io import OutputWriter, Source, document_files, manifest


def test_manifest_written_entry_by_entry_is_json_dumps_of_the_whole(tmp_path):
    # Titles with quotes and a backslash, which JSON escapes.
    # Every line differs in its ideographs, or the repeated ones would be running headers.
    text = "".join(
        f'标题"{chr(0x4E00 + k)}"\\{chr(0x5000 + k)}\n（{chr(0x5500 + k)}年）\n{chr(0x6000 + k)}正文。\n\f' for k in range(1, 104)
    )
    docs = Pipeline().run(text, "in.txt")
    assert len(docs) == 103
    source = Source("in.txt", "in", text, {"encoding": "utf-8"})
    # expected=0: names start with two digits and are renumbered to three at the end.
    with OutputWriter(source.name, source.stem, tmp_path, Pipeline().stage_names, source.meta) as writer:
        for d in docs:
            writer.add(d)
    out = tmp_path / "in"
    names = document_files(docs)
    want = json.dumps(manifest(source, docs, names, Pipeline().stage_names), ensure_ascii=False, indent=2) + "\n"
    assert (out / "manifest.json").read_text(encoding="utf-8") == want
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{n}.txt" for n in names] + [f"{n}.diff" for n in names] + ["manifest.json"])
    assert (out / f"{names[0]}.diff").read_text(encoding="utf-8").split("\n")[1] == f"+++ {names[0]}.txt"


def test_renumbering_keeps_the_raw_lines_of_a_diff_byte_for_byte(tmp_path):
    # CRLF input: each diff shows the raw lines with their \r; renumbering must not translate them.
    text = "".join(f"标题{chr(0x4E00 + k)}\r\n（{chr(0x5500 + k)}年）\r\n{chr(0x6000 + k)}正文。\r\n\f" for k in range(1, 104))
    docs = Pipeline().run(text, "in.txt")
    assert len(docs) == 103
    with OutputWriter("in.txt", "in", tmp_path, Pipeline().stage_names, {"encoding": "utf-8"}) as writer:
        for d in docs:
            writer.add(d)
    names = document_files(docs)
    diff = (tmp_path / "in" / f"{names[0]}.diff").read_bytes()
    assert f"+++ {names[0]}.txt".encode() in diff
    assert f"-标题{chr(0x4E01)}\r\n".encode() in diff
