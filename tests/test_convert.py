"""Script conversion: OpenCC's own test cases through the stage, protected spans, edits, round trip."""

from __future__ import annotations

import pickle

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Pipeline, clean
from pipeline.accounting import account
from pipeline.document import DeferredEdits, Edit, apply_edits
from pipeline.errors import ConfigError
from stages.convert import ConvertOptions, _changed_runs, convert

from .conftest import FIXTURES

# Lines of BYVoid/OpenCC test/testcases/{s2twp,s2t,tw2sp}.in and .ans (the expected outputs
# are OpenCC's, not ours; the installed opencc 1.4.2 agrees with each).
OPENCC_CASES = [
    ("s2twp", "鼠标里面的硅二极管坏了，导致光标分辨率降低。", "滑鼠裡面的矽二極體壞了，導致游標解析度降低。"),
    ("s2twp", "我们在老挝的服务器的硬盘需要使用互联网算法软件解决异步的问题。", "我們在寮國的伺服器的硬碟需要使用網際網路演算法軟體解決非同步的問題。"),
    ("s2twp", "为什么你在床里面睡着？", "為什麼你在床裡面睡著？"),
    ("s2twp", "海内存知己", "海內存知己"),
    ("s2t", "夸夸其谈 夸父逐日", "誇誇其談 夸父逐日"),
    ("s2t", "我干什么不干你事。", "我幹什麼不干你事。"),
    ("s2t", "太后的头发很干燥。", "太后的頭髮很乾燥。"),
    ("s2t", "燕燕于飞，差池其羽。之子于归，远送于野。", "燕燕于飛，差池其羽。之子于歸，遠送於野。"),
    ("s2t", "金胄不是金色的甲胄。", "金胄不是金色的甲冑。"),
    ("tw2sp", "滑鼠裡面的矽二極體壞了，導致游標解析度降低。", "鼠标里面的硅二极管坏了，导致光标分辨率降低。"),
    ("tw2sp", "用滑鼠點選正規表示式", "用鼠标点击正则表达式"),
]


def run(text: str, config: str) -> str:
    return clean(text, stages=["convert"], convert=config)[0].text


@pytest.mark.parametrize("config, before, after", OPENCC_CASES, ids=[f"{c}-{b[:6]}" for c, b, _ in OPENCC_CASES])
def test_opencc_test_cases(config, before, after):
    doc = clean(before + "\n", stages=["convert"], convert=config)[0]
    assert doc.text == after + "\n"
    assert doc.replay() == doc.text
    assert all(e.reason == f"OpenCC {config}" for _, e in doc.edits)


@pytest.mark.parametrize("config", sorted(c.removesuffix(".json") for c in opencc.CONFIGS))
def test_every_config_runs_and_equals_opencc_outside_protected_spans(config):
    text = "汉字转换，鼠标和打印机。見https://example.com/汉字和a.b@c.d。\n"
    out = run(text, config)
    assert "https://example.com/汉字" in out and "a.b@c.d" in out
    prose = text.split("見")[0]
    assert out.startswith(opencc.OpenCC(config).convert(prose))


def test_unknown_config_is_a_config_error():
    with pytest.raises(ConfigError, match="option convert.config must be one of hk2s, hk2sp, hk2t.*not 'nope'"):
        run("汉字\n", "nope")


def test_protected_spans_are_left_alone():
    text = "运行`print(\"汉字\")`，路径/home/用户，访问https://zh.wikipedia.org/wiki/汉字，然后发邮件。\n"
    out = run(text, "s2t")
    assert '`print("汉字")`' in out
    assert "https://zh.wikipedia.org/wiki/汉字" in out
    assert out.startswith("運行") and "然後發郵件" in out


def test_phrases_of_another_length_are_clause_sized_edits():
    doc = clean("我的U盘和鼠标坏了，打印机也坏了。\n", stages=["convert"], convert="s2twp")[0]
    assert doc.text == opencc.OpenCC("s2twp").convert("我的U盘和鼠标坏了，打印机也坏了。") + "\n"
    befores = [e.before for _, e in doc.edits]
    assert all("，" not in b for b in befores), befores  # no edit crosses the comma
    assert doc.replay() == doc.text


