"""Imported by the extraction workers' forkserver, and only there (`pipeline.batch.workers.PRELOAD`).

It warms the pipeline up once, before any worker is forked, and makes the server leave without
tearing its interpreter down: the server holds the ingest's stderr open, so a pipe such as
`tongbao ingest … 2>&1 | tee log` would otherwise wait the ~0.5 s it takes to free spaCy's
vocabulary object by object after the ingest has finished. Nothing in the server needs a clean exit.
"""

from __future__ import annotations

import atexit
import os

from pipeline.batch.warmup import warm_up

warm_up()
atexit.register(os._exit, 0)  # runs first at exit; workers forked from here leave by os._exit anyway
