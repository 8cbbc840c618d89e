"""Batches: incremental skips, failures that do not stop the batch, identical bytes, a busy database.

Most tests replace `pipeline.run.extract` with a fake built on `make_circular`, so they test the
batch machinery and not extraction; the production path (`ingest.extract_file` → `run.extract`)
is the same one the fake is patched into.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import signal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from rich.console import Console

from pipeline import run, store
from pipeline.batch import ingest as ingest_mod
from pipeline.batch import pool
from pipeline.batch.progress import Reporter
from pipeline.store import write as store_write
from pipeline.store.ddl import TABLE_BY_NAME
from schemas.exceptions import DatabaseBusy, UsageError
from tests.factories import SAMPLES, fake_extract_from, hold_database, make_circular


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(run, "extract", fake_extract_from(seen))
    return seen


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_find_files_walks_folders_and_skips_hidden_and_databases(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.txt": "1",
            "sub/b.PDF": "2",
            "sub/c.pptx": "3",
            ".hidden.txt": "4",
            ".git/d.txt": "5",
            "tongbao.duckdb": "6",
            "e.tiff": "7",
        },
    )
    found = [p.relative_to(tmp_path).as_posix() for p in ingest_mod.find_files([tmp_path])]
    assert found == ["a.txt", "e.tiff", "sub/b.PDF"]
    assert ingest_mod.find_files([tmp_path / "a.txt", tmp_path]) == [
        tmp_path / "a.txt",
        tmp_path / "e.tiff",
        tmp_path / "sub" / "b.PDF",
    ]
    with pytest.raises(UsageError, match="no such file"):
        ingest_mod.find_files([tmp_path / "missing"])


def test_ingest_loads_then_skips_unchanged(tmp_path: Path, db_path: Path, calls: list[str]) -> None:
    docs = write(tmp_path / "in", {"a.txt": "a", "b.txt": "bb", "c.html": "ccc"})
    first = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (first.loaded, first.unchanged, first.failed) == (3, 0, 0)
    assert first.exit_code == 0 and first.pages == 3
    assert query(db_path, "SELECT count(*) FROM documents") == [(3,)]

    second = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (second.loaded, second.unchanged, second.failed) == (0, 3, 0)
    assert len(calls) == 3  # nothing extracted the second time
    forced = ingest_mod.ingest([docs], db_path, workers=1, force=True, progress=False)
    assert forced.loaded == 3 and len(calls) == 6
    log = query(
        db_path, "SELECT run_id, status, count(*) FROM ingest_log GROUP BY ALL ORDER BY min(started_at)"
    )
    assert [(s, n) for _, s, n in log] == [("loaded", 3), ("unchanged", 3), ("loaded", 3)]
    assert query(db_path, "SELECT count(*) FROM documents") == [(3,)]


def test_bad_file_is_logged_and_the_batch_goes_on(
    tmp_path: Path, db_path: Path, calls: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = write(tmp_path / "in", {"1.txt": "a", "2.txt": "BAD", "3.txt": "BUG", "4.txt": "dddd"})
    summary = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (summary.loaded, summary.failed) == (2, 2) and summary.exit_code == 1
    log = dict(query(db_path, "SELECT source_path, status || ' ' || coalesce(error, '') FROM ingest_log"))
    assert log[str(docs / "2.txt")] == "failed NotACircular: no title, outline or annex tables found"
    assert log[str(docs / "3.txt")].startswith("failed KeyError")
    err = capsys.readouterr().err
    assert f"failed: {docs / '2.txt'}: NotACircular" in err
    assert "Traceback" not in err
    assert query(db_path, "SELECT count(*) FROM documents") == [(2,)]


def test_verbose_prints_the_traceback(
    tmp_path: Path, db_path: Path, calls: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = write(tmp_path / "in", {"3.txt": "BUG"})
    ingest_mod.ingest([docs], db_path, workers=1, progress=False, verbose=True)
    assert "Traceback" in capsys.readouterr().err


def test_failed_load_leaves_no_rows(
    tmp_path: Path, db_path: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = write(tmp_path / "in", {"a.txt": "a", "b.txt": "bb"})
    real = store_write.insert_rows

    def insert(con: Any, spec: Any, rows: Any, **kw: Any) -> None:
        if spec.name == "stats" and rows and rows[0][0] == hashlib.sha256(b"bb").hexdigest()[:16]:
            raise duckdb.ConstraintException("injected")
        real(con, spec, rows, **kw)

    monkeypatch.setattr(store_write, "insert_rows", insert)
    summary = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (summary.loaded, summary.failed) == (1, 1)
    assert query(db_path, "SELECT error FROM ingest_log WHERE status = 'failed'") == [
        ("loading failed: ConstraintException: injected",)
    ]
    assert query(db_path, "SELECT count(DISTINCT doc_id) FROM sections") == [(1,)]


def test_identical_bytes_are_one_document_with_two_paths(
    tmp_path: Path, db_path: Path, calls: list[str]
) -> None:
    docs = write(tmp_path / "in", {"x.txt": "same", "copy/y.txt": "same"})
    summary = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (summary.loaded, summary.unchanged) == (1, 1) and len(calls) == 1
    assert query(db_path, "SELECT count(*) FROM documents") == [(1,)]
    assert sorted(p for (p,) in query(db_path, "SELECT source_path FROM document_paths")) == [
        str(docs / "copy" / "y.txt"),
        str(docs / "x.txt"),
    ]
    # a third name found later joins the same document without extraction
    write(docs, {"z.txt": "same"})
    ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert len(calls) == 1
    assert query(db_path, "SELECT count(*) FROM document_paths") == [(3,)]


def test_second_writer_gets_database_busy(tmp_path: Path, db_path: Path, calls: list[str]) -> None:
    store.connect(db_path).close()
    docs = write(tmp_path / "in", {"a.txt": "a"})
    with hold_database(db_path):
        with pytest.raises(DatabaseBusy, match=str(db_path)):
            ingest_mod.ingest([docs], db_path, workers=1, progress=False)
        with pytest.raises(DatabaseBusy):
            store.connect(db_path, read_only=True)
    assert calls == []
    assert ingest_mod.ingest([docs], db_path, workers=1, progress=False).loaded == 1  # free again


def test_not_a_database_is_a_usage_error(tmp_path: Path) -> None:
    bogus = write(tmp_path, {"notes.duckdb": "not a database" * 100}) / "notes.duckdb"
    with pytest.raises(UsageError, match="cannot open database"):
        store.connect(bogus)


def test_process_pool_records_every_file(tmp_path: Path, db_path: Path) -> None:
    """The real path, through worker processes: two files that are not circulars fail, and say why."""
    docs = write(tmp_path / "in", {"a.txt": "这不是通报。", "b.txt": "也不是。"})
    summary = ingest_mod.ingest([docs], db_path, workers=2, progress=False)
    assert summary.failed == 2 and summary.loaded == 0
    errors = query(db_path, "SELECT error FROM ingest_log")
    assert len(errors) == 2 and all(e for (e,) in errors)


def test_samples_ingest_in_parallel(db_path: Path) -> None:
    samples = ingest_mod.find_files([SAMPLES])
    summary = ingest_mod.ingest([SAMPLES], db_path, workers=2, progress=False)
    assert summary.failed == 0, [r.error for r in summary.results if r.error]
    assert summary.loaded == len(samples)
    again = ingest_mod.ingest([SAMPLES], db_path, workers=2, progress=False)
    assert again.unchanged == len(samples)


# --- incremental runs: what a re-run reads -------------------------------------------------------


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file `ingest` reads to hash; files count as settled at once (no racy window)."""
    seen: list[Path] = []
    real = ingest_mod.sha256_file

    def counting(path: Path) -> str:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(ingest_mod, "sha256_file", counting)
    monkeypatch.setattr(ingest_mod, "RACY_SECONDS", 0.0)
    return seen


