"""Zip containers (.docx, .xlsx, .ods, .ofd): opened only after their directory says they are safe.

A broken zip is the file's fault and gets one line naming it; a zip whose members would inflate to
more than a budget (a zip bomb, or a sheet of a million rows) is refused before anything is
decompressed, from the sizes the directory declares — and while reading, `read_member` stops at
the declared size, so a member lying about its size cannot inflate further.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from schemas.exceptions import BadInput

#: what all members of one office file may inflate to; real circulars and annexes are a few MB
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_MEMBERS = 10_000


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The archive of a `kind` file (`.docx`, …); raises `BadInput` if it is no complete zip or too big."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        truncated = data[:4] == b"PK\x03\x04"
        what = "truncated or corrupt" if truncated else "not a"
        raise BadInput(f"{name}: {what} {kind} file (no complete zip archive: {exc})") from exc
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BadInput(f"{name}: {len(infos):,} parts in the {kind} archive, too many to read safely")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES or any(i.file_size > MAX_MEMBER_BYTES for i in infos):
        raise BadInput(
            f"{name}: the {kind} archive inflates to {total / 2**20:,.0f} MB, "
            "too large to read safely (a possible zip bomb)"
        )
    return archive


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, name: str) -> bytes:
    """One member's bytes, never more than its declared size; a damaged member is `BadInput`."""
    info = archive.getinfo(member) if isinstance(member, str) else member
    try:
        with archive.open(info) as f:
            data = f.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise BadInput(f"{name}: damaged part {info.filename} ({type(exc).__name__}: {exc})") from exc
    if len(data) > info.file_size:
        raise BadInput(f"{name}: part {info.filename} is larger than the archive declares (a zip bomb?)")
    return data
