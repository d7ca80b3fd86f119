"""Hypothesis strategies: wrapped Chinese and Latin text with the artifacts of PDF extraction.

A page is paragraphs of sentences wrapped at a width (CJK characters count two columns),
then spoiled the way extractors spoil it: page numbers on their own lines, blank lines, form
feeds between pages, leading spaces, half-width punctuation in Chinese, CRLF line ends.
Used by tests/test_properties.py (small, fast) and bench/fuzz.py (long runs).
"""

from __future__ import annotations

from hypothesis import strategies as st

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
LATIN_WORDS = (
    "the of and to in is that for it as with was on be by this are from at an not or which have "
    "text page line paragraph extraction document chapter section table figure install system "
    "well-known state-of-the-art e-mail data model value result process output input"
).split()


@st.composite
def chinese_sentence(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet=HAN, min_size=2, max_size=30))
    # Half-width punctuation inside, as OCR leaves it, and sometimes a number or Latin word.
    if len(body) > 6 and draw(st.booleans()):
        k = draw(st.integers(1, len(body) - 1))
        body = body[:k] + draw(st.sampled_from(["，", ",", "、", "：", ":", "；", " 2020 ", "PDF", "3.5", "(注)", "（一）"])) + body[k:]
    return body + draw(st.sampled_from(["。", "。", "！", "？", ".", "!", "……", "...", "”。"]))


@st.composite
def latin_sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(LATIN_WORDS), min_size=2, max_size=12))
    words[0] = words[0].capitalize()
    if len(words) > 3 and draw(st.booleans()):
        words[1] += draw(st.sampled_from([",", ";", ":", " (1)", " 3.14"]))
    return " ".join(words) + draw(st.sampled_from([".", ".", "?", "!", ":"]))


@st.composite
def paragraph(draw: st.DrawFn) -> tuple[str, bool]:
    """Sentences of one language: (text, is_cjk)."""
    cjk = draw(st.booleans())
    sentence = chinese_sentence() if cjk else latin_sentence()
    sentences = draw(st.lists(sentence, min_size=1, max_size=4))
    return ("" if cjk else " ").join(sentences), cjk


def _columns(ch: str) -> int:
    return 2 if ord(ch) > 0x2E80 else 1


def wrap(text: str, width: int, cjk: bool) -> list[str]:
    """Hard-wrap at `width` columns: CJK anywhere, Latin at spaces (a long word stays whole)."""
    lines: list[str] = []
    if cjk:
        line, cols = "", 0
        for ch in text:
            if cols + _columns(ch) > width and line:
                lines.append(line)
                line, cols = "", 0
            line += ch
            cols += _columns(ch)
        lines.append(line)
        return lines
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


@st.composite
def extracted_text(draw: st.DrawFn) -> str:
    """A few pages of wrapped paragraphs with page numbers, blank lines, form feeds and indents."""
    width = draw(st.integers(12, 60))
    pages = []
    first_page = draw(st.integers(1, 300))
    for page_no in range(first_page, first_page + draw(st.integers(1, 3))):
        lines: list[str] = []
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["第一章 总则", "Chapter 2 Installing", "中共中央政治局召开会议", "INTRODUCTION"])))
        for text, cjk in draw(st.lists(paragraph(), min_size=1, max_size=3)):
            wrapped = wrap(text, width, cjk)
            indent = draw(st.sampled_from(["", "", "  ", "    ", "\u3000\u3000"]))
            wrapped[0] = indent + wrapped[0]
            lines += wrapped
            if draw(st.booleans()):
                lines.append("")
        style = draw(st.sampled_from(["none", "bare", "dashed", "page", "中文"]))
        number = {"none": None, "bare": f"{page_no}", "dashed": f"- {page_no} -", "page": f"Page {page_no}", "中文": f"第{page_no}页"}[style]
        if number is not None:
            lines.append(draw(st.sampled_from(["", " " * 20])) + number)
        # Random leading spaces and blank lines, as extractors scatter them.
        for _ in range(draw(st.integers(0, 2))):
            k = draw(st.integers(0, len(lines) - 1))
            lines[k] = draw(st.sampled_from([" ", "   ", "\t"])) + lines[k]
        for _ in range(draw(st.integers(0, 2))):
            lines.insert(draw(st.integers(0, len(lines))), "")
        pages.append("\n".join(lines))
    sep = draw(st.sampled_from(["\n\f", "\f", "\n\n", "\n"]))
    text = sep.join(pages) + draw(st.sampled_from(["\n", "", "\n\n", "\n\f"]))
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


# Anything at all, weighted towards the characters the stages look at.
SPECIAL = "\n\n\n\f\r\t  \u3000\ufeff。，、：；！？…—·“”（）《》,.:;!?()-–—0123456789０１２ＡＢ@/`'\"\\中文字第页章节一二三abcXYZ"
noise_text = st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(codec="utf-8"), max_size=300)
