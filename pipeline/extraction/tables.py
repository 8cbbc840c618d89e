"""Annex tables as records: find the header row, name the columns, rejoin wrapped rows.

A row without a 序号 continues the row above it (a cell wrapped onto a second printed line);
a header row repeated further down either continues the table (numbering goes on) or starts the
next one (numbering restarts at 1), which is how one annex holds several tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import vocabulary as V
from normalizers.chinese import canonical, is_cjk
from normalizers.numbers import cn_to_int
from schemas import Cell, Table

#: header cell → column name, in precedence order (normalizers/reference/columns.csv)
COLUMNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx)) for name, rx in V.TABLE_COLUMNS]


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
#: …and at the end of a cell's line that wraps: a comma there is the sentence's own
WRAP_NOISE_END = re.compile(r"(?<=\S)[\s·•._'\"`~^*]+$")
TEXT_COLUMNS = {"unit", "site_name", "problems", "explanation"}
#: columns printed as merged cells down a run of rows (one region, several of its sites)
MERGED_COLUMNS = ("unit",)
#: a summing row's label, spaced or not (`合  计`)
TOTAL_ROW = re.compile("^(?:" + "|".join(r"\s*".join(word) for word in V.TOTAL_ROW_WORDS) + ")[:：]?$")


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


def _plain_header(row: list[str]) -> bool:
    """A table's first row naming columns none of which we read (`地区 | 运行网站数（个） | 合格率`):
    every cell short words, no figure."""
    cells = [c for c in row if c]
    return (
        len(cells) >= 2
        and len(cells) == len(row)
        and all(len(c) <= 16 and not any(ch.isdigit() for ch in c) for c in cells)
    )


#: a 序号 cell OCR read with a speck or a letter beside the digits: `i4`, `4'`, `|12`
_SEQ_NOISE = re.compile(r"^[iIl|'`.·]?(\d{1,3})[iIl|'`.·]?$")
_ONE_LIKE = str.maketrans("lI|", "111")


def _seq(text: str, expected: int | None = None) -> int | None:
    """The 序号 in a cell; with OCR noise, the reading that continues the numbering (`l2` after 11
    is 12, `i4` after 3 is 4)."""
    t = text.strip().rstrip(".．、")
    if t.isdigit():
        return int(t)
    if m := _SEQ_NOISE.match(t):
        ones = t.translate(_ONE_LIKE)
        candidates = [int(m.group(1))] + ([int(ones)] if ones.isdigit() else [])
        return expected if expected in candidates else candidates[0]
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
    restart = False
    for t in tables:
        for row in t.rows:
            texts = [c.text.strip() for c in row]
            if not any(texts):
                continue
            if is_header(texts) or (not names and _plain_header(texts)):
                names = column_names(texts)
                header = {names[i]: texts[i] for i in names}
                if "seq" not in names.values() and out:  # no numbering to restart: the header starts a table
                    last_seq = 0
                    restart = True
                continue
            if not names:  # a table with no header row: assume the usual findings layout
                names = column_names(["序号", "地区", "网站名称", "问题", "网站标识码"][: len(texts)])
            total = any(TOTAL_ROW.match(t) for t in texts if t)
            seq_col = next((i for i, n in names.items() if n == "seq"), None)
            seq: int | None = None
            if seq_col is not None:
                seq = _seq(texts[seq_col], last_seq + 1) if seq_col < len(texts) else None
            elif names and not total:  # no 序号 printed: rows in order; a row filling half its columns
                filled = sum(
                    1 for i in names if i < len(texts) and texts[i]
                )  # or fewer runs on (a wrapped cell)
                seq = last_seq + 1 if filled > len(names) / 2 else None
            if seq is None and total:
                continue  # 合计: the sum of the rows above, not a unit of its own
            if seq is None:
                if out:  # a wrapped continuation of the previous row
                    rec = out[-1]
                    for i, text in enumerate(texts):
                        if i in names and text:
                            name = names[i]
                            before = rec.cells.get(name, "")
                            if name in TEXT_COLUMNS:  # the line before keeps its `，` (cleaned at the end)
                                before, text = WRAP_NOISE_END.sub("", before), EDGE_NOISE_START.sub("", text)
                            rec.cells[name] = _append(before, text)
                continue
            # numbering that starts again is a new table, with or without its own header row
            if table_no == 0 or seq <= last_seq or restart:
                table_no += 1
                restart = False
            last_seq = seq
            cells = {names[i]: texts[i] for i in names if i < len(texts)}
            if out and out[-1].table_no == table_no:  # a merged cell prints its text once, on its first row
                for name in MERGED_COLUMNS:
                    if not cells.get(name) and out[-1].cells.get(name) and name in names.values():
                        cells[name] = out[-1].cells[name]
            out.append(
                Record(
                    table_no=table_no,
                    seq=seq,
                    cells=cells,
                    page_no=row[0].page_no if row else None,
                    confidence=_min_conf(row),
                    header=dict(header),
                )
            )
    for rec in out:
        rec.cells = {name: clean_cell(name, text) for name, text in rec.cells.items()}
    return out


def kind_of_header(tables: list[Table]) -> str | None:
    """What an annex's table lists, by its header row: a title that names no kind (`附件2`, `有关情况`)
    does not make a list of sites and their problems, or of units and their points, `other`."""
    for t in tables:
        for row in t.rows[:3]:
            texts = [c.text for c in row]
            joined = "".join(texts)
            if "标识码" in joined or "网站名称" in joined:
                return "website_findings"
            if "扣分" in joined:
                return "deductions"
            if is_header(texts) or _plain_header(texts):
                columns = column_names(texts)
                names = set(columns.values())
                sites = [texts[i] for i, n in columns.items() if n == "site_name" and "网站" in texts[i]]
                if "site_code" in names or (sites and "problems" in names):  # not 账号名称: 政务新媒体
                    return "website_findings"
                if "points" in names and names & {"region", "explanation"}:
                    return "deductions"
    return None
