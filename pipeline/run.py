"""The stages in order, one screen: read → normalize → paragraphs → zones → extract → validate.

Loading is `pipeline.store`; batches are `pipeline.ingest`. Each stage is a plain function from
one model to the next, so the data's path through the code reads top to bottom here.
"""

from __future__ import annotations

from pathlib import Path

from ocr.readers import read as read_file
from pipeline.extractors.annexes import annex_row, find_annexes, kind_of_title
from pipeline.extractors.annotation import annotation
from pipeline.extractors.confidence import header_doubts, row_doubts
from pipeline.extractors.deductions import deductions
from pipeline.extractors.findings import findings, is_new_media
from pipeline.extractors.header import header
from pipeline.extractors.mentions import mentions
from pipeline.extractors.sections import outline
from pipeline.extractors.stats import stats
from pipeline.extractors.tables import kind_of_header, records
from pipeline.extractors.zones import find_zones
from pipeline.normalize import normalize, script_of
from pipeline.paragraphs import paragraphs
from schemas import Circular, PageText, SourceDocument
from schemas.exceptions import NotACircular

DOC_ID_LENGTH = 16


def read(path: Path, ocr: str | None = None) -> SourceDocument:
    """Read any supported file into the intermediate model (text, html, pdf, images)."""
    return read_file(path, ocr=ocr)


def extract_source(src: SourceDocument) -> Circular:
    """Interpret a read document: header, outline, annexes, findings, deductions, stats, mentions."""
    script = script_of(src)
    doc, meta = normalize(src)
    blocks = paragraphs(doc)
    z = find_zones(blocks)
    head = header(z, meta, doc.title_hint)
    year = head.issue_date.year if head.issue_date else head.period_year
    sections, located = outline(z.body)
    warnings = list(src.warnings) + header_doubts(z)
    parts = find_annexes(z)
    annexes, found, deducted, items = [], [], [], []
    for part in parts:
        kind = kind_of_header(part.tables) or kind_of_title(part.title)
        recs = records(part.tables)
        if kind == "website_findings":
            rows, w = findings(part.no, recs, year)
            found += rows
        elif kind == "deductions":
            captions = dict(enumerate(part.captions, 1))
            drows, ditems, w = deductions(part.no, recs, captions, head.issuer_province, year)
            deducted += drows
            items += ditems
            rows = drows  # type: ignore[assignment]
        else:
            rows, w = recs, []  # type: ignore[assignment]
        warnings += w
        count = len(rows) + (
            sum(map(is_new_media, recs)) if kind == "website_findings" else 0
        )  # accounts too
        annexes.append(annex_row(part, kind, count))
        if part.listed and not rows and kind != "other" and not part.omitted:
            warnings.append(f"annex {part.no} ({part.title}) is listed but its table was not found")
    warnings += row_doubts(found) + row_doubts(deducted)
    if not sections and not found and not deducted and not head.title:
        raise NotACircular(f"{Path(src.source_path).name}: no title, outline or annex tables found")
    return Circular(
        doc_id=src.sha256[:DOC_ID_LENGTH],
        source_path=src.source_path,
        source_sha256=src.sha256,
        media_type=src.media_type,
        page_count=len(src.pages),
        script=script,
        ocr_engine=src.ocr_engine,
        ocr_confidence=src.ocr_confidence,
        header=head,
        annotations=annotation(z.annotation, head.issue_date),
        sections=sections,
        annexes=annexes,
        website_findings=found,
        deductions=deducted,
        deduction_items=items,
        stats=stats(located),
        mentions=mentions(located, year),
        pages=[
            PageText(page_no=p.page_no, text=p.text, confidence=p.confidence, engine=p.engine)
            for p in src.pages
        ],
        warnings=warnings,
    )


def extract(path: Path | str, ocr: str | None = None) -> Circular:
    """One file to a validated `Circular`; raises `schemas.exceptions.BadInput` for unreadable input."""
    return extract_source(read(Path(path), ocr=ocr))
