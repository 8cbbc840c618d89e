"""The issuing office, by evidence: the telegram's 发电单位, the title's `X关于…`, the banner, the
signature, the page's metadata, the body's first sentence — and, when the name is printed short
(`省政府办公厅关于…`, `市人民政府办公室关于…`), the place that GB/T 2260 finds in the rest of the
page (the portal's name, the metadata, the source line) to complete it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from normalizers import vocabulary as V
from normalizers.regions import Region, gazetteer, region_from_code, region_of_org
from pipeline.extraction.front import ORG_LINE, ORG_SUFFIX

TELEGRAM_ISSUER = re.compile(r"发电单位[:：]?(.+?)(?=签批盖章|签发人|等级|$)")
TITLE_ORG = re.compile(rf"^({V.HAN_CHAR}{{2,40}}?{ORG_SUFFIX})关于")
SUBJECT_ORG = re.compile(
    rf"^({V.HAN_CHAR}{{2,40}}?{ORG_SUFFIX})(?=近期|近日|于|组织|对|在|按照|根据|开展|今年|\d)"
)
#: an office named without its place (`政府办公厅`, `市人民政府办公室`, a portal's menu item): never
#: the issuer's full name as it stands, but completed by the place the page names elsewhere
PLACELESS_ORG = re.compile(
    r"^(?P<level>省|市|县|区|州|盟|自治区)?(?:人民)?政府(?P<office>办公厅|办公室)?$|"
    r"^(?P<level2>省|市|县|区|州|盟|自治区)(?:人民)?政府(?P<office2>办公厅|办公室)$|"
    r"^(?P<level3>省|市|县|州)府(?P<office3>办公厅|办公室)$"
)
SHORT_OFFICE = re.compile(
    rf"(?<!{V.HAN_CHAR})(省|市)(?:人民)?(?:政府|府)(办公厅|办公室)|^(省|市)(?:人民)?(?:政府|府)(办公厅|办公室)"
)
NATIONAL = re.compile(V.CENTRAL_ISSUER_PATTERN)
SELF = re.compile(V.alternation(V.SELF_REFERENCES))
SCOPE = re.compile(V.alternation(V.SCOPE_LEVELS))
#: how much of the body the inference reads
OPENING = 4
BANNER_SUFFIX = re.compile(f"{V.alternation(V.BANNER_SUFFIXES)}$")


def _short(name: str) -> tuple[str, str] | None:
    """(level, office) of an office printed without its place, else None."""
    m = PLACELESS_ORG.match(name)
    if m is None:
        return None
    level = m["level"] or m["level2"] or m["level3"] or ""
    office = m["office"] or m["office2"] or m["office3"] or ""
    return level, office


def complete(name: str, context: Iterable[str], year: int | None) -> str | None:
    """`省政府办公厅` + a page that names 江苏省 → `江苏省人民政府办公厅`; a full name as it is."""
    short = _short(name)
    if short is None:
        return name
    level, office = short
    for text in context:
        region = region_of_org(text, year) if text else None
        if region is None:
            continue
        place = _place(region, level)
        if place:
            return f"{place}人民政府{office}"
    return None


def expands(short: str, full: str) -> bool:
    """`full` is the name `short` abbreviates: longer, ending in the same office, and holding the short
    name's characters in order (`市场监管总局办公厅` in `国家市场监督管理总局办公厅`), as Chinese
    abbreviations are made."""
    if len(full) <= len(short) or full[-2:] != short[-2:]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def _expanded(name: str, others: Iterable[str | None]) -> str:
    """The name in full when other evidence (the metadata's 发布机构, the signature) prints it so."""
    return next((o for o in others if o and ORG_LINE.match(o) and expands(name, o)), name)


def _place(region: Region, level: str) -> str | None:
    if level in ("省", "自治区"):
        return region.province
    if level in ("市", "州", "盟"):
        return region.province if region.municipality else region.city
    if level in ("县", "区"):
        return region.county
    return region.name


def issuer_name(
    *,
    telegram: str | None,
    title: str | None,
    banner: str | None,
    signature: str | None,
    meta_issuer: str | None,
    source: str | None = None,
    body: list[str],
    context: list[str],
    year: int | None,
) -> str | None:
    """The issuing office, by the strongest evidence available.

    The title's own `X关于` names the office that wrote it; a banner agrees with it or is the site's
    name above a page (`宜昌市人民政府` over `市人民政府办公室关于…`), so the title's name wins when it
    extends the banner's. `context` is every other text that may name the place (banner, metadata,
    source line, the page's own name, the title) for completing a name printed without its place."""
    if telegram:
        return telegram
    places = [x for x in [banner, meta_issuer, *context, title] if x]
    from_title = None
    if title and (m := TITLE_ORG.match(title)):
        from_title = complete(m.group(1), places, year)
    printed = None
    if banner is not None:
        text = BANNER_SUFFIX.sub("", banner)
        if ORG_LINE.match(text) and _short(text) is None:
            printed = text
    if from_title and (printed is None or from_title.startswith(printed)):
        return _expanded(from_title, [meta_issuer, signature])
    if printed:
        return printed
    if signature:  # as signed, with its place when signed short (`省政府办公厅`)
        return complete(signature, places, year) or signature
    if meta_issuer and (full := complete(meta_issuer, places, year)):
        return full
    if body and (m := SUBJECT_ORG.match(body[0])) and (full := complete(m.group(1), places, year)):
        return full
    for text in body[:3]:
        for m in SHORT_OFFICE.finditer(text):
            level, office = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if full := complete(f"{level}政府{office}", places, year):
                return full
    full = complete(source, places, year) if source and ORG_LINE.match(source) else None
    if full and (region_of_org(full, year) or NATIONAL.match(full)):  # the page's `来源：…办公厅`
        return full
    if banner is not None:  # a banner such as `云南省发电` names at least the region
        return BANNER_SUFFIX.sub("", banner)
    if not title and not meta_issuer:
        return inferred_issuer(body, year)
    return None


@lru_cache(maxsize=8)
def _places(year: int | None, level: str) -> tuple[re.Pattern[str], dict[str, str]]:
    depth = {"province": 0, "city": 1, "county": 2}[level]
    names = {
        name: code
        for name, code in gazetteer(year)
        if (code.endswith("0000") if depth == 0 else code.endswith("00") and not code.endswith("0000"))
        or (depth == 2 and not code.endswith("00"))
    }
    return re.compile(V.alternation(names)), names


def inferred_issuer(body: list[str], year: int | None) -> str | None:
    """A copy that starts with the body names its issuer only as `我厅` or `我办`: with the scope
    of its checks (`全省政府网站`) and the place of that level it names most (`《海南省政府网站管理
    办法》`, `儋州市`), that is the place's general office. None unless all three agree on one."""
    text = "".join(body[:OPENING])
    me, scope = SELF.search(text), SCOPE.search(text)
    if me is None or scope is None:
        return None
    level = V.SCOPE_LEVELS[scope.group(0)]
    pattern, codes = _places(year, level)
    counts = Counter(codes[m.group(0)] for m in pattern.finditer(text))
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    region = region_from_code(ranked[0][0], year)
    place = region and _place(region, {"province": "省", "city": "市", "county": "县"}[level])
    if not place:
        return None
    office = V.SELF_REFERENCES[me.group(0)]
    return f"{place}人民政府{'办公厅' if level == 'province' else office}"


def issuer_place(issuer: str | None, year: int | None) -> dict[str, object]:
    if not issuer:
        return {}
    if issuer.startswith(V.PROVINCIAL_NON_REGIONS):
        return {"issuer_level": "provincial", "issuer_province": None, "issuer_city": None}
    region = region_of_org(issuer, year)
    if region is None:
        return {"issuer_level": "national"} if NATIONAL.match(issuer) else {}
    if region.code.endswith("0000"):
        level = "provincial"
    elif region.code.endswith("00"):
        level = "municipal"
    else:
        level = "county"
    city = region.city if level != "provincial" else None
    return {"issuer_level": level, "issuer_province": region.province, "issuer_city": city}