def test_a_rerun_reads_only_changed_files(
    tmp_path: Path, db_path: Path, calls: list[str], hashed: list[Path]
) -> None:
    docs = write(tmp_path / "in", {"a.txt": "aaaa", "b.txt": "bbbb", "c.txt": "cccc"})
    ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert len(hashed) == 3
    hashed.clear()
    again = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (again.unchanged, hashed) == (3, [])
    # Same size, and the old mtime put back: the inode change time still gives the edit away.
    b = docs / "b.txt"
    before = b.stat()
    b.write_text("BBBB")
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert hashed == [b] and (changed.loaded, changed.unchanged) == (1, 2)
    assert calls[-1] == str(b)
    hashed.clear()
    forced = ingest_mod.ingest([docs], db_path, workers=1, progress=False, force=True)
    assert forced.loaded == 3 and len(hashed) == 3  # --force trusts nothing


def test_a_file_written_just_now_is_hashed_again(
    tmp_path: Path, db_path: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write in the same timestamp tick as the hashing would be invisible to the stat check."""
    docs = write(tmp_path / "in", {"a.txt": "aaaa"})
    ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert query(db_path, "SELECT count(*) FROM file_stats") == [(0,)]
    monkeypatch.setattr(ingest_mod, "RACY_SECONDS", 0.0)
    ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert query(db_path, "SELECT source_path FROM file_stats") == [(str(docs / "a.txt"),)]


def test_skipping_a_thousand_unchanged_files_is_quick(
    tmp_path: Path, db_path: Path, hashed: list[Path]
) -> None:
    docs = tmp_path / "in"
    docs.mkdir()
    circulars = []
    for i in range(1000):
        (docs / f"{i:04d}.txt").write_text(f"circular {i}")
        sha = hashlib.sha256(f"circular {i}".encode()).hexdigest()
        circulars.append(
            make_circular(doc_id=sha[:16], source_sha256=sha, source_path=str(docs / f"{i:04d}.txt"))
        )
    con = store.connect(db_path)  # load the thousand in one statement, as if ingested earlier
    store.insert_rows(con, TABLE_BY_NAME["documents"], [store.rows(c)["documents"][0] for c in circulars])
    ingest_mod._hash_files(con, ingest_mod.find_files([docs]), force=False)
    con.close()
    hashed.clear()
    summary = ingest_mod.ingest([docs], db_path, workers=1, progress=False)
    assert (summary.unchanged, hashed) == (1000, [])  # its speed is measured in bench/batch.py
    assert query(db_path, "SELECT count(*) FROM ingest_log WHERE status = 'unchanged'") == [(1000,)]
    assert query(db_path, "SELECT count(*) FROM document_paths") == [(1000,)]


# --- worker processes that die ------------------------------------------------------------------


def extract_or_die(path: str, ocr: str | None = None) -> pool.Extracted:
    """A worker-side fake (importable, so the pool can run it): `DIE…` kills its process outright,
    as a segfault in a C library or the OOM killer would; anything else is a circular."""
    data = Path(path).read_bytes()
    if data.startswith(b"DIE"):
        os.kill(os.getpid(), signal.SIGKILL)
    sha = hashlib.sha256(data).hexdigest()
    circular = make_circular(data.decode(), doc_id=sha[:16], source_sha256=sha, source_path=path)
    return pool.Extracted(circular, None, None, dt.datetime.now(), 0.0)


def assert_only_the_killer_fails(folder: Path, files: dict[str, str]) -> None:
    """Extract `files` (one of them `killer.txt`) with two workers: every file gets its result, and
    only the killer's is a failure."""
    docs = write(folder, files)
    todo = {hashlib.sha256(p.read_bytes()).hexdigest(): [str(p)] for p in sorted(docs.glob("*.txt"))}
    got = dict(x for batch in pool.extract_all(todo, 2, None, extract=extract_or_die) for x in batch)
    assert set(got) == set(todo)
    by_name = {Path(todo[sha][0]).name: x for sha, x in got.items()}
    assert (by_name.pop("killer.txt").error or "").startswith("the worker process died")
    assert all(x.circular is not None for x in by_name.values())


def test_a_worker_that_dies_fails_only_its_file(tmp_path: Path) -> None:
    assert_only_the_killer_fails(tmp_path, {f"{i}.txt": f"doc {i}" for i in range(6)} | {"killer.txt": "DIE"})


def test_a_worker_dying_while_more_files_wait_to_be_handed_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more files than are handed to the workers at once, the broken pool is met when the next one
    is submitted: every file still gets its result, the killer's a failure."""
    monkeypatch.setattr(pool, "IN_FLIGHT_PER_WORKER", 1)
    # the largest file goes first: the killer is handed out before the others
    assert_only_the_killer_fails(
        tmp_path, {f"{i}.txt": f"doc {i}" for i in range(8)} | {"killer.txt": "DIE" + " " * 100}
    )


# --- what a person sees -------------------------------------------------------------------------


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=160)
    with Reporter(console=console) as reporter:
        reporter.unchanged(2)
        reporter.start(3)
        for i in range(3):
            reporter.document([ingest_mod.FileResult(f"{i}.pdf", "loaded", pages=4, seconds=0.1)])
        reporter.document([ingest_mod.FileResult("x.pdf", "failed", error="BadInput: x.pdf: corrupt PDF")])
        reporter.finish("3 loaded, 2 unchanged, 1 failed; 12 pages (0 OCR) in 1.0 s → db")
    text = out.getvalue()
    for part in (
        "2 file(s) unchanged",
        "docs · 12 pages",
        "doc/s",
        "pages/min",
        "ETA",
        "failed: x.pdf: BadInput: x.pdf: corrupt PDF",
        "3 loaded, 2 unchanged, 1 failed; 12 pages",
    ):
        assert part in text, part


def test_plain_lines_in_a_log() -> None:
    out = io.StringIO()
    with Reporter(console=Console(file=out, force_terminal=False, width=20)) as reporter:
        reporter.start(2)
        reporter.document(
            [
                ingest_mod.FileResult("a.pdf", "loaded", pages=4, seconds=0.5),
                ingest_mod.FileResult("copy/a.pdf", "unchanged"),
            ]
        )
        reporter.finish("summary")
    assert out.getvalue().splitlines() == [
        "[1/2] loaded: a.pdf (0.5 s, 4 page(s))",
        "[1/2] unchanged: copy/a.pdf (0.0 s)",
        "summary",
    ]
