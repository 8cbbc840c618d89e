"""Extraction in local worker processes: a process pool that survives a worker dying, with warm workers
(the executor of one machine; `pipeline.batch.ray_executor` is the other, `pipeline.batch.executor`
the interface both keep).

Results come back in batches — whatever finished while the previous batch was being loaded — so
`pipeline.batch.ingest` can write documents that arrive together in one transaction. A worker that dies
(a crash in a C library, the kernel's OOM killer) breaks the pool; the documents it was reading are
retried alone, and only one that kills a worker again is failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from pipeline.batch import workers as workers_mod
from pipeline.batch.grouping import Attachment
from pipeline.batch.job import Batch, Extract, Extracted, extract_file, one_line
from pipeline.batch.watch import Watcher, kill
from schemas.budget import Budget, applied

__all__ = ["Batch", "Extract", "Extracted", "extract_all", "extract_file", "one_line"]

#: a batch of results (one transaction) holds at most BATCH_DOCS documents, collected for at most
#: BATCH_SECONDS after its first
BATCH_DOCS = 32
BATCH_SECONDS = 0.5
#: documents queued per worker: enough that a worker on short text files never waits for this process
#: to finish loading a batch and hand it more; few enough that a broken pool has little to resubmit
IN_FLIGHT_PER_WORKER = 32
#: how often the executor looks at the documents in flight (wall time, workers' memory)
WATCH_SECONDS = 0.2


T = TypeVar("T")


def in_batches(results: list[T]) -> Iterator[list[T]]:
    """Results that arrived together, in batches of at most BATCH_DOCS: while one batch is loaded
    many more can finish, and a batch is one transaction, so it must not grow with the wait."""
    for i in range(0, len(results), BATCH_DOCS):
        yield results[i : i + BATCH_DOCS]


#: in flight when this process killed a worker over another document's budget: run again as before
_AGAIN = "again"


def extract_all(
    todo: dict[str, list[str]],
    workers: int | None,
    ocr: str | None,
    extract: Extract = extract_file,
    attachments: Mapping[str, Sequence[Attachment]] | None = None,
    budget: Budget | None = None,
) -> Iterator[Batch]:
    """Extraction results in batches as they complete: in this process for one worker, else in a
    process pool, where a batch is whatever finished while the previous one was being loaded.

    The largest files go first, so a long scan does not start last while the other workers idle.
    `extract` must be importable by the workers (a module-level function); tests pass fakes. A
    document with `attachments` (by key of `todo`) gets them as its third argument. Each document
    is read within `budget`: a worker past its wall time or memory is killed, the document fails
    with the reason, and the others it held are run again.
    """
    atts = dict(attachments or {})
    budget = budget or Budget()
    order = sorted(todo, key=lambda sha: -_size(todo[sha][0]))
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        batch: Batch = []
        t0 = time.perf_counter()
        for sha in order:
            batch.append((sha, _extract_here(todo[sha][0], ocr, extract, atts.get(sha, ()), budget)))
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
        for got in _pool(run, min(workers, len(run)), ocr, threads, extract, atts, budget):
            out: Batch = []
            for sha, extracted in got:
                if extracted == _AGAIN:
                    continue
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
                assert isinstance(extracted, Extracted)
                out.append((sha, extracted))
            if out:
                yield out


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _extract_here(
    path: str, ocr: str | None, extract: Extract, attachments: Sequence[Attachment], budget: Budget
) -> Extracted:
    """One document in this process, within its budget: no executor can kill it here, so its wall
    time is checked between pages (a signal would interrupt the OCR engine's threads mid-call)."""
    with applied(budget, clock=True):
        return _call(extract, path, ocr, attachments)


Got = tuple[str, "Extracted | str | None"]


def _pool(
    batch: dict[str, str],
    workers: int,
    ocr: str | None,
    threads: int,
    extract: Extract,
    attachments: Mapping[str, Sequence[Attachment]],
    budget: Budget,
) -> Iterator[list[Got]]:
    """Run `batch` (sha → path) in a process pool, yielding results in batches.

    A batch is whatever finishes within BATCH_SECONDS of its first result (at most BATCH_DOCS): one
    transaction for several documents costs DuckDB little more than for one, and this process's
    CPU is the workers' too. At most IN_FLIGHT_PER_WORKER documents per worker are submitted at a
    time, so waiting stays cheap for archives of thousands. If a worker dies, the pool is broken: the
    documents in flight come back as `None`, and those not yet started are simply not yielded. A
    worker this process killed over a document's budget breaks it too: that document comes back
    failed with the reason, the others in flight as `_AGAIN`.
    """
    context = workers_mod.context()
    started = context.SimpleQueue()  # workers put (sha, pid, pages) here as they begin a document
    began: set[str] = set()
    finished: set[str] = set()
    watcher = Watcher(budget)
    killed: dict[str, str] = {}

    def heard() -> None:
        while not started.empty():  # as we go: a full pipe would block the workers
            sha, pid, pages = started.get()
            if pages is None:
                began.add(sha)
                watcher.began(sha, pid)
            else:
                watcher.pages(sha, pages)

    # Workers outlive a `kill -9` of this process (each keeps the forkserver alive): they watch a pipe
    # that only this process writes to, and leave when it closes.
    alive_r, alive_w = context.Pipe(duplex=False)
    todo = iter(batch.items())
    try:
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(started, threads, alive_r, budget),
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
                ready: list[Got] = []
                deadline = 0.0
                while running:
                    timeout = max(0.0, deadline - time.monotonic()) if ready else WATCH_SECONDS
                    done, _ = wait(running, timeout=min(timeout, WATCH_SECONDS), return_when=FIRST_COMPLETED)
                    heard()
                    for sha, (pid, reason) in watcher.over().items():
                        if sha not in killed and sha not in finished:
                            killed[sha] = reason
                            kill(pid)
                    got, broken = _results(done, running, finished)
                    for sha, _ in got:
                        watcher.done(sha)
                    submit()
                    if not ready and got:
                        deadline = time.monotonic() + BATCH_SECONDS
                    ready += got
                    if broken is not None:
                        heard()
                        in_flight = began - finished
                        if killed:  # our doing: the documents over budget fail, the rest run again
                            yield ready + [
                                (sha, _over(killed[sha]) if sha in killed else _AGAIN) for sha in in_flight
                            ]
                            return
                        if not in_flight:  # no worker got as far as a document: not the files' fault
                            raise RuntimeError(
                                f"extraction workers do not start: {one_line(broken)} (a script that calls "
                                "ingest with more than one worker needs `if __name__ == '__main__':`)"
                            ) from broken
                        yield ready + [(sha, None) for sha in in_flight]
                        return
                    if ready and (len(ready) >= BATCH_DOCS or not running or time.monotonic() >= deadline):
                        yield from in_batches(ready)
                        ready = []
            except BaseException:  # Ctrl-C or a database error: stop the workers now, mid-document
                pool.shutdown(wait=False, cancel_futures=True)
                alive_w.close()
                raise
    finally:  # after the pool has shut down: closing `alive_w` earlier would end the workers
        started.close()
        alive_w.close()
        alive_r.close()


def _over(reason: str) -> Extracted:
    return Extracted(None, reason, None, dt.datetime.now(), 0.0)


def _results(
    done: set[Future[Extracted]], running: dict[Future[Extracted], str], finished: set[str]
) -> tuple[list[Got], BrokenProcessPool | None]:
    """The finished futures' results (taken out of `running`), and the error if the pool broke."""
    got: list[Got] = []
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
_budget: Budget = Budget()


def _start_worker(started: Any, threads: int, alive: Connection, budget: Budget | None = None) -> None:
    """Worker initializer: leave with the ingest, share the cores, and start warm.

    The OCR engine's threads are capped so that workers × threads = cores (unless the user chose with
    `TONGBAO_OCR_THREADS`). A worker forked from the forkserver inherits its warm-up; a spawned one
    runs it now.
    """
    global _started_queue, _budget
    _started_queue = started
    _budget = budget or Budget()
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
    """Tell the executor this worker began the document, and later how many pages it will read
    (its wall-time allowance grows with them)."""
    queue, pid = _started_queue, os.getpid()
    if queue is not None:
        queue.put((sha, pid, None))

    def pages(count: int) -> None:
        if queue is not None:
            queue.put((sha, pid, count))

    with applied(_budget, on_pages=pages):
        return _call(extract, path, ocr, attachments)


def _call(extract: Extract, path: str, ocr: str | None, attachments: Sequence[Attachment]) -> Extracted:
    return extract(path, ocr, attachments) if attachments else extract(path, ocr)
