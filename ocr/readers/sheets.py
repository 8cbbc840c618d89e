"""Spreadsheets (`.xlsx`, `.xls`, `.ods`; `.et` once LibreOffice has converted it) with calamine.

Every visible sheet is a page. A row with one filled cell above a table is a line of text — the
annex title (`2017年第一季度…名单`, merged across the columns) or a caption (`（各市政府）`) — so the
annex finder reads it as it reads the lines over a printed table; rows with several filled cells
are the table, blank rows end it. Numbers come as numbers (`1`, `-29`, `2.5`, a site code typed as
a number keeps all its digits), dates as ISO dates. A merged cell is repeated down the rows it
covers and fills only the first of the columns, as the Word and HTML readers do.

calamine reads cached values and never evaluates a formula, so a formula bomb is only cells. What
would cost memory is a sheet's extent (calamine holds every cell of the rectangle): an `.xlsx` is
scanned first, streamed, and a sheet with more cells than `MAX_CELLS` or extending past
`MAX_EXTENT` cells is refused before calamine sees it; at most `MAX_ROWS` rows are read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

import python_calamine as pc

from ocr.readers.zipped import open_zip
from schemas import Cell, Doubt, Line, Page, Table, doubts
from schemas.exceptions import BadInput

MAX_ROWS = 20_000
MAX_CELLS = 500_000
MAX_EXTENT = 2_000_000  # rows × columns of the rectangle calamine would hold
_CHUNK = 1 << 20
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')
_ONLY_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def cell_text(value: Any) -> str:
    """A cell as printed: integral numbers without `.0`, others to 12 significant digits, ISO dates."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.12g}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() else value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _column_no(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx(data: bytes, name: str) -> None:
    """Refuse an .xlsx whose sheets hold too many cells or span too large a rectangle (streamed scan)."""
    archive = open_zip(data, name, ".xlsx")
    with archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            cells = rows = cols = 0
            tail = b""
            try:
                with archive.open(info) as f:
                    while chunk := f.read(_CHUNK):
                        text = tail + chunk
                        cut = max(0, len(text) - 64)  # a tag split by the chunk boundary is seen next time
                        cells += chunk.count(b"<c ") + chunk.count(b"<c>")
                        for m in _CELL_REF.finditer(text, 0, cut):
                            rows = max(rows, int(m.group(2)))
                            cols = max(cols, _column_no(m.group(1)))
                        tail = text[cut:]
                        if cells > MAX_CELLS or rows * max(cols, 1) > MAX_EXTENT:
                            sheet = info.filename.rsplit("/", 1)[-1]
                            raise BadInput(
                                f"{name}: {sheet} is too large to read safely (over {cells:,} cells, "
                                f"reaching row {rows:,}), a possible spreadsheet bomb"
                            )
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BadInput(f"{name}: damaged part {info.filename} ({exc})") from exc


def _grid(sheet: Any, found: list[Doubt], budget: list[int]) -> list[list[str]]:
    """The sheet's rows as text, merged cells resolved; stops when the workbook's row budget is spent."""
    col0 = sheet.start[1] if sheet.start else 0
    rows: list[list[str]] = []
    for values in sheet.iter_rows():
        if budget[0] <= 0:
            found.append(doubts.rows_over_budget(sheet.name, MAX_ROWS))
            break
        row = [cell_text(v) for v in values]
        rows.append(row)
        if any(row):
            budget[0] -= 1
    for (r0, c0), (r1, _c1) in sheet.merged_cell_ranges or []:
        r0, r1, c = int(r0), int(r1), int(c0) - col0
        if not (0 <= r0 < len(rows)) or c < 0 or c >= len(rows[r0]):
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if c < len(rows[r]) and not rows[r][c]:
                rows[r][c] = rows[r0][c]
    return rows


def _first(row: list[str]) -> int:
    return next((i for i, c in enumerate(row) if c), len(row))


def _blocks(rows: Iterable[list[str]], page_no: int) -> list[Line | Table]:
    """Lines of one filled cell (a title or caption, merged across from the first column), tables of
    rows with several, split at blank rows and lines; a lone cell under a later column of an open
    table is a wrapped cell, part of the table."""
    blocks: list[Line | Table] = []
    table: list[list[str]] = []

    def close() -> None:
        if table:
            width = max(len(r) for r in table)
            first = min(next(i for i, c in enumerate(r) if c) for r in table)
            last = max(max(i for i, c in enumerate(r) if c) for r in table)
            cells = [
                [Cell(text=c, page_no=page_no) for c in (r + [""] * width)[first : last + 1]] for r in table
            ]
            blocks.append(Table(rows=cells, page_no=page_no))
            table.clear()

    for row in rows:
        filled = [c for c in row if c]
        if not filled:
            close()
        elif len(filled) == 1 and table and _first(row) > min(map(_first, table)):
            table.append(row)  # a cell wrapped onto a row of its own, under its column
        elif len(filled) == 1 and not _ONLY_NUMBER.match(filled[0]):
            close()
            blocks += [Line(text=t.strip(), page_no=page_no) for t in filled[0].split("\n") if t.strip()]
        else:
            table.append(row)
    close()
    return blocks


def read_sheets(data: bytes, name: str, suffix: str) -> tuple[list[Page], list[Doubt]]:
    """Every visible worksheet as a page (its sheet name kept); doubts about what was not read."""
    if suffix == ".xlsx":
        check_xlsx(data, name)
    elif suffix == ".ods":
        open_zip(data, name, ".ods").close()
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise BadInput(f"{name}: encrypted spreadsheet (password required)") from exc
    except Exception as exc:  # calamine's errors for a file it cannot parse
        raise BadInput(f"{name}: corrupt or unreadable spreadsheet ({type(exc).__name__}: {exc})") from exc
    pages: list[Page] = []
    found: list[Doubt] = []
    budget = [MAX_ROWS]
    for i, meta in enumerate(book.sheets_metadata):
        if meta.visible != pc.SheetVisibleEnum.Visible or meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = book.get_sheet_by_index(i)
        except Exception as exc:
            raise BadInput(
                f"{name}: sheet {meta.name!r} is unreadable ({type(exc).__name__}: {exc})"
            ) from exc
        page_no = len(pages) + 1
        blocks = _blocks(_grid(sheet, found, budget), page_no)
        if blocks:
            pages.append(Page(page_no=page_no, blocks=blocks, sheet=meta.name))
    if not pages:
        raise BadInput(f"{name}: the spreadsheet has no filled cells")
    return pages, found
