"""Many files into the database: find, hash, skip what is loaded, extract in parallel, load.

Extraction runs in an executor (`pipeline.batch.executor`: worker processes here, or a Ray cluster);
this process is the only DuckDB writer and
loads documents as they arrive — several in one transaction when they arrive together, never part
of one, so after a crash the database holds whole documents only. A file that fails gets a `failed`
row in `ingest_log` and one line on stderr, and the batch goes on.

A re-run does not read unchanged files: `file_stats` keeps each path's size, times and inode from
when it was hashed, and only a file whose stat differs is hashed again. Nor does it extract again
what failed under the same extraction version and budget (`failed_files`): it fails again at once
with the same reason, unless `force`. Paths are printed and stored as `pipeline.batch.paths.shown`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import time
import traceback
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from ocr.engines import available_engines
from ocr.readers import office
from pipeline import store
from pipeline.batch.executor import Executor, LocalPool
from pipeline.batch.failures import attempt_of, fail_again, failure
from pipeline.batch.grouping import Attachment, by_identity, group_files
from pipeline.batch.job import Batch, Extracted, Job, extract_file, one_line
from pipeline.batch.paths import shown
from pipeline.batch.progress import Reporter
from pipeline.batch.results import FileResult, IngestSummary
from pipeline.batch.walk import ACCEPTED_SUFFIXES, find
from pipeline.store.bookkeeping import FileStat
from schemas.budget import Budget
from schemas.exceptions import UsageError

__all__ = [
    "ACCEPTED_SUFFIXES",
    "FileResult",
    "IngestSummary",
    "extract_file",
    "find_files",
    "ingest",
    "one_line",
]
#: a file changed this recently may change again within the same timestamp tick: hash it next time too
RACY_SECONDS = 2.0


def find_files(paths: Iterable[str | Path], db: str | Path | None = None) -> list[Path]:
    """Files to ingest: given files as they are, folders walked for accepted suffixes (`pipeline.batch.walk`)."""
    return find(paths, db).files


def sha256_file(path: Path) -> str:
    """The file's hash; opened without blocking and read only if it is (still) a regular file, so a
    FIFO put in its place since the walk cannot hang the batch."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{shown(path)}: not a regular file")
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
    budget: Budget | None = None,
    executor: Executor | None = None,
) -> IngestSummary:
    """Ingest files and folders into `db`; never raises for a bad file, only for a busy or bad database.

    Byte-identical files are one document: it is extracted once, and every path lands in
    `document_paths`. Files whose bytes were loaded by this pipeline version are `unchanged`
    unless `force` (which also hashes every file again instead of trusting `file_stats`). Every
    document is read within `budget` (the defaults if None), by `executor` (`workers` local worker
    processes if None).
    """
    t0 = time.perf_counter()
    budget = budget or Budget()
    executor = executor or LocalPool(workers)
    if ocr is not None and ocr.lower() not in available_engines():  # fail now, not once per scan
        raise UsageError(f"unknown OCR engine {ocr!r}; known engines: {', '.join(available_engines())}")
    db = Path(db)
    found = find(paths, db)
    files = found.files
    office.require({f.suffix.lower() for f in files})  # fail now, not once per .doc
    if force or not db.exists():  # everything will be extracted
        executor.prepare(len(files))
    con = store.connect(db)
    summary = IngestSummary(new_run_id(), db)
    reporter = Reporter(progress=progress, verbose=verbose)
    try:
        with reporter:
            shas, unreadable = _hash_files(con, files, force, budget)
            unreadable = [
                FileResult(shown(r.path), "failed", error=r.reason) for r in found.refused
            ] + unreadable
            for result in unreadable:
                store.log_rows(con, [result.log_row(summary.run_id)])
                summary.results.append(result)
                reporter.file(result)
            units = by_identity(group_files([f for f in files if str(f) in shas]), shas)
            loaded = {} if force else store.loaded_documents(con)
            attempt = attempt_of(budget)
            before = {} if force else store.failed_files(con, attempt)
            todo = {
                key: [str(g.main) for g in gs]
                for key, gs in units.items()
                if key not in loaded | before.keys()
            }
            attached = {key: gs[0].attachments for key, gs in units.items() if gs[0].attachments}
            executor.prepare(len(todo))
            fail_again(
                con,
                summary,
                reporter,
                [(key, [p for g in gs for p in g.paths]) for key, gs in units.items() if key in before],
                shas,
                before,
            )
            skipped = [
                FileResult(shown(path), "unchanged", shas[str(path)], loaded[key])
                for key, gs in units.items()
                if key in loaded
                for g in gs
                for path in g.paths
            ]
            attachment_paths = {shown(a.path) for atts in attached.values() for a in atts}
            _record_unchanged(con, summary.run_id, skipped, attachment_paths)
            summary.results += skipped
            reporter.unchanged(len(skipped))
            reporter.start(len(todo), executor.where() if todo else "")
            jobs = [Job(key, paths[0], attached.get(key, ())) for key, paths in todo.items()]
            for batch in executor.run(jobs, ocr, budget):
                done = _load(con, summary.run_id, todo, batch, attached, shas)
                store.save_failures(
                    con,
                    [
                        failure(rs[0], key, attempt)
                        for (key, _), rs in zip(batch, done, strict=True)
                        if rs[0].status == "failed"
                    ],
                )
                for results in done:
                    summary.results += results
                    reporter.document(results)
            summary.seconds = time.perf_counter() - t0
            summary.where = executor.where()
            reporter.finish(summary.line())
    finally:
        con.close()
    return summary


