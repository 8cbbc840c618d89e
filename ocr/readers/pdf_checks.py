"""Cheap looks at a PDF before the expensive work: how far its compressed streams inflate, and
which pages have no content at all.

A deflated stream of a megabyte can inflate to a gigabyte of spaces, or a 30 000 px square image
that PDFium would decode whole to draw one page. Deflate cannot shrink data more than ~1 030 times,
so only streams longer than the budget ÷ 1 030 can break it, and only those are inflated here, in
slices of a megabyte, up to the budget. A page with no objects in its content is blank without
being rendered.
"""

from __future__ import annotations

import re
import zlib

import pypdfium2 as pdfium

from schemas import budget
from schemas.exceptions import BudgetExceeded

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
#: the most deflate can shrink data (a run of one byte value)
_MAX_RATIO = 1032
_SLICE = 1 << 20


def check_inflation(data: bytes) -> None:
    """Raise `BudgetExceeded` if a deflated stream of the PDF inflates past the budget."""
    limit = int(budget.current().budget.inflate_mb * 2**20)
    shortest = limit // _MAX_RATIO
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        if end - start > shortest and _inflates_past(view[start:end], limit):
            raise BudgetExceeded(
                f"budget: a compressed stream at byte {start:,} would inflate past {limit / 2**20:g} MB "
                "(a deflate bomb, or an image far larger than any page)"
            )


def _inflates_past(stream: memoryview, limit: int) -> bool:
    inflate = zlib.decompressobj()
    total = 0
    try:
        chunk = inflate.decompress(stream, _SLICE)
        while chunk:
            total += len(chunk)
            if total > limit:
                return True
            chunk = inflate.decompress(inflate.unconsumed_tail, _SLICE)
    except zlib.error:  # not deflated, or broken: the renderer will say
        return False
    return False


def is_empty(doc: pdfium.PdfDocument, index: int) -> bool:
    """The page has no content objects: blank, without rendering it."""
    page = doc[index]
    try:
        return next(iter(page.get_objects(max_depth=1)), None) is None
    finally:
        page.close()
