"""Fast paths written for speed agree with the definitions they replace, on any input: the document model, split_documents, page_joins and the runner."""

from __future__ import annotations

import bisect
import itertools
import operator
from itertools import accumulate
from typing import Callable, Sequence

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import _AFTER, _BEFORE, _END, _START, Edit, _cut_edit, new_edit
from stages._text import RE_NUMBERS_ONLY, width
from stages.split_documents import RE_SECTION, TITLE_END_BAD, SplitOptions


# --- Document.split: parts told by ranges, their edits moved when read ---------------------


def partition(
    edits: Sequence[Edit], cuts: Sequence[int], starts_line: Callable[[Edit], bool] = lambda e: False
) -> tuple[list[int], list[list[Edit]]]:
    """`_divide_step` as it was written: one step's edits divided among the parts its output is
    cut into, walked edit by edit and copied into each part.

    `cuts` are sorted offsets of the step's output. Returns the cuts in the step's input and,
    per part, its edits with offsets relative to the part's start. A deletion at a cut stays
    on the left unless it starts a line (`starts_line`: a page mark before a paragraph), a
    replacement that starts at a cut goes right, and an edit whose replacement a cut falls
    inside is itself cut in two (see `_cut_edit`).
    """
    parts: list[list[Edit]] = [[] for _ in range(len(cuts) + 1)]
    cuts_in: list[int] = []
    # Before edit k the output is deltas[k] longer than the input; its replacement ends at out_ends[k].
    starts = list(map(_START, edits))
    after_lens = list(map(len, map(_AFTER, edits)))
    # (Column-wise, with the loops in C.) Growth of each edit: len(after) - (end - start).
    deltas = [0, *accumulate(map(operator.sub, after_lens, map(operator.sub, map(_END, edits), starts)))]
    out_ends = list(map(operator.add, map(operator.add, starts, deltas), after_lens))
    delta = 0  # output offset minus input offset, before the current edit
    i = 0
    carry: Edit | None = None  # the right part of an edit that a cut fell inside
    while carry is not None or i < len(edits):
        if carry is None:
            c = len(cuts_in)
            # Edits whose replacement ends before the next cut go to the current part as they are.
            j = bisect.bisect_left(out_ends, cuts[c], i) if c < len(cuts) else len(edits)
            if j > i:
                parts[c] += edits[i:j]
                delta, i = deltas[j], j
                continue
            e = edits[i]
            i += 1
        else:
            e, carry = carry, None
        out_start = e.start + delta
        while len(cuts_in) < len(cuts) and (
            cuts[len(cuts_in)] < out_start or (cuts[len(cuts_in)] == out_start and (e.after or starts_line(e)))
        ):
            cuts_in.append(cuts[len(cuts_in)] - delta)
        c = len(cuts_in)
        if c < len(cuts) and out_start < cuts[c] < out_start + len(e.after):
            cut_in, left, right = _cut_edit(e, cuts[c] - out_start)
            if left.before != left.after:
                parts[c].append(left)
            delta += len(left.after) - len(left.before)
            cuts_in.append(cut_in)
            if right.before != right.after or right.after:
                carry = right
            continue
        parts[c].append(e)
        delta += len(e.after) - (e.end - e.start)
    while len(cuts_in) < len(cuts):
        cuts_in.append(cuts[len(cuts_in)] - delta)
    return cuts_in, shifted(parts, [0, *cuts_in])


def shifted(parts: list[list[Edit]], origins: list[int]) -> list[list[Edit]]:
    """Per part, its edits that change something, moved left by the part's origin.

    All parts in one column-wise pass (the loops in C), rather than one pass per part:
    a split makes hundreds of parts per MB.
    """
    sizes = list(map(len, parts))
    flat = list(itertools.chain.from_iterable(parts))
    if not flat:
        return [[] for _ in parts]
    offsets = list(itertools.chain.from_iterable(map(itertools.repeat, origins, sizes)))
    keep = list(map(operator.ne, map(_BEFORE, flat), map(_AFTER, flat)))
    ends = list(accumulate(sizes))
    if not all(keep):
        flat = list(itertools.compress(flat, keep))
        offsets = list(itertools.compress(offsets, keep))
        kept_before = [0, *accumulate(keep)]
        ends = [kept_before[e] for e in ends]
        if not flat:
            return [[] for _ in parts]
    cols = list(zip(*flat))
    cols[0] = map(operator.sub, cols[0], offsets)
    cols[1] = map(operator.sub, cols[1], offsets)
    moved = list(map(new_edit, zip(*cols)))
    return [moved[a:b] for a, b in zip([0, *ends], ends)]


