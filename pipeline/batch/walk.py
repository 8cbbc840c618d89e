"""The files to ingest, found in the file system as it is, without ever blocking or leaving the folder.

A folder an analyst collected holds more than files: symlinks (to a file beside them, out of the
folder, to `/dev/zero`, to themselves), named pipes whose `open` never returns, sockets, unreadable
files, folders named `x.pdf`. Nothing here opens anything but folders, and nothing follows a link
before its target is known: a symlink is followed only when it leads to a regular file or a folder
inside a folder given on the command line, and a loop is seen by the folders' identities. Each
entry that will not be read — by name one of the accepted suffixes — is one `Refused` with the
reason; hidden files and other suffixes are passed over in silence, as always.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from schemas.exceptions import UsageError

#: what the readers read (`ocr.readers.SUPPORTED` but `.text`): a folder's other files are passed over
ACCEPTED_SUFFIXES = frozenset(
    {
        ".txt",
        ".html",
        ".htm",
        ".shtml",
        ".xhtml",
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".tif",
        ".tiff",
        ".bmp",
        ".webp",
    }
    | {".docx", ".doc", ".wps", ".xlsx", ".xls", ".ods", ".et", ".ofd"}
)
_DB_SUFFIXES = (".duckdb", ".duckdb.wal", ".duckdb.tmp")
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe), not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
    (stat.S_ISCHR, "a character device, not a file"),
    (stat.S_ISBLK, "a block device, not a file"),
)


@dataclass(frozen=True)
class Refused:
    path: Path
    reason: str


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def _wanted(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in ACCEPTED_SUFFIXES


def _what(mode: int) -> str | None:
    return next((why for test, why in _KINDS if test(mode)), None)


def _inside(target: Path, roots: Iterable[Path]) -> bool:
    return any(target == root or target.is_relative_to(root) for root in roots)


def find(paths: Iterable[str | Path], db: str | Path | None = None) -> Found:
    """Files to ingest under `paths` (files as given, folders walked), and the entries refused.

    Each file is listed once (by its real path); our own database files are skipped.
    """
    given = [Path(p) for p in paths]
    for p in given:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or directory")
    roots = [p.resolve() for p in given if p.is_dir()]
    skip = {Path(db).resolve()} if db else set()
    found = Found()
    seen: set[Path] = set()
    for path in given:
        entries = _walk(path, roots) if path.is_dir() else [_entry(path, roots, explicit=True)]
        for entry in entries:
            if isinstance(entry, Refused):
                found.refused.append(entry)
                continue
            key = entry.resolve()
            if key in seen or key in skip or entry.name.lower().endswith(_DB_SUFFIXES):
                continue
            seen.add(key)
            found.files.append(entry)
    return found


def _entry(path: Path, roots: list[Path], explicit: bool = False) -> Path | Refused:
    """A file named on the command line (`explicit`: it may lie anywhere) or met in a folder."""
    try:
        st = os.stat(path)  # follows links: stat never blocks, even on a FIFO or a device
    except OSError as exc:
        return Refused(path, _stat_error(path, exc))
    if (why := _what(st.st_mode)) is not None:
        target = f" (a symlink to {os.readlink(path)})" if path.is_symlink() else ""
        return Refused(path, f"{why}{target}; not read")
    if stat.S_ISDIR(st.st_mode):
        return Refused(path, "a folder named like a file; walked as a folder")
    if not explicit and path.is_symlink() and not _inside(path.resolve(), roots):
        return Refused(path, f"a symlink out of the input folder (to {os.readlink(path)}); not followed")
    return path  # one that cannot be read fails when it is hashed, with the system's reason


def _stat_error(path: Path, exc: OSError) -> str:
    if path.is_symlink():
        if exc.errno == 40:  # ELOOP
            return f"a symlink loop (to {os.readlink(path)}); not followed"
        return f"a dangling symlink: its target {os.readlink(path)} does not exist"
    return f"cannot read: {exc.strerror}"


def _walk(top: Path, roots: list[Path]) -> Iterator[Path | Refused]:
    """Entries under `top` in name order, each folder visited once (by device and inode)."""
    visited: set[tuple[int, int]] = set()
    todo = [top]
    while todo:
        folder = todo.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in visited:
                yield Refused(folder, _again(folder))
                continue
            visited.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Refused(folder, f"cannot list the folder: {exc.strerror}")
            continue
        subfolders = []
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            if e.is_file(follow_symlinks=False):  # the common case, known from the listing alone
                if _wanted(e.name):
                    yield path
                continue
            sub = _subfolder(path, roots)
            if sub is True:
                subfolders.append(path)
                if _wanted(e.name):
                    yield Refused(path, "a folder named like a file; walked as a folder")
            elif isinstance(sub, Refused):
                yield sub
            elif _wanted(e.name):
                yield _entry(path, roots)
        todo.extend(reversed(subfolders))


def _again(folder: Path) -> str:
    target = folder.resolve()
    if folder.parent.resolve().is_relative_to(target):
        return f"a symlink loop (to {os.readlink(folder)}, a folder it is in); not followed"
    return f"a symlink to a folder walked already ({os.readlink(folder)}); not followed"


def _subfolder(path: Path, roots: list[Path]) -> bool | Refused:
    """True for a folder to walk, a `Refused` for a link to a folder that must not be, else False."""
    if not path.is_symlink():
        return path.is_dir()
    try:
        st = os.stat(path)
    except OSError:
        return False  # a dangling link or a loop: `_entry` says so if the name is one we read
    if not stat.S_ISDIR(st.st_mode):
        return False
    if not _inside(path.resolve(), roots):
        return Refused(path, f"a symlink out of the input folder (to {os.readlink(path)}); not followed")
    return True
