"""Doubts from the OCR: header parts and table rows read with low confidence.

The values are kept (an analyst can check them against the `pages` table); the doubt says where to
look.
"""

from __future__ import annotations

from normalizers.layout_settings import LAYOUT
from pipeline.extraction.paragraphs import Para
from pipeline.extraction.zones import Zones
from schemas import Deduction, Doubt, WebsiteFinding, doubts
from schemas.doubts import About

LOW_CONFIDENCE = LAYOUT.low_confidence


def _low(p: Para | None) -> float | None:
    if p is None or p.confidence is None or p.confidence >= LOW_CONFIDENCE:
        return None
    return p.confidence


def header_doubts(z: Zones) -> list[Doubt]:
    parts: list[tuple[str, Para | None]] = [
        ("banner", z.banner),
        *(("header line", p) for p in z.header),
        *(("title", p) for p in z.title),
        ("addressees", z.addressees),
        *(("signature", p) for p in z.signature),
        ("date", z.date),
    ]
    return [
        doubts.ocr_low_confidence_field(name, conf, p.page_no, p.text)
        for name, p in parts
        if p is not None and (conf := _low(p)) is not None
    ]


def row_doubts(rows: list[WebsiteFinding] | list[Deduction]) -> list[Doubt]:
    about: About = "website_findings" if rows and isinstance(rows[0], WebsiteFinding) else "deductions"
    return [
        doubts.ocr_low_confidence_row(about, r.annex_no, r.table_no, r.seq, r.page_no, r.confidence)
        for r in rows
        if r.confidence is not None and r.confidence < LOW_CONFIDENCE
    ]
