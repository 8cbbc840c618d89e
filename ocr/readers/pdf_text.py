"""Born-digital PDFs: characters with their boxes → lines in reading order and ruled tables.

pdfplumber finds the tables (from ruling lines) and gives the characters. With some embedded CJK
fonts (CFF outlines, e.g. Noto Serif CJK written by fpdf2) it returns no characters at all while
pypdfium2 reads them exactly, so characters can come from either; lines and cells are then built
from character boxes the same way, whichever library supplied them.
"""

from __future__ import annotations

import ctypes
import logging
import unicodedata
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as RuledTable

from normalizers.layout_settings import LAYOUT
from ocr.layout import FIELD_GAP, FIELD_SPACE, is_page_number
from schemas import BBox, Cell, Doubt, Line, Page, Table, doubts

log = logging.getLogger(__name__)


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    red: bool = False
    space_before: bool = False  # the PDF has a space character before this one

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _is_red(color: object) -> bool:
    if isinstance(color, (list, tuple)) and len(color) == 3:
        r, g, b = (float(c) for c in color)
        return r > 0.6 and g < 0.4 and b < 0.4
    if isinstance(color, (list, tuple)) and len(color) == 4:  # CMYK
        c, m, y, k = (float(v) for v in color)
        return m > 0.6 and y > 0.4 and c < 0.3 and k < 0.3
    return False


def plumber_chars(page: pdfplumber.page.Page) -> list[Char]:
    return [
        Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], _is_red(c.get("non_stroking_color")))
        for c in page.chars
        if c["text"].strip()
    ]


def pdfium_chars(page: pdfium.PdfPage) -> list[Char]:
    """Characters from pypdfium2, converted to pdfplumber's top-left coordinates."""
    height = page.get_height()
    tp = page.get_textpage()
    out: list[Char] = []
    space = False
    try:
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1).replace("\ufffe", "-")  # pdfium marks a soft hyphen as U+FFFE
            if not ch.strip():
                space = True
                continue
            left, bottom, right, top = tp.get_charbox(i, loose=True)
            red = _is_red(_fill(tp, i))
            out.append(Char(ch, left, height - top, right, height - bottom, red, space_before=space))
            space = False
    finally:
        tp.close()
    return out


