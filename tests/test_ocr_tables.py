"""Ruled tables: grid from the rules, spans from missing separators, each cell read on its own."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageDraw

from ocr.engines import get_engine
from ocr.preprocess import to_grey
from ocr.tables import _tidy_cell_line, find_grids, read_tables
from tests.ocr_helpers import BLACK, TABLE, blank, degrade, draw_table, draw_text

COLS = [100, 300, 400]


def table_image(
    rows: list[list[str]] = TABLE, cols: list[int] = COLS
) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    img = blank(1000, 120 + 60 * len(rows) + 40)
    draw_text(img, (60, 20), "附件：不合格网站名单", 28)
    box = draw_table(img, 60, 80, rows, cols)
    return np.asarray(img).copy(), box


def test_grid_of_a_ruled_3x4_table() -> None:
    image, (x0, top, x1, bottom) = table_image()
    grids, rules = find_grids(to_grey(image))
    assert len(grids) == 1
    grid = grids[0]
    assert len(grid.xs) == 4 and len(grid.ys) == 5
    assert abs(grid.xs[0] - x0) <= 2 and abs(grid.xs[-1] - x1) <= 2
    assert abs(grid.ys[0] - top) <= 2 and abs(grid.ys[-1] - bottom) <= 2
    assert len({cid for row in grid.slots for cid in row}) == 12
    assert rules[grid.ys[1], (grid.xs[0] + grid.xs[1]) // 2] > 0


def test_ruled_table_with_a_two_line_cell_reads_cell_by_cell() -> None:
    image, _ = table_image()
    tables, boxes = read_tables(to_grey(image), get_engine("rapidocr"), page_no=3)
    assert len(tables) == 1 and len(boxes) == 1
    expected = [[c.replace("\n", "") for c in row] for row in TABLE]
    assert tables[0].texts() == expected
    cell = tables[0].rows[2][2]
    assert cell.page_no == 3 and cell.bbox is not None and cell.confidence is not None
    assert cell.bbox.height > tables[0].rows[1][2].bbox.height  # type: ignore[union-attr]
    assert tables[0].page_no == 3 and tables[0].bbox is not None


def test_degraded_table_still_reads() -> None:
    image, _ = table_image()
    tables, _ = read_tables(to_grey(degrade(image, seed=2)), get_engine("rapidocr"))
    assert tables[0].texts() == [[c.replace("\n", "") for c in row] for row in TABLE]


def test_merged_cell_keeps_text_in_its_first_slot() -> None:
    rows = [["序号", "单位", "扣分"], ["1", "聊城市", "-29"], ["合计", "", "29"]]
    image, _ = table_image(rows)
    # erase the rule between 合计 and the empty cell next to it: one cell spanning two columns
    grey = to_grey(image).copy()
    grids, _ = find_grids(grey)
    g = grids[0]
    grey[g.ys[2] + 3 : g.ys[3] - 2, g.xs[1] - 3 : g.xs[1] + 4] = 255
    grids, _ = find_grids(grey)
    assert grids[0].slots[2][0] == grids[0].slots[2][1] != grids[0].slots[2][2]
    tables, _ = read_tables(grey, get_engine("rapidocr"))
    assert tables[0].texts()[2] == ["合计", "", "29"]
    assert tables[0].rows[2][0].bbox.x1 == g.xs[2]  # type: ignore[union-attr]


def test_rules_without_columns_are_not_a_table() -> None:
    """The colophon (版记) has full-width rules but no vertical ones: it stays text."""
    img = blank(1000, 300)
    d = ImageDraw.Draw(img)
    for y in (60, 130, 200):
        d.line([(60, y), (940, y)], fill=BLACK, width=2)
    draw_text(img, (80, 80), "抄送：省委办公厅，省人大常委会办公厅。", 26)
    draw_text(img, (80, 150), "汕头市人民政府办公室 2017年6月29日印发", 26)
    grids, _ = find_grids(to_grey(np.asarray(img)))
    assert grids == []


def test_text_page_has_no_table() -> None:
    img = blank(900, 300)
    draw_text(img, (60, 60), "二季度全市在线运行的政府网站121个，其中市级部门", 28)
    draw_text(img, (60, 110), "一、总体情况", 28)
    assert find_grids(to_grey(np.asarray(img)))[0] == []


@pytest.mark.slow
def test_tesseract_reads_the_table_too() -> None:
    image, _ = table_image()
    tables, _ = read_tables(to_grey(image), get_engine("tesseract"))
    assert [len(row) for row in tables[0].texts()] == [3, 3, 3, 3]
    assert tables[0].texts()[2][2] == "多个栏目为空白链接无法打开"


@pytest.mark.parametrize(
    ("read", "tidy"),
    [
        ("·..站点无法访问", "站点无法访问"),
        ("-29.", "-29"),
        ("5307020016…", "5307020016"),
        ("533324001i", "5333240011"),
        ("..", ""),
        ("一季度 .1 个不合格网站-1", "一季度1 个不合格网站-1"),
        ("Ii", "Ii"),
        ("-5", "-5"),
    ],
)
def test_cell_lines_lose_dust_and_letter_digits(read: str, tidy: str) -> None:
    assert _tidy_cell_line(read) == tidy
