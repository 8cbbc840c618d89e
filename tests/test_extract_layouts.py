"""Layouts the samples do not have: a web page's metadata box, the number under the title, wrapped
table cells ending in a comma, the ways a body states its figures, and a note dated `4.26`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.extraction.paragraphs import Para
from pipeline.extraction.stats import stats
from pipeline.extraction.tables import records
from schemas import BBox, Cell, Circular, Line, Page, SourceDocument, Table
from tests.synthetic import REGULAR

WEB_PAGE = """首页 > 政务公开 > 政府文件

索 引 号：011099187/2019-17634\t主题分类：综合政务
发布机构：恩施州人民政府办公室\t成文日期：2019年12月03日
文    号：恩施州政办函〔2019〕76号\t发布日期：2019年12月05日

恩施州人民政府办公室关于2019年第三季度全州政府网站检查情况的通报

【字体：大 中 小】  【打印】

各县市人民政府，州政府各部门：

本次检查共抽查政府网站26个，抽查比例61.9%，总体合格率92.3%。

一、存在问题

个别网站首页信息更新不及时。
"""


def _extract(tmp_path: Path, text: str, name: str = "notice.txt") -> Circular:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path)


def test_web_metadata_box_as_tab_separated_lines(tmp_path: Path) -> None:
    h = _extract(tmp_path, WEB_PAGE).header
    assert h.doc_number == "恩施州政办函〔2019〕76号" and h.doc_number_serial == 76
    assert (h.issue_date, h.publish_date) == (dt.date(2019, 12, 3), dt.date(2019, 12, 5))
    assert h.issuer == "恩施州人民政府办公室"
    assert (
        h.title == "恩施州人民政府办公室关于2019年第三季度全州政府网站检查情况的通报"
    )  # no 【字体】 buttons
    assert h.addressees == ["各县市人民政府", "州政府各部门"]


def test_an_issuer_in_the_box_wins_over_the_publisher(tmp_path: Path) -> None:
    text = WEB_PAGE.replace(
        "索 引 号：011099187/2019-17634\t主题分类：综合政务",
        "发文机关：恩施土家族苗族自治州人民政府办公室\t主题分类：综合政务",
    )
    text = text.replace("恩施州人民政府办公室关于", "关于")
    assert _extract(tmp_path, text).header.issuer == "恩施土家族苗族自治州人民政府办公室"


def test_document_number_under_the_title(tmp_path: Path) -> None:
    text = REGULAR.replace("湘政办函〔2018〕 31 号\n\n签发人：王小明\n\n", "")
    text = text.replace(
        "关于2018年第一季度全省政府网站抽查情况的通报\n",
        "关于2018年第一季度全省政府网站抽查情况的通报\n\n湘政办函〔2018〕31号\n",
    )
    h = _extract(tmp_path, text).header
    assert h.doc_number == "湘政办函〔2018〕31号"
    assert h.addressees == ["各市州人民政府", "省政府各厅委、各直属机构"]


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


def test_a_note_dated_by_month_and_day_takes_the_documents_year(tmp_path: Path) -> None:
    note = "请电子政务办牵头研究落实。\n刘强\n4.26\n\n"
    (a,) = _extract(tmp_path, note + REGULAR).annotations
    assert (a.text, a.author) == ("请电子政务办牵头研究落实。", "刘强")
    assert a.date is not None and (a.date.month, a.date.day) == (4, 26)
    issued = _extract(tmp_path, REGULAR, "plain.txt").header.issue_date
    assert issued is not None and a.date.year == issued.year


PRINTED_PAGE = """特急

某某市人民政府办公厅文件

某政办发〔2019〕7号                            签发人：孟  岩

某某市人民政府办公厅关于2018年第四季度全市政府网
站抽查情况的通报

各区县人民政府，市直各部门：
    为贯彻落实国务院办公厅关于政府网站常态化监管的工作要求，
市政府办公厅于2018年12月组织开展了第四季度全市政府网站抽
查工作。现将有关情况通报如下：
    一、抽查基本情况
    截至2018年12月31日，全市正在运行的政府网站97个。本次共
抽查政府网站36个，发现不合格网站2个，合格率94.4%。各地约
谈相关责任人2名。
    二、存在的主要问题
    （一）内容更新不及时问题反弹。东区人民政府网站首页超过2周
未更新，部分栏目长期不更新，且存在多处无法打开的链接，影响政
府网站的权威性和公信力，群众反映较为强烈，须引起高度重视。
    （二）互动回应不及时。西区人力资源和社会保障局网站互动交流
栏目留言超过3个月未回复，个别单位对网民留言敷衍应付，答非所
问，回复内容简单生硬，未能切实解决群众反映的实际问题和困难。
    三、工作要求
    各区县要对照附件所列问题逐项整改，于2019年2月28日前将整
