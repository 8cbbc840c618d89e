"""Header extraction on circulars the pipeline has not seen: the regular and the telegram shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import extract
from tests.synthetic import REGULAR, TELEGRAM


@pytest.fixture
def regular(tmp_path: Path):
    path = tmp_path / "regular.txt"
    path.write_text(REGULAR, encoding="utf-8")
    return extract(path)


@pytest.fixture
def telegram(tmp_path: Path):
    path = tmp_path / "telegram.txt"
    path.write_bytes(TELEGRAM.encode("gb18030"))
    return extract(path)


def test_regular_header(regular) -> None:
    h = regular.header
    assert h.issuer == "湖南省人民政府办公厅"
    assert (h.issuer_level, h.issuer_province, h.issuer_city) == ("provincial", "湖南省", None)
    assert h.doc_number == "湘政办函〔2018〕31号"
    assert (h.doc_number_agency, h.doc_number_year, h.doc_number_serial) == ("湘政办函", 2018, 31)
    assert h.signer == "王小明"
    assert h.urgency is None and h.transmission is None
    # two printed lines of title are one title; the banner above is not part of it
    assert h.title == "湖南省人民政府办公厅关于2018年第一季度全省政府网站抽查情况的通报"
    assert h.addressees == ["各市州人民政府", "省政府各厅委、各直属机构"]
    assert h.issue_date == dt.date(2018, 4, 12)
    assert (h.period_year, h.period_quarter, h.period_half) == (2018, 1, None)


def test_telegram_header(telegram) -> None:
    h = telegram.header
    assert h.issuer == "四川省人民政府办公厅"
    assert h.signer == "刘大伟"
    assert (h.urgency, h.transmission) == ("加急", "明电")
    assert (
        h.doc_number == "川办明电〔2019〕14号"
    )  # OCR-style brackets normalised; the blank 川机发 号 ignored
    assert h.title == "关于2019年上半年全省政府网站检查情况的通报"
    assert h.addressees == ["各市（州）人民政府", "省政府各部门"]
    assert (h.period_year, h.period_half) == (2019, 1)
    assert h.issue_date == dt.date(2019, 7, 2)


def test_outline_levels(regular) -> None:
    ids = [(s.section_id, s.level, s.heading) for s in regular.sections]
    assert ids == [
        ("一", 1, "总体情况"),
        ("二", 1, "存在问题"),
        ("二.（一）", 2, "部分网站更新不及时"),
        ("二.（二）", 2, "互动回应不到位"),
        ("二.（二）.1", 3, "留言办理超期"),
        ("二.（二）.2", 3, "答复质量不高"),
        ("三", 1, "工作要求"),
    ]
    by_id = {s.section_id: s for s in regular.sections}
    assert by_id["二.（二）.1"].parent_id == "二.（二）"
    assert "株洲市、衡阳市" in by_id["二.（一）"].text


def test_annexes_findings_and_deductions(regular) -> None:
    annexes = {a.annex_no: (a.title, a.kind, a.row_count) for a in regular.annexes}
    assert annexes == {
        1: ("2018年第一季度抽查不合格网站名单", "website_findings", 3),
        2: ("2018年第一季度日常考核扣分情况", "deductions", 3),
    }
    f = {w.seq: w for w in regular.website_findings}
    assert f[1].site_name == "株洲市交通运输局"
    assert (f[2].site_province, f[2].site_city, f[2].site_county) == ("湖南省", "衡阳市", "衡南县")
    assert f[2].problem_categories == ["site_unreachable", "blank_columns"]
    assert f[3].site_county is None and f[3].site_region_code == "430000"
    d = {r.seq: r for r in regular.deductions}
    assert (d[1].unit, d[1].unit_kind, d[1].points_deducted) == ("株洲市", "city", 3.0)
    assert d[2].unit_kind == "department"
    items = [(i.seq, i.item_no, i.reason, i.points_deducted) for i in regular.deduction_items if i.seq == 1]
    assert items == [(1, 1, "1个不合格网站", 2.0), (1, 2, "留言超期", 1.0)]


def test_cross_checks_become_warnings(regular) -> None:
    # 衡阳市's items add up to 3 while 4 is printed: doubted, not silently fixed
    assert any(
        (d.code, d.seq, d.value, d.expected) == ("items_total_mismatch", 3, "3", "4") for d in regular.doubts
    )
    assert next(r for r in regular.deductions if r.seq == 3).points_deducted == 4.0


def test_stats_from_body(regular, telegram) -> None:
    got = {(s.metric, s.value, s.unit) for s in regular.stats}
    assert {
        ("sites_running", 1203.0, None),
        ("sites_sampled", 361.0, None),
        ("sites_failed", 12.0, None),
        ("pass_rate", 96.7, "%"),
    } <= got
    assert ("sites_sampled", 150.0) in {(s.metric, s.value) for s in telegram.stats}
    assert ("pass_rate", 90.0) in {(s.metric, s.value) for s in telegram.stats}


def test_annex_heading_with_title_on_one_line(tmp_path: Path) -> None:
    text = REGULAR.replace(
        "附件1\n\n2018年第一季度抽查不合格网站名单", "附件1：2018年第一季度抽查不合格网站名单"
    )
    text = text.replace("附件：1.2018年第一季度抽查不合格网站名单\n2.2018年第一季度日常考核扣分情况\n", "")
    path = tmp_path / "titled.txt"
    path.write_text(text, encoding="utf-8")
    c = extract(path)
    annexes = {a.annex_no: (a.title, a.kind, a.row_count) for a in c.annexes}
    assert annexes[1] == ("2018年第一季度抽查不合格网站名单", "website_findings", 3)
    assert annexes[2][1:] == ("deductions", 3)


def test_quarter_without_year_takes_the_year_before_issue(tmp_path: Path) -> None:
    text = REGULAR.replace(
        "关于2018年第一季度全省政府网站抽查情况的通报", "关于第四季度全省政府网站抽查情况的通报"
    )
    text = text.replace("2018年3月，省政府办公厅", "近期，省政府办公厅")
    path = tmp_path / "q4.txt"
    path.write_text(text, encoding="utf-8")
    h = extract(path).header
    assert (h.period_year, h.period_quarter) == (2017, 4)  # issued April 2018: last year's Q4
