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

import datetime as dt
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from pipeline.batch import ingest as ingest_mod
from pipeline.batch.job import Extracted
from pipeline.batch.ray_executor import RayExecutor
from pipeline.batch.results import IngestSummary
from pipeline.store.ddl import TABLES
from schemas.budget import current

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


#: a cache of each file's stat when hashed, recorded only for files changed well before (so it depends
#: on when a run came, not on what it read)
RUN_TABLES = frozenset({"file_stats"})


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without RUN_TABLES and the columns of RUN_COLUMNS."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for spec in TABLES:
            if spec.name in RUN_TABLES:
                continue
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


class RaySessions:
    """One Ray at a time for the whole test session: `local()` is `ray.init(num_cpus=2)`, `cluster()`
    a simulated two-node cluster (`ray.cluster_utils.Cluster`, one CPU a node). Asking for the one
    running costs nothing; asking for the other stops it first (Ray starts in tens of seconds here)."""

    def __init__(self) -> None:
        self.mode: str | None = None
        self.nodes: Any = None
        # one token for every Ray of the session: this process keeps the first one it was given
        self.environment = ray_environment()

    def _env(self) -> dict[str, str | None]:
        saved = {k: os.environ.get(k) for k in ("PYTHONPATH", "RAY_AUTH_TOKEN")}
        os.environ.update(self.environment)
        return saved

    @staticmethod
    def _restore(saved: dict[str, str | None]) -> None:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    def local(self) -> None:
        import ray

        if self.mode == "local":
            return
        self.stop()
        saved = self._env()
        try:
            ray.init(
                address="local",
                num_cpus=2,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
        finally:
            self._restore(saved)
        self.mode = "local"

    def cluster(self) -> Any:
        import ray
        from ray.cluster_utils import Cluster

        if self.mode == "cluster":
            return self.nodes
        self.stop()
        saved = self._env()
        try:
            self.nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
            self.nodes.add_node(num_cpus=1)
            self.nodes.wait_for_nodes()
            ray.init(address=self.nodes.address, log_to_driver=False, logging_level=logging.ERROR)
        finally:
            self._restore(saved)
        self.mode = "cluster"
        return self.nodes

    def add_node(self) -> Any:
        saved = self._env()
        try:
            node = self.nodes.add_node(num_cpus=1)
            self.nodes.wait_for_nodes()
        finally:
            self._restore(saved)
        return node

    def stop(self) -> None:
        import ray

        if ray.is_initialized():
            ray.shutdown()
        if self.nodes is not None:
            self.nodes.shutdown()
            self.nodes = None
        self.mode = None


def busy_workers(task: str = "extract_documents") -> list[Any]:
    """Ray worker processes of this test session running `task` now (their title is `ray::TASK`)."""
    import psutil

    out = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if " ".join(proc.cmdline()).startswith(f"ray::{task}"):
                out.append(proc)
        except psutil.Error:
            continue
    return out


def hang_or_grow(path: str, ocr: str | None = None) -> Extracted:
    """A worker-side fake: `HANG` works page after page past any budget, `GROW` holds 1 GB and waits
    (with pages enough that only its memory can stop it); anything else is done at once (a failure,
    which is all the budget tests need of it)."""
    data = Path(path).read_bytes()
    if data.startswith(b"HANG"):
        current().pages(3)
        time.sleep(60)
    if data.startswith(b"GROW"):
        current().pages(100)  # time enough to be caught by its memory alone, however loaded the machine
        held = b"\x01" * (1 << 30)  # written, so resident
        time.sleep(60)
        del held
    return Extracted(None, f"done: {Path(path).name}", None, dt.datetime.now(), 0.0)


def document_count(db: Path) -> int:
    """How many documents a database holds (what an ingest of the same folder reports as loaded)."""
    with duckdb.connect(str(db), read_only=True) as con:
        (n,) = con.execute("SELECT count(*) FROM documents").fetchone() or (0,)
    return int(n)


def ingest_striking(folder: Path, db: Path, strike: Callable[[], bool]) -> tuple[IngestSummary, bool]:
    """Ingest `folder` on Ray while a thread calls `strike` every 20 ms (for up to 120 s) until it
    reports that it struck (killed a worker, removed a node); returns the summary and whether it did."""
    struck: list[bool] = []

    def keep_trying() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if strike():
                struck.append(True)
                return
            time.sleep(0.02)

    thread = threading.Thread(target=keep_trying, daemon=True)
    with RayExecutor() as executor:
        thread.start()
        summary = ingest_mod.ingest([folder], db, progress=False, executor=executor)
    thread.join()
    return summary, bool(struck)
