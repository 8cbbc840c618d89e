"""No file can stall, sink or leak a batch: the representative subset of tests/fixtures/hostile in one
real `tongbao ingest` (2 workers, default budget), beside a good circular.

Every hostile file gets exactly one `ingest_log` row, as its kind expects, and one line on stderr;
no traceback; the good circular loads; nothing from the folder outside the input folder reaches
the database; a second run of the same folder is all `unchanged` or the same failures. The whole
set (80 kinds) runs in `bench/hostile.py`; the executor's kills are tested in test_budget.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bench.hostile import secret_in_db
from pipeline.batch.paths import shown
from tests.factories import SAMPLES
from tests.fixtures import hostile

pytestmark = pytest.mark.slow  # a real two-worker batch of 24 kinds: about a minute

TONGBAO = Path(sys.executable).parent / "tongbao"
SUITE = [k for k in hostile.KINDS if k.suite]
GOOD = SAMPLES / "000_49f8d2aa1abd7151.txt"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("hostile")
    written = hostile.write(base / "in", SUITE)
    shutil.copy(GOOD, written.folder / "good.txt")
    db = base / "hostile.duckdb"
    args = [str(TONGBAO), "ingest", str(written.folder), "--db", str(db), "--workers", "2"]
    first = subprocess.run(args, capture_output=True, timeout=600, env=dict(os.environ, COLUMNS="200"))
    second = subprocess.run(args, capture_output=True, timeout=600)
    con = duckdb.connect(str(db), read_only=True)
    try:
        runs = [r[0] for r in con.execute("SELECT DISTINCT run_id FROM ingest_log ORDER BY 1").fetchall()]
        rows = {
            run: con.execute(
                "SELECT source_path, status, error FROM ingest_log WHERE run_id = ?", [run]
            ).fetchall()
            for run in runs
        }
        paths = [r[0] for r in con.execute("SELECT source_path FROM document_paths").fetchall()]
    finally:
        con.close()
    return {
        "written": written,
        "db": db,
        "first": first,
        "second": second,
        "rows": rows[runs[0]],
        "again": rows[runs[1]] if len(runs) > 1 else [],
        "paths": paths,
    }


def _mine(rows: list[tuple[Any, ...]], path: Path) -> list[tuple[Any, ...]]:
    key = shown(path)
    return [r for r in rows if r[0] == key or r[0].startswith(key + "/")]


def test_the_batch_ends_with_some_failed_and_no_traceback(batch: dict[str, Any]) -> None:
    stderr = batch["first"].stderr.decode("utf-8", "replace")
    assert batch["first"].returncode == 1, stderr[-2000:]
    assert "Traceback" not in stderr and "internal error" not in stderr
    good = [r for r in batch["rows"] if r[0].endswith("/good.txt")]
    assert [r[1] for r in good] == ["loaded"]


@pytest.mark.parametrize("kind", SUITE, ids=[shown(k.name) for k in SUITE])
def test_each_hostile_file_gets_one_row_and_one_line(batch: dict[str, Any], kind: hostile.Kind) -> None:
    path = batch["written"].path(kind)
    mine = _mine(batch["rows"], path)
    assert len(mine) == 1, mine
    _, status, error = mine[0]
    assert status == kind.outcome, error
    if kind.outcome == "failed":
        assert re.search(kind.reason, error or ""), error
    lines = [ln for ln in batch["first"].stderr.decode("utf-8").splitlines() if shown(path) in ln]
    assert len(lines) == 1, lines


def test_nothing_from_outside_the_folder_reaches_the_database(batch: dict[str, Any]) -> None:
    assert secret_in_db(batch["db"]) == []


def test_odd_names_are_stored_losslessly(batch: dict[str, Any]) -> None:
    from pipeline.batch.paths import unshown

    odd = [k for k in SUITE if k.outcome == "loaded" and k.family == "fs"]
    stored = {unshown(p) for p in batch["paths"]}
    for kind in odd:
        assert os.fsencode(batch["written"].path(kind)) in stored


def test_a_second_run_reads_nothing_again(batch: dict[str, Any]) -> None:
    assert batch["second"].returncode == 1
    statuses = {shown(Path(r[0]).name): r[1] for r in batch["again"]}
    assert statuses and all(s in ("unchanged", "failed") for s in statuses.values()), statuses
    assert sum(s == "unchanged" for s in statuses.values()) == sum(r[1] == "loaded" for r in batch["rows"])
