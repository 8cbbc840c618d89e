"""Plain-text circulars (`.txt`): someone else's extraction, UTF-8 or GB18030 (Big5 and UTF-16 too).

Tab-separated lines are annex table rows; everything else is running text, one Line per line. Text
laid out like the printed page (lines broken at a measure, tables in columns of spaces) is read
with its layout: see `ocr.readers.text_layout`.
"""

from __future__ import annotations

from normalizers import vocabulary as V
from ocr.readers.text_layout import BLANK_LINE_GAP, LINE_HEIGHT, line_box, measure_of, table_at
from schemas import Cell, Line, Page, Table
from schemas.exceptions import BadInput

#: what circulars are saved in; anything else is read, with a warning (see `ocr.readers.read`)
EXPECTED_ENCODINGS = ("utf-8", "gb18030")
_SNIFF = 4096


def decode(data: bytes, name: str) -> str:
    """Bytes to text (see `decode_as`); binary data is refused rather than read as mojibake."""
    return decode_as(data, name)[0]


def decode_as(data: bytes, name: str) -> tuple[str, str]:
    """Bytes to text and the encoding it was read with.

    UTF-8 is taken when it decodes (it almost never does by accident). Otherwise GB18030 and Big5
    both often decode — GB18030 accepts most byte pairs — so the one whose characters are commonly
    used ones wins. NUL bytes mean binary data, unless the file reads as Chinese in UTF-16.
    """
    if not data.strip():
        raise BadInput(f"{name}: the file is empty")
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom) and (text := _strict(data[2:], enc)) is not None and _looks_like_text(text):
            return text, enc
    if b"\x00" in data[:_SNIFF]:
        utf16 = [(t, enc) for enc in ("utf-16-le", "utf-16-be") if (t := _strict(data, enc)) is not None]
        best = max(utf16, key=lambda te: _chinese_share(te[0]), default=None)
        if best and _chinese_share(best[0]) >= 0.9 and _looks_like_text(best[0]):
            return best
        raise BadInput(f"{name}: binary data, not text (NUL bytes)")
    text = _strict(data, "utf-8-sig")
    if text is not None and _looks_like_text(text):
        return text, "utf-8"
    found = [
        (t, enc)
        for enc in ("gb18030", "big5")
        if (t := _strict(data, enc)) is not None and _looks_like_text(t)
    ]
    if found:
        return max(found, key=lambda te: _common_share(te[0], te[1]))  # ties keep GB18030
    raise BadInput(f"{name}: not UTF-8 or GB18030 text (nor Big5 or UTF-16)")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _chinese_share(text: str) -> float:
    """Share of characters a Chinese text is made of: Han, ASCII, CJK and full-width punctuation.

    UTF-16 decodes almost any bytes; binary read as UTF-16 is a spread over the whole code space.
    """
    head = text[:_SNIFF]
    if not head:
        return 0.0
    ok = sum(
        1
        for ch in head
        if ch.isascii()
        or V.HAN_BASIC[0] <= ch <= V.HAN_BASIC[1]
        or V.CJK_PUNCT_BLOCK[0] <= ch <= V.CJK_PUNCT_BLOCK[1]
        or V.FULLWIDTH_BLOCK[0] <= ch <= V.FULLWIDTH_BLOCK[1]
    )
    return ok / len(head)


def _common_share(text: str, encoding: str) -> float:
    """Share of the Han characters that are in the encoding's level-1 (frequent) set.

    Right-encoding text is nearly all level 1; text read with the wrong one is a random spread over
    the code space, much of it rare characters.
    """
    han = [ch for ch in text[:_SNIFF] if V.HAN_BASIC[0] <= ch <= V.HAN_BASIC[1]]
    if not han:
        return 0.0
    level1 = _GB2312_LEVEL1 if encoding == "gb18030" else _BIG5_LEVEL1
    return sum(_in_range(ch, *level1) for ch in han) / len(han)


_GB2312_LEVEL1 = ("gb2312", 0xB0, 0xD7)  # 3 755 common simplified characters
_BIG5_LEVEL1 = ("big5", 0xA4, 0xC6)  # 5 401 common traditional characters


def _in_range(ch: str, encoding: str, lo: int, hi: int) -> bool:
    try:
        return lo <= ch.encode(encoding)[0] <= hi
    except UnicodeEncodeError:
        return False


def _looks_like_text(text: str) -> bool:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= max(2, len(text) // 200)


def lines_to_blocks(lines: list[str], page_no: int = 1, measure: int | None = None) -> list[Line | Table]:
    """Group consecutive tab-separated lines into tables; keep other non-blank lines as Lines.

    With a `measure` (the text is laid out like the printed page) lines get boxes in character
    cells, and a table set in columns of spaces under a 序号 header is read into cells.
    """
    blocks: list[Line | Table] = []
    rows: list[list[Cell]] = []
    top = 0.0
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        i += 1
        if "\t" in line.strip(" \u3000") and len(line.split("\t")) >= 2:
            rows.append([Cell(text=c.strip(), page_no=page_no) for c in line.split("\t")])
            continue
        if rows:
            blocks.append(Table(rows=rows, page_no=page_no))
            rows = []
        if measure is not None and (found := table_at(lines, i - 1, page_no)):
            blocks.append(found[0])
            i = found[1]
            continue
        if not line.strip():
            top += BLANK_LINE_GAP
            continue
        box = line_box(line, top, measure) if measure is not None else None
        blocks.append(Line(text=line.strip(), page_no=page_no, bbox=box))
        top += LINE_HEIGHT
    if rows:
        blocks.append(Table(rows=rows, page_no=page_no))
    return blocks


def read_text(data: bytes, name: str) -> list[Page]:
    return text_pages(decode(data, name))


def text_pages(text: str) -> list[Page]:
    # A form feed is the one page break plain text can carry.
    pages = text.split("\f")
    measure = measure_of(text.splitlines())
    return [
        Page(page_no=i, blocks=lines_to_blocks(p.splitlines(), i, measure)) for i, p in enumerate(pages, 1)
    ]
