"""Fast paths written for speed agree with the definitions they replace, on any input."""

from __future__ import annotations

import bisect

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


# --- page_furniture: lines read where the rules look, against the model of every line ---

# Texts with what page furniture turns on: blank and whitespace-only lines, form feeds, a
# single leading space, folio forms (one with a digit the regex module reads and re does not).
FURNITURE_TEXT = st.lists(
    st.sampled_from(
        ["", " ", "\t", "\f", "\u3000", " \f ", "中文正文。", " 中文", "  中文", "\f中文", "\t中", "\u3000中", "x", "a b",
         "12", " 7 ", "- 3 -", "— 12 —", "第 4 页", "第三页", "Page 2 of 9", "p.5", "iv", "XII", "12/240",
         "12\r", "1 2", "-\n12 -", "第\n4页", "\U00010d45", "1\U00010d41", "2020", "报告 第一章", "报告 第二章"]
    ),
    max_size=40,
).map("\n".join)


def _furniture_corpus() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    texts = []
    for p in sorted(root.glob("fixtures/*/input.txt")) + sorted(root.glob("bench/corpus/raw/*.txt")):
        try:
            t = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        # As pdftotext wrote it; without its form feeds (pypdf's shape); and with every tenth
        # line opened by a single space (pdftotext's page starts without -layout).
        lines = t.split("\n")
        texts += [t, t.replace("\f", ""), "\n".join(" " + ln if k % 10 == 0 else ln for k, ln in enumerate(lines))]
    return texts


FURNITURE_CORPUS = _furniture_corpus()


def test_regex_digits_and_spaces_are_within_the_folio_scan_classes():
    """The folio scan (re) reads a digit as re's \\d or any character beyond the BMP, and a
    space as re's \\s: the regex module's \\d and \\s (a newer Unicode) must be within those."""
    import re

    import regex

    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    assert set(regex.findall(r"\d", every)) <= set(re.findall(r"\d|[\U00010000-\U0010FFFF]", every))
    assert set(regex.findall(r"\s", every)) <= set(re.findall(r"\s", every))


def _check_lines(text):
    from stages.page_furniture import _ContentLines, _Lines

    full, lines = _ContentLines(text), _Lines(text)
    starts = full.starts
    assert lines.first() == (starts[0] if starts else None)
    assert lines.last() == (starts[-1] if starts else None)
    for k, s in enumerate(starts):
        assert lines.line(s) == full[k]
        assert lines.next(s) == (starts[k + 1] if k + 1 < len(starts) else None)
        assert lines.before(s) == (starts[k - 1] if k else None)
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for s in line_starts:
        k = bisect.bisect_left(starts, s)
        assert lines.is_content(s) == (k < len(starts) and starts[k] == s)
        assert lines.at_or_after(s) == (starts[k] if k < len(starts) else None)


def _plain_folio_lines(text):
    from stages.page_furniture import _ContentLines, parse_page_number

    return [ln.start for ln in _ContentLines(text) if parse_page_number(ln.content) is not None]


def _check_folio_lines(text):
    from stages.page_furniture import _folio_lines, _Lines, parse_page_number

    lines = _Lines(text)
    found = _folio_lines(text)
    assert found == sorted(set(found))
    assert [s for s in found if parse_page_number(lines.line(s).content) is not None] == _plain_folio_lines(text)


def _check_count(text):
    from stages.page_furniture import _WS, _ContentLines, _count_content_lines

    blank = sum(1 for raw in text.split("\n") if raw and not raw.strip(_WS))
    assert _count_content_lines(text, blank) == len(_ContentLines(text))


def _plain_space_page_starts(text):
    """The rule as first written: every content line read."""
    from stages.page_furniture import _ContentLines

    content = _ContentLines(text)
    indented = [ln for ln in content if ln.raw[:1] in (" ", "\t", "\u3000")]
    marked = [ln.start for ln in indented if ln.raw.startswith(" ") and not ln.raw.startswith("  ")]
    if len(marked) < 2 or len(indented) > 0.15 * len(content) or len(marked) < 0.9 * len(indented):
        return set()
    return set(marked)


def _plain_page_ranges(text, boundaries, removed):
    """`_page_ranges` by positions in the model of every line (the first version)."""
    from stages.page_furniture import _ContentLines

    content = _ContentLines(text)
    c_starts = content.starts
    gone = sorted(bisect.bisect_left(c_starts, i) for i in removed)
    pages, begin = [], 0
    for k in sorted(bisect.bisect_left(c_starts, i) for i in boundaries):
        if k - begin > bisect.bisect_left(gone, k) - bisect.bisect_left(gone, begin):
            pages.append((begin, k))
            begin = k
    pages.append((begin, len(content)))
    return content, pages


