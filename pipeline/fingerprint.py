"""The extraction version: a fingerprint of the code and reference data that extraction depends on.

`pipeline.__version__` changes when someone remembers to bump it; this changes by itself whenever a
file that could change an extraction changes (the readers, the normalizers and their reference data,
the extractors, the models), so a re-run re-extracts exactly the files whose result could differ —
and reuses the OCR page cache, which keys on the engine and the page's pixels, not on this.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.util import find_spec
from pathlib import Path

#: what extraction is made of: whole packages, and single modules of `pipeline`
PACKAGES = ("schemas", "normalizers", "ocr", "pipeline.extraction")
MODULES = (("pipeline", "run.py"),)
SUFFIXES = (".py", ".csv", ".json", ".txt", ".toml", ".tsv")


def _folder(package: str) -> Path:
    """Where a package's files are, found without importing it (the batch driver never needs them)."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


def _files(package: str) -> list[tuple[str, Path]]:
    root = _folder(package)
    return [
        (f"{package}/{p.relative_to(root).as_posix()}", p)
        for p in root.rglob("*")
        if p.suffix in SUFFIXES and "__pycache__" not in p.parts and p.is_file()
    ]


@functools.cache
def extraction_version() -> str:
    """12 hex digits; the same on every machine that has the same code and data."""
    h = hashlib.sha256()
    files = [f for pkg in PACKAGES for f in _files(pkg)]
    files += [(f"{pkg}/{name}", _folder(pkg) / name) for pkg, name in MODULES]
    for name, item in sorted(files, key=lambda f: f[0]):
        h.update(name.encode())
        h.update(b"\0")
        h.update(item.read_bytes())
    return h.hexdigest()[:12]
