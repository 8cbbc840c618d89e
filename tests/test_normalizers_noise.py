"""normalizers.noise: what mirror sites do to a circular's text, undone by mechanism, not by list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.noise import (
    is_common,
    join_spaced_numbers,
    repair,
    repair_latin1,
    repair_shifted,
    repair_utf8_as_gbk,
    strip_pinyin,
    unescape_references,
)


def _utf8_as_gbk(text: str) -> str:
    """What a mirror does: UTF-8 bytes decoded as GBK, undecodable bytes replaced."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def _shifted(text: str) -> str:
    """GBK text read one byte late: the lost lead byte shows as `?`."""
    data = text.encode("gbk")
    return "?" + data[1:].decode("gbk", errors="replace")


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("銆�锛堜竴锛�政府網站檢查情況。", "\u3000（一）政府網站檢查情況。"),
        ("銆�锛堜簩锛�政務新媒體檢查情況。", "\u3000（二）政務新媒體檢查情況。"),
    ],
)
def test_utf8_read_as_gbk_is_decoded_back(damaged: str, repaired: str) -> None:
    assert repair_utf8_as_gbk(damaged) == (repaired, 1)


@pytest.mark.parametrize(
    "original",
    ["（三）部分网站更新不及时。", "各县、区人民政府：", "二、存在的主要问题", "網站和政務新媒體監管情況"],
)
def test_any_text_read_as_gbk_comes_back(original: str) -> None:
    """Every character comes back but those whose byte the mirror lost (one per U+FFFD), which
    are guessed: a closing bracket if one is open, else likely punctuation, else a common character."""
    damaged = _utf8_as_gbk(original)
    fixed, n = repair_utf8_as_gbk(damaged)
    assert n >= 1 and len(fixed) == len(original)
    assert sum(a != b for a, b in zip(fixed, original, strict=True)) <= damaged.count("\ufffd")


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("?。ㄒ唬┚W站檢查情況。", "\u3000（一）網站檢查情況。"),  # r2-07: 　（一）網站
        ("同比下降1.71%?，F將有關情況", "同比下降1.71%。現將有關情況"),
        ("同比下降1.71%?,F將有關情況", "同比下降1.71%。現將有關情況"),  # the copy narrowed the comma too
    ],
)
def test_gbk_read_a_byte_late_is_realigned(damaged: str, repaired: str) -> None:
    assert repair_shifted(damaged) == (repaired, 1)


@pytest.mark.parametrize("text", ["是否合格?A级", "www.a.gov.cn/?id=3&x=5", "what? No", "问题?是"])
def test_a_question_mark_in_text_is_left_alone(text: str) -> None:
    assert repair_shifted(text) == (text, 0)


def test_pinyin_glosses_go_and_brackets_of_text_stay() -> None:
    assert strip_pinyin("發(fā)現(xiàn)網(wǎng)站") == ("發現網站", 3)
    assert strip_pinyin("附件(a)和(1)以及（略）") == ("附件(a)和(1)以及（略）", 0)
    assert strip_pinyin("Tel(wǎng)") == ("Tel(wǎng)", 0)  # only after an ideograph


@pytest.mark.parametrize(
    ("spaced", "joined"),
    [
        ("全市正常运行政府网站 4 16 个", "全市正常运行政府网站 416 个"),
        ("累计关停、整合政府网站 1 024 個", "累计关停、整合政府网站 1024 個"),
        ("合格率 9 5.2%", "合格率 95.2%"),
        ("20 18年", "2018年"),
    ],
)
def test_digits_split_by_spaces_before_a_unit_are_one_number(spaced: str, joined: str) -> None:
    assert join_spaced_numbers(spaced) == (joined, 1)


@pytest.mark.parametrize("text", ["共 21 个", "2018 年 5 月", "表 1 第二列", "6401050001 6401050002"])
def test_numbers_apart_stay_apart(text: str) -> None:
    assert join_spaced_numbers(text) == (text, 0)


@given(
    st.text(alphabet=st.sampled_from("网站政府检查合格情况通报一二三（）。，：、 0123456789abc"), max_size=60)
)
def test_clean_chinese_is_never_changed(text: str) -> None:
    """Text without noise comes out as it went in (numbers aside, nothing in it is mojibake)."""
    fixed, counts = repair(text)
    assert set(counts) <= {"spaced_number"}
    if not counts:
        assert fixed == text


def test_the_frequent_characters_of_both_scripts_are_common() -> None:
    assert all(is_common(ch) for ch in "网站網站政府检查檢查，。（）")
    assert not any(is_common(ch) for ch in "锛堜竴ㄒ┚")


def test_repair_counts_by_kind() -> None:
    text, counts = repair("銆�锛堜竴锛�網(wǎng)站共 3 4家")
    assert text == "\u3000（一）網站共 34家"
    assert counts == {"mojibake": 1, "pinyin": 1, "spaced_number": 1}


@pytest.mark.parametrize(
    ("damaged", "repaired", "count"),
    [
        ("　　二&#12289;存在的主要问题", "　　二、存在的主要问题", 1),
        ("&#65288;一&#65289;部分网站内容更新不及时", "（一）部分网站内容更新不及时", 2),
        ("&#x3001;&nbsp;首页", "、 首页", 2),
        # not references: a URL's query, a bare ampersand, a name HTML does not know, a control character
        ("www.a.gov.cn/?id=3&copy=5", "www.a.gov.cn/?id=3&copy=5", 0),
        ("A&B公司", "A&B公司", 0),
        ("&zzz; &#0;", "&zzz; &#0;", 0),
    ],
)
def test_html_references_printed_as_text_are_read(damaged: str, repaired: str, count: int) -> None:
    assert unescape_references(damaged) == (repaired, count)


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("?。ㄒ唬?政府網站檢查情況。", "\u3000（一）政府網站檢查情況。"),  # both ends lost: 　（一）
        (
            "?。ǘ?）政務新媒體檢查情況。",
            "\u3000（?）政務新媒體檢查情況。",
        ),  # the numeral lost: ? for the outline
    ],
)
def test_gbk_read_a_byte_late_between_two_lost_bytes(damaged: str, repaired: str) -> None:
    assert repair_shifted(damaged) == (repaired, 1)


def test_gbk_shown_as_latin1_is_decoded_back() -> None:
    assert repair_latin1("ÕÄÖÝÊÐÈËÃñÕþ¸®°ì¹«ÊÒ¹ØÓÚ2020ÄêÏÂ°ëÄê") == (
        "漳州市人民政府办公室关于2020年下半年",
        1,
    )
    assert repair_latin1("ÕÄÕþ°ìº¯¡²2021¡³6ºÅ") == ("漳政办函〔2021〕6号", 1)
    for text in ("Café résumé naïve", "München Straße", "© 2019 政府网站"):  # Latin-1 that is Latin-1
        assert repair_latin1(text) == (text, 0)
