"""tongbao's pipeline: read a circular, extract it, load it into DuckDB."""

from pipeline.run import extract, extract_source, read

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "extract_source", "read"]
