"""The diff renderer and the output writer, written for speed, agree with their definitions.

`pipeline.diffs` cuts a document into paragraphs without building a Document per paragraph;
the reference below is the definition it replaced: `Document.split` at every line start, then
the raw lines and edits of each piece.
"""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import Pipeline
from pipeline.diffs import document_diff, paragraph_changes, summarize
from pipeline.document import Document, Edit, Step
from pipeline.io import OutputWriter, Source, document_files, manifest
from tests.test_properties import extracted


def _lines(raw: str) -> list[str]:
    lines = raw.split("\n")
    return lines[:-1] if raw.endswith("\n") else lines


def reference_changes(doc: Document) -> list[tuple]:
    starts = []
    pos = 0
    for line in doc.text.split("\n")[:-1]:
        pos += len(line) + 1
        starts.append(pos)
    groups: list[tuple[int, str, list]] = []
    offset = 0
    for piece in doc.split(starts):
        clean = piece.text.rstrip("\n")
        if clean.strip() or not groups:
            groups.append((offset, clean, list(piece.edits)))
        else:
            start, text, edits = groups[-1]
            groups[-1] = (start, text, edits + piece.edits)
        offset += len(piece.raw)
    line_starts = [doc.raw.rfind("\n", 0, start) + 1 if k else 0 for k, (start, _, _) in enumerate(groups)]
    line_starts.append(len(doc.raw))
    out = []
    for k, (_, clean, edits) in enumerate(groups):
        lo, hi = line_starts[k], max(line_starts[k], line_starts[k + 1])
        out.append((k + 1, doc.raw.count("\n", 0, lo) + 1, _lines(doc.raw[lo:hi]), clean, edits))
    return out


def reference_summarize(edits, limit: int = 4) -> str:
    counts: Counter = Counter()
    for stage, e in edits:
        reason = e.reason
        if not e.after.strip() and e.before.strip():
            reason = f"removed “{' '.join(e.before.split())}”: {reason}"
        counts[(stage, reason)] += 1
    parts = [f"{stage}: {reason}" + (f" ×{n}" if n > 1 else "") for (stage, reason), n in counts.most_common(limit)]
    if len(counts) > limit:
        parts.append(f"+{len(counts) - limit} more")
    return "; ".join(parts)


def reference_diff(doc: Document, source_name: str, clean_name: str) -> str:
    out = [f"--- {source_name}\tlines {doc.first_line}-{doc.last_line}", f"+++ {clean_name}"]
    changes = reference_changes(doc)
    for k, (index, raw_first, raw_lines, clean, edits) in enumerate(changes):
        if raw_lines == [clean]:
            continue
        out.append(f"@@ -{raw_first},{len(raw_lines)} +{index},1 @@ ¶{index} {reference_summarize(edits)}".rstrip())
        out += ["-" + line for line in raw_lines]
        if k == len(changes) - 1 and not doc.raw.endswith("\n"):
            out.append("\\ No newline at end of file")
        out.append("+" + clean)
    return "\n".join(out) + "\n"


def assert_same(doc: Document) -> None:
    assert document_diff(doc, "in.txt", "01-x.txt") == reference_diff(doc, "in.txt", "01-x.txt")
    got = [(c.index, c.raw_first, c.raw_lines, c.clean, c.edits) for c in paragraph_changes(doc)]
    assert got == reference_changes(doc)


PIPE = Pipeline()


@settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(extracted())
def test_diffs_of_cleaned_documents_are_the_reference(raw):
    for doc in PIPE.run(raw, "in.txt"):
        assert_same(doc)


@st.composite
def edited(draw) -> Document:
    """A text and up to three steps of arbitrary edits: line ends inserted, removed, replaced, at cuts."""
    alphabet = "ab \n"
    text = draw(st.text(alphabet=alphabet, max_size=30))
    doc = Document.from_text(text, "in.txt")
    for k in range(draw(st.integers(0, 3))):
        current = doc.text
        points = sorted(draw(st.lists(st.integers(0, len(current)), max_size=8)))
        edits = []
        pos = 0
        for a, b in zip(points[::2], points[1::2]):
            if a < pos:
                continue
            after = draw(st.text(alphabet=alphabet, max_size=3))
            if current[a:b] != after:
                edits.append(Edit(a, b, current[a:b], after, draw(st.sampled_from(["join", "break", "folio", "space"]))))
                pos = b if b > a else b + 1  # no two insertions at one place
        doc = doc.with_step(f"s{k}", {}, edits)
    return doc


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(edited())
def test_diffs_of_arbitrary_edit_histories_are_the_reference(doc):
    assert_same(doc)


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from(["x", "y", " ", "z"]), st.sampled_from(["", " ", "q"])), max_size=12))
def test_summarize_is_counter_most_common(items):
    edits = [(stage, Edit(0, len(before), before, after, "r")) for stage, before, after in items]
    for limit in (1, 2, 4):
        assert summarize(edits, limit) == reference_summarize(edits, limit)


def test_manifest_of_a_known_count_is_json_dumps_of_the_whole(tmp_path):
    text = "".join(f"标题{chr(0x4E00 + k)}\n（{chr(0x5500 + k)}年）\n{chr(0x6000 + k)}正文。\n\f" for k in range(1, 6))
    docs = PIPE.run(text, "in.txt")
    source = Source("in.txt", "in", text, {"encoding": "utf-8"})
    with OutputWriter(source.name, source.stem, tmp_path, PIPE.stage_names, source.meta, expected=len(docs)) as writer:
        for d in docs:
            writer.add(d)
    want = json.dumps(manifest(source, docs, document_files(docs), PIPE.stage_names), ensure_ascii=False, indent=2) + "\n"
    assert (tmp_path / "in" / "manifest.json").read_text(encoding="utf-8") == want
    assert len(docs) == 5


def test_reference_agrees_on_a_step_that_cuts_an_edit():
    # A paragraph break inserted inside one edit's replacement: the cut splits the edit in two.
    doc = Document("in.txt", "ab cd", "ab\n\ncd", steps=(Step("s", {}, (Edit(2, 3, " ", "\n\n", "break"),)),))
    # Its second half is the blank line's, which goes with the paragraph before it.
    assert [c.edits for c in paragraph_changes(doc)] == [[("s", Edit(2, 3, " ", "\n", "break")), ("s", Edit(0, 0, "", "\n", "break"))], []]
    assert_same(doc)


JSON_TEXT = st.text(alphabet=st.sampled_from('ab"\\\n\t\x00\x1f中“é\u2028\ud800'), max_size=6)
ENTRY = st.dictionaries(
    st.one_of(JSON_TEXT, st.integers(0, 3)),
    st.one_of(
        JSON_TEXT,
        st.integers(-5, 10**12),
        st.booleans(),
        st.none(),
        st.lists(st.integers(0, 10**6), max_size=3),
        st.dictionaries(JSON_TEXT, st.integers(0, 99), max_size=3),
        st.dictionaries(JSON_TEXT, JSON_TEXT, max_size=2),
        st.floats(allow_nan=False),
    ),
    max_size=9,
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(ENTRY)
def test_manifest_entries_are_json_dumps_indented(entry):
    from pipeline.io import _indented

    assert _indented(entry) == "    " + json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
