"""The columns the store adds to tie copies of one circular together: `CopyOf` on `documents`, and the
internal `document_content` table (`pipeline.store.copies` keeps both). Models, so that the DDL is
generated from them like every other table's."""

from __future__ import annotations

from pydantic import BaseModel, Field
from pydantic.config import JsonDict


class CopyOf(BaseModel):
    """Columns `documents` has to tie the copies of one circular together; the store sets them when it
    loads (see `pipeline.store.identity`), extraction knows nothing of other documents."""

    circular_id: str = Field(
        description="the circular this document is a copy of: every copy (a text, its PDF, a scan, a "
        "portal page) carries the same id, a hash of what identifies the circular as its primary copy "
        "reads it — issuer and 文号, else issuer, title and 成文日期, else its text"
    )
    is_primary: bool = Field(
        description="whether this copy speaks for the circular: the row tables (sections, annexes, "
        "website_findings, deductions, deduction_items, stats, mentions) hold the primary copy's rows "
        "only, so each circular counts once in any query"
    )
    matched_by: str | None = Field(
        None,
        description="how this copy was found to be the circular's: same_text (the same text once "
        "normalised), doc_number (issuer and 文号), title_and_date (issuer, title and 成文日期) or "
        "similar_text (nearly the same text, 文号, issuer and date equal or one character apart); NULL "
        "for the primary copy",
    )
    primary_reason: str | None = Field(
        None,
        description="why the primary copy was preferred, naming the criterion that decided — on the "
        "primary, over the next best copy (`preferred over <doc_id>: a text layer (pdf_text) over OCR "
        "(pdf_scan)`); on another copy, over it. The criteria, in order: more annex tables read, a "
        "complete text, a text layer over OCR, higher OCR confidence, more rows, more of the header, "
        "fewer doubts, the format (pdf_text, html, text, pdf_scan, image), the smaller doc_id; NULL when "
        "the circular has one document",
    )


_BIGINT_LIST: JsonDict = {"duckdb_type": "BIGINT[]"}  # 63-bit hashes


class DocumentContent(BaseModel):
    """Internal (not exported): what the store keeps of each document to tell the copies of a circular
    apart and to choose and promote its primary copy — a fingerprint of its text, the evidence the
    primary is chosen by, and its own rows as JSON, which the row tables hold only for the primary: a
    better copy arriving later, or the primary deleted, promotes one without reading its file again."""

    doc_id: str = Field(description="the document (documents.doc_id)")
    content_sha: str | None = Field(
        None, description="sha256 prefix of the document's text normalised (letters, digits, Han only)"
    )
    content_chars: int = Field(description="characters of the normalised text")
    sketch: list[int] = Field(
        json_schema_extra=_BIGINT_LIST,
        description="bottom-k MinHash sketch of the normalised text's 5-character shingles: similar texts "
        "share most of it",
    )
    annexes_read: int = Field(description="annexes whose table was read (row_count > 0)")
    rows_read: int = Field(description="website findings and deductions read")
    header_fields: int = Field(description="header fields read (not NULL, not empty)")
    doubts: int = Field(description="doubts extraction raised")
    rows_json: str | None = Field(
        None,
        description="the document's own sections, annexes, findings, deductions, items, stats and "
        "mentions as JSON (the schemas.Circular fields); the row tables hold them only when the "
        "document is its circular's primary copy",
    )
