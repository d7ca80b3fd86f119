"""Fast paths written for speed agree with the definitions they replace, on any input: unwrap_lines, normalize_input and shared text tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stages._text import CLOSERS, RE_SENTENCE_END, SENTENCE_END, ends_sentence
from stages.unwrap_lines import Layout


# Lines made of the characters that matter at a line end, and some that do not.
LINE_END_TEXT = st.text(alphabet=SENTENCE_END + CLOSERS + ".aAZz中 \n\r", max_size=8)


@settings(max_examples=500, deadline=None)
@given(LINE_END_TEXT)
def test_ends_sentence_is_the_regex(text):
    assert ends_sentence(text) == bool(RE_SENTENCE_END.search(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=-5, max_value=120), min_size=1, max_size=60), st.integers(min_value=0, max_value=40))
def test_may_exceed_never_hides_a_larger_tolerance(widths, tolerance):
    import statistics

    from stages.unwrap_lines import _may_exceed

    if not _may_exceed(widths, tolerance):
        assert round(statistics.pstdev(widths) * 2) <= tolerance


# Running Chinese text with what can sit at a line's ends: punctuation, closers, Latin, digits.
LINE_END = "中。，、；：？！”’」）…,.;:!?)-a1 "
HAN_LINE = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from("中国"),
    st.text(alphabet=LINE_END, max_size=4),
    st.sampled_from(["", *LINE_END]),
).filter(lambda t: "  " not in t)
LAYOUT = st.builds(
    Layout,
    st.booleans(),
    st.integers(min_value=16, max_value=80),
    st.integers(min_value=2, max_value=12),
    st.integers(min_value=-4, max_value=6),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=3000, deadline=None)
@given(HAN_LINE, HAN_LINE, LAYOUT, st.data())
def test_decide_plain_agrees_with_decide(at, bt, lay, data):
    from collections import Counter

    from stages._text import width
    from stages.unwrap_lines import _decide, _decide_plain, _Rows

    # The first line's width near the thresholds that matter: the margin, and 3 tolerances short of it.
    tol = lay.tolerance
    edges = [d for e in (-tol - 2, -3 * tol - 2, 3 * tol) for d in (e - 1, e, e + 1)]
    offset = st.one_of(st.sampled_from(edges), st.integers(min_value=-4 * tol - 4, max_value=4 * tol + 4))
    a_width = lay.full + lay.margin + data.draw(offset)
    b_lead, b_blank = data.draw(st.integers(min_value=0, max_value=5)), data.draw(st.integers(min_value=0, max_value=2))
    starts_paragraph, in_item = data.draw(st.booleans()), data.draw(st.booleans())
    rows = _Rows([0, 50], [20, 70], [at, bt], [0, b_lead], [a_width, b_lead + width(bt)], [False, False], [0, b_blank])
    wa = a_width - lay.margin + (lay.indent if starts_paragraph and lay.indent > 0 else 0)
    fast = _decide_plain(at, bt, wa, b_lead, b_blank, lay)
    if fast is not None:
        assert fast == _decide(rows, 0, lay, starts_paragraph, in_item, Counter([at, bt]), True)


MIXED_TEXT = st.text(alphabet="中文a1 Z9\n。，、x", max_size=40)


@settings(max_examples=500, deadline=None)
@given(MIXED_TEXT)
def test_cjk_latin_spacing_counts_the_regex_matches(text):
    from stages.unwrap_lines import RE_CJK_LATIN_SPACED, RE_CJK_LATIN_TIGHT, _cjk_latin_spacing

    assert _cjk_latin_spacing(text) == (len(RE_CJK_LATIN_SPACED.findall(text)), len(RE_CJK_LATIN_TIGHT.findall(text)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="中文a。Zb,é々〇㐀", min_size=1, max_size=4), min_size=1, max_size=12))
def test_mid_text_breaks_is_the_pairwise_test(lines):
    from stages.unwrap_lines import _mid_text_break, _mid_text_breaks, _rows, _stands_apart

    rows = _rows("\n".join(lines))
    expected = [_mid_text_break(a, b) and not _stands_apart(a, b) for a, b in zip(rows.text, rows.text[1:])]
    assert _mid_text_breaks(rows) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=".。⋯…中a ", max_size=30))
def test_ellipses_are_the_regex_matches(text):
    from stages._text import finditer_at
    from stages.punctuation import ELLIPSIS_STARTS, RE_ELLIPSIS

    assert [m.span() for m in finditer_at(RE_ELLIPSIS, text, ELLIPSIS_STARTS)] == [m.span() for m in RE_ELLIPSIS.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\f\ufeff\r\u2028\u2029\x0b\x85\n \t中", max_size=30))
def test_normalize_targets_are_the_regex_matches(text):
    from stages._text import finditer_at
    from stages.normalize_input import RE_TARGETS, TARGET_CHARS

    found = [(m.span(), m.lastgroup) for m in finditer_at(RE_TARGETS, text, tuple(TARGET_CHARS))]
    assert found == [(m.span(), m.lastgroup) for m in RE_TARGETS.finditer(text)]


# Pages of running Chinese text: lines of many widths (some reaching a margin of 16, 24 or 30 columns),
# ending on ideographs, CJK or Latin punctuation, closers, letters; with indents, blank lines
# and form feeds. Every line opens with an ideograph (a plain row) or, now and then, not.
WRAPPED_LINE = st.builds(
    lambda lead, ff, first, body, last: ff + lead + first + body + last,
    st.sampled_from(["", "", "", "  ", "\u3000\u3000"]),
    st.sampled_from(["", "", "", "", "\f"]),
    st.sampled_from("中国中国中国1（a•"),
    st.text(alphabet="中国文字", min_size=6, max_size=16),
    st.sampled_from(["", "中", "，", "、", "。", "”", "“", "：", "；", "—", "…", "·", "）", "a", ",", "-", "1", "」"]),
)
WRAPPED_TEXT = st.lists(st.tuples(WRAPPED_LINE, st.sampled_from(["\n", "\n", "\n\n"])), min_size=1, max_size=40).map(
    lambda lines: "".join(line + sep for line, sep in lines)
)


@settings(max_examples=400, deadline=None)
@given(WRAPPED_TEXT, st.sampled_from([0, 16, 24, 30]), st.sampled_from([-1, 0, 2]))
def test_fast_join_runs_equal_the_row_by_row_loop(text, full_width, indent):
    """The runs that `_fast_joins` marks are joined at once; without them (every row through
    the loop's own tests) the edits are the same, reasons and confidences included."""
    from unittest import mock

    from stages import unwrap_lines as module

    opts = module.UnwrapOptions(full_width=full_width, indent=indent)
    fast = module.unwrap_lines(text, opts)
    with mock.patch.object(module, "_fast_joins", lambda rows, *args: bytes(len(rows))):
        slow = module.unwrap_lines(text, opts)
    assert fast == slow


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("中鿿一丁㐀々〇〡，。é𠀀aZ“”—…ａｚＡ（ぁア\u4dff\ua000\u3000\uffff"), max_size=30))
def test_char_kinds_are_the_character_tests(chars):
    from stages.unwrap_lines import _char_kinds, _is_han, _is_lower_letter

    basic, han, lower = _char_kinds(chars)
    assert list(basic) == [int("\u4e00" <= c <= "\u9fff") for c in chars]
    assert list(han) == [int(_is_han(c)) for c in chars]
    assert list(lower) == [int(_is_lower_letter(c)) for c in chars]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="中国a1 é，。、；：？！”’」』）》〉】…,.;:!?)/-", min_size=1, max_size=8).filter(lambda t: t[0] != " "))
