"""Punctuation in CJK context: conversions, the traps that must stay ASCII, options, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.document import apply_edits
from stages.punctuation import PunctuationOptions, punctuation

from .conftest import FIXTURES


def run(text: str, **opts) -> str:
    return clean(text + "\n", stages=["punctuation"], options={"punctuation": opts})[0].text[:-1]


@pytest.mark.parametrize(
    "before, after",
    [
        ("他说:今天很好,明天也好;后天呢?真好!", "他说：今天很好，明天也好；后天呢？真好！"),
        ("今天很好.", "今天很好。"),
        ("气温(摄氏)很低", "气温（摄氏）很低"),
        ("北京(Beijing)是首都.", "北京（Beijing）是首都。"),
        ("使用Python, 然后", "使用Python，然后"),
        ("更新到v1.2.3.", "更新到v1.2.3。"),
        ("增长了5%.", "增长了5%。"),
        ("他说 , 我们 。", "他说，我们。"),
        ('他说:"你好".', "他说：“你好”。"),
        ("他说'你好'", "他说‘你好’"),
        ("等等...然后", "等等……然后"),
        ("未完⋯⋯", "未完……"),
        ("他说…我", "他说……我"),
        ("中国--世界", "中国——世界"),
        ("中国──世界", "中国——世界"),
        ("２０２０年ＡＢＣ", "2020年ABC"),
    ],
)
def test_converts(before, after):
    assert run(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "圆周率3.14和时间10:30和比分3:2",
        "收入1,234,567元",
        "1.总则",
        "版本v1.2.3发布",
        "https://example.com/a?b=1,c=2",
        "联系a.b@c.d",
        "查看/var/log/apt/term.log",
        r"运行C:\Program Files\app.exe",
        '运行`echo "a, b."`命令',
        '调用print("你好,世界")函数',
        "函数f(x)的值",
        "他说:To be, or not to be: that is the question.",
        "English ellipsis... and -- dashes stay.",
        'He said "hello" to me.',
        "It's John's book, don't touch it.",
        '不成对的"引号',
        "汇集—分析—研判",
        "习近平：携手抗疫 共克时艰",
        "新华社北京3月4日电 中共中央政治局",
        "在 Debian 系统上使用 apt-get 命令",
        "单位km/h和比例3/4",
        "命令--help和--version",
    ],
)
def test_traps_keep_their_ascii(text):
    out = run(text)
    # Only the punctuation *outside* each trap may change; the trap itself is kept verbatim.
    for token in ("3.14", "10:30", "3:2", "1,234,567", "1.总", "v1.2.3", "b=1,c=2", "a.b@c.d", "/var/log/apt/term.log",
                  r"C:\Program Files\app.exe", '`echo "a, b."`', 'print("你好,世界")', "f(x)", "To be, or not to be: that",
                  "English ellipsis... and -- dashes stay.", 'He said "hello" to me.', "It's John's book, don't",
                  '"引号', "汇集—分析—研判", "携手抗疫 共克时艰", "电 中共", "在 Debian 系统上使用 apt-get 命令", "km/h", "3/4", "--help和--version"):
        if token in text:
            assert token in out, (text, out)


def test_quote_styles():
    text = "他说：“她告诉我‘明天见’。”又说「引文」"
    assert run(text, quotes="corner") == "他说：「她告诉我『明天见』。」又说「引文」"
    assert run(text, quotes="curly") == "他说：“她告诉我‘明天见’。”又说“引文”"
    assert run(text) == text  # keep
    # ASCII quotes take the style the text already uses.
    assert run('「甲」「乙」和"丙"') == "「甲」「乙」和「丙」"
    assert run('“甲”和"丙"') == "“甲”和“丙”"
    # English quotes and apostrophes stay under corner.
    assert run("He said “hi” and don’t.", quotes="corner") == "He said “hi” and don’t."


def test_cjk_latin_space():
    assert run("在Debian上用apt-get装3个包", cjk_latin_space="add") == "在 Debian 上用 apt-get 装 3 个包"
    assert run("在 Debian 上用 apt-get 装 3 个包", cjk_latin_space="remove") == "在Debian上用apt-get装3个包"
    assert run("在 Debian 上用apt-get") == "在 Debian 上用apt-get"  # keep


def test_ocr_spaced_lines_lose_their_spaces_real_spaces_stay():
    assert run("中 共 中 央 政 治 局 3 月 4 日 召 开 会 议 , 研 究 工 作 。") == "中共中央政治局3月4日召开会议，研究工作。"
    # Two spaced pairs in an otherwise tight line are typesetting, not OCR.
    assert run("第一章 总则 第一条") == "第一章 总则 第一条"


def test_letter_spacing_of_a_justified_line_goes_in_prose_real_gaps_stay():
    # pdftotext and pypdf spread a justified line's slack between characters (bench/corpus: mixed.C).
    spread = "桥上的灯很亮，照得河水 一 闪 一 闪 的。有 一 个 孩 子 问 他的父亲：为什么河水会动？他说不知道。"
    assert run(spread) == "桥上的灯很亮，照得河水一闪一闪的。有一个孩子问他的父亲：为什么河水会动？他说不知道。"
    assert run("日期 格式 是另 一个 重灾 区。同一个日期，美国与英国的写法相反。") == "日期格式是另一个重灾区。同一个日期，美国与英国的写法相反。"
    # Spaces beside full-width punctuation are the same slack and count towards a run
    # (mixed.B.pdftotext: `，中 国写 作`, `规 则 。 The`); the CJK–digit spaces stay (keep).
    assert run("美国写作 3/6/2020，英国写作 6/3/2020 ，中 国写 作 2020 年 3 月 6 日， 而 ISO 8601 写作 2020-03-06。") == (
        "美国写作 3/6/2020，英国写作 6/3/2020，中国写作 2020 年 3 月 6 日，而 ISO 8601 写作 2020-03-06。"
    )
    assert run("混排时要同时遵守两套规 则 。 The Unicode Line Breaking Algorithm describes them.") == (
        "混排时要同时遵守两套规则。The Unicode Line Breaking Algorithm describes them."
    )
    # One gap, or two a word apart, in prose: a dateline and a list of issuing bodies.
    dateline = "新华社北京3月4日电 中共中央 国务院近日印发了意见，要求各地认真贯彻落实。"
    assert run(dateline) == dateline
    # Lines without a clause mark are headings, signatures, table rows: their gaps stay.
    assert run("第三章 安装 与 配置 文本 编辑器") == "第三章 安装 与 配置 文本 编辑器"


def test_widened_word_gaps_of_justified_latin_prose_become_one_space():
    # pdfminer and pypdf write a justified line's stretched gaps (bench/corpus: en-prose.A.pdfminer).
    line = "choose  the  arrangement   with  the  lowest   total   demerits.  The   result   is good."
    assert run(line) == "choose the arrangement with the lowest total demerits. The result is good."
    assert run("他说  Hello,  world.  This  is  a  test  of  gaps.") == "他说  Hello, world. This is a test of gaps."
    # Table rows and command lines have no prose punctuation: their alignment stays.
    for kept in ("Config      Plugins    Startup time", "apt-get install  vim   git   curl  # editors, tools"):
        assert run(kept) == kept


def test_spaces_an_extractor_put_after_latin_runs_only_go():
    # PyMuPDF writes a space after each run of digits and none before (bench/corpus: zh-compilation.A.pymupdf).
    one_sided = "决定于2020 年4 月至6 月开展行动，请于每月25 日前报送。"
    assert run(one_sided) == "决定于2020年4月至6月开展行动，请于每月25日前报送。"
    # Spacing on both sides is the author's style (and --cjk-latin-space decides what to do with it).
    both = "插件数从 4 个增加到 27 个，启动时间是 35 毫秒。"
    assert run(both) == both
    assert run("使用Python 编程") == "使用Python 编程"  # one space is no evidence


def test_ocr_space_inside_a_table_cell_goes_cell_gaps_stay():
    row = "月份              收書 （冊）      售書（冊） 收\n入 （元）\n一月   412   356"
    assert run(row) == "月份              收書（冊）      售書（冊） 收\n入（元）\n一月   412   356"
    # A row set with single spaces: that space may be the gap between two cells.
    assert run("月份 收書 （冊） 售書 （冊）") == "月份 收書 （冊） 售書 （冊）"


def test_options_switch_each_part_off():
    text = "他说:你好... 中 文 之 间 空 格 ２０２０"
    assert ":" in run(text, cjk_punctuation=False)
    assert "..." in run(text, ellipsis_dash=False)
    assert "中 文 之 间" in run(text, cjk_spaces=False)
    assert "２０２０" in run(text, fullwidth_alnum=False)


def test_latin_text_is_untouched():
    text = (FIXTURES / "latin-prose" / "input.txt").read_text(encoding="utf-8")
    assert punctuation(text, PunctuationOptions()) == []


def test_sample_is_already_clean():
    # The real sample is typeset Chinese: nothing to convert, its spaces are real.
    text = (FIXTURES / "zh-speeches-2020" / "input.txt").read_text(encoding="utf-8")
    assert punctuation(text, PunctuationOptions()) == []


PIECES = ["中", "文", "，", "。", "“", "”", "(", ")", ",", ".", ":", "?", '"', "'", " ", "  ", "a", "B", "3", "14",
          "...", "--", "—", "…", "https://x.io/a", "a@b.cd", "/usr/bin", "`x,y`", "f(x)", "２", "\n", "「", "」"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.sampled_from(["keep", "curly", "corner"]), st.sampled_from(["keep", "add", "remove"]))
def test_edits_fit_and_a_second_pass_changes_nothing(pieces, quotes, spacing):
    text = "".join(pieces)
    opts = PunctuationOptions(quotes=quotes, cjk_latin_space=spacing)
    edits = punctuation(text, opts)
    assert all(a.end <= b.start and (a.end < b.start or a.start < a.end or b.start < b.end) for a, b in zip(edits, edits[1:]))
    once = apply_edits(text, edits)
    assert punctuation(once, opts) == [], (text, once)


def test_cli_flags_map_onto_stage_options():
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    args = ["clean", "-", "--stdout", "--stages", "punctuation"]
    result = runner.invoke(app, [*args, "--quotes", "corner", "--cjk-latin-space", "add"], input='他说:"用Python写".\n')
    assert result.exit_code == 0, result.output
    assert result.stdout == "他说：「用 Python 写」。\n"
    # An explicit --option wins over the flag.
    result = runner.invoke(app, [*args, "--quotes", "corner", "--option", "punctuation.quotes=curly"], input='他说:"你好".\n')
    assert result.stdout == "他说：“你好”。\n"
    result = runner.invoke(app, [*args, "--quotes", "fancy"], input="x\n")
    assert result.exit_code == 2 and "punctuation.quotes must be one of keep, curly, corner" in result.stderr


def test_ocr_misread_bracket_pair_in_chinese_is_repaired():
    # tesseract read （ as 〈 and ） as ): a pair 〈…) inside Chinese becomes （…）.
    out = clean("剩下的几个问题〈双向文本、字体回退和排序规则) 留到下一次再讲。\n", stages=["punctuation"])[0].text
    assert out == "剩下的几个问题（双向文本、字体回退和排序规则）留到下一次再讲。\n"
    latin = clean("测试时使用伪本地化〈pseudo-localization)，把字符串加长。\n", stages=["punctuation"])[0].text
    assert latin == "测试时使用伪本地化（pseudo-localization），把字符串加长。\n"
    # Real angle brackets, and the pair outside Chinese, stay.
    for kept in ("数学里〈a, b〉表示内积。\n", "Angle 〈x) is odd.\n"):
        assert clean(kept, stages=["punctuation"])[0].text == kept
