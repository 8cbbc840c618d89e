"""Writing documents: one transaction per batch of whole documents, paths, the ingest log, file stats.

A document is deleted and re-inserted as a whole inside one transaction, so re-loading replaces and
never duplicates, and a failure halfway leaves the previous version in place. The only rows a load
keeps are `document_paths` (every path the bytes were seen under) and `ingest_log` (history). The
copies of its circular are settled in the same transaction (`pipeline.store.copies`): the row tables
hold each circular's primary copy's rows; every document's own rows are also kept as JSON
(`document_content`), from which a copy is promoted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from pydantic import BaseModel

from pipeline.store import copies
from pipeline.store import identity as ident
from pipeline.store.bookkeeping import FailedFile, FileStat, IngestLogRow
from pipeline.store.db import INGEST_STATUSES, PIPELINE_VERSION, ROW_TABLES
from pipeline.store.ddl import TABLE_BY_NAME, TABLES, TableSpec
from pipeline.store.read import fetch_many
from schemas import Circular, Doubt
from schemas.doubts import COPY_CODES

CopyColumns = tuple[str, bool, str | None, str | None]  # circular_id, is_primary, matched_by, primary_reason


def rows(
    circular: Circular,
    *,
    pipeline_version: str = PIPELINE_VERSION,
    run_id: str | None = None,
    loaded_at: dt.datetime | None = None,
    copy: CopyColumns | None = None,
    found: ident.Identity | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """The document as table rows, in column order: what `load` writes, without a database.

    `copy` places it among the copies of its circular; by default it is its circular's only document.
    `found` is its identity, when already worked out.
    """
    circular = _extracted(circular)
    found = found or ident.identity_of(circular)
    if copy is None:
        copy = (ident.circular_id(found.key), True, None, None)
    doc = circular.model_dump()
    doc.update(doc.pop("header"))
    doc.update(pipeline_version=pipeline_version, run_id=run_id, loaded_at=loaded_at or dt.datetime.now())
    doc.update(zip(("circular_id", "is_primary", "matched_by", "primary_reason"), copy, strict=True))
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
    content = {
        "doc_id": circular.doc_id,
        "content_sha": found.content_sha,
        "content_chars": found.content_chars,
        "sketch": list(found.sketch),
        "annexes_read": found.annexes_read,
        "rows_read": found.rows_read,
        "header_fields": found.header_fields,
        "doubts": found.doubts,
        "rows_json": copies.rows_json(circular),
    }
    out["document_content"] = [tuple(content[c] for c in TABLE_BY_NAME["document_content"].names)]
    if not copy[1]:  # a copy's rows are in its JSON only, out of the row tables
        for spec in copies.CIRCULAR_TABLES:
            out[spec.name] = []
    return out


def _extracted(circular: Circular) -> Circular:
    """The document as extraction read it: doubts about other copies are the store's, recomputed."""
    if not any(d.code in COPY_CODES for d in circular.doubts):
        return circular
    kept = [d for d in circular.doubts if d.code not in COPY_CODES]
    return circular.model_copy(update={"doubts": kept, "warnings": [d.message for d in kept]})


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

    Each document is still whole or absent (the transaction holds whole documents only), and so is
    each circular: the copies an arriving document joins are settled in the same transaction
    (`pipeline.store.copies`). A statement costs DuckDB milliseconds whatever its size, so a batch of
    documents that arrive together loads several times faster per document than one transaction each.
    """
    if not docs:
        return
    con.begin()
    try:
        arriving = {doc.circular.doc_id: _extracted(doc.circular) for doc in docs}
        found_at = {doc.circular.doc_id: [doc.circular.source_path, *doc.extra_paths] for doc in docs}
        p = copies.plan(con, list(arriving.values()), paths=found_at)
        _apply(con, p, arriving, run_id=run_id, pipeline_version=pipeline_version)
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


def _apply(
    con: duckdb.DuckDBPyConnection,
    p: copies.Plan,
    arriving: dict[str, Circular],
    *,
    run_id: str | None,
    pipeline_version: str,
) -> None:
    """Write a plan: the arriving documents whole, departing ones gone, rows moved where a primary
    changed, copy doubts recomputed. Reads everything it moves before it writes anything."""
    read = dict(arriving)
    needed: set[str] = set()
    for g in p.groups:
        compared = [m.ident.doc_id for m in g.members[1:] if not m.arriving and g.needs_doubts(m)]
        needed.update(compared)
        if (compared or any(m.arriving for m in g.members[1:])) and not g.primary.arriving:
            needed.add(g.primary.ident.doc_id)
        if not g.primary.arriving and not g.primary.was_primary:
            needed.add(g.primary.ident.doc_id)  # promoted: its rows, from its JSON
    read.update(fetch_many(con, sorted(needed - set(read)), rows_only=True))
    gone = [
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(arriving) + list(p.departing)],
        ).fetchall()
    ]
    if gone:  # rows of a doc_id exist only if its documents row does (loads are atomic)
        for spec in TABLES:
            if "doc_id" not in spec.names or spec.name in ("ingest_log", "document_paths"):
                continue  # history, and paths outlive a re-load
            con.execute(f"DELETE FROM {spec.name} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [gone])
    if p.departing:
        con.execute("DELETE FROM document_paths WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [p.departing])
    merged: dict[str, list[tuple[Any, ...]]] = {}
    demoted = []
    found: dict[str, list[Doubt]] = {}
    for g in p.groups:
        for m in g.members:
            doc_id, primary = m.ident.doc_id, m is g.primary
            if m.arriving:
                table_rows = rows(
                    read[doc_id],
                    pipeline_version=pipeline_version,
                    run_id=run_id,
                    copy=copies.documents_update(g, m),
                    found=m.ident,
                )
                for name, values in table_rows.items():
                    merged.setdefault(name, []).extend(values)
            elif m.was_primary and not primary:
                demoted.append(doc_id)  # its rows stay in its JSON
            elif primary and not m.was_primary:
                for name, values in rows(read[doc_id]).items():
                    if name in {t.name for t in copies.CIRCULAR_TABLES}:
                        merged.setdefault(name, []).extend(values)
            if primary and not m.arriving and not m.was_primary:
                found[doc_id] = []  # promoted: what it doubted as a copy is moot
            elif not primary and (m.arriving or g.needs_doubts(m)):
                found[doc_id] = copies.copy_doubts(g, m, read)
    for spec in copies.CIRCULAR_TABLES if demoted else ():
        con.execute(f"DELETE FROM {spec.name} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [demoted])
    offsets = {d: len(c.doubts) for d, c in arriving.items()}
    offsets.update({m.ident.doc_id: m.ident.doubts for g in p.groups for m in g.members if not m.arriving})
    merged.setdefault("doubts", []).extend(copies.replace_copy_doubts(con, found, offsets, set(arriving)))
    for spec in TABLES:
        insert_rows(con, spec, merged.get(spec.name, []))
    copies.write_updates(con, copies.existing_updates(p))
    copies.refresh_warnings(con, [d for d, f in found.items() if f or d not in arriving])


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
    """Remove a document and its paths entirely (the ingest log keeps its history). When it was its
    circular's primary copy, the next best copy is promoted in the same transaction."""
    con.begin()
    try:
        _apply(
            con, copies.plan(con, [], deleted=[doc_id]), {}, run_id=None, pipeline_version=PIPELINE_VERSION
        )
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


def _upsert(con: duckdb.DuckDBPyConnection, table: str, key: str, models: Sequence[BaseModel]) -> None:
    """Rows of `table` keyed by `key` in one statement; the last model of a key wins, over the table's too."""
    spec = TABLE_BY_NAME[table]
    latest = {getattr(m, key): m for m in models}
    insert_rows(
        con,
        spec,
        [tuple(getattr(m, c) for c in spec.names) for m in latest.values()],
        on_conflict=f"ON CONFLICT ({key}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in spec.names if c != key),
    )


def save_file_stats(con: duckdb.DuckDBPyConnection, stats: Sequence[FileStat]) -> None:
    """Remember how files looked when hashed (one statement; replaces earlier entries for the paths)."""
    _upsert(con, "file_stats", "source_path", stats)


def save_failures(con: duckdb.DuckDBPyConnection, failures: Sequence[FailedFile]) -> None:
    """Remember failed bytes (one statement; a later failure of the same bytes replaces the earlier)."""
    if not failures:
        return
    _upsert(con, "failed_files", "sha256", failures)
