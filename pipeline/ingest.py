"""Many files into the database: find, hash, skip what is loaded, extract in parallel, load one by one.

Extraction runs in worker processes; the parent is the only DuckDB writer, loading each document in
its own transaction as it arrives. A file that fails gets a `failed` row in `ingest_log` and a line
on stderr, and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import time
import traceback
import uuid
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

import pydantic

from ocr.engines import available_engines
from pipeline import run, store
from pipeline.progress import Reporter
from schemas import Circular
from schemas.exceptions import ExitCode, UsageError

ACCEPTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
_DB_SUFFIXES = (".duckdb", ".duckdb.wal", ".duckdb.tmp")


@dataclass
class FileResult:
    """What happened to one file; becomes its `ingest_log` row."""

    path: str
    status: str  # loaded, unchanged, failed
    sha256: str | None = None
    doc_id: str | None = None
    error: str | None = None
    seconds: float = 0.0
    started_at: dt.datetime = field(default_factory=dt.datetime.now)
    pages: int = 0
    ocr_pages: int = 0
    traceback: str | None = None


@dataclass
class IngestSummary:
    run_id: str
    db: Path
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def loaded(self) -> int:
        return self.count("loaded")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    @property
    def ocr_pages(self) -> int:
        return sum(r.ocr_pages for r in self.results)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.some_failed if self.failed else ExitCode.ok

    def line(self) -> str:
        return (f"{self.loaded} loaded, {self.unchanged} unchanged, {self.failed} failed; "
                f"{self.pages} pages ({self.ocr_pages} OCR) in {self.seconds:.1f} s → {self.db}")


@dataclass
class Extracted:
    """A worker's answer: the circular, or the error as text (exceptions may not survive pickling)."""

    circular: Circular | None
    error: str | None
    traceback: str | None
    started_at: dt.datetime
    seconds: float


def find_files(paths: Iterable[str | Path], db: str | Path | None = None) -> list[Path]:
    """Files to ingest: given files as they are, folders walked for accepted suffixes.

    Hidden files and folders and our own database files are skipped; each file is listed once.
    """
    skip = {Path(db).resolve()} if db else set()
    out: list[Path] = []
    seen: set[Path] = set()
    for given in map(Path, paths):
        if not given.exists():
            raise UsageError(f"{given}: no such file or directory")
        candidates = list(_walk(given)) if given.is_dir() else [given]
        for path in candidates:
            key = path.resolve()
            if key in seen or key in skip or path.name.lower().endswith(_DB_SUFFIXES):
                continue
            seen.add(key)
            out.append(path)
    return out


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in ACCEPTED_SUFFIXES:
                yield Path(root) / name


def sha256_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def one_line(exc: BaseException) -> str:
    """`Class: first line of the message`, what a person needs to tell failures apart."""
    if isinstance(exc, pydantic.ValidationError) and exc.errors():
        err = exc.errors()[0]
        where = ".".join(str(x) for x in (exc.title, *err["loc"]))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        got = repr(err.get("input"))
        got = got if len(got) <= 60 else got[:57] + "..."
        return f"{type(exc).__name__}: {where}: {err['msg']}, got {got}{more}"
    first = next((s for s in str(exc).splitlines() if s.strip()), "")
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def extract_file(path: str, ocr: str | None) -> Extracted:
    """Run the real extraction on one file, turning any error into text (runs in a worker process)."""
    started, t0 = dt.datetime.now(), time.perf_counter()
    try:
        circular = run.extract(path, ocr=ocr)
        return Extracted(circular, None, None, started, time.perf_counter() - t0)
    except Exception as e:
        return Extracted(None, one_line(e), traceback.format_exc(), started, time.perf_counter() - t0)


