"""Fast paths written for speed agree with the definitions they replace, on any input: page_furniture."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st


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
    """`_headers` as first written: every page edge's form read, on the model of every line
    (the removals decided from them by the same `_running`)."""
    from stages.page_furniture import _forms, _furniture_like, _running

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
    return _running(pages, hits, need, of_parity)


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
