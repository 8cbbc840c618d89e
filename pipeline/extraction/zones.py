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
from pipeline.extraction.paragraphs import Block, Para
from pipeline.extraction.sections import LEVELS
from schemas import Table

ORG_SUFFIX = V.ORG_SUFFIX
#: an organisation name standing alone (a banner or a signature)
ORG_LINE = re.compile(rf"^{V.HAN_CHAR}{{2,30}}?{ORG_SUFFIX}$")
BANNER = re.compile(rf"^{V.HAN_CHAR}{{2,30}}?{V.alternation(V.BANNER_SUFFIXES)}$")
HEADER_FIELD = re.compile(
    rf"{V.alternation(V.TELEGRAM_LABELS + V.ABOVE_BANNER_LABELS)}|{V.HAN_CHAR}机发\s*号|〔\d{{4}}〕\d+号"
)
MENU_ITEM = LAYOUT.menu_item
TITLE_END = re.compile(rf"{V.alternation(V.TITLE_ENDINGS)}$")
#: a web page's path, or what is left of it on a wrapped line: `文件>州政府办文件`
BREADCRUMB = re.compile(r"\S\s*[>＞»]\s*\S")
#: what may stand above the banner: `特急`, `加急·明电`, a 份号 `000128`, `秘密★1年`
ABOVE_BANNER_FIELD = re.compile(
    rf"^(?:{V.alternation(V.ALL_URGENCIES)}(?:[·・\s]?{V.alternation(V.TRANSMISSIONS)})?|\d{{5,6}}"
    rf"|{V.alternation(V.SECRECY_LEVELS)}(?:★.{{0,6}})?)$"
)
#: a line that is only a document number: `国办函〔2016〕91号`
DOC_NUMBER_LINE = re.compile(r"^\S{1,20}〔\d{4}〕\d{1,5}号$")
ANNEX_LIST = re.compile(rf"^{V.ANNEX_WORD}[:：]")
ANNEX_HEADING = re.compile(rf"^{V.ANNEX_WORD}\s*(\d{{0,2}})\s*(?:[（(]略[）)])?$")
#: a heading with its title on the same line: `附件2：2016年四季度…名单`
ANNEX_HEADING_TITLED = re.compile(rf"^{V.ANNEX_WORD}\s*(\d{{1,2}})\s*[:：.．、\s]\s*(\S.{{3,80}})$")
ANNEX_ITEM = re.compile(r"^(\d{1,2})[.．、]\s*(\S.*)$")
COLOPHON = re.compile(
    rf"^(?:{V.alternation(V.COLOPHON_LABELS)}|\S{{2,30}}\d{{4}}年\d{{1,2}}月\d{{1,2}}日印发$)"
)
OPENING_SENTENCE = re.compile(rf"{V.alternation(e[:-1] for e in V.OPENING_SENTENCE_ENDINGS)}[：:]$")
ADDRESSEE_LINE = re.compile(r"^[^。]{2,200}[：:]$")


@dataclass
class Zones:
    blocks: list[Block]
    annotation: list[Para] = field(default_factory=list)
    banner: Para | None = None
    header: list[Para] = field(default_factory=list)
    title: list[Para] = field(default_factory=list)
    addressees: Para | None = None
    body: list[Para] = field(default_factory=list)
    annex_list: list[Para] = field(default_factory=list)
    signature: list[Para] = field(default_factory=list)
    date: Para | None = None
    tail: list[Block] = field(default_factory=list)  # annex sections and colophon


def is_addressee_line(text: str) -> bool:
    """主送机关: a list of offices ending in ：, not the body's opening sentence (…通报如下：)."""
    return (
        bool(ADDRESSEE_LINE.match(text))
        and "。" not in text
        and len(text) <= 150
        and not OPENING_SENTENCE.search(text)
    )


def _paras(blocks: list[Block]) -> list[tuple[int, Para]]:
    return [(i, b) for i, b in enumerate(blocks) if isinstance(b, Para)]


def _is_banner(p: Para) -> bool:
    if len(p.text) > 30:
        return False
    return bool(BANNER.match(p.text) or ORG_LINE.match(p.text) or (p.red and p.align == "center"))


def _is_title_line(p: Para) -> bool:
    t = p.text
    return (
        len(t) <= 60
        and "。" not in t
        and not t.endswith(("：", ":"))
        and not is_date_line(t)
        and not HEADER_FIELD.search(t)
        and not re.match(r"^[一二三四五六七八九十]{1,3}、", t)
        and not BREADCRUMB.search(t)
    )


def find_banner(paras: list[tuple[int, Para]]) -> int | None:
    """Index (into paras) of the issuer banner, or of the first telegram field when there is none."""
    for k, (_, p) in enumerate(paras[:15]):
        if p.text.endswith(("：", ":")) or ("。" in p.text and len(p.text) > 40):
            return None  # the addressees or the body came first: this circular has no banner
        if _is_banner(p):
            return k
        if p.text.startswith("发电单位"):
            return k
    return None


def find_zones(blocks: list[Block]) -> Zones:
    z = Zones(blocks=blocks)
    paras = _paras(blocks)
    if not paras:
        return z
    k = 0
    b = find_banner(paras)
    if b is not None:
        above = [p for _, p in paras[:b]]
        # GB/T 9704 prints 份号, 密级 and 紧急程度 above the banner: header fields, not a handwritten note
        z.header = [p for p in above if ABOVE_BANNER_FIELD.match(p.text)]
        z.annotation = [p for p in above if not ABOVE_BANNER_FIELD.match(p.text)]
        if _is_banner(paras[b][1]) and not paras[b][1].text.startswith("发电单位"):
            z.banner = paras[b][1]
            k = b + 1
        else:
            k = b
    # header fields: telegram lines, document number, signer
    while k < len(paras) and HEADER_FIELD.search(paras[k][1].text) and len(paras[k][1].text) < 80:
        z.header.append(paras[k][1])
        k += 1
    # a web page's menu left over: a run of short items (首页, 政务公开, 政务服务…) before the title
    j = k
    while (
        j < len(paras) and len(paras[j][1].text) <= MENU_ITEM and not paras[j][1].text.endswith(("：", ":"))
    ):
        j += 1
    if j - k >= 3:
        k = j
    # title: up to three short lines without sentence punctuation
    while k < len(paras) and len(z.title) < 3 and _is_title_line(paras[k][1]):
        if (
            z.title
            and paras[k][1].align not in (None, "center")
            and z.title[-1].align == "center"
            and not (TITLE_END.search(paras[k][1].text) and not TITLE_END.search(z.title[-1].text))
        ):
            break  # body text after a centred title, not the rest of a title that has not ended yet
        z.title.append(paras[k][1])
        k += 1
    # a web page (gov.cn) prints the document number under the title
    while z.title and k < len(paras) and DOC_NUMBER_LINE.match(paras[k][1].text):
        z.header.append(paras[k][1])
        k += 1
    if k < len(paras) and is_addressee_line(paras[k][1].text):
        z.addressees = paras[k][1]
        k += 1
    body_start = k
    first_block = paras[body_start][0] if body_start < len(paras) else len(blocks)
    # the end of the body: annex list, or the signature/date, or the first annex heading or table
    end = len(blocks)
    for i in range(first_block, len(blocks)):
        blk = blocks[i]
        if isinstance(blk, Table) and _outline_goes_on(blocks, i + 1):
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
