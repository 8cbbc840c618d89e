"""The header: issuer, document number, urgency, transmission, signer, title, addressees, dates,
period covered. Both shapes of GB/T 9704 — the regular banner and the telegram (明电) form.
"""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from normalizers.dates import parse_date
from normalizers.docnumber import find_docnumber
from pipeline.extraction.front import HEADLINE, HEADLINE_PARTS, title_score
from pipeline.extraction.issuer import TELEGRAM_ISSUER, issuer_name, issuer_place
from pipeline.extraction.normalize import PageMeta
from pipeline.extraction.paragraphs import Para
from pipeline.extraction.period import period
from pipeline.extraction.zones import COLOPHON, Zones
from schemas import Doubt, Header, doubts

URGENCY = re.compile(f"({V.alternation(V.URGENCIES)})")
TRANSMISSION = re.compile(f"({V.alternation(V.TRANSMISSIONS)})")
SIGNER = re.compile(rf"(?:签批盖章|签发人)[:：]?([{V.HAN}·]{{2,4}}?)(?=等级|发电单位|[^{V.HAN}·]|$)")
NUMBER_PREFIX = re.compile(rf"^(?:等级|{V.alternation(V.ALL_URGENCIES + V.TRANSMISSIONS)}|[·\s])+")


def telegram_issuer(z: Zones) -> str | None:
    for p in z.header:
        if m := TELEGRAM_ISSUER.search(p.text):
            return m.group(1).strip()
    return None


def doc_number_fields(z: Zones, meta: PageMeta) -> dict[str, object]:
    """The 发文字号 printed in the header, else given by the metadata box or an aggregator's headline
    (`文号《title》`); never one the body cites."""
    headlines = [p.text for p in z.evidence if HEADLINE.match(p.text)]
    texts = [p.text for p in [*z.header, *([z.banner] if z.banner else [])]]
    for text in [*texts, meta.doc_number or "", *headlines]:
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


def page_title(hint: str | None) -> str | None:
    """The part of a page's `<title>` that can be a circular's title (`关于…的通报_政府文件_某市`);
    a page titled by its section (`政府信息公开`) names no circular."""
    if not hint:
        return None
    scored = [(title_score(part), part) for part in [hint, *HEADLINE_PARTS.split(hint)] if part]
    score, part = max(scored, key=lambda x: x[0])
    return part if score else None


def title_text(z: Zones, hint: str | None) -> str | None:
    if z.title:
        return "".join(p.text for p in z.title)
    return z.title_text or hint


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


def _issuer(z: Zones, title: str | None, meta: PageMeta, year: int | None) -> str | None:
    return issuer_name(
        telegram=telegram_issuer(z),
        title=title,
        banner=z.banner.text if z.banner else None,
        signature=z.signature[0].text if z.signature else None,
        meta_issuer=meta.issuer,
        source=meta.source_site,
        body=[p.text for p in z.body[:3]],
        context=[x for x in [meta.source_site, *(p.text for p in z.evidence)] if x],
        year=year,
    )


def signer(z: Zones) -> str | None:
    for p in z.header:
        if m := SIGNER.search(p.text):
            return m.group(1)
    return None


def header(z: Zones, meta: PageMeta, hint: str | None) -> Header:
    title = title_text(z, meta.title or page_title(hint))
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
    # a period without its year is the last before the circular went out: issued, else published
    fields.update(
        period(title, [p.text for p in z.body], [p.text for p in z.annex_list], issue_date or publish)
    )
    year = issue_date.year if issue_date else fields.get("period_year")
    issuer = _issuer(z, title, meta, year if isinstance(year, int) else None)
    fields["issuer"] = issuer
    fields.update(issuer_place(issuer, year if isinstance(year, int) else None))
    return Header.model_validate(fields)


def inference_doubts(z: Zones, meta: PageMeta, head: Header) -> list[Doubt]:
    """An issuer no header line printed (a headless copy's, inferred from its body) is a doubt."""
    printed = head.title or z.banner or z.signature or meta.issuer or telegram_issuer(z)
    if head.issuer is None or printed:
        return []
    return [doubts.issuer_inferred(head.issuer, " ".join(p.text for p in z.body[:1])[:40])]
