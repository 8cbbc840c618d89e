"""Crashes and company: `kill -9` in the middle of a batch (and of a document's transaction) leaves
whole documents only and the next run finishes the rest; a second ingest on a busy database stops
with one clear line instead of waiting or corrupting anything.

These run `tongbao ingest` as real processes: a kill and a file lock cannot be faked in-process.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import duckdb
import pytest

from pipeline import run, store
from pipeline.batch import ingest as ingest_mod
from pipeline.store.ddl import TABLES
from schemas import Circular
from tests.factories import SAMPLES

pytestmark = pytest.mark.slow  # real processes: each test takes seconds

TONGBAO = Path(sys.executable).with_name("tongbao")
DOCS = 20


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DOCS distinct text circulars: the samples, each copy with a different run of trailing blanks."""
    folder = tmp_path_factory.mktemp("archive")
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(DOCS):
        src = samples[i % len(samples)]
        (folder / f"{i:02d}_{src.name}").write_bytes(src.read_bytes() + b"\n" + b" " * (i + 1) + b"\n")
    return folder


@contextmanager
def started(args: list[str], **kwargs: object) -> Iterator[subprocess.Popen[str]]:
    """A process in its own session, so everything it started can be found and killed afterwards."""
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, start_new_session=True, **kwargs)  # type: ignore[call-overload]
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        with suppress(ProcessLookupError):  # only this test's own session
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.stderr:
            proc.stderr.close()


