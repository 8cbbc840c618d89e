"""OCR lines → printed lines in reading order, without page furniture.

Engines cut a printed line into fragments wherever the gap is wide (Tesseract even inside a phrase,
RapidOCR between the fields of a telegram header), so fragments on one baseline are joined back,
with a space where the gap is wider than a character, as pdfplumber does for born-digital PDFs.
Paragraphs are NOT joined here: the lead's layout stage does that from bboxes for every source,
so each Line keeps an accurate box in page pixels.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from normalizers import vocabulary as V
from normalizers.layout_settings import LAYOUT
from ocr.engines.base import OcrLine
from schemas.intermediate import BBox, Line, Page, Table

_DASHES = r"\-—–－一_~·.．\s"
PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}]*\d{{1,3}}[{_DASHES}]*$"
    r"|^第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$"
    r"|^\d{1,3}\s*/\s*\d{1,3}$"
)
EDGE = LAYOUT.page_edge
SPACE_GAP = LAYOUT.space_gap
FIELD_GAP = LAYOUT.field_gap
FIELD_SPACE = "    "


def _height(box: tuple[float, float, float, float]) -> float:
    return max(1.0, box[3] - box[1])


def _same_row(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(_height(a), _height(b))


def merge_fragments(lines: list[OcrLine]) -> list[OcrLine]:
    """Join fragments that share a baseline and sort everything top to bottom, left to right."""
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0])):
        for row in rows:
            box = _union([r.box for r in row])
            overlaps_x = any(
                min(r.box[2], ln.box[2]) - max(r.box[0], ln.box[0]) > 0.5 * _height(ln.box) for r in row
            )
            if _same_row(box, ln.box) and not overlaps_x:
                row.append(ln)
                break
        else:
            rows.append([ln])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        text = row[0].text
        for prev, cur in itertools.pairwise(row):
            gap = cur.box[0] - prev.box[2]
            height = min(_height(prev.box), _height(cur.box))
            space = FIELD_SPACE if gap > FIELD_GAP * height else " " if gap > SPACE_GAP * height else ""
            text += space + cur.text
        weights = [max(1, len(ln.text)) for ln in row]
        conf = sum(w * ln.confidence for w, ln in zip(weights, row, strict=True)) / sum(weights)
        out.append(OcrLine(text=text, box=_union([ln.box for ln in row]), confidence=conf))
    out.sort(key=lambda ln: (ln.box[1], ln.box[0]))
    return out


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def is_page_number(text: str, box: tuple[float, float, float, float], page_height: float) -> bool:
    """`— 2 —`, `-2-`, `第2页` near the top or bottom edge (OCR often reads the dashes as 一 or drops them)."""
    near_edge = box[1] > (1 - EDGE) * page_height or box[3] < EDGE * page_height
    return near_edge and bool(PAGE_NUMBER.match(text.strip()))


_CJK = f"{'-'.join(V.CJK_PUNCT_BLOCK)}{V.HAN}{'-'.join(V.FULLWIDTH_BLOCK)}"
_DUST = re.compile(rf"(?<=[{_CJK}])\s*\.|^[.·]+\s*")


def clean_text(text: str) -> str:
    """Drop an ASCII `.` right after a Chinese character or opening a line: on a scan it is a speck
    of dust (`网站.20个`), since Chinese prose ends sentences with 。 (`1.` and `gov.cn` stay)."""
    return _DUST.sub("", text).strip()


def to_lines(
    ocr_lines: list[OcrLine], page_no: int, page_height: float, colors: list[str] | None = None
) -> list[Line]:
    """Engine output (already merged and ordered) → schema Lines, page numbers left out."""
    out = []
    for i, ln in enumerate(ocr_lines):
        text = clean_text(ln.text)
        if not text or is_page_number(text, ln.box, page_height):
            continue
        color = colors[i] if colors else "black"
        out.append(
            Line(
                text=text,
                page_no=page_no,
                bbox=BBox(x0=ln.box[0], top=ln.box[1], x1=ln.box[2], bottom=ln.box[3]),
                confidence=round(ln.confidence, 4),
                color="red" if color == "red" else "black",
            )
        )
    return out


def reading_order(lines: list[Line], tables: list[Table]) -> list[Line | Table]:
    """Lines and tables interleaved by their top edge (a page is one column in GB/T 9704)."""
    blocks: list[Line | Table] = [*lines, *tables]
    return sorted(blocks, key=lambda b: (b.bbox.top, b.bbox.x0) if b.bbox else (0.0, 0.0))


def _head_key(text: str) -> str:
    return re.sub(r"\d+|\s+", "", text)


def drop_running_heads(pages: list[Page]) -> list[Page]:
    """Drop a line printed near the top or bottom edge of three or more pages (digits ignored)."""
    if len(pages) < 3:
        return pages
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {_head_key(b.text) for b in _edge_lines(page)}
        counts.update(k for k in keys if k)
    repeated = {k for k, n in counts.items() if n >= 3}
    if not repeated:
        return pages
    out = []
    for page in pages:
        drop = {id(b) for b in _edge_lines(page) if _head_key(b.text) in repeated}
        out.append(page.model_copy(update={"blocks": [b for b in page.blocks if id(b) not in drop]}))
    return out


def _edge_lines(page: Page) -> list[Line]:
    if not page.height:
        return []
    h = page.height
    return [
        b
        for b in page.blocks
        if isinstance(b, Line) and b.bbox and (b.bbox.bottom < 0.08 * h or b.bbox.top > 0.92 * h)
    ]
