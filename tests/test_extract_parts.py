"""The parts of a circular, each on hand-built input: zones from paragraphs, the outline from body
paragraphs, annex records from a table. A failure here names the stage, not a whole document."""

from __future__ import annotations

import pytest

from pipeline.extraction.annexes import find_annexes
from pipeline.extraction.front import is_addressee_line
from pipeline.extraction.paragraphs import Para
from pipeline.extraction.sections import outline, split_heading
from pipeline.extraction.tables import column_names, is_header, records
from pipeline.extraction.zones import find_zones
from schemas import Cell, Table


def paras(*texts: str, align: dict[int, str] | None = None) -> list[Para | Table]:
    return [Para(text=t, align=(align or {}).get(i)) for i, t in enumerate(texts)]  # type: ignore[arg-type]


def table(*rows: str) -> Table:
    return Table(rows=[[Cell(text=c) for c in row.split("|")] for row in rows])


REGULAR = paras(
    "湖南省人民政府办公厅文件",
    "湘政办函〔2018〕31号",
    "湖南省人民政府办公厅",
    "关于2018年第一季度全省政府网站抽查情况的通报",
    "各市州人民政府，省政府各厅委、各直属机构：",
    "现将有关情况通报如下：",
    "一、总体情况",
    "此次共抽查网站361个。",
    "附件：1.2018年第一季度抽查不合格网站名单",
    "湖南省人民政府办公厅",
    "2018年4月12日",
    "附件1",
    "2018年第一季度抽查不合格网站名单",
)


def test_zones_follow_gb9704_order() -> None:
    z = find_zones(REGULAR)
    assert z.banner is not None and z.banner.text == "湖南省人民政府办公厅文件"
    assert [p.text for p in z.header] == ["湘政办函〔2018〕31号"]
    assert (
        "".join(p.text for p in z.title) == "湖南省人民政府办公厅关于2018年第一季度全省政府网站抽查情况的通报"
    )
    assert z.addressees is not None and z.addressees.text.startswith("各市州")
    assert [p.text for p in z.body] == ["现将有关情况通报如下：", "一、总体情况", "此次共抽查网站361个。"]
    assert [p.text for p in z.annex_list] == ["附件：1.2018年第一季度抽查不合格网站名单"]
    assert [p.text for p in z.signature] == ["湖南省人民政府办公厅"]
    assert z.date is not None and z.date.text == "2018年4月12日"
    assert [b.text for b in z.tail if isinstance(b, Para)] == ["附件1", "2018年第一季度抽查不合格网站名单"]


def test_without_banner_or_title_the_body_starts_at_the_first_sentence() -> None:
    z = find_zones(paras("各区人民政府：", "现将情况通报如下：", "一、总体情况"))
    assert z.banner is None and not z.title
    assert z.addressees is not None and [p.text for p in z.body] == ["现将情况通报如下：", "一、总体情况"]


@pytest.mark.parametrize(
    ("text", "is_addressees"),
    [
        ("各市州人民政府，省政府各厅委、各直属机构：", True),
        ("现将有关情况通报如下：", False),
        ("2018年3月，省政府办公厅组织对全省政府网站进行了抽查。现将情况通报如下：", False),
    ],
)
def test_addressees_are_offices_not_the_opening_sentence(text: str, is_addressees: bool) -> None:
    assert is_addressee_line(text) is is_addressees


def test_outline_levels_and_run_in_headings() -> None:
    body = [
        Para(text=t)
        for t in (
            "一、总体情况",
            "抽查网站100个。",
            "二、存在问题",
            "（一）更新不及时。部分网站首页长期未更新。",
            "1.留言超期。部分留言未回复。",
            "（二）互动不回应",
        )
    ]
    o = outline(body)
    sections, located = o.sections, o.located
    assert [(s.section_id, s.level, s.heading) for s in sections] == [
        ("一", 1, "总体情况"),
        ("二", 1, "存在问题"),
        ("二.（一）", 2, "更新不及时"),
        ("二.（一）.1", 3, "留言超期"),
        ("二.（二）", 2, "互动不回应"),
    ]
    assert sections[0].text == "抽查网站100个。"
    assert sections[2].text == "部分网站首页长期未更新。"
    assert located[1] == ("一", "抽查网站100个。")


def test_a_repeated_number_is_a_list_in_the_text_not_the_outline() -> None:
    sections = outline([Para(text=t) for t in ("一、问题", "1.甲。", "2.乙。", "1.丙。")]).sections
    assert [s.section_id for s in sections] == ["一", "一.1", "一.2"]


def test_split_heading() -> None:
    assert split_heading("总体情况") == ("总体情况", "")
    assert split_heading("更新不及时。部分网站首页长期未更新。") == ("更新不及时", "部分网站首页长期未更新。")


def test_annex_parts_take_their_tables_and_titles() -> None:
    """A signature among the first paragraphs of a short circular is no banner: the banner is looked
    for only above the title (header by evidence)."""
    blocks = [
        *paras(
            "关于2018年第一季度全省政府网站抽查情况的通报",
            "一、总体情况",
            "附件：1.不合格网站名单",
            "2.扣分情况",
            "省政府办公厅",
            "2018年4月12日",
        ),
        Para(text="附件1"),
        Para(text="不合格网站名单"),
        table("序号|市州|网站名称|存在问题|网站标识码", "1|株洲|株洲市交通运输局|首页长期不更新|4302000012"),
        Para(text="附件2"),
        Para(text="扣分情况"),
        table("序号|单位|扣分|扣分说明", "1|株洲市|-3|不合格网站-3"),
    ]
    parts = find_annexes(find_zones(blocks))
    assert [(p.no, p.title, p.listed, len(p.tables)) for p in parts] == [
        (1, "不合格网站名单", True, 1),
        (2, "扣分情况", True, 1),
    ]


def test_records_name_columns_by_the_reference_table() -> None:
    header = ["序号", "市州/部门", "网站名称", "存在的突出问题", "网站标识码"]
    assert is_header(header)
    assert column_names(header) == {0: "seq", 1: "unit", 2: "site_name", 3: "problems", 4: "site_code"}
    (rec,) = records([table("|".join(header), "1|株洲|株洲市交通运输局|首页长期不更新|4302000012")])
    assert rec.seq == 1 and rec.cells["unit"] == "株洲" and rec.cells["site_code"] == "4302000012"


def test_a_row_without_a_number_continues_the_row_above() -> None:
    recs = records([table("序号|单位|扣分|扣分说明", "1|株洲市|-3|不合格网站-2；", "|||留言超期-1")])
    assert [(r.seq, r.cells["explanation"]) for r in recs] == [(1, "不合格网站-2；留言超期-1")]


def test_a_repeated_header_with_numbers_restarting_is_a_second_table() -> None:
    recs = records([table("序号|单位|扣分", "1|甲市|-1", "2|乙市|-2", "序号|单位|扣分", "1|省农业厅|-3")])
    assert [(r.table_no, r.seq) for r in recs] == [(1, 1), (1, 2), (2, 1)]
