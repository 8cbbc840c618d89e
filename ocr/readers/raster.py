"""Pages as pixels: image files (PNG/JPEG/TIFF, multi-page TIFF) and PDF pages rendered with pypdfium2.

Every page comes out as an RGB uint8 array, the one form `ocr/` works on. Two guards sit here:
- decompression bombs: a 2 kB PNG can claim 100 000 × 100 000 pixels; the size is checked from the
  header before any pixel is decoded, and such a file is `BadInput`, not an out-of-memory crash;
- oversized scans: a 600 dpi A4 page is shrunk to `MAX_SIDE` px on its long side (≈ 200 dpi), which
  is what the engines read best at; more pixels only cost time (RapidOCR would shrink it anyway).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from schemas.exceptions import BadInput, UnsupportedFormat

MAX_PIXELS = 150_000_000  # a 600 dpi A3 page is 70 Mpx; past this it is a bomb or not a scan
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
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(paper, rgba)
    elif frame.mode.startswith("I;16") or frame.mode in ("I", "F"):
        arr = np.asarray(frame, dtype=np.float64)
        span = float(arr.max() - arr.min()) or 1.0
        frame = Image.fromarray(((arr - arr.min()) * 255.0 / span).astype(np.uint8))
    return np.asarray(frame.convert("RGB"))


def count_image_pages(path: Path) -> int:
    with _open(path) as img:
        return int(getattr(img, "n_frames", 1))


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is below
            img = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise BadInput(f"{path.name}: image too large to be a scan ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise UnsupportedFormat(f"{path.name}: not an image PIL can read") from exc
    except OSError as exc:
        raise BadInput(f"{path.name}: cannot open image ({exc})") from exc
    w, h = img.size
    if w * h > MAX_PIXELS:
        img.close()
        raise BadInput(
            f"{path.name}: {w}×{h} pixels is more than {MAX_PIXELS:,}; refusing to decode a possible decompression bomb"
        )
    return img


def load_image_pages(path: Path, page_numbers: list[int] | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """(page_no, RGB array) for each frame of an image file; page numbers are 1-based."""
    wanted = set(page_numbers) if page_numbers else None
    with _open(path) as img:
        try:
            for index, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if wanted is not None and index not in wanted:
                    continue
                w, h = frame.size
                if w * h > MAX_PIXELS:
                    raise BadInput(f"{path.name}: page {index} is {w}×{h} pixels, too large to be a scan")
                upright = ImageOps.exif_transpose(frame)  # phone photos are stored sideways
                yield index, fit(_to_rgb(upright if upright is not None else frame))
        except (OSError, SyntaxError, ValueError) as exc:
            raise BadInput(f"{path.name}: truncated or corrupt image ({exc})") from exc


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
            page = pdf[number - 1]
            try:
                w_pt, h_pt = page.get_size()
                scale = dpi / 72.0
                if w_pt * h_pt * scale * scale > MAX_PIXELS:
                    scale = (MAX_PIXELS / (w_pt * h_pt)) ** 0.5
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
