"""Clean-up before OCR: skew, speckle, and red ink. Images here are RGB uint8 (PIL's order).

Red ink is the interesting part. Circulars carry two kinds: the banner (`汕头市发电`, `…文件`) and its
rule, which must be read, and the seal, which is pressed over the signature and date and must not be.
The grey image the engine reads is the RED channel: red ink is bright there, so the seal all but
vanishes and the black text under it comes through whole (measured: this removes a seal's damage for
RapidOCR). The banner fades along with the seal, so red text lines are found separately on a red
mask (seals taken out by shape: a thin ring whose hull fills its enclosing circle) and read from an
image of the red ink alone, then marked `color="red"`.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_SKEW = 5.0
_ANALYSIS_SIDE = 1400


def to_grey(rgb: np.ndarray) -> np.ndarray:
    """The grey image OCR reads: the red channel, where red seals and banners are bright."""
    if rgb.ndim == 2:
        return rgb
    return np.ascontiguousarray(rgb[:, :, 0])


def red_strength(rgb: np.ndarray) -> np.ndarray:
    """How red each pixel is (0–255): red minus the stronger of green and blue."""
    if rgb.ndim == 2:
        return np.zeros(rgb.shape, dtype=np.uint8)
    r = rgb[:, :, 0].astype(np.int16)
    gb = np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)
    return np.clip(r - gb, 0, 255).astype(np.uint8)


def red_mask(rgb: np.ndarray, threshold: int = 60, strength: np.ndarray | None = None) -> np.ndarray:
    """Pixels of red ink (uint8 0/255); pink JPEG halos and grey paper stay out. `strength` is
    `red_strength(rgb)` when the caller has it already."""
    strength = red_strength(rgb) if strength is None else strength
    mask = (strength >= threshold) & (rgb[:, :, 0] >= 110) if rgb.ndim == 3 else np.zeros(rgb.shape, bool)
    return mask.astype(np.uint8) * 255


def binarise(grey: np.ndarray) -> np.ndarray:
    """Black text on white (uint8 0/255) by Otsu after flattening the paper's shading."""
    k = min(99, max(15, (min(grey.shape[:2]) // 20) | 1))
    background = cv2.medianBlur(cv2.dilate(grey, np.ones((7, 7), np.uint8)), k)
    flat = cv2.divide(grey, background, scale=255)
    _, out = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return out


def _ink_for_analysis(grey: np.ndarray) -> tuple[np.ndarray, float]:
    scale = min(1.0, _ANALYSIS_SIDE / max(grey.shape[:2]))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink, scale


def _profile_score(ys: np.ndarray, xs: np.ndarray, height: int, angle: float) -> float:
    """How sharp the row profile of the ink points is once rotated by `angle` about the centre.

    The points are moved, not the image: each ink pixel's row after the rotation `cv2.warpAffine`
    would make (same sign and centre), counted with one bincount — the same profile as rotating the
    whole image, for a fraction of the cost (~40 angles a page)."""
    t = np.deg2rad(angle)
    rows = np.rint(ys * np.cos(t) - xs * np.sin(t)).astype(np.int64) + height // 2
    rows = rows[(rows >= 0) & (rows < height)]
    profile = np.bincount(rows, minlength=height).astype(np.float64)
    return float(np.sum(np.diff(profile) ** 2))


def estimate_skew(grey: np.ndarray, max_angle: float = MAX_SKEW) -> float:
    """The page's skew in degrees, counter-clockwise: rotating by minus this straightens it.

    Projection profile: text rows are sharpest (row sums jump most between line and gap) when the
    page is level. Coarse 0.5° steps, then 0.05° around the best; works on text and ruled tables
    alike, unlike line fits that a seal or a handwritten note can pull off.
    """
    ink, _ = _ink_for_analysis(grey)
    ys, xs = np.nonzero(ink)
    if ys.size == 0:
        return 0.0
    h, w = ink.shape
    ys = ys.astype(np.float64) - h / 2
    xs = xs.astype(np.float64) - w / 2
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=lambda a: _profile_score(ys, xs, h, float(a)))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=lambda a: _profile_score(ys, xs, h, float(a)))
    # The profile is sharpest when the *correction* angle is applied; the skew is its opposite.
    return -round(float(best), 2)


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise about the centre, same size, paper-white fill."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def deskew(image: np.ndarray, min_angle: float = 0.1) -> tuple[np.ndarray, float]:
    """Straighten a page skewed by up to ±5°; returns the page and the skew that was removed."""
    skew = estimate_skew(to_grey(image))
    if abs(skew) < min_angle:
        return image, 0.0
    return rotate(image, -skew), skew


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def flatten_paper(image: np.ndarray) -> np.ndarray:
    """A photo of a sheet on a desk → the sheet alone, squared up (perspective removed).

    Scans, where paper fills the frame, come back untouched. A dark desk around the page would
    otherwise dominate deskew's ink profile and be read as noise.
    """
    grey = to_grey(image) if image.ndim == 3 else image
    scale = min(1.0, 800 / max(grey.shape[:2]))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, bright = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return image
    sheet = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not 0.3 < share < 0.9:
        return image
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(quad) != 4:
        quad = cv2.boxPoints(cv2.minAreaRect(sheet))
    corners = _order_corners(np.asarray(quad, np.float32).reshape(4, 2) / scale)
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    m = cv2.getPerspectiveTransform(corners, target)
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, m, (width, height), flags=cv2.INTER_LINEAR, borderValue=fill)


