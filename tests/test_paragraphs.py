"""Paragraph breaks the quality corpus showed wrong (issue #5), each on real-looking text.

Every case runs the whole default pipeline and checks the paragraphs it returns.
"""

from __future__ import annotations

from pipeline import clean
from stages._text import width

NO_BREAK_BEFORE = "，。、；：！？）”’》"


def _wrap(paragraph: str, full: int, first: int) -> list[str]:
    """Lines of at most `full` columns (the first at most `first`); closing marks never start a line."""
    lines, cur, used, limit = [], "", 0, first
    for ch in paragraph:
        w = width(ch)
        if used + w > limit and cur and ch not in NO_BREAK_BEFORE:
            lines.append(cur)
            cur, used, limit = "", 0, full
        cur += ch
        used += w
    return lines + [cur]


RIVER = [
    "南河原来不叫南河。祖父说，在他小时候，这条河叫清水河，因为河水清得能看见河底的石头，夏天的傍晚，整条街的孩子都在河里洗澡。",
    "后来上游建了几家工厂，河水一年比一年浑，名字也就慢慢没人叫了。大家只说“南边那条河”，说得久了，就成了南河。",
    "去年秋天回家，我特意沿着南河走了一趟。河边修了步道，种了柳树和桂花，晚上有人跳舞，有人钓鱼，有人推着婴儿车慢慢地走。",
    "我站在一旁，很想告诉他们，这条河还有一个更老的名字。可是话到嘴边又咽了回去。名字是会变的，河也是会变的，只要河还在流就好。",
    "写到这里，我忽然想起祖父常说的一句话：“水是不会回头的，人也一样。”他说这话的时候总是望着河面，好像在等什么人。",
    "祖父去世那年，河上的老桥也拆了。新桥是水泥的，又宽又直，车可以开过去，可是再也没有人在桥上乘凉了。",
    "母亲说，老桥拆的那天，很多老人都去看了，有人还带了小板凳，一直坐到天黑，好像在给一个老朋友送行。",
    "今年春天，南河边立了一块牌子，上面写着这条河的来历，第一行就是“旧称清水河”。我站在牌子前看了很久。",
]


def _layout_lines(paragraphs: list[str]) -> list[str]:
    """pdftotext -layout lines: 52 columns, a first line indented by two spaces (and so 48 wide)."""
    lines = []
    for p in paragraphs:
        wrapped = _wrap(p, 52, 48)
        lines += ["  " + wrapped[0], *wrapped[1:]]
    return lines


def _pages(lines: list[str], cuts: list[int], header: str) -> str:
    """The lines cut into pages before each index in `cuts`: a page number under each page and
    a running header over every page after the first."""
    out = []
    for n, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(lines)]), start=1):
        head = [f"{' ' * 21}{header}", ""] if n > 1 else []
        out.append("\n".join([*head, *lines[a:b], "", "", f"{' ' * 12}{n}", ""]))
    return "\f".join(out)


def _paragraphs(text: str) -> list[str]:
    return [p for d in clean(text) for p in d.paragraphs]


def test_indent_taken_with_a_running_header_still_opens_a_paragraph():
    # A page's first line lost its indent with the header removed above it; it is short by
    # the indent and broken between two ideographs, after a line that ended a sentence.
    lines = _layout_lines(RIVER)
    firsts = [k for k, line in enumerate(lines) if line.startswith("  ")]
    assert _paragraphs(_pages(lines, [firsts[2], firsts[3], firsts[5], firsts[7]], "南河旧事")) == RIVER


def test_a_page_that_opens_inside_a_paragraph_gets_no_indent():
    lines = _layout_lines(RIVER)
    firsts = [k for k, line in enumerate(lines) if line.startswith("  ")]
    assert _paragraphs(_pages(lines, [firsts[2] + 1, firsts[3] + 2, firsts[5] + 1, firsts[7] + 1], "南河旧事")) == RIVER
