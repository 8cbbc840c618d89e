"""Giving freed memory back to the operating system after each OCR'd page.

ONNX Runtime allocates a page's detection tensors (~600 MB for an A4 page at 150 dpi) with malloc
and frees them when the page is done; glibc keeps most of that in the process, so an idle worker
still held ~430 MB between pages. `malloc_trim` hands it back in ~10 ms a page (against seconds of
OCR): with two workers, one at its peak and one between pages, the ingest needs ~240 MB less.
Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None  # musl has no malloc_trim
    except OSError:
        return None


def give_back() -> bool:
    """Return the heap's free memory to the operating system; whether anything could be done."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
