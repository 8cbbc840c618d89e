"""PDF layouts the fixture generator did not draw before issue 11, each on a page built by hand:
an annex title wrapped onto a second line, an `附件：1.…` item wrapped mid-title, the date alone
after the annex list, an annex table whose title names no kind, ragged-right lines, a paragraph's
first line that looks centred, a number broken across lines, a table going on over a page break
without its header. Lines are boxed on an A4-like page in points; body text is 16 pt on a measure
from 80 to 480, so that a line is full at x1 = 480."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pipeline.extraction.paragraphs import Para, paragraphs
from pipeline.run import extract_source
from schemas import BBox, Cell, Line, Page, SourceDocument, Table

LEFT, RIGHT, SIZE = 80.0, 480.0, 16.0
Row = tuple[str, float, float, float]  # text, x0, x1, height


def _page(no: int, rows: Sequence[Row | Table], top: float = 80.0) -> Page:
    blocks: list[Line | Table] = []
    y = top
    for r in rows:
        if isinstance(r, Table):
            height = 24.0 * len(r.rows)
            blocks.append(
                r.model_copy(
                    update={"page_no": no, "bbox": BBox(x0=LEFT, top=y, x1=RIGHT, bottom=y + height)}
                )
            )
            y += height + 8
            continue
        text, x0, x1, h = r
        blocks.append(Line(text=text, page_no=no, bbox=BBox(x0=x0, top=y, x1=x1, bottom=y + h)))
        y += h * 1.6
    return Page(page_no=no, width=560, height=800, blocks=blocks)


def _doc(*pages: Sequence[Row | Table]) -> SourceDocument:
    return SourceDocument(
        source_path="layout.pdf",
        sha256="0" * 64,
        media_type="pdf_text",
        pages=[_page(i, rows) for i, rows in enumerate(pages, 1)],
    )


def body(text: str, indent: float = 0.0, full: bool = True) -> Row:
    """A body line: at the margin (or indented by `indent` characters), full or as long as it is."""
    x0 = LEFT + indent * SIZE
    return (text, x0, RIGHT if full else x0 + len(text) * SIZE, SIZE)


def centred(text: str, size: float = SIZE) -> Row:
    width = len(text) * size
    return (text, (LEFT + RIGHT - width) / 2, (LEFT + RIGHT + width) / 2, size)


def _texts(doc: SourceDocument) -> list[str]:
    return [p.text for p in paragraphs(doc) if isinstance(p, Para)]


FILLER = [
    body("各地区、各部门要按照要求，进一步加强政府网站管理，切实做好", indent=2),
    *[body("网站内容保障和日常监管工作，确保问题整改到位、取得实效，并举一反") for _ in range(7)],
    body("三，建立长效机制。", full=False),
]


def test_an_annex_title_wrapped_on_its_page_is_one_title() -> None:
    doc = _doc(
        FILLER,
        [
            body("附件1", full=False),
            centred("2018年第二季度全市政府网站抽查发现问题网站", 20),
            centred("名单", 20),
            body("注：抽查时间为2018年6月。", full=False),
        ],
    )
    assert "2018年第二季度全市政府网站抽查发现问题网站名单" in _texts(doc)


def test_an_annex_list_item_wrapped_under_its_title_goes_on() -> None:
    hang = LEFT + 5 * SIZE
    doc = _doc(
        [
            *FILLER,
            body("附件：1.2018年第二季度全市政府网站抽查不合格网站名单；2.2018年", indent=2),
            ("第二季度政府网站绩效考核扣分情况", hang, hang + 16 * SIZE, SIZE),  # sits near the middle
            ("3.政府网站问题整改要求", hang, hang + 11 * SIZE, SIZE),
        ]
    )
    texts = _texts(doc)
    assert (
        "附件：1.2018年第二季度全市政府网站抽查不合格网站名单；2.2018年第二季度政府网站绩效考核扣分情况"
        in texts
    )
    assert "3.政府网站问题整改要求" in texts


@pytest.mark.parametrize("wrapped", ["，总体合格率", "（<"])
def test_a_ragged_line_runs_on_when_what_follows_did_not_fit(wrapped: str) -> None:
    first = "本次抽查网站215个，发现不合格网站7个" + wrapped
    rest = "96.8%。" if wrapped.startswith("，") else "http://www.example.gov.cn/col/col1825/>）进行公示。"
    doc = _doc([*FILLER, (first, LEFT, RIGHT - 2.2 * SIZE, SIZE), body(rest, full=False)])
    assert _texts(doc)[-1] == first + rest
    # a line as short with room for what follows ended its paragraph
    doc = _doc([*FILLER, (first, LEFT, RIGHT - 2.2 * SIZE, SIZE), body("另有", indent=2, full=False)])
    assert _texts(doc)[-2:] == [first, "另有"]


def test_a_ragged_first_line_is_no_centred_title() -> None:
    first = "根据《国务院办公厅关于印发政府网站发展指引的通知》（国办发"
    doc = _doc(
        [
            *FILLER,
            (first, LEFT + 2 * SIZE, RIGHT - 1.5 * SIZE, SIZE),
            body("〔2017〕47号）要求，特此通报。", full=False),
        ]
    )
    assert _texts(doc)[-1] == first + "〔2017〕47号）要求，特此通报。"


def test_an_outline_number_wrapped_to_the_margin_is_no_heading() -> None:
    doc = _doc(
        [*FILLER, body("市住房城乡建设局网站", indent=2), body("一、二季度连续抽查不合格。", full=False)]
    )
    assert _texts(doc)[-1] == "市住房城乡建设局网站一、二季度连续抽查不合格。"


def test_a_number_broken_across_lines_is_one_number() -> None:
    doc = _doc([*FILLER, body("全州正在运行的政府网站4", indent=2), body("2个。", full=False)])
    assert _texts(doc)[-1] == "全州正在运行的政府网站42个。"


def _table(rows: list[list[str]]) -> Table:
    return Table(rows=[[Cell(text=t) for t in r] for r in rows])


HEAD = [
    centred("关于2018年第二季度全市政府网站抽查情况的通报", 22),
    body("各县（市、区）人民政府，市直各部门：", full=False),
    body("现将2018年第二季度全市政府网站抽查情况通报如下。", indent=2, full=False),
    body("一、抽查情况", indent=2, full=False),
    *FILLER,
]


def test_the_date_alone_after_the_annex_list_is_the_issue_date() -> None:
    date = "2018年7月20日"
    doc = _doc(
        [
            *HEAD,
            body("附件：1.有关情况", indent=2, full=False),
            body("2.整改要求", indent=5, full=False),
            (date, RIGHT - 4 * SIZE - 6.5 * SIZE, RIGHT - 4 * SIZE, SIZE),
        ]
    )
    assert str(extract_source(doc).header.issue_date) == "2018-07-20"


def test_an_annex_table_read_by_its_header_when_its_title_names_no_kind() -> None:
    """`有关情况` is no findings title, but 网站 and 存在问题 columns make the rows findings; and the
    table goes on over the page break without its header row."""
    first = _table(
        [["序号", "地区", "网站", "存在问题"], ["1", "海拉尔区", "海拉尔区人民政府", "首页超过2周未更新"]]
    )
    rest = _table([["2", "扎兰屯市", "扎兰屯市林业局", "站点无法访问"]])
    doc = _doc(
        [*HEAD, body("附件：有关情况", indent=2, full=False), ("2018年7月20日", 330, 434, SIZE)],
        [body("附件", full=False), centred("有关情况", 20), first],
        [rest],
    )
    c = extract_source(doc)
    assert [(a.kind, a.row_count) for a in c.annexes] == [("website_findings", 2)]
    assert [(f.seq, f.site_name) for f in c.website_findings] == [
        (1, "海拉尔区人民政府"),
        (2, "扎兰屯市林业局"),
    ]


def test_the_date_is_found_past_the_broken_off_rests_of_annex_items() -> None:
    """Rests of wrapped `附件：` items that stand as paragraphs of their own do not hide the date."""
    from pipeline.extraction.zones import find_zones

    texts = [
        "关于2016年四季度全省政府网站抽查情况的通报",
        "各州、市人民政府：",
        "现将有关情况通报如下。",
        "附件：1.2016年四季度国务院办公厅抽查发",
        "现的不合格政府网站名单",
        "2.2016年四季度省政府办公厅抽查发",
        "现的不合格政府网站名单",
        "3.2016年三季度被通报后仍未整改到",
        "位的政府网站名单",
        "2017年2月10日",
    ]
    z = find_zones([Para(text=t) for t in texts])
    assert z.date is not None and z.date.text == "2017年2月10日"
