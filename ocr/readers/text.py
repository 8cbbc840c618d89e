"""Plain-text circulars (`.txt`): someone else's extraction, UTF-8 or GB18030 (Big5 and UTF-16 too).

Tab-separated lines are annex table rows; everything else is running text, one Line per line. Text
laid out like the printed page (lines broken at a measure, tables in columns of spaces) is read
with its layout: see `ocr.readers.text_layout`.
"""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from ocr.readers.text_layout import BLANK_LINE_GAP, LINE_HEIGHT, line_box, measure_of, table_at
from ocr.readers.word_tables import table_lines, tables_from_lines
from schemas import Cell, Doubt, Line, Page, Table, budget, doubts
from schemas.exceptions import BadInput, BudgetExceeded

#: what circulars are saved in; anything else is read, with a warning (see `ocr.readers.read`)
EXPECTED_ENCODINGS = ("utf-8", "gb18030")
_SNIFF = 4096


def decode(data: bytes, name: str) -> str:
    """Bytes to text (see `decode_as`); binary data is refused rather than read as mojibake."""
    return decode_as(data, name)[0]


def decode_text(data: bytes, name: str, raw_limit: bool = True) -> tuple[str, str, list[Doubt]]:
    """Bytes to text, the encoding it was read with, and the doubts about it, within the budget.

    A text that is UTF-8 but for a few bytes — a broken byte, an encoded surrogate, NULs, lines
    pasted in GBK — is read, not refused: NUL bytes are removed, each line is decoded with the
    encoding it is in, bytes no encoding reads become U+FFFD, and a doubt says where. Past the
    character budget the text is refused (a web page, `raw_limit=False`, is counted by its caller
    once its scripts are out).
    """
    spend = budget.current()
    # no encoding packs more than 4 bytes a character
    if raw_limit and len(data) > 4 * spend.budget.characters:
        raise BudgetExceeded(
            f"budget: {len(data):,} bytes of text, over {spend.budget.characters:,} characters"
        )
    found: list[Doubt] = []
    nuls = data.count(b"\x00")
    kept = data
    if 0 < nuls <= len(data) // 20 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # a few NULs in a UTF-8 text (a broken editor, a bad copy): removed if the rest is UTF-8;
        # UTF-16 (NULs beside ASCII) does not decode as UTF-8 once they are out, and is read as before
        stripped = data.replace(b"\x00", b"")
        if _strict(stripped, "utf-8-sig") is not None or _by_line(stripped) is not None:
            kept = stripped
    try:
        text, encoding = decode_as(kept, name)
    except BadInput:
        mixed = _by_line(kept)
        if mixed is None:
            decode_as(data, name)  # the reason the bytes as they are give (binary, not text)
            raise
        text, encoding, more = mixed
        found += more
    if kept is not data:
        found.insert(0, doubts.nul_removed(nuls))
    if raw_limit:
        spend.characters(len(text))
    return text, encoding, found


