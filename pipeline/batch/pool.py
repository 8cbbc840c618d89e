"""Extraction in worker processes: a process pool that survives a worker dying, warm workers, and
the one function a worker runs on a file.

Results come back in batches — whatever finished while the previous batch was being loaded — so
`pipeline.batch.ingest` can write documents that arrive together in one transaction. A worker that dies
(a crash in a C library, the kernel's OOM killer) breaks the pool; the documents it was reading are
retried alone, and only one that kills a worker again is failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pydantic

from pipeline.batch import workers as workers_mod
from pipeline.batch.grouping import Attachment
from schemas import Circular

#: a batch of results (one transaction) holds at most BATCH_DOCS documents, collected for at most
#: BATCH_SECONDS after its first
BATCH_DOCS = 32
BATCH_SECONDS = 0.5
#: documents queued per worker: enough that a worker on short text files never waits for this process
#: to finish loading a batch and hand it more; few enough that a broken pool has little to resubmit
IN_FLIGHT_PER_WORKER = 32


@dataclass
class Extracted:
    """A worker's answer: the circular, or the error as text (exceptions may not survive pickling)."""

    circular: Circular | None
    error: str | None
    traceback: str | None
    started_at: dt.datetime
    seconds: float
    notes: list[str] = field(default_factory=list)  # what libraries logged or warned meanwhile


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


def extract_file(path: str, ocr: str | None, attachments: Sequence[Attachment] = ()) -> Extracted:
    """Run the real extraction on one file (with its attachments), turning any error into text (runs
    in a worker process)."""
    from pipeline import run  # here, not at the top: a run that skips every file never needs it

    started, t0 = dt.datetime.now(), time.perf_counter()
    with _captured() as notes:
        try:
            circular = (
                run.extract(path, ocr=ocr, attachments=attachments)
                if attachments
                else run.extract(path, ocr=ocr)
            )
            return Extracted(circular, None, None, started, time.perf_counter() - t0, notes)
        except Exception as e:
            return Extracted(
                None, one_line(e), traceback.format_exc(), started, time.perf_counter() - t0, notes
            )


class _Keep(logging.Handler):
    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.notes.append(f"{record.name}: {record.getMessage()}")


@contextlib.contextmanager
def _captured() -> Iterator[list[str]]:
    """Log records and Python warnings from the libraries while one file is read, kept for
    `--verbose`: without a handler, logging prints WARNING records to stderr as lines that name no
    file (pdfminer's, ours about CFF fonts) — and the reasons that matter are in the document anyway."""
    notes: list[str] = []
    handler = _Keep(notes)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield notes
        notes += [f"{w.category.__name__}: {w.message}" for w in caught]
    finally:
        root.removeHandler(handler)
        notes[:] = list(dict.fromkeys(notes))[:20]


#: (path, ocr) -> Extracted, and (path, ocr, attachments) for a circular with attachments
Extract = Callable[..., Extracted]
Batch = list[tuple[str, Extracted]]