@dataclass(frozen=True)
class RedInk:
    """Where the red ink on a page is: seals (x, y, radius) and red text line boxes (x0, top, x1, bottom)."""

    seals: list[tuple[int, int, int]]
    text_boxes: list[tuple[int, int, int, int]]
    ink: np.ndarray  # red ink alone, dark on white, for reading the red text lines
    strength: np.ndarray | None = None  # red_strength of the page, so black_text need not redo it
    mask: np.ndarray | None = None  # red_mask of the page, likewise


def find_seals(mask: np.ndarray, min_radius: int = 40) -> list[tuple[int, int, int]]:
    """Red seals: thin rings whose convex hull fills their enclosing circle (a glyph fills ~0.6 of it)."""
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    seals = []
    for c in contours:
        (cx, cy), radius = cv2.minEnclosingCircle(c)
        if radius < min_radius:
            continue
        hull_area = cv2.contourArea(cv2.convexHull(c))
        circle_area = np.pi * radius * radius
        x, y, w, h = cv2.boundingRect(c)
        filled = cv2.countNonZero(mask[y : y + h, x : x + w]) / max(1.0, hull_area)
        if hull_area / circle_area > 0.8 and filled < 0.55 and 0.75 < w / max(1, h) < 1.33:
            seals.append((int(cx), int(cy), int(radius)))
    return seals


