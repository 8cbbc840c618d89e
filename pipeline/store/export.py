"""Every table and view to files that pandas, polars and DuckDB read without help.

Parquet: a table with rows per document becomes a Hive-partitioned folder,
`<table>/province=<issuer province>/year=<period year>/data_0.parquet`. The partition keys are
copies (`province`, `year`) rather than the columns themselves, because pyarrow cannot read a
partition key that is NULL (national circulars have no province) or that also sits in the files;
NULL becomes `national` or `unknown`. The real `issuer_province` and `period_year` stay in the rows.
Views, `ingest_log`, CSV and JSON (an array of objects) are one file each. Rows are written in a
stable order (a table's primary key, a view's columns), so two exports of one database are equal. CSV has no list type, so
list columns (addressees, problem_categories, warnings, …) are written as JSON arrays, which
`json.loads` reads back; DuckDB's own `[a, b]` text could not be split safely. `data_dictionary.csv`
lists every column with its comment.

What is exported is what the database holds: a file written by an older tongbao lacks the newer
tables and views (a read-only export cannot add them), and is exported without them. The row tables
hold each circular's primary copy's rows only, so the exports do too: a circular read from a PDF and
its web page counts once in pandas as in SQL. `document_content` (the store's fingerprints and the
other copies' rows kept for promotion) is internal and not exported.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

import duckdb

from pipeline.store.ddl import TABLES, quote
from pipeline.store.views import VIEWS

Format = Literal["parquet", "csv", "json"]
FORMATS: tuple[str, ...] = ("parquet", "csv", "json")
_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "json": "FORMAT json, ARRAY true"}

_PARTITION_KEYS = """
    coalesce(d.issuer_province, CASE WHEN d.issuer_level = 'national' THEN 'national' ELSE 'unknown' END)
        AS province,
    coalesce(CAST(d.period_year AS VARCHAR), 'unknown') AS year"""


def _partitioned_select(table: str) -> str:
    if table == "documents":
        return f"SELECT d.*, {_PARTITION_KEYS} FROM documents d"
    return (
        f"SELECT t.*, d.issuer_province, d.period_year, {_PARTITION_KEYS} "
        f"FROM {table} t LEFT JOIN documents d USING (doc_id)"
    )


def export(con: duckdb.DuckDBPyConnection, out: str | Path, fmt: Format) -> list[Path]:
    """Write every table and view under `out` (replacing earlier exports of them); the paths written."""
    if fmt not in _OPTIONS:
        raise ValueError(f"format {fmt!r} is not one of {FORMATS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    present = _present(con)
    written = []
    for spec in TABLES:
        if spec.name not in present or spec.internal:  # the store's own bookkeeping stays inside
            continue
        order = ", ".join(spec.primary_key) or "ALL"
        if fmt == "parquet" and spec.primary_key[:1] == ("doc_id",):  # rows per document
            written.append(_write_partitioned(con, spec.name, out / spec.name, order))
        else:
            select = _select(con, spec.name, fmt, order)
            written.append(_write(con, select, out / f"{spec.name}.{fmt}", fmt))
    for view in VIEWS:
        if view.name in present:
            written.append(_write(con, _select(con, view.name, fmt, "ALL"), out / f"{view.name}.{fmt}", fmt))
    written.append(
        _write(
            con,
            """
        SELECT c.table_name, c.column_name, c.data_type, c.comment, t.comment AS table_comment
        FROM duckdb_columns() c
        JOIN (SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database()
              UNION ALL
              SELECT view_name, comment FROM duckdb_views() WHERE NOT internal
                AND database_name = current_database()) t USING (table_name)
        WHERE c.database_name = current_database() AND c.schema_name = 'main'
        ORDER BY c.table_name, c.column_index""",
            out / "data_dictionary.csv",
            "csv",
        )
    )
    return written


def _present(con: duckdb.DuckDBPyConnection) -> set[str]:
    found = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
        "AND NOT internal"
    ).fetchall()
    return {name for (name,) in found}


def _select(con: duckdb.DuckDBPyConnection, name: str, fmt: str, order: str) -> str:
    """`SELECT *` in a stable order, except that for CSV every list or struct column becomes JSON text."""
    if fmt != "csv":
        return f"SELECT * FROM {name} ORDER BY {order}"
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
        "AND database_name = current_database() ORDER BY column_index",
        [name],
    ).fetchall()
    nested = [c for c, t in columns if t.endswith("[]") or t.startswith(("STRUCT", "MAP"))]
    if not nested:
        return f"SELECT * FROM {name} ORDER BY {order}"
    replaced = ", ".join(f"to_json({c}) AS {c}" for c in nested)
    return f"SELECT * REPLACE ({replaced}) FROM {name} ORDER BY {order}"


def _write(con: duckdb.DuckDBPyConnection, select: str, path: Path, fmt: str) -> Path:
    con.execute(f"COPY ({select}) TO {quote(str(path))} ({_OPTIONS[fmt]})")
    return path


def _write_partitioned(con: duckdb.DuckDBPyConnection, table: str, folder: Path, order: str) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    select = f"{_partitioned_select(table)} ORDER BY {order}"
    count = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    if count == (0,):  # a partitioned COPY of no rows writes no file, and readers need one for the schema
        return _write(con, select, folder / "data_0.parquet", "parquet")
    con.execute(
        f"COPY ({select}) TO {quote(str(folder))} "
        "(FORMAT parquet, PARTITION_BY (province, year), OVERWRITE_OR_IGNORE true)"
    )
    return folder
