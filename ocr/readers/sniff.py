"""What a file is, from its first bytes rather than its name.

Archives are full of files whose suffix lies: a GIF or a WebP saved as `.png`, a BMP as `.jpg`, a
PDF as `.html`, a web page as `.txt`. Each is read as what it is (with a doubt saying what it was
named), or refused at once — never handed to a reader that will spend minutes failing on it.
"""

from __future__ import annotations

from typing import Literal

Family = Literal["pdf", "image", "html", "text", "office"]

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
    (b"BM", 0, "BMP"),
    (b"WEBP", 8, "WEBP"),
)
_SUFFIX_FORMAT = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".bmp": "BMP",
    ".webp": "WEBP",
    ".gif": "GIF",
    ".pdf": "PDF",
}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")


def image_format(data: bytes) -> str | None:
    """PNG, JPEG, GIF, TIFF, BMP or WEBP from the signature, else None."""
    for magic, at, name in _MAGIC:
        if data[at : at + len(magic)] == magic and (name != "WEBP" or data[:4] == b"RIFF"):
            return name
    return None


def sniff(data: bytes, suffix: str, default: Family) -> tuple[Family, str | None, str | None]:
    """(family to read it as, its real format, the format its suffix claims) from the bytes.

    `default` is the family its suffix names; text is text unless it plainly starts as a web page.
    The two formats differ only when the name lies.
    """
    claimed = _SUFFIX_FORMAT.get(suffix)
    if data[:1024].lstrip()[:5].startswith(b"%PDF"):
        return "pdf", "PDF", claimed
    if (fmt := image_format(data)) is not None:
        return "image", fmt, claimed
    if default == "text":
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(_HTML_STARTS) and b"<html" in data[:4096].lower():
            return "html", "HTML", "text"
    return default, claimed, claimed
