"""Writing documents: one transaction per batch of whole documents, paths, the ingest log, file stats.

A document is deleted and re-inserted as a whole inside one transaction, so re-loading replaces and
never duplicates, and a failure halfway leaves the previous version in place. The only rows a load
keeps are `document_paths` (every path the bytes were seen under) and `ingest_log` (history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.store.db import INGEST_STATUSES, PIPELINE_VERSION, ROW_TABLES
from pipeline.store.ddl import TABLE_BY_NAME, TABLES, FailedFile, FileStat, IngestLogRow, TableSpec
from schemas import Circular


def rows(
    circular: Circular,
    *,
    pipeline_version: str = PIPELINE_VERSION,
    run_id: str | None = None,
    loaded_at: dt.datetime | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """The document as table rows, in column order: what `load` writes, without a database."""
    doc = circular.model_dump()
    doc.update(doc.pop("header"))
    doc.update(pipeline_version=pipeline_version, run_id=run_id, loaded_at=loaded_at or dt.datetime.now())
    out = {"documents": [tuple(doc[c] for c in TABLE_BY_NAME["documents"].names)]}
    for spec in ROW_TABLES:
        assert spec.source is not None
        table_rows = []
        for i, item in enumerate(getattr(circular, spec.source), start=1):
            values = item.model_dump()
            values.setdefault("ord", i)
            values["doc_id"] = circular.doc_id
            table_rows.append(tuple(values[c] for c in spec.names))
        out[spec.name] = table_rows
    return out


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    table_rows: Sequence[tuple[Any, ...]],
    on_conflict: str = "",
) -> None:
    """Insert many rows with one statement: one list parameter per column, unnested side by side.

    Several hundred times faster than `executemany`, and needs neither pandas nor pyarrow.
    `on_conflict` is an `ON CONFLICT …` clause, for upserts.
    """
    if not table_rows:
        return
    columns = list(zip(*table_rows, strict=True))
    select = ", ".join(f"unnest(${i}::{c.type}[])" for i, c in enumerate(spec.columns, start=1))
    try:
        con.execute(
            f"INSERT INTO {spec.name} ({', '.join(spec.names)}) SELECT {select} {on_conflict}",
            [list(c) for c in columns],
        )
    except duckdb.ConstraintException as e:  # say which table: DuckDB's message names only the key
        raise duckdb.ConstraintException(f"{spec.name}: {str(e).splitlines()[0]}") from e


def load(
    con: duckdb.DuckDBPyConnection,
    circular: Circular,
    *,
    run_id: str | None,
    pipeline_version: str = PIPELINE_VERSION,
    extra_paths: Sequence[str] = (),
    log: Sequence[IngestLogRow] = (),
) -> None:
    """Replace every row of the document in one transaction; on any error the previous version stays.

    `extra_paths` are other names of the same bytes, recorded in `document_paths` with the document;
    `log` is written to `ingest_log` in the same transaction, so a loaded document always has its row.
    """
    load_many(con, [Loadable(circular, extra_paths, log)], run_id=run_id, pipeline_version=pipeline_version)


@dataclass(frozen=True)
class Loadable:
    """A document to load, with the other paths of its bytes and its `ingest_log` rows."""

    circular: Circular
    extra_paths: Sequence[str] = ()
    log: Sequence[IngestLogRow] = ()


def load_many(
    con: duckdb.DuckDBPyConnection,
    docs: Sequence[Loadable],
    *,
    run_id: str | None,
    pipeline_version: str = PIPELINE_VERSION,
) -> None:
    """`load` for several documents in one transaction, with one INSERT per table for all of them.

    Each document is still whole or absent (the transaction holds whole documents only). A statement
    costs DuckDB milliseconds whatever its size, so a batch of documents that arrive together loads
    several times faster per document than one transaction each.
    """
    if not docs:
        return
    merged: dict[str, list[tuple[Any, ...]]] = {}
    for doc in docs:
        for name, table_rows in rows(doc.circular, pipeline_version=pipeline_version, run_id=run_id).items():
            merged.setdefault(name, []).extend(table_rows)
    ids = [doc.circular.doc_id for doc in docs]
    con.begin()
    try:
        # Rows of a doc_id exist only if its documents row does (loads are atomic), so new
        # documents skip the deletes.
        present = [
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchall()
        ]
        for spec in TABLES:
            if spec.name not in merged:
                continue
            if present:
                con.execute(
                    f"DELETE FROM {spec.name} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [present]
                )
            insert_rows(con, spec, merged[spec.name])
        add_paths(
            con,
            [
                (doc.circular.doc_id, path)
                for doc in docs
                for path in (doc.circular.source_path, *doc.extra_paths)
            ],
        )
        log_rows(con, [entry for doc in docs for entry in doc.log])
        con.commit()
    except BaseException:
        con.rollback()
        raise


def add_path(con: duckdb.DuckDBPyConnection, doc_id: str, source_path: str) -> None:
    """Remember that the document's bytes were found at `source_path` (kept across re-loads)."""
    add_paths(con, [(doc_id, source_path)])