def _plain_headers(text, boundaries, removed, min_repeats):
    """`_headers` as first written: every page edge's form read, on the model of every line."""
    from stages.page_furniture import _forms, _furniture_like

    content, ranges = _plain_page_ranges(text, boundaries, removed)

    def kept(ks):
        return [content[k] for k in ks if content.starts[k] not in removed][:2]

    pages = [(kept(range(a, b)), kept(range(b - 1, a - 1, -1))) for a, b in ranges]
    n_pages = len(pages)
    if n_pages < 2:
        return {}
    hits = {}
    edges = [(p, where, ln) for p, (top, bottom) in enumerate(pages) for where, lns in (("top", top), ("bottom", bottom)) for ln in lns]
    for (p, where, ln), form in zip(edges, _forms([ln.content for _, _, ln in edges])):
        if _furniture_like(form):
            hits.setdefault((where, form), {}).setdefault(p, ln)
    need = max(min_repeats, round(0.25 * n_pages))
    of_parity = ((n_pages + 1) // 2, n_pages // 2)
    out = {}
    for top, _ in pages:
        if len(top) >= 2 and top[0].content == top[1].content and _furniture_like(top[0].content):
            out[top[0].start] = f"running header {top[0].content!r} (repeats the heading under it)"
    for (where, _), on in hits.items():
        parities = {p % 2 for p in on}
        alternating = len(parities) == 1 and len(on) >= 2 and len(on) >= 0.5 * sum(of_parity[q] for q in parities)
        if len(on) >= need or alternating:
            for ln in on.values():
                out[ln.start] = f"running {'header' if where == 'top' else 'footer'} {ln.content!r} (on {len(on)} pages)"
    return out


def _check_pages_and_headers(text, min_repeats=3):
    """Page edges and headers on the boundaries and removals the stage itself finds."""
    from stages.page_furniture import (
        _headers,
        _Lines,
        _page_numbers,
        _page_ranges,
        _space_page_starts,
    )

    lines = _Lines(text)
    if lines.first() is None:
        return
    starts = {s for s in range(len(text)) if text[s] == "\f" and (s == 0 or text[s - 1] == "\n") and lines.is_content(s)}
    starts |= _space_page_starts(text, lines)
    removed = _page_numbers(text, lines, starts, "\f" in text)
    boundaries = starts | set(removed)
    content, plain = _plain_page_ranges(text, boundaries, removed)
    ends = [*content.starts, len(text) + 1]
    assert _page_ranges(lines, boundaries, removed) == [(ends[a], ends[b]) for a, b in plain]
    if boundaries:
        assert _headers(lines, boundaries, removed, min_repeats) == _plain_headers(text, boundaries, removed, min_repeats)


def _check_all(text):
    from stages.page_furniture import _Lines, _space_page_starts

    _check_lines(text)
    _check_folio_lines(text)
    _check_count(text)
    assert _space_page_starts(text, _Lines(text)) == _plain_space_page_starts(text)
    _check_pages_and_headers(text)


@settings(max_examples=600, deadline=None)
@given(FURNITURE_TEXT)
def test_furniture_fast_paths_equal_the_plain_rules_on_generated_text(text):
    _check_all(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["正文第一行。", "正文第二行", "", "报告 第一章", "- 3 -", "4", " 页首", "\f页首", "页脚 5"]), max_size=120).map("\n".join), st.integers(0, 4))
def test_headers_equal_the_plain_rule_with_any_min_repeats(text, min_repeats):
    _check_pages_and_headers(text, min_repeats)


def test_furniture_fast_paths_equal_the_plain_rules_on_the_corpus():
    for text in FURNITURE_CORPUS:
        _check_lines(text[:20000])  # every line checked one by one: a part of each file
        _check_folio_lines(text)
        _check_count(text)
        from stages.page_furniture import _Lines, _space_page_starts

        assert _space_page_starts(text, _Lines(text)) == _plain_space_page_starts(text)
        _check_pages_and_headers(text)

# --- punctuation: rules skipped when `_present` finds none of their characters -------------------