def live_members(session: int) -> list[int]:
    """Processes still running (not zombies) in a session: what a killed ingest left behind."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":
                alive.append(int(stat.parent.name))
    return alive


def assert_nothing_left_behind(session: int, timeout: float = 15) -> None:
    """The forkserver and the workers of a killed ingest leave by themselves (they watch a pipe)."""
    deadline = time.monotonic() + timeout
    while live_members(session) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert live_members(session) == [], "processes of the killed ingest are still running"


def wait_for_lines(proc: subprocess.Popen[str], marker: str, count: int, timeout: float = 120) -> list[str]:
    """stderr lines up to the `count`th one containing `marker`."""
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while sum(marker in line for line in seen) < count:
        line = proc.stderr.readline()
        assert line, f"the process ended first: {''.join(seen)}"
        assert time.monotonic() < deadline, "timed out"
        seen.append(line)
    return seen


@cache
def extracted(path: str) -> Circular:
    return run.extract(path)


def assert_whole_documents(db: Path) -> int:
    """The database opens, and every document in it is exactly what extracting its file gives."""
    con = store.connect(db)
    try:
        docs = con.execute("SELECT doc_id, source_path FROM documents ORDER BY doc_id").fetchall()
        for doc_id, path in docs:
            assert store.fetch(con, doc_id) == extracted(path), f"{doc_id} ({path}) is not whole"
        for spec in TABLES:
            if "doc_id" in spec.names:
                orphans = con.execute(
                    f"SELECT DISTINCT doc_id FROM {spec.name} WHERE doc_id IS NOT NULL "
                    "AND doc_id NOT IN (SELECT doc_id FROM documents)"
                ).fetchall()
                assert orphans == [], f"{spec.name} has rows of documents that are not loaded: {orphans}"
        return len(docs)
    finally:
        con.close()


def assert_next_run_finishes(archive: Path, db: Path, loaded_before: int) -> None:
    summary = ingest_mod.ingest([archive], db, workers=1, progress=False)
    assert summary.failed == 0, [r.error for r in summary.results if r.error]
    assert (summary.loaded, summary.unchanged) == (DOCS - loaded_before, loaded_before)
    assert assert_whole_documents(db) == DOCS


# Both kill tests run the real CLI with one fault injected. Results are loaded one batch per
# transaction; a batch is whatever finished together, so on a fast machine all DOCS could arrive as
# one and there would be no "middle" to kill in. BATCH_DOCS = 1 makes every document (or the two that
# finish at once) its own transaction, so the kill always lands between and inside transactions.


def ingest_with(fault: str) -> list[str]:
    """The command line of `tongbao ingest …` (arguments to append) run with `fault` patched in first."""
    script = (
        f"import os, signal, sys, time\nfrom pipeline import cli, run, store\nfrom pipeline.batch import pool\nfrom pipeline.store import write\n{fault}\n"
        'sys.argv = ["tongbao", "ingest", *sys.argv[1:]]\ncli.main()\n'
    )
    return [sys.executable, "-c", script]


def assert_killed_and_gone(proc: subprocess.Popen[str]) -> None:
    assert proc.wait(timeout=30) == -signal.SIGKILL
    if Path("/proc/self/stat").exists():
        assert_nothing_left_behind(proc.pid)


# SIGKILL itself halfway through writing the second transaction: its documents have rows in
# documents, sections, … but not yet in mentions.
KILL_MID_TRANSACTION = """
pool.BATCH_DOCS = 1
real, loads = write.insert_rows, []
def insert_rows(con, spec, rows, **kw):
    if spec.name == "documents":
        loads.append(len(rows))
    if len(loads) == 2 and spec.name == "mentions":
        print(f"killed writing {loads[-1]} document(s) after {loads[0]}", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    real(con, spec, rows, **kw)
write.insert_rows = insert_rows
"""


def test_kill_inside_a_transaction(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    with started([*ingest_with(KILL_MID_TRANSACTION), str(archive), "--db", str(db), "--workers", "2"]) as p:
        lines = wait_for_lines(p, "killed writing", 1)
        assert_killed_and_gone(p)
    killed = re.search(r"killed writing (\d+) document\(s\) after (\d+)", lines[-1])
    assert killed, "the fault was not injected"
    loaded = assert_whole_documents(db)
    assert loaded == int(killed[2]) and loaded + int(killed[1]) <= DOCS
    assert_next_run_finishes(archive, db, loaded)


# Load three transactions, then hold before the fourth, with the workers still busy or done: the
# test sends SIGKILL from outside, as a user's `kill -9` (or the OOM killer) would.
HOLD_AFTER_THREE_LOADS = """
pool.BATCH_DOCS = 1
real, loaded = store.load_many, []
def load_many(con, docs, **kw):
    if len(loaded) == 3:
        print(f"holding after {sum(loaded)} documents", file=sys.stderr, flush=True)
        time.sleep(3600)
    real(con, docs, **kw)
    loaded.append(len(docs))
store.load_many = load_many
"""


def test_kill_9_mid_batch(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    with started(
        [*ingest_with(HOLD_AFTER_THREE_LOADS), str(archive), "--db", str(db), "--workers", "2"]
    ) as proc:
        lines = wait_for_lines(proc, "holding after", 1)
        assert sum("] loaded: " in line for line in lines) >= 3  # the user saw them loaded
        proc.send_signal(signal.SIGKILL)
        assert_killed_and_gone(proc)
    held = re.search(r"holding after (\d+) documents", lines[-1])
    assert held, "the fault was not injected"
    loaded = assert_whole_documents(db)
    assert loaded == int(held[1]) and 3 <= loaded < DOCS
    assert_next_run_finishes(archive, db, loaded)


# The first ingest holds the database and waits, mid-batch, until the test lets it go on.
HOLD_MID_BATCH = """
from pathlib import Path
flag, real = Path(sys.argv.pop(1)), run.extract
def extract(path, ocr=None):
    (flag.parent / "waiting").touch()
    while not flag.exists():
        time.sleep(0.05)
    return real(path, ocr=ocr)
run.extract = extract
"""


def test_a_second_ingest_on_a_busy_database_stops_with_one_line(archive: Path, tmp_path: Path) -> None:
    db, release = tmp_path / "t.duckdb", tmp_path / "release"
    with started(
        [*ingest_with(HOLD_MID_BATCH), str(release), str(archive), "--db", str(db), "--workers", "1"]
    ) as first:
        deadline = time.monotonic() + 120
        while not (tmp_path / "waiting").exists():
            assert first.poll() is None and time.monotonic() < deadline, "the first ingest did not start"
            time.sleep(0.05)
        second = subprocess.run(
            [str(TONGBAO), "ingest", str(archive), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert first.poll() is None  # still running: the second really met a busy database
        release.touch()
        assert first.wait(timeout=180) == 0, first.stderr.read() if first.stderr else ""
    assert second.returncode == 1
    assert second.stderr.startswith(f"error: database {db} is in use by another process")
    assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
    assert assert_whole_documents(db) == DOCS
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT status, count(*) FROM ingest_log GROUP BY ALL").fetchall() == [
            ("loaded", DOCS)
        ]
    finally:
        con.close()
