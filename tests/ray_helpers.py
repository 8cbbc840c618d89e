"""Helpers for the tests (and the benchmark) that run Ray for real: one Ray for the session, the
database's content without what differs from run to run, Ray's worker processes.

Ray 2.60's own processes (the GCS's helpers, each node's two agents, every worker) import jsonschema,
which — in an environment that has JupyterLab, as ours does (`jsonschema[format-nongpl]`) — builds
an RFC 3987 grammar with lark at import: ~3 s of CPU per process. On two shared cores that is enough
for a node's agents to miss the raylet's 15 s start-up deadline, and Ray fails to start. The Rays
started here put `tests/fixtures/ray_env` first on their processes' path, where `rfc3987_syntax`
is absent (jsonschema then goes without the `iri` format, which neither Ray nor tongbao uses).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import duckdb

from pipeline.store.ddl import TABLES

RAY_ENV = Path(__file__).resolve().parent / "fixtures" / "ray_env"
#: columns that say when or how fast, not what: they differ between any two runs
RUN_COLUMNS = frozenset(
    {"run_id", "loaded_at", "started_at", "seconds", "first_seen", "last_seen", "hashed_at", "failed_at"}
)


def ray_environment() -> dict[str, str]:
    """Variables for the Ray processes a test or benchmark starts: the lighter import path above, and
    a token of its own (Ray turns token authentication on for a new local cluster and would otherwise
    write one to ~/.ray/auth_token)."""
    path = os.pathsep.join(p for p in (str(RAY_ENV), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "RAY_AUTH_TOKEN": os.environ.get("RAY_AUTH_TOKEN") or secrets.token_hex(32)}


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the columns of RUN_COLUMNS."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for spec in TABLES:
            names = [n for n in spec.names if n not in RUN_COLUMNS]
            columns = ", ".join(f'"{n}"' for n in names)
            out[spec.name] = con.execute(f"SELECT {columns} FROM {spec.name} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def differences(a: Path, b: Path) -> list[str]:
    """Tables whose rows differ between two databases, each with its first differing row."""
    left, right = content(a), content(b)
    out = []
    for name in left:
        if left[name] != right[name]:
            extra = [r for r in left[name] if r not in right[name]][:1]
            missing = [r for r in right[name] if r not in left[name]][:1]
            out.append(f"{name}: {len(left[name])} vs {len(right[name])} rows; {extra} / {missing}")
    return out
