"""How extraction worker processes start: a forkserver that has imported and warmed the pipeline once,
so every worker forked from it is ready for its first document.

This module is light (the standard library only) so that `tongbao ingest` can start the forkserver
before it imports anything heavy itself: the server's ~2 s of imports and warm-up then run on the
other core while this process imports DuckDB, opens the database and hashes the files.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Sequence
from multiprocessing.context import BaseContext
from pathlib import Path

#: what the forkserver imports once; `pipeline.batch.forkserver_preload` also runs a tiny circular through
#: every stage (spaCy's pipeline, the gazetteer, OpenCC, the taxonomy), so workers inherit those built
PRELOAD = [
    "pipeline.run",
    "pipeline.batch.pool",
    "spacy",
    "spacy.lang.zh",
    "spacy.matcher",
    "pipeline.batch.forkserver_preload",
]


def context() -> BaseContext:
    """forkserver: workers must not inherit this process's DuckDB threads and locks through fork.
    Where there is no forkserver (Windows), spawn, and each worker warms itself up."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def prestart(workers: int | None, documents: int) -> None:
    """Start the forkserver now if a pool of more than one worker will be needed."""
    if min(workers or os.cpu_count() or 1, documents) > 1 and context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def likely_documents(paths: Sequence[str | Path]) -> int:
    """A guess made before anything is hashed: one for a single file, many for anything else."""
    return 1 if len(paths) == 1 and Path(paths[0]).is_file() else 2
