"""A blank page told from its pixels in milliseconds, so it is never OCR'd (seconds each): a scanner
fed empty sheets, the back of every page, a TIFF of five hundred white pages. The test itself is
`ocr.preprocess.is_blank` (no mark as large as a small glyph), shared with the OCR path; here is what
a document of blank pages fails with."""

from __future__ import annotations

from ocr.preprocess import is_blank

__all__ = ["all_blank", "is_blank"]


def all_blank(pages: int, of: int) -> str:
    """Why a document of blank pages fails; `of` is how many pages it has, if more were not read."""
    over = f" (the first {pages} of {of}: budget: {of} pages > {pages})" if of > pages else ""
    if pages == 1:
        return "a blank page: no text to read" + over
    return f"all {pages} pages are blank: no text to read{over}"
