"""The budget's wall time and memory, enforced from outside the worker: the only way to stop a
document stuck in C code (a PDF renderer, an HTML parser, an OCR model) that no Python check reaches.

The executor tells the `Watcher` when a worker begins a document and, once the reader knows it, how
many pages the document will be read for; `over()` then names each document past its wall time
(`Budget.wall_seconds`) or whose worker holds more resident memory than `Budget.memory_mb`. The
executor kills those workers, fails those documents with the reason, and starts fresh workers for
the rest. With one worker extraction runs in the ingest's own process, where nothing can be killed:
there the wall time is checked between pages (`schemas.budget.Spend.tick`) and memory is bounded
by the readers' checks alone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass

from schemas.budget import Budget

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_mb(pid: int) -> float | None:
    """Resident memory of a process in MB, or None where /proc cannot tell (not Linux, gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class _Doc:
    pid: int | None  # None: the worker is on another machine, and watches its own memory
    started: float
    pages: int | None = None


class Watcher:
    """Documents in flight in worker processes, and which of them are over budget."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.docs: dict[str, _Doc] = {}

    def began(self, key: str, pid: int | None) -> None:
        self.docs[key] = _Doc(pid, time.monotonic())

    def pages(self, key: str, pages: int) -> None:
        if key in self.docs:
            self.docs[key].pages = pages

    def done(self, key: str) -> None:
        self.docs.pop(key, None)

    def over(self) -> dict[str, tuple[int | None, str]]:
        """Documents over budget now: key → (the worker's pid, the reason, `budget: …`)."""
        out: dict[str, tuple[int | None, str]] = {}
        now = time.monotonic()
        for key, doc in self.docs.items():
            allowed = self.budget.wall_seconds(doc.pages)
            if now - doc.started > allowed:
                pages = f", {doc.pages} pages" if doc.pages else ""
                out[key] = (doc.pid, f"budget: {now - doc.started:.0f} s > {allowed:.0f} s{pages}")
                continue
            rss = None if doc.pid is None else resident_mb(doc.pid)
            if rss is not None and rss > self.budget.memory_mb:
                out[key] = (doc.pid, f"budget: {rss:,.0f} MB resident > {self.budget.memory_mb:,} MB")
        return out


def kill(pid: int | None) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)
