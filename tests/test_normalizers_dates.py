"""normalizers.dates: dates in every shape circulars print them."""

from __future__ import annotations

import datetime as dt

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.dates import DATE_ONLY_RE, find_dates, is_date_line, parse_date

# Property tests share a loaded machine: no per-example deadline, and enough examples to matter.
FAST = settings(deadline=None, max_examples=60)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2017 年 2 月 10 日", dt.date(2017, 2, 10)),
        ("2017年2月10日印发", dt.date(2017, 2, 10)),
        ("2017.2.14", dt.date(2017, 2, 14)),
        ("2017-11-03 17:10", dt.date(2017, 11, 3)),
        ("2017/11/3", dt.date(2017, 11, 3)),
        ("2017年11月18日          ", dt.date(2017, 11, 18)),
        ("二〇一七年二月十日", dt.date(2017, 2, 10)),
        ("二○一七年十二月三十一日", dt.date(2017, 12, 31)),
        ("2017 年 6 月 30 日", dt.date(2017, 6, 30)),
        ("２０１７年２月１０日", dt.date(2017, 2, 10)),
        ("截至2017年9月1日，全国正在运行的政府网站29431家", dt.date(2017, 9, 1)),
        ("抽查采样时间为 2017 年 5 月 29 日至 6 月 6 日", dt.date(2017, 5, 29)),
    ],
)
def test_parse_date(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text",
    ["", "2017-02-30", "2017年13月1日", "1.2017年第三次", "17:10", "第2017号", "12017.2.14", "2017.2.145"],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


def test_invalid_date_skipped_for_the_next_valid_one() -> None:
    assert parse_date("2017-02-30 或 2017-03-01") == dt.date(2017, 3, 1)


def test_find_dates_spans() -> None:
    text = "印发于 2017 年 2 月 10 日，复查于2017.2.14。"
    found = find_dates(text)
    assert [d for d, _, _ in found] == [dt.date(2017, 2, 10), dt.date(2017, 2, 14)]
    assert [text[s:e] for _, s, e in found] == ["2017 年 2 月 10 日", "2017.2.14"]


def test_find_dates_spans_with_full_width_digits() -> None:
    text = "于２０１７年２月１０日"
    [(day, start, end)] = find_dates(text)
    assert day == dt.date(2017, 2, 10)
    assert text[start:end] == "２０１７年２月１０日"


@pytest.mark.parametrize(
    "text",
    [
        "2017 年 6 月 30 日",
        "2017.2.14",
        "  2017年2月10日  ",
        "2017年11月18日          ",
        "二〇一七年二月十日",
        "\u30002017-11-03\u3000",
    ],
)
def test_is_date_line(text: str) -> None:
    assert is_date_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "2017 年 2 月 10 日印发",
        "截至2017年9月1日",
        "2017-11-03 17:10",
        "2017-02-30",
        "",
        "附件 1",
        "2017年第三季度",
    ],
)
def test_is_date_line_false(text: str) -> None:
    assert not is_date_line(text)


def test_date_only_re_is_exported() -> None:
    assert DATE_ONLY_RE.fullmatch(" 2017 年 6 月 30 日 ")
    assert not DATE_ONLY_RE.fullmatch("2017 年 6 月 30 日印发")


def _chinese(day: dt.date) -> str:
    year = "".join("〇一二三四五六七八九"[int(c)] for c in str(day.year))
    return f"{year}年{cn2an.an2cn(day.month)}月{cn2an.an2cn(day.day)}日"


_SHAPES = [
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    _chinese,
]


@FAST
@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(range(len(_SHAPES))),
    st.sampled_from(["", "印发", "，现将有关情况通报如下"]),
)
def test_dates_round_trip(day: dt.date, shape: int, suffix: str) -> None:
    written = _SHAPES[shape](day)
    text = f"发文日期：{written}{suffix}"
    assert parse_date(text) == day
    [(found, start, end)] = find_dates(text)
    assert found == day and text[start:end] == written
    assert is_date_line(f"  {written} ")
    assert is_date_line(written + suffix) == (suffix == "")


@FAST
@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    day = parse_date(text)
    assert day is None or isinstance(day, dt.date)
    assert isinstance(is_date_line(text), bool)
    for found, start, end in find_dates(text):
        assert parse_date(text[start:end]) == found
