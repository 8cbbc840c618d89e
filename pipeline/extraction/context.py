"""What the stages after the header need to know about the document as a whole, in one object
instead of threaded through every signature."""

from __future__ import annotations

from dataclasses import dataclass, field

from normalizers.units import Government, government
from schemas import Header


@dataclass(frozen=True)
class DocContext:
    """`year` picks the GB/T 2260 revision that codes and names are read against: the issue date's
    year, else the period's. `province` is the issuer's, for names printed without one (`省农业厅`);
    `government` the issuing government, which the units of annex tables are placed against."""

    year: int | None = None
    province: str | None = None
    government: Government = field(default_factory=lambda: Government(None, False, None))

    @classmethod
    def of(cls, head: Header) -> DocContext:
        year = head.issue_date.year if head.issue_date else head.period_year
        gov = government(head.issuer, head.issuer_level, head.issuer_province, head.issuer_city, year)
        return cls(year=year, province=head.issuer_province, government=gov)
