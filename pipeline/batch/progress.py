"""What a person sees during an ingest: a progress bar on a terminal, plain lines in a log.

The bar counts documents to extract (files skipped as unchanged are reported once, before it starts,
so they cannot inflate the rate and make the ETA a lie) and the pages read so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

if TYPE_CHECKING:
    from pipeline.batch.results import FileResult


class RateColumn(ProgressColumn):
    """Documents per second and pages per minute (rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("– doc/s, – pages/min", style="progress.data.speed")
        pages = int(task.fields.get("pages", 0))
        return Text(
            f"{task.completed / elapsed:.1f} doc/s, {pages * 60 / elapsed:.0f} pages/min",
            style="progress.data.speed",
        )


class Reporter:
    """Reports each file as it finishes. Failures always get a line on stderr; the rest only with
    `progress`: as a bar when stderr is a terminal, as one line per document otherwise."""

    def __init__(self, progress: bool = True, verbose: bool = False, console: Console | None = None) -> None:
        self.progress, self.verbose = progress, verbose
        self.console = console or Console(stderr=True, highlight=False)
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.total = self.done = self.pages = 0

    def __enter__(self) -> Reporter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.bar:
            self.bar.stop()
            self.bar = None

    def _print(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)  # above the bar, if one

    def unchanged(self, count: int) -> None:
        """Files skipped because their bytes are loaded already: one line, not one per file."""
        if count and self.progress:
            self._print(f"{count} file(s) unchanged since they were loaded")

    def start(self, total: int, where: str = "") -> None:
        """Documents to extract from here on, and where (`Ray: 3 nodes, 24 CPUs`, if known yet); the
        bar appears now (on a terminal, if there is work)."""
        self.total = total
        if self.progress and total and where:
            self._print(f"extracting {total} document(s) on {where}")
        if self.progress and total and self.console.is_terminal:
            self.bar = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("docs · {task.fields[pages]} pages"),
                RateColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.task = self.bar.add_task("ingest", total=total, pages=0)
            self.bar.start()

    def file(self, result: FileResult) -> None:
        """One file's outcome; a failure is one line naming the file and the reason."""
        if result.status == "failed":
            self._print(f"failed: {result.path}: {result.error}")
            if self.verbose and result.traceback:
                self._print(result.traceback.rstrip())
        elif self.progress and not self.bar:
            pages = f", {result.pages} page(s)" if result.status == "loaded" else ""
            self._print(
                f"[{self.done}/{self.total}] {result.status}: {result.path} ({result.seconds:.1f} s{pages})"
            )
        if self.verbose:
            for note in result.notes:
                self._print(f"note: {result.path}: {note}")

    def document(self, results: Sequence[FileResult]) -> None:
        """A document done: its file (and byte-identical copies) reported, the bar advanced."""
        self.done += 1
        self.pages += sum(r.pages for r in results)
        for result in results:
            self.file(result)
        if self.bar and self.task is not None:
            self.bar.update(self.task, advance=1, pages=self.pages)

    def finish(self, summary: str) -> None:
        """The closing summary line: loaded / unchanged / failed, pages, OCR pages, seconds."""
        self._stop()
        if self.progress:
            self._print(summary)