def plain_split(doc, cuts):
    """`Document.split` as it was defined: every step's edits divided by `partition` (the plain
    walk, edit by edit) and copied into each part at its offsets, a Step per part that holds any."""
    import dataclasses

    from pipeline.document import Step, apply_edits

    inner = sorted(set(c for c in cuts if 0 < c < len(doc.text)))
    if not inner:
        return [doc]
    inputs = [doc.raw]
    for s in doc.steps:
        inputs.append(apply_edits(inputs[-1], s.edits))
    per_step = []
    bounds = inner
    for k in range(len(doc.steps) - 1, -1, -1):
        bounds, parts = partition(doc.steps[k].edits, bounds, lambda e, t=inputs[k]: e.start == 0 or t[e.start - 1] == "\n")
        per_step.append(parts)
    per_step.reverse()
    raw_bounds, text_bounds = [0, *bounds, len(doc.raw)], [0, *inner, len(doc.text)]
    out, first = [], doc.first_line
    for i in range(len(inner) + 1):
        lo, hi = raw_bounds[i], raw_bounds[i + 1]
        raw = doc.raw[lo:hi]
        if i:
            first += doc.raw.count("\n", raw_bounds[i - 1], lo)
        steps = tuple(Step(s.stage, s.options, tuple(parts[i])) for s, parts in zip(doc.steps, per_step) if parts[i])
        last = first + raw.count("\n", 0, max(0, len(raw) - 1))
        out.append(dataclasses.replace(doc, raw=raw, text=doc.text[text_bounds[i] : text_bounds[i + 1]], first_line=first, last_line=last, steps=steps))
    return out


def assert_same_parts(fast, plain):
    import pickle

    assert [repr(vars(p)) for p in fast] == [repr(vars(p)) for p in plain]
    assert fast == plain
    for f, p in zip(fast, plain):
        for fs, ps in zip(f.steps, p.steps):
            assert fs.edits == ps.edits and ps.edits == fs.edits and hash(fs.edits) == hash(ps.edits)
            assert bool(fs.edits) and len(fs.edits) == len(ps.edits) and list(reversed(fs.edits)) == list(reversed(ps.edits))
            assert all(type(e) is type(q) for e, q in zip(fs.edits, ps.edits))
        assert pickle.loads(pickle.dumps(f)) == p


# Random histories: edits of every kind (deletions, insertions, replacements, edits that change
# nothing), at and across the cuts, over text with line ends and page marks.
@st.composite
def edited_document(draw):
    from pipeline import Document, Edit

    raw = draw(st.text(alphabet="甲乙a \n\f", min_size=1, max_size=40))
    doc = Document.from_text(raw, meta={"k": 1})
    for stage in range(draw(st.integers(0, 4))):
        text = doc.text
        points = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
        edits, pos = [], 0
        for a, b in zip(points, points[1:]):
            if a < pos or draw(st.booleans()):
                continue
            kind = draw(st.sampled_from(["replace", "delete", "insert", "same"]))
            before = text[a:b] if kind != "insert" else ""
            b = a if kind == "insert" else b
            after = {"delete": "", "same": before}[kind] if kind in ("delete", "same") else draw(st.text(alphabet="丁x\n\f", min_size=1, max_size=4))
            edits.append(Edit(a, b, before, after, f"r{stage}", draw(st.sampled_from([1.0, 0.8]))))
            pos = b + (kind == "insert")
        doc = doc.with_step(f"s{stage}", {"n": stage}, edits)
    # Cuts anywhere, and where the last step's replacements start and end (deletions at a cut).
    marks, delta = [], 0
    for e in doc.steps[-1].edits if doc.steps else ():
        marks += [e.start + delta, e.start + delta + len(e.after)]
        delta += len(e.after) - (e.end - e.start)
    anywhere = st.integers(-1, len(doc.text) + 1)
    cuts = draw(st.lists(st.one_of(anywhere, st.sampled_from(marks)) if marks else anywhere, max_size=8))
    return doc, cuts


