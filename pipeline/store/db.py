"""The database file: opening it (one writer, a clear error when another process holds it) and
creating or migrating its schema, generated from the pydantic models (`ddl`) and views (`views`)."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
from pathlib import Path

import duckdb

from pipeline.fingerprint import extraction_version
from pipeline.store.ddl import (
    TABLES,
    TableSpec,
    comment_statements,
    create_table,
    quote,
)
from pipeline.store.views import VIEWS
from pipeline.version import __version__
from schemas.exceptions import DatabaseBusy, UsageError

Connection = duckdb.DuckDBPyConnection
PIPELINE_VERSION: str = __version__
#: a document loaded by other extraction code (or reference data) than this is re-extracted
EXTRACTION_VERSION: str = extraction_version()
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
            _settle_legacy(con)
        except BaseException:
            con.close()
            raise
    return con


def _settle_legacy(con: duckdb.DuckDBPyConnection) -> None:
    """Documents loaded before circular identity (circular_id NULL) are re-loaded from the database
    itself, once: their copies settle and the row tables keep each circular's primary copy's rows."""
    found = con.execute("SELECT doc_id, pipeline_version FROM documents WHERE circular_id IS NULL").fetchall()
    if not found:
        return
    from pipeline.store.read import fetch_many  # the writers import this module
    from pipeline.store.write import Loadable, load_many

    read = fetch_many(con, [d for d, _ in found])
    for version in sorted({v for _, v in found}):
        docs = [Loadable(read[d]) for d, v in found if v == version]
        load_many(con, docs, run_id=None, pipeline_version=version)


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
                    raise RuntimeError(
                        f"view {view.name}: column {name} has no comment in pipeline/store/views.py"
                    )
                con.execute(f"COMMENT ON COLUMN {view.name}.{name} IS {quote(view.columns[name])}")
        con.execute(f"CREATE OR REPLACE MACRO {_FINGERPRINT_MACRO}() AS {quote(fingerprint)}")
        con.commit()
    except BaseException:
        con.rollback()
        raise
