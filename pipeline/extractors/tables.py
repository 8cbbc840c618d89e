"""Annex tables as records: find the header row, name the columns, rejoin wrapped rows.

A row without a 序号 continues the row above it (a cell wrapped onto a second printed line);
a header row repeated further down either continues the table (numbering goes on) or starts the
next one (numbering restarts at 1), which is how one annex holds several tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers.chinese import canonical, is_cjk
from normalizers.numbers import cn_to_int
from schemas import Cell, Table

COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("seq", re.compile(r"^序号$|^编号$|^序$")),
    ("site_code", re.compile(r"标识码|网站代码|网站编码")),
    ("site_name", re.compile(r"网站名称|网站$|名称")),
    ("problems", re.compile(r"问题|原因|情况说明")),
    ("explanation", re.compile(r"说明|扣分原因|扣分情况|扣分事项|扣分依据")),
    ("points", re.compile(r"扣分|分值|得分")),
    ("region", re.compile(r"州|市|区|县|地区|部门|单位|地方")),
]


@dataclass
class Record:
    table_no: int
    seq: int
    cells: dict[str, str]
    page_no: int | None = None
    confidence: float | None = None
    header: dict[str, str] = field(default_factory=dict)  # column name → header text


#: specks OCR reads as punctuation at the edges of a cell (never meaningful there in a text column)
EDGE_NOISE_START = re.compile(r"^[\s·•.。,，、_'\"`~^*]+(?=\S)")
EDGE_NOISE_END = re.compile(r"(?<=\S)[\s·•.,，、_'\"`~^*]+$")
TEXT_COLUMNS = {"region", "site_name", "problems", "explanation"}


def clean_cell(name: str, text: str) -> str:
    if name not in TEXT_COLUMNS:
        return text
    return EDGE_NOISE_END.sub("", EDGE_NOISE_START.sub("", text))


def column_names(header: list[str]) -> dict[int, str]:
    names: dict[int, str] = {}
    for i, text in enumerate(header):
        t = text.replace(" ", "")
        for name, rx in COLUMNS:
            if name not in names.values() and rx.search(t):
                names[i] = name
                break
    return names


HEADER_HINTS = ("site_code", "site_name", "points", "explanation", "problems")


def is_header(row: list[str]) -> bool:
    """序号 names a header; otherwise two or more cells that name columns, and no row number."""
    cells = [c.replace(" ", "") for c in row]
    if any(COLUMNS[0][1].search(c) for c in cells):
        return True
    if cells and _seq(cells[0]) is not None:
        return False
    named = sum(any(rx.search(c) for name, rx in COLUMNS if name in HEADER_HINTS) for c in cells)
    return named >= 2


def _seq(text: str) -> int | None:
    t = text.strip().rstrip(".．、")
    if t.isdigit():
        return int(t)
    return cn_to_int(t) if t and len(t) <= 3 else None


def _append(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return canonical(a + b) if (is_cjk(a[-1]) or is_cjk(b[0])) else f"{a} {b}"


def _min_conf(cells: list[Cell]) -> float | None:
    confs = [c.confidence for c in cells if c.confidence is not None]
    return min(confs) if confs else None


def records(tables: list[Table]) -> list[Record]:
    """Every data row of an annex's tables, keyed by column name."""
    out: list[Record] = []
    names: dict[int, str] = {}
    header: dict[str, str] = {}
    table_no = 0
    last_seq = 0
    for t in tables:
        for row in t.rows:
            texts = [c.text.strip() for c in row]
            if not any(texts):
                continue
            if is_header(texts):
                names = column_names(texts)
                header = {names[i]: texts[i] for i in names}
                continue
            if not names:  # a table with no header row: assume the usual findings layout
                names = column_names(["序号", "地区", "网站名称", "问题", "网站标识码"][: len(texts)])
            seq_col = next((i for i, n in names.items() if n == "seq"), 0)
            seq = _seq(texts[seq_col]) if seq_col < len(texts) else None
            if seq is None:
                if out:  # a wrapped continuation of the previous row
                    rec = out[-1]
                    for i, text in enumerate(texts):
                        if i in names and text:
                            rec.cells[names[i]] = _append(rec.cells.get(names[i], ""), clean_cell(names[i], text))
                continue
            # numbering that starts again is a new table, with or without its own header row
            if table_no == 0 or seq <= last_seq:
                table_no += 1
            last_seq = seq
            cells = {names[i]: clean_cell(names[i], texts[i]) for i in names if i < len(texts)}
            out.append(Record(table_no=table_no, seq=seq, cells=cells, page_no=row[0].page_no if row else None,
                              confidence=_min_conf(row), header=dict(header)))
    return out


def kind_of_header(tables: list[Table]) -> str | None:
    for t in tables:
        for row in t.rows[:3]:
            joined = "".join(c.text for c in row)
            if "标识码" in joined or "网站名称" in joined:
                return "website_findings"
            if "扣分" in joined:
                return "deductions"
    return None
