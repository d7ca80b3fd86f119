"""Character classes and measures shared by the stages (compiled once, at import)."""

from __future__ import annotations

from typing import Iterator

import regex

# Han ideographs, kana, bopomofo, CJK symbols and punctuation (U+3000–303F), full-width
# forms (U+FF00–FFEF) and the CJK compatibility forms (U+FE30–FE4F).
CJK_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]"
RE_CJK = regex.compile(CJK_CHAR)
RE_HAN = regex.compile(r"\p{Han}")

# Punctuation that ends a sentence, optionally followed by closing quotes or brackets.
SENTENCE_END = "。！？!?…．"
CLOSERS = "”’」』）)》〉】\"'"
RE_SENTENCE_END = regex.compile(rf"[{SENTENCE_END}][{regex.escape(CLOSERS)}]*$|(?<![A-Z])\.[{regex.escape(CLOSERS)}]*$")

_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CLOSERS_DOT_NEWLINE = frozenset(CLOSERS + ".\n")


def ends_sentence(text: str) -> bool:
    """`RE_SENTENCE_END.search(text)`, without scanning the line: look at its end only.

    The sentence mark is the last character before any closing quotes or brackets; a full
    stop counts unless an ASCII capital precedes it (an initial, "U.S.").

    >>> [ends_sentence(s) for s in ["会议结束。”", "见第3页", "Mr. J.", "end.)", "……"]]
    [True, False, False, True, True]
    """
    if not text:
        return False
    last = text[-1]
    if last in SENTENCE_END:
        return True
    if last not in _CLOSERS_DOT_NEWLINE:
        return False  # what follows reads no further than the last character
    t = (text[:-1] if last == "\n" else text).rstrip(CLOSERS)  # $ matches before a final \n
    if not t:
        return False
    last = t[-1]
    if last in SENTENCE_END:
        return True
    return last == "." and (len(t) < 2 or t[-2] not in _UPPER)


# Punctuation East Asian Width calls "ambiguous" that is full-width in Chinese text.
CJK_AMBIGUOUS = "“”‘’—…·"


def width(s: str) -> int:
    """Display columns of `s`, fast: a 3- or 4-byte UTF-8 character counts two columns.

    That is the East Asian width of ideographs and full-width punctuation, and of “”—…
    as Chinese typesetting sets them; 2-byte characters (é, ü, Greek) count 1.5.
    """
    n = len(s)
    return n + (len(s.encode("utf-8")) - n) // 2


def is_cjk(ch: str) -> bool:
    """True for ideographs, kana, CJK and full-width punctuation, and “”‘’—…·."""
    if "\u4e00" <= ch <= "\u9fff":
        return True  # the common ideographs, without the regex
    return bool(ch) and (ch in CJK_AMBIGUOUS or RE_CJK.match(ch) is not None)

# A line of numbers only (a table cell, a list number, a folio): no title, no header.
RE_NUMBERS_ONLY = regex.compile(r"[\d\s.,%]+")


def finditer_at(pattern: regex.Pattern[str], text: str, starts: tuple[str, ...]) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)` for a pattern that matches (never empty) exactly where one of
    the strings `starts` begins: str.find jumps to each, where a regex scan tries every character."""
    nearest = {s: text.find(s) for s in starts}
    pos = 0
    while True:
        for s, at in nearest.items():
            if 0 <= at < pos:
                nearest[s] = text.find(s, pos)
        found = [at for at in nearest.values() if at >= 0]
        if not found:
            return
        m = pattern.match(text, min(found))
        assert m is not None and m.end() > m.start(), "a start without a match"
        yield m
        pos = m.end()
