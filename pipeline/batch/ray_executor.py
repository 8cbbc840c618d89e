"""Extraction on a Ray cluster: the same jobs, function, budget and batches as the local pool, with
the work spread over every node's cores.

This process (the driver) hashes, skips and loads exactly as with the local pool; only the extraction
moves. Each document's bytes go to a task (`pipeline.batch.ray_task.extract_documents`), so workers need no shared file
system and no database. Tasks, not long-lived actors: nothing holds a CPU between documents, and
reading and loading happen here, outside Ray, so no arrangement of tasks can starve them (a job
whose actors pinned every CPU deadlocked on the read that fed them). A task asks for what its
documents use: an OCR task for the cores its engine runs on (`TONGBAO_OCR_THREADS`, capped at the
largest node's so that it can always be placed) and some memory; text and web pages travel several
to a task, since a task costs Ray a few milliseconds and such a document only ~25.

The budget as in the local pool: a task reports when each document really begins and how many pages
it will read, so the wall time is counted from then, and reports its worker past `memory_mb`;
either way the task is cancelled with its worker (`ray.cancel(force=True)`), the document fails
with the reason, and the documents queued behind it run again elsewhere. A worker or node that
dies has the document it was reading run again, alone, at most `retries` times — here, not by Ray's
`max_retries`: the items a streaming task yields depend on timing, and Ray's re-execution of one
assumes they do not. Nothing is yielded but whole documents.

Ray is imported only here, and only when `--ray` is given (`pip install 'tongbao[ray]'`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from ocr.readers import HTML_SUFFIXES, IMAGE_SUFFIXES, TEXT_SUFFIXES
from pipeline.batch import ray_task
from pipeline.batch.job import Batch, Extract, Extracted, Job, extract_file, one_line
from pipeline.batch.pool import BATCH_DOCS, BATCH_SECONDS, in_batches
from pipeline.batch.ray_task import Began, Done, Over, Pages, Shipped
from pipeline.batch.watch import Watcher
from schemas.budget import Budget
from schemas.exceptions import MissingDependency

#: text and web pages shipped to one task together (at most this many, this many bytes)
CHUNK_DOCS = 8
CHUNK_BYTES = 1 << 20
#: tasks submitted per CPU of the cluster: one running, the rest queued on the nodes, so that no worker
#: waits for this process between documents; the bytes of only these are held here at once
TASKS_PER_CPU = 3
#: how many times a document whose worker or node died is run again before it fails
RETRIES = 2
#: memory an OCR task asks Ray for (RapidOCR's detector peaks at ~600 MB on an A4 page), so that a node
#: short of memory runs fewer at once
OCR_MEMORY_MB = 1024
WATCH_SECONDS = 0.2
#: the driver's variables a task must see too (the OCR page cache's folder)
SETTINGS = ("TONGBAO_CACHE_DIR",)
LOCAL = "local"


def import_ray() -> ModuleType:
    """Ray, or one line saying how to get it (exit 3)."""
    try:
        import ray
    except ImportError as e:
        raise MissingDependency(
            f"--ray needs Ray, which is not installed ({one_line(e)}): pip install 'tongbao[ray]'"
        ) from e
    return ray


@dataclass
class _Task:
    docs: list[Shipped]
    ocr_kind: bool
    done: set[str] = field(default_factory=set)
    current: str | None = None
    killed: tuple[str, str] | None = None  # (key, reason) when this process stopped it over a budget

    def left(self) -> list[Shipped]:
        return [d for d in self.docs if d.key not in self.done]


class RayExecutor:
    """`pipeline.batch.executor.Executor` on Ray. `address` is what `ray.init` takes (`auto`,
    `ray://host:10001`, `host:6379`), or None to start a Ray of this machine's cores for this run.
    Used as a context manager: a Ray this executor started is shut down at the end, one it found
    connected (`ray.init` called before) is left as it was."""

    def __init__(
        self,
        address: str | None = None,
        *,
        max_tasks: int | None = None,
        extract: Extract = extract_file,
        retries: int = RETRIES,
    ) -> None:
        self.ray = import_ray()
        self.address = address
        self.max_tasks = max_tasks
        self.extract = extract
        self.retries = retries
        self._owned = False
        self._warming: list[Any] = []
        self._nodes: set[str] = set()
        self._remote: Any = None

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._warming = []
        if self._owned and self.ray.is_initialized():
            self.ray.shutdown()
        self._owned = False

    # --- the cluster ---------------------------------------------------------------------------

    def connect(self) -> None:
        """Join the cluster (or start a Ray of this machine), once."""
        ray = self.ray
        if self._remote is not None:
            return
        if not ray.is_initialized():
            quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
            try:
                if self.address in (None, LOCAL):
                    ray.init(address="local", include_dashboard=False, **quiet)
                else:
                    ray.init(address=self.address, **quiet)
            except ConnectionError as e:
                raise MissingDependency(
                    f"--ray {self.address}: no Ray cluster there ({one_line(e)}); start one with "
                    "`ray start --head`, or give --ray no address for a Ray of this machine alone"
                ) from e
            self._owned = True
        self._remote = ray.remote(ray_task.extract_documents)

    def cpus(self) -> tuple[int, float, float]:
        """Alive nodes with CPUs, all their CPUs, and the most any one node has."""
        nodes = [n for n in self.ray.nodes() if n.get("Alive") and n["Resources"].get("CPU", 0) > 0]
        cpus = [n["Resources"]["CPU"] for n in nodes]
        return len(nodes), sum(cpus), max(cpus, default=0.0)

    def prepare(self, documents: int) -> None:
        """Connect now and start every CPU's worker importing the pipeline, while this process hashes."""
        if documents <= 0 or self._warming:
            return
        self.connect()
        _, total, _ = self.cpus()
        warm = self.ray.remote(ray_task.warm).options(num_cpus=1, max_retries=0)
        self._warming = [warm.remote() for _ in range(int(total))]

    def where(self) -> str:
        if self._remote is None:
            return ""
        nodes, total, _ = self.cpus()
        used = len(self._nodes) or nodes
        return f"Ray: {used} node{'s' if used != 1 else ''}, {total:g} CPUs"

    # --- the work ------------------------------------------------------------------------------

    def run(self, jobs: Sequence[Job], ocr: str | None, budget: Budget) -> Iterator[Batch]:
        if not jobs:
            return
        self.connect()
        ray = self.ray
        _, total, largest = self.cpus()
        limit = max(1, int(total) * TASKS_PER_CPU)
        if self.max_tasks:
            limit = min(limit, self.max_tasks)
        threads = int(os.environ.get("TONGBAO_OCR_THREADS") or 1)
        ocr_cpus = max(1.0, min(float(threads), largest or 1.0))
        settings = {k: os.environ[k] for k in SETTINGS if k in os.environ}
        settings["TONGBAO_OCR_THREADS"] = str(threads)
        queue: deque[_Task] = deque(_plan(jobs))
        running: dict[Any, _Task] = {}
        watcher = Watcher(budget)
        deaths: Counter[str] = Counter()
        ready: Batch = []
        deadline = 0.0

        def submit(task: _Task) -> None:
            options: dict[str, Any] = {"num_returns": "streaming", "max_retries": 0, "num_cpus": 1}
            if task.ocr_kind:
                options |= {"num_cpus": ocr_cpus, "memory": OCR_MEMORY_MB << 20}
            ref = self._remote.options(**options).remote(task.docs, ocr, budget, settings, self.extract)
            running[ref] = task

        def stop(ref: Any, key: str, reason: str) -> None:
            task = running[ref]
            if task.killed is None:
                task.killed = (key, reason)
                ray.cancel(ref, force=True)

        try:
            while queue or running:
                while queue and len(running) < limit:
                    submit(_read(queue.popleft()))
                got, _ = ray.wait(list(running), num_returns=1, timeout=WATCH_SECONDS)
                if got:
                    got, _ = ray.wait(list(running), num_returns=len(running), timeout=0)
                for ref in got:
                    task = running[ref]
                    try:
                        item = next(ref)
                    except StopIteration:
                        running.pop(ref)
                        queue.extendleft(_again(task.left()))  # none, unless the task ended early
                        continue
                    try:
                        event = ray.get(item)
                    except Exception as e:  # the task was stopped, or its worker or node died
                        running.pop(ref)
                        failed = self._ended(task, e, deaths, queue)
                        for key in failed:
                            watcher.done(key)
                        ready += list(failed.items())
                        continue
                    if isinstance(event, Began):
                        task.current = event.key
                        self._nodes.add(event.node)
                        watcher.began(event.key, None)
                    elif isinstance(event, Pages):
                        watcher.pages(event.key, event.pages)
                    elif isinstance(event, Over):
                        stop(ref, event.key, event.reason)
                    elif isinstance(event, Done) and task.killed is None:
                        watcher.done(event.key)
                        task.done.add(event.key)
                        task.current = None
                        ready.append((event.key, event.extracted))
                owner = {t.current: r for r, t in running.items() if t.current}
                for key, (_, reason) in watcher.over().items():
                    if key in owner:
                        stop(owner[key], key, reason)
                if ready and not deadline:
                    deadline = time.monotonic() + BATCH_SECONDS
                if ready and (len(ready) >= BATCH_DOCS or not running or time.monotonic() >= deadline):
                    yield from in_batches(ready)
                    ready, deadline = [], 0.0
            if ready:
                yield from in_batches(ready)
        finally:
            for ref in running:  # Ctrl-C, a database error: stop the cluster's work for us now
                ray.cancel(ref, force=True)

    def _ended(
        self, task: _Task, error: Exception, deaths: Counter[str], queue: deque[_Task]
    ) -> dict[str, Extracted]:
        """A task that ended before its documents did: which of them fail, and which run again."""
        ray = self.ray
        left = task.left()
        if task.killed is not None:  # our doing: that document fails, the others run again
            key, reason = task.killed
            queue.extendleft(_again([d for d in left if d.key != key]))
            return {key: _failure(reason)}
        if isinstance(error, ray.exceptions.RayTaskError):  # raised in the task, not a death
            cause = getattr(error, "cause", None)
            if isinstance(cause, ImportError):
                raise MissingDependency(
                    f"a Ray worker cannot run tongbao ({one_line(cause)}): install the same tongbao "
                    "on every node (`pip install 'tongbao[ray]'`)"
                ) from error
            return {d.key: _failure(one_line(cause or error)) for d in left}
        suspect = task.current or (left[0].key if left else None)
        out: dict[str, Extracted] = {}
        rest = [d for d in left if d.key != suspect]
        for doc in left:
            if doc.key != suspect:
                continue
            deaths[doc.key] += 1
            if deaths[doc.key] > self.retries:
                out[doc.key] = _failure(
                    "the worker process died reading this file (crashed, or was killed, e.g. out of "
                    f"memory), {deaths[doc.key]} times: {one_line(error)}"
                )
            else:
                rest.insert(0, doc)
        queue.extendleft(_again(rest, alone=suspect))
        return out


