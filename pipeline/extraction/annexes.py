"""Annexes: the list in the body (附件：1. …), and each annex section after the signature with its
tables. Which table is which comes from its header row, so a findings list and a deductions table
are recognised wherever they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import vocabulary as V
from normalizers.layout_settings import LAYOUT
from pipeline.extraction.paragraphs import Para
from pipeline.extraction.sections import LEVELS
from pipeline.extraction.zones import (
    ANNEX_HEADING,
    ANNEX_HEADING_TITLED,
    ANNEX_ITEM,
    ANNEX_LIST,
    COLOPHON,
    Zones,
)
from schemas import Annex, Table

FINDINGS_TITLE = re.compile(V.FINDINGS_TITLE_PATTERN)
DEDUCTIONS_TITLE = re.compile(V.DEDUCTIONS_TITLE_PATTERN)


@dataclass
class AnnexPart:
    """One annex as found: its number, title(s) and the tables under its heading."""

    no: int
    title: str | None = None
    listed: bool = False
    omitted: bool = False  # printed as `附件3（略）`
    heading_seen: bool = False
    tables: list[Table] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # the lines printed just above each table


def kind_of_title(title: str | None) -> str:
    if title and DEDUCTIONS_TITLE.search(title):
        return "deductions"
    if title and FINDINGS_TITLE.search(title):
        return "website_findings"
    return "other"


#: items of an annex list run together on one line: `附件：1.…；2.…；3.…`
LIST_ITEM_BREAK = re.compile(r"[；;]\s*(?=\d{1,2}[.．、])")
#: an annex's title: a line or two under its heading, short and no sentence
TITLE_LINES = LAYOUT.annex_title_lines
TITLE_MAX = LAYOUT.annex_title_max


def listed_annexes(z: Zones) -> dict[int, AnnexPart]:
    parts: dict[int, AnnexPart] = {}
    texts = [
        t
        for i, p in enumerate(z.annex_list)
        for t in LIST_ITEM_BREAK.split(ANNEX_LIST.sub("", p.text).strip() if i == 0 else p.text)
    ]
    for text in texts:
        m = ANNEX_ITEM.match(text)
        no, title = (int(m.group(1)), m.group(2)) if m else (1, text)
        title = title.strip().rstrip("；;。，,")
        if title:
            parts[no] = AnnexPart(no=no, title=title, listed=True)
    return parts


def annex_sections(z: Zones, parts: dict[int, AnnexPart]) -> dict[int, AnnexPart]:
    """Walk the tail: `附件N` headings open an annex, the lines after one are its title, tables follow."""
    current: AnnexPart | None = None
    title_open = False
    title_lines = 0
    printed = ""  # the title lines under the current heading
    pending: list[str] = []
    for blk in z.tail:
        if isinstance(blk, Para):
            text = blk.text
            if m := ANNEX_HEADING.match(text):
                no = int(m.group(1) or 1)
                current = parts.setdefault(no, AnnexPart(no=no))
                current.heading_seen = True
                current.omitted = "略" in text
                title_open = True
                title_lines = 0
                printed = ""
                pending = []
                continue
            if m := ANNEX_HEADING_TITLED.match(text):
                no = int(m.group(1))
                current = parts.setdefault(no, AnnexPart(no=no))
                current.heading_seen = True
                if not current.listed:
                    current.title = m.group(2).strip()
                title_open = False
                pending = []
                continue
            if current is None or COLOPHON.match(text) or text.startswith("注"):
                title_open = False
                continue
            if title_open and (
                title_lines >= TITLE_LINES
                or len(text) > TITLE_MAX
                or "。" in text
                or any(rx.match(text) for _, rx in LEVELS[:3])
            ):
                title_open = False  # the annex's text itself (an annex of requirements, not a table)
            if title_open and not current.tables:
                if not current.listed:
                    current.title = (current.title or "") + text
                else:  # a list that lost its title's wrapped end: the heading prints it whole
                    printed += text
                    listed = current.title or ""
                    cut = listed and not listed.endswith(V.ANNEX_TITLE_ENDINGS)
                    if cut and printed.startswith(listed) and len(printed) > len(listed):
                        current.title = printed
                title_lines += 1
            pending.append(text)
            continue
        title_open = False
        if current is None:  # a table with no annex heading: the first listed annex, or annex 1
            current = parts.setdefault(min(parts) if parts else 1, AnnexPart(no=min(parts) if parts else 1))
        current.tables.append(blk)
        current.captions.append(" ".join(pending))
        pending = []
    return parts


def find_annexes(z: Zones) -> list[AnnexPart]:
    parts = annex_sections(z, listed_annexes(z))
    return [parts[k] for k in sorted(parts)]


def annex_row(part: AnnexPart, kind: str, rows: int) -> Annex:
    return Annex(annex_no=part.no, title=part.title, kind=kind, row_count=rows)
