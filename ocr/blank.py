"""A blank page told from its pixels in milliseconds, so it is never OCR'd (seconds each).

A scanner fed empty sheets, the back of every page, a TIFF of five hundred white pages: paper with
no ink. Ink is what is clearly darker than the paper (the page's median); a page is blank when
almost none of it is ink — fewer dark pixels than a single printed character has, so a page
holding only a page number may count as blank, and nothing of a circular is lost.
"""

from __future__ import annotations

import numpy as np

#: darker than the paper by this much is ink (the grey levels of a yellowed, speckled scan are not)
INK_CONTRAST = 80
#: share of pixels that may be dark on a blank page (specks); a Chinese character at 150 dpi is ~0.01%
BLANK_INK_SHARE = 0.00005
#: …and however small the image, a few dark pixels are specks, not text
BLANK_INK_SPECKS = 4


def is_blank(image: np.ndarray) -> bool:
    """True when the page (RGB or grey) holds no ink, judged on every other pixel."""
    grey = image[::2, ::2]
    if grey.ndim == 3:
        grey = grey.min(axis=2)  # red or blue ink is dark in some channel
    if grey.size == 0:
        return True
    paper = int(np.median(grey))
    ink = np.count_nonzero(grey < paper - INK_CONTRAST)
    return bool(ink <= max(BLANK_INK_SPECKS, BLANK_INK_SHARE * grey.size))


def all_blank(pages: int, of: int) -> str:
    """Why a document of blank pages fails; `of` is how many pages it has, if more were not read."""
    over = f" (the first {pages} of {of}: budget: {of} pages > {pages})" if of > pages else ""
    if pages == 1:
        return "a blank page: no text to read" + over
    return f"all {pages} pages are blank: no text to read{over}"
