"""Doubts from the OCR: header fields and table rows read with low confidence become warnings.

The values are kept (an analyst can check them against the `pages` table); the warning says
where to look.
"""

from __future__ import annotations

from pipeline.extractors.zones import Zones
from pipeline.paragraphs import Para
from schemas import Deduction, WebsiteFinding

#: below this mean recognition confidence a value is worth a second look
LOW_CONFIDENCE = 0.80


def _low(p: Para | None) -> float | None:
    if p is None or p.confidence is None or p.confidence >= LOW_CONFIDENCE:
        return None
    return p.confidence


def header_doubts(z: Zones) -> list[str]:
    parts: list[tuple[str, Para | None]] = [
        ("banner", z.banner),
        *(("header line", p) for p in z.header),
        *(("title", p) for p in z.title),
        ("addressees", z.addressees),
        *(("signature", p) for p in z.signature),
        ("date", z.date),
    ]
    out = []
    for name, p in parts:
        if (conf := _low(p)) is not None and p is not None:
            out.append(f"low OCR confidence ({conf:.2f}) in the {name} on page {p.page_no}: {p.text[:40]}")
    return out


def row_doubts(rows: list[WebsiteFinding] | list[Deduction]) -> list[str]:
    out = []
    for r in rows:
        if r.confidence is not None and r.confidence < LOW_CONFIDENCE:
            table = "website_findings" if isinstance(r, WebsiteFinding) else "deductions"
            out.append(
                f"low OCR confidence ({r.confidence:.2f}) in {table} annex {r.annex_no} "
                f"table {r.table_no} seq {r.seq} (page {r.page_no})"
            )
    return out
