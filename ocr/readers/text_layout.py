"""Plain text laid out like the printed page (a PDF copied as text, `pdftotext -layout`): lines
broken at the measure, paragraphs marked by their indent, tables as columns of spaces.

Such text keeps the page's geometry in its character positions, so its lines get boxes measured in
character cells (an ideograph is two cells wide, a Latin letter one) and the paragraph builder
treats them like a PDF's; a table whose header starts with 序号 is cut into cells at its columns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from normalizers.layout_settings import LAYOUT
from schemas import BBox, Cell, Table

#: a cell's text: words joined by single spaces; two spaces, an ideographic space or a tab part cells
_FIELD = re.compile(r"\S+(?: \S+)*")
_HEADER_FIRST = ("序号", "编号")
#: a line whose cells are parted by a single ideographic space each (a table flattened to words)
_ONE_GAP_EACH = re.compile(r"[^\s]+(?:\u3000[^\s]+)+")
_NEAR_MEASURE = LAYOUT.near_measure
_MIN_FULL_LINES = LAYOUT.min_full_lines
_MAX_MEASURE = LAYOUT.max_measure
LINE_HEIGHT = LAYOUT.text_line_height
BLANK_LINE_GAP = LAYOUT.blank_line_gap


def width(text: str) -> int:
    """Display width in cells: two for an East Asian wide or full-width character, else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def measure_of(lines: list[str]) -> int | None:
    """The measure (in cells) the lines were broken at, if they were broken as a printed page's are
    (not one paragraph per line): the width most lines reach, give or take a few characters."""
    # table rows (cells apart by gaps) run wider than the text's measure: left out
    widths = sorted(width(ln.rstrip()) for ln in lines if len(ln.strip()) >= 10 and len(_fields(ln)) == 1)
    if len(widths) < 8:
        return None
    best, measure = 0, 0
    for w in widths:
        near = sum(w - _NEAR_MEASURE <= x <= w for x in widths)
        if near >= best:
            best, measure = near, w
    wider = sum(w > measure for w in widths)  # a paragraph a line can be longer than any measure
    if (
        measure > _MAX_MEASURE
        or best < max(_MIN_FULL_LINES, 0.35 * len(widths))
        or wider > 0.05 * len(widths)
    ):
        return None
    return measure


def line_box(raw: str, top: float, measure: int) -> BBox:
    """The box of a line in character cells, from its indent to its last character — to the measure
    when it ends near it, as a justified printed line does."""
    stripped = raw.rstrip()
    x0 = width(stripped) - width(stripped.lstrip())
    x1 = width(stripped)
    if measure - _NEAR_MEASURE <= x1 < measure:
        x1 = measure
    return BBox(x0=x0, top=top, x1=x1, bottom=top + LINE_HEIGHT)


@dataclass
class _Field:
    start: int  # display column
    text: str


def _fields(raw: str) -> list[_Field]:
    """The line's runs of text between gaps, with the display column each starts at."""
    return [_Field(width(raw[: m.start()]), m.group(0)) for m in _FIELD.finditer(raw)]


def table_at(lines: list[str], i: int, page_no: int) -> tuple[Table, int] | None:
    """A space-aligned table whose header row is lines[i], and the index after its last line."""
    header = _fields(lines[i])
    if len(header) < 3 or header[0].text.replace(" ", "") not in _HEADER_FIRST:
        return None
    if _ONE_GAP_EACH.fullmatch(lines[i].strip()):
        return None  # cells parted by one ideographic space each, not set in columns: `word_tables`
    starts = [f.start for f in header]
    rows = [[Cell(text=f.text, page_no=page_no) for f in header]]
    j = i + 1
    while j < len(lines):
        if not lines[j].strip():
            nxt = next((k for k in range(j + 1, len(lines)) if lines[k].strip()), None)
            if nxt is None or not _starts_a_row(_fields(lines[nxt]), starts):
                break
            j = nxt
            continue
        fields = _fields(lines[j])
        if not (_starts_a_row(fields, starts) or _continues_a_row(fields, starts)):
            break
        cells = [""] * len(starts)
        for f in fields:
            col = max((c for c, s in enumerate(starts) if s <= f.start + 2), default=0)
            cells[col] = f"{cells[col]} {f.text}".strip()
        rows.append([Cell(text=t, page_no=page_no) for t in cells])
        j += 1
    return (Table(rows=rows, page_no=page_no), j) if len(rows) > 1 else None


def _starts_a_row(fields: list[_Field], starts: list[int]) -> bool:
    """A row: its first field in the first column, a number (序号) or a total, and more fields."""
    return (
        len(fields) >= 2
        and fields[0].start < starts[1] - 1
        and (fields[0].text.rstrip(".．、").isdigit() or fields[0].text.replace(" ", "") in ("合计", "总计"))
    )


def _continues_a_row(fields: list[_Field], starts: list[int]) -> bool:
    """A wrapped cell's next line: nothing in the first column, text under a column's start."""
    return bool(fields) and all(f.start >= starts[1] - 2 for f in fields)