def test_next_unit_width_is_the_regex(bt):
    """(A row never opens with a space: rows are stripped.)"""
    from stages._text import is_cjk, width
    from stages.unwrap_lines import RE_NEXT_UNIT, _next_unit_width

    assert _next_unit_width(bt) == width(RE_NEXT_UNIT.match(bt).group()) + (0 if is_cjk(bt[0]) else 1)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=300), max_size=40), st.integers(min_value=-2, max_value=260), st.integers(min_value=0, max_value=12))
def test_width_flags_are_the_list_test(widths, threshold, span):
    """Widths that fit in a byte go through a byte table; any other, one by one: the same flags."""
    from stages.unwrap_lines import _width_flags

    for test in (lambda w: w > threshold, lambda w: w <= threshold, lambda w: threshold <= w <= threshold + span and w > 0.7 * threshold):
        assert _width_flags(widths, test) == bytes([test(w) for w in widths])
        small = [min(max(w, 0), 255) for w in widths]
        assert _width_flags(small, test) == bytes([test(w) for w in small])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.integers(min_value=-2, max_value=40), max_size=30), st.integers(min_value=0, max_value=40), st.integers(min_value=-2, max_value=40))
def test_indent_short_rows_are_the_comprehension(widths, full, short):
    from stages.unwrap_lines import _indent_short_rows

    n = len(widths)
    expected = [i for i, p, w in zip(range(1, n - 1), widths, widths[1 : n - 1]) if p < short and full - 8 <= w <= full - 1 and w > 0.7 * full]
    assert _indent_short_rows(widths, n, full, short) == expected


