"""Plain-text circulars (`.txt`): someone else's extraction, UTF-8 or GB18030.

Tab-separated lines are annex table rows; everything else is running text, one Line per line.
"""

from __future__ import annotations

from schemas import Cell, Line, Page, Table
from schemas.exceptions import BadInput

ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, name: str) -> str:
    """Bytes to text, trying UTF-8 then GB18030; binary data is refused rather than read as mojibake."""
    if not data.strip():
        raise BadInput(f"{name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise BadInput(f"{name}: binary data, not text (NUL bytes)")
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise BadInput(f"{name}: not UTF-8 or GB18030 text")


def _looks_like_text(text: str) -> bool:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= max(2, len(text) // 200)


def lines_to_blocks(lines: list[str], page_no: int = 1) -> list[Line | Table]:
    """Group consecutive tab-separated lines into tables; keep other non-blank lines as Lines."""
    blocks: list[Line | Table] = []
    rows: list[list[Cell]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if "\t" in line.strip(" \u3000") and len(line.split("\t")) >= 2:
            rows.append([Cell(text=c.strip(), page_no=page_no) for c in line.split("\t")])
            continue
        if rows:
            blocks.append(Table(rows=rows, page_no=page_no))
            rows = []
        if line.strip():
            blocks.append(Line(text=line.strip(), page_no=page_no))
    if rows:
        blocks.append(Table(rows=rows, page_no=page_no))
    return blocks


def read_text(data: bytes, name: str) -> list[Page]:
    text = decode(data, name)
    # A form feed is the one page break plain text can carry.
    pages = text.split("\f")
    return [Page(page_no=i, blocks=lines_to_blocks(p.splitlines(), i)) for i, p in enumerate(pages, 1)]
