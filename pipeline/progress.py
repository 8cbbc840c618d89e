"""What a person sees during an ingest: a progress bar on a terminal, plain lines in a log."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

if TYPE_CHECKING:
    from pipeline.ingest import FileResult


class RateColumn(ProgressColumn):
    """Documents per second (rich's speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} doc/s" if speed else "– doc/s", style="progress.data.speed")


class Reporter:
    """Reports each file as it finishes. Failures always get a line on stderr; the rest only with
    `progress`, as a bar when stderr is a terminal and as one line per file otherwise."""

    def __init__(self, total: int, progress: bool = True, verbose: bool = False,
                 console: Console | None = None) -> None:
        self.total, self.progress, self.verbose, self.done = total, progress, verbose, 0
        self.console = console or Console(stderr=True, highlight=False)
        self.bar: Progress | None = None
        if progress and self.console.is_terminal:
            self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                console=self.console, transient=True)
            self.task = self.bar.add_task("ingest", total=total)

    def __enter__(self) -> Reporter:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.bar:
            self.bar.stop()

    def _print(self, text: str) -> None:
        if self.bar:
            self.bar.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=sys.stderr, flush=True)

    def advance(self, result: FileResult) -> None:
        self.done += 1
        if result.status == "failed":
            self._print(f"failed: {result.path}: {result.error}")
            if self.verbose and result.traceback:
                self._print(result.traceback.rstrip())
        elif self.progress and not self.bar:
            self._print(f"[{self.done}/{self.total}] {result.status}: {result.path} ({result.seconds:.1f} s)")
        if self.bar:
            self.bar.advance(self.task)

    def finish(self, summary: str) -> None:
        """The closing summary line: loaded / unchanged / failed, pages, seconds."""
        if self.bar:
            self.bar.stop()
            self.bar = None
        if self.progress:
            self._print(summary)
