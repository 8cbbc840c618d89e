"""normalizers.chinese: script detection, canonical spacing and punctuation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers import vocabulary as V
from normalizers.chinese import canonical, detect_script, is_cjk, is_cjk_punct, strip_spaces, to_simplified

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

# Property tests share a loaded machine: no per-example deadline, and enough examples to matter.
FAST = settings(deadline=None, max_examples=60)


@pytest.mark.parametrize("ch", ["中", "〇", "㐀", "龥", "𠀀"])
def test_is_cjk_true(ch: str) -> None:
    assert is_cjk(ch)


@pytest.mark.parametrize("ch", ["，", "。", "A", "1", " ", "・", "", "中文", "〔", "ア"])
def test_is_cjk_false(ch: str) -> None:
    assert not is_cjk(ch)


@pytest.mark.parametrize(
    "ch", ["，", "。", "、", "（", "）", "〔", "〕", "《", "》", "“", "”", "·", "…", "—", "："]
)
def test_is_cjk_punct(ch: str) -> None:
    assert is_cjk_punct(ch)
    assert not is_cjk(ch)


def test_to_simplified() -> None:
    assert to_simplified("貴州省政府網站抽查情況") == "贵州省政府网站抽查情况"
    assert to_simplified("黔府辦函〔2017〕67號") == "黔府办函〔2017〕67号"
    assert to_simplified("云南省人民政府办公厅") == "云南省人民政府办公厅"
    assert to_simplified("") == ""


def _opencc_pieces() -> list[str]:
    """Every dictionary key OpenCC's t2s has (phrases that change, phrases that map to themselves,
    single characters), with Simplified words and punctuation to put between them."""
    import opencc

    converter = opencc.OpenCC("t2s")
    keys = [key for group in converter._dict_chain_data for entry in group for key in entry[2]]
    return [*keys, "政府网站", "抽查", "合格率", "么", "，", "。", " ", "A1", "〔2017〕"]


_PIECES = _opencc_pieces()


@settings(deadline=None, max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_to_simplified_is_exactly_opencc(text: str) -> None:
    """The shortcut for text with no character a dictionary entry changes gives OpenCC's answer."""
    import opencc

    assert to_simplified(text) == opencc.OpenCC("t2s").convert(text)


def test_to_simplified_skips_opencc_for_simplified_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import opencc

    calls: list[str] = []
    real = opencc.OpenCC.convert

    def spy(self: opencc.OpenCC, text: str) -> str:
        calls.append(text)
        return str(real(self, text))

    monkeypatch.setattr(opencc.OpenCC, "convert", spy)
    assert (
        to_simplified("云南省人民政府办公厅关于政府网站抽查情况的通报")
        == "云南省人民政府办公厅关于政府网站抽查情况的通报"
    )
    assert calls == []
    assert to_simplified("網站") == "网站"
    assert calls == ["網站"]


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("000_49f8d2aa1abd7151.txt", "simplified"),
        ("001_3f98dfb6f54aee37.txt", "simplified"),  # holds one stray 少數
        ("002_2888e82ad4833598.txt", "traditional"),
        ("003_d95ef5031bd55667.txt", "simplified"),
        ("004_ce8c5b5b87c32622.txt", "simplified"),
    ],
)
def test_detect_script_samples(name: str, script: str) -> None:
    assert detect_script((SAMPLES / name).read_text(encoding="utf-8")) == script


