"""What every view definition shares: the view's spec, the period and document columns, the doubt
codes as SQL sets and the review threshold (`views` and `review_views` build on it)."""

from __future__ import annotations

from dataclasses import dataclass

from normalizers.layout_settings import LAYOUT
from schemas.doubts import COPY_CODES, NOTE_CODES

LOW_CONFIDENCE = LAYOUT.low_confidence


@dataclass(frozen=True)
class ViewSpec:
    name: str
    description: str
    sql: str
    columns: dict[str, str]  # column → comment; every column of the view must be here


PERIOD = {
    "period_year": "year the spot checks cover",
    "period_quarter": "quarter covered (1–4), NULL for half-yearly or monthly circulars",
    "period_half": "half year covered (1–2), NULL otherwise",
    "period_month": "month covered (monthly circulars), NULL otherwise",
    "period": "the period as one sortable label: 2017Q2, 2017H1, 2017-09 or 2017; NULL when unknown",
    "period_start": "first day of the period, for a time axis; NULL when the year is unknown",
}


def period_columns(t: str) -> str:
    """The period columns of circulars alias `t`, plus a label and a start date for charts."""
    return f"""{t}.period_year, {t}.period_quarter, {t}.period_half, {t}.period_month,
           CASE WHEN {t}.period_year IS NULL THEN NULL
                WHEN {t}.period_quarter IS NOT NULL THEN {t}.period_year || 'Q' || {t}.period_quarter
                WHEN {t}.period_half IS NOT NULL THEN {t}.period_year || 'H' || {t}.period_half
                WHEN {t}.period_month IS NOT NULL THEN {t}.period_year || '-' || lpad({t}.period_month::VARCHAR, 2, '0')
                ELSE {t}.period_year::VARCHAR END AS period,
           make_date({t}.period_year, coalesce(3 * {t}.period_quarter - 2, 6 * {t}.period_half - 5,
                                                 {t}.period_month, 1), 1) AS period_start"""


# Every document, with the circular it is a copy of and whether it is the primary copy.
DOC_COLUMNS = {
    "doc_id": "the document (documents.doc_id)",
    "circular_id": "the circular the document is a copy of (documents.circular_id)",
    "is_primary": "whether this copy is its circular's primary, whose rows the row tables hold",
    "issuer": "issuing office (发文机关)",
    "title": "title of the circular",
    "media_type": "how the document was read: pdf_text, pdf_scan, image, text, html, word, spreadsheet, ofd",
    "ocr_confidence": "mean OCR confidence of the document, 0–1; NULL when no OCR ran",
}


def sql_set(codes: frozenset[str]) -> str:
    return "(" + ", ".join(f"'{c}'" for c in sorted(codes)) + ")"


COPY_CODES_SQL = sql_set(COPY_CODES)
NOTE_CODES_SQL = sql_set(NOTE_CODES)
