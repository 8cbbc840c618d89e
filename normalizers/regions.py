"""Administrative regions (GB/T 2260) from site codes and from names as circulars print them.

Circulars name places in full (`红河哈尼族彝族自治州`), by their usual short form (`红河州`, `红河`)
or not at all (`省农业厅`); site codes (网站标识码) start with the 6-digit GB/T 2260 code. The
revision used is the one in force in the document's year, since codes and names change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from normalizers.chinese import strip_spaces, to_simplified
from normalizers.revisions import code_lifetimes as _code_lifetimes
from normalizers.revisions import history as _history
from normalizers.revisions import revision_for_year
from normalizers.revisions import schema as _schema

__all__ = [
    "Region",
    "gazetteer",
    "lookup_region",
    "org_prefix",
    "place_candidates",
    "region_from_code",
    "region_from_site_code",
    "region_of_org",
    "revision_for_year",
    "same_region",
    "short_names",
]

_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


@dataclass(frozen=True)
class Region:
    """One division with the full names of its province, prefecture-level city and county.

    For a municipality (北京, 上海, 天津, 重庆) `city` is None, as for a county governed directly by its
    province (仙桃市): GB/T 2260 puts a 直辖市's districts under 市辖区 and 县, which name no city.
    """

    code: str
    province: str | None
    city: str | None
    county: str | None

    @property
    def level(self) -> str:
        """province, city or county, from the code."""
        return _level_name(self.code)

    @property
    def municipality(self) -> bool:
        """In 北京, 天津, 上海 or 重庆, which are provinces and cities at once."""
        return self.code[:2] in _MUNICIPALITIES

    @property
    def name(self) -> str | None:
        """The most specific name: county, else city, else province."""
        return self.county or self.city or self.province


def _level(code: str) -> int:
    if code.endswith("0000"):
        return 0
    return 1 if code.endswith("00") else 2


def _level_name(code: str) -> str:
    return ("province", "city", "county")[_level(code)]


# --- revisions --------------------------------------------------------------------------------


def _region_in(code: str, schema: dict[str, str]) -> Region | None:
    province = schema.get(code[:2] + "0000")
    if province is None:
        return None
    if code.endswith("0000"):
        return Region(code, province, None, None)
    muni = code[:2] in _MUNICIPALITIES
    if code.endswith("00"):
        if muni and code[2:4] in ("01", "02"):  # 110100 市辖区 / 500200 县 in older lists: no city
            return Region(code, province, None, None)
        city = schema.get(code)
        return Region(code, province, city, None) if city else None
    county = schema.get(code)
    if county is None:
        return None
    # a 直辖市's districts and counties sit under 市辖区 / 县, which name no city: the city is NULL
    city = None if muni else schema.get(code[:4] + "00")
    return Region(code, province, city, county)


@lru_cache(maxsize=4096)
def region_from_code(code6: str, year: int | None = None) -> Region | None:
    """The Region for a 6-digit GB/T 2260 code in the revision of `year`.

    A code missing from that revision (a county created or abolished around then) is read from
    the nearest revision that lists it, so a finding is not lost to a renaming.
    """
    code = strip_spaces(code6)
    if not re.fullmatch(r"\d{6}", code):
        return None
    wanted = revision_for_year(year)
    region = _region_in(code, _schema(wanted))
    if region is not None:
        return region
    lifetime = _code_lifetimes().get(code)
    if lifetime is None:
        return None
    first, last = lifetime
    nearest = min(max(wanted, first), last)
    for rev in dict.fromkeys((nearest, last, first)):
        region = _region_in(code, _schema(rev))
        if region is not None:
            return region
    return None


def region_from_site_code(site_code: str, year: int | None = None) -> Region | None:
    """The Region of a 10-character 网站标识码 (`5304230001` → 通海县), from its first 6 digits."""
    code = strip_spaces(site_code)
    if not re.fullmatch(r"\d{6}[0-9A-Za-z]{4}", code):
        return None
    return region_from_code(code[:6], year)


# --- names ------------------------------------------------------------------------------------

# The 55 minorities as they appear in autonomous-area names, and 各族 (各族自治县).
_ETHNIC = (  # noqa: SIM905 - a word list reads best as words
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_ALT = "|".join(sorted(_ETHNIC, key=len, reverse=True))
_AUTONOMOUS = re.compile(
    rf"^(?P<stem>.+?)(?:(?:{_ETHNIC_ALT})族|蒙古|维吾尔|哈萨克|柯尔克孜)*(?P<kind>自治州|自治县|自治旗|自治区)$"
)
_PLAIN = re.compile(r"^(?P<stem>.+?)(?P<kind>特别行政区|地区|林区|省|市|县|盟)$")
_SUFFIX_OF = {"自治州": "州", "自治县": "县"}


def _forms(full_name: str) -> list[tuple[str, bool]]:
    """Short forms, each flagged True when a bare stem (`红河`), False when it keeps a suffix (`红河州`)."""
    m = _AUTONOMOUS.match(full_name) or _PLAIN.match(full_name)
    if m is None:  # districts (区), banners (旗): the stems are too generic to stand alone
        return []
    stem, kind = m["stem"], m["kind"]
    if kind.startswith("自治"):
        if len(stem) < 2:  # 内蒙古自治区: the "ethnic group" is the name
            stem = full_name[: -len(kind)]
        stem = stem.removesuffix("族")  # 东乡族自治县 → 东乡
    if len(stem) < 2 or kind == "自治旗":  # banners are printed in full
        return []
    forms = [(stem + _SUFFIX_OF[kind], False)] if kind in _SUFFIX_OF else []
    forms.append((stem, True))
    return [(f, bare) for f, bare in forms if f != full_name]


def short_names(full_name: str) -> list[str]:
    """The forms circulars use for a full name: `红河哈尼族彝族自治州` → [`红河州`, `红河`].

    Never a one-character name, and nothing for districts (`龙湖区` → []), whose stems are generic.
    """
    return [form for form, _ in _forms(full_name)]


class _Index:
    """Name → codes for one revision, split by how safe the name is to match in running text."""

    def __init__(self, schema: dict[str, str], pairs: Iterable[tuple[str, str]] | None = None) -> None:
        self.schema = schema
        self.full: dict[str, list[str]] = defaultdict(list)
        self.suffixed: dict[str, list[str]] = defaultdict(list)
        self.bare: dict[str, list[str]] = defaultdict(list)
        for code, name in schema.items() if pairs is None else pairs:
            self.full[name].append(code)
            for form, bare in _forms(name):
                (self.bare if bare else self.suffixed)[form].append(code)
            m = _AUTONOMOUS.match(name)
            if m and len(m["stem"]) >= 2 and m["kind"] in ("自治州", "自治县"):  # 镇宁自治县
                self.suffixed[m["stem"] + m["kind"]].append(code)
        self.provinces = {code[:2]: name for code, name in schema.items() if code.endswith("0000")}

    def candidates(self, name: str, *, bare_counties: bool = True) -> list[str]:
        """Codes a name may denote: full names win over short forms."""
        if name in self.full:
            return list(self.full[name])
        codes = self.suffixed.get(name, []) + [
            c for c in self.bare.get(name, []) if bare_counties or _level(c) < 2
        ]
        return list(dict.fromkeys(codes))

    def province_prefix(self, province: str | None) -> str | None:
        if not province:
            return None
        name = to_simplified(strip_spaces(province))
        for prefix, full in self.provinces.items():
            if name == full or name in short_names(full):
                return prefix
        return None


@lru_cache(maxsize=16)
def _index(revision: str) -> _Index:
    return _Index(_schema(revision))


@lru_cache(maxsize=1)
def _every_revision() -> _Index:
    """Every name and short form any revision gave any code (襄樊 and 襄阳 are both 420600)."""
    return _Index({}, sorted(_history()))


def _top(codes: Iterable[str], within: str | None = None) -> list[str]:
    """The candidates a circular means: those inside `within` (a code prefix), at the highest level.

    `红河` is both 红河州 and its 红河县, `吉林` both the province and its city: circulars mean the
    higher level. Several left at the same level (`朝阳区`) is an ambiguous name.
    """
    pool = list(dict.fromkeys(c for c in codes if within is None or c.startswith(within)))
    if not pool:
        return []
    top = min(_level(c) for c in pool)
    return [c for c in pool if _level(c) == top]


def _resolve(codes: Iterable[str], prefix: str | None = None) -> str | None:
    """The one code `_top` leaves, or None when it leaves none or several."""
    best = _top(codes, prefix)
    return best[0] if len(best) == 1 else None


def _normalise(name: str) -> str:
    return to_simplified(strip_spaces(name))


def lookup_region(name: str, year: int | None = None, province: str | None = None) -> Region | None:
    """Resolve a printed region name, full or short (`玉溪`, `龙湖区`, `贵州省`); None if unknown
    or ambiguous. `province` (full or short name) restricts the search, e.g. for `朝阳区`."""
    idx = _index(revision_for_year(year))
    code = _resolve(idx.candidates(_normalise(name)), idx.province_prefix(province))
    return _region_in(code, idx.schema) if code else None


def _within(code: str | None) -> str | None:
    """The prefix of a code's area: 2 digits for a province, 4 for a city, 6 for a county."""
    if not code:
        return None
    return code[: (2, 4, 6)[_level(code)]]


