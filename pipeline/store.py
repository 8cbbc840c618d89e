"""Loading into DuckDB: schema, one transaction per document, the ingest log.

A document is deleted and re-inserted as a whole inside one transaction, so re-loading replaces and
never duplicates, and a failure halfway leaves the previous version in place. The only rows a load
keeps are `document_paths` (every path the bytes were seen under) and `ingest_log` (history).
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

import pipeline
from pipeline.ddl import (
    TABLE_BY_NAME,
    TABLES,
    FileStat,
    IngestLogRow,
    TableSpec,
    comment_statements,
    create_table,
    quote,
)
from pipeline.views import VIEWS
from schemas import Circular, Header
from schemas.exceptions import DatabaseBusy, UsageError

Connection = duckdb.DuckDBPyConnection
PIPELINE_VERSION: str = pipeline.__version__
ROW_TABLES: tuple[TableSpec, ...] = tuple(t for t in TABLES if t.source)
INGEST_STATUSES = ("loaded", "unchanged", "failed")
_FINGERPRINT_MACRO = "tongbao_schema_fingerprint"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database, creating or migrating the schema unless read-only.

    Another process holding the file raises `DatabaseBusy`; a read-only open of a missing file raises
    `UsageError` (DuckDB would otherwise create nothing and fail obscurely).
    """
    path = Path(path)
    if read_only and not path.exists():
        raise UsageError(f"database {path} does not exist; create it with `tongbao ingest --db {path} …`")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as e:
        if _locked_by_another_process(path):
            raise DatabaseBusy(
                f"database {path} is in use by another process (another `tongbao ingest`?); "
                "wait for it to finish, or use another --db"
            ) from e
        raise UsageError(f"cannot open database {path}: {str(e).splitlines()[0]}") from e
    if not read_only:
        try:
            migrate(con)
        except BaseException:
            con.close()
            raise
    return con


def _locked_by_another_process(path: Path) -> bool:
    """Whether some process holds DuckDB's lock (a POSIX record lock) on the file.

    This asks the lock itself instead of reading DuckDB's error message. It is only called after our
    own connect failed, so this process holds no lock on the file that closing the probe could drop.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        return e.errno in (errno.EACCES, errno.EAGAIN)
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def schema_fingerprint() -> str:
    """A hash of everything `migrate` creates: tables, columns, comments, views."""
    h = hashlib.sha256()
    for spec in TABLES:
        h.update("\n".join([create_table(spec), *comment_statements(spec)]).encode())
    for view in VIEWS:
        h.update(repr((view.name, view.sql, view.description, sorted(view.columns.items()))).encode())
    return h.hexdigest()[:16]


def _migrated(con: duckdb.DuckDBPyConnection, fingerprint: str) -> bool:
    try:
        return con.execute(f"SELECT {_FINGERPRINT_MACRO}()").fetchone() == (fingerprint,)
    except duckdb.Error:  # a new database, or one from before the fingerprint
        return False


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and columns, (re)create the views, and comment everything; idempotent.

    Columns are only ever added: a changed type or key needs a new database (re-ingest with --force).
    A database already migrated by this schema is recognised by a fingerprint kept in a macro and
    left alone: the full pass costs ~0.5 s, which would be most of a re-run that skips every file.
    """
    fingerprint = schema_fingerprint()
    if _migrated(con, fingerprint):
        return
    con.begin()
    try:
        for spec in TABLES:
            con.execute(create_table(spec))
            have = {
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                    "AND schema_name = 'main' AND table_name = ?",
                    [spec.name],
                ).fetchall()
            }
            for col in spec.columns:
                if col.name not in have:
                    con.execute(f"ALTER TABLE {spec.name} ADD COLUMN {col.name} {col.type}")
            for stmt in comment_statements(spec):
                con.execute(stmt)
        for view in VIEWS:
            con.execute(f"CREATE OR REPLACE VIEW {view.name} AS {view.sql}")
            con.execute(f"COMMENT ON VIEW {view.name} IS {quote(view.description)}")
            for (name,) in con.execute(f"SELECT column_name FROM (DESCRIBE {view.name})").fetchall():
                if name not in view.columns:
                    raise RuntimeError(f"view {view.name}: column {name} has no comment in pipeline/views.py")
                con.execute(f"COMMENT ON COLUMN {view.name}.{name} IS {quote(view.columns[name])}")
        con.execute(f"CREATE OR REPLACE MACRO {_FINGERPRINT_MACRO}() AS {quote(fingerprint)}")
        con.commit()
    except BaseException:
        con.rollback()
        raise


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


