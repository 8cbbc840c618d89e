"""What every reader produces: pages of lines and tables in reading order, with provenance.

Text files, web pages, born-digital PDFs and OCR'd scans all become a `SourceDocument`, so the
extractors downstream are written once and never ask where the text came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.doubts import Doubt

MediaType = Literal["pdf_text", "pdf_scan", "image", "text", "html", "word", "spreadsheet", "ofd"]


class BBox(BaseModel):
    """A box on the page, in the page's own units (PDF points, or pixels for images), origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


class Line(BaseModel):
    """One printed line of running text (never a table cell)."""

    kind: Literal["line"] = "line"
    text: str
    page_no: int = 1
    bbox: BBox | None = None
    confidence: float | None = None
    color: Literal["black", "red"] | None = None


class Cell(BaseModel):
    text: str
    page_no: int = 1
    bbox: BBox | None = None
    confidence: float | None = None


class Table(BaseModel):
    """A ruled or tab-separated table; `rows[r][c]`. Rows continued from earlier pages are merged in."""

    kind: Literal["table"] = "table"
    rows: list[list[Cell]]
    page_no: int = 1
    bbox: BBox | None = None

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Annotated[Line | Table, Field(discriminator="kind")]


class Page(BaseModel):
    page_no: int
    width: float | None = None
    height: float | None = None
    blocks: list[Block] = Field(default_factory=list)
    engine: str | None = None
    confidence: float | None = None
    source_file: str | None = Field(
        None, description="the file the page came from, when a document is read from several (attachments)"
    )
    sheet: str | None = Field(None, description="a spreadsheet's sheet the page holds")

    @property
    def text(self) -> str:
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Line):
                out.append(b.text)
            else:
                out.extend("\t".join(r) for r in b.texts())
        return "\n".join(out)


FileRole = Literal["main", "attachment"]


class Attachment(BaseModel):
    """A file taken for an attachment of a circular, before it is read (see `pipeline.batch.grouping`)."""

    model_config = ConfigDict(frozen=True)

    path: Path
    annex_no: int | None = Field(None, description="the 附件 number its name carries")
    evidence: str = Field(description="why it was taken for an attachment of the main file")


class SourceFile(BaseModel):
    """One file of a document read from several: the circular and the attachments published with it."""

    path: str
    sha256: str
    role: FileRole = "main"
    annex_no: int | None = Field(None, description="the 附件 number the file's name carries")
    evidence: str | None = Field(None, description="why the file was taken for an attachment of the main one")


class SourceDocument(BaseModel):
    """A file (or a circular with its attachments) as read: its pages and how they were read, before
    any interpretation. `files` lists every file when there are several; pages of attachments say
    which file they came from (`Page.source_file`)."""

    source_path: str
    sha256: str
    media_type: MediaType
    pages: list[Page]
    title_hint: str | None = Field(None, description="the <title> of a web page")
    ocr_engine: str | None = None
    doubts: list[Doubt] = Field(default_factory=list, description="what reading the file doubted")
    files: list[SourceFile] = Field(default_factory=list)

    @property
    def ocr_confidence(self) -> float | None:
        scores = [p.confidence for p in self.pages if p.confidence is not None]
        return sum(scores) / len(scores) if scores else None

    def blocks(self) -> list[Line | Table]:
        return [b for p in self.pages for b in p.blocks]
