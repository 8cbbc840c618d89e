"""The header: issuer, document number, urgency, transmission, signer, title, addressees, dates,
period covered. Both shapes of GB/T 9704 — the regular banner and the telegram (明电) form.
"""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from normalizers.dates import parse_date
from normalizers.docnumber import find_docnumber
from normalizers.regions import Region, region_of_org
from pipeline.extraction.normalize import PageMeta
from pipeline.extraction.paragraphs import Para
from pipeline.extraction.period import period
from pipeline.extraction.zones import COLOPHON, ORG_LINE, ORG_SUFFIX, Zones
from schemas import Header

URGENCY = re.compile(f"({V.alternation(V.URGENCIES)})")
TRANSMISSION = re.compile(f"({V.alternation(V.TRANSMISSIONS)})")
TELEGRAM_ISSUER = re.compile(r"发电单位[:：]?(.+?)(?=签批盖章|签发人|等级|$)")
SIGNER = re.compile(rf"(?:签批盖章|签发人)[:：]?([{V.HAN}·]{{2,4}}?)(?=等级|发电单位|[^{V.HAN}·]|$)")
NUMBER_PREFIX = re.compile(rf"^(?:等级|{V.alternation(V.ALL_URGENCIES + V.TRANSMISSIONS)}|[·\s])+")
SUBJECT_ORG = re.compile(
    rf"^({V.HAN_CHAR}{{2,40}}?{ORG_SUFFIX})(?=近期|近日|于|组织|对|在|按照|根据|开展|今年|\d)"
)
TITLE_ORG = re.compile(rf"^({V.HAN_CHAR}{{2,40}}?{ORG_SUFFIX})关于")
SHORT_PROVINCE_OFFICE = re.compile(rf"(?<!{V.HAN_CHAR})?(省政府办公厅|省人民政府办公厅|省府办公厅)")
SHORT_CITY_OFFICE = re.compile(r"(市政府办公室|市人民政府办公室|市府办公室|市政府办公厅)")
NATIONAL = re.compile(r"^(国务院|国家|中共中央|中央)")


def telegram_issuer(z: Zones) -> str | None:
    for p in z.header:
        if m := TELEGRAM_ISSUER.search(p.text):
            return m.group(1).strip()
    return None


def doc_number_fields(z: Zones, meta: PageMeta) -> dict[str, object]:
    texts = [p.text for p in [*z.header, *([z.banner] if z.banner else [])]] + [meta.doc_number or ""]
    for text in texts:
        dn = find_docnumber(text)
        if dn is None:
            continue
        agency = NUMBER_PREFIX.sub("", dn.agency) or dn.agency
        return {
            "doc_number": f"{agency}〔{dn.year}〕{dn.serial}号",
            "doc_number_agency": agency,
            "doc_number_year": dn.year,
            "doc_number_serial": dn.serial,
        }
    return {}


def title_text(z: Zones, hint: str | None) -> str | None:
    if z.title:
        return "".join(p.text for p in z.title)
    return hint


def addressee_list(p: Para | None) -> list[str]:
    if p is None:
        return []
    text = p.text.rstrip("：:。")
    return [a.strip() for a in re.split(r"[，,；;]", text) if a.strip()]


#: 主送机关 printed in the colophon (版记) instead of above the body
MAIN_TO = re.compile(r"^主送[:：]\s*(\S.*)$")


def addressees(z: Zones) -> list[str]:
    """The 主送机关: the line under the title, or the colophon's `主送：` line."""
    if z.addressees is not None:
        return addressee_list(z.addressees)
    for i, b in enumerate(z.blocks):
        if isinstance(b, Para) and (m := MAIN_TO.match(b.text)):
            text = m.group(1)
            for nxt in z.blocks[i + 1 : i + 5]:  # the line wrapped in the 版记's narrow measure
                if (
                    text.endswith(("。", "：", ":"))
                    or not isinstance(nxt, Para)
                    or COLOPHON.match(nxt.text)
                    or nxt.text[:4].isdigit()
                ):  # the next field of the 版记, or its 印发 date
                    break
                text += nxt.text
            return addressee_list(Para(text=text, page_no=b.page_no))
    return []


