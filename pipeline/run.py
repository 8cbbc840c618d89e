"""The stages in order, one screen: read → normalize → paragraphs → zones → header → outline →
annexes → assemble → validate.

Loading is `pipeline.store`; batches are `pipeline.batch`. Each stage is a plain function from one
model to the next, so the data's path through the code reads top to bottom here; `extract` (one file,
`tongbao extract`) and the batch workers (`tongbao ingest`) run exactly this path.
"""

from __future__ import annotations

from pathlib import Path

from ocr.readers import read as read_file
from pipeline.extraction.annex_rows import AnnexRows, annex_rows
from pipeline.extraction.annexes import find_annexes
from pipeline.extraction.annotation import annotation
from pipeline.extraction.confidence import header_doubts, row_doubts
from pipeline.extraction.context import DocContext
from pipeline.extraction.header import header
from pipeline.extraction.mentions import mentions
from pipeline.extraction.normalize import Canonical, normalize
from pipeline.extraction.paragraphs import paragraphs
from pipeline.extraction.sections import outline
from pipeline.extraction.stats import stats
from pipeline.extraction.subject import check_subject
from pipeline.extraction.zones import Zones, find_zones
from pipeline.fingerprint import extraction_version
from schemas import Circular, Header, PageText, Section, SourceDocument

DOC_ID_LENGTH = 16


def read(path: Path, ocr: str | None = None) -> SourceDocument:
    """Read any supported file into the intermediate model (text, html, pdf, images)."""
    return read_file(path, ocr=ocr)


def extract_source(src: SourceDocument) -> Circular:
    """Interpret a read document: header, outline, annexes, findings, deductions, stats, mentions."""
    text = normalize(src)
    z = find_zones(paragraphs(text.doc))
    head = header(z, text.meta, text.title_hint)
    ctx = DocContext.of(head)
    sections, located = outline(z.body)
    annexes = annex_rows(find_annexes(z), ctx)
    circular = assemble(text, z, head, sections, located, annexes, ctx)
    return validate(circular)


def assemble(
    text: Canonical,
    z: Zones,
    head: Header,
    sections: list[Section],
    located: list[tuple[str | None, str]],
    annexes: AnnexRows,
    ctx: DocContext,
) -> Circular:
    """The parts read so far as one `Circular` (pydantic validates every row on the way in)."""
    src = text.doc
    found = [*src.doubts, *text.doubts, *header_doubts(z), *annexes.doubts]
    found += row_doubts(annexes.findings) + row_doubts(annexes.deductions)
    return Circular(
        doc_id=src.sha256[:DOC_ID_LENGTH],
        source_path=src.source_path,
        source_sha256=src.sha256,
        media_type=src.media_type,
        page_count=len(src.pages),
        script=text.script,
        ocr_engine=src.ocr_engine,
        ocr_confidence=src.ocr_confidence,
        header=head,
        annotations=annotation(z.annotation, head.issue_date),
        sections=sections,
        annexes=annexes.annexes,
        website_findings=annexes.findings,
        deductions=annexes.deductions,
        deduction_items=annexes.items,
        stats=stats(located),
        mentions=mentions(located, ctx.year),
        pages=[
            PageText(page_no=p.page_no, text=p.text, confidence=p.confidence, engine=p.engine)
            for p in src.pages
        ],
        doubts=found,
        warnings=[d.message for d in found],
        extraction_version=extraction_version(),
    )


def validate(circular: Circular) -> Circular:
    """Refuse what is not a spot-check circular (`NotACircular`); the rows are validated already."""
    check_subject(circular)
    return circular


def extract(path: Path | str, ocr: str | None = None) -> Circular:
    """One file to a validated `Circular`; raises `schemas.exceptions.BadInput` for unreadable input."""
    return extract_source(read(Path(path), ocr=ocr))
