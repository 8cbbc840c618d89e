"""Where a copy of a circular reads otherwise than its primary copy, as doubts on the copy.

The row tables hold the primary's reading only, so a copy's different reading would be lost without
a word: a scan that read 92 where the text says 97, a row the OCR missed, a 文号 one character off.
Each becomes a doubt on the copy (`schemas.doubts.COPY_CODES`), naming the primary, so the review
views show it and `tongbao show` of either copy can be checked against the paper. What one copy
lacks (a web page printing no 文号) is no disagreement: only two readings of one thing are compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from normalizers.chinese import strip_spaces, to_simplified
from schemas import Circular, Doubt
from schemas.doubts import About, doubt

#: header fields two copies must read alike
HEADER_FIELDS = (
    "issuer",
    "doc_number",
    "title",
    "issue_date",
    "period_year",
    "period_quarter",
    "period_half",
    "period_month",
    "signer",
    "urgency",
)
MAX_PER_TABLE = 20  # a copy that read a table wholly otherwise says so in a few doubts, not hundreds


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return to_simplified(strip_spaces(a)) == to_simplified(strip_spaces(b))
    return bool(a == b)


def _text(v: Any) -> str:
    return format(v, "g") if isinstance(v, float) else str(v)


def disagreements(copy: Circular, primary: Circular) -> list[Doubt]:
    """Every field, row and figure `copy` reads differently from `primary`."""
    where = f"the primary copy {primary.doc_id} ({primary.media_type})"
    out: list[Doubt] = []
    for name in HEADER_FIELDS:
        mine, theirs = getattr(copy.header, name), getattr(primary.header, name)
        if mine is not None and theirs is not None and not _same(mine, theirs):
            out.append(
                doubt("copies_disagree", field=name, value=_text(mine), expected=_text(theirs), detail=where)
            )
    out += _rows(
        "deductions",
        {(d.annex_no, d.table_no, d.seq): d.model_dump() for d in copy.deductions},
        {(d.annex_no, d.table_no, d.seq): d.model_dump() for d in primary.deductions},
        ("unit", "points_deducted"),
        where,
    )
    out += _rows(
        "website_findings",
        {(f.annex_no, f.table_no, f.seq): f.model_dump() for f in copy.website_findings},
        {(f.annex_no, f.table_no, f.seq): f.model_dump() for f in primary.website_findings},
        ("site_code", "site_name"),
        where,
    )
    counts = {a.annex_no: a.row_count for a in primary.annexes}
    for annex in copy.annexes:
        theirs = counts.get(annex.annex_no)
        if theirs is not None and theirs != annex.row_count:
            out.append(
                doubt(
                    "copy_rows_differ",
                    annex_no=annex.annex_no,
                    value=annex.row_count,
                    expected=theirs,
                    detail=where,
                )
            )
    out += _figures(copy, primary, where)
    return out


def _rows(
    about: About,
    mine: dict[tuple[int, int, int], dict[str, Any]],
    theirs: dict[tuple[int, int, int], dict[str, Any]],
    fields: Iterable[str],
    where: str,
) -> list[Doubt]:
    out: list[Doubt] = []
    for key in sorted(mine.keys() & theirs.keys()):
        for name in fields:
            a, b = mine[key][name], theirs[key][name]
            if a is not None and b is not None and not _same(a, b):
                annex_no, table_no, seq = key
                out.append(
                    doubt(
                        "copy_row_disagrees",
                        about=about,
                        annex_no=annex_no,
                        table_no=table_no,
                        seq=seq,
                        field=name,
                        value=_text(a),
                        expected=_text(b),
                        detail=where,
                    )
                )
    return out[:MAX_PER_TABLE]


def _figures(copy: Circular, primary: Circular, where: str) -> list[Doubt]:
    """Each metric's figures in the order stated: a misread figure, or one read by one copy only."""
    mine: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    for stats, into in ((copy.stats, mine), (primary.stats, theirs)):
        for s in stats:
            into.setdefault(s.metric, []).append(s.value)
    out: list[Doubt] = []
    for metric in sorted(mine.keys() | theirs.keys()):
        a, b = mine.get(metric, []), theirs.get(metric, [])
        if a != b:
            shown = [", ".join(_text(v) for v in x) or "none" for x in (a, b)]
            out.append(
                doubt("copy_figures_differ", field=metric, value=shown[0], expected=shown[1], detail=where)
            )
    return out