def _measure_indent_spec(rows, widths, full, tol, margin):
    """`_measure_indent` as first written: every row tested in a comprehension (the specification)."""
    from collections import Counter
    from itertools import islice

    from stages.unwrap_lines import _heading_like, ends_sentence

    indented = len(rows.lead) - rows.lead.count(0) if margin == 0 else len([x for x in rows.lead if x > margin])
    if indented and indented > 0.05 * len(rows):
        lead, _ = Counter(x - margin for x in rows.lead if x > margin).most_common(1)[0]
        return -lead
    shortfalls = Counter()
    short = full - 2 * tol
    texts = rows.text
    lo, hi = full - 8, full - 1
    for i, w in [
        (i, w)
        for i, p, w in zip(range(1, len(rows) - 1), widths, islice(widths, 1, len(rows) - 1))
        if p < short and lo <= w <= hi and w > 0.7 * full
    ]:
        prev = texts[i - 1]
        if (ends_sentence(prev) or _heading_like(prev)) and not ends_sentence(texts[i]):
            shortfalls[full - w] += 1
    if not shortfalls:
        return 0
    gap, n = shortfalls.most_common(1)[0]
    return gap if n >= 3 else 0


@settings(max_examples=300, deadline=None)
@given(WRAPPED_TEXT, st.integers(min_value=8, max_value=40), st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=2))
def test_measure_indent_is_the_row_by_row_rule(text, full, tol, margin):
    from stages.unwrap_lines import _measure_indent, _rows

    rows = _rows(text)
    if rows:
        widths = [w - margin for w in rows.width]
        assert _measure_indent(rows, widths, full, tol, margin) == _measure_indent_spec(rows, widths, full, tol, margin)


def test_measure_indent_is_the_row_by_row_rule_on_the_corpus():
    from pathlib import Path

    from stages.unwrap_lines import UnwrapOptions, _fit_width, _measure_indent, _rows

    root = Path(__file__).resolve().parent.parent
    paths = sorted(root.glob("fixtures/*/input.txt")) + sorted(root.glob("bench/corpus/raw/*.txt"))
    checked = 0
    for path in paths:
        try:
            rows = _rows(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        if len(rows) < 3:
            continue
        fit = _fit_width(rows, UnwrapOptions())
        args = (rows, fit.widths, fit.full, fit.tolerance, fit.margin)
        assert _measure_indent(*args) == _measure_indent_spec(*args), path
        checked += 1
    assert checked > 50


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.integers(min_value=-5, max_value=200), min_size=2, max_size=50))
def test_upper_quartile_is_statistics_quantiles(values):
    import statistics

    from stages.unwrap_lines import _upper_quartile

    ordered = sorted(values)
    assert _upper_quartile(ordered) == statistics.quantiles(ordered, n=4)[2]


@settings(max_examples=300, deadline=None)
@given(WRAPPED_TEXT, st.sampled_from([0, 16, 24, 30]), st.sampled_from([-1, 0, 2]))
def test_short_lines_seen_counts_what_decide_reads(text, full_width, indent):
    """Every count `_decide` reads of `lines_seen` equals the count over all rows."""
    from collections import Counter
    from unittest import mock

    from stages import unwrap_lines as module

    everything = Counter(module._rows(text).text)
    opts = module.UnwrapOptions(full_width=full_width, indent=indent)
    real = module._decide
    read = []

    def decide(rows, i, lay, starts_paragraph, in_item, lines_seen, *args):
        result = real(rows, i, lay, starts_paragraph, in_item, lines_seen, *args)
        if result[1] == "next line stands alone elsewhere in the file" or (module._is_last_line(rows, i + 1, lay)):
            read.append((lines_seen[rows.text[i + 1]], everything[rows.text[i + 1]]))
        return result

    with mock.patch.object(module, "_decide", decide):
        module.unwrap_lines(text, opts)
    assert all(a == b for a, b in read)
