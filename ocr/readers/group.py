"""A circular read with its attachments: every file read as usual, the attachments' pages after the
circular's, each saying which file it came from, and every file listed (`SourceDocument.files`).

Which files are attachments of which circular is the batch's decision (`pipeline.batch.grouping`);
which annex each one is, extraction's (`pipeline.extraction.attach`). An attachment that cannot be
read is a doubt on the circular, not a failure of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from ocr.readers import read
from schemas import Line, Page, SourceDocument, Table, doubts
from schemas.exceptions import BadInput
from schemas.intermediate import Attachment, SourceFile


def group_sha256(files: Sequence[tuple[str, str]]) -> str:
    """The identity of a circular read from several files (path, sha256; the main file first): every
    file's bytes, and an attachment's name, which may say which annex it is. A file alone keeps its own."""
    if len(files) == 1:
        return files[0][1]
    parts = [files[0][1], *(f"{Path(path).name}\t{sha}" for path, sha in files[1:])]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_group(path: Path, attachments: Sequence[Attachment], ocr: str | None = None) -> SourceDocument:
    """The circular at `path` and its attachments as one document."""
    main = read(path, ocr=ocr)
    if not attachments:
        return main
    got: list[tuple[Attachment, SourceDocument | str]] = []
    for att in attachments:
        try:
            got.append((att, read(att.path, ocr=ocr)))
        except BadInput as exc:
            got.append((att, str(exc).removeprefix(f"{att.path.name}: ")))
    return merge(main, got)


def _renumbered(page: Page, page_no: int, source: str) -> Page:
    """An attachment's page as page `page_no` of the document, saying which file it came from."""
    blocks: list[Line | Table] = []
    for b in page.blocks:
        if isinstance(b, Table):
            rows = [[c.model_copy(update={"page_no": page_no}) for c in row] for row in b.rows]
            blocks.append(b.model_copy(update={"page_no": page_no, "rows": rows}))
        else:
            blocks.append(b.model_copy(update={"page_no": page_no}))
    return page.model_copy(update={"page_no": page_no, "blocks": blocks, "source_file": source})


def merge(main: SourceDocument, attachments: list[tuple[Attachment, SourceDocument | str]]) -> SourceDocument:
    """The circular and its attachments as one document: their pages after its pages, every file
    listed. An attachment given as a string could not be read (the reason): a doubt, not a failure."""
    files = [SourceFile(path=main.source_path, sha256=main.sha256, role="main")]
    pages = list(main.pages)
    found = list(main.doubts)
    engine = main.ocr_engine
    for att, doc in attachments:
        if isinstance(doc, str):
            found.append(doubts.attachment_unreadable(att.path.name, doc))
            continue
        files.append(
            SourceFile(
                path=doc.source_path,
                sha256=doc.sha256,
                role="attachment",
                annex_no=att.annex_no,
                evidence=att.evidence,
            )
        )
        for p in doc.pages:
            pages.append(_renumbered(p, len(pages) + 1, doc.source_path))
        found += doc.doubts
        engine = engine or doc.ocr_engine
    return main.model_copy(
        update={
            "pages": pages,
            "files": files,
            "sha256": group_sha256([(f.path, f.sha256) for f in files]),
            "doubts": found,
            "ocr_engine": engine,
        }
    )
