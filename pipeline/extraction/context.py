"""What the stages after the header need to know about the document as a whole, in one object
instead of threaded through every signature."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Header


@dataclass(frozen=True)
class DocContext:
    """`year` picks the GB/T 2260 revision that codes and names are read against: the issue date's
    year, else the period's. `province` is the issuer's, for names printed without one (`省农业厅`)."""

    year: int | None = None
    province: str | None = None

    @classmethod
    def of(cls, head: Header) -> DocContext:
        year = head.issue_date.year if head.issue_date else head.period_year
        return cls(year=year, province=head.issuer_province)