def test_edits_are_sorted_disjoint_and_cover_only_changes():
    text = (FIXTURES / "zh-speeches-2020" / "input.txt").read_text(encoding="utf-8")[:5000]
    edits = convert(text, ConvertOptions("s2twp"))
    assert edits and all(a.end <= b.start for a, b in zip(edits, edits[1:]))
    assert all(e.before != e.after and text[e.start : e.end] == e.before for e in edits)


def _sample_paragraph() -> str:
    text = (FIXTURES / "zh-speeches-2020" / "input.txt").read_text(encoding="utf-8")
    doc = clean(text)[0]  # the first document, cleaned: one paragraph per line
    return max(doc.paragraphs, key=len)


def test_round_trip_s2t_t2s_keeps_a_sample_paragraph():
    paragraph = _sample_paragraph()
    assert len(paragraph) > 200
    # Where OpenCC itself is lossless on this paragraph ...
    assert opencc.OpenCC("t2s").convert(opencc.OpenCC("s2t").convert(paragraph)) == paragraph
    # ... the stage is too, through the library API.
    traditional = clean(paragraph + "\n", stages=["convert"], convert="s2t")[0]
    assert traditional.text != paragraph + "\n"
    back = clean(traditional.text, stages=["convert"], convert="t2s")[0]
    assert back.text == paragraph + "\n"


def _runs_by_scan(a: str, b: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_changed_runs_are_those_of_a_character_scan(data):
    # Astral characters, a lone surrogate, NUL and characters that differ in one byte only.
    alphabet = "汉漢ab\n\x00\x01\u0100\u0101𠀀𠀁\U0010ffff\ud800"
    a = data.draw(st.text(alphabet=alphabet, max_size=60))
    b = "".join(data.draw(st.sampled_from([c, *alphabet])) if data.draw(st.booleans()) else c for c in a)
    starts, ends = _changed_runs(a, b)
    assert list(zip(starts, ends)) == _runs_by_scan(a, b)


def _convert_step(doc):
    (step,) = [s for s in doc.steps if s.stage == "convert"]
    return step


def test_pipeline_takes_the_converted_text_and_builds_the_edits_when_read(sample_text):
    text = sample_text + "见https://zh.wikipedia.org/wiki/汉字和`打印机`，我的U盘和鼠标坏了。\n"
    docs = Pipeline(convert="s2twp").run(text)
    edits = [_convert_step(d).edits for d in docs]
    assert all(isinstance(e, DeferredEdits) and not e.built for e in edits)
    last = docs[-1]
    assert "https://zh.wikipedia.org/wiki/汉字" in last.text and "`打印机`" in last.text and "隨身碟" in last.text
    # Built, the edits give exactly the text the stage handed over, and replay rebuilds it.
    for doc, e in zip(docs, edits):
        assert apply_edits(e.source, tuple(e)) == e.result == doc.text
        assert e.built and all(type(x) is Edit and x.reason == "OpenCC s2twp" for x in e)
        assert doc.replay() == doc.text
    assert account(docs).ok


def test_deferred_edits_read_as_a_tuple_and_pickle():
    doc = clean("汉字转换，鼠标。\n", stages=["convert"], convert="s2t")[0]
    built = clean("汉字转换，鼠标。\n", stages=["convert"], convert="s2t")[0]
    expected = tuple(_convert_step(built).edits)
    assert [(e.before, e.after) for e in expected] == [("汉", "漢"), ("转换", "轉換"), ("标", "標")]
    # Pickled before it is built, it comes back deferred and builds the same edits.
    fresh = pickle.loads(pickle.dumps(doc))
    assert not _convert_step(fresh).edits.built
    assert _convert_step(fresh).edits == expected and repr(_convert_step(fresh).edits) == repr(expected)
    assert fresh == built and hash(_convert_step(fresh).edits) == hash(expected)
    # Pickled once built, it is a plain tuple.
    assert type(pickle.loads(pickle.dumps(_convert_step(built).edits))) is tuple
    assert _convert_step(built).edits[1:3] == expected[1:3] and list(reversed(_convert_step(built).edits)) == list(expected[::-1])


def test_nothing_to_convert_is_no_step():
    assert convert("https://example.com/汉字 and Latin only", ConvertOptions("s2t")) == []
    assert clean("漢字\n", stages=["convert"], convert="s2t")[0].steps == ()
