"""Annex tables flattened to words: a table copied off a web page as text keeps one line a row and
loses its rules, its cells parted by an ideographic space, a run of spaces or a single space.

A run of such lines is a table when its first line is a header that names columns (序号 first, or
three cells the column vocabulary knows) and the lines under it start with the next row number.
Each row's words are laid into the header's columns by what a column holds — a 序号 a number, a
标识码 ten characters, 扣分 a signed figure, the others text — at the least cost (`_layout`), so a
problem written with a space inside it, or a region printed once over a run of rows (a merged
cell), still lands in its column. A gap that parted cells in the header (an ideographic space, two
spaces) is dearer to join across than a single space, which a cell's own text may hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from normalizers import vocabulary as V
from normalizers.chinese import to_simplified
from schemas import Cell, Line, Table

#: a word and the gap before it: strong (tab, ideographic space, two spaces or more) or weak (one space)
_WORD = re.compile(r"([ \t\u3000\u00a0]*)([^ \t\u3000\u00a0]+)")
_STRONG_GAP = re.compile(r"\t|\u3000|\s{2,}")
_SEQ = re.compile(r"^\d{1,4}[.．、]?$")
_TOTAL = ("合计", "总计", "合計", "總計")
_CODE = re.compile(r"^(?:\d{10}|[bB][mM]\d{8})$")
_FIGURE = re.compile(r"^[-－—–+＋]?\d+(?:\.\d+)?分?$")
#: what a typed column's cell must look like; other columns hold text
_TYPED = {"seq": _SEQ, "site_code": _CODE, "points": _FIGURE, "score": _FIGURE}
_FIRST = ("序号", "编号")
_MIN_COLUMNS = 3

# costs of a layout: what a cell that does not look like its column, or an empty one, is worth
_MISFIT = 3.0
_EMPTY_TYPED = 2.0
_EMPTY_TEXT = 1.0
_EMPTY_MERGED = 0.8  # a unit or region is the cell a merged run of rows leaves empty
_JOIN_WEAK = 0.2
_JOIN_STRONG = 1.5
_CODE_IN_TEXT = 3.0
#: above this a row's words do not fit the header's columns: the table ends before it
_MAX_COST_PER_COLUMN = 1.2


@dataclass(frozen=True)
class _Word:
    text: str
    strong: bool  # the gap before it parts cells for certain


def _words(line: str) -> list[_Word]:
    return [_Word(m.group(2), bool(_STRONG_GAP.search(m.group(1)))) for m in _WORD.finditer(line.strip())]


@cache
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(rx)) for name, rx in V.TABLE_COLUMNS]


def _column(text: str, taken: set[str]) -> str:
    plain = to_simplified(text)
    for name, rx in _compiled():
        if name not in taken and rx.search(plain):
            return name
    return "text"


def _header_cells(line: str) -> list[str]:
    """The header's cells: parted by its strong gaps when it has them (a header cell may hold a
    single space), else by every space."""
    words = _words(line)
    if sum(w.strong for w in words) < _MIN_COLUMNS - 1:
        return [w.text for w in words]
    cells: list[str] = []
    for w in words:
        if w.strong or not cells:
            cells.append(w.text)
        else:
            cells[-1] += " " + w.text
    return cells


def header_columns(line: str) -> list[str] | None:
    """The kinds of the header's columns, when the line is a table's header row."""
    words = _header_cells(line)
    if len(words) < _MIN_COLUMNS:
        return None
    kinds: list[str] = []
    for w in words:
        kinds.append(_column(w, {k for k in kinds if k != "text"}))
    named = sum(k != "text" for k in kinds)
    first = to_simplified(words[0])
    if first in _FIRST or (kinds[0] == "seq" and named >= _MIN_COLUMNS):
        return kinds
    return None


def _fit_cost(kind: str, words: list[_Word]) -> float:
    """What laying these words into one column of this kind costs."""
    if not words:
        if kind in _TYPED:
            return _EMPTY_TYPED if kind != "seq" else float("inf")
        return _EMPTY_MERGED if kind == "unit" else _EMPTY_TEXT
    if kind in _TYPED:
        if len(words) > 1:
            return float("inf")
        return 0.0 if _TYPED[kind].match(words[0].text) else _MISFIT
    cost = sum(_JOIN_STRONG if w.strong else _JOIN_WEAK for w in words[1:])
    return cost + sum(_CODE_IN_TEXT for w in words if _CODE.match(w.text))


def _layout(kinds: list[str], words: list[_Word]) -> tuple[float, list[str]]:
    """The cheapest way to cut the words, in order, into one run per column (a run may be empty)."""
    n, k = len(words), len(kinds)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(n + 1):
            for start in range(i + 1):
                if best[j - 1][start] == inf:
                    continue
                cost = best[j - 1][start] + _fit_cost(kinds[j - 1], words[start:i])
                if cost < best[j][i]:
                    best[j][i], cut[j][i] = cost, start
    cells: list[str] = []
    i = n
    for j in range(k, 0, -1):
        start = cut[j][i]
        cells.append(" ".join(w.text for w in words[start:i]))
        i = start
    return best[k][n], cells[::-1]


def _row(kinds: list[str], line: str, expected: int) -> list[str] | None:
    """The line's cells under the header, if it is the table's next row (or its total)."""
    words = _words(line)
    if len(words) < 2:
        return None
    first = words[0].text.rstrip(".．、")
    if not (first.isdigit() and int(first) == expected) and to_simplified(first) not in _TOTAL:
        return None
    if first in _TOTAL or to_simplified(first) in _TOTAL:
        kinds = ["text", *kinds[1:]]
    cost, cells = _layout(kinds, words)
    if cost > _MAX_COST_PER_COLUMN * len(kinds):
        return None
    return cells


def tables_from_lines(blocks: list[Line | Table]) -> list[Line | Table]:
    """The blocks with every run of lines that is a flattened table turned into a Table."""
    out: list[Line | Table] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        kinds = header_columns(block.text) if isinstance(block, Line) else None
        if kinds is None or not isinstance(block, Line):
            out.append(block)
            i += 1
            continue
        rows = [[Cell(text=t, page_no=block.page_no) for t in _header_cells(block.text)]]
        j = i + 1
        expected = 1
        while j < len(blocks):
            nxt = blocks[j]
            cells = _row(kinds, nxt.text, expected) if isinstance(nxt, Line) else None
            if cells is None:
                break
            rows.append([Cell(text=t, page_no=nxt.page_no) for t in cells])
            expected += 1
            j += 1
        if len(rows) == 1:
            out.append(block)
            i += 1
            continue
        out.append(Table(rows=rows, page_no=block.page_no))
        i = j
    return out
