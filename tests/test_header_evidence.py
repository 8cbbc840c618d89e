"""Header by evidence on pages shaped as analysts save them: the title wherever a page prints it,
chrome and publication lines out, the 主送 never a metadata line, the issuer completed with the place
the page names. Each text is a small invented circular; the page furniture is as portals print it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.extraction.chrome import is_chrome, page_info
from schemas import Circular

BODY = """各市人民政府，省政府各部门：
　　按照国务院办公厅要求，省政府办公厅组织开展了2019年第二季度全省政府网站抽查。现将有关情况通报如下：
　　一、总体情况
　　本次抽查政府网站120个，发现不合格网站3个。
　　二、工作要求
　　（一）抓紧整改。各地要立即整改。
"""
TITLE = "湖南省人民政府办公厅关于2019年第二季度全省政府网站抽查情况的通报"


def _extract(tmp_path: Path, text: str, name: str = "page.txt") -> Circular:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path)


def _chrome_count(c: Circular) -> int:
    return sum(int(d.value or 0) for d in c.doubts if d.code == "chrome_removed")


@pytest.mark.parametrize(
    "line",
    [
        "无障碍浏览 长者模式",
        "安吉县人民政府 无障碍 | 长者模式",
        "首页 机构 新闻 政务公开 政务服务 互动交流 专题专栏",
        "首页 | 要闻动态 | 信息公开 | 政务服务 | 互动交流 | 走进河北",
        "【字体：大 中 小】　　【打印】　【关闭】",
        "字体：[ 大 中 小 ]",
        "合集下载",
        "跳转到内容",
        "https://www.gov.cn/",
        "首页 > 政务公开 > 政府网站检查通报",
        "2. 您現在所在的位置: 首頁 > 政務公開 > 政府網站檢查通報",
        '    1. <strike id="gunxd"><small id="gunxd"></small></strike>',
        "1、下载文档前请自行甄别文档内容的完整性，平台不提供额外的编辑、内容补充、找答案等附加服务。",
    ],
)
def test_whole_lines_of_chrome(line: str) -> None:
    from normalizers.chinese import canonical, to_simplified

    raw = to_simplified(line)
    assert is_chrome(raw, canonical(raw))


@pytest.mark.parametrize(
    "line",
    [
        "（二）个别网站未设置扫一扫功能，政务微博二维码失效。",
        "部分网站首页打印功能不可用",
        "政府网站建设管理",
        "各市人民政府，省政府各部门：",
        # a URL's wrapped rest before prose, and a `<…>` title inside 《…》: not a URL, not a path
        "http://www.shandong.gov.cn/col/col1825/>）进行公示。",
        "关于深入贯彻落实<政府网站发展指引>的通知》(黔府办函〔2017〕144",
    ],
)
def test_sentences_naming_widgets_are_not_chrome(line: str) -> None:
    from normalizers.chinese import canonical

    assert not is_chrome(line, canonical(line))


@pytest.mark.parametrize(
    ("line", "day", "source"),
    [
        ("信息来源：市政府办公厅发布时间：2018-08-31浏览次数：", dt.date(2018, 8, 31), "市政府办公厅"),
        ("来源：昆明市人民政府办公室2025-03-31 17:44字号：[]", dt.date(2025, 3, 31), "昆明市人民政府办公室"),
        ("浏览量：时间：2022-10-07 03:00:57", dt.date(2022, 10, 7), None),
        (
            "上传者：fjzw2015|上传时间：2016-01-11|浏览次数：89|文档格式：doc|页数：4",
            dt.date(2016, 1, 11),
            None,
        ),
        ("文档格式：docx页数：3上传日期：2025-04-21浏览：36下载：2", dt.date(2025, 4, 21), None),
        (
            "2023-09-26 15:38来源：海南省人民政府办公厅【字体：打印",
            dt.date(2023, 9, 26),
            "海南省人民政府办公厅",
        ),
        ("2025-04-15 上传　|　5页　|　0.12MB　|　文档格式：docx", dt.date(2025, 4, 15), None),
        ("2019-01-18 发布 | 来源：新华网", dt.date(2019, 1, 18), "新华网"),
    ],
)
def test_publication_lines_give_their_date(line: str, day: dt.date, source: str | None) -> None:
    info = page_info(line)
    assert info is not None and info.publish_date == day and info.source == source


@pytest.mark.parametrize(
    "line",
    [
        "检查时间：2018年5月14日至6月8日",
        "来源：各地自查报告显示，多数网站运行正常。",
        "时间紧、任务重",
        "2018-03-05 发布 | 本次抽查共发现问题网站",
    ],
)
def test_sentences_with_a_label_are_not_publication_lines(line: str) -> None:
    assert page_info(line) is None


def test_a_title_printed_twice_is_one_title(tmp_path: Path) -> None:
    page = f"EN\nhttps://www.gov.cn/\n{TITLE}\n2019-07-20 10:00 来源: 湖南省人民政府网站\n字号:默认 超大 | 打印 |\n{TITLE}\n湘政办函〔2019〕31号\n{BODY}"
    c = _extract(tmp_path, page)
    assert c.header.title == TITLE
    assert c.header.doc_number == "湘政办函〔2019〕31号"
    assert c.header.publish_date == dt.date(2019, 7, 20)
    assert c.header.addressees == ["各市人民政府", "省政府各部门"]
    assert _chrome_count(c) == 4  # EN, the URL, the publication line, the font buttons
    assert [s.section_id for s in c.sections] == ["一", "二", "二.（一）"]


def test_an_aggregators_headline_gives_title_and_number(tmp_path: Path) -> None:
    page = f"法律法规网 > 地方法规 > 湖南 > 正文\n湘政办函〔2019〕31号《{TITLE}》\n来源:湖南省人民政府办公厅　　时间:2019-07-20 10:21:37　　点击:\n{BODY}"
    h = _extract(tmp_path, page).header
    assert (h.title, h.doc_number, h.issuer, h.issuer_province) == (
        TITLE,
        "湘政办函〔2019〕31号",
        "湖南省人民政府办公厅",
        "湖南省",
    )


def test_a_metadata_list_is_evidence_and_never_the_title(tmp_path: Path) -> None:
    page = (
        "• 索 引 号：014000319/2020-00031\n• 发布机构：湖南省人民政府办公厅\n• 发文日期：2019-07-16\n"
        "• 文　　号：湘政办函〔2019〕31号\n• 标　　题：省政府办公厅关于2019年第二季度全省政府网站抽查情况的通报\n"
        "发布日期：2019-07-20　　浏览次数：　　【字体：大 中 小】　　【打印】\n"
        f"省政府办公厅关于2019年第二季度全省政府网站抽查情况的通报\n{BODY}"
    )
    h = _extract(tmp_path, page).header
    assert h.title == "省政府办公厅关于2019年第二季度全省政府网站抽查情况的通报"
    assert h.issuer == "湖南省人民政府办公厅"  # the short name completed with the place the page names
    assert (h.doc_number, h.issue_date, h.publish_date) == (
        "湘政办函〔2019〕31号",
        dt.date(2019, 7, 16),
        dt.date(2019, 7, 20),
    )


def test_a_title_split_over_lines_agrees_with_its_headline(tmp_path: Path) -> None:
    page = f"{TITLE}\n湖南省人民政府办公厅\n关于2019年第二季度全省政府网站抽查情况的通报\n湘政办函〔2019〕31号\n{BODY}"
    assert _extract(tmp_path, page).header.title == TITLE


def test_an_office_over_the_title_without_agreement_is_the_banner(tmp_path: Path) -> None:
    page = f"湖南省人民政府办公厅\n关于2019年第二季度全省政府网站抽查情况的通报\n{BODY}"
    h = _extract(tmp_path, page).header
    assert h.title == "关于2019年第二季度全省政府网站抽查情况的通报"
    assert h.issuer == "湖南省人民政府办公厅"


def test_a_banner_is_never_the_first_line_of_a_wrapped_title(tmp_path: Path) -> None:
    page = (
        "湖南省人民政府办公厅文件\n\n\n湖南省人民政府办公厅关于2019年第二季度\n全省政府网站抽查情况的通报\n"
        f"湘政办函〔2019〕31号\n{BODY}"
    )
    h = _extract(tmp_path, page).header
    assert (h.title, h.issuer) == (TITLE, "湖南省人民政府办公厅")


def test_the_documents_own_title_beats_a_portals_headline(tmp_path: Path) -> None:
    page = f"湖南省2019年第二季度政府网站抽查情况通报\n2019-07-20 10:12 来源: 湖南省人民政府网站\n{TITLE}\n{BODY}"
    assert _extract(tmp_path, page).header.title == TITLE


def test_a_document_sites_file_name_is_the_title(tmp_path: Path) -> None:
    page = f"原创力文档\n{TITLE}.docx\n3页  内容提供方：政务文库  大小：28.16 KB  发布时间：2019-08-02  浏览人气：173\n{BODY}"
    h = _extract(tmp_path, page).header
    assert (h.title, h.publish_date) == (TITLE, dt.date(2019, 8, 2))


def test_a_metadata_line_is_never_the_addressees(tmp_path: Path) -> None:
    page = f"{TITLE}\n信息来源:市政府办公厅发布时间:2019-07-20浏览次数:\n{BODY}"
    h = _extract(tmp_path, page).header
    assert h.addressees == ["各市人民政府", "省政府各部门"]
    assert h.publish_date == dt.date(2019, 7, 20)


def test_addressees_run_into_the_first_sentence_are_split_off(tmp_path: Path) -> None:
    body = BODY.replace("各部门：\n　　按照", "各部门：按照")
    c = _extract(tmp_path, f"{TITLE}\n{body}")
    assert c.header.addressees == ["各市人民政府", "省政府各部门"]
    assert c.sections[0].section_id == "一"


def test_a_headless_copy_keeps_its_body_outline_and_inferred_issuer(tmp_path: Path) -> None:
    body = BODY.split("\n", 1)[1].replace(
        "省政府办公厅组织开展了", "我厅依据《湖南省政府网站管理办法》组织开展了"
    )
    c = _extract(tmp_path, body + "\n湖南省人民政府办公厅\n2019年7月16日\n")
    assert c.header.title is None
    assert [s.section_id for s in c.sections] == ["一", "二", "二.（一）"]
    assert c.header.issue_date == dt.date(2019, 7, 16)
    assert c.header.issuer == "湖南省人民政府办公厅"  # the signature
    c = _extract(tmp_path, body, "headless.txt")
    assert c.header.issuer == "湖南省人民政府办公厅"  # 我厅 + 全省 + the province it names
    assert [d.code for d in c.doubts if d.code == "issuer_inferred"]


def test_a_destroyed_outline_number_is_restored_from_its_neighbours(tmp_path: Path) -> None:
    body = BODY.replace("二、工作要求", "?、工作要求").replace("（一）抓紧整改", "（?）抓紧整改")
    c = _extract(tmp_path, f"{TITLE}\n{body}\n　　三、其他\n　　无。")
    assert [s.section_id for s in c.sections] == ["一", "二", "二.（一）", "三"]
    assert [d.value for d in c.doubts if d.code == "outline_number_restored"] == ["二", "（一）"]


def test_a_heading_cut_at_the_end_of_a_copy_is_no_section(tmp_path: Path) -> None:
    c = _extract(tmp_path, f"{TITLE}\n{BODY}　　（二）个别网站互动回")
    assert [s.section_id for s in c.sections] == ["一", "二", "二.（一）"]


def test_a_long_addressee_list_wrapped_onto_two_lines_is_one(tmp_path: Path) -> None:
    body = BODY.replace("各市人民政府，省政府各部门：", "各市人民政府，省政府各部门，\n省直有关单位：")
    h = _extract(tmp_path, f"{TITLE}\n{body}").header
    assert h.addressees == ["各市人民政府", "省政府各部门", "省直有关单位"]


@pytest.mark.parametrize(
    "wrapped",
    [
        "各市人民政府，\n省政府各部门，\n省直有关单位：",  # one office a line
        "各市人民政府，省政府各部门，省直有\n关单位：",  # broken mid-word by the page's measure
        "各市、州人民政府，省政府各部门、各直属\n机构，省直有关单位：",
    ],
)
def test_an_addressee_list_wrapped_onto_several_lines_is_one(tmp_path: Path, wrapped: str) -> None:
    body = BODY.replace("各市人民政府，省政府各部门：", wrapped)
    h = _extract(tmp_path, f"{TITLE}\n{body}").header
    assert "".join(h.addressees) == wrapped.replace("\n", "").replace("，", "").rstrip("：")
    assert len(h.addressees) == wrapped.count("，") + 1


def test_a_metadata_boxs_date_beats_the_page_line_and_its_full_issuer_the_short_title(tmp_path: Path) -> None:
    """An aggregator's own posting time is not the document's 发布日期, and a title's short office
    (`市场监管总局办公厅`) is the one the database names in full."""
    title = "市场监管总局办公厅关于2020年第1季度全国市场监管系统政府网站检查情况的通报"
    page = (
        f"发布时间:2020-04-30 09:12:44　来源:互联网　阅读:386\n【发布部门】国家市场监督管理总局办公厅\n"
        f"【发布日期】2020.04.26\n{title}\n{BODY}"
    )
    h = _extract(tmp_path, page).header
    assert h.publish_date == dt.date(2020, 4, 26)
    assert (h.title, h.issuer) == (title, "国家市场监督管理总局办公厅")


def test_a_signature_printed_short_is_completed_with_the_pages_place(tmp_path: Path) -> None:
    body = BODY.split("\n", 1)[1]
    c = _extract(tmp_path, f"湖南省人民政府门户网站\n{body}\n省政府办公厅\n2019年7月16日\n")
    assert (c.header.issuer, c.header.issuer_level) == ("湖南省人民政府办公厅", "provincial")


def test_a_page_titled_by_its_section_names_no_circular(tmp_path: Path) -> None:
    paras = "".join(f"<p>{line}</p>" for line in BODY.split("\n", 1)[1].splitlines())
    page = "<html><head><title>{}</title></head><body><div>{}<p>湖南省人民政府办公厅</p><p>2019年7月16日</p></div></body></html>"
    c = _extract(tmp_path, page.format("政府信息公开_湖南省人民政府", paras), "page.html")
    assert c.header.title is None
    assert c.header.issuer == "湖南省人民政府办公厅"
    c = _extract(tmp_path, page.format(f"{TITLE}_政府文件_湖南省人民政府", paras), "titled.html")
    assert c.header.title == TITLE


def test_a_headline_above_a_summary_yields_to_the_title_printed_under_it(tmp_path: Path) -> None:
    """An aggregator prints `文号《title》`, a summary cut short (……), then the text again: the title
    is the one heading the number and the 主送, which are read."""
    page = (
        f"湘政办函（2019）58号《{TITLE}》\n发布时间：2019-07-20 09:12:35　来源：互联网\n"
        "【摘要】按照国务院办公厅要求，省政府办公厅组织开展了2019年第二季度全省政府网站抽查，本次抽查"
        f"政府网站120个，发现不合格网站3个……\n【全文】\n{TITLE}\n湘政办函〔2019〕58号\n{BODY}"
    )
    h = _extract(tmp_path, page).header
    assert (h.title, h.doc_number, h.addressees) == (
        TITLE,
        "湘政办函〔2019〕58号",
        ["各市人民政府", "省政府各部门"],
    )


def test_urgency_a_damaged_second_title_and_the_number_before_the_addressees(tmp_path: Path) -> None:
    page = (
        f"湖南省人民政府\n{TITLE}\n发布时间：2019-07-20　来源：省政府办公厅\n特急\n湖南省人民政府办公厅\n"
        "湖南省人民政府办公厅?P于2019年第二季度\n全省政府网站抽查情况的通报\n湘政办函〔2019〕58号\n" + BODY
    )
    h = _extract(tmp_path, page).header
    assert (h.urgency, h.doc_number) == ("特急", "湘政办函〔2019〕58号")
    assert h.addressees == ["各市人民政府", "省政府各部门"]


def test_the_bingtuan_is_provincial_and_no_province(tmp_path: Path) -> None:
    title = "新疆生产建设兵团办公厅关于2017年上半年兵团政府网站抽查情况的通报"
    h = _extract(tmp_path, f"{title}\n上传于：2017-08-02　　3页　　浏览 86 次　　下载文档\n{BODY}").header
    assert (h.issuer_level, h.issuer_province, h.issuer_city) == ("provincial", None, None)
    assert h.publish_date == dt.date(2017, 8, 2)


@pytest.mark.parametrize("line", ["【附件1】", "[附件2]"])
def test_a_bracketed_annex_heading_is_no_button(line: str) -> None:
    assert not is_chrome(line, line)
