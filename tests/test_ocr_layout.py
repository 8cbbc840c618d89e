"""Reading order, baseline merging and page furniture, on engine output and on whole pages."""

from __future__ import annotations

import pytest

from ocr.engines.base import OcrLine
from ocr.layout import (
    clean_text,
    drop_running_heads,
    is_page_number,
    merge_fragments,
    reading_order,
    to_lines,
)
from ocr.readers.scan import ocr_page
from schemas.intermediate import BBox, Cell, Line, Page, Table
from tests.ocr_helpers import TABLE, block_texts, circular_page


def ln(text: str, x0: float, top: float, x1: float, bottom: float, conf: float = 0.9) -> OcrLine:
    return OcrLine(text, (x0, top, x1, bottom), conf)


def test_fragments_on_one_baseline_are_joined_in_x_order() -> None:
    merged = merge_fragments(
        [
            ln("签批盖章 李耿坚", 700, 102, 900, 132),
            ln("发电单位", 100, 100, 220, 130),
            ln("汕头市人民政府办公室", 240, 101, 560, 131, conf=0.5),
            ln("等级 特急·明电", 100, 150, 300, 180),
        ]
    )
    # a gap of a few characters is a space; one of a field's width (4.7 line heights) a run of them
    assert [m.text for m in merged] == ["发电单位汕头市人民政府办公室    签批盖章 李耿坚", "等级 特急·明电"]
    assert merged[0].box == (100, 100, 900, 132)
    assert 0.5 < merged[0].confidence < 0.9


def test_lines_come_top_to_bottom_even_when_the_engine_shuffles_them() -> None:
    lines = [ln("三", 100, 300, 200, 330), ln("一", 100, 100, 200, 130), ln("二", 120, 200, 200, 230)]
    assert [m.text for m in merge_fragments(lines)] == ["一", "二", "三"]


def test_consecutive_lines_are_not_merged() -> None:
    lines = [ln("第一行文字", 100, 100, 500, 130), ln("第二行文字", 100, 140, 500, 170)]
    assert len(merge_fragments(lines)) == 2


@pytest.mark.parametrize(
    "text", ["— 2 —", "-2-", "一 2 一", "2", "- 12 -", "第2页", "第 3 页 共 5 页", "2/5"]
)
def test_page_numbers_at_the_bottom_are_recognised(text: str) -> None:
    assert is_page_number(text, (500, 1950, 560, 1980), 2000)
    assert not is_page_number(text, (500, 900, 560, 930), 2000)


@pytest.mark.parametrize("text", ["2017年6月29日", "一、总体情况", "附件2", "12345"])
def test_bottom_lines_that_are_not_page_numbers_stay(text: str) -> None:
    assert not is_page_number(text, (500, 1950, 560, 1980), 2000)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("发现不合格网站.20个", "发现不合格网站20个"),
        (".值，考核排名", "值，考核排名"),
        ("附件：1. 关于", "附件：1. 关于"),
        ("http://www.shandong.gov.cn/col/", "http://www.shandong.gov.cn/col/"),
        ("合格率92.5%", "合格率92.5%"),
        ("等级 特急·明电", "等级 特急·明电"),
    ],
)
def test_dust_dots_after_chinese_are_dropped(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_to_lines_drops_page_numbers_and_keeps_provenance() -> None:
    lines = to_lines(
        [ln("正文", 100, 100, 200, 130, 0.97), ln("— 3 —", 480, 1940, 560, 1970)], 3, 2000, ["red", "black"]
    )
    assert len(lines) == 1
    assert lines[0].page_no == 3 and lines[0].color == "red" and lines[0].confidence == 0.97
    assert lines[0].bbox == BBox(x0=100, top=100, x1=200, bottom=130)


def test_tables_take_their_place_among_lines() -> None:
    lines = to_lines([ln("前", 100, 100, 200, 130), ln("后", 100, 900, 200, 930)], 1, 2000)
    table = Table(rows=[[Cell(text="x")]], bbox=BBox(x0=90, top=300, x1=800, bottom=600))
    assert [b.kind for b in reading_order(lines, [table])] == ["line", "table", "line"]


def _page(no: int, head: str) -> Page:
    return Page(
        page_no=no,
        height=2000,
        blocks=[
            Line(text=head, bbox=BBox(x0=100, top=40, x1=600, bottom=70)),
            Line(text=f"正文{no}", bbox=BBox(x0=100, top=400, x1=600, bottom=430)),
        ],
    )


def test_running_heads_repeated_on_pages_are_dropped() -> None:
    pages = [_page(n, f"汕头市人民政府办公室文件 第{n}页") for n in (1, 2, 3)]
    out = drop_running_heads(pages)
    assert [block_texts(p.blocks) for p in out] == [["正文1"], ["正文2"], ["正文3"]]
    two = [_page(n, "标题") for n in (1, 2)]
    assert drop_running_heads(two) == two


@pytest.mark.slow
def test_whole_page_reading_order_with_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "off")
    synth = circular_page(table=TABLE, page_number="— 2 —")
    page = ocr_page(synth.image, "rapidocr", page_no=2)
    assert page.page_no == 2 and page.engine == "rapidocr"
    assert (page.width, page.height) == (synth.image.shape[1], synth.image.shape[0])
    assert page.confidence is not None and page.confidence > 0.95
    kinds = [b.kind for b in page.blocks]
    assert kinds == ["line"] * 4 + ["table"] + ["line"] * 2
    texts = [b.text for b in page.blocks if isinstance(b, Line)]
    assert texts == [*synth.red_lines, *synth.lines]
    for block in page.blocks:
        assert block.bbox is not None and page.width is not None and page.height is not None
        assert 0 <= block.bbox.x0 < block.bbox.x1 <= page.width
        assert 0 <= block.bbox.top < block.bbox.bottom <= page.height