def extract_all(
    todo: dict[str, list[str]],
    workers: int | None,
    ocr: str | None,
    extract: Extract = extract_file,
    attachments: Mapping[str, Sequence[Attachment]] | None = None,
) -> Iterator[Batch]:
    """Extraction results in batches as they complete: in this process for one worker, else in a
    process pool, where a batch is whatever finished while the previous one was being loaded.

    The largest files go first, so a long scan does not start last while the other workers idle.
    `extract` must be importable by the workers (a module-level function); tests pass fakes. A
    document with `attachments` (by key of `todo`) gets them as its third argument.
    """
    atts = dict(attachments or {})
    order = sorted(todo, key=lambda sha: -_size(todo[sha][0]))
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        batch: Batch = []
        t0 = time.perf_counter()
        for sha in order:
            batch.append((sha, _call(extract, todo[sha][0], ocr, atts.get(sha, ()))))
            if len(batch) >= BATCH_DOCS or time.perf_counter() - t0 >= BATCH_SECONDS:
                yield batch
                batch, t0 = [], time.perf_counter()
        if batch:
            yield batch
        return
    threads = max(1, (os.cpu_count() or 1) // workers)
    pending = {sha: todo[sha][0] for sha in order}
    suspects: set[str] = set()  # in flight when a worker died: run again, alone
    while pending:
        alone = next((sha for sha in pending if sha in suspects), None)
        run = {alone: pending[alone]} if alone else dict(pending)
        for got in _pool(run, min(workers, len(run)), ocr, threads, extract, atts):
            out: Batch = []
            for sha, extracted in got:
                if extracted is None and sha not in suspects and alone is None:
                    suspects.add(sha)
                    continue
                if extracted is None:
                    extracted = Extracted(
                        None,
                        "the worker process died reading this file (crashed, or was "
                        "killed, e.g. out of memory)",
                        None,
                        dt.datetime.now(),
                        0.0,
                    )
                pending.pop(sha)
                out.append((sha, extracted))
            if out:
                yield out


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _pool(
    batch: dict[str, str],
    workers: int,
    ocr: str | None,
    threads: int,
    extract: Extract,
    attachments: Mapping[str, Sequence[Attachment]],
) -> Iterator[list[tuple[str, Extracted | None]]]:
    """Run `batch` (sha → path) in a process pool, yielding results in batches.

    A batch is whatever finishes within BATCH_SECONDS of its first result (at most BATCH_DOCS): one
    transaction for several documents costs DuckDB little more than for one, and this process's
    CPU is the workers' too. At most IN_FLIGHT_PER_WORKER documents per worker are submitted at a
    time, so waiting stays cheap for archives of thousands. If a worker dies, the pool is broken: the
    documents in flight come back as `None`, and those not yet started are simply not yielded.
    """
    context = workers_mod.context()
    started = context.SimpleQueue()  # workers put a document's sha here as they begin it
    began: set[str] = set()
    finished: set[str] = set()
    # Workers outlive a `kill -9` of this process (each keeps the forkserver alive): they watch a pipe
    # that only this process writes to, and leave when it closes.
    alive_r, alive_w = context.Pipe(duplex=False)
    todo = iter(batch.items())
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(started, threads, alive_r)
        ) as pool:
            running: dict[Future[Extracted], str] = {}

            def submit() -> None:
                while len(running) < IN_FLIGHT_PER_WORKER * workers and (item := next(todo, None)):
                    try:
                        running[
                            pool.submit(
                                _extract_in_worker,
                                item[0],
                                item[1],
                                ocr,
                                extract,
                                attachments.get(item[0], ()),
                            )
                        ] = item[0]
                    except BrokenProcessPool:  # a worker died just now: `wait` below sees it in the futures
                        return

            try:
                submit()
                ready: list[tuple[str, Extracted | None]] = []
                deadline = 0.0
                while running:
                    timeout = max(0.0, deadline - time.monotonic()) if ready else None
                    done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                    while not started.empty():  # as we go: a full pipe would block the workers
                        began.add(started.get())
                    got, broken = _results(done, running, finished)
                    submit()
                    if not ready and got:
                        deadline = time.monotonic() + BATCH_SECONDS
                    ready += got
                    if broken is not None:
                        while not started.empty():
                            began.add(started.get())
                        in_flight = began - finished
                        if not in_flight:  # no worker got as far as a document: not the files' fault
                            raise RuntimeError(
                                f"extraction workers do not start: {one_line(broken)} (a script that calls "
                                "ingest with more than one worker needs `if __name__ == '__main__':`)"
                            ) from broken
                        yield ready + [(sha, None) for sha in in_flight]
                        return
                    if ready and (len(ready) >= BATCH_DOCS or not running or time.monotonic() >= deadline):
                        yield ready
                        ready = []
            except BaseException:  # Ctrl-C or a database error: stop the workers now, mid-document
                pool.shutdown(wait=False, cancel_futures=True)
                alive_w.close()
                raise
    finally:  # after the pool has shut down: closing `alive_w` earlier would end the workers
        started.close()
        alive_w.close()
        alive_r.close()


def _results(
    done: set[Future[Extracted]], running: dict[Future[Extracted], str], finished: set[str]
) -> tuple[list[tuple[str, Extracted | None]], BrokenProcessPool | None]:
    """The finished futures' results (taken out of `running`), and the error if the pool broke."""
    got: list[tuple[str, Extracted | None]] = []
    broken: BrokenProcessPool | None = None
    for future in done:
        sha = running.pop(future)
        try:
            extracted = future.result()
        except BrokenProcessPool as e:
            broken = e
            continue
        except Exception as e:  # the result did not unpickle
            extracted = Extracted(None, one_line(e), traceback.format_exc(), dt.datetime.now(), 0.0)
        finished.add(sha)
        got.append((sha, extracted))
    return got, broken


_started_queue: Any = None


def _start_worker(started: Any, threads: int, alive: Connection) -> None:
    """Worker initializer: leave with the ingest, share the cores, and start warm.

    The OCR engine's threads are capped so that workers × threads = cores (unless the user chose with
    `TONGBAO_OCR_THREADS`). A worker forked from the forkserver inherits its warm-up; a spawned one
    runs it now.
    """
    global _started_queue
    _started_queue = started
    threading.Thread(target=_exit_with_ingest, args=(alive,), daemon=True).start()
    os.environ.setdefault("TONGBAO_OCR_THREADS", str(threads))
    from pipeline.batch.warmup import warm_up

    warm_up()  # forked from the forkserver: everything is built already and this takes milliseconds


def _exit_with_ingest(alive: Connection) -> None:
    """Nothing is ever sent on `alive`: `recv` returns (by EOF) only when the ingest process is gone."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv()
    os._exit(1)


def _extract_in_worker(
    sha: str, path: str, ocr: str | None, extract: Extract, attachments: Sequence[Attachment]
) -> Extracted:
    if _started_queue is not None:
        _started_queue.put(sha)
    return _call(extract, path, ocr, attachments)


def _call(extract: Extract, path: str, ocr: str | None, attachments: Sequence[Attachment]) -> Extracted:
    return extract(path, ocr, attachments) if attachments else extract(path, ocr)