def unread(chars: list[Char], others: list[Char]) -> list[Char]:
    """Characters pypdfium2 finds where pdfplumber found none: a page set in two faces, one of which
    pdfminer cannot decode (a CFF title over a TrueType body), loses only that face's text."""
    rows: dict[int, list[Char]] = {}
    for c in chars:
        rows.setdefault(int(c.cy // 8), []).append(c)

    def covered(o: Char) -> bool:
        near = (c for k in (-1, 0, 1) for c in rows.get(int(o.cy // 8) + k, ()))
        return any(c.x0 <= o.cx <= c.x1 and c.top <= o.cy <= c.bottom for c in near)

    return [o for o in others if not covered(o)]


def _fill(tp: pdfium.PdfTextPage, i: int) -> tuple[float, float, float] | None:
    """A character's fill colour (0–1 RGB): a red banner stays red when pdfium reads the text."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFText_GetFillColor(tp.raw, i, *(ctypes.byref(c) for c in rgba)):
        return None
    return (rgba[0].value / 255, rgba[1].value / 255, rgba[2].value / 255)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Cluster characters into printed lines by vertical centre, then order each line left to right."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.cy, c.x0)):
        h = max(ch.bottom - ch.top, 1.0)
        if lines:
            last = lines[-1]
            ly = sum(c.cy for c in last) / len(last)
            if abs(ch.cy - ly) < 0.45 * h:
                last.append(ch)
                continue
        lines.append([ch])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


WIDE_GAP = LAYOUT.wide_gap_em


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def line_text(chars: list[Char]) -> str:
    """Join a line's characters, keeping a space where the printed gap is wide (between Latin words),
    and a run of them where it is a field's width (`签发人：周健` far left of the 文号, as a text copy
    of the page keeps them apart)."""
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None:
            size = max(prev.bottom - prev.top, 1.0)
            gap = ch.x0 - prev.x1
            if gap > FIELD_GAP * size:
                out.append(FIELD_SPACE)
            elif ch.space_before or gap > (WIDE_GAP if _wide(prev.text) and _wide(ch.text) else 0.3) * size:
                out.append(" ")  # full-width glyphs may sit narrower than their 1 em: no space inside `４２`
        out.append(ch.text)
        prev = ch
    return "".join(out)


def cell_text(lines: list[str]) -> str:
    """A cell's printed lines as its text: a wrap between Chinese characters is no break at all (so
    OpenCC reads `答` + `覆` as the word it is), between Latin words a space."""
    out = ""
    for ln in lines:
        if out and ln and not (_wide(out[-1]) or _wide(ln[0])):
            out += " "
        out += ln
    return out


def _bbox(chars: list[Char]) -> BBox:
    return BBox(
        x0=min(c.x0 for c in chars),
        top=min(c.top for c in chars),
        x1=max(c.x1 for c in chars),
        bottom=max(c.bottom for c in chars),
    )


def _inside(ch: Char, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= ch.cx <= x1 and top <= ch.cy <= bottom


def _tables(found_tables: list[RuledTable], chars: list[Char], page_no: int) -> list[Table]:
    tables: list[Table] = []
    for found in found_tables:
        rows: list[list[Cell]] = []
        for row in found.rows:
            cells: list[Cell] = []
            for box in row.cells:
                if box is None:  # spanned by a merged cell
                    cells.append(Cell(text="", page_no=page_no))
                    continue
                inside = [c for c in chars if _inside(c, box)]
                text = cell_text([line_text(ln) for ln in group_lines(inside)])
                cells.append(
                    Cell(
                        text=text, page_no=page_no, bbox=BBox(x0=box[0], top=box[1], x1=box[2], bottom=box[3])
                    )
                )
            rows.append(cells)
        x0, top, x1, bottom = found.bbox
        tables.append(Table(rows=rows, page_no=page_no, bbox=BBox(x0=x0, top=top, x1=x1, bottom=bottom)))
    return tables


def build_page(page: pdfplumber.page.Page, chars: list[Char], page_no: int) -> Page:
    """Lines outside tables plus the tables, in top-to-bottom order."""
    return assemble_page(page.find_tables(), chars, page_no, float(page.width), float(page.height))


def assemble_page(
    found_tables: list[RuledTable], chars: list[Char], page_no: int, width: float, height: float
) -> Page:
    """A page from positioned characters and the ruled tables found on it (from a PDF or an OFD)."""
    tables = _tables(found_tables, chars, page_no)
    boxes = [(t.bbox.x0, t.bbox.top, t.bbox.x1, t.bbox.bottom) for t in tables if t.bbox]
    free = [c for c in chars if not any(_inside(c, b) for b in boxes)]
    blocks: list[Line | Table] = []
    for ln in group_lines(free):
        reds = sum(c.red for c in ln)
        text, box = line_text(ln), _bbox(ln)
        if is_page_number(text, (box.x0, box.top, box.x1, box.bottom), height):
            continue  # `— 2 —`, `第2页 共6页`, `2/6` at the foot or head of the page
        blocks.append(
            Line(
                text=text,
                page_no=page_no,
                bbox=box,
                color="red" if reds > len(ln) / 2 else "black",
            )
        )
    blocks.extend(tables)
    blocks.sort(key=lambda b: b.bbox.top if b.bbox else 0.0)
    return Page(page_no=page_no, width=width, height=height, blocks=blocks)


def read_pdf_text(
    path: str, pdfium_doc: pdfium.PdfDocument, pages: list[int]
) -> tuple[list[Page], list[Doubt]]:
    """Read the given 1-based pages that carry a text layer. Returns pages and doubts."""
    out: list[Page] = []
    found: list[Doubt] = []
    fallback: list[int] = []
    with pdfplumber.open(path) as pdf:
        for no in pages:
            page = pdf.pages[no - 1]
            chars = plumber_chars(page)
            others = pdfium_chars(pdfium_doc[no - 1])
            if not chars and others:
                fallback.append(no)
            chars += unread(chars, others)
            out.append(build_page(page, chars, no))
    if fallback:
        msg = (
            f"pdfplumber read no characters on page(s) {', '.join(map(str, fallback))} "
            "(embedded CFF font?); text taken from pypdfium2"
        )
        log.warning(msg)
        why = "pdfplumber read no characters (embedded CFF font?); text taken from pypdfium2"
        found += [doubts.pdf_text_fallback(no, why) for no in fallback]
    return out, found
