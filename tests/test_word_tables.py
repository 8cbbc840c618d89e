"""Annex tables flattened to words, as a table copied off a web page arrives in text: one line a row,
cells parted by an ideographic space or one space. Each row's words are laid into the header's
columns by what a column holds, whatever the gaps; a run of lines that is not such a table stays text.
(The metamorphic side — every numbered tab table of the samples flattened extracts as before — is
`tables_as_words` in tests/perturb.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr.readers.text import read_text
from ocr.readers.word_tables import flat_table_at, tables_from_lines, vertical_table_at
from pipeline import extract
from schemas import Line, Table

HEADER = "序号　市州/部门　网站名称　网站标识码　存在问题"


def _rows(*lines: str) -> list[list[str]] | None:
    hit = flat_table_at(list(lines), 0)
    return hit[0][1:] if hit else None


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        (
            "1　邵阳市　邵阳县人民政府　4305230001　首页长期不更新",
            ["1", "邵阳市", "邵阳县人民政府", "4305230001", "首页长期不更新"],
        ),
        (
            "1 邵阳市 邵阳县人民政府 4305230001 首页长期不更新",
            ["1", "邵阳市", "邵阳县人民政府", "4305230001", "首页长期不更新"],
        ),
        # a region printed once over a run of rows (a merged cell) leaves its column empty
        (
            "1　邵阳县人民政府　4305230001　首页长期不更新",
            ["1", "", "邵阳县人民政府", "4305230001", "首页长期不更新"],
        ),
        # a site's name with a space in it, and problems with one
        (
            "1 汕头市 汕头市国土资源局 龙湖分局 4405070010 空白栏目超过5个",
            ["1", "汕头市", "汕头市国土资源局 龙湖分局", "4405070010", "空白栏目超过5个"],
        ),
        (
            "1 宣威市 宣威市规划局 5303810021 首页长期不更新 多个栏目为空白",
            ["1", "宣威市", "宣威市规划局", "5303810021", "首页长期不更新 多个栏目为空白"],
        ),
        # a code printed spaced or hyphenated, and a central department's
        (
            "1 道里区 道里区农业局 2301 0200 15 站点无法访问",
            ["1", "道里区", "道里区农业局", "2301 0200 15", "站点无法访问"],
        ),
        (
            "1　中国地震局　中国地震台网　bm47010003　首页超过2周未更新",
            ["1", "中国地震局", "中国地震台网", "bm47010003", "首页超过2周未更新"],
        ),
    ],
)
def test_a_rows_words_land_in_their_columns(row: str, cells: list[str]) -> None:
    assert _rows(HEADER, row) == [cells]


def test_a_traditional_header_and_a_deductions_table() -> None:
    assert _rows(
        "序號 市州/部門 網站名稱 網站標識碼 存在問題", "1 邵陽市 邵陽縣人民政府 4305230001 首頁長期不更新"
    )
    rows = _rows(
        "序号　单位　扣分　扣分事项",
        "1　晋中市　-4　首页超过2周未更新1个-2；错误链接1个-1",
        "2　吕梁市　-3　空白栏目2个-2",
    )
    assert rows == [
        ["1", "晋中市", "-4", "首页超过2周未更新1个-2；错误链接1个-1"],
        ["2", "吕梁市", "-3", "空白栏目2个-2"],
    ]


def test_the_table_ends_where_the_numbering_or_the_columns_do() -> None:
    lines = [
        HEADER,
        "1　邵阳市　邵阳县人民政府　4305230001　首页长期不更新",
        "3　怀化市　麻阳县人民政府　4312260001　互动不回应",
    ]
    assert flat_table_at(lines, 0) == ([HEADER.split("　"), lines[1].split("　")], 2)  # 3 does not follow 1
    assert _rows(HEADER, "1.限期整改。附件所列网站的主办单位须于11月10日前完成整改。") is None
    assert _rows("序号 单位 扣分", "1 各地要于11月10日前完成整改并报送") is None  # words that fit no column


@pytest.mark.parametrize(
    "line",
    ["一是压实主体责任　二是健全机制　三是加快整合", "各县、市、区人民政府　各开发区管委会", "序号"],
)
def test_prose_is_no_header(line: str) -> None:
    assert flat_table_at([line, "1　甲　乙　丙"], 0) is None


def test_only_the_table_lines_become_a_table() -> None:
    blocks: list[Line | Table] = [
        Line(text="附件"),
        Line(text=HEADER),
        Line(text="1　邵阳市　邵阳县人民政府　4305230001　首页长期不更新"),
        Line(text="【打印】　【关闭】"),
    ]
    out = tables_from_lines(blocks)
    assert [type(b).__name__ for b in out] == ["Line", "Table", "Line"]


def test_a_flattened_annex_of_a_text_and_of_a_page_is_read(tmp_path: Path) -> None:
    body = (
        "湖南省人民政府办公厅关于2016年第三季度全省政府网站抽查情况的通报\n各市州人民政府：\n"
        "　　现将有关情况通报如下：\n　　一、总体情况\n　　本次抽查政府网站120个。\n"
        "附件：2016年第三季度抽查不合格网站名单\n湖南省人民政府办公厅\n2016年10月21日\n"
        "附件\n2016年第三季度抽查不合格网站名单\n"
    )
    rows = [
        HEADER,
        "1　邵阳市　邵阳县人民政府　4305230001　首页长期不更新",
        "2　新宁县教育局　4305280013　多个栏目为空白",
    ]
    text = tmp_path / "c.txt"
    text.write_text(body + "\n".join(rows) + "\n【打印】【关闭】\n", encoding="utf-8")
    page = tmp_path / "c.html"
    page.write_text(
        "<html><body>"
        + "".join(f"<p>{ln}</p>" for ln in (body + "\n".join(rows)).splitlines())
        + "</body></html>",
        encoding="utf-8",
    )
    for path in (text, page):
        found = extract(path).website_findings
        assert [(f.seq, f.reported_region, f.site_name, f.site_code) for f in found] == [
            (1, "邵阳市", "邵阳县人民政府", "4305230001"),
            (2, "邵阳市", "新宁县教育局", "4305280013"),  # the merged region cell, carried down
        ], path.name


def test_a_table_copied_one_cell_a_line() -> None:
    lines = ["序号", "省份", "网站名称", "网站标识码", "存在问题"]
    lines += ["1", "湖北", "湖北省统计局", "4200000031", "栏目长期不更新"]
    lines += ["2", "国家统计局四川调查总队", "bm36030021", "站点无法访问"]  # its region merged above
    lines += ["3", "河北", "邯郸市统计局", "1304000047", "首页长期不更新", "【打印本页】"]
    rows, end = vertical_table_at(lines, 0) or ([], 0)
    assert rows[1:] == [
        ["1", "湖北", "湖北省统计局", "4200000031", "栏目长期不更新"],
        ["2", "", "国家统计局四川调查总队", "bm36030021", "站点无法访问"],
        ["3", "河北", "邯郸市统计局", "1304000047", "首页长期不更新"],
    ]
    assert lines[end] == "【打印本页】"
    assert vertical_table_at(["序号", "一、总体情况", "1", "本次抽查"], 0) is None


def test_a_tab_table_whose_rows_lost_tabs_to_spaces() -> None:
    text = "序号\t市（州）\t网站名称\t网站标识码\t存在问题\n1\t遵义市\t湄潭县茶产业发展中心    5203280021\t多个栏目为空白\n"
    (table,) = [b for b in read_text(text.encode(), "t.txt")[0].blocks if isinstance(b, Table)]
    assert table.texts()[1] == ["1", "遵义市", "湄潭县茶产业发展中心", "5203280021", "多个栏目为空白"]


def test_a_body_tables_total_row_states_the_circulars_figures(tmp_path: Path) -> None:
    """Figures printed only in a body table's 合计 row; its other rows are parts. Annex headings in
    brackets (`【附件1】`) start their annex."""
    rows = [
        "地区\t在运行网站（个）\t检查（个）\t不合格（个）\t合格率",
        "鹿城区\t3\t3\t0\t100%",
        "乐清市\t4\t4\t1\t75%",
        "合计\t7\t7\t1\t85.7%",
    ]
    text = (
        "温州市人民政府办公室关于2018年9月份全市政府网站检查情况的通报\n各县（市、区）人民政府：\n"
        "　　现将有关情况通报如下：\n　　一、检查结果\n　　本月各地检查结果见下表：\n"
        + "\n".join(rows)
        + "\n"
        "　　二、存在问题\n　　（一）首页更新不及时。\n附件：1．不合格网站名单\n2．扣分情况\n"
        "温州市人民政府办公室\n2018年10月9日\n【附件1】不合格网站名单\n"
        "序号　单位　网站名称　网站标识码　存在问题\n1　乐清市　乐清市教育局　3303820011　首页长期不更新\n"
        "【附件2】扣分情况\n序号　单位　扣分　扣分原因\n1　乐清市　-2　首页长期不更新扣2分\n"
    )
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    c = extract(path)
    assert {(s.metric, s.value, s.section_id) for s in c.stats} == {
        ("sites_running", 7, "一"),
        ("sites_sampled", 7, "一"),
        ("sites_failed", 1, "一"),
        ("pass_rate", 85.7, "一"),
    }
    assert [(a.annex_no, a.kind, a.row_count) for a in c.annexes] == [
        (1, "website_findings", 1),
        (2, "deductions", 1),
    ]


def test_a_header_wrapped_onto_a_second_line() -> None:
    lines = [
        "序号  县（市）区  网站名称",
        "            网站标识码  存在问题",
        "1  双辽市  双辽市农业局  2203820017  首页超过2周未更新",
    ]
    rows, end = flat_table_at(lines, 0) or ([], 0)
    assert rows == [
        ["序号", "县（市）区", "网站名称", "网站标识码", "存在问题"],
        ["1", "双辽市", "双辽市农业局", "2203820017", "首页超过2周未更新"],
    ]
    assert end == 3


def test_a_tab_rows_last_cell_wrapped_by_the_copy() -> None:
    text = (
        "序号\t县（区）\t网站名称\t网站标识码\t存在问题\n1\t江孜县\t江孜县人民政府\t5402220001\t首页超过2周未更新；“政策解读”\n"
        "栏目超过6个月未更新\n2\t定日县\t定日县教育局\t5402230015\t站点无法访问\n（二）市直部门\n"
    )
    (table,) = [b for b in read_text(text.encode(), "t.txt")[0].blocks if isinstance(b, Table)]
    assert [r[-1] for r in table.texts()[1:]] == [
        "首页超过2周未更新；“政策解读”栏目超过6个月未更新",
        "站点无法访问",
    ]
