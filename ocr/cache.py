"""A per-page OCR cache on disk, so re-ingesting a folder does not OCR the same page twice.

The key is the page image's bytes (sha256) + engine name + engine version + `OCR_PIPELINE_VERSION`:
any change to the pixels, the engine, its models or our clean-up misses the cache instead of serving
stale text. Values are `Page` JSON. Set `TONGBAO_CACHE_DIR` to choose the directory (default
`~/.cache/tongbao`), or to `off` to disable caching (the benchmark does, to time the engine).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from schemas.intermediate import Page

# Bump when preprocess/tables/layout change what a page reads as (4: blank pages skipped, text block
# cropped before detection). The engine version names the engine's profile, so a profile change misses too.
OCR_PIPELINE_VERSION = "4"


def cache_dir() -> Path | None:
    """Where cached pages live, or None when caching is off."""
    raw = os.environ.get("TONGBAO_CACHE_DIR")
    if raw is not None and raw.strip().lower() in {"", "off", "0", "none"}:
        return None
    return Path(raw).expanduser() if raw else Path.home() / ".cache" / "tongbao"


def page_key(image: np.ndarray, engine_name: str, engine_version: str) -> str:
    """sha256 of the pixels (with shape, so a reshaped buffer cannot collide) and of the engine."""
    h = hashlib.sha256()
    h.update(f"{image.shape}|{image.dtype}|{engine_name}|{engine_version}|{OCR_PIPELINE_VERSION}|".encode())
    h.update(np.ascontiguousarray(image).tobytes())
    return h.hexdigest()


def _path(root: Path, engine_name: str, key: str) -> Path:
    return root / "ocr" / engine_name / key[:2] / f"{key}.json"


def load(key: str, engine_name: str, page_no: int) -> Page | None:
    """The cached page, renumbered to `page_no` (the same image can be page 1 of one file, 3 of another)."""
    root = cache_dir()
    if root is None:
        return None
    path = _path(root, engine_name, key)
    try:
        page = Page.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None
    blocks = [b.model_copy(update={"page_no": page_no}) for b in page.blocks]
    for block in blocks:
        if block.kind == "table":
            block.rows = [[c.model_copy(update={"page_no": page_no}) for c in row] for row in block.rows]
    return page.model_copy(update={"page_no": page_no, "blocks": blocks})


def store(key: str, engine_name: str, page: Page) -> None:
    """Write atomically (temp file + rename), so parallel workers never read half a file."""
    root = cache_dir()
    if root is None:
        return
    path = _path(root, engine_name, key)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(page.model_dump_json().encode())
        os.replace(tmp, path)
    except OSError:
        # A read-only or full cache must never fail an ingest; the page is simply not cached.
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
