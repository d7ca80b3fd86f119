"""The document model: edits apply exactly, histories survive splitting, offsets trace back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Document, Edit, StageError
from pipeline.document import map_back, trace_back


def _doc() -> Document:
    d = Document.from_text("标题\n\n第一行没有\n\n写完。\n\n\f第二篇\n\n正文。\n")
    return d.with_step(
        "unwrap",
        {},
        [
            Edit(2, 4, "\n\n", "\n", "break"),
            Edit(9, 11, "\n\n", "", "join"),
            Edit(14, 16, "\n\n", "\n", "break"),
            Edit(20, 22, "\n\n", "\n", "break"),
        ],
    )


def test_edits_apply_and_replay():
    d = _doc()
    assert d.text == "标题\n第一行没有写完。\n\f第二篇\n正文。\n"
    assert d.replay() == d.text


def test_edit_that_does_not_fit_is_refused():
    d = Document.from_text("abc")
    with pytest.raises(StageError, match="expected 'x'"):
        d.with_step("s", {}, [Edit(0, 1, "x", "y", "wrong")])
    with pytest.raises(StageError, match="overlaps"):
        d.with_step("s", {}, [Edit(0, 2, "ab", "", "a"), Edit(1, 2, "b", "", "b")])


def test_split_keeps_each_part_history_and_lines():
    d = _doc()
    first, second = d.split([d.text.index("\f")])
    assert first.raw + second.raw == d.raw
    assert first.text + second.text == d.text
    assert first.replay() == first.text and second.replay() == second.text
    assert (first.first_line, first.last_line) == (1, 6)
    assert second.first_line == 7
    assert [e.reason for _, e in second.edits] == ["break"]


def test_map_back_and_trace_back():
    d = _doc()
    edits = d.steps[0].edits
    # "写" sits after the joined gap: output offset 8 came from raw offset 11.
    assert d.text[8] == "写" and d.raw[11] == "写"
    assert map_back([8], edits) == [11]
    assert trace_back(d, [0, 8]) == [0, 11]


def test_cut_inside_a_replacement_divides_the_edit():
    # unwrap's break edit "\n\n\f" -> "\n\f", and a new document starting at the form feed.
    d = Document.from_text("甲。\n\n\f乙。\n").with_step("u", {}, [Edit(2, 5, "\n\n\f", "\n\f", "break")])
    left, right = d.split([d.text.index("\f")])
    assert (left.raw, left.text) == ("甲。\n\n", "甲。\n")
    assert (right.raw, right.text) == ("\f乙。\n", "\f乙。\n")
    assert left.replay() == left.text and right.replay() == right.text


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_split_anywhere_keeps_every_part_replayable(data):
    raw = data.draw(st.text(alphabet="甲乙丙ab \n\f", min_size=1, max_size=40))
    doc = Document.from_text(raw)
    for stage in range(data.draw(st.integers(0, 3))):
        text = doc.text
        points = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
        edits, pos = [], 0
        for a, b in zip(points[::2], points[1::2]):
            if a < pos:
                continue
            after = data.draw(st.text(alphabet="丁x\n\f", max_size=3))
            edits.append(Edit(a, b, text[a:b], after, "random"))
            pos = b
        doc = doc.with_step(f"s{stage}", {}, edits)
    cuts = data.draw(st.lists(st.integers(0, len(doc.text)), max_size=5))
    parts = doc.split(cuts)
    assert "".join(p.raw for p in parts) == doc.raw
    assert "".join(p.text for p in parts) == doc.text
    for p in parts:
        assert p.replay() == p.text


def test_evolve_builds_what_dataclasses_replace_builds():
    import dataclasses

    from pipeline.document import evolve

    doc = Document.from_text("第一条 为了规范管理，\n制定本办法。\n", "a.txt", {"k": 1})
    doc = doc.with_step("unwrap_lines", {"x": 1}, [Edit(11, 12, "\n", "", "join")])
    for changes in ({"index": 3}, {"text": "x", "steps": ()}, {"raw": "r", "first_line": 5, "last_line": 9}):
        new, ref = evolve(doc, **changes), dataclasses.replace(doc, **changes)
        assert type(new) is Document and new == ref and vars(new) == vars(ref)
        assert new is not doc and doc == Document(**{f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        evolve(doc, index=1).index = 2
