"""OCR provenance reaches the rows, and doubtful reads become warnings rather than silent values."""

from __future__ import annotations

import hashlib

from ocr.readers.text import lines_to_blocks
from pipeline import extract_source
from schemas import Line, Page, SourceDocument, Table
from tests.synthetic import REGULAR


def scanned(low_title: bool, low_row: int | None) -> SourceDocument:
    """REGULAR as if OCR'd: every line and cell gets a confidence, some of them low."""
    blocks = lines_to_blocks(REGULAR.splitlines(), page_no=1)
    out: list[Line | Table] = []
    for b in blocks:
        if isinstance(b, Line):
            low = low_title and "关于2018年第一季度" in b.text
            out.append(b.model_copy(update={"confidence": 0.55 if low else 0.97}))
        else:
            rows = []
            for r, row in enumerate(b.rows):
                findings_table = "网站标识码" in [c.text for c in b.rows[0]]
                conf = 0.42 if (low_row is not None and r == low_row and findings_table) else 0.96
                rows.append([c.model_copy(update={"confidence": conf, "page_no": 2}) for c in row])
            out.append(b.model_copy(update={"rows": rows}))
    page = Page(page_no=1, blocks=out, engine="fake", confidence=0.9)
    return SourceDocument(
        source_path="scan.pdf",
        sha256=hashlib.sha256(b"scan").hexdigest(),
        media_type="pdf_scan",
        pages=[page],
        ocr_engine="fake",
    )


def test_confident_scan_has_no_doubts() -> None:
    c = extract_source(scanned(low_title=False, low_row=None))
    assert not [d for d in c.doubts if d.code.startswith("ocr_low_confidence")]
    assert c.ocr_engine == "fake" and c.ocr_confidence == 0.9
    assert all(f.confidence == 0.96 and f.page_no == 2 for f in c.website_findings)


def test_low_confidence_title_and_row_are_warned() -> None:
    c = extract_source(scanned(low_title=True, low_row=2))
    doubts = [d for d in c.doubts if d.code.startswith("ocr_low_confidence")]
    assert any(
        d.code == "ocr_low_confidence_field" and d.field == "title" and d.value == "0.55" for d in doubts
    )
    row = ("ocr_low_confidence_row", "website_findings", 1, 1, 2)
    assert any((d.code, d.about, d.annex_no, d.table_no, d.seq) == row for d in doubts), doubts
    # the values themselves are kept
    assert c.header.title and c.website_findings[1].site_code == "4304220031"
