"""Paragraph breaks the quality corpus showed wrong (issue #5), each on real-looking text.

Every case runs the whole default pipeline and checks the paragraphs it returns.
"""

from __future__ import annotations

import re

from pipeline import clean

from .conftest import ROOT
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


def _wrap_mixed(paragraph: str, full: int, first: int) -> list[str]:
    """Like `_wrap`, but a run of ASCII letters, digits and `/.,:-` (a word, a date, a number)
    moves down whole, with the space before it left at the line end."""
    units = re.findall(r" ?[A-Za-z0-9/.,:\-]+[，。、；：！？）”’》]*|.[，。、；：！？）”’》]*", paragraph)
    lines, cur, limit = [], "", first
    for unit in units:
        if width(cur + unit.rstrip()) > limit and cur:
            lines.append(cur.rstrip())
            cur, limit = unit.lstrip(), full
        else:
            cur += unit
    return lines + [cur]


LOCALIZATION = [
    "很多程序把数字和单位直接拼在字符串里，例如“共 3 个文件”，这在中文里没有问题，到了俄文里就要按数字选择不同的词形，波兰文和阿拉伯文更复杂。",
    "日期格式是另一个重灾区。同一个日期，美国写作 3/6/2020，英国写作 6/3/2020，中国写作 2020 年 3 月 6 日，而 ISO 8601 写作 2020-03-06。这些格式都应该交给本地化库处理。",
    "货币也一样。金额的小数位数、货币符号的位置、负数的写法，各个地区都有自己的习惯，程序里最好只保存数值和货币代码，显示时再交给库去格式化。",
    "最后是排序。中文按拼音排序还是按笔画排序，德文里的变音字母排在哪里，这些规则都写在 CLDR 里，不要自己去发明一套。",
]


def test_a_date_that_did_not_fit_on_an_indented_first_line_continues_it():
    # The indented first line is short because `3/6/2020，` (one unit) did not fit.
    lines = []
    for p in LOCALIZATION:
        wrapped = _wrap_mixed(p, 55, 50)
        lines += ["     " + wrapped[0], *wrapped[1:]]
    assert any(line.endswith("美国写作") for line in lines)
    assert _paragraphs("\n".join(lines) + "\n") == LOCALIZATION


VIM = [
    "3.3 插件与启动时间",
    "插件装得越多，Vim 启动得就越慢。我们的建议是只安装真正用得上的插件，把启动时间控制在 100 毫秒以内。按照本章的基本配置，实测的启动时间是 35",
    "3.4 多人共用时的注意事项",
    "在多人共用的服务器上，每个人都应该只修改自己家目录下的配置文件，不要改动系统级的配置。需要给所有人统一设置的选项，应当由管理员写进系统配置。",
    "最后提醒一点：修改配置之前，请先保留一个已经登录的会话，确认新的配置能够正常登录以后再退出，否则就会被锁在外面。更多的细节可以参考 Debian 官方文档 https://www.debian.org/doc/ 中的相关章节。",
]


def _pymupdf_pages(paragraphs: list[list[str]]) -> str:
    """PyMuPDF: 52 columns, no indent, no blank lines, pages apart by form feeds; an address
    breaks after `//`."""
    pages = []
    for page in paragraphs:
        lines = []
        for p in page:
            lines += _wrap_mixed(p.replace("https://", "https:// "), 52, 52)
        pages.append("\n".join(line.replace("https:// ", "https://") for line in lines) + "\n")
    return "\f".join(pages)


def test_a_numbered_section_heading_after_a_page_break_stays_apart():
    # The paragraph before stops without a full stop (`是 35`), the page breaks, and the
    # next page opens with `3.4 …`: a heading, not the end of that sentence.
    text = _pymupdf_pages([VIM[:2], VIM[2:]])
    assert "是 35\n\f3.4 " in text
    assert _paragraphs(text) == VIM


def test_an_address_cut_after_its_slashes_continues_on_the_next_line():
    text = _pymupdf_pages([VIM])
    assert "https://\nwww." in text
    paragraphs = _paragraphs(text)
    assert paragraphs[-1] == VIM[-1]


ESSAY = [
    "The counts per hundred pages are shown below. The most striking result was not the number of "
    "interruptions but their distribution: two manuals accounted for almost half of all hyphenated "
    "line ends, because they were typeset in narrow columns. The total number of interruptions we "
    "marked by hand was 1987",
    "Cleaning extracted text is not glamorous work, but every search index, every translation memory "
    "and every language model trained on such text inherits the mistakes that were left in it.",
]


def _wrap_words(paragraph: str, full: int) -> list[str]:
    lines, cur = [], ""
    for word in paragraph.split():
        if cur and len(cur) + 1 + len(word) > full:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return lines + [cur]


