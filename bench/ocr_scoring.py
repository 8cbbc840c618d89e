"""How an OCR'd page is scored against its fixture's truth: character error rate before and after the
pipeline's clean-up, and table cells read exactly (bench/ocr.py, bench/int8.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SKIP_KINDS = {"page_number", "table_header", "table_row"}  # handwritten notes count: analysts want them
_WS = re.compile(r"\s+")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, two rows of memory (pages are ~1 000 characters)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_FULL_WIDTH = str.maketrans("(),:;?!", "（），：；？！")


def squash(text: str) -> str:
    """Whitespace removed, nothing else: the raw CER."""
    return _WS.sub("", text)


def canon(text: str) -> str:
    """What the pipeline's normalizers make of the text anyway: Simplified (OpenCC t2s, so 內/内 and
    強/强 are one character) with full-width punctuation (the fixtures' ground truth mixes `(一)`
    and `（一）` for the same printed glyphs)."""
    from normalizers.chinese import to_simplified

    return to_simplified(squash(text)).translate(_FULL_WIDTH)


@dataclass
class Score:
    pages: int = 0
    raw_errors: int = 0
    errors: int = 0
    chars: int = 0
    cells: int = 0
    cells_ok: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    bare_seconds: float = 0.0
    bad_cells: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "pages",
            "raw_errors",
            "errors",
            "chars",
            "cells",
            "cells_ok",
            "seconds",
            "cpu_seconds",
            "bare_seconds",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.bad_cells += other.bad_cells


def score_page(page: Any, truth: dict[str, Any]) -> Score:
    """Compare one OCR'd `Page` with its ground-truth entry from the manifest."""
    from schemas.intermediate import Line, Table

    ref = squash("".join(text for kind, text in truth["lines"] if kind not in SKIP_KINDS))
    hyp = squash("".join(b.text for b in page.blocks if isinstance(b, Line)))
    s = Score(
        pages=1,
        raw_errors=edit_distance(ref, hyp),
        errors=edit_distance(canon(ref), canon(hyp)),
        chars=len(ref),
    )
    got = [b for b in page.blocks if isinstance(b, Table)]
    for t, table in enumerate(truth.get("tables", [])):
        rows = got[t].texts() if t < len(got) else []
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                s.cells += 1
                read = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
                if read is not None and canon(read) == canon(cell):
                    s.cells_ok += 1
                else:
                    s.bad_cells.append((cell, read if read is not None else "<missing>"))
    return s