def _by_line(data: bytes) -> tuple[str, str, list[Doubt]] | None:
    """A text mostly in UTF-8, decoded line by line (UTF-8, else GB18030, else UTF-8 with U+FFFD);
    None when too little of it is UTF-8, or too much is unreadable, to be a text at all."""
    lines = data.split(b"\n")
    out, gb, replaced = [], [], []
    utf8 = 0
    for no, raw in enumerate(lines, 1):
        if (line := _strict(raw, "utf-8")) is not None:
            utf8 += not raw.isascii()
        elif (line := _strict(raw, "gb18030")) is not None and _common_share(line, "gb18030") >= 0.5:
            gb.append(no)
        else:
            line = raw.decode("utf-8", errors="replace")
            replaced.append((no, line.count("\ufffd")))
        out.append(line)
    bad = sum(n for _, n in replaced)
    if utf8 < 2 or bad > max(8, len(data) // 2000):
        return None
    text = "\n".join(out)
    if not _looks_like_text(text):
        return None
    found = []
    if gb:
        found.append(doubts.encoding_mixed(len(gb), "GB18030", _where(gb)))
    if replaced:
        found.append(doubts.bytes_replaced(bad, _where([no for no, _ in replaced])))
    return text.removeprefix("\ufeff"), "utf-8", found


def _where(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:5])) + (", …" if len(lines) > 5 else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


def decode_as(data: bytes, name: str) -> tuple[str, str]:
    """Bytes to text and the encoding it was read with (strictly: one encoding for the whole).

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
        if rows and _wraps_last_cell(line, lines[i:]):  # a long last cell the copy wrapped
            last = rows[-1][-1]
            rows[-1][-1] = last.model_copy(update={"text": last.text + line.strip()})
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
    return [_even(b) if isinstance(b, Table) else b for b in blocks]


#: what else parts cells when a copy turned some of a row's tabs into spaces
_LOOSE_GAP = re.compile(r"\t| {2,}|\u3000+")


def _even(table: Table) -> Table:
    """A tab table some of whose rows lost a tab to spaces (`湄潭县茶产业发展中心    5203280021`):
    a row with fewer cells than the header is parted at its runs of spaces too, when that gives
    the header's count."""
    width = len(table.rows[0])
    rows = []
    for row in table.rows:
        if len(row) < width:
            cells = _LOOSE_GAP.split("\t".join(c.text for c in row).strip())
            if len(cells) == width:
                row = [Cell(text=c.strip(), page_no=row[0].page_no) for c in cells]
        rows.append(row)
    return table.model_copy(update={"rows": rows})


_PAGE_NUMBER = re.compile(V.PAGE_NUMBER_PATTERN)
#: the wrapped end of a cell that starts with a count (`…错误链接` / `13个`)
_COUNT_END = re.compile(r"^\d+(?:\.\d+)?[个条项处次分篇]")
_NOT_A_WRAP = re.compile(
    rf"^(?:[（(【\[〔]|{V.ANNEX_WORD}|[{V.CN_DIGITS}]{{1,3}}、|注[:：]|抄送|"
    + "|".join(r"\s*".join(word) for word in V.TOTAL_ROW_WORDS)
    + ")"
)
#: the longest wrapped end of a tab table's last cell
_WRAP_MAX = 30


def _wraps_last_cell(line: str, rest: list[str]) -> bool:
    """A line without tabs between two rows of a tab table: the rest of the row's last cell, wrapped
    by the copy (`…“政策解读”` / `栏目超过6个月未更新`)."""
    text = line.strip()
    if (
        not text
        or len(text) > _WRAP_MAX
        or "。" in text
        or text.startswith("序号")
        or _PAGE_NUMBER.match(text)
    ):
        return False
    if text[0].isdigit() and not _COUNT_END.match(text):
        return False  # a row that lost its tabs, not the end of a cell (`13个` is one)
    if _NOT_A_WRAP.match(text):
        return False  # a caption (`（二）市直部门`), an annex heading, a widget: a line of its own
    nxt = next((ln for ln in rest if ln.strip()), "").strip(" \u3000")
    # only between two rows: after the last one a short line may as well be the page's furniture
    return "\t" in nxt and nxt.split("\t")[0].strip().rstrip(".、").isdigit()


def read_text(data: bytes, name: str) -> list[Page]:
    return text_pages(decode_text(data, name)[0])


def text_pages(text: str, found: list[Doubt] | None = None) -> list[Page]:
    """The text's pages, at a form feed (the one page break plain text can carry); past the page
    budget the rest is not read, and a doubt in `found` says so."""
    spend = budget.current()
    spend.cells(text.count("\t"))  # an upper bound, known before a single cell is made
    pages = text.split("\f")
    keep = spend.pages(len(pages), costly=False)
    if keep < len(pages):
        if found is not None:
            found.append(doubts.pages_over_budget(len(pages), keep))
        pages = pages[:keep]
    lines = "\n".join(pages).splitlines()
    in_tables = table_lines(lines)  # rows of words run as wide as prose: not the measure's evidence
    measure = measure_of([ln for k, ln in enumerate(lines) if k not in in_tables])
    out = [
        Page(page_no=i, blocks=tables_from_lines(lines_to_blocks(p.splitlines(), i, measure)))
        for i, p in enumerate(pages, 1)
    ]
    return out