def test_a_number_that_ends_a_sentence_alone_on_the_next_line_is_joined_to_it():
    # pdftotext wrote a hyphenated line and the next as one row: the row before `1987` is
    # too wide to tell how full its last printed line was.
    first = [
        "The counts per hundred pages are shown below. The most striking",
        "result was not the number of interruptions but their distribution:",
        "two manuals accounted for almost half of all hyphenated line ends,",
        "because they were typeset in narrow columns. The total number of interruptions we marked by hand was",
        "1987",
    ]
    assert " ".join(first) == ESSAY[0]
    lines = [*first, "", *_wrap_words(ESSAY[1], 64), ""]
    assert _paragraphs("\n".join(lines)) == ESSAY


def test_a_table_header_row_before_a_page_break_is_not_joined_to_the_first_row():
    # pdftotext wrote the cells one per line, row by row; the page breaks after the header.
    intro = " ".join(ESSAY[::-1]) + " The counts per hundred pages are shown below, averaged over all manuals:"
    text = (
        "\n".join(_wrap_words(intro, 64)) + "\n"
        "Interruption\nPer 100 pages\nShare removed\n\f"
        "Hyphenated line ends\n412\n71%\nRunning headers\n96\n88%\nPage numbers\n100\n97%\n"
        "The most striking result was not the number of interruptions but their distribution.\n"
    )
    assert _paragraphs(text)[1:5] == [
        "Interruption Per 100 pages Share removed",
        "Hyphenated line ends 412 71%",
        "Running headers 96 88%",
        "Page numbers 100 97%",
    ]


def test_a_table_rows_last_cell_on_an_indented_line_of_its_own_goes_back_on_its_row():
    # pdftotext -layout wrote the last column a little lower, as lines of their own.
    prose = "周伯的帳記在一本厚厚的筆記本上，字寫得很小，很工整。有一次他給我看過一年的帳，我把幾個數字抄了下來："
    after = "他笑著說，這樣的帳算不上生意，只能算是一種生活。房租這幾年漲了不少，書卻越來越難賣，他能撐下去，靠的是自己的退休金。"
    table = [
        "月份          收書（冊）    售書（冊）",
        "            收入（元）",
        "一月          412      356",
        "            10,680",
        "二月          655      598",
        "            17,940",
        "三月          230      271   8,130",
    ]
    before = [line for p in [*RIVER[:4], prose] for line in _wrap(p, 52, 52)]
    text = "\n".join([*before, *table, *_wrap(after, 52, 52)]) + "\n"
    paragraphs = _paragraphs(text)[4:]
    assert [" ".join(p.split()) for p in paragraphs[1:5]] == [
        "月份 收書（冊） 售書（冊） 收入（元）",
        "一月 412 356 10,680",
        "二月 655 598 17,940",
        "三月 230 271 8,130",
    ]
    assert paragraphs[0] == prose and paragraphs[5] == after


def test_a_salutation_after_a_finished_sentence_opens_a_paragraph():
    # en-prose.B (pdftotext -layout, PyMuPDF): block paragraphs, no indent, and the sentence
    # before the letter's salutation happens to reach the margin.
    text = (
        "A typesetter breaks a paragraph into lines of roughly equal width.\n"
        "Modern systems evaluate thousands of possible breakpoints, penalising\n"
        "overfull lines, excessive hyphenation and consecutive hyphens, and\n"
        "choose the arrangement with the lowest total demerits. The interruptions\n"
        "are systematic, which means they can be removed systematically, provided\n"
        "that the cleaner respects the evidence and leaves alone whatever it\n"
        "cannot explain, which is all that a careful reader could ever ask of it.\n"
        "Dear reader, if you have followed this essay to its end, you have\n"
        "already done what every good cleaner does: you have read through the\n"
        "interruptions without noticing most of them.\n"
    )
    assert [p[:12] for p in clean(text)[0].paragraphs] == ["A typesetter", "Dear reader,"]
    # After a line that does not end a sentence it is just words.
    assert len(clean(text.replace("ask of it.\nDear", "ask of its\ndear"))[0].paragraphs) == 1


PROSE_BEFORE = "\n".join(_wrap(RIVER[0] + RIVER[1], 40, 40)) + "\n\n" + (
    "为了比较三种配置的差别，我们在同一台服务器上做了一个\n"
    "简单的测试，每种配置启动十次，取平均值，结果如下表所\n"
    "示（单位为毫秒）：\n"
)
PROSE_AFTER = "可以看到，插件数从4个增加到27个以后，启动时间增加了五倍多，这个差别在日常的运维工作中是能够感觉到的。\n"


