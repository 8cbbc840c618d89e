"""The annex-kind dispatch: each annex found is read as the kind its table header (else its title)
says — findings, deductions or other — into the rows of the contract, with the doubts on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extraction.annexes import AnnexPart, annex_row, kind_of_title
from pipeline.extraction.context import DocContext
from pipeline.extraction.deductions import deductions
from pipeline.extraction.findings import findings, is_new_media
from pipeline.extraction.tables import Record, kind_of_header, records
from schemas import Annex, Deduction, DeductionItem, Doubt, WebsiteFinding, doubts


@dataclass
class AnnexRows:
    """Every annex of a circular with the rows read from it."""

    annexes: list[Annex] = field(default_factory=list)
    findings: list[WebsiteFinding] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    items: list[DeductionItem] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)


def annex_rows(parts: list[AnnexPart], ctx: DocContext) -> AnnexRows:
    out = AnnexRows()
    for part in parts:
        kind = kind_of_header(part.tables) or kind_of_title(part.title)
        recs = records(part.tables)
        count = _read(out, part, kind, recs, ctx)
        out.annexes.append(annex_row(part, kind, count))
        if part.listed and not count and kind != "other" and not part.omitted:
            out.doubts.append(doubts.annex_not_found(part.no, part.title))
    return out


def _read(out: AnnexRows, part: AnnexPart, kind: str, recs: list[Record], ctx: DocContext) -> int:
    """Add the part's rows to `out`; the annex's row count (政务新媒体 accounts listed with the
    websites count as rows of the annex, though they are not website findings)."""
    if kind == "website_findings":
        rows, found = findings(part.no, recs, ctx)
        out.findings += rows
        out.doubts += found
        return len(rows) + sum(map(is_new_media, recs))
    if kind == "deductions":
        captions = dict(enumerate(part.captions, 1))
        drows, ditems, found = deductions(part.no, recs, captions, ctx)
        out.deductions += drows
        out.items += ditems
        out.doubts += found
        return len(drows)
    return len(recs)