def new_run_id() -> str:
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def ingest(paths: Sequence[str | Path], db: str | Path, workers: int | None = None, ocr: str | None = None,
           force: bool = False, progress: bool = True, verbose: bool = False) -> IngestSummary:
    """Ingest files and folders into `db`; never raises for a bad file, only for a busy or bad database.

    Byte-identical files are one document: it is extracted once, and every path lands in
    `document_paths`. Files whose bytes were loaded by this pipeline version are `unchanged`
    unless `force`.
    """
    t0 = time.perf_counter()
    if ocr is not None and ocr.lower() not in available_engines():  # fail now, not once per scan
        raise UsageError(f"unknown OCR engine {ocr!r}; known engines: {', '.join(available_engines())}")
    db = Path(db)
    files = find_files(paths, db)
    con = store.connect(db)
    summary = IngestSummary(new_run_id(), db)
    reporter = Reporter(len(files), progress=progress, verbose=verbose)

    def record(result: FileResult) -> None:
        store.log_ingest(con, summary.run_id, result.path, result.sha256, result.status, result.error,
                         result.seconds, result.started_at, doc_id=result.doc_id)
        summary.results.append(result)
        reporter.advance(result)

    try:
        with reporter:
            groups: dict[str, list[str]] = {}
            for path in files:
                started = dt.datetime.now()
                try:
                    groups.setdefault(sha256_file(path), []).append(str(path))
                except OSError as e:
                    record(FileResult(str(path), "failed", error=one_line(e), started_at=started,
                                      traceback=traceback.format_exc()))
            todo: dict[str, list[str]] = {}
            for sha, names in groups.items():
                doc_id = None if force else _loaded_doc(con, sha)
                if doc_id is None:
                    todo[sha] = names
                    continue
                for name in names:
                    started = dt.datetime.now()
                    store.add_path(con, doc_id, name)
                    record(FileResult(name, "unchanged", sha, doc_id, started_at=started))
            for sha, extracted in _extract_all(todo, workers, ocr):
                for result in _load(con, summary.run_id, todo[sha], sha, extracted):
                    record(result)
            summary.seconds = time.perf_counter() - t0
            reporter.finish(summary.line())
    finally:
        con.close()
    return summary


def _loaded_doc(con: store.Connection, sha: str) -> str | None:
    return store.doc_id_for(con, sha) if store.is_loaded(con, sha) else None


def _extract_all(todo: dict[str, list[str]], workers: int | None,
                 ocr: str | None) -> Iterator[tuple[str, Extracted]]:
    """Extraction results as they complete: in this process for one worker, else in a process pool."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        for sha, names in todo.items():
            yield sha, extract_file(names[0], ocr)
        return
    # forkserver: workers must not inherit the parent's DuckDB threads and locks through fork; the
    # server imports the extractors (spaCy, OCR) once and every worker starts from that.
    context: BaseContext = multiprocessing.get_context("spawn")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["pipeline.run"])
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures: dict[Future[Extracted], str] = {
            pool.submit(extract_file, names[0], ocr): sha for sha, names in todo.items()}
        try:
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as e:  # the worker died (BrokenProcessPool) or the result did not unpickle
                    result = Extracted(None, one_line(e), traceback.format_exc(), dt.datetime.now(), 0.0)
                yield futures[future], result
        except BaseException:  # Ctrl-C or a database error: do not wait for the files not yet started
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _load(con: store.Connection, run_id: str, names: list[str], sha: str,
          extracted: Extracted) -> list[FileResult]:
    """Load one extracted document; results for its primary path and for its byte-identical copies."""
    t0 = time.perf_counter()
    circular, error, tb = extracted.circular, extracted.error, extracted.traceback
    if circular is not None:
        try:
            store.load(con, circular, run_id=run_id, extra_paths=names[1:])
        except Exception as e:
            error, tb = f"loading failed: {one_line(e)}", traceback.format_exc()
    seconds = extracted.seconds + time.perf_counter() - t0
    if circular is None or error is not None:
        return [FileResult(name, "failed", sha, error=error, seconds=seconds if i == 0 else 0.0,
                           started_at=extracted.started_at, traceback=tb) for i, name in enumerate(names)]
    ocr_pages = sum(p.engine is not None for p in circular.pages) or (
        circular.page_count if circular.ocr_engine else 0)
    first = FileResult(names[0], "loaded", sha, circular.doc_id, seconds=seconds, started_at=extracted.started_at,
                       pages=circular.page_count, ocr_pages=ocr_pages)
    return [first] + [FileResult(name, "unchanged", sha, circular.doc_id, started_at=extracted.started_at)
                      for name in names[1:]]
