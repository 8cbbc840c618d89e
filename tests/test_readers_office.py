"""Word, spreadsheet and OFD readers, on files built here with python-docx and openpyxl (the OFD from
the fixture generator's page geometry): outline numbers put back, headers never read, merged cells,
numbers as numbers, and OFD read with the same lines and boxes as its born-digital PDF twin."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

from ocr.readers import read
from ocr.readers.docx import read_docx
from ocr.readers.numbering import format_number
from ocr.readers.ofd import read_ofd
from ocr.readers.sheets import cell_text, read_sheets
from schemas import Line, Page, Table
from schemas.exceptions import BadInput
from tests.factories import SAMPLES
from tests.fixtures.render.fonts import UMING, metrics
from tests.fixtures.render.layout import lay_out
from tests.fixtures.render.ofd import ofd_bytes
from tests.fixtures.render.seed import read_seed
from tests.fixtures.render.word import docx_bytes

OFFICE = Path(__file__).resolve().parent / "fixtures" / "office"
DIGITAL = Path(__file__).resolve().parent / "fixtures" / "pdf"
SEED = SAMPLES / "000_49f8d2aa1abd7151.txt"


def lines(pages: list[Page]) -> list[str]:
    return [b.text for p in pages for b in p.blocks if isinstance(b, Line)]


def tables(pages: list[Page]) -> list[list[list[str]]]:
    return [b.texts() for p in pages for b in p.blocks if isinstance(b, Table)]


def test_word_numbering_is_put_back_and_the_running_head_is_not_read() -> None:
    seed = read_seed(SEED)
    pages = read_docx(docx_bytes(seed.blocks, "页眉里的标题不是标题"), "x.docx")
    text = lines(pages)
    assert "页眉里的标题不是标题" not in text and "— 1 —" not in text
    assert "一、检查基本情况" in text and "四、工作要求" in text  # typed as numbering, not as text
    assert any(t.startswith("（二）做好县级网站关停工作") for t in text)
    banner = pages[0].blocks[0]
    assert isinstance(banner, Line) and banner.color == "red"  # the 红头
    assert len(pages) == 2 and lines(pages[1:])[0] == "附件"  # the annex starts a new page
    assert tables(pages)[0][0] == ["序号", "各市", "上半年扣分", "扣分说明"]


@pytest.mark.parametrize(
    ("n", "fmt", "out"),
    [
        (3, "chineseCounting", "三"),
        (12, "chineseCounting", "十二"),
        (2, "decimal", "2"),
        (3, "decimalEnclosedCircle", "③"),
        (2, "ideographTraditional", "乙"),
        (4, "upperRoman", "IV"),
    ],
)
def test_number_formats(n: int, fmt: str, out: str) -> None:
    assert format_number(n, fmt) == out


def _docx_with_merges() -> bytes:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "内部资料"
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("某某市人民政府办公室")
    run.add_break()
    run.add_text("关于网站抽查情况的通报")
    t = doc.add_table(rows=4, cols=3)
    for i, row in enumerate(
        [["序号", "地区", "网站名称"], ["1", "甲市", "甲网"], ["2", "", "乙网"], ["合计", "", "2"]]
    ):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    t.cell(1, 1).merge(t.cell(2, 1))  # a region printed once beside two sites
    t.cell(3, 0).merge(t.cell(3, 1))  # 合计 across two columns
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_word_tables_repeat_cells_merged_down_and_fill_the_first_merged_across() -> None:
    pages = read_docx(_docx_with_merges(), "m.docx")
    assert lines(pages) == ["某某市人民政府办公室", "关于网站抽查情况的通报"]  # a soft break: two lines
    assert tables(pages) == [
        [["序号", "地区", "网站名称"], ["1", "甲市", "甲网"], ["2", "甲市", "乙网"], ["合计", "", "2"]]
    ]


def _xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "附件1"
    ws["A1"] = "2018年第一季度抽查不合格网站名单"
    ws.merge_cells("A1:E1")
    ws.append(["序号", "地区", "网站名称", "网站标识码", "扣分"])
    ws.append([1, "甲市", "甲网", 4400000001, -29])
    ws.append([2, None, "乙网", "4400000002", 2.5])
    ws.merge_cells("B3:B4")
    ws.append([])
    ws.append(["注：检查时间", None, None, None, None])
    ws.append([dt.date(2018, 3, 31)])
    wb.create_sheet("隐藏").sheet_state = "hidden"
    wb["隐藏"]["A1"] = "不该读到"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_sheets_title_rows_are_lines_numbers_stay_numbers() -> None:
    pages, warnings = read_sheets(_xlsx(), "a.xlsx", ".xlsx")
    assert not warnings and len(pages) == 1 and pages[0].sheet == "附件1"  # the hidden sheet is not read
    assert lines(pages) == ["2018年第一季度抽查不合格网站名单", "注：检查时间", "2018-03-31"]
    assert tables(pages) == [
        [
            ["序号", "地区", "网站名称", "网站标识码", "扣分"],
            ["1", "甲市", "甲网", "4400000001", "-29"],
            ["2", "甲市", "乙网", "4400000002", "2.5"],
        ]
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (-29.0, "-29"),
        (2.5, "2.5"),
        (4400000001.0, "4400000001"),
        (0.1 + 0.2, "0.3"),
        (dt.date(2017, 6, 30), "2017-06-30"),
        (" 甲 ", "甲"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_ofd_reads_like_its_born_digital_pdf() -> None:
    """The OFD writer draws the PDF generator's pages: the reader must give the same lines (text and
    box within a point) and the same table cells, so the paragraph builder sees the same page."""
    seed = read_seed(SEED)
    m = metrics(UMING)
    got, warnings = read_ofd(ofd_bytes(lay_out(seed.blocks, m), m, seed.stem), "s.ofd")
    pdf = read(DIGITAL / f"{seed.stem}__digital.pdf").pages
    assert not warnings and len(got) == len(pdf)
    for a, b in zip(got, pdf, strict=True):
        la = [x for x in a.blocks if isinstance(x, Line)]
        lb = [x for x in b.blocks if isinstance(x, Line)]
        assert [x.text for x in la] == [x.text for x in lb]
        for x, y in zip(la, lb, strict=True):
            assert x.bbox and y.bbox and abs(x.bbox.x0 - y.bbox.x0) < 1.5 and abs(x.bbox.top - y.bbox.top) < 2
            assert x.color == y.color
        assert [t.texts() for t in a.blocks if isinstance(t, Table)] == [
            t.texts() for t in b.blocks if isinstance(t, Table)
        ]


def test_committed_office_fixtures_match_the_generator() -> None:
    """The committed Word and OFD samples are the generator's output (regenerate with make_office)."""
    seed = read_seed(SEED)
    m = metrics(UMING)
    assert (OFFICE / f"{seed.stem}__ofd.ofd").read_bytes() == ofd_bytes(lay_out(seed.blocks, m), m, seed.stem)
    assert lines(read_docx((OFFICE / f"{seed.stem}__word.docx").read_bytes(), "w.docx")) == lines(
        read_docx(docx_bytes(seed.blocks, "x"), "w.docx")
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cut.docx", b"PK\x03\x04" + b"\x00" * 40, "truncated or corrupt .docx"),
        ("text.docx", "不是压缩包".encode(), "not a .docx"),
        ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 40, "truncated or corrupt .xlsx"),
        ("cut.ofd", b"PK\x03\x04" + b"\x00" * 40, "truncated or corrupt .ofd"),
        ("ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "encrypted"),
    ],
)
def test_broken_office_files_get_one_line(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(BadInput) as err:
        read(p)
    assert name in str(err.value) and reason in str(err.value) and "\n" not in str(err.value)
