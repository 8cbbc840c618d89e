"""Figures a table inside the body states in its total row (`合计 | 48 | 48 | 3 | 93.8%` under
`地区 | 在运行网站（个） | 检查（个） | 不合格（个） | 合格率`): the row is read as the sentence its
header makes of it (`在运行网站48个，检查48个，不合格3个，合格率93.8%。`), so that the stats grammar, not
a second set of rules, says which metric each figure is. The table's other rows are its parts (a
county's, the departments') and state none of the circular's own figures.
"""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from schemas import Table

TOTAL = re.compile("^(?:" + "|".join(V.TOTAL_ROW_WORDS) + ")[:：]?$")
#: a header's unit in brackets at its end: `在运行网站（个）`, `合格率(%)`
UNIT = re.compile(r"[（(]([^（）()]{1,4})[)）]$")
#: `网站数`, `抽查数量`: the count a column holds, said as the noun or verb it counts
COUNT_SUFFIX = re.compile(r"(?:数量|数|总数)$")
FIGURE = re.compile(r"^\d+(?:\.\d+)?%?$")
#: the classifiers a header's bracket may give; anything else is counted in 个
CLASSIFIERS = ("个", "家", "条", "件", "人", "名")


def _phrase(header: str, value: str) -> str | None:
    header, value = header.replace(" ", ""), value.replace(" ", "").replace(",", "")
    if not FIGURE.match(value) or not header:
        return None
    unit = ""
    if m := UNIT.search(header):
        unit, header = m.group(1), header[: m.start()]
    header = COUNT_SUFFIX.sub("", header)
    if value.endswith("%") or unit == "%":
        return f"{header}{value.rstrip('%')}%"
    return f"{header}{value}{unit if unit in CLASSIFIERS else '个'}"


def total_sentence(table: Table) -> str | None:
    """The total row of a table with a header, as one sentence; None without such a row."""
    rows = table.texts()
    if len(rows) < 3:
        return None
    header = rows[0]
    for row in rows[1:]:
        if row and TOTAL.match(row[0].replace(" ", "")):
            phrases = [p for h, v in zip(header[1:], row[1:], strict=False) if (p := _phrase(h, v))]
            return "，".join(phrases) + "。" if phrases else None
    return None


def with_table_totals(
    located: list[tuple[str | None, str]], tables: list[tuple[int, Table]]
) -> list[tuple[str | None, str]]:
    """The body's paragraphs with each table's total row put in as a sentence where the table
    stood (`tables`: how many paragraphs come before each), in the section of the paragraph before."""
    out = list(located)
    for before, table in sorted(tables, key=lambda t: t[0], reverse=True):
        sentence = total_sentence(table)
        if sentence is None:
            continue
        section = located[before - 1][0] if 0 < before <= len(located) else None
        out.insert(before, (section, sentence))
    return out
