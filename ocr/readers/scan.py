"""Scanned pages → `Page`s of Lines and Tables, the same shape the born-digital PDF reader produces.

The page-level work is one function, `ocr_page`, read top to bottom: photo → flat sheet, deskew,
red ink found, black-text image (red channel, banner and seal ghost out), tables read cell by cell
and blanked, line OCR on the rest, red lines read from the red ink, page numbers out, reading order.
It is wrapped by the on-disk cache (`ocr.cache`), keyed by the page's pixels and the engine version.
Boxes are in pixels of the cleaned page (flattened and deskewed), whose size is Page.width × height,
so the paragraph stage's geometry works on OCR pages exactly as on PDF points.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from normalizers.layout_settings import LAYOUT
from ocr import cache, memory
from ocr.blank import all_blank, is_blank
from ocr.engines.base import OcrEngine, OcrLine, get_engine
from ocr.layout import drop_running_heads, merge_fragments, reading_order, to_lines
from ocr.preprocess import binarise, black_text, deskew, find_red_ink, flatten_paper, text_bounds
from ocr.readers.raster import ANIMATED, DEFAULT_DPI, image_format, is_pdf, load_pages
from ocr.tables import read_tables
from schemas import budget, doubts
from schemas.exceptions import BadInput
from schemas.intermediate import Line, Page, SourceDocument, Table

LOW_CONFIDENCE = LAYOUT.low_confidence
# PDF pages are rendered at the resolution each engine reads best (bench/ocr.py on the fixtures):
# RapidOCR at 150 dpi had the lower CER on degraded scans (0.36% against 0.54% at 200 dpi) and is
# faster; Tesseract wants 300.
ENGINE_DPI = {"rapidocr": 150, "tesseract": 300}


def _engine(engine: OcrEngine | str | None) -> OcrEngine:
    return engine if isinstance(engine, OcrEngine) else get_engine(engine)


def ocr_page(image: np.ndarray, engine: OcrEngine | str | None = None, page_no: int = 1) -> Page:
    """One page image (RGB, or grey) → a Page; served from the cache when this exact page was read."""
    eng = _engine(engine)
    key = cache.page_key(image, eng.name, eng.version)
    cached = cache.load(key, eng.name, page_no)
    if cached is not None:
        return cached
    page = _ocr_page(image, eng, page_no)
    cache.store(key, eng.name, page)
    memory.give_back()
    return page


def _ocr_page(image: np.ndarray, eng: OcrEngine, page_no: int) -> Page:
    rgb = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
    if is_blank(rgb):  # the back of a sheet, a separator page: nothing to detect or deskew
        height, width = rgb.shape[:2]
        return Page(page_no=page_no, width=float(width), height=float(height), blocks=[], engine=eng.name)
    rgb, _skew = deskew(flatten_paper(rgb))
    red = find_red_ink(rgb)
    grey = black_text(rgb, red)
    if eng.wants_binary:
        grey = binarise(grey)

    tables, table_boxes = read_tables(grey, eng, page_no)
    for x0, top, x1, bottom in table_boxes:
        grey[max(0, top - 3) : bottom + 4, max(0, x0 - 3) : x1 + 4] = 255

    reds = merge_fragments(_read_red_lines(red.ink, red.text_boxes, eng))
    black = [
        ln
        for ln in merge_fragments(_read_text_block(grey, eng))
        if not any(_overlap(ln.box, r.box) > 0.5 for r in reds)
    ]
    height, width = grey.shape[:2]
    ocr_lines = sorted(
        [(ln, "black") for ln in black] + [(ln, "red") for ln in reds], key=lambda p: p[0].box[1]
    )
    lines = to_lines([ln for ln, _ in ocr_lines], page_no, height, [c for _, c in ocr_lines])
    return Page(
        page_no=page_no,
        width=float(width),
        height=float(height),
        blocks=reading_order(lines, tables),
        engine=eng.name,
        confidence=_confidence(lines, tables),
    )


def _read_text_block(grey: np.ndarray, eng: OcrEngine) -> list[OcrLine]:
    """Line OCR of the page, or of its text block alone where the engine reads that better
    (`OcrEngine.crop_margins`); boxes are in the page's pixels either way."""
    if not eng.crop_margins:
        return eng.recognize(grey)
    bounds = text_bounds(grey)
    if bounds is None:
        return []
    x0, top, x1, bottom = bounds
    lines = eng.recognize(np.ascontiguousarray(grey[top:bottom, x0:x1]))
    return [
        replace(ln, box=(ln.box[0] + x0, ln.box[1] + top, ln.box[2] + x0, ln.box[3] + top)) for ln in lines
    ]


