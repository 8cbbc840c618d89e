"""Ruled tables on a scanned page: ruling lines → grid → cells → text, one cell at a time.

Reading a table with the page OCR mixes neighbouring cells into one line and loses which column a
word came from; reading each cell by itself keeps the grid, and a multi-line cell comes back as one
text. The steps follow pdfplumber's `TableFinder` (edges → intersections → cells), on pixels:
1. ink → horizontal and vertical rules by morphological opening with long thin kernels;
2. a table is a connected group of rules with at least two rows and two columns;
3. its rule positions make a grid; a missing separator between two slots merges them (spans);
4. each cell's ink is cut into text lines by its row profile, and all line crops of the table go to
   the engine in one batch (`OcrEngine.recognize_lines`).
Only fully ruled tables are found; a table without vertical rules stays text for the page OCR.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.engines.base import OcrEngine
from ocr.layout import clean_text
from schemas.intermediate import BBox, Cell, Table


@dataclass(frozen=True)
class Grid:
    """A table's rules: ys (row lines, top to bottom) and xs (column lines), page pixels."""

    ys: list[int]
    xs: list[int]
    slots: list[list[int]]  # slots[r][c] = id of the merged cell that covers the slot

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cells(self) -> dict[int, tuple[int, int, int, int, int, int]]:
        """cell id → (row, col, x0, top, x1, bottom) of its top-left slot and full extent."""
        out: dict[int, tuple[int, int, int, int, int, int]] = {}
        for r, row in enumerate(self.slots):
            for c, cid in enumerate(row):
                x0, top, x1, bottom = self.xs[c], self.ys[r], self.xs[c + 1], self.ys[r + 1]
                if cid in out:
                    rr, cc, a, b, _, _ = out[cid]
                    x1 = max(x1, out[cid][4])
                    bottom = max(bottom, out[cid][5])
                    out[cid] = (rr, cc, a, b, x1, bottom)
                else:
                    out[cid] = (r, c, x0, top, x1, bottom)
        return out


def _ink(grey: np.ndarray) -> np.ndarray:
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _positions(profile: np.ndarray, min_cover: float) -> list[int]:
    """Centres of runs where a rule profile reaches `min_cover`."""
    hits = np.flatnonzero(profile >= min_cover)
    if hits.size == 0:
        return []
    runs = np.split(hits, np.flatnonzero(np.diff(hits) > 3) + 1)
    return [round(float(run.mean())) for run in runs]


def _covered(strip: np.ndarray, axis: int, share: float) -> bool:
    """Whether a rule runs along `strip` for at least `share` of its length (axis 1: vertical rule)."""
    if strip.size == 0:
        return False
    along = strip.any(axis=axis)
    return float(np.count_nonzero(along)) >= share * along.size