@settings(max_examples=600, deadline=None)
@given(edited_document())
def test_split_equals_the_plain_split(case):
    doc, cuts = case
    assert_same_parts(doc.split(cuts), plain_split(doc, cuts))


@settings(max_examples=500, deadline=None)
@given(edited_document())
def test_divide_step_equalspartition(case):
    """Every step's `_Division`, its parts built, is `partition`'s result (the diffs read it)."""
    from pipeline.document import _divide_step, _part_edits

    doc, cuts = case
    inner = sorted(set(c for c in cuts if 0 < c < len(doc.text)))
    bounds = inner
    for step in reversed(doc.steps):
        plain_cuts, plain_parts = partition(step.edits, bounds, lambda e: e.start % 3 == 0)
        d = _divide_step(step.edits, bounds, lambda e: e.start % 3 == 0)
        assert d.cuts_in == plain_cuts
        built = [_part_edits(step.edits, *part) for part in zip(d.heads, d.los, d.his, d.tails, [0, *d.cuts_in])]
        assert built == plain_parts
        assert d.all_change == all(e.before != e.after for e in step.edits)
        bounds = plain_cuts


def test_split_of_real_documents_equals_the_plain_split():
    """On the fixtures and the corpus, cut where split_documents cuts, and at every line start."""
    from pathlib import Path

    from pipeline import Document, Pipeline
    from stages.split_documents import SplitOptions, split_documents

    root = Path(__file__).resolve().parent.parent
    files = sorted(root.glob("fixtures/*/input.txt")) + sorted(root.glob("bench/corpus/raw/*.txt"))[::4]
    pipe = Pipeline()
    before_split = [(s, o, r) for s, o, r in pipe._plan][: pipe.stage_names.index("split_documents")]
    checked = 0
    for path in files:
        try:
            doc = Document.from_text(path.read_text(encoding="utf-8"), path.name)
        except UnicodeDecodeError:
            continue
        for spec, opts, record in before_split:
            doc = doc.with_step(spec.name, record, spec.func(doc.text, opts))
        lines = [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
        for cuts in (split_documents(doc.text, SplitOptions()), lines[::7], lines):
            assert_same_parts(doc.split(cuts), plain_split(doc, cuts))
            checked += 1
    assert checked > 60


def test_new_step_builds_what_step_builds():
    from pipeline.document import Edit, Step, _new_step

    edits = (Edit(0, 1, "a", "b", "r"),)
    new, ref = _new_step("s", {"x": 1}, edits), Step("s", {"x": 1}, edits)
    assert type(new) is Step and new == ref and vars(new) == vars(ref) and repr(new) == repr(ref)


# --- split_documents: page starts by str.find, title blocks read line by line ---------------


RE_TITLE_END_BAD = regex.compile(rf"[{TITLE_END_BAD}]$")


def title_block_plain(text: str, start: int, opts: SplitOptions) -> bool:
    """`_title_block` as it was written: the page's first eight lines, each line's end tested
    by a regex."""
    titles = 0
    for line in first_lines(text, start, start + 2000, 8):
        line = line.strip(" \t\u3000\f")
        if not line:
            continue
        if titles and RE_SECTION.match(line):
            # A numbered section heading under it: this page starts a section, not a document.
            return False
        if width(line) <= opts.max_title_width and not RE_TITLE_END_BAD.search(line) and not RE_NUMBERS_ONLY.fullmatch(line):
            titles += 1
            continue
        # The block ends at body text or a salutation; a salutation alone is not a title.
        return titles >= opts.min_title_lines
    return False


def first_lines(text: str, start: int, end: int, n: int) -> list[str]:
    """`text[start:end].split("\\n")[:n]`, without cutting out or splitting the rest of the span."""
    end = min(end, len(text))
    lines = []
    pos = start
    while len(lines) < n:
        nl = text.find("\n", pos, end)
        if nl < 0:
            lines.append(text[pos:end])
            break
        lines.append(text[pos:nl])
        pos = nl + 1
    return lines


def plain_split_documents(text, opts):
    """split_documents as it was written: the regexes and `title_block_plain`."""
    from stages._text import RE_SENTENCE_END
    from stages.split_documents import RE_DATE, RE_PAGE_START

    def finished(before):
        last = before.rstrip().rsplit("\n", 1)[-1].strip(" \t\u3000\f")
        return not last or bool(RE_SENTENCE_END.search(last) or RE_DATE.search(last))

    cuts = []
    for m in RE_PAGE_START.finditer(text):
        at = m.end() - 1
        if at > 0 and finished(text[max(0, at - 200) : at]) and title_block_plain(text, at + 1, opts):
            cuts.append(at)
    return cuts


# Pages that open with what a title block is made of, or is not: short lines, dates, salutations,
# numbered headings, numbers alone, punctuation at line ends, blank lines, long body lines.
TITLE_LIKE = st.sampled_from(["第一篇讲话", "（2020年3月2日）", "同志们：", "一、总体要求", "1.2 范围", "2020", "标题，", "March 2, 2020", "", " ", "\u3000", "甲"])
PAGE_LINE = st.one_of(TITLE_LIKE, TITLE_LIKE, TITLE_LIKE, st.sampled_from(["正文。", "正文"]), st.text(alphabet="中文a1 。，：；、…!?.\u3000", max_size=70))
PAGES = st.lists(st.tuples(st.lists(PAGE_LINE, min_size=1, max_size=12), st.sampled_from(["\n\f", "\f", "\n\n\f", "\n"])), min_size=1, max_size=6).map(
    lambda pages: "".join("\n".join(lines) + sep for lines, sep in pages)
)


@settings(max_examples=400, deadline=None)
@given(PAGES, st.integers(1, 3), st.sampled_from([4, 10, 60]))
def test_split_documents_equals_the_plain_rule(text, min_lines, max_width):
    from stages.split_documents import RE_PAGE_START, SplitOptions, _page_starts, _title_block, split_documents

    opts = SplitOptions(min_title_lines=min_lines, max_title_width=max_width)
    assert split_documents(text, opts) == plain_split_documents(text, opts)
    assert _page_starts(text) == [m.end() - 1 for m in RE_PAGE_START.finditer(text)]
    for start in {0, *[i + 1 for i, ch in enumerate(text) if ch in "\f\n"]}:
        assert _title_block(text, start, opts) == title_block_plain(text, start, opts)


def test_split_documents_on_real_pages_equals_the_plain_rule():
    from pathlib import Path

    from pipeline import Document, Pipeline
    from stages.split_documents import SplitOptions, _title_block, split_documents

    root = Path(__file__).resolve().parent.parent
    pipe = Pipeline()
    before_split = pipe._plan[: pipe.stage_names.index("split_documents")]
    pages = 0
    for path in sorted(root.glob("fixtures/*/input.txt")) + sorted(root.glob("bench/corpus/raw/*.txt")):
        try:
            doc = Document.from_text(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        for spec, opts, record in before_split:
            doc = doc.with_step(spec.name, record, spec.func(doc.text, opts))
        text = doc.text
        for opts in (SplitOptions(), SplitOptions(min_title_lines=1, max_title_width=20)):
            assert split_documents(text, opts) == plain_split_documents(text, opts)
            for at in [i for i, ch in enumerate(text) if ch == "\f"]:
                assert _title_block(text, at + 1, opts) == title_block_plain(text, at + 1, opts)
                pages += 1
    assert pages > 300


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 11).flatmap(lambda k: st.lists(st.sampled_from(["第一篇讲话", "（2020年3月2日）", "甲"]), min_size=k, max_size=k)),
    st.sampled_from([None, "", " ", "2020", "同志们：", "一、总体要求"]),
    st.integers(0, 11),
    st.sampled_from(["", "正文。", "1.2 范围", "这是一段很长的正文，写满了一整行，远远超过标题的宽度。" * 2]),
    st.booleans(),
    st.integers(1, 3),
)
def test_title_block_reads_the_lines_the_plain_rule_reads(titles, odd, at, last, line_end, min_lines):
    """Runs of title lines (one odd line among them, maybe) up to the eighth line and past it,
    at the text's end or not."""
    from stages.split_documents import SplitOptions, _title_block

    if odd is not None:
        titles.insert(at, odd)
    text = "正文。\n" + "\n".join([*titles, last]) + ("\n" if line_end else "")
    opts = SplitOptions(min_title_lines=min_lines)
    assert _title_block(text, 4, opts) == title_block_plain(text, 4, opts)


