"""Website findings: one row per listed website, with taxonomy codes and the region of its code."""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from normalizers.regions import region_from_site_code, same_region
from normalizers.taxonomy import categorize
from pipeline.extraction.context import DocContext
from pipeline.extraction.places import columns, place
from pipeline.extraction.tables import Record
from schemas import Doubt, WebsiteFinding, doubts

OCR_DIGITS = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "i": "1",
        "L": "1",
        "Z": "2",
        "z": "2",
        "S": "5",
        "s": "5",
        "B": "8",
        "g": "9",
        "q": "9",
    }
)


def clean_code(raw: str | None) -> str | None:
    """A 10-character site code, with the digit look-alikes OCR produces mended; None if not one."""
    if not raw:
        return None
    code = re.sub(r"[^0-9A-Za-z|]", "", raw)  # spaces, dashes and OCR specks are never part of a code
    if len(code) == 10 and not code.isdigit() and sum(ch.isdigit() for ch in code) >= 7:
        code = code.translate(OCR_DIGITS)
    return code if len(code) == 10 and code.isalnum() else None


#: a row's 类型 naming a 政务新媒体 account: not a website, so not a finding
NEW_MEDIA_KIND = re.compile(V.alternation(V.NEW_MEDIA_WORDS))
#: a central department's site code (`bm24000031`): no GB/T 2260 region by design
DEPARTMENT_CODE = re.compile(r"^bm\d{8}$", re.IGNORECASE)


def is_new_media(r: Record) -> bool:
    kind = r.cells.get("kind") or ""
    return bool(NEW_MEDIA_KIND.search(kind)) and "网站" not in kind


def findings(annex_no: int, recs: list[Record], ctx: DocContext) -> tuple[list[WebsiteFinding], list[Doubt]]:
    """One finding per website row; rows of 政务新媒体 accounts in the same table are left out."""
    year = ctx.year
    out: list[WebsiteFinding] = []
    found: list[Doubt] = []
    for r in recs:
        if is_new_media(r):
            continue
        raw_code = r.cells.get("site_code")
        code = clean_code(raw_code)
        if raw_code and code is None:
            found.append(doubts.site_code_malformed(annex_no, r.table_no, r.seq, raw_code))
        region = region_from_site_code(code, year) if code and code[:6].isdigit() else None
        if code and region is None and not DEPARTMENT_CODE.match(code):
            found.append(doubts.site_code_unplaced(annex_no, r.table_no, r.seq, code))
        reported: str | None = r.cells.get("unit") or None
        if code and region is not None and reported and same_region(reported, region, year) is False:
            maps_to = region.county or region.city or region.province or region.code
            found.append(
                doubts.site_code_region_mismatch(annex_no, r.table_no, r.seq, code, maps_to, reported)
            )
        where, doubt = place(
            reported, ctx.government, "website_findings", annex_no, r.table_no, r.seq, "reported_region"
        )
        if doubt:
            found.append(doubt)
        problems = r.cells.get("problems") or None
        categories: list = categorize(problems) if problems else []
        out.append(
            WebsiteFinding(
                annex_no=annex_no,
                table_no=r.table_no,
                seq=r.seq,
                reported_region=reported,
                **columns(where, "reported"),
                site_name=r.cells.get("site_name") or None,
                problems_raw=problems,
                problem_categories=categories,
                site_code=code,
                site_region_code=code[:6] if code and region else None,
                site_province=region.province if region else None,
                site_city=region.city if region else None,
                site_county=region.county if region else None,
                page_no=r.page_no,
                confidence=r.confidence,
            )
        )
    return out, found
