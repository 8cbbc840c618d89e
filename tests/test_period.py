"""The period a circular covers: quarters written every way, halves, months, annual circulars, month
spans, ordinal checks (第N次) placed by their sampling dates, and the period of a copy that lost its
title, read from the annex titles or the body.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extraction.period import period

ISSUED = dt.date(2018, 1, 12)


def fields(got: dict[str, int | None]) -> tuple[int | None, ...]:
    return tuple(got.get(k) for k in ("period_year", "period_quarter", "period_half", "period_month"))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("关于2017年第二季度全省政府网站抽查情况的通报", (2017, 2, None, None)),
        ("关于2025年一季度全市政府网站和政务新媒体检查情况的通知", (2025, 1, None, None)),
        ("关于2019年第1季度政府网站检查情况的通报", (2019, 1, None, None)),
        ("关于2017年度第二季度政府网站抽查情况的通报", (2017, 2, None, None)),
        ("关于2016年四季度全省政府网站抽查情况的通报", (2016, 4, None, None)),
        ("关于第三季度全市政府网站检查情况的通报", (2017, 3, None, None)),  # the last Q3 before issue
        ("关于2020年上半年全市政府网站绩效评估结果的通报", (2020, None, 1, None)),
        ("关于下半年全市政府网站检查情况的通报", (2017, None, 2, None)),
        ("关于2018年八月份全市政府网站检查情况的通报", (2018, None, None, 8)),
        ("关于2021年10月份全县政府网站监测情况的通报", (2021, None, None, 10)),
        ("关于2021年度全省政府网站与政务新媒体工作考核情况的通报", (2021, None, None, None)),
        ("关于2019年1—3月全市政府网站检查情况的通报", (2019, 1, None, None)),  # a span that is a quarter
        ("关于2019年7月至12月全市政府网站检查情况的通报", (2019, None, 2, None)),
        ("关于2018年8月至9月全市政府网站检查情况的通报", (2018, None, None, None)),
        ("关于2019年全市政府网站检查情况的通报", (2019, None, None, None)),
    ],
)
def test_the_title_names_the_period_in_any_wording(title: str, expected: tuple[int | None, ...]) -> None:
    assert fields(period(title, issued=ISSUED)) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # the first check of 2018 ran in February–March: Q1, not the quarter before the year
        (
            "甘肃省人民政府办公厅关于2018年第一次全省政府网站抽查情况的通报",
            [
                "省政府办公厅近期组织开展了2018年第一次全省政府网站抽查。",
                "2018年2月23日至3月6日，对全省228家政府网站进行了抽查。",
            ],
            (2018, 1, None, None),
        ),
        # 第一次 in November is Q4; 第三次 is whatever quarter its dates say
        (
            "关于2015年第一次全省政府网站抽查情况的通报",
            ["2015年11月9日至27日，省政府办公厅组织对全省政府网站进行了抽查。"],
            (2015, 4, None, None),
        ),
        (
            "关于2016年第三次全省政府网站抽查情况的通报",
            ["省政府办公厅于2016年8月下旬至9月中旬开展了第三次全省政府网站抽查。"],
            (2016, 3, None, None),
        ),
        # dates over two quarters: none, unless the body names the quarter checked
        (
            "关于第一次全国政府网站抽查情况的通报",
            ["国务院办公厅于2015年9月至10月组织对各地区、各部门政府网站进行了抽查。"],
            (2015, None, None, None),
        ),
        (
            "关于2016年第三次全国政府网站抽查情况的通报",
            [
                "于2016年9月下旬至10月中旬组织开展了第三次抽查，对各地区、各部门第三季度政府网站抽查情况进行了核查。"
            ],
            (2016, 3, None, None),
        ),
        # no dates: the quarter the body names for the check; a cited circular's quarter is not it
        (
            "关于2017年第三次全省政府网站抽查情况的通报",
            [
                "按照《关于2017年第二季度全国政府网站抽查情况的通报》要求，开展了第三次抽查。",
                "第三季度省政府办公厅共抽查了857个政府网站。",
            ],
            (2017, 3, None, None),
        ),
        # a month said when the checks ran
        (
            "关于2016年第二次全国政府网站抽查情况的通报",
            ["2016年6月，国务院办公厅随机抽查了各级政府网站746个，总体抽查合格率85%，比一季度有所提高。"],
            (2016, 2, None, None),
        ),
        # … in a later paragraph, and a quarter named to compare with is not the check's
        (
            "关于2016年第二次全国政府网站抽查情况的通报",
            [
                "国务院办公厅组织开展了2016年第二次全国政府网站抽查。现将有关情况通报如下：",
                "一、总体情况",
                "2016年6月，国务院办公厅随机抽查了各级政府网站746个，总体抽查合格率85%，比一季度有所提高。",
            ],
            (2016, 2, None, None),
        ),
    ],
)
def test_an_ordinal_check_takes_the_quarter_of_its_dates(
    title: str, body: list[str], expected: tuple[int | None, ...]
) -> None:
    assert fields(period(title, body, issued=ISSUED)) == expected


def test_a_copy_without_its_title_reads_the_annex_titles_then_the_body() -> None:
    body = ["如“某某厅”网站的“厅长信箱”栏目，2018年8月收到的留言至抽查时仍未答复。"]  # a date, not a month
    annexes = ["附件：1．2018年第四季度各地区和国务院部门政府网站抽查情况", "2．2018年第四季度…名单"]
    assert fields(period(None, body, annexes, dt.date(2019, 1, 22))) == (2018, 4, None, None)
    assert fields(period(None, body)) == (None, None, None, None)
    headless = [
        "自治区人民政府办公厅组织开展了2018年第二次全区政府网站抽查。",
        "2018年5月14日至6月8日，对全区政府网站进行了抽查。",
    ]
    assert fields(period(None, headless)) == (2018, 2, None, None)
    assert fields(period(None, ["现将2021年10月份全县政府网站监测情况通报如下："])) == (2021, None, None, 10)
    assert fields(period(None, ["我厅组织开展了2021年第二季度全省政府网（wǎng）站抽查工作。"])) == (
        2021,
        2,
        None,
        None,
    )


def test_a_quarter_the_body_compares_with_is_not_its_own() -> None:
    body = ["本次抽查合格率88%，比第二季度提高4个百分点。", "第三季度，各地区共关停网站36个。"]
    assert fields(period("关于全省政府网站抽查情况的通报", body, issued=ISSUED)) == (2017, 3, None, None)


def test_a_month_span_in_the_body_is_when_the_checks_ran() -> None:
    assert period(
        "关于全区政府网站普查情况的通报", ["自治区人民政府办公厅于2015年5月至8月组织开展了普查。"]
    ) == {"period_year": 2015}


@pytest.mark.parametrize(
    ("body", "issued", "expected"),
    [
        # the quarter's year is the date written earlier in its sentence
        ("2015年11月，省政府办公厅对全省政府网站开展了第四季度抽查。", None, (2015, 4, None, None)),
        # …the year before, when the quarter starts after that month
        ("2016年1月，省政府办公厅对全省政府网站开展了第四季度抽查。", None, (2015, 4, None, None)),
        ("2019年7月，市政府办公室开展了上半年政府网站检查。", None, (2019, None, 1, None)),
        # no date in its sentence: the last such quarter before the circular went out
        ("省政府办公厅开展了第四季度抽查。", dt.date(2016, 1, 20), (2015, 4, None, None)),
    ],
)
def test_a_quarter_the_body_names_without_its_year(
    body: str, issued: dt.date | None, expected: tuple[int | None, ...]
) -> None:
    assert (
        fields(period("辽宁省人民政府办公厅关于全省政府网站抽查情况的通报", [body], [], issued)) == expected
    )


def test_an_ordinal_check_named_only_by_an_annex_title() -> None:
    """A tail copy without its title: `附件：2016年第三次…名单` still dates it."""
    got = period(
        None, ["（二）加快集约化。各县要年底前完成整合。"], ["2016年第三次全州政府网站抽查不合格网站名单"]
    )
    assert fields(got)[0] == 2016