def _texts_of(*globs: str) -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = []
    for pattern in globs:
        for p in sorted(root.glob(pattern)):
            try:
                out.append(p.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue  # the encoding fixtures
    return out


CORPUS_TEXTS = _texts_of("fixtures/*/input.txt", "fixtures/*/expected.txt", "bench/corpus/raw/*.txt")
CORPUS_LINES = sorted({line for t in CORPUS_TEXTS for line in t.splitlines() if line.strip()})


def _punctuation_plain(text, opts):
    """The stage with every rule run on every text (what `_present` lets it skip, it does not)."""
    from unittest import mock

    from stages import punctuation as module

    with mock.patch.object(module, "_present", lambda text: module.EVERYTHING):
        return module.punctuation(text, opts)


PUNCTUATION_OPTIONS = [
    {},
    {"quotes": "curly"},
    {"quotes": "corner"},
    {"cjk_latin_space": "add"},
    {"cjk_latin_space": "remove"},
    {"cjk_punctuation": False, "fullwidth_alnum": False},
    {"cjk_spaces": False, "ellipsis_dash": False, "word_gaps": False},
]


def test_present_is_the_candidate_characters_of_the_text():
    from stages.punctuation import _CANDIDATE_CHARS, RE_CANDIDATE

    assert {chr(i) for i in range(0x10000) if RE_CANDIDATE.match(chr(i))} == _CANDIDATE_CHARS


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        # 仿 (U+4EFF), ÿ (U+00FF), a lone surrogate and 𠀀 (a pair in UTF-16) put a byte FF at an odd offset.
        alphabet=st.sampled_from("中文 。…⋯.,:;?!\"'()-－─〈）ａｚＡＺ０９＠［｀｛a1\n/`@仿ÿ\U00020000\udcff\ud800\uff0f\uff1a\uff5b")
        | st.characters(codec="utf-8"),
        max_size=40,
    )
)
def test_present_summary_is_exact(text):
    from stages.punctuation import _CANDIDATE_CHARS, RE_CANDIDATE, _present

    present = _present(text)
    assert present.chars == frozenset(text) & _CANDIDATE_CHARS == frozenset(RE_CANDIDATE.findall(text))
    assert present.spaces == text.count(" ") and present.cjk_stops == ("。。。" in text)


# Texts at the thresholds of the skips: exactly as many spaces, or characters, as a rule needs.
THRESHOLD_TEXTS = [
    "新 华 社 北\n",  # three OCR spaces
    "中ab.cd.ef.gh.ij,  kl\n",  # a word gap that is the text's only spaces
    "于2020 年4 月至6 月\n",  # three one-sided spaces
    "等等。。。然后\n",
    "中文a.b…\n",
]


def test_punctuation_skipping_rules_changes_nothing_on_the_corpus():
    from stages.punctuation import PunctuationOptions, punctuation

    for kw in PUNCTUATION_OPTIONS:
        opts = PunctuationOptions(**kw)
        for text in THRESHOLD_TEXTS + CORPUS_TEXTS:
            assert punctuation(text, opts) == _punctuation_plain(text, opts), (kw, text[:80])


# Characters the rules look for, and what they judge by: CJK, full-width punctuation, Latin, digits.
PUNCT_MATERIAL = st.sampled_from(
    [" ", "  ", "   ", ",", ".", ":", ";", "?", "!", '"', "'", "(", ")", "-", "--", "－－", "──", "...", "。。。", "…", "⋯",
     "〈", "ａ", "Ｚ", "５", "中", "文", "，", "。", "“", "”", "a", "Z", "3", "\n", "/", "`", "@", "=", "http://a.b/"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(CORPUS_LINES), st.lists(st.tuples(st.integers(min_value=0), PUNCT_MATERIAL), max_size=6), st.sampled_from(range(len(PUNCTUATION_OPTIONS))))
def test_punctuation_skipping_rules_changes_nothing_on_variants(line, inserts, which):
    """Corpus lines with the characters of the rules put in at random places."""
    from stages.punctuation import PunctuationOptions, punctuation

    text = line
    for at, piece in inserts:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    opts = PunctuationOptions(**PUNCTUATION_OPTIONS[which])
    assert punctuation(text, opts) == _punctuation_plain(text, opts)


@settings(max_examples=600, deadline=None)
@given(st.lists(PUNCT_MATERIAL, max_size=30).map("".join), st.sampled_from(range(len(PUNCTUATION_OPTIONS))))
def test_punctuation_skipping_rules_changes_nothing_on_generated_text(text, which):
    from stages.punctuation import PunctuationOptions, punctuation

    opts = PunctuationOptions(**PUNCTUATION_OPTIONS[which])
    assert punctuation(text, opts) == _punctuation_plain(text, opts)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(["中", "文 ", "国 ", " ", "，", "。", "、", "“", "（", "3", "a", ".", ",", "\n"]), max_size=14).map("".join),
    st.sampled_from(range(len(PUNCTUATION_OPTIONS))),
)
def test_punctuation_skipping_rules_changes_nothing_on_spaced_text(text, which):
    """Few spaces between CJK characters, digits and punctuation: the counts the space rules start at."""
    from stages.punctuation import PunctuationOptions, punctuation

    opts = PunctuationOptions(**PUNCTUATION_OPTIONS[which])
    assert punctuation(text, opts) == _punctuation_plain(text, opts)


