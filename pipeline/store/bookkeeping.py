"""The store's own tables: what a document row holds beyond its Circular, and the bookkeeping of runs
(paths seen, the ingest log, remembered failures, file stats), as pydantic models that `ddl` turns
into tables like any other."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field
from pydantic.config import JsonDict


class DocumentMeta(BaseModel):
    """Columns `documents` has beyond the Circular: which code wrote the row, and when."""

    pipeline_version: str = Field(description="tongbao version that extracted and loaded the document")
    run_id: str | None = Field(None, description="ingest run that loaded it (ingest_log.run_id)")
    loaded_at: dt.datetime = Field(description="when the document was loaded (local time)")


class DocumentPath(BaseModel):
    """A path a document's bytes were found under; byte-identical files are one document."""

    doc_id: str = Field(description="the document (documents.doc_id)")
    source_path: str = Field(description="a path the document's bytes were found under")
    first_seen: dt.datetime = Field(description="when an ingest first found the file at this path")
    last_seen: dt.datetime = Field(description="when an ingest last found the file at this path")


class IngestLogRow(BaseModel):
    """What one run did with one file: the audit trail of loaded, unchanged and failed files."""

    run_id: str = Field(description="the ingest run (one `tongbao ingest` invocation)")
    source_path: str = Field(description="the file as given or found in a folder")
    sha256: str | None = Field(None, description="sha256 of the file's bytes; NULL when it could not be read")
    doc_id: str | None = Field(
        None, description="document the file is (documents.doc_id); NULL when it failed"
    )
    status: Literal["loaded", "unchanged", "failed"] = Field(
        description="loaded, unchanged (already loaded by this pipeline version, or a byte-identical "
        "copy of a file loaded in the same run) or failed"
    )
    error: str | None = Field(None, description="for failed files: error class and message")
    seconds: float = Field(description="wall time spent on the file (reading, extraction, loading)")
    started_at: dt.datetime = Field(description="when work on the file started (local time)")


_BIGINT: JsonDict = {"duckdb_type": "BIGINT"}  # ns timestamps and sizes overflow INTEGER
_UBIGINT: JsonDict = {"duckdb_type": "UBIGINT"}


class FailedFile(BaseModel):
    """Bytes that failed to extract, and under what: a re-run does not try them again with the same
    pipeline version and budget (a cache; `--force` or emptying it tries them all again)."""

    sha256: str = Field(description="sha256 of the file's bytes, hex")
    attempt: str = Field(description="the pipeline version and budget the failure happened under")
    error: str = Field(description="the error, as in ingest_log")
    failed_at: dt.datetime = Field(description="when it failed (local time)")


class FileStat(BaseModel):
    """What each file looked like when it was last hashed: a re-run hashes only the files whose size,
    times or inode changed, so skipping an unchanged archive does not read it (a cache; safe to empty)."""

    source_path: str = Field(description="the file as given or found in a folder")
    size: int = Field(json_schema_extra=_BIGINT, description="size in bytes when hashed")
    mtime_ns: int = Field(
        json_schema_extra=_BIGINT, description="modification time when hashed, ns since 1970"
    )
    ctime_ns: int = Field(
        json_schema_extra=_BIGINT, description="inode change time when hashed, ns since 1970"
    )
    inode: int = Field(json_schema_extra=_UBIGINT, description="inode number when hashed")
    sha256: str = Field(description="sha256 of the file's bytes when hashed, hex")
    hashed_at: dt.datetime = Field(description="when the file was hashed (local time)")