def _hash_files(
    con: store.Connection, files: list[Path], force: bool, budget: Budget | None = None
) -> tuple[dict[str, str], list[FileResult]]:
    """Each readable file's sha256 by path, and the files that could not be read.

    A file whose size, mtime, ctime and inode are what `file_stats` recorded is not read again. Its
    hash is only recorded when the file was last changed well before it was hashed, so a write in the
    same timestamp tick as the hashing cannot hide a change. A file larger than the budget is not
    read at all.
    """
    limit = (budget or Budget()).file_mb * 2**20
    known = {} if force else store.file_stats(con)
    shas: dict[str, str] = {}
    failed: list[FileResult] = []
    fresh: list[FileStat] = []
    racy_ns = time.time_ns() - int(RACY_SECONDS * 1e9)
    for path in files:
        name, started = str(path), dt.datetime.now()
        try:
            st = path.stat()
            if st.st_size > limit:
                failed.append(
                    FileResult(
                        shown(name), "failed", error=f"budget: {_size(st.st_size)} > {_size(limit)}; not read"
                    )
                )
                continue
            seen = known.get(shown(name))
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
                            source_path=shown(name),
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
                    shown(name),
                    "failed",
                    error=one_line(e),
                    started_at=started,
                    traceback=traceback.format_exc(),
                )
            )
            continue
        shas[name] = sha
    store.save_file_stats(con, fresh)
    return shas, failed


def _size(n: float) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


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
        paths, circular = todo[sha], extracted.circular
        names = [shown(p) for p in paths]
        atts = [str(a.path) for a in attached.get(sha, ())]
        if circular is None:
            out[sha] = _failed(
                names, sha, extracted, extracted.error, extracted.traceback, [shown(a) for a in atts]
            )
            continue
        circular = circular.model_copy(
            update={
                "source_path": names[0],
                "document_files": [
                    f.model_copy(update={"path": shown(f.path)}) for f in circular.document_files
                ],
            }
        )
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
            FileResult(shown(name), "loaded", shas[name], circular.doc_id, started_at=extracted.started_at)
            if shown(name) in read
            else FileResult(
                shown(name),
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
                [shown(p) for p in todo[sha]],
                sha,
                extracted_by_sha[sha],
                f"loading failed: {one_line(error)}",
                "".join(traceback.format_exception(error)),
                [shown(a.path) for a in attached.get(sha, ())],
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
