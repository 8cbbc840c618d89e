"""Pages as pixels: image files (PNG/JPEG/TIFF, multi-page TIFF) and PDF pages rendered with pypdfium2.

Every page comes out as an RGB uint8 array, the one form `ocr/` works on. Two guards sit here:
- decompression bombs: a 2 kB PNG can claim 100 000 × 100 000 pixels; the size of every page is
  checked from the headers against the document's pixel budget (`schemas.budget`) before any pixel
  is decoded, and such a file fails with the reason, not an out-of-memory crash;
- oversized scans: a 600 dpi A4 page is shrunk to `MAX_SIDE` px on its long side (≈ 200 dpi), which
  is what the engines read best at; more pixels only cost time (RapidOCR would shrink it anyway).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from schemas import budget
from schemas.exceptions import BadInput, UnsupportedFormat

MAX_SIDE = 2400
DEFAULT_DPI = 200
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


def is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(1024).lstrip().startswith(b"%PDF")


def fit(image: np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """Shrink so the long side is at most `max_side` (area averaging keeps thin strokes)."""
    h, w = image.shape[:2]
    if max(h, w) <= max_side:
        return image
    scale = max_side / max(h, w)
    pil = Image.fromarray(image).resize((round(w * scale), round(h * scale)), Image.Resampling.BOX)
    return np.asarray(pil)


def _to_rgb(frame: Image.Image) -> np.ndarray:
    """An RGB array of the frame, shrunk to MAX_SIDE while it is still one channel where it was."""
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(paper, rgba)
    elif frame.mode.startswith("I;16") or frame.mode in ("I", "F"):
        frame = _to_8bit(_shrink(frame))  # PIL resizes 16-bit greys as they are: shrink, then stretch
    elif frame.mode not in ("L", "RGB"):  # CMYK, YCbCr, LAB, P, 1: PIL converts them exactly
        frame = frame.convert("L" if frame.mode in ("1", "L") else "RGB")
    frame = _shrink(frame)
    return np.asarray(frame.convert("RGB"))


def _shrink(image: Image.Image, max_side: int = MAX_SIDE) -> Image.Image:
    w, h = image.size
    if max(w, h) <= max_side:
        return image
    scale = max_side / max(w, h)
    return image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BOX)


def _to_8bit(frame: Image.Image, rows: int = 1024) -> Image.Image:
    """16-bit or float greyscale stretched to 8 bits, a band of rows at a time, never a float copy
    of the whole page."""
    arr = np.asarray(frame)
    lo, hi = float(arr.min()), float(arr.max())
    scale = 255.0 / ((hi - lo) or 1.0)
    out = np.empty(arr.shape[:2], dtype=np.uint8)
    for top in range(0, arr.shape[0], rows):
        band = arr[top : top + rows].astype(np.float32)
        out[top : top + rows] = ((band - lo) * scale).clip(0, 255).astype(np.uint8)
    return Image.fromarray(out)


def count_image_pages(path: Path) -> int:
    with _open(path) as img:
        return int(getattr(img, "n_frames", 1))


def image_format(path: Path) -> tuple[str, int]:
    """The image file's format (PIL's name) and how many frames it has."""
    with _open(path) as img:
        return str(img.format), int(getattr(img, "n_frames", 1))


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the budget is ours
            Image.MAX_IMAGE_PIXELS = None  # the page's pixel budget is checked before decoding
            img = Image.open(path)
    except UnidentifiedImageError as exc:
        raise UnsupportedFormat(f"{path.name}: not an image PIL can read") from exc
    except OSError as exc:
        raise BadInput(f"{path.name}: cannot open image ({exc})") from exc
    return img


#: formats whose extra frames are an animation, not more pages
ANIMATED = ("PNG", "GIF", "WEBP")


def frames_to_read(img: Image.Image, name: str) -> list[int]:
    """The frames (0-based) of an image file that are pages, each checked against the pixel budget
    from its header before any is decoded. An animation's frames are not pages: its first is the
    image. A TIFF's pages are read up to the page budget."""
    spend = budget.current()
    count = int(getattr(img, "n_frames", 1))
    frames = [0] if img.format in ANIMATED else list(range(spend.pages(count)))
    for index in frames:
        if index:
            img.seek(index)
        spend.page_pixels(*img.size, page_no=index + 1)
    img.seek(0)
    return frames


def load_image_pages(path: Path, page_numbers: list[int] | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """(page_no, RGB array) for each page of an image file; page numbers are 1-based."""
    wanted = set(page_numbers) if page_numbers else None
    with _open(path) as img:
        try:
            for index in frames_to_read(img, path.name):
                if wanted is not None and index + 1 not in wanted:
                    continue
                budget.current().tick()
                img.seek(index)
                orientation = img.getexif().get(0x0112, 1)
                page = _to_rgb(img)
                yield index + 1, _upright(page, orientation)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise BadInput(f"{path.name}: truncated or corrupt image ({exc})") from exc


#: EXIF orientation → the turn that puts the page upright (phone photos are stored sideways)
_TURNS = {3: 2, 6: 3, 8: 1}


def _upright(page: np.ndarray, orientation: int) -> np.ndarray:
    if orientation in (2, 4, 5, 7):
        page = page[:, ::-1] if orientation in (2, 5, 7) else page[::-1]
        orientation = {2: 1, 4: 1, 5: 8, 7: 6}[orientation]
    turned = np.rot90(page, _TURNS[orientation]) if orientation in _TURNS else page
    return np.ascontiguousarray(turned)


def render_pdf_pages(
    path: Path, page_numbers: list[int] | None = None, dpi: int = DEFAULT_DPI
) -> Iterator[tuple[int, np.ndarray]]:
    """(page_no, RGB array) for PDF pages rendered at `dpi`; page numbers are 1-based."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise BadInput(f"{path.name}: cannot open PDF ({exc})") from exc
    try:
        count = len(pdf)
        numbers = page_numbers or list(range(1, count + 1))
        for number in numbers:
            if not 1 <= number <= count:
                raise BadInput(f"{path.name}: no page {number} (the PDF has {count})")
            budget.current().tick()
            page = pdf[number - 1]
            try:
                w_pt, h_pt = page.get_size()
                scale = dpi / 72.0
                # what `fit` would shrink it to anyway, rendered at that size: a 200-inch page stays small
                scale = min(scale, 2 * MAX_SIDE / max(w_pt, h_pt, 1.0))
                budget.current().page_pixels(int(w_pt * scale), int(h_pt * scale), page_no=number)
                bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
                yield number, fit(np.asarray(bitmap.to_pil().convert("RGB")))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise BadInput(f"{path.name}: cannot render PDF page ({exc})") from exc
    finally:
        pdf.close()


def load_pages(
    path: Path, page_numbers: list[int] | None = None, dpi: int = DEFAULT_DPI
) -> Iterator[tuple[int, np.ndarray]]:
    """Pages of a PDF or an image file, whichever `path` is (decided by content, not by name)."""
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    if is_pdf(path):
        yield from render_pdf_pages(path, page_numbers, dpi)
    else:
        yield from load_image_pages(path, page_numbers)
