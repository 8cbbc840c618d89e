"""Placing an annex row's unit or reported region (normalizers.units) and saying why when it cannot be
placed: the row's new columns and, at most, one doubt."""

from __future__ import annotations

from normalizers.regions import Region
from normalizers.units import Government, Placement, place_unit
from schemas import Doubt, doubts
from schemas.doubts import About


def place(
    name: str | None, gov: Government, about: About, annex_no: int, table_no: int, seq: int, field: str
) -> tuple[Placement, Doubt | None]:
    """Where the unit is, and the doubt when a name that should be placed is not."""
    if not name:
        return Placement(), None
    where = place_unit(name, gov)
    if where.problem == "ambiguous":
        could_be = " or ".join(f"{r.name} ({_parent(r)}, {r.code})" for r in where.candidates)
        return where, doubts.unit_unplaced(about, annex_no, table_no, seq, field, name, could_be)
    if where.problem == "no_government":
        could_be = "a department or town of a government the circular does not name"
        return where, doubts.unit_unplaced(about, annex_no, table_no, seq, field, name, could_be)
    if where.problem == "unknown":
        area = gov.region.name if gov.region else "China"
        year = f" in {gov.year}" if gov.year else ""
        return where, doubts.unit_unknown(about, annex_no, table_no, seq, field, name, f"{area}{year}")
    return where, None


def columns(where: Placement, prefix: str) -> dict[str, str | None]:
    """The placement as a row's columns: `<prefix>_full_name`, `_level`, `_region_code`, `_province`,
    `_city`, `_county`."""
    r = where.region
    return {
        f"{prefix}_full_name": where.full_name,
        f"{prefix}_level": where.level,
        f"{prefix}_region_code": r.code if r else None,
        f"{prefix}_province": r.province if r else None,
        f"{prefix}_city": r.city if r else None,
        f"{prefix}_county": r.county if r else None,
    }


def _parent(r: Region) -> str:
    """The province, or the city for a county: what tells two divisions of one name apart."""
    return (r.city if r.county and not r.municipality else r.province) or ""
