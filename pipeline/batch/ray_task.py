"""What a Ray task does with the documents shipped to it, on whatever machine it runs.

The driver sends each document's bytes (its main file and its attachments': `Shipped`), so a worker
needs no shared file system and never sees the database. The task writes them under their own names
into a private temporary folder, runs the very function the local pool runs (`pipeline.batch.job.
extract_file`) within the document's budget, and puts the paths the driver knows back into what it
returns. It reports as it goes — a document began, how many pages it will read, that its worker is
past its memory, the result — as the items of a streaming generator, so the driver can hold each
document to its wall time from the moment it really began (not from when it was queued) and stop
the worker with `ray.cancel(force=True)`.

This module imports no Ray itself: the executor (`pipeline.batch.ray_executor`) wraps `extract_documents` as a
remote function.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import queue
import shutil
import stat
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.job import Extract, Extracted, Job, one_line
from pipeline.batch.watch import resident_mb
from schemas.budget import Budget, applied
from schemas.intermediate import Attachment

#: how often a task looks at its worker's memory while a document is read
WATCH_SECONDS = 0.2
#: a task that reported its worker over budget waits this long for the driver to stop it, then leaves
KILL_GRACE_SECONDS = 30.0
#: the private folders tasks write documents into, named with the worker's pid
_PREFIX = "tongbao-ray-"


@dataclass(frozen=True)
class Shipped:
    """A document as bytes: what a worker on any machine needs to read it. A file the driver could
    not read is shipped as None and is not written, so the reader fails on it as it would locally."""

    key: str
    path: str
    data: bytes | None
    attachments: tuple[tuple[Attachment, bytes | None], ...] = ()

    @property
    def size(self) -> int:
        return len(self.data or b"") + sum(len(d or b"") for _, d in self.attachments)


@dataclass(frozen=True)
class Began:
    key: str
    node: str


@dataclass(frozen=True)
class Pages:
    key: str
    pages: int


@dataclass(frozen=True)
class Over:
    """The worker holds more memory than the budget allows while reading `key`."""

    key: str
    reason: str


@dataclass(frozen=True)
class Done:
    key: str
    extracted: Extracted


Event = Began | Pages | Over | Done


def ship(job: Job) -> Shipped:
    """Read a job's files on the driver (opened without blocking, regular files only, as hashing
    does), to send them with the task."""
    return Shipped(
        job.key, job.path, _read(job.path), tuple((a, _read(str(a.path))) for a in job.attachments)
    )


def _read(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return f.read()


_warm = False


def warm() -> str:
    """Import and warm the pipeline up in this worker (the local pool's forkserver does it once for
    all its workers; every Ray worker does it for itself). Returns the node, for the driver's count."""
    global _warm
    if not _warm:
        from pipeline.batch.warmup import warm_up

        warm_up()
        _warm = True
    return _node()


def _node() -> str:
    try:
        import ray

        return str(ray.get_runtime_context().get_node_id())
    except Exception:  # not in a Ray worker (the tests of this module)
        return os.uname().nodename


def extract_documents(
    docs: Sequence[Shipped],
    ocr: str | None,
    budget: Budget,
    settings: dict[str, str],
    extract: Extract,
) -> Iterator[Event]:
    """Extract `docs` one after another, reporting each step (the body of the Ray task).

    `settings` are the driver's `TONGBAO_*` variables that must hold here too (the OCR cache's folder,
    the OCR engine's threads). Runs each document in a thread, so that this generator can report its
    pages and watch the worker's memory meanwhile.
    """
    os.environ.update(settings)
    node = warm()
    _remove_stale()
    for doc in docs:
        yield Began(doc.key, node)
        folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
        try:
            events: queue.SimpleQueue[Event] = queue.SimpleQueue()
            main, attachments = _written(doc, folder)
            threading.Thread(
                target=_extract_into,
                args=(events, doc.key, main, attachments, ocr, budget, extract),
                daemon=True,
                name="tongbao-extract",
            ).start()
            while True:
                try:
                    event = events.get(timeout=WATCH_SECONDS)
                except queue.Empty:
                    rss = resident_mb(os.getpid())
                    if rss is not None and rss > budget.memory_mb:
                        yield Over(doc.key, f"budget: {rss:,.0f} MB resident > {budget.memory_mb:,} MB")
                        _wait_to_be_stopped()
                    continue
                if isinstance(event, Done):
                    yield Done(doc.key, restored(event.extracted, folder, doc))
                    break
                yield event
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _extract_into(
    events: queue.SimpleQueue[Event],
    key: str,
    main: str,
    attachments: tuple[Attachment, ...],
    ocr: str | None,
    budget: Budget,
    extract: Extract,
) -> None:
    with applied(budget, on_pages=lambda n: events.put(Pages(key, n))):
        try:
            got = extract(main, ocr, attachments) if attachments else extract(main, ocr)
        except BaseException as e:  # `extract_file` turns errors into text; a fake may not
            got = Extracted(None, one_line(e), traceback.format_exc(), dt.datetime.now(), 0.0)
    events.put(Done(key, got))


def _wait_to_be_stopped() -> None:
    """The driver was told this worker is over budget and will cancel the task, killing the worker;
    should it not (it is gone), the worker leaves by itself."""
    time.sleep(KILL_GRACE_SECONDS)
    os._exit(1)


def _written(doc: Shipped, folder: Path) -> tuple[str, tuple[Attachment, ...]]:
    """The document's files written into `folder` under their own names (a group's files share one
    folder, so the names are distinct), and its attachments as they are there."""
    main = folder / Path(doc.path).name
    if doc.data is not None:
        main.write_bytes(doc.data)
    attachments = []
    for att, data in doc.attachments:
        here = folder / att.path.name
        if data is not None:
            here.write_bytes(data)
        attachments.append(att.model_copy(update={"path": here}))
    return str(main), tuple(attachments)


def restored(extracted: Extracted, folder: Path, doc: Shipped) -> Extracted:
    """What was read from `folder`, with the paths the driver knows: the document's own, its files',
    its pages' and annexes' source files; in error text and notes the folder's name."""
    names = {str(folder / Path(doc.path).name): doc.path}
    names |= {str(folder / a.path.name): str(a.path) for a, _ in doc.attachments}
    here, there = str(folder), str(Path(doc.path).parent)

    def text(s: str | None) -> str | None:
        return s.replace(here, there) if s else s

    circular = extracted.circular
    if circular is not None:
        circular = circular.model_copy(
            update={
                "source_path": names.get(circular.source_path, circular.source_path),
                "document_files": [
                    f.model_copy(update={"path": names.get(f.path, f.path)}) for f in circular.document_files
                ],
                "pages": [
                    p.model_copy(update={"source_file": names.get(p.source_file, p.source_file)})
                    if p.source_file
                    else p
                    for p in circular.pages
                ],
                "annexes": [
                    a.model_copy(update={"source_file": names.get(a.source_file, a.source_file)})
                    if a.source_file
                    else a
                    for a in circular.annexes
                ],
            }
        )
    return Extracted(
        circular,
        text(extracted.error),
        text(extracted.traceback),
        extracted.started_at,
        extracted.seconds,
        [n.replace(here, there) for n in extracted.notes],
    )


def _remove_stale() -> None:
    """Folders left by workers killed mid-document (over budget, or by Ray): their pid is gone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name.removeprefix(_PREFIX).split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