def place_candidates(name: str, year: int | None = None, within: str | None = None) -> list[Region]:
    """Every division a printed name may denote, named as in the year's revision; one is a placed
    name, several an ambiguous one (`朝阳区` in China), none an unknown one.

    `within` (a GB/T 2260 code) keeps the readings inside that province or city. A name the year's
    revision lacks is read through the revisions that had it, so a renamed division is found by its
    code (`襄樊` in 2015 is 420600, then called 襄阳市).
    """
    text, prefix = _normalise(name), _within(within)
    idx = _index(revision_for_year(year))
    codes = _top(idx.candidates(text), prefix)
    if not codes:  # of the codes other revisions give the name, those in use nearest the year
        wanted = int(revision_for_year(year))
        spans = _code_lifetimes()
        codes = _top(_every_revision().candidates(text), prefix)
        gaps = {c: max(int(spans[c][0]) - wanted, wanted - int(spans[c][1]), 0) for c in codes}
        codes = [c for c in codes if gaps[c] == min(gaps.values())]
    found = [region_from_code(c, year) for c in codes]
    return list(dict.fromkeys(r for r in found if r is not None))


def _descendant(idx: _Index, parent: str, rest: str) -> tuple[str, int] | None:
    """A division inside `parent` named at the start of `rest` (full or suffixed names only)."""
    depth = 2 if _level(parent) == 0 else 4
    for n in range(min(len(rest), 20), 1, -1):
        head = rest[:n]
        codes = [
            c
            for c in idx.full.get(head, []) + idx.suffixed.get(head, [])
            if c.startswith(parent[:depth]) and _level(c) > _level(parent)
        ]
        code = _resolve(codes)
        if code:
            return code, n
    return None