改情况书面报送市政府办公厅。各区县人民政府办公室要每季度对
本地区政府网站开展抽查，抽查结果在政府门户网站公开。

    附件：2018年第四季度不合格网站名单

                                    某某市人民政府办公厅
                                      2019年1月18日

附件

2018年第四季度不合格网站名单

序号  区县/部门      网站名称                      网站标识码    存在问题
1     东区           东区人民政府                  1101010001    首页超过2周未更新
2     西区           西区人力资源和社会保障        1101020012    互动交流栏目留言超过3个月未
                     局                                          回复
"""


def test_text_laid_out_like_the_printed_page(tmp_path: Path) -> None:
    c = _extract(tmp_path, PRINTED_PAGE)
    h = c.header
    assert (h.urgency, h.doc_number, h.signer) == ("特急", "某政办发〔2019〕7号", "孟岩")
    assert h.title == "某某市人民政府办公厅关于2018年第四季度全市政府网站抽查情况的通报"
    assert not c.annotations  # 特急 above the banner is a header field, not a note
    first = next(s for s in c.sections if s.section_id == "一")
    assert first.text.startswith("截至2018年12月31日，全市正在运行的政府网站97个。本次共抽查政府网站36个")
    got = {(s.metric, s.value) for s in c.stats}
    assert {
        ("sites_sampled", 36),
        ("sites_failed", 2),
        ("pass_rate", 94.4),
        ("officials_interviewed", 2),
    } <= got
    rows = [(f.seq, f.reported_region, f.site_name, f.site_code, f.problems_raw) for f in c.website_findings]
    assert rows == [
        (1, "东区", "东区人民政府", "1101010001", "首页超过2周未更新"),
        (2, "西区", "西区人力资源和社会保障局", "1101020012", "互动交流栏目留言超过3个月未回复"),
    ]


def test_one_paragraph_per_line_is_not_taken_for_a_printed_page() -> None:
    from ocr.readers.text_layout import measure_of

    lines = [("某某" * n) + "。" for n in (40, 8, 70, 25, 90, 12, 55, 33, 61, 18)]
    assert measure_of(lines) is None
    assert measure_of(PRINTED_PAGE.splitlines()) is not None


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


def test_a_web_page_printed_to_pdf_wraps_its_path_and_box(tmp_path: Path) -> None:
    text = (
        "首页 > 信息公开 > 国务院文\n件 > 综合政务 > 电子政务\n"
        "标 题：国务院办公厅关于2016年第三次全国政府网站抽\n查情况的通报\n发文字号：国办函〔2016〕91号\n主 题 词：\n"
        "国务院办公厅关于2016年第三次全国政府网站抽查情况的通报\n国办函〔2016〕91号\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n一、总体情况\n本次抽查政府网站626个，总体合格率88%。\n"
    )
    h = _extract(tmp_path, text).header
    assert h.title == "国务院办公厅关于2016年第三次全国政府网站抽查情况的通报"
    assert h.addressees == ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]
    assert h.doc_number == "国办函〔2016〕91号"


def test_a_wrapped_box_line_that_is_not_the_title_stays(tmp_path: Path) -> None:
    text = (
        "标 题：国务院办公厅关于2016年第三次全国政府网站抽查情况的通报\n"
        "国务院办公厅关于2016年第三次全国政府网站抽查情况的通报\n"
        "各省、自治区、直辖市人民政府：\n一、总体情况\n本次抽查政府网站626个，总体合格率88%。\n"
    )
    c = _extract(tmp_path, text)
    assert c.header.title == "国务院办公厅关于2016年第三次全国政府网站抽查情况的通报"
    assert [s.heading for s in c.sections] == ["总体情况"]


@pytest.mark.parametrize(
    ("ocr", "fixed"),
    [
        ("“政务公开’专栏下“财政预决算”等3个栏目", "“政务公开”专栏下“财政预决算”等3个栏目"),
        ("‘我为政府网站找错”平台", "“我为政府网站找错”平台"),
        ("‘引用’内容", "‘引用’内容"),
        ("．各市、县人民政府：", "各市、县人民政府："),
    ],
)
def test_ocr_quotation_marks_and_specks(ocr: str, fixed: str) -> None:
    from pipeline.extraction.normalize import _fix_ocr

    assert _fix_ocr(ocr) == fixed


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
    found, warnings = findings(1, recs, 2018)
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


def test_signer_beside_the_number_and_addressees_in_the_colophon(tmp_path: Path) -> None:
    text = REGULAR.replace(
        "湘政办函〔2018〕 31 号\n\n签发人：王小明", "签发人：周  健        湘政办函〔2018〕31号"
    )
    text = text.replace("各市州人民政府，省政府各厅委、各直属机构：\n", "")
    text += "\n主送：各市州人民政府，省政府各厅委、各直属机构。\n抄送：省委办公厅。\n"
    h = _extract(tmp_path, text).header
    assert (h.signer, h.doc_number) == ("周健", "湘政办函〔2018〕31号")
    assert h.addressees == ["各市州人民政府", "省政府各厅委、各直属机构"]


def test_a_publication_date_inside_a_line_of_page_chrome(tmp_path: Path) -> None:
    text = (
        "本文转载自：某省人民政府门户网站 发布时间：2019-11-08 10:21【字体：大 中 小】【打印】\n\n" + REGULAR
    )
    assert _extract(tmp_path, text).header.publish_date == dt.date(2019, 11, 8)


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


def test_annex_list_on_one_line_a_text_annex_and_a_table_inside_the_body(tmp_path: Path) -> None:
    text = REGULAR.replace(
        "附件：1.2018年第一季度抽查不合格网站名单\n2.2018年第一季度日常考核扣分情况\n",
        "附件：1.2018年第一季度抽查不合格网站名单；2.2018年第一季度日常考核扣分情况；3.整改要求\n",
    )
    text += "\n附件3\n\n整改要求\n\n一、各地要逐项整改到位。\n二、整改情况于5月底前报送。\n"
    body_table = "\n季度\t抽查数\n一季度\t120\n二季度\t130\n\n"
    text = text.replace("二、", body_table + "二、", 1)
    c = _extract(tmp_path, text)
    annexes = {a.annex_no: (a.title, a.kind, a.row_count) for a in c.annexes}
    assert annexes[1][0] == "2018年第一季度抽查不合格网站名单"
    assert annexes[3] == ("整改要求", "other", 0)
    assert {s.section_id for s in c.sections} >= {"一", "二"}  # the outline goes on after the table
    assert c.header.issue_date is not None


def test_an_old_portal_page_laid_out_in_a_table(tmp_path: Path) -> None:
    page = (
        "<html><body><table><tr><td class='left'>政府办公厅文件</td><td>"
        "<p>宁夏回族自治区人民政府办公厅关于2016年第二季度全区政府网站抽查情况的通报</p>"
        "<p>各市、县（区）人民政府：</p><p>一、总体情况</p><p>共抽查政府网站120个，总体合格率95%。</p>"
        "<p>附件1</p><p>不合格网站名单</p><table><tr><td>序号</td><td>网站名称</td><td>问题</td></tr>"
        "<tr><td>1</td><td>银川市林业局</td><td>空白栏目超过5个</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    c = _extract(tmp_path, page, "old.html")
    assert c.header.issuer == "宁夏回族自治区人民政府办公厅"  # not the menu's placeless 政府办公厅
    assert [(f.seq, f.site_name) for f in c.website_findings] == [(1, "银川市林业局")]


def _boxed_page(lines: list[tuple[str, float, float]]) -> SourceDocument:
    """A page of lines set at (x0, x1) on a 0–100 measure, one under the other, 4 units high."""
    blocks = [
        Line(text=t, bbox=BBox(x0=x0, top=6.0 * i, x1=x1, bottom=6.0 * i + 4))
        for i, (t, x0, x1) in enumerate(lines)
    ]
    return SourceDocument(
        source_path="boxed.pdf",
        sha256="0" * 64,
        media_type="pdf_text",
        pages=[Page(page_no=1, width=100, blocks=blocks)],
    )


def test_a_full_line_ending_a_title_or_an_annex_item_does_not_run_on() -> None:
    from pipeline.extraction.paragraphs import paragraphs

    doc = _boxed_page(
        [
            ("关于2019年第二季度全市政府网站抽查问题整改情况的通报", 0, 100),
            ("各县（市）、区人民政府，市各委、办、局：", 8, 60),
            ("现将有关情况通报如下，各地要认真对照问题清单逐项整改到位并及时", 8, 100),
            ("报送整改情况。", 0, 20),
            ("附件：1.2018年第四季度全省政府网站抽查不合格网站名单并附有关", 8, 100),
            ("2.2018年第四季度各设区市政府网站运行和抽查情况", 12, 70),
        ]
    )
    texts = [p.text for p in paragraphs(doc) if isinstance(p, Para)]
    assert texts == [
        "关于2019年第二季度全市政府网站抽查问题整改情况的通报",
        "各县（市）、区人民政府，市各委、办、局：",
        "现将有关情况通报如下，各地要认真对照问题清单逐项整改到位并及时报送整改情况。",
        "附件：1.2018年第四季度全省政府网站抽查不合格网站名单并附有关",
        "2.2018年第四季度各设区市政府网站运行和抽查情况",
    ]
