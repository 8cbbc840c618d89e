"""tongbao's pipeline: read a circular, extract it, load it into DuckDB.

`extract` and friends are imported on first use: they pull in the readers and extractors, which
commands such as `tongbao query` never need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.version import __version__

__all__ = ["__version__", "extract", "extract_source", "read"]

if TYPE_CHECKING:
    from pipeline.run import extract, extract_source, read


def __getattr__(name: str) -> Any:
    if name in ("extract", "extract_source", "read"):
        from pipeline import run

        return getattr(run, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