def find_grids(grey: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables on a page, and the mask of their rules (to erase them before reading cells)."""
    h, w = grey.shape[:2]
    ink = _ink(grey)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(30, w // 30)), np.uint8))
    vert_all = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(15, h // 150), 1), np.uint8))
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert_all), np.ones((5, 5), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    grids: list[Grid] = []
    rule_mask = np.zeros_like(ink)
    for s in stats[1:]:
        x, y, bw, bh = (int(v) for v in s[:4])
        if bw < w // 6 or bh < 20:
            continue
        hz = horiz[y : y + bh, x : x + bw]
        ys = [y + p for p in _positions(hz.sum(axis=1) / 255.0, 0.3 * bw)]
        if len(ys) < 2:
            continue
        row_h = min(b - a for a, b in itertools.pairwise(ys))
        if max(b - a for a, b in itertools.pairwise(ys)) > 0.3 * h:
            continue  # a "row" a third of the page tall is a frame or the paper's edge, not a table
        # A vertical rule spans a whole row; glyph strokes are shorter than the row's height.
        vk = max(10, int(0.8 * (row_h - 4)))
        vt = cv2.morphologyEx(ink[y : y + bh, x : x + bw], cv2.MORPH_OPEN, np.ones((vk, 1), np.uint8))
        xs = [x + p for p in _positions(vt.sum(axis=0) / 255.0, 0.3 * row_h)]
        if len(xs) < 2:
            continue
        if xs[0] - x > row_h:
            xs.insert(0, x + 2)
        if x + bw - xs[-1] > row_h:
            xs.append(x + bw - 2)
        if len(xs) < 3 and len(ys) < 3:
            continue
        grid = _merge_slots(ys, xs, horiz, vt, x, y)
        grids.append(grid)
        rule_mask[y : y + bh, x : x + bw] |= cv2.bitwise_or(horiz[y : y + bh, x : x + bw], vt)
    return sorted(grids, key=lambda g: g.ys[0]), cv2.dilate(rule_mask, np.ones((3, 3), np.uint8))


def _merge_slots(ys: list[int], xs: list[int], horiz: np.ndarray, vert: np.ndarray, ox: int, oy: int) -> Grid:
    """Union the slots a missing separator joins, so spanned cells come out whole."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            a, b = ys[r] + 3, ys[r + 1] - 3
            if c + 1 < cols:
                strip = vert[a - oy : b - oy, xs[c + 1] - ox - 3 : xs[c + 1] - ox + 4]
                if not _covered(strip, 1, 0.5):
                    parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows:
                strip = horiz[ys[r + 1] - 3 : ys[r + 1] + 4, xs[c] + 3 : xs[c + 1] - 3]
                if not _covered(strip, 0, 0.5):
                    parent[find((r + 1) * cols + c)] = find(r * cols + c)
    slots = [[find(r * cols + c) for c in range(cols)] for r in range(rows)]
    return Grid(ys=ys, xs=xs, slots=slots)


def _line_bands(ink: np.ndarray, text_h: float) -> list[tuple[int, int]]:
    """Text lines in a cell from its row profile: gaps inside a glyph (二, 三) are closed first."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return []
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    bands = [(int(r[0]), int(r[-1]) + 1) for r in runs]
    merged = [bands[0]]
    for a, b in bands[1:]:
        if a - merged[-1][1] < 0.35 * text_h and b - merged[-1][0] < 1.5 * text_h:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    min_ink = max(6.0, 0.02 * text_h * text_h)
    return [(a, b) for a, b in merged if np.count_nonzero(ink[a:b]) >= min_ink]


def _text_span(band: np.ndarray, text_h: float) -> tuple[int, int, list[tuple[int, int, int, int]]] | None:
    """Left and right ends of a cell line's text, and the dust around it (x, y, w, h boxes).

    Engines read a speck beside the text as `.` or `·` (`-29.`, `·-5`). Dust is a small blob set
    apart sideways from every glyph; punctuation (、，；。) hugs the character before it.
    """
    # Close 1–2 px breaks first: a thin `5` at 150 dpi falls apart into blobs that each look like dust.
    knit = cv2.dilate(band, np.ones((3, max(3, int(0.12 * text_h)) | 1), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(knit, connectivity=8)
    stats[1:, 4] = np.bincount(labels[band > 0], minlength=len(stats))[1:]  # areas of the real ink
    small = max(6.0, 0.03 * text_h * text_h)
    blobs = [tuple(int(v) for v in s[:5]) for s in stats[1:]]
    big = [b for b in blobs if b[4] > small] or blobs  # thin strokes break up: then all is text
    if not big:
        return None

    def apart(b: tuple[int, ...]) -> bool:
        return all(max(g[0] - (b[0] + b[2]), b[0] - (g[0] + g[2])) > 0.3 * text_h for g in big)

    dust = [b for b in blobs if b[4] <= small and apart(b)]
    kept = [b for b in blobs if b not in dust]
    return (
        min(b[0] for b in kept),
        max(b[0] + b[2] for b in kept),
        [(b[0], b[1], b[2], b[3]) for b in dust],
    )


_DUST = " .·・•'`…\u3000"
_DIGIT_LOOKALIKES = str.maketrans("OoIil|", "001111")
_CODE = re.compile(r"[0-9OoIil|]{4,}")


def _tidy_cell_line(text: str) -> str:
    """Drop dots at either end of a cell line, and read a number's look-alike letters as digits.

    Specks touching a glyph read as `.`, `·` or `…`, and a circular's cells never end in an ASCII
    full stop (Chinese text uses 。). A cell of digits with one `i` or `O` is a site code or a count
    (`533324001i`): no cell mixes a lone Latin letter into a number.
    """
    text = clean_text(text).strip(_DUST)
    if _CODE.fullmatch(text) and sum(ch.isdigit() for ch in text) >= len(text) - 2:
        text = text.translate(_DIGIT_LOOKALIKES)
    return text


def _clean_ink(grey: np.ndarray, rule_mask: np.ndarray, threshold: float) -> np.ndarray:
    """Text ink without the rules and without the 1–4 px crumbs the rules leave when erased."""
    ink = ((grey <= threshold) & (rule_mask == 0)).astype(np.uint8)  # <=: Otsu gives 0 on a binary page
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    lut = (stats[:, cv2.CC_STAT_AREA] > 4).astype(np.uint8)
    lut[0] = 0
    return lut[labels]


def read_tables(
    grey: np.ndarray, engine: OcrEngine, page_no: int = 1
) -> tuple[list[Table], list[tuple[int, int, int, int]]]:
    """Find and read the ruled tables of a page; also returns their boxes, to blank before line OCR."""
    grids, rule_mask = find_grids(grey)
    tables, boxes = [], []
    for grid in grids:
        x0, top, x1, bottom = grid.box
        region = grey[top:bottom, x0:x1]
        threshold, _ = cv2.threshold(region, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        ink = _clean_ink(grey, rule_mask, threshold)
        clean = grey.copy()
        clean[(rule_mask > 0) | ((grey <= threshold) & (ink == 0))] = 255  # rules and specks out
        tables.append(_read_grid(grid, clean, ink, engine, page_no))
        boxes.append(grid.box)
    return tables, boxes


def _read_grid(grid: Grid, grey: np.ndarray, ink: np.ndarray, engine: OcrEngine, page_no: int) -> Table:
    cells = grid.cells()
    found: dict[int, list[tuple[int, int, int, int]]] = {}
    heights: list[int] = []
    for cid, (_, _, x0, top, x1, bottom) in cells.items():
        sub = ink[top + 2 : bottom - 1, x0 + 2 : x1 - 1]
        rows = np.flatnonzero(sub.any(axis=1))
        if rows.size:
            runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
            heights += [len(r) for r in runs]
        found[cid] = []
    text_h = float(np.percentile(heights, 75)) if heights else 20.0
    crops: list[np.ndarray] = []
    owners: list[int] = []
    for cid, (_, _, x0, top, x1, bottom) in cells.items():
        cx0, ctop = x0 + 2, top + 2
        sub = ink[ctop : bottom - 1, cx0 : x1 - 1]
        for a, b in _line_bands(sub, text_h):
            span = _text_span(sub[a:b], text_h)
            if span is None:
                continue
            for dx, dy, dw, dh in span[2]:
                y, x = ctop + a + dy, cx0 + dx
                grey[max(0, y - 1) : y + dh + 1, max(0, x - 1) : x + dw + 1] = 255  # with its halo
            mid, half = (a + b) / 2, max(b - a, text_h) / 2
            pad = int(0.25 * text_h) + 2
            ya = max(0, int(ctop + mid - half) - pad)
            yb = min(grey.shape[0], int(ctop + mid + half) + pad)
            xa = max(0, cx0 + span[0] - pad - 4)
            xb = min(grey.shape[1], cx0 + span[1] + pad + 4)
            crops.append(grey[ya:yb, xa:xb])
            owners.append(cid)
            found[cid].append((xa, ya, xb, yb))
    texts: dict[int, list[tuple[str, float]]] = {cid: [] for cid in cells}
    for cid, (text, conf) in zip(owners, engine.recognize_lines(crops), strict=True):
        texts[cid].append((text, conf))
    rows_out = [[Cell(text="", page_no=page_no) for _ in grid.slots[0]] for _ in grid.slots]
    for cid, (r, c, x0, top, x1, bottom) in cells.items():
        parts = [(_tidy_cell_line(t), s) for t, s in texts[cid] if _tidy_cell_line(t)]
        rows_out[r][c] = Cell(
            text="".join(t for t, _ in parts),
            page_no=page_no,
            bbox=BBox(x0=x0, top=top, x1=x1, bottom=bottom),
            confidence=min(s for _, s in parts) if parts else None,
        )
    x0, top, x1, bottom = grid.box
    return Table(rows=rows_out, page_no=page_no, bbox=BBox(x0=x0, top=top, x1=x1, bottom=bottom))