def _table_rows(cells: list[str], first: str, blank: bool = False) -> list[str]:
    """The four paragraphs from the one that starts with `first`, of prose, the cells, prose."""
    sep = "\n\n" if blank else "\n"
    paragraphs = clean(PROSE_BEFORE + sep + sep.join(cells) + sep + PROSE_AFTER)[0].paragraphs
    assert first in paragraphs, paragraphs
    return paragraphs[paragraphs.index(first) :][:4]


def test_a_table_written_column_by_column_is_rebuilt_into_rows():
    rows = ["配置 插件数 启动时间", "默认配置 0 18", "基本配置 4 35", "完整配置 27 212"]
    # pdfminer (bench/corpus zh-tech.*.pdfminer): the first column, the other headers, then the
    # other columns' numbers; 3 columns × 4 rows and 4 × 3 both fit the counts, and the row
    # labels that share 配置 decide.
    cells = ["配置", "默认配置", "基本配置", "完整配置", "插件数", "启动时间", "0", "4", "27", "18", "35", "212"]
    assert _table_rows(cells, rows[0], blank=True) == rows
    # Each column under its own header (en-prose.*.pdfminer).
    cells = ["Interruption", "Hyphenated line ends", "Running headers", "Page numbers",
             "Per 100 pages", "412", "96", "100", "Share removed", "71%", "88%", "97%"]
    assert _table_rows(cells, "Interruption Per 100 pages Share removed", blank=True) == [
        "Interruption Per 100 pages Share removed", "Hyphenated line ends 412 71%",
        "Running headers 96 88%", "Page numbers 100 97%",
    ]


def test_a_table_written_row_by_row_is_not_transposed():
    # Row by row, the same cells also fit a column reading: rows win, as extractors mostly write them.
    cells = ["配置", "插件数", "启动时间", "默认配置", "0", "18", "基本配置", "4", "35", "完整配置", "27", "212"]
    rows = ["配置 插件数 启动时间", "默认配置 0 18", "基本配置 4 35", "完整配置 27 212"]
    assert _table_rows(cells, rows[0]) == rows


def test_a_spaced_date_line_ends_its_document_even_when_set_flush_right():
    # pdftotext -layout sets the date under a notice flush right (so it reaches the margin) and
    # spaces its digits from the ideographs; the next page's running header and folio go, and
    # the next document's title follows the date directly.
    raw = (ROOT / "bench" / "corpus" / "raw" / "zh-compilation.C.pdftotext-layout.txt").read_text(encoding="utf-8")
    docs = clean(raw)
    assert [d.title for d in docs] == ["扎实做好春季农业生产工作", "关于开展全县河道清洁行动的通知", "致全县返乡青年的一封信"]
    assert docs[1].paragraphs[-1] == "2020 年 3 月 20 日"


def test_a_latin_title_line_over_a_chinese_one_is_a_bilingual_title_block():
    # mixed.C: the English title reaches the margin of a CJK layout (44 columns of 46); the
    # next line is Chinese: a title block in two scripts, not one wrapped line.
    title = ["软件本地化中的十个常见问题", "Ten Common Problems in Software Localization", "2021 年团队内部分享"]
    lines = [*title]
    for p in LOCALIZATION:
        lines += [*_wrap_mixed(p, 46, 46), ""]  # paragraphs set apart by space, as in mixed.C
    assert max(width(line) for line in lines) == 46 and width(title[1]) == 44
    assert _paragraphs("\n".join(lines) + "\n") == title + LOCALIZATION


NOTICE = [
    "为进一步改善农村人居环境，经县政府研究，决定于2020年4月至6月在全县开展河道清洁行动。现将有关事项通知如下：",
    "一、各乡镇要在2020年4月15日前完成辖区内河道的摸底排查，建立问题清单，明确责任人和完成时限，做到不漏一河、不漏一段。",
    "二、请各乡镇于每月25日前将工作进展报送县水利局，县水利局每月汇总一次，并在全县范围内通报，对进度落后的乡镇进行督办。",
]


def test_a_line_opening_with_a_number_after_pymupdf_spacing_takes_no_space():
    # PyMuPDF writes a space after every digit run and none before (于2020 年4 月); a join
    # before a number that opens a line adds none either, so the one-sided spaces can go.
    raw = [re.sub(r"([0-9]+)(?=[\u4e00-\u9fff])", r"\1 ", p) for p in NOTICE]
    lines = [line for p in raw for line in _wrap_mixed(p, 46, 46)]
    assert lines[0].endswith("决定于") and lines[1].startswith("2020 年4 月")
    assert _paragraphs("\n".join(lines) + "\n") == NOTICE
