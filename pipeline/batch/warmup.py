"""Warm every extraction stage up on a tiny circular written here: spaCy's pipeline, the gazetteer,
OpenCC's dictionaries and the taxonomy are built on first use, and a worker that does that before its
first real document reports honest per-document times.

The forkserver does this once (`pipeline.batch.forkserver_preload`), so workers forked from it start warm
and share that memory; a worker spawned instead (where there is no forkserver) calls `warm_up` itself.
"""

from __future__ import annotations

from pathlib import Path

_CIRCULAR = (
    "国务院办公厅关于政府网站抽查情况的通报\n国办函〔2019〕1号\n各省、自治区、直辖市人民政府：\n"
    "一、总体情况\n抽查北京市人民政府网站等100个网站，合格率为92%。\n国务院办公厅\n2019年1月2日\n"
)


def warm_up() -> None:
    """Extract the tiny circular; never raises (a warm-up is an optimisation: real documents report
    real errors, and an exception here would take the forkserver down)."""
    try:
        from ocr.readers import read
        from pipeline import run

        run.extract_source(read(Path("warm-up.txt"), data=_CIRCULAR.encode()))
    except Exception:
        pass