def loaded_documents(
    con: duckdb.DuckDBPyConnection, pipeline_version: str = PIPELINE_VERSION
) -> dict[str, str]:
    """sha256 → doc_id of every document loaded by this pipeline version: one query for a whole run."""
    return dict(
        con.execute(
            "SELECT source_sha256, doc_id FROM documents WHERE pipeline_version = ?", [pipeline_version]
        ).fetchall()
    )


def file_stats(con: duckdb.DuckDBPyConnection) -> dict[str, FileStat]:
    """Every file's size, times and inode when it was last hashed, with its sha256, by path."""
    spec = TABLE_BY_NAME["file_stats"]
    return {
        r[0]: FileStat(**dict(zip(spec.names, r, strict=True)))
        for r in con.execute(f"SELECT {', '.join(spec.names)} FROM file_stats").fetchall()
    }


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


def is_loaded(con: duckdb.DuckDBPyConnection, sha256: str, pipeline_version: str = PIPELINE_VERSION) -> bool:
    """Whether these bytes are already loaded by this pipeline version (an incremental run skips them)."""
    return con.execute(
        "SELECT count(*) FROM documents WHERE source_sha256 = ? AND pipeline_version = ?",
        [sha256, pipeline_version],
    ).fetchone() == (1,)


def doc_id_for(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    found = con.execute("SELECT doc_id FROM documents WHERE source_sha256 = ?", [sha256]).fetchone()
    return found[0] if found else None


def resolve_doc_id(con: duckdb.DuckDBPyConnection, prefix: str) -> str:
    """The one doc_id starting with `prefix`; a person types the first few characters."""
    found = [
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM documents WHERE starts_with(doc_id, ?) ORDER BY doc_id LIMIT 6", [prefix]
        ).fetchall()
    ]
    if not found:
        raise UsageError(f"no document with an id starting {prefix!r}")
    if len(found) > 1:
        raise UsageError(
            f"{prefix!r} matches several documents ({', '.join(found[:5])}…); type more of the id"
        )
    return found[0]


def fetch(con: duckdb.DuckDBPyConnection, doc_id: str) -> Circular:
    """Read one document back as the `Circular` it was loaded from (the inverse of `load`)."""
    docs = _select(con, TABLE_BY_NAME["documents"], doc_id)
    if not docs:
        raise UsageError(f"no document {doc_id!r}")
    doc = docs[0]
    header = {k: doc[k] for k in Header.model_fields}
    data: dict[str, Any] = {k: doc[k] for k in Circular.model_fields if k in doc}
    data["header"] = header
    for spec in ROW_TABLES:
        assert spec.source is not None and spec.model is not None
        fields = spec.model.model_fields
        data[spec.source] = [{k: v for k, v in r.items() if k in fields} for r in _select(con, spec, doc_id)]
    return Circular.model_validate(data)


def _select(con: duckdb.DuckDBPyConnection, spec: TableSpec, doc_id: str) -> list[dict[str, Any]]:
    order = "ord" if "ord" in spec.names else ", ".join(spec.primary_key)
    cur = con.execute(
        f"SELECT {', '.join(spec.names)} FROM {spec.name} WHERE doc_id = ? ORDER BY {order}", [doc_id]
    )
    return [dict(zip(spec.names, r, strict=True)) for r in cur.fetchall()]


def query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of any SQL; a SQL error is the user's (`UsageError`), not a crash."""
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    except (
        duckdb.ParserException,
        duckdb.BinderException,
        duckdb.CatalogException,
        duckdb.ConversionException,
        duckdb.InvalidInputException,
        duckdb.PermissionException,
    ) as e:
        raise UsageError(f"query failed: {str(e).splitlines()[0]}") from e
