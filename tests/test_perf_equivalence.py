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
