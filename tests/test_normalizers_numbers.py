"""normalizers.numbers: Chinese and Arabic numerals, units, deducted points."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.numbers import cn_to_int, parse_number, parse_points

# Property tests share a loaded machine: no per-example deadline, and enough examples to matter.
FAST = settings(deadline=None, max_examples=60)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二", 2),
        ("十", 10),
        ("十二", 12),
        ("二十三", 23),
        ("两千", 2000),
        ("一万零一十", 10010),
        ("二〇一七", 2017),
        ("二○一六", 2016),
        ("零", 0),
        ("壹佰", 100),
        ("29431", 29431),
        ("29,431", 29431),
        ("２９", 29),
        (" 7 ", 7),
        ("3万", 30000),
        ("-29", -29),
        ("负五", -5),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十十", "1.5", "二十三个", "2二", "12,34", "一季度", "-", "万"])
def test_cn_to_int_not_a_number(text: str) -> None:
    assert cn_to_int(text) is None


@FAST
@given(st.integers(min_value=0, max_value=99999))
def test_cn_to_int_round_trips_an2cn(n: int) -> None:
    assert cn_to_int(cn2an.an2cn(n)) == n


@FAST
@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_cn_to_int_round_trips_arabic(n: int) -> None:
    assert cn_to_int(str(n)) == n
    assert cn_to_int(f"{n:,}") == n


@FAST
@given(st.integers(min_value=1000, max_value=2099))
def test_cn_to_int_digit_by_digit_years(year: int) -> None:
    written = "".join("〇一二三四五六七八九"[int(d)] for d in str(year))
    assert cn_to_int(written) == year


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("92%", 92.0),
        ("91.3%", 91.3),
        ("92％", 92.0),
        ("29431家", 29431.0),
        ("29,431家", 29431.0),
        ("-29", -29.0),
        ("−5", -5.0),
        ("－5", -5.0),
        ("二十三个", 23.0),
        ("14 个", 14.0),
        ("百分之九十二", 92.0),
        ("九十一点三", 91.3),
        ("5分", 5.0),
        ("0", 0.0),
        ("1,972家", 1972.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "个", "%", "-", "abc", "1e5", "nan", "inf", "第三", "12,34", "约500个"])
def test_parse_number_none(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "points"),
    [("-29", 29.0), ("－5", 5.0), ("5分", 5.0), ("扣5分", 5.0), ("-0.5", 0.5), ("扣除2分", 2.0), ("—3", 3.0)],
)
def test_parse_points(text: str, points: float) -> None:
    assert parse_points(text) == pytest.approx(points)


@pytest.mark.parametrize("text", ["", "  ", "扣", "不扣分", "未报送自查报告"])
def test_parse_points_none(text: str) -> None:
    assert parse_points(text) is None


@FAST
@given(st.decimals(min_value=-100000, max_value=100000, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_round_trips_decimals(d: object) -> None:
    text = str(d)
    assert parse_number(text) == pytest.approx(float(text))
    assert parse_number(text + "%") == pytest.approx(float(text))
    assert parse_points(text) == pytest.approx(abs(float(text)))


@FAST
@given(st.text(max_size=40))
def test_parsers_never_raise(text: str) -> None:
    for fn in (cn_to_int, parse_number, parse_points):
        value = fn(text)
        assert value is None or isinstance(value, int | float)
    points = parse_points(text)
    assert points is None or points >= 0
