"""The DuckDB store: schema and migrations (`db`, `ddl`, `views`), writing (`write`), reading
(`read`) and exporting (`export`). Imports no extraction or batch code: it takes `Circular`s."""

from pipeline.store.db import (
    EXTRACTION_VERSION,
    INGEST_STATUSES,
    PIPELINE_VERSION,
    ROW_TABLES,
    Connection,
    connect,
    migrate,
    schema_fingerprint,
)
from pipeline.store.read import (
    doc_id_for,
    fetch,
    file_stats,
    is_loaded,
    loaded_documents,
    query,
    resolve_doc_id,
)
from pipeline.store.write import (
    Loadable,
    add_path,
    add_paths,
    delete,
    insert_rows,
    load,
    load_many,
    log_ingest,
    log_rows,
    rows,
    save_file_stats,
)

__all__ = [
    "EXTRACTION_VERSION",
    "INGEST_STATUSES",
    "PIPELINE_VERSION",
    "ROW_TABLES",
    "Connection",
    "Loadable",
    "add_path",
    "add_paths",
    "connect",
    "delete",
    "doc_id_for",
    "fetch",
    "file_stats",
    "insert_rows",
    "is_loaded",
    "load",
    "load_many",
    "loaded_documents",
    "log_ingest",
    "log_rows",
    "migrate",
    "query",
    "resolve_doc_id",
    "rows",
    "save_file_stats",
    "schema_fingerprint",
]