# --- page_joins: page marks found with str.find -------------------------------------------


def plain_page_joins(text, opts):
    """page_joins as it was written: RE_FF.finditer, and Edit built with its defaults."""
    from pipeline.document import Edit
    from stages._text import is_cjk
    from stages.page_joins import RE_FF
    from stages.unwrap_lines import cut_by_page_mid_sentence

    edits = []
    for m in RE_FF.finditer(text):
        if m.start() == 0 or not m.group().startswith("\n"):
            edits.append(Edit(m.start(), m.end(), m.group(), "", "page break inside a paragraph"))
            continue
        para_start = text.rfind("\n", 0, m.start()) + 1
        before = text[para_start : m.start()].rstrip()
        line_end = text.find("\n", m.end())
        after = text[m.end() : line_end if line_end >= 0 else len(text)].lstrip(" \u3000")
        if before and after and cut_by_page_mid_sentence(before, after, opts.min_width):
            joiner = "" if is_cjk(before[-1]) or is_cjk(after[0]) else " "
            edits.append(Edit(m.start(), m.end(), m.group(), joiner, "paragraph cut by a page break mid-sentence", 0.8))
        else:
            edits.append(Edit(m.start() + 1, m.end(), "\f", "", "page break between paragraphs"))
    return edits


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="\f\n 中文a。，1一、\u3000", max_size=40), st.sampled_from([2, 16, 40]))
def test_page_joins_equals_the_plain_loop(text, min_width):
    from stages.page_joins import RE_FF, PageJoinOptions, _page_marks, page_joins

    opts = PageJoinOptions(min_width=min_width)
    fast, plain = page_joins(text, opts), plain_page_joins(text, opts)
    assert fast == plain and repr(fast) == repr(plain) and all(type(e) is type(q) for e, q in zip(fast, plain))
    assert _page_marks(text) == [m.span() for m in RE_FF.finditer(text)]