def find_red_ink(rgb: np.ndarray) -> RedInk:
    """Seals and red text lines (banners, red titles); the red rule under the banner is left out."""
    red = red_strength(rgb)
    mask = red_mask(rgb, strength=red)
    seals = find_seals(mask)
    text = mask.copy()
    for cx, cy, r in seals:
        cv2.circle(text, (cx, cy), int(r * 1.08) + 3, 0, thickness=-1)
    w = rgb.shape[1]
    rules = cv2.morphologyEx(text, cv2.MORPH_OPEN, np.ones((1, max(40, w // 8)), np.uint8))
    text = cv2.subtract(text, cv2.dilate(rules, np.ones((5, 5), np.uint8)))
    text = cv2.morphologyEx(text, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    boxes: list[tuple[int, int, int, int]] = []
    if text.any():
        _, _, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
        heights = [int(s[cv2.CC_STAT_HEIGHT]) for s in stats[1:] if s[cv2.CC_STAT_HEIGHT] >= 10]
        if heights:
            gap = max(8, int(np.median(heights)))
            joined = cv2.dilate(text, np.ones((max(3, gap // 4), gap * 2), np.uint8))
            _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
            for s in stats[1:]:
                x, y, bw, bh = (int(v) for v in s[:4])
                if bh >= 12 and cv2.countNonZero(text[y : y + bh, x : x + bw]) > 0.03 * bw * bh:
                    boxes.append((x, y, x + bw, y + bh))
    ink = (255 - np.clip(red.astype(np.float32) * 2.0, 0, 255)).astype(np.uint8)
    return RedInk(
        seals=seals, text_boxes=sorted(boxes, key=lambda b: (b[1], b[0])), ink=ink, strength=red, mask=mask
    )


def black_text(rgb: np.ndarray, red: RedInk) -> np.ndarray:
    """The grey image the engine reads for black text: red channel, red text and seal ghosts out.

    The red channel already fades the seal; the banner fades too but stays legible, so it is taken
    out here and read from the red ink instead. (Not the whole red mask: the anti-aliased edges of
    black text under a seal look red, and whitening them would eat the text the red channel saved.)
    Inside a seal the red channel leaves a faint ghost of the seal's own text (JPEG smears red into
    it) that engines read as an extra line: reddish pixels as light as the seal's ink are paper
    there, while black text under the seal is darker and its grey edges are not reddish.
    """
    grey = to_grey(rgb).copy()
    reddish = (red_strength(rgb) if red.strength is None else red.strength) >= 25
    for x0, top, x1, bottom in red.text_boxes:
        grey[top:bottom, x0:x1][reddish[top:bottom, x0:x1]] = 255
    seal_ink = (red_mask(rgb) if red.mask is None else red.mask) > 0
    for cx, cy, r in red.seals:
        disk = np.zeros(grey.shape, np.uint8)
        cv2.circle(disk, (cx, cy), int(r * 1.05) + 2, 255, thickness=-1)
        inside = disk > 0
        level = float(np.percentile(grey[inside & seal_ink], 5)) if (inside & seal_ink).any() else 255.0
        grey[inside & reddish & (grey >= max(120.0, level - 10))] = 255
    return grey


_BOUNDS_SIDE = 1000  # analysis scale for blank pages and text bounds: ~3.4 px a mm on A4


def _ink_components(image: np.ndarray, below_paper: int) -> tuple[np.ndarray, float]:
    """Stats (x, y, w, h, area) of ink blobs at analysis scale, and the scale.

    Ink is whatever is much darker than the paper in the darkest channel, so black and red ink
    both count and a grey or yellowed sheet does not. Shrinking by area averaging fades lone
    specks below the threshold; a 3 × 3 dilation then knits a glyph's thin strokes into one blob."""
    grey = image.min(axis=2) if image.ndim == 3 else image
    scale = min(1.0, _BOUNDS_SIDE / max(grey.shape[:2]))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    paper = float(np.median(small))
    ink = cv2.dilate((small < paper - below_paper).astype(np.uint8), np.ones((3, 3), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return stats[1:], scale


def is_blank(image: np.ndarray) -> bool:
    """Whether a page holds no mark as large as a small glyph (1.5 mm), so OCR can skip it.

    Errs towards "not blank": dust, a fold or a scanner's shadow make a page non-blank, which costs
    only the OCR it would have had anyway; a page with one short line (`附件2`) is never blank.
    Takes RGB or grey; callable on any raster page before OCR."""
    stats, scale = _ink_components(image, below_paper=60)
    if stats.size == 0:
        return True
    # 1.5 mm, taking the sheet's long side as A4's 297 mm; +2 for the dilation
    least = 1.5 * max(image.shape[:2]) * scale / 297 + 2
    return not bool(np.any(np.maximum(stats[:, 2], stats[:, 3]) >= least))


def text_bounds(grey: np.ndarray, pad: int = 24) -> tuple[int, int, int, int] | None:
    """The box (x0, top, x1, bottom) around every mark on the page, padded; None when there is none.

    A circular's text block is ~60% of the sheet: the detector reads only that, at a finer scale
    for the same input size. Any mark larger than a speck, even a stray one in a margin, widens
    the box, so no text can fall outside it."""
    stats, scale = _ink_components(grey, below_paper=60)
    stats = stats[np.maximum(stats[:, 2], stats[:, 3]) > 3]  # a lone dilated speck is 3 × 3
    if stats.size == 0:
        return None
    x0 = int(stats[:, 0].min() / scale) - pad
    top = int(stats[:, 1].min() / scale) - pad
    x1 = int(np.ceil((stats[:, 0] + stats[:, 2]).max() / scale)) + pad
    bottom = int(np.ceil((stats[:, 1] + stats[:, 3]).max() / scale)) + pad
    h, w = grey.shape[:2]
    return max(0, x0), max(0, top), min(w, x1), min(h, bottom)
