"""One document's work, wherever it runs: what an executor is given (`Job`), the function a worker runs
on it (`extract_file`), and what comes back (`Extracted`).

Both executors — the local process pool (`pipeline.batch.pool`) and Ray (`pipeline.batch.ray_executor`)
— run exactly this function on exactly these jobs, so what they load is the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pydantic

from schemas import Circular
from schemas.budget import current as current_budget
from schemas.intermediate import Attachment


@dataclass(frozen=True)
class Job:
    """One document to extract: its identity (`key`, the hash of all its files' bytes), its main file,
    and the attachments read with it."""

    key: str
    path: str
    attachments: tuple[Attachment, ...] = ()


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
            error = one_line(e)
            if "budget: " not in error:
                error += current_budget().note()
            return Extracted(None, error, traceback.format_exc(), started, time.perf_counter() - t0, notes)


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