def add_paths(con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]]) -> None:
    """`add_path` for many (doc_id, source_path) pairs in one statement."""
    now = dt.datetime.now()
    unique = dict.fromkeys(pairs)  # the same pair twice in one statement is an error in DuckDB
    insert_rows(
        con,
        TABLE_BY_NAME["document_paths"],
        [(d, p, now, now) for d, p in unique],
        on_conflict="ON CONFLICT (doc_id, source_path) DO UPDATE SET last_seen = excluded.last_seen",
    )


def delete(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    """Remove a document and its paths entirely (the ingest log keeps its history)."""
    con.begin()
    try:
        for spec in TABLES:
            if spec.name != "ingest_log":
                con.execute(f"DELETE FROM {spec.name} WHERE doc_id = ?", [doc_id])
        con.commit()
    except BaseException:
        con.rollback()
        raise


def log_ingest(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source_path: str,
    sha256: str | None,
    status: str,
    error: str | None,
    seconds: float,
    started_at: dt.datetime,
    doc_id: str | None = None,
) -> None:
    """Record what a run did with one file; every file a run touches gets exactly one row."""
    if status not in INGEST_STATUSES:
        raise ValueError(f"status {status!r} is not one of {INGEST_STATUSES}")
    log_rows(
        con,
        [
            IngestLogRow(
                run_id=run_id,
                source_path=source_path,
                sha256=sha256,
                doc_id=doc_id,
                status=status,
                error=error,
                seconds=seconds,
                started_at=started_at,
            )
        ],
    )


def log_rows(con: duckdb.DuckDBPyConnection, entries: Sequence[IngestLogRow]) -> None:
    """Many `ingest_log` rows in one statement (a re-run that skips thousands of files writes them at once)."""
    spec = TABLE_BY_NAME["ingest_log"]
    insert_rows(con, spec, [tuple(getattr(e, c) for c in spec.names) for e in entries])


def save_file_stats(con: duckdb.DuckDBPyConnection, stats: Sequence[FileStat]) -> None:
    """Remember how files looked when hashed (one statement; replaces earlier entries for the paths)."""
    spec = TABLE_BY_NAME["file_stats"]
    latest = {s.source_path: s for s in stats}
    insert_rows(
        con,
        spec,
        [tuple(getattr(s, c) for c in spec.names) for s in latest.values()],
        on_conflict="ON CONFLICT (source_path) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in spec.names if c != "source_path"),
    )


def save_failures(con: duckdb.DuckDBPyConnection, failures: Sequence[FailedFile]) -> None:
    """Remember failed bytes (one statement; a later failure of the same bytes replaces the earlier)."""
    if not failures:
        return
    spec = TABLE_BY_NAME["failed_files"]
    latest = {f.sha256: f for f in failures}
    insert_rows(
        con,
        spec,
        [tuple(getattr(f, c) for c in spec.names) for f in latest.values()],
        on_conflict="ON CONFLICT (sha256) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in spec.names if c != "sha256"),
    )
