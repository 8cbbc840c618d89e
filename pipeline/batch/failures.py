"""What failed before is not tried again: a document's failure is remembered with what it depends
on besides the bytes — the extraction code and data, and the budget — so a re-run of a folder of
bad files fails them again at once, with the same reason, instead of reading them again."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from pipeline import store
from pipeline.batch.paths import shown
from pipeline.batch.progress import Reporter
from pipeline.batch.results import FileResult, IngestSummary
from pipeline.store.bookkeeping import FailedFile
from schemas.budget import Budget


def attempt_of(budget: Budget) -> str:
    """What a failure depends on besides the bytes: the extraction code and data, and the budget."""
    digest = hashlib.sha256(budget.model_dump_json().encode()).hexdigest()[:12]
    return f"{store.EXTRACTION_VERSION}/{digest}"


def failure(first: FileResult, key: str, attempt: str) -> FailedFile:
    return FailedFile(sha256=key, attempt=attempt, error=first.error or "", failed_at=first.started_at)


def fail_again(
    con: store.Connection,
    summary: IngestSummary,
    reporter: Reporter,
    units: list[tuple[str, Sequence[Path]]],
    shas: dict[str, str],
    before: dict[str, str],
) -> None:
    """Documents that failed under the same extraction version and budget fail again, unread."""
    again = [
        FileResult(
            shown(path),
            "failed",
            shas.get(str(path)),
            error=f"{before[key]} (as before; --force tries again)",
        )
        for key, paths in units
        for path in paths
    ]
    store.log_rows(con, [r.log_row(summary.run_id) for r in again])
    for result in again:
        summary.results.append(result)
        reporter.file(result)