def _expand_office(short: str, region: Region | None) -> str | None:
    """`省政府办公厅` + the province from context → `贵州省人民政府办公厅`."""
    if region is None:
        return None
    if short.startswith("省") and region.province:
        return f"{region.province}人民政府办公厅"
    if short.startswith("市") and region.city:
        return f"{region.city}人民政府办公室"
    return None


#: an office named without its place (`政府办公厅`, a portal's menu item): never the issuer's full name
PLACELESS_ORG = re.compile(r"^(?:省|市|县|区|州|自治区)?(?:人民)?政府(?:办公厅|办公室)?$")


def issuer_name(z: Zones, title: str | None, meta: PageMeta, year: int | None) -> str | None:
    """The issuing office, by the strongest evidence available, in the order GB/T 9704 places it."""
    if name := telegram_issuer(z):
        return name
    if z.banner is not None:
        text = re.sub(r"(文件|发电)$", "", z.banner.text)
        if ORG_LINE.match(text) and not PLACELESS_ORG.match(text):
            return text
    for p in z.signature:
        return p.text
    if title and (m := TITLE_ORG.match(title)):
        return m.group(1)
    if meta.issuer:  # the web page's 政府信息公开 metadata box
        return meta.issuer
    if z.body and (m := SUBJECT_ORG.match(z.body[0].text)):
        return m.group(1)
    context = " ".join(x for x in (title, meta.source_site, z.banner.text if z.banner else None) if x)
    region = region_of_org(context, year) if context else None
    for p in z.body[:3]:
        for rx in (SHORT_PROVINCE_OFFICE, SHORT_CITY_OFFICE):
            if (m := rx.search(p.text)) and (full := _expand_office(m.group(1), region)):
                return full
    if z.banner is not None:  # a banner such as `云南省发电` names at least the region
        return re.sub(r"(文件|发电)$", "", z.banner.text)
    return None


def issuer_place(issuer: str | None, year: int | None) -> dict[str, object]:
    if not issuer:
        return {}
    if NATIONAL.match(issuer):
        return {"issuer_level": "national"}
    region = region_of_org(issuer, year)
    if region is None:
        return {}
    if region.code.endswith("0000"):
        level = "provincial"
    elif region.code.endswith("00"):
        level = "municipal"
    else:
        level = "county"
    city = region.city if level != "provincial" else None
    return {"issuer_level": level, "issuer_province": region.province, "issuer_city": city}


def signer(z: Zones) -> str | None:
    for p in z.header:
        if m := SIGNER.search(p.text):
            return m.group(1)
    return None


def header(z: Zones, meta: PageMeta, hint: str | None) -> Header:
    title = title_text(z, meta.title or hint)
    issue_date = parse_date(z.date.text) if z.date else None
    if issue_date is None and meta.issue_date:
        issue_date = parse_date(meta.issue_date)
    publish = parse_date(meta.publish_date) if meta.publish_date else None
    fields: dict[str, object] = {
        "title": title,
        "addressees": addressees(z),
        "issue_date": issue_date,
        "publish_date": publish,
        "signer": signer(z),
    }
    head_text = " ".join(p.text for p in z.header)
    if m := URGENCY.search(head_text):
        fields["urgency"] = m.group(1)
    if m := TRANSMISSION.search(head_text):
        fields["transmission"] = m.group(1)
    fields.update(doc_number_fields(z, meta))
    fields.update(period(title, [p.text for p in z.body], [p.text for p in z.annex_list], issue_date))
    year = issue_date.year if issue_date else fields.get("period_year")
    issuer = issuer_name(z, title, meta, year if isinstance(year, int) else None)
    fields["issuer"] = issuer
    fields.update(issuer_place(issuer, year if isinstance(year, int) else None))
    return Header.model_validate(fields)