def test_page_joins_on_real_documents_equals_the_plain_loop():
    from pathlib import Path

    from pipeline import Pipeline
    from stages.page_joins import PageJoinOptions, page_joins

    root = Path(__file__).resolve().parent.parent
    pipe = Pipeline(stages=[n for n in Pipeline().stage_names if n not in ("page_joins", "punctuation")])
    marks = 0
    for path in sorted(root.glob("fixtures/*/input.txt")) + sorted(root.glob("bench/corpus/raw/*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for doc in pipe.run(text):
            assert page_joins(doc.text, PageJoinOptions()) == plain_page_joins(doc.text, PageJoinOptions())
            marks += doc.text.count("\f")
    assert marks > 200


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="甲乙\nab", max_size=60), st.data())
def test_apply_edits_few_or_many_is_the_edit_by_edit_loop(text, data):
    """apply_edits takes the loop for a few edits and the columns for more: the same text, or
    the same error, as `_apply_checked` (edits that fit, overlap, leave the text or misquote it)."""
    from pipeline import Edit, StageError
    from pipeline.document import _apply_checked, apply_edits

    n = data.draw(st.integers(0, 40))
    points = sorted(data.draw(st.lists(st.integers(0, len(text) + 1), min_size=2 * n, max_size=2 * n)))
    edits = []
    for a, b in zip(points[::2], points[1::2]):
        before = text[a:b] if data.draw(st.integers(0, 9)) else "?"
        edits.append(Edit(a, b, before, data.draw(st.sampled_from(["", "x", "丙丁"])), "r"))
    if data.draw(st.booleans()) and len(edits) > 1:
        edits[1], edits[0] = edits[0], edits[1]  # out of order: an overlap
    try:
        expected = _apply_checked(text, edits, "s", "src")
    except StageError as e:
        expected = str(e)
    try:
        got = apply_edits(text, edits, stage="s", source="src")
    except StageError as e:
        got = str(e)
    assert got == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\n\r\f\v\x1c\x85\u00a0\u2028\u3000\u200b甲a", max_size=12))
def test_has_text_is_strip(s):
    from pipeline.runner import _has_text

    assert _has_text(s) == bool(s.strip())
