"""Tables and figures the samples do not have: wrapped cells, totals and merged cells, scores that are
not deductions, points written every way, and the ways a body states (or seems to state) its figures."""

from __future__ import annotations

import pytest

from pipeline.extraction.context import DocContext
from pipeline.extraction.stats import stats
from pipeline.extraction.tables import records
from schemas import Cell, Table


def test_a_wrapped_cell_keeps_the_comma_where_it_wraps() -> None:
    rows = [
        ["序号", "网站名称", "主要问题"],
        ["1", "某县政府网站", "留言办理超期，"],
        ["", "", "最长超期45天"],
    ]
    (rec,) = records([Table(rows=[[Cell(text=t) for t in row] for row in rows])])
    assert rec.cells["problems"] == "留言办理超期，最长超期45天"


@pytest.mark.parametrize(
    ("sentence", "metric", "value"),
    [
        ("本次检查共抽查政府网站26个，抽查比例61.9%。", "sample_ratio", 61.9),
        ("本次共检查政府网站2个。", "sites_sampled", 2),
        ("全省共收到“我为政府网站找错”平台网民有效留言356条。", "messages_received", 356),
        ("共收到网民留言312条，按期办结率96.8%。", "messages_resolved_rate", 96.8),
        ("已办结6412条，办结率93%。", "messages_resolved_rate", 93),
        ("共约谈相关责任人126名。", "officials_interviewed", 126),
        ("通报批评22人。", "criticized_in_circular", 22),
        ("给予5人警告或记过处分。", "disciplined", 5),
        ("将3人调离岗位或免职。", "removed_from_post", 3),
        ("共发现空白栏目1270个、更新不及时栏目2315个。", "stale_columns", 2315),
        ("抽查网站二十个，合格率百分之九十五。", "pass_rate", 95),  # rates in words
        ("按期办结率百分之百。", "messages_resolved_rate", 100),
    ],
)
def test_figures_stated_in_more_ways(sentence: str, metric: str, value: float) -> None:
    assert (metric, value) in {(s.metric, s.value) for s in stats([(None, sentence)])}


@pytest.mark.parametrize(
    "sentence",
    [
        "内蒙古、上海、江苏、环境保护部等17个地区和部门留言按期办结率达100%。",  # part of the scope
        "外交部等部门“我为政府网站找错”平台网民留言办结率低于70%。",
        "每季度抽查比例不低于30%。",  # a requirement, not a figure
        "部分部门网站季度抽查比例未达到30%。",
    ],
)
def test_a_rate_of_part_of_the_scope_is_not_the_circulars(sentence: str) -> None:
    assert not stats([(None, sentence)])


def test_totals_merged_cells_and_noisy_numbers_in_tables() -> None:
    rows = [
        ["序号", "地区", "网站名称", "主要问题"],
        ["1", "中山区", "中山区政府网站", "空白栏目"],
        ["2", "", "中山区教育局网站", "链接打不开"],
        ["i3", "西岗区", "西岗区政府网站", "首页未更新"],
        ["合计", "", "3个", ""],
    ]
    recs = records([Table(rows=[[Cell(text=t) for t in row] for row in rows])])
    assert [(r.seq, r.cells["unit"]) for r in recs] == [(1, "中山区"), (2, "中山区"), (3, "西岗区")]
    assert recs[-1].cells["problems"] == "首页未更新"  # the 合计 row is not glued onto the last unit


def test_a_month_range_is_when_the_checks_ran_not_a_monthly_circular() -> None:
    from pipeline.extraction.period import period

    assert period(
        "关于全区政府网站普查情况的通报", ["自治区人民政府办公厅于2015年5月至8月组织开展了普查。"]
    ) == {"period_year": 2015}
    assert period("关于2021年3月份政府网站检查情况的通报")["period_month"] == 3


def test_tallies_of_one_site_and_rates_of_new_media_are_not_the_checks() -> None:
    got = {
        (s.metric, s.value)
        for s in stats(
            [
                (
                    None,
                    "中山区人民政府网站首页长期未更新，“政务公开”栏目下空白栏目6个。"
                    "抽查的626个网站中共发现空白栏目1270个。"
                    "抽查政务新媒体账号96个，发现不合格账号10个，合格率89.6%。",
                )
            ]
        )
    }
    assert got == {("blank_columns", 1270), ("sites_sampled", 626)}  # the 626 sites checked are the sample


def test_tables_without_numbers_and_of_sites_and_accounts_together() -> None:
    from pipeline.extraction.findings import findings

    rows = [
        ["地区", "类型", "网站名称", "网站标识码", "问题"],
        ["西安市", "网站", "西安市教育局", "6101000001", "空白栏目超过5个"],
        ["", "网站", "西安市林业局", "6101000002", "链接"],
        ["", "", "", "", "打不开"],
        ["宝鸡市", "微信公众号", "宝鸡发布", "", "长期不更新"],
        ["合计", "", "", "", ""],
    ]
    recs = records([Table(rows=[[Cell(text=t) for t in row] for row in rows])])
    assert [(r.seq, r.cells["unit"]) for r in recs] == [(1, "西安市"), (2, "西安市"), (3, "宝鸡市")]
    found, warnings = findings(1, recs, DocContext(year=2018))
    assert [(f.seq, f.site_name, f.problems_raw) for f in found] == [
        (1, "西安市教育局", "空白栏目超过5个"),
        (2, "西安市林业局", "链接打不开"),
    ]  # the account is not a website
    assert not warnings


def test_a_score_column_is_not_the_points_deducted() -> None:
    from pipeline.extraction.deductions import split_items

    rows = [
        ["序号", "单位", "得分", "扣分", "扣分原因"],
        ["1", "童坊镇", "83", "17", "首页超过2周未更新扣8分、空白栏目2个扣4分"],
    ]
    (rec,) = records([Table(rows=[[Cell(text=t) for t in row] for row in rows])])
    assert rec.cells["points"] == "17"
    reasons = rec.cells.get("explanation") or rec.cells["problems"]  # as deductions() reads it
    assert split_items(reasons) == [("首页超过2周未更新", 8.0), ("空白栏目2个", 4.0)]


@pytest.mark.parametrize(
    ("explanation", "items"),
    [
        ("首页2周未更新（-5分）", [("首页2周未更新", 5.0)]),
        ("扣3分：空白栏目", [("空白栏目", 3.0)]),
        ("-2", []),
        ("无", []),
        ("空白栏目3个，扣3分；错误链接，-1", [("空白栏目3个", 3.0), ("错误链接", 1.0)]),
    ],
)
def test_deduction_items_however_their_points_are_written(explanation: str, items: list) -> None:
    from pipeline.extraction.deductions import split_items

    assert split_items(explanation) == items