def region_of_org(org_name: str, year: int | None = None, province: str | None = None) -> Region | None:
    """The region an organisation's name begins with (`汕头市人民政府办公室` → 汕头市), longest first.

    A following subdivision refines it (`玉溪市峨山彝族自治县财政局` → 峨山县). `省…`
    resolves to `province` when given. Bare county stems are not matched at the start of a name, as
    they collide with words (`公安部` is not 公安县).
    """
    found = org_prefix(org_name, year, province)
    return found[0] if found else None


def org_prefix(
    org_name: str, year: int | None = None, province: str | None = None
) -> tuple[Region, int] | None:
    """`region_of_org`, with how many characters of the (normalised) name the region took:
    `聊城市教育局` → (聊城市, 3), so the rest (`教育局`) is what the organisation is within it."""
    text = _normalise(org_name)
    idx = _index(revision_for_year(year))
    prefix = idx.province_prefix(province)
    if text.startswith("省") and prefix is not None:
        region = _region_in(prefix + "0000", idx.schema)
        return (region, 1) if region else None
    for n in range(min(len(text), 20), 1, -1):
        candidates = idx.candidates(text[:n], bare_counties=False)
        if not candidates:
            continue
        code = _resolve(candidates, prefix)
        if code is None:
            return None  # ambiguous: a shorter prefix would only guess
        used = n
        while _level(code) < 2 and (sub := _descendant(idx, code, text[used:])):
            code, more = sub
            used += more
        region = _region_in(code, idx.schema)
        return (region, used) if region else None
    return None


def _contains(outer: str, inner: str) -> bool:
    depth = (2, 4, 6)[_level(outer)]
    return inner[:depth] == outer[:depth]


def same_region(reported: str, region: Region, year: int | None = None) -> bool | None:
    """Does a printed region cell (`玉溪`, `红河`, `龙湖区`) name the Region or one of its parents?

    None when the cell is not a region name (`省教育厅`), so no check is possible. An ambiguous name
    matches when any of its readings does.
    """
    cell = _normalise(reported)
    if not cell:
        return None
    idx = _index(revision_for_year(year))
    codes = idx.candidates(cell)
    if not codes:
        org = region_of_org(cell, year)
        if org is None:
            return None
        codes = [org.code]
    return any(_contains(c, region.code) for c in codes)


@lru_cache(maxsize=8)
def _gazetteer(revision: str, county_stems: bool) -> tuple[tuple[str, str], ...]:
    idx = _index(revision)
    pairs = {(name, code) for name, codes in idx.full.items() for code in codes}
    for table, bare in ((idx.suffixed, False), (idx.bare, True)):
        for name, codes in table.items():
            if name in idx.full:
                continue
            allowed = [c for c in codes if not bare or county_stems or _level(c) < 2]
            code = _resolve(allowed)
            if code:
                pairs.add((name, code))
    return tuple(sorted(pairs))


def gazetteer(year: int | None = None, *, county_stems: bool = False) -> list[tuple[str, str]]:
    """(name, code) for every full name and unambiguous short form of the year's revision.

    For a PhraseMatcher over body text. Bare county stems (`通海`, but also `公安`, `东方`) are left
    out unless `county_stems`, since many are ordinary words; full and suffixed forms are kept.
    """
    return list(_gazetteer(revision_for_year(year), county_stems))
