"""The one interface for extracting a batch of documents, whatever runs them: the local process pool
(`LocalPool`, `pipeline.batch.pool`) or a Ray cluster (`pipeline.batch.ray_executor.RayExecutor`).

`pipeline.batch.ingest` hands an executor its jobs and loads the batches of results it yields; which
executor it is is chosen at the edge (`tongbao ingest --ray`). Both run the same function on the
same jobs (`pipeline.batch.job`), hold each document to the same `Budget` — wall time and memory
by killing its worker, the rest by the readers — and never yield part of a document.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.batch import workers as workers_mod
from pipeline.batch.job import Batch, Extract, Job, extract_file
from pipeline.batch.pool import extract_all
from schemas.budget import Budget


class Executor(Protocol):
    def prepare(self, documents: int) -> None:
        """A hint, as early as possible, that about `documents` documents will be extracted: start
        what takes long to start (worker processes, a cluster connection) while the files are hashed."""

    def run(self, jobs: Sequence[Job], ocr: str | None, budget: Budget) -> Iterator[Batch]:
        """Every job's result exactly once, in batches as they complete (a batch is loaded in one
        transaction)."""
        ...

    def where(self) -> str:
        """Where the documents were extracted, for the summary line: `2 worker processes`,
        `Ray: 3 nodes, 24 CPUs`."""
        ...


@dataclass
class LocalPool:
    """Worker processes on this machine (`pipeline.batch.pool`); one worker runs in this process."""

    workers: int | None = None
    extract: Extract = extract_file
    _used: int = 0

    def prepare(self, documents: int) -> None:
        workers_mod.prestart(self.workers, documents)

    def run(self, jobs: Sequence[Job], ocr: str | None, budget: Budget) -> Iterator[Batch]:
        self._used = max(1, min(self.workers or os.cpu_count() or 1, len(jobs)))
        todo = {job.key: [job.path] for job in jobs}
        attachments = {job.key: job.attachments for job in jobs if job.attachments}
        return extract_all(todo, self.workers, ocr, self.extract, attachments, budget)

    def where(self) -> str:
        if not self._used:
            return ""
        return "this process" if self._used == 1 else f"{self._used} worker processes"