def test_detect_script_short_texts() -> None:
    assert detect_script("还有少數在系统里申请永久关停的政府网站") == "simplified"
    assert detect_script("貴州省政府網站抽查情況") == "traditional"
    assert detect_script("") == "simplified"
    assert detect_script("abc 123") == "simplified"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017 年 6 月", "2017年6月"),
        ("云南省屏边县 教育局", "云南省屏边县教育局"),
        ("富宁 c 网通", "富宁c网通"),
        ("2016 年 四季度", "2016年四季度"),
        ("关于 2017 上半年政府网站有关问题的通报", "关于2017上半年政府网站有关问题的通报"),
        (
            "孟连县住房和城乡建设 和环境保护局政府信息 信息公开网站",
            "孟连县住房和城乡建设和环境保护局政府信息信息公开网站",
        ),
        ("市国土\u3000资源局", "市国土资源局"),
        ("省\u00a0农业厅\t", "省农业厅"),
        ("第一行\n第二行", "第一行第二行"),
        ("hello   world\t\tfoo", "hello world foo"),
        ("  leading and trailing  ", "leading and trailing"),
        ("Ａ０１ 中文", "A01中文"),
        ("(一) 进一步强化监管责任", "（一）进一步强化监管责任"),
        ("各縣(市、區、特區)人民政府", "各縣（市、區、特區）人民政府"),
        ("扣分大于40分(多处链接无法打开)", "扣分大于40分（多处链接无法打开）"),
        ("（占全省综合考核评议分值4%)对有关", "（占全省综合考核评议分值4%）对有关"),
        ("议分值4%)对有关州", "议分值4%）对有关州"),
        ("截至8月1日,全省正在运行", "截至8月1日，全省正在运行"),
        ("字號:默認", "字號：默認"),
        ("來源: 貴州省人民政府網站", "來源：貴州省人民政府網站"),
        ("是否合格?是!", "是否合格？是！"),
        ("一是;二是", "一是；二是"),
        ("不低于 30% 的要求", "不低于30%的要求"),
        ("等级 特急 · 明电", "等级特急·明电"),
        ("“云南·通海” 网", "“云南·通海”网"),
        ("部分网站内容保障不到位. 各地要加强", "部分网站内容保障不到位。各地要加强"),
        ("加强日常监管.", "加强日常监管。"),
        ("《指引》.", "《指引》。"),
        ("部分网站内容保障不到位．抽查发现", "部分网站内容保障不到位。抽查发现"),
        ("2 0 1 8 年 1 0 月 2 6 日", "2018年10月26日"),  # digits OCR set apart
        ("政府网站 1 0 7 个，合格率88. 9%", "政府网站107个，合格率88.9%"),
        ('"县长信箱"留言超过3个月', "“县长信箱”留言超过3个月"),
        ("（名单见附件）.三季度", "（名单见附件）。三季度"),
    ],
)
def test_canonical_examples(raw: str, expected: str) -> None:
    assert canonical(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "http://www.gov.cn/a:b",
        "17:10",
        "29,431",
        "1.2017年",
        "2017.2.14",
        "Windows (64 bit)",
        "a, b",
        "x:y",
        # a `.` that is not a full stop
        "1.加强管理",
        "92.5%",
        "附件1.",
        "等...",
        "政府网.gov.cn",
        "（一）.",
        "www.gov.cn",
        # numbers apart that are two numbers, quotes around no Chinese
        "第1 2项",
        "1 2 3",
        'a "b" c',
    ],
)
def test_canonical_leaves_alone(text: str) -> None:
    assert canonical(text) == text


def test_canonical_url_next_to_chinese() -> None:
    assert canonical("专题（<http://www.shandong.gov.cn/col/col1825/>）进行公示") == (
        "专题（<http://www.shandong.gov.cn/col/col1825/>）进行公示"
    )
    assert canonical("网址:http://x.cn/?a=1") == "网址：http://x.cn/?a=1"
    assert canonical("2017-11-03 17:10 來源") == "2017-11-03 17:10來源"


@pytest.mark.parametrize(
    "raw",
    [
        "国办函[2016]68号",
        "国办函［2016］68号",
        "国办函(2016)68号",
        "国办函（2016）68号",
        "国办函〈2016〉68号",
        "国办函【2016】68号",
        "国办函〔 2016 〕 68 号",
        "国办函 [2016] 68号",
        "国办函﹝2016﹞68号",
        "国办函〔2016〕６８号",
    ],
)
def test_canonical_docnumber_brackets(raw: str) -> None:
    assert canonical(raw) == "国办函〔2016〕68号"


def test_canonical_docnumber_needs_the_shape() -> None:
    assert canonical("汕机发 号") == "汕机发号"
    assert canonical("附件(2016)") == "附件（2016）"  # no serial + 号: ordinary parentheses
    assert canonical("ABC[2016]68号") == "ABC[2016]68号"  # no Chinese agency


def test_canonical_traditional_docnumber_kept_in_script() -> None:
    assert canonical("黔府辦函[2017]67號") == "黔府辦函〔2017〕67號"


def test_strip_spaces() -> None:
    assert strip_spaces(" 汕头市国土资源局 龙湖分局\n") == "汕头市国土资源局龙湖分局"
    assert strip_spaces("富宁 c\u3000网通\u00a0") == "富宁c网通"
    assert strip_spaces("") == ""


_ALPHABET = st.sampled_from(
    list("中文云南省年月日号函办〇數")
    + list("abcXYZ0123456789")
    + list(",.:;?!()[]<>/%-")
    + list("，。、：；（）〔〕［］【】〈〉《》“”·")
    + [" ", "\t", "\n", "\u3000", "\u00a0", "Ａ", "５", "\u200b", "http://", "號"]
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(deadline=None, max_examples=200)
@given(_TEXTS)
def test_canonical_idempotent(text: str) -> None:
    once = canonical(text)
    assert canonical(once) == once


@FAST
@given(st.text(max_size=80))
def test_canonical_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    once = canonical(text)
    assert canonical(once) == once


@FAST
@given(_TEXTS)
def test_canonical_keeps_ideographs_and_drops_spacing_around_them(text: str) -> None:
    out = canonical(text)
    assert [c for c in out if is_cjk(c)] == [c for c in text if is_cjk(c)]
    assert out == out.strip()
    assert not re.search(rf"{V.HAN_CHAR}\s|\s{V.HAN_CHAR}", out)
    assert "\u3000" not in out and "Ａ" not in out


@FAST
@given(_TEXTS)
def test_strip_spaces_removes_all_whitespace(text: str) -> None:
    out = strip_spaces(text)
    assert not any(c.isspace() for c in out)
    assert [c for c in out if not c.isspace()] == [c for c in text if not c.isspace() and c != "\u200b"]
