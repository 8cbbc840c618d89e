"""Many files into the database: find, hash, skip what is loaded, extract in parallel, load.

Extraction runs in worker processes (`pipeline.batch.pool`); this process is the only DuckDB writer and
loads documents as they arrive — several in one transaction when they arrive together, never part
of one, so after a crash the database holds whole documents only. A file that fails gets a `failed`
row in `ingest_log` and one line on stderr, and the batch goes on.

A re-run does not read unchanged files: `file_stats` keeps each path's size, times and inode from
when it was hashed, and only a file whose stat differs is hashed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
import traceback
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ocr.engines import available_engines
from ocr.readers import office
from pipeline import store
from pipeline.batch.grouping import Attachment, by_identity, group_files
from pipeline.batch.pool import Batch, Extracted, extract_all, extract_file, one_line
from pipeline.batch.progress import Reporter
from pipeline.batch.workers import prestart
from pipeline.store.ddl import FileStat, IngestLogRow
from schemas.exceptions import ExitCode, UsageError

__all__ = ["FileResult", "IngestSummary", "extract_file", "find_files", "ingest", "one_line"]

ACCEPTED_SUFFIXES = frozenset(
    {".txt", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
    | {".docx", ".doc", ".wps", ".xlsx", ".xls", ".ods", ".et", ".ofd"}
)
_DB_SUFFIXES = (".duckdb", ".duckdb.wal", ".duckdb.tmp")
#: a file changed this recently may change again within the same timestamp tick: hash it next time too
RACY_SECONDS = 2.0


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
    notes: list[str] = field(default_factory=list)

    def log_row(self, run_id: str) -> IngestLogRow:
        return IngestLogRow(
            run_id=run_id,
            source_path=self.path,
            sha256=self.sha256,
            doc_id=self.doc_id,
            status=self.status,
            error=self.error,
            seconds=self.seconds,
            started_at=self.started_at,
        )


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
        return (
            f"{self.loaded} loaded, {self.unchanged} unchanged, {self.failed} failed; "
            f"{self.pages} pages ({self.ocr_pages} OCR) in {self.seconds:.1f} s → {self.db}"
        )


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


def new_run_id() -> str:
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def ingest(
    paths: Sequence[str | Path],
    db: str | Path,
    workers: int | None = None,
    ocr: str | None = None,
    force: bool = False,
    progress: bool = True,
    verbose: bool = False,
) -> IngestSummary:
    """Ingest files and folders into `db`; never raises for a bad file, only for a busy or bad database.

    Byte-identical files are one document: it is extracted once, and every path lands in
    `document_paths`. Files whose bytes were loaded by this pipeline version are `unchanged`
    unless `force` (which also hashes every file again instead of trusting `file_stats`).
    """
    t0 = time.perf_counter()
    if ocr is not None and ocr.lower() not in available_engines():  # fail now, not once per scan
        raise UsageError(f"unknown OCR engine {ocr!r}; known engines: {', '.join(available_engines())}")
    db = Path(db)
    files = find_files(paths, db)
    office.require({f.suffix.lower() for f in files})  # fail now, not once per .doc
    if force or not db.exists():  # everything will be extracted
        prestart(workers, len(files))
    con = store.connect(db)
    summary = IngestSummary(new_run_id(), db)
    reporter = Reporter(progress=progress, verbose=verbose)
    try:
        with reporter:
            shas, unreadable = _hash_files(con, files, force)
            for result in unreadable:
                store.log_rows(con, [result.log_row(summary.run_id)])
                summary.results.append(result)
                reporter.file(result)
            units = by_identity(group_files([f for f in files if str(f) in shas]), shas)
            loaded = {} if force else store.loaded_documents(con)
            todo = {key: [str(g.main) for g in gs] for key, gs in units.items() if key not in loaded}
            attached = {key: gs[0].attachments for key, gs in units.items() if gs[0].attachments}
            prestart(workers, len(todo))
            skipped = [
                FileResult(str(path), "unchanged", shas[str(path)], loaded[key])
                for key, gs in units.items()
                if key in loaded
                for g in gs
                for path in g.paths
            ]
            attachment_paths = {str(a.path) for atts in attached.values() for a in atts}
            _record_unchanged(con, summary.run_id, skipped, attachment_paths)
            summary.results += skipped
            reporter.unchanged(len(skipped))
            reporter.start(len(todo))
            for batch in extract_all(todo, workers, ocr, attachments=attached):
                for results in _load(con, summary.run_id, todo, batch, attached, shas):
                    summary.results += results
                    reporter.document(results)
            summary.seconds = time.perf_counter() - t0
            reporter.finish(summary.line())
    finally:
        con.close()
    return summary


def _hash_files(
    con: store.Connection, files: list[Path], force: bool
) -> tuple[dict[str, str], list[FileResult]]:
    """Each readable file's sha256 by path, and the files that could not be read.

    A file whose size, mtime, ctime and inode are what `file_stats` recorded is not read again. Its
    hash is only recorded when the file was last changed well before it was hashed, so a write in the
    same timestamp tick as the hashing cannot hide a change.
    """
    known = {} if force else store.file_stats(con)
    shas: dict[str, str] = {}
    failed: list[FileResult] = []
    fresh: list[FileStat] = []
    racy_ns = time.time_ns() - int(RACY_SECONDS * 1e9)
    for path in files:
        name, started = str(path), dt.datetime.now()
        try:
            st = path.stat()
            seen = known.get(name)
            if seen and (seen.size, seen.mtime_ns, seen.ctime_ns, seen.inode) == (
                st.st_size,
                st.st_mtime_ns,
                st.st_ctime_ns,
                st.st_ino,
            ):
                sha = seen.sha256
            else:
                sha = sha256_file(path)
                if max(st.st_mtime_ns, st.st_ctime_ns) < racy_ns:
                    fresh.append(
                        FileStat(
                            source_path=name,
                            size=st.st_size,
                            mtime_ns=st.st_mtime_ns,
                            ctime_ns=st.st_ctime_ns,
                            inode=st.st_ino,
                            sha256=sha,
                            hashed_at=started,
                        )
                    )
        except OSError as e:
            failed.append(
                FileResult(
                    name, "failed", error=one_line(e), started_at=started, traceback=traceback.format_exc()
                )
            )
            continue
        shas[name] = sha
    store.save_file_stats(con, fresh)
    return shas, failed


def _record_unchanged(
    con: store.Connection, run_id: str, skipped: list[FileResult], attachments: set[str]
) -> None:
    """Paths and log rows of the skipped files in one transaction: a few statements for any number.
    An attachment's path is in `document_files`, not among the paths of the circular's bytes."""
    if not skipped:
        return
    con.begin()
    try:
        store.add_paths(con, [(r.doc_id or "", r.path) for r in skipped if r.path not in attachments])
        store.log_rows(con, [r.log_row(run_id) for r in skipped])
        con.commit()
    except BaseException:
        con.rollback()
        raise


def _load(
    con: store.Connection,
    run_id: str,
    todo: dict[str, list[str]],
    batch: Batch,
    attached: dict[str, tuple[Attachment, ...]],
    shas: dict[str, str],
) -> list[list[FileResult]]:
    """Load a batch of extracted documents with their log rows; per document, the results for its path,
    its byte-identical copies and its attachments.

    The batch goes in one transaction; if that fails, each document is loaded alone, so the one at
    fault fails by itself.
    """
    t0 = time.perf_counter()
    out: dict[str, list[FileResult]] = {}
    loads: dict[str, store.Loadable] = {}
    for sha, extracted in batch:
        names, circular = todo[sha], extracted.circular
        atts = [str(a.path) for a in attached.get(sha, ())]
        if circular is None:
            out[sha] = _failed(names, sha, extracted, extracted.error, extracted.traceback, atts)
            continue
        ocr_pages = sum(p.engine is not None for p in circular.pages) or (
            circular.page_count if circular.ocr_engine else 0
        )
        results = [
            FileResult(
                names[0],
                "loaded",
                sha,
                circular.doc_id,
                started_at=extracted.started_at,
                seconds=extracted.seconds + (time.perf_counter() - t0) / len(batch),
                pages=circular.page_count,
                ocr_pages=ocr_pages,
                notes=extracted.notes,
            )
        ]
        results += [
            FileResult(name, "unchanged", sha, circular.doc_id, started_at=extracted.started_at)
            for name in names[1:]
        ]
        read = {f.path for f in circular.document_files}
        results += [
            FileResult(name, "loaded", shas[name], circular.doc_id, started_at=extracted.started_at)
            if name in read
            else FileResult(
                name,
                "failed",
                shas[name],
                error=f"unreadable attachment of {names[0]}, which was loaded without it",
                started_at=extracted.started_at,
            )
            for name in atts
        ]
        out[sha] = results
        loads[sha] = store.Loadable(circular, names[1:], [r.log_row(run_id) for r in results])
    unloaded: set[str] = set()
    try:
        store.load_many(con, list(loads.values()), run_id=run_id)
    except Exception as batch_error:
        errors: dict[str, Exception] = {}
        if len(loads) == 1:
            errors = dict.fromkeys(loads, batch_error)
        else:
            for sha, doc in loads.items():
                try:
                    store.load_many(con, [doc], run_id=run_id)
                except Exception as e:
                    errors[sha] = e
        extracted_by_sha = dict(batch)
        unloaded = set(errors)
        for sha, error in errors.items():
            out[sha] = _failed(
                todo[sha],
                sha,
                extracted_by_sha[sha],
                f"loading failed: {one_line(error)}",
                "".join(traceback.format_exception(error)),
                [str(a.path) for a in attached.get(sha, ())],
            )
    logged = {sha for sha in loads if sha not in unloaded}  # their rows went in with the document
    failed = [r for sha, results in out.items() if sha not in logged for r in results if r.status == "failed"]
    store.log_rows(con, [r.log_row(run_id) for r in failed])
    return [out[sha] for sha, _ in batch]


def _failed(
    names: list[str],
    sha: str,
    extracted: Extracted,
    error: str | None,
    tb: str | None,
    attachments: Sequence[str] = (),
) -> list[FileResult]:
    """The failed document's rows: its file (with the traceback), its copies and its attachments."""
    when, main = extracted.started_at, names[0]
    first = FileResult(
        main, "failed", sha, error=error, seconds=extracted.seconds, started_at=when, traceback=tb
    )
    first.notes = extracted.notes
    copies = [
        FileResult(n, "failed", sha, error=f"same bytes as {main}: {error}", started_at=when)
        for n in names[1:]
    ]
    atts = [
        FileResult(n, "failed", error=f"an attachment of {main}: {error}", started_at=when)
        for n in attachments
    ]
    return [first, *copies, *atts]
