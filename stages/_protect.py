"""Spans of text whose characters are syntax, not prose: no stage may edit inside them.

URLs, e-mail addresses, Unix and Windows paths, inline and fenced code, and function-call
syntax whose arguments hold no bare Han (print("你好") is code; Python(一种语言) is prose).
"""

from __future__ import annotations

import regex

# Each pattern starts at a character that is rare in prose (` h f w @ / : ( ), and the e-mail and
# call patterns are extended leftwards by hand, so prose costs one scan per pattern.
_URL = r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#@$&*+=%]"
_CODE = r"```[^\n]*\n(?s:.*?)```|`[^`\n]+`"
_WIN_PATH = r"[A-Za-z]:\\[A-Za-z0-9_.\-\\ ]*[A-Za-z0-9_\-\\]"
RE_CODE = regex.compile(_CODE)
RE_URL = regex.compile(_URL)
RE_WIN_PATH = regex.compile(_WIN_PATH)
RE_EMAIL_DOMAIN = regex.compile(r"@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
RE_EMAIL_LOCAL = regex.compile(r"[A-Za-z0-9._%+\-]+$")
# Later segments may be Han (/home/用户); the first must be Latin, so 和/或 is not a path.
RE_PATH = regex.compile(r"/[A-Za-z0-9_.\-]+(?:/(?:[A-Za-z0-9_.\-]+|\p{Han}+[A-Za-z0-9_.\-]*))*/?")
RE_PATH_PREFIX = regex.compile(r"(?:~|\.{1,2})$")
RE_CALL_ARGS = regex.compile(r"\((?:[^()\n\"'\p{Han}]|\"[^\"\n]*\"|'[^'\n]*')*\)")
RE_CALL_NAME = regex.compile(r"[A-Za-z_][A-Za-z0-9_.]*$")
# The rest of an IRI after / = #: no whitespace or full-width punctuation, and ASCII , ; . ! ?
# only between Latin letters or digits (…/汉字,请参考 ends before the comma).
RE_IRI_TAIL = regex.compile(
    r"(?:[^\s,;.!?\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—]|(?<=[A-Za-z0-9])[,;.!?](?=[A-Za-z0-9]))*"
)
RE_TRAILING_PUNCT = regex.compile(r"[.,:;?!)\]'\"]*$")
_RE_ALNUM = regex.compile(r"[A-Za-z0-9]")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged spans of URLs, e-mail addresses, paths, code and call syntax."""
    spans: list[tuple[int, int]] = []
    for gate, pattern in ((("`",), RE_CODE), ((":\\",), RE_WIN_PATH)):
        if any(g in text for g in gate):
            spans += [m.span() for m in pattern.finditer(text)]
    if "://" in text or "www." in text:
        for m in RE_URL.finditer(text):
            # An IRI may hold Han in a path segment or value (…/wiki/汉字): after / = or # the
            # address runs on to whitespace or full-width punctuation, which no address holds.
            # Han right after a letter is prose (…com获取信息).
            end = m.end()
            if text[end - 1] in "/=#":
                run = RE_IRI_TAIL.match(text, end)
                end = run.end() - len(RE_TRAILING_PUNCT.search(run.group()).group())
            spans.append((m.start(), end))
    if "@" in text:
        for m in RE_EMAIL_DOMAIN.finditer(text):
            local = RE_EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
            if local:
                spans.append((local.start(), m.end()))
    if "/" in text:
        for m in RE_PATH.finditer(text):
            a = m.start()
            prefix = RE_PATH_PREFIX.search(text, max(0, a - 2), a)
            if prefix:
                a = prefix.start()
            if not (a and _RE_ALNUM.match(text[a - 1])):  # km/h and 3/4 are not paths
                spans.append((a, m.end()))
    if "(" in text:
        for m in RE_CALL_ARGS.finditer(text):
            name = RE_CALL_NAME.search(text, max(0, m.start() - 64), m.start())
            if name and not (name.start() and _RE_ALNUM.match(text[name.start() - 1])):
                spans.append((name.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
