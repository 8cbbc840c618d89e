"""Compare two extractions of one circular field by field, ignoring where things were read from.

The metamorphic tests render a text into a PDF or a scan and expect the same `Circular` back.
What may differ is provenance (source path, media type, page numbers, OCR engine and confidence,
the page texts, row pages and confidences, and the doubts, which name pages and a reader's
fallbacks) and whitespace inside strings (a PDF line break, the space pdfplumber keeps between
Latin words); everything else must be equal, row for row.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from ocr.readers.text_layout import measure_of
from pipeline import extract
from schemas import Circular
from tests.fixtures.make_fixtures import render_layout

#: the parts of a Circular that say where or how it was read, not what it says
PROVENANCE = {
    "doc_id",
    "source_path",
    "source_sha256",
    "media_type",
    "page_count",
    "ocr_engine",
    "ocr_confidence",
    "pages",
    "warnings",
    "doubts",
    "page_no",
    "confidence",
    "source_file",  # the file an annex was read from
    "document_files",  # every file of the document, with its sha256
    "extraction_version",
}


def _canon(v: Any) -> Any:
    if isinstance(v, str):
        return re.sub(r"\s+", "", v)
    if isinstance(v, dict):
        return {k: _canon(x) for k, x in v.items() if k not in PROVENANCE}
    if isinstance(v, list):
        return [_canon(x) for x in v]
    return v


def _closest(row: Any, rows: list[Any]) -> Any:
    """The row of `rows` that agrees with `row` on most fields (the same row, read differently)."""
    if not isinstance(row, dict) or not rows:
        return None
    best = max(rows, key=lambda r: sum(r.get(f) == v for f, v in row.items()))
    return best if sum(best.get(f) == v for f, v in row.items()) >= len(row) / 2 else None


def _field_diff(name: str, want: Any, got: Any) -> str:
    """A field that differs; for long strings, a window around the first difference."""
    if isinstance(want, str) and isinstance(got, str) and max(len(want), len(got)) > 40:
        i = next(
            (k for k, (x, y) in enumerate(zip(want, got, strict=False)) if x != y), min(len(want), len(got))
        )
        return f"{name}: want …{want[max(0, i - 15) : i + 25]!r}… got …{got[max(0, i - 15) : i + 25]!r}…"
    return f"{name}: want {want!r} got {got!r}"


def differences(want: Circular, got: Circular, limit: int = 20) -> list[str]:
    """What `got` extracted differently from `want`: one line per differing field or row."""
    a, b = _canon(want.model_dump(mode="json")), _canon(got.model_dump(mode="json"))
    out: list[str] = []
    for key in a:
        if key in PROVENANCE or a[key] == b.get(key):
            continue
        if key == "header":
            out += [
                f"header.{f}: want {a[key][f]!r} got {b[key].get(f)!r}"
                for f in a[key]
                if a[key][f] != b[key].get(f)
            ]
        elif isinstance(a[key], list):
            missing = [r for r in a[key] if r not in b[key]]
            extra = [r for r in b[key] if r not in a[key]]
            for r in missing:
                twin = _closest(r, extra)
                if twin is None:
                    out.append(f"{key}: missing {r}")
                    continue
                extra.remove(twin)
                where = {f: r[f] for f in list(r)[:3] if r[f] == twin.get(f)} if isinstance(r, dict) else {}
                out += [
                    f"{key} {where}: {_field_diff(f, r[f], twin.get(f))}" for f in r if r[f] != twin.get(f)
                ]
            out += [f"{key}: extra {r}" for r in extra]
            if not missing and not extra and len(a[key]) == len(b[key]):
                out.append(f"{key}: same rows in another order")
        else:
            out.append(f"{key}: want {a[key]!r} got {b.get(key)!r}")
    return [s if len(s) < 300 else s[:297] + "…" for s in out[:limit]]


ROOT = Path(__file__).resolve().parents[1]


def layout_seeds() -> list[Path]:
    """The circulars the layout tests draw: the samples and tests/more_circulars' UTF-8 texts, less
    those that are already a printed page's layout (a PDF copied as text with its line breaks and
    space-aligned tables, read by ocr.readers.text_layout): drawing their lines again as paragraphs
    would not be the same document."""
    paths = sorted(
        [*(ROOT / "data" / "samples").glob("*.txt"), *(ROOT / "tests" / "more_circulars").glob("*.txt")]
    )
    out = []
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a GB18030 file: its point is the encoding, not the layout
        if measure_of(text.splitlines()) is None:
            out.append(p)
    return out


@cache
def _text_extraction(text: str, name: str, folder: str) -> Circular:
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return extract(path)


def layout_differences(seed: Path, n: int, out: Path, medium: str = "digital") -> list[str]:
    """Render `seed` under random layout `n` as `medium` and compare its extraction with the text's."""
    made = render_layout(seed, n, out, (medium,))
    said = made["text"].read_text(encoding="utf-8")
    want = _text_extraction(said, f"{seed.stem}.txt", str(out / "texts"))
    return differences(want, extract(made[medium]))