@settings(max_examples=600, deadline=None)
@given(st.lists(PUNCT_MATERIAL, max_size=30).map("".join))
def test_half_punct_candidates_and_space_matches_are_the_regex_matches(text):
    """The matches tried only where `_present` saw their first character equal the regex scans."""
    from stages.punctuation import (
        RE_HALF_PUNCT,
        RE_SPACE_BESIDE_CJK,
        RE_SPACED_CJK,
        _half_punct_matches,
        _present,
        _space_matches,
        _two_spaces,
    )

    present = _present(text)
    assert [m.span() for m in _half_punct_matches(text, present.chars)] == [m.span() for m in RE_HALF_PUNCT.finditer(text)]
    for pattern in (RE_SPACE_BESIDE_CJK, RE_SPACED_CJK):
        assert [m.span() for m in _space_matches(pattern, text, present.space_at)] == [m.span() for m in pattern.finditer(text)]
    assert _two_spaces(text, present.space_at) == ("  " in text)
    assert present.spaces == min(text.count(" "), 4) and (present.space_at is None) == (text.count(" ") >= 4)

# --- Document.split: parts told by ranges, their edits moved when read ---------------------


def plain_split(doc, cuts):
    """`Document.split` as it was defined: every step's edits divided by `_partition` (the plain
    walk, edit by edit) and copied into each part at its offsets, a Step per part that holds any."""
    import dataclasses

    from pipeline.document import Step, _partition, apply_edits

    inner = sorted(set(c for c in cuts if 0 < c < len(doc.text)))
    if not inner:
        return [doc]
    inputs = [doc.raw]
    for s in doc.steps:
        inputs.append(apply_edits(inputs[-1], s.edits))
    per_step = []
    bounds = inner
    for k in range(len(doc.steps) - 1, -1, -1):
        bounds, parts = _partition(doc.steps[k].edits, bounds, lambda e, t=inputs[k]: e.start == 0 or t[e.start - 1] == "\n")
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
def test_divide_step_equals_partition(case):
    """Every step's `_Division`, its parts built, is `_partition`'s result (the diffs read it)."""
    from pipeline.document import _divide_step, _part_edits, _partition

    doc, cuts = case
    inner = sorted(set(c for c in cuts if 0 < c < len(doc.text)))
    bounds = inner
    for step in reversed(doc.steps):
        plain_cuts, plain_parts = _partition(step.edits, bounds, lambda e: e.start % 3 == 0)
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


def plain_split_documents(text, opts):
    """split_documents as it was written: the regexes and `_title_block_plain`."""
    from stages._text import RE_SENTENCE_END
    from stages.split_documents import RE_DATE, RE_PAGE_START, _title_block_plain

    def finished(before):
        last = before.rstrip().rsplit("\n", 1)[-1].strip(" \t\u3000\f")
        return not last or bool(RE_SENTENCE_END.search(last) or RE_DATE.search(last))

    cuts = []
    for m in RE_PAGE_START.finditer(text):
        at = m.end() - 1
        if at > 0 and finished(text[max(0, at - 200) : at]) and _title_block_plain(text, at + 1, opts):
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
    from stages.split_documents import RE_PAGE_START, SplitOptions, _page_starts, _title_block, _title_block_plain, split_documents

    opts = SplitOptions(min_title_lines=min_lines, max_title_width=max_width)
    assert split_documents(text, opts) == plain_split_documents(text, opts)
    assert _page_starts(text) == [m.end() - 1 for m in RE_PAGE_START.finditer(text)]
    for start in {0, *[i + 1 for i, ch in enumerate(text) if ch in "\f\n"]}:
        assert _title_block(text, start, opts) == _title_block_plain(text, start, opts)


def test_split_documents_on_real_pages_equals_the_plain_rule():
    from pathlib import Path

    from pipeline import Document, Pipeline
    from stages.split_documents import SplitOptions, _title_block, _title_block_plain, split_documents

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
                assert _title_block(text, at + 1, opts) == _title_block_plain(text, at + 1, opts)
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
    from stages.split_documents import SplitOptions, _title_block, _title_block_plain

    if odd is not None:
        titles.insert(at, odd)
    text = "正文。\n" + "\n".join([*titles, last]) + ("\n" if line_end else "")
    opts = SplitOptions(min_title_lines=min_lines)
    assert _title_block(text, 4, opts) == _title_block_plain(text, 4, opts)


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
