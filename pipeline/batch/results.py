"""What happened to each file of a batch (its `ingest_log` row) and to the batch as a whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.paths import clean
from pipeline.store.bookkeeping import IngestLogRow
from schemas.exceptions import ExitCode


@dataclass
class FileResult:
    """What happened to one file; becomes its `ingest_log` row. `path` is the path as `shown`
    (one printable line, lossless); the error is made printable too."""

    path: str
    status: str  # loaded, unchanged, failed
    sha256: str | None = None
    doc_id: str | None = None
    error: str | None = None
    seconds: float = 0.0
    started_at: dt.datetime = field(default_factory=dt.datetime.now)
    pages: int = 0
    ocr_pages: int = 0
    traceback: str | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.error = clean(self.error) if self.error else self.error

    def log_row(self, run_id: str) -> IngestLogRow:
        return IngestLogRow(
            run_id=run_id,
            source_path=self.path,
            sha256=self.sha256,
            doc_id=self.doc_id,
            status=self.status,
            error=self.error,
            seconds=self.seconds,
            started_at=self.started_at,
        )


@dataclass
class IngestSummary:
    run_id: str
    db: Path
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    where: str = ""  # where documents were extracted: `2 worker processes`, `Ray: 3 nodes, 24 CPUs`

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def loaded(self) -> int:
        return self.count("loaded")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    @property
    def ocr_pages(self) -> int:
        return sum(r.ocr_pages for r in self.results)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.some_failed if self.failed else ExitCode.ok

    def line(self) -> str:
        return (
            f"{self.loaded} loaded, {self.unchanged} unchanged, {self.failed} failed; "
            f"{self.pages} pages ({self.ocr_pages} OCR) in {self.seconds:.1f} s"
            f"{f' on {self.where}' if self.where else ''} → {self.db}"
        )
