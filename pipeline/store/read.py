"""Reading the database back: what is loaded, file stats, one document as a `Circular`, any SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from pipeline.store.bookkeeping import FileStat
from pipeline.store.copies import with_rows
from pipeline.store.db import EXTRACTION_VERSION, ROW_TABLES
from pipeline.store.ddl import TABLE_BY_NAME, TableSpec
from schemas import Circular, Header
from schemas.exceptions import UsageError


def loaded_documents(
    con: duckdb.DuckDBPyConnection, extraction_version: str = EXTRACTION_VERSION
) -> dict[str, str]:
    """sha256 → doc_id of every document extracted by this extraction code and reference data (one
    query for a whole run): a document extracted by other code is re-extracted."""
    return dict(
        con.execute(
            "SELECT source_sha256, doc_id FROM documents WHERE extraction_version = ?", [extraction_version]
        ).fetchall()
    )


def file_stats(con: duckdb.DuckDBPyConnection) -> dict[str, FileStat]:
    """Every file's size, times and inode when it was last hashed, with its sha256, by path."""
    spec = TABLE_BY_NAME["file_stats"]
    return {
        r[0]: FileStat(**dict(zip(spec.names, r, strict=True)))
        for r in con.execute(f"SELECT {', '.join(spec.names)} FROM file_stats").fetchall()
    }


def failed_files(con: duckdb.DuckDBPyConnection, attempt: str) -> dict[str, str]:
    """sha256 → error of the bytes that failed under this `attempt` (extraction version and budget)."""
    return dict(con.execute("SELECT sha256, error FROM failed_files WHERE attempt = ?", [attempt]).fetchall())


def is_loaded(
    con: duckdb.DuckDBPyConnection, sha256: str, extraction_version: str = EXTRACTION_VERSION
) -> bool:
    """Whether these bytes are already loaded by this extraction version (an incremental run skips them)."""
    return con.execute(
        "SELECT count(*) FROM documents WHERE source_sha256 = ? AND extraction_version = ?",
        [sha256, extraction_version],
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
    """Read one document back as the `Circular` it was loaded from (the inverse of `load`): its own
    rows (kept as JSON for every document, since the row tables hold only the primary copy's), with
    the doubts the store raised comparing it with its circular's primary."""
    found = fetch_many(con, [doc_id])
    if doc_id not in found:
        raise UsageError(f"no document {doc_id!r}")
    return found[doc_id]


def fetch_many(
    con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], *, rows_only: bool = False
) -> dict[str, Circular]:
    """`fetch` for many documents with one query per table (settling a circular of hundreds of copies
    reads them all); `rows_only` reads the header and the per-circular rows only — what comparing and
    moving copies needs, two queries — leaving pages, doubts and 批示 out. A document loaded before its
    rows were kept as JSON has them read from the row tables."""
    ids = sorted(set(doc_ids))
    docs = _select(con, TABLE_BY_NAME["documents"], ids)
    kept = dict(
        con.execute(
            "SELECT doc_id, rows_json FROM document_content WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    )
    data: dict[str, dict[str, Any]] = {}
    for doc in docs:
        one = {k: doc[k] for k in Circular.model_fields if k in doc}
        one["header"] = {k: doc[k] for k in Header.model_fields}
        data[doc["doc_id"]] = one
    for spec in ROW_TABLES:
        assert spec.source is not None and spec.model is not None
        if rows_only and not spec.per_circular:
            continue
        wanted = [d for d in data if not (spec.per_circular and kept.get(d))]
        fields = spec.model.model_fields
        for r in _select(con, spec, wanted) if wanted else []:
            data[r["doc_id"]].setdefault(spec.source, []).append({k: v for k, v in r.items() if k in fields})
    return {d: with_rows(Circular.model_validate(one), kept.get(d)) for d, one in data.items()}


def _select(con: duckdb.DuckDBPyConnection, spec: TableSpec, doc_ids: list[str]) -> list[dict[str, Any]]:
    order = "ord" if "ord" in spec.names else ", ".join(spec.primary_key)
    cur = con.execute(
        f"SELECT {', '.join(spec.names)} FROM {spec.name} WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
        f"ORDER BY doc_id, {order}",
        [doc_ids],
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
