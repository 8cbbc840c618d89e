"""Annex tables flattened to words: a table copied off a web page as text keeps one line a row and
loses its rules, its cells parted by an ideographic space, a run of spaces or a single space.

A run of such lines is a table when its first line is a header that names its columns, 序号 (or 编号)
first, and the lines under it start with the next row number.
Each row's words are laid into the header's columns by what a column holds — a 序号 a number, a
标识码 ten characters, 扣分 a signed figure, the others text — at the least cost (`_layout`), so a
problem written with a space inside it, or a region printed once over a run of rows (a merged
cell), still lands in its column. A gap that parted cells in the header (an ideographic space, two
spaces) is dearer to join across than a single space, which a cell's own text may hold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from normalizers import vocabulary as V
from normalizers.chinese import to_simplified
from normalizers.taxonomy import categorize
from schemas import Cell, Line, Table

#: a word and the gap before it: strong (tab, ideographic space, two spaces or more) or weak (one space)
_WORD = re.compile(r"([ \t\u3000\u00a0]*)([^ \t\u3000\u00a0]+)")
_STRONG_GAP = re.compile(r"\t|\u3000|\s{2,}")
_SEQ = re.compile(r"^\d{1,4}[.．、]?$")
_CODE = re.compile(r"^(?:\d{10}|[bB][mM]\d{8})$")
#: a code as copies print it: spaced or hyphenated (`2301 0200 15`, `2301-040021`), or a digit short
_CODE_LIKE = re.compile(r"^(?:[bB][mM])?[\d-]{8,13}$")
_NAME_END = re.compile(rf"{V.ORG_SUFFIX}$|网站?$")
_FIGURE = re.compile(r"^[-－—–+＋]?\d+(?:\.\d+)?分?$")
#: what a typed column's cell must look like; other columns hold text
_TYPED = {"seq": _SEQ, "site_code": _CODE, "points": _FIGURE, "score": _FIGURE}
_FIRST = ("序号", "编号")
_FIRST_CHARS = ("序", "编", "編")
_MIN_COLUMNS = 3
_HEADER_CELL = 16  # the longest header cell printed on a line of its own

# costs of a layout: what a cell that does not look like its column, or an empty one, is worth
_MISFIT = 3.0
_EMPTY_TYPED = 2.0
_EMPTY_TEXT = 1.0
_EMPTY_MERGED = 0.8  # a unit or region is the cell a merged run of rows leaves empty
_JOIN_WEAK = 0.2
#: …cheaper in a site's name (`汕头市国土资源局 龙湖分局`), dearer in a region's, which is one word
_JOIN_WEAK_BY_KIND = {"site_name": 0.15, "unit": 0.3}
_JOIN_STRONG = 1.5
_CODE_IN_TEXT = 3.0
_CODE_PIECE = 0.1  # each further piece of a code printed spaced
_NEAR_CODE = 0.5  # a code a digit short or long still sits in the code column
#: a problem in a name's column (`宣威市规划局 首页长期不更新`), a name in the problems' column
_WRONG_WORDS = 1.0
_MAX_WORDS_PER_COLUMN = 4
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
    if not line.lstrip().startswith(_FIRST_CHARS):
        return None  # every header here starts with 序号 or 编号: prose is turned away before any work
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
        if kind in _TYPED:  # a code may be missing; a row's number and points never are
            return _EMPTY_TYPED if kind == "site_code" else float("inf")
        return _EMPTY_MERGED if kind == "unit" else _EMPTY_TEXT
    if kind == "site_code":
        code = "".join(w.text for w in words).replace("-", "")
        if _CODE.match(code):
            return _CODE_PIECE * (len(words) - 1)
        return _NEAR_CODE if len(words) == 1 and _CODE_LIKE.match(words[0].text) else float("inf")
    if kind in _TYPED:
        if len(words) > 1:
            return float("inf")
        return 0.0 if _TYPED[kind].match(words[0].text) else _MISFIT
    weak = _JOIN_WEAK_BY_KIND.get(kind, _JOIN_WEAK)
    cost = sum(_JOIN_STRONG if w.strong else weak for w in words[1:])
    cost += sum(_CODE_IN_TEXT for w in words if _CODE_LIKE.match(w.text))
    if kind in _NAME_KINDS:
        cost += sum(_WRONG_WORDS for w in words if _is_problem(w.text))
    elif kind in _PROBLEM_KINDS:
        cost += sum(_WRONG_WORDS for w in words if _NAME_END.search(w.text) and not _is_problem(w.text))
    return cost


_NAME_KINDS = ("site_name", "unit")
_PROBLEM_KINDS = ("problems", "explanation")


@cache
def _is_problem(word: str) -> bool:
    """The word names a kind of problem the taxonomy knows (`首页长期不更新`, `多个栏目为空白`)."""
    return categorize(to_simplified(word)) != ["other"]


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


def _fitted_row(kinds: list[str], line: str, expected: int) -> tuple[float, list[str]] | None:
    """The cost and cells of the line laid under the header, if it is the table's next row (or its
    total)."""
    words = _words(line)
    if not 2 <= len(words) <= _MAX_WORDS_PER_COLUMN * len(kinds):
        return None  # a row's cells hold a few words each; a page of words is no row (and stays cheap)
    first = words[0].text.rstrip(".．、")
    total = to_simplified(first) in V.TOTAL_ROW_WORDS
    if not (first.isdigit() and int(first) == expected) and not total:
        return None
    if total:
        kinds = ["text", *kinds[1:]]
    cost, cells = _layout(kinds, words)
    if cost > _MAX_COST_PER_COLUMN * len(kinds) or cells.count("") > (len(kinds) - 1) // 2:
        return None  # a sentence that starts with a number fills a column or two, not the row
    return cost, cells


def _row(kinds: list[str], line: str, expected: int) -> list[str] | None:
    """The line's cells under the header, if it is the table's next row (or its total)."""
    fitted = _fitted_row(kinds, line, expected)
    return fitted[1] if fitted else None


def flat_table_at(texts: Sequence[str | None], i: int) -> tuple[list[list[str]], int] | None:
    """The flattened table whose header is texts[i] (None stands for a block that is not a line):
    its rows of cells, header first, and the index after its last row."""
    header = texts[i]
    kinds = header_columns(header) if header is not None else None
    if kinds is None or header is None:
        return None
    rows = [_header_cells(header)]
    j = i + 1
    if j < len(texts) and (more := _header_goes_on(texts[j], kinds)):
        rows[0] += (
            more  # a header wrapped onto a second line: `序号 县（市）区 网站名称` / `网站标识码 存在问题`
        )
        kinds = header_columns("\u3000".join(rows[0])) or kinds
        j += 1
    while j < len(texts) and (text := texts[j]) is not None and (cells := _row(kinds, text, len(rows))):
        rows.append(cells)
        j += 1
    return (rows, j) if len(rows) > 1 else None


def _header_goes_on(text: str | None, kinds: list[str]) -> list[str] | None:
    """The rest of a header wrapped onto the next line: every cell names a column the header lacks."""
    if text is None or not text.strip() or text.strip()[0].isdigit():
        return None
    taken = {k for k in kinds if k != "text"}
    cells = _header_cells(text)
    names: list[str] = []
    for cell in cells:
        name = _column(cell, taken | set(names))
        if name == "text":
            return None
        names.append(name)
    return cells


def _vertical_header(texts: Sequence[str | None], i: int) -> list[str] | None:
    """A header printed one cell a line (a table copied cell by cell): 序号 alone, then the
    names of the columns, up to the line that is row 1."""
    first = texts[i]
    if (
        first is None
        or not first.strip().startswith(_FIRST_CHARS)
        or to_simplified(first.strip()) not in _FIRST
    ):
        return None
    cells = [first.strip()]
    j = i + 1
    while j < len(texts) and (text := texts[j]) is not None and text.strip() != "1":
        word = text.strip()
        if len(word) > _HEADER_CELL or any(ch.isdigit() for ch in word):
            return None
        cells.append(word)
        j += 1
    if len(cells) < _MIN_COLUMNS or j >= len(texts):
        return None
    kinds = [_column(c, set()) for c in cells]
    return cells if sum(k != "text" for k in kinds) >= _MIN_COLUMNS else None


def vertical_table_at(texts: Sequence[str | None], i: int) -> tuple[list[list[str]], int] | None:
    """The table whose cells are printed one a line, header first (序号 / 省份 / 网站名称 / … / 1 /
    湖北 / …), as rows of cells and the index after its last line. A row runs from its number to
    the next row's; a merged cell left out makes it a line shorter."""
    header = _vertical_header(texts, i)
    if header is None:
        return None
    kinds = header_columns("\u3000".join(header)) or []
    if len(kinds) != len(header):
        return None
    rows = [header]
    j = i + len(header)
    most_empty = (len(kinds) - 1) // 2
    while j < len(texts):
        best: tuple[float, list[str], int] | None = None
        for size in range(len(kinds), len(kinds) - most_empty - 1, -1):
            end = j + size
            lines = texts[j:end]
            if end > len(texts) or any(t is None for t in lines):
                continue
            after = texts[end] if end < len(texts) else None
            if (
                end < len(texts)
                and (after is None or after.strip() != str(len(rows) + 1))
                and size < len(kinds)
            ):
                continue  # a short row must end where the next row starts
            fitted = _fitted_row(kinds, "\u3000".join(t.strip() for t in lines if t), len(rows))
            if fitted is not None and (best is None or fitted[0] < best[0]):
                best = (fitted[0], fitted[1], end)
        if best is None:
            break
        rows.append(best[1])
        j = best[2]
    return (rows, j) if len(rows) > 1 else None


def table_lines(lines: list[str]) -> set[int]:
    """The indices of the non-blank lines that belong to flattened tables (blank lines between are
    skipped), so that the text's measure is taken from its prose only."""
    kept = [k for k, ln in enumerate(lines) if ln.strip()]
    texts: list[str | None] = [lines[k] for k in kept]
    found: set[int] = set()
    i = 0
    while i < len(texts):
        if hit := flat_table_at(texts, i) or vertical_table_at(texts, i):
            found.update(kept[i : hit[1]])
            i = hit[1]
        else:
            i += 1
    return found


def tables_from_lines(blocks: list[Line | Table]) -> list[Line | Table]:
    """The blocks with every run of lines that is a flattened table turned into a Table."""
    texts = [b.text if isinstance(b, Line) else None for b in blocks]
    out: list[Line | Table] = []
    i = 0
    while i < len(blocks):
        hit = flat_table_at(texts, i) or vertical_table_at(texts, i)
        if hit is None:
            out.append(blocks[i])
            i += 1
            continue
        rows, j = hit
        page_no = blocks[i].page_no
        out.append(
            Table(rows=[[Cell(text=t, page_no=page_no) for t in row] for row in rows], page_no=page_no)
        )
        i = j
    return out
