"""Where each part of a circular is: annotation, header, title, addressees, body, annex list,
signature and date, annex sections, colophon. Positions only; the parts are read elsewhere.

GB/T 9704 fixes the order of the parts, so the finder walks the paragraphs once, front to back,
and each part starts where the previous one ended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import vocabulary as V
from normalizers.dates import is_date_line
from normalizers.layout_settings import LAYOUT
from pipeline.extraction.front import ORG_LINE, Front, find_front
from pipeline.extraction.paragraphs import Block, Para
from pipeline.extraction.sections import LEVELS
from schemas import Table

ORG_SUFFIX = V.ORG_SUFFIX
ANNEX_LIST = re.compile(rf"^{V.ANNEX_WORD}[:：]")
#: an annex's heading, bracketed as portals print it or not: `附件2`, `【附件2】`, `[附件2]`
_OPEN, _CLOSE = "[【\\[〔]?", "[】\\]〕]"
ANNEX_HEADING = re.compile(rf"^{_OPEN}{V.ANNEX_WORD}\s*(\d{{0,2}})\s*{_CLOSE}?\s*(?:[（(]略[）)])?$")
#: a heading with its title on the same line: `附件2：2016年四季度…名单`, `【附件1】2017年…名单`
ANNEX_HEADING_TITLED = re.compile(
    rf"^{_OPEN}{V.ANNEX_WORD}\s*(\d{{1,2}})\s*(?:{_CLOSE}|[:：.．、\s])\s*(\S.{{3,80}})$"
)
ANNEX_ITEM = re.compile(r"^(\d{1,2})[.．、]\s*(\S.*)$")
COLOPHON = re.compile(
    rf"^(?:{V.alternation(V.COLOPHON_LABELS)}|\S{{2,30}}\d{{4}}年\d{{1,2}}月\d{{1,2}}日印发$)"
)


@dataclass
class Zones:
    blocks: list[Block]
    annotation: list[Para] = field(default_factory=list)
    banner: Para | None = None
    header: list[Para] = field(default_factory=list)
    title: list[Para] = field(default_factory=list)
    #: the title when the page gives it only as a headline (`文号《title》`, a file's name)
    title_text: str | None = None
    addressees: Para | None = None
    body: list[Para] = field(default_factory=list)
    #: tables inside the body (figures by region), each with the number of body paragraphs before it
    body_tables: list[tuple[int, Table]] = field(default_factory=list)
    annex_list: list[Para] = field(default_factory=list)
    signature: list[Para] = field(default_factory=list)
    date: Para | None = None
    tail: list[Block] = field(default_factory=list)  # annex sections and colophon
    #: lines before the body that are no part of the header as printed: evidence for its fields
    evidence: list[Para] = field(default_factory=list)


def _paras(blocks: list[Block]) -> list[tuple[int, Para]]:
    return [(i, b) for i, b in enumerate(blocks) if isinstance(b, Para)]


def _place_front(z: Zones, f: Front) -> None:
    z.annotation, z.banner, z.header = f.annotation, f.banner, f.header
    z.title, z.title_text, z.addressees, z.evidence = f.title, f.title_text, f.addressees, f.evidence


def find_zones(blocks: list[Block], titles: list[str] | None = None) -> Zones:
    """The parts of the document; `titles` are what the page says the title is (its metadata box,
    its `<title>`): evidence for the printed title, never placed in the text."""
    blocks = list(blocks)
    z = Zones(blocks=blocks)
    paras = _paras(blocks)
    if not paras:
        return z
    front = find_front([p for _, p in paras], titles)
    _place_front(z, front)
    k = front.body_start
    if front.first_body is not None:  # the sentence that shared the 主送's line starts the body
        at = paras[k - 1][0]
        blocks = z.blocks = [*blocks[:at], front.first_body, *blocks[at + 1 :]]
        paras = _paras(blocks)
        k -= 1
    body_start = k
    first_block = paras[body_start][0] if body_start < len(paras) else len(blocks)
    # the end of the body: annex list, or the signature/date, or the first annex heading or table
    end = len(blocks)
    for i in range(first_block, len(blocks)):
        blk = blocks[i]
        if isinstance(blk, Table) and _outline_goes_on(blocks, i + 1):
            before = sum(isinstance(b, Para) for b in blocks[first_block:i])
            z.body_tables.append((before, blk))
            continue  # a table inside the body (figures by quarter), the sections go on after it
        if isinstance(blk, Table) or (
            isinstance(blk, Para)
            and (ANNEX_LIST.match(blk.text) or ANNEX_HEADING.match(blk.text) or is_date_line(blk.text))
        ):
            end = i
            break
    # step back over a signature standing just before a date line
    if end < len(blocks) and isinstance(blocks[end], Para) and is_date_line(blocks[end].text):  # type: ignore[union-attr]
        while (
            end - 1 >= first_block
            and isinstance(blocks[end - 1], Para)
            and ORG_LINE.match(blocks[end - 1].text)  # type: ignore[union-attr]
        ):
            end -= 1
    z.body = [b for b in blocks[first_block:end] if isinstance(b, Para)]
    i = end
    if i < len(blocks) and isinstance(blocks[i], Para) and ANNEX_LIST.match(blocks[i].text):  # type: ignore[union-attr]
        z.annex_list.append(blocks[i])  # type: ignore[arg-type]
        i += 1
        while i < len(blocks) and isinstance(blocks[i], Para) and ANNEX_ITEM.match(blocks[i].text):  # type: ignore[union-attr]
            z.annex_list.append(blocks[i])  # type: ignore[arg-type]
            i += 1
    date_at = _date_ahead(blocks, i)
    if date_at is not None:
        z.signature = [b for b in blocks[i:date_at] if isinstance(b, Para) and ORG_LINE.match(b.text)]
        z.date = blocks[date_at]  # type: ignore[assignment]
        i = date_at + 1
    z.tail = blocks[i:]
    return z


def _outline_goes_on(blocks: list[Block], i: int) -> bool:
    """Does a level-1 section heading follow, before the annex list, an annex or the date?"""
    for blk in blocks[i:]:
        if isinstance(blk, Table):
            continue
        if (
            ANNEX_LIST.match(blk.text)
            or ANNEX_HEADING.match(blk.text)
            or ANNEX_HEADING_TITLED.match(blk.text)
            or is_date_line(blk.text)
        ):
            return False
        if LEVELS[0][1].match(blk.text):  # a level-1 heading of the outline: `二、存在问题`
            return True
    return False


def _date_ahead(blocks: list[Block], i: int, reach: int = 4) -> int | None:
    """The 成文日期 line a few paragraphs on (past the signature, a stray OCR line, a seal's text, the
    broken-off rest of an annex list's item): `reach` counts sentences, not short lines."""
    sentences = 0
    for j in range(i, len(blocks)):
        blk = blocks[j]
        if isinstance(blk, Table) or ANNEX_HEADING.match(blk.text):
            return None
        if is_date_line(blk.text):
            return j
        sentences += 1 if "。" in blk.text or len(blk.text) > SHORT_LINE else 0
        if sentences >= reach or j - i >= 2 * reach:
            return None
    return None


SHORT_LINE = LAYOUT.short_line
