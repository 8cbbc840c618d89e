"""Deduction tables: points lost per city or department, the explanation split into items."""

from __future__ import annotations

import re

from normalizers.numbers import parse_points
from normalizers.regions import lookup_region
from normalizers.units import TOWN_ENDINGS
from pipeline.extraction.context import DocContext
from pipeline.extraction.places import columns, place
from pipeline.extraction.tables import Record
from schemas import Deduction, DeductionItem, Doubt, doubts

#: items end at a sentence mark, or at a 、 right after their points (`首页未更新扣8分、空白栏目2个扣4分`)
ITEM_SPLIT = re.compile(r"[；;。\n]|(?<=分)[、，,](?=\S)")
#: `reason扣5分`, `reason-5`, `reason（-5分）`
ITEM = re.compile(
    r"^(?P<reason>.*?)[，,：:]?\s*[（(]?\s*(?:扣|[-－—−])\s*(?P<points>\d+(?:\.\d+)?)\s*分?\s*[）)]?$"
)
#: `扣3分：reason`
ITEM_FIRST = re.compile(r"^(?:扣|[-－—−])\s*(?P<points>\d+(?:\.\d+)?)\s*分?\s*[：:，,]\s*(?P<reason>\S.*)$")
#: nothing lost (`无`, `0`), or points with no reason (`-2`): no item
NO_ITEM = re.compile(r"^(?:无|没有|不扣分|0(?:\.0+)?分?|[—\-－/]|(?:扣|[-－—−])?\s*\d+(?:\.\d+)?\s*分?)$")
DEPARTMENT = re.compile(r"(厅|局|委|办|室|院|会|部|中心|所|站|馆|社)$")
CITY_HEADER = re.compile(r"市|州|地区")
DEPT_HEADER = re.compile(r"部门|直属|机构")
#: a caption over places and departments alike (`各地各部门…扣分情况`) says nothing of a row
OTHER_UNIT = re.compile(r"(?:实验区|新区|开发区|示范区|高新区|管委会|管理区|试验区)$")
MIXED_HEADER = re.compile(r"各地(?:区)?[、和及与]?各?部门|地区和部门|(?:市|州|县|区)(?:和|及|、)部门")


def unit_kind(unit: str, column_header: str, caption: str, province: str | None, year: int | None) -> str:
    """city/county/district/township/department: from the column header or caption first, then from
    the name (a town or street, `童坊镇`, `花楼街道办事处`, is below the county whatever the header says)."""
    if unit.endswith(TOWN_ENDINGS):
        return "township"
    for hint in (column_header, caption):
        if MIXED_HEADER.search(hint):
            continue
        if DEPT_HEADER.search(hint):
            return "department"
        if CITY_HEADER.search(hint) and not DEPARTMENT.search(unit):
            break
    region = lookup_region(unit, year, province)
    if region is not None and not DEPARTMENT.search(unit):
        if region.county:
            return "district" if unit.endswith("区") else "county"
        return "city"
    if DEPARTMENT.search(unit):
        return "department"
    if OTHER_UNIT.search(unit):  # 平潭综合实验区, 冀南新区: run like a city, listed as neither
        return "other"
    return "city" if CITY_HEADER.search(column_header) else "other"


#: an item's own number (`1.首页超过2周未更新，扣2分；2.…`): not part of its reason
ITEM_NUMBER = re.compile(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[①-⑳])\s*(?=\D)")


def split_items(explanation: str) -> list[tuple[str, float | None]]:
    """(reason, points) for each item of an explanation; a reason without printed points has None."""
    items: list[tuple[str, float | None]] = []
    for part in ITEM_SPLIT.split(explanation):
        part = ITEM_NUMBER.sub("", part.strip(" ，,"))
        if not part or NO_ITEM.match(part):
            continue
        m = ITEM_FIRST.match(part) or ITEM.match(part)
        if m and m.group("reason").strip(" ，,：:"):
            items.append((m.group("reason").strip(" ，,：:"), float(m.group("points"))))
        else:
            items.append((part, None))
    return items


def deductions(
    annex_no: int, recs: list[Record], captions: dict[int, str], ctx: DocContext
) -> tuple[list[Deduction], list[DeductionItem], list[Doubt]]:
    """One row per unit, its explanation split into items, and what was doubted: items that do not
    add up to the printed total, a unit that cannot be placed on the map."""
    province, year = ctx.province, ctx.year
    rows: list[Deduction] = []
    items: list[DeductionItem] = []
    found: list[Doubt] = []
    for r in recs:
        unit = r.cells.get("unit") or r.cells.get("site_name") or ""
        if not unit:
            continue
        explanation = (r.cells.get("explanation") or r.cells.get("problems") or "").rstrip("；;。 ") or None
        # a dot not between two digits is a speck (`-.5`, `-5.`), not a decimal point
        points = parse_points(re.sub(r"(?<!\d)\.|\.(?!\d)", "", r.cells.get("points", "")))
        kind = unit_kind(unit, r.header.get("unit", ""), captions.get(r.table_no, ""), province, year)
        where, doubt = place(unit, ctx.government, "deductions", annex_no, r.table_no, r.seq, "unit")
        if doubt:
            found.append(doubt)
        rows.append(
            Deduction(
                annex_no=annex_no,
                table_no=r.table_no,
                seq=r.seq,
                unit=unit,
                unit_kind=kind,
                **columns(where, "unit"),
                points_deducted=points,
                explanation=explanation,
                page_no=r.page_no,
                confidence=r.confidence,
            )
        )
        parts = split_items(explanation) if explanation else []
        for n, (reason, pts) in enumerate(parts, 1):
            items.append(
                DeductionItem(
                    annex_no=annex_no,
                    table_no=r.table_no,
                    seq=r.seq,
                    item_no=n,
                    reason=reason,
                    points_deducted=pts,
                )
            )
        total = sum(p for _, p in parts if p is not None)
        if (
            points is not None
            and parts
            and all(p is not None for _, p in parts)
            and abs(total - points) > 1e-6
        ):
            found.append(doubts.items_total_mismatch(annex_no, r.table_no, r.seq, unit, total, points))
    return rows, items, found