def _failure(reason: str) -> Extracted:
    return Extracted(None, reason, None, dt.datetime.now(), 0.0)


def _light(job: Job) -> bool:
    """Text and web pages: ~25 ms each, worth sending several to one task."""
    light = TEXT_SUFFIXES | HTML_SUFFIXES
    return Path(job.path).suffix.lower() in light and all(
        a.path.suffix.lower() in light for a in job.attachments
    )


def _plan(jobs: Sequence[Job]) -> list[_Task]:
    """The jobs as tasks, largest files first (a long scan must not start last while other CPUs
    idle); text and web pages several to a task. Bytes are read when a task is submitted."""
    order = sorted(jobs, key=lambda j: -_size(j.path))
    tasks: list[_Task] = []
    chunk: list[Shipped] = []
    for job in order:
        placeholder = Shipped(job.key, job.path, None, tuple((a, None) for a in job.attachments))
        if not _light(job):
            tasks.append(_Task([placeholder], False))
            continue
        chunk.append(placeholder)
        if len(chunk) >= CHUNK_DOCS or sum(_size(d.path) for d in chunk) >= CHUNK_BYTES:
            tasks.append(_Task(chunk, False))
            chunk = []
    if chunk:
        tasks.append(_Task(chunk, False))
    return tasks


def _read(task: _Task) -> _Task:
    """The task with its documents' bytes, read now (not when planned: only submitted tasks hold them)."""
    docs = [
        ray_task.ship(Job(d.key, d.path, tuple(a for a, _ in d.attachments))) if d.data is None else d
        for d in task.docs
    ]
    task.docs = docs
    files = [(d.path, d.data) for d in docs] + [(str(a.path), b) for d in docs for a, b in d.attachments]
    task.ocr_kind = any(_ocr_kind(path, data) for path, data in files)
    return task


def _ocr_kind(path: str, data: bytes | None) -> bool:
    """Whether a file will be OCR'd, as far as can be told cheaply: an image, or a PDF without a font
    (a scan). Only the size of its task depends on it."""
    suffix = Path(path).suffix.lower()
    return suffix in IMAGE_SUFFIXES or (suffix == ".pdf" and data is not None and b"/Font" not in data)


def _again(docs: list[Shipped], alone: str | None = None) -> list[_Task]:
    """Documents to run again, as tasks to put at the front of the queue (the suspect alone)."""
    tasks = [_Task([d], False) for d in docs if d.key == alone]
    others = [d for d in docs if d.key != alone]
    if others:
        tasks.append(_Task(others, False))
    return list(reversed(tasks))  # extendleft reverses


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
