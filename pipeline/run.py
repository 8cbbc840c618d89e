"""The stages in order, one screen: read → normalize → paragraphs → zones → header → outline →
annexes → assemble → validate.

Loading is `pipeline.store`; batches are `pipeline.batch`. Each stage is a plain function from one
model to the next, so the data's path through the code reads top to bottom here; `extract` (one file,
`tongbao extract`) and the batch workers (`tongbao ingest`) run exactly this path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ocr.readers.group import read_group
from pipeline.extraction.annex_rows import AnnexRows, annex_rows
from pipeline.extraction.annexes import find_annexes
from pipeline.extraction.annotation import annotation
from pipeline.extraction.attach import Attached, attach, split_files
from pipeline.extraction.confidence import header_doubts, row_doubts
from pipeline.extraction.context import DocContext
from pipeline.extraction.header import header, inference_doubts
from pipeline.extraction.mentions import mentions
from pipeline.extraction.normalize import Canonical, normalize
from pipeline.extraction.paragraphs import paragraphs
from pipeline.extraction.sections import Outline, outline
from pipeline.extraction.stats import stats
from pipeline.extraction.stats.table_totals import with_table_totals
from pipeline.extraction.subject import check_subject
from pipeline.extraction.zones import Zones, find_zones
from pipeline.fingerprint import extraction_version
from schemas import Circular, DocumentFile, Header, PageText, SourceDocument
from schemas.intermediate import Attachment, SourceFile

DOC_ID_LENGTH = 16


def read(path: Path, ocr: str | None = None, attachments: Sequence[Attachment] = ()) -> SourceDocument:
    """Read any supported file into the intermediate model, with its attachments when it has any."""
    return read_group(path, attachments, ocr=ocr)


def extract_source(src: SourceDocument) -> Circular:
    """Interpret a read document: header, outline, annexes, findings, deductions, stats, mentions."""
    text = normalize(src)
    main, files = split_files(text.doc)
    attached = attach(paragraphs(main), [(f, d, paragraphs(d)) for f, d in files], src.source_path)
    z = find_zones(attached.blocks, [t for t in (text.meta.title, text.title_hint) if t])
    head = header(z, text.meta, text.title_hint)
    ctx = DocContext.of(head)
    body = outline(z.body, ends_text=not (z.annex_list or z.signature or z.date or z.tail))
    parts = find_annexes(z)
    annexes = annex_rows(parts, ctx)
    sources = attached.sources(parts, src.source_path)
    annexes.annexes = [a.model_copy(update={"source_file": sources.get(a.annex_no)}) for a in annexes.annexes]
    circular = assemble(text, z, head, body, annexes, ctx, attached)
    return validate(circular)


def assemble(
    text: Canonical,
    z: Zones,
    head: Header,
    body: Outline,
    annexes: AnnexRows,
    ctx: DocContext,
    attached: Attached,
) -> Circular:
    """The parts read so far as one `Circular` (pydantic validates every row on the way in)."""
    src = text.doc
    found = [*src.doubts, *text.doubts, *attached.doubts, *header_doubts(z)]
    found += [*inference_doubts(z, text.meta, head), *body.doubts, *annexes.doubts]
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
        sections=body.sections,
        annexes=annexes.annexes,
        website_findings=annexes.findings,
        deductions=annexes.deductions,
        deduction_items=annexes.items,
        stats=stats(with_table_totals(body.located, z.body_tables), head.period_quarter, head.period_half),
        mentions=mentions(body.located, ctx.year),
        pages=[
            PageText(
                page_no=p.page_no,
                text=p.text,
                confidence=p.confidence,
                engine=p.engine,
                source_file=p.source_file,
                sheet=p.sheet,
            )
            for p in src.pages
        ],
        document_files=[
            DocumentFile(
                path=f.path,
                sha256=f.sha256,
                role=f.role,
                annex_no=attached.annex_of.get(f.path),
                evidence=f.evidence,
            )
            for f in src.files or [SourceFile(path=src.source_path, sha256=src.sha256)]
        ],
        doubts=found,
        warnings=[d.message for d in found],
        extraction_version=extraction_version(),
    )


def validate(circular: Circular) -> Circular:
    """Refuse what is not a spot-check circular (`NotACircular`); the rows are validated already."""
    check_subject(circular)
    return circular


def extract(path: Path | str, ocr: str | None = None, attachments: Sequence[Attachment] = ()) -> Circular:
    """One file (with its attachments) to a validated `Circular`; raises `schemas.exceptions.BadInput`
    for unreadable input."""
    return extract_source(read(Path(path), ocr=ocr, attachments=attachments))