def _read_red_lines(ink: np.ndarray, boxes: list[tuple[int, int, int, int]], eng: OcrEngine) -> list[OcrLine]:
    """Read each red text line from the red-ink image (recognition only: the box is the line).

    Running detection on a small crop is slower than on a whole page (RapidOCR upscales its short
    side to 736 px), and the red-mask boxes are already one line each.
    """
    crops, tight = [], []
    h, w = ink.shape[:2]
    for x0, top, x1, bottom in boxes:
        dark = np.argwhere(ink[top:bottom, x0:x1] < 128)
        if dark.size == 0:
            continue
        y0, xa = dark.min(axis=0)
        y1, xb = dark.max(axis=0) + 1
        box = (x0 + int(xa), top + int(y0), x0 + int(xb), top + int(y1))
        pad = max(6, (box[3] - box[1]) // 5)
        crops.append(
            ink[max(0, box[1] - pad) : min(h, box[3] + pad), max(0, box[0] - pad) : min(w, box[2] + pad)]
        )
        tight.append(box)
    out = []
    for box, (text, conf) in zip(tight, eng.recognize_lines(crops), strict=True):
        if text.strip():
            out.append(
                OcrLine(
                    text=text.strip(),
                    box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])),
                    confidence=conf,
                )
            )
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over the smaller box's area."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return iw * ih / max(1.0, smaller)


def _confidence(lines: list[Line], tables: list[Table]) -> float | None:
    """Mean confidence weighted by characters, so a long body line counts more than a stray mark."""
    scored = [(len(ln.text), ln.confidence) for ln in lines if ln.confidence is not None]
    for table in tables:
        scored += [(len(c.text), c.confidence) for row in table.rows for c in row if c.confidence is not None]
    total = sum(n for n, _ in scored)
    return round(sum(n * c for n, c in scored) / total, 4) if total else None


def read_scan(
    path: Path,
    sha256: str,
    engine: str | None = None,
    page_numbers: list[int] | None = None,
    blank: list[int] | None = None,
) -> list[Page]:
    """OCR the pages of a scanned PDF or an image file (1-based `page_numbers`; None = all).

    The lead's PDF reader calls this for the pages without a text layer. `sha256` identifies the
    source in messages; the cache keys on each page's pixels, so it does not depend on it. Blank
    pages are not OCR'd: they come back empty, their numbers added to `blank`.
    """
    eng = get_engine(engine)
    dpi = ENGINE_DPI.get(eng.name, DEFAULT_DPI) if is_pdf(path) else DEFAULT_DPI
    pages = []
    for page_no, image in load_pages(path, page_numbers, dpi):
        budget.current().tick()  # in the ingest's own process, the wall time is checked here
        if is_blank(image):
            h, w = image.shape[:2]
            pages.append(Page(page_no=page_no, width=float(w), height=float(h)))
            if blank is not None:
                blank.append(page_no)
            continue
        pages.append(ocr_page(image, eng, page_no))
    return drop_running_heads(pages)


def read_image_file(path: Path, sha256: str, engine: str | None = None) -> SourceDocument:
    """An image file (PNG/JPEG/TIFF, multi-page TIFF) as a SourceDocument of OCR'd pages."""
    eng = get_engine(engine)
    blank: list[int] = []
    pages = read_scan(path, sha256, eng.name, blank=blank)
    fmt, frames = image_format(path)
    animated = fmt in ANIMATED and frames > 1
    if len(blank) == len(pages):
        raise BadInput(f"{path.name}: {all_blank(len(pages), len(pages) if animated else frames)}")
    found = [
        doubts.ocr_low_confidence_page(p.page_no, p.confidence)
        for p in pages
        if p.confidence is not None and p.confidence < LOW_CONFIDENCE
    ]
    if blank:
        found.append(doubts.blank_pages_skipped(len(blank), blank))
    if animated:
        found.insert(0, doubts.frames_ignored(fmt, frames))
    elif frames > len(pages):
        found.insert(0, doubts.pages_over_budget(frames, len(pages)))
    if not any(p.blocks for p in pages):
        found.append(doubts.ocr_no_text())
    return SourceDocument(
        source_path=str(path),
        sha256=sha256,
        media_type="image",
        pages=pages,
        ocr_engine=eng.name,
        doubts=found,
        title_hint=None,
    )
