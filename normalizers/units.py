"""Units as circulars print them, placed on the map: the GB/T 2260 division a unit is or belongs to,
its full name for the circular's year, and the level of government it is part of.

A deductions table, or the region column of a findings table, lists places by their full or usual
short names (`聊城`, `聊城市`, `聊城市人民政府`, `东昌府区`), departments (`省交通运输厅`, `市林业局`,
`四川省教育考试院`, `公安部`), groups of departments (`省直部门`), sometimes towns (`童坊镇`). Each is
read against the issuing government, the one thing a circular never prints beside its units:

- a place is looked up in the revision of GB/T 2260 in force that year, inside the issuer's city,
  else its province (nationwide for a national circular), so `中山区` in a 大连 circular is 大连's;
  a name only another revision knows is found by its code (`襄樊` in 2015 is 420600, 襄阳市);
- a department belongs to the place its name starts with, else to the issuer's government: a level
  word (`省`, `市`, `县`, `区`, `州`…) picks the nearest of the issuer's governments it names (`区直部门`
  in 宁夏回族自治区 is the autonomous region's), none the issuer's own (`交通运输厅`), and a
  ministry (`公安部`) in a national circular is national;
- a town or street is below GB/T 2260's six digits: it is placed at its county.

Ambiguous names (`朝阳区` nationwide), names that read like a division but are none GB/T 2260 knows
(`新右旗`), and departments whose government the circular does not say are left unplaced with the
reason, for the caller's doubt: nothing is guessed. Zones (`冀南新区`, `平潭综合实验区`) are no
division and are left unplaced without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from normalizers.chinese import strip_spaces, to_simplified
from normalizers.regions import Region, org_prefix, place_candidates, region_from_code, region_of_org

__all__ = ["Government", "Placement", "UnitLevel", "government", "level_of", "place_unit"]

UnitLevel = Literal["national", "provincial", "municipal", "county", "township"]
Problem = Literal["ambiguous", "unknown", "no_government"]

#: endings that make a name an office, not a place
DEPARTMENT_ENDINGS = (
    *("厅", "局", "委", "办", "室", "院", "会", "部", "中心", "所", "站", "馆", "社", "处", "署", "队"),
    *("部门", "单位", "机构"),
)
#: level words a department's name may start with, each naming one of the issuer's governments
LEVEL_WORDS = ("自治区", "自治州", "自治县", "地区", "省", "市", "州", "盟", "县", "区", "旗")
#: a unit standing for a government's departments as a group: 省直部门, 市直单位, 省政府部门, 区直部门
GROUP = re.compile(
    "^(?P<word>" + "|".join(LEVEL_WORDS) + r")?(?:政府)?(?:直属|直|级)?(?:各|有关)*(?:部门|单位|机构)$"
)
#: who a department of no place belongs to when its name says so: the State (国家林业局, 国务院…)
NATIONAL_PREFIXES = ("国家", "国务院", "中央", "全国", "中国")
#: township-level units, below GB/T 2260's six digits: placed at their county
TOWN_ENDINGS = ("街道办事处", "街道", "民族乡", "镇", "乡", "苏木")
#: zones GB/T 2260 does not list (a listed one, 浦东新区, is found as a place first)
ZONE_ENDINGS = ("开发区", "高新区", "新区", "实验区", "示范区", "试验区", "管理区", "管委会", "园区")
#: endings of division names: such a name that GB/T 2260 cannot place is worth a doubt
DIVISION_ENDINGS = ("特别行政区", "自治区", "地区", "省", "市", "州", "盟", "县", "旗", "区")
#: what follows a place in the name of its government, which stands for the place
GOVERNMENT_SUFFIXES = ("人民政府", "政府")
_NOTE = re.compile(r"[（(][^（）()]*[）)]")  # `聊城市（含经开区）`: a note, not the name


@dataclass(frozen=True)
class Placement:
    """Where a unit is: `region` is the division it is (a place) or belongs to (a department, a
    town); None with a `problem` when it cannot be placed, with `candidates` when ambiguous."""

    region: Region | None = None
    level: UnitLevel | None = None
    full_name: str | None = None
    problem: Problem | None = None
    candidates: tuple[Region, ...] = ()

    @property
    def code(self) -> str | None:
        return self.region.code if self.region else None


@dataclass(frozen=True)
class Government:
    """The issuing government: its division (None for the State, or when unknown) and the year."""

    region: Region | None
    national: bool
    year: int | None

    def chain(self) -> list[Region]:
        """The issuer's division and those above it, innermost first."""
        if self.region is None:
            return []
        code = self.region.code
        codes = dict.fromkeys([code, code[:4] + "00", code[:2] + "0000"])
        found = [region_from_code(c, self.year) for c in codes]
        return [r for r in found if r is not None]


def government(
    issuer: str | None, issuer_level: str | None, province: str | None, city: str | None, year: int | None
) -> Government:
    """The issuing government from the header: the division the issuer's name starts with, else its
    city or province as the header read them."""
    if issuer_level == "national":
        return Government(None, True, year)
    region = region_of_org(issuer, year, province) if issuer else None
    for name in (city, province):
        if region is None and name:
            found = place_candidates(name, year)
            region = found[0] if len(found) == 1 else None
    return Government(region, False, year)


def level_of(region: Region) -> UnitLevel:
    """provincial for a province (and 北京, 上海, 天津, 重庆), municipal for a prefecture, else county."""
    if region.level == "province" or (region.level == "city" and region.municipality):
        return "provincial"
    return "municipal" if region.level == "city" else "county"


def place_unit(printed: str, gov: Government) -> Placement:
    """Place a unit as printed (see the module docstring for the rules, in the order applied)."""
    return _place(_clean(printed), gov)


@lru_cache(maxsize=4096)
def _place(name: str, gov: Government) -> Placement:
    if not name:
        return Placement()
    group = GROUP.match(name)
    if group:
        return _of_issuer(name, group["word"], gov)
    if not name.endswith(DEPARTMENT_ENDINGS + TOWN_ENDINGS):  # no division's name ends so
        found = _lookup(name, gov)
        if len(found) == 1:
            return Placement(found[0], level_of(found[0]), found[0].name)
        if found:
            return Placement(problem="ambiguous", candidates=tuple(found))
    province = gov.region.province if gov.region else None
    prefix = org_prefix(name, gov.year, province)
    if prefix is not None:  # 聊城市东昌府区 is the district; 聊城市教育局 a department there
        region, used = prefix
        if used == len(name):
            return Placement(region, level_of(region), region.name)
        return _within(region, name[used:])
    if name.endswith(ZONE_ENDINGS):
        return Placement()
    word = next((w for w in LEVEL_WORDS if name.startswith(w) and len(name) > len(w)), None)
    if name.endswith(TOWN_ENDINGS):  # before offices: 街道办事处 is a town's
        county = gov.region if gov.region and gov.region.level == "county" else None
        if county is None:
            return Placement(problem="no_government")
        return Placement(county, "township", (county.name or "") + name)
    if name.endswith(DEPARTMENT_ENDINGS):
        return _of_issuer(name, word, gov)
    if name.endswith(DIVISION_ENDINGS):
        return Placement(problem="unknown")
    return Placement()


def _clean(printed: str) -> str:
    name = _NOTE.sub("", to_simplified(strip_spaces(printed))).strip("，,。、；;:：")
    for suffix in GOVERNMENT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _lookup(name: str, gov: Government) -> list[Region]:
    """Place readings of the name inside the issuer's city, else its province; nationwide for a
    national circular or an issuer not placed."""
    chain = gov.chain()
    scopes: list[str | None] = [r.code for r in chain if r.level != "county"]
    if not scopes:
        scopes = [None]
    for scope in scopes:
        found = place_candidates(name, gov.year, scope)
        if found:
            return found
    return []


def _within(region: Region, rest: str) -> Placement:
    """A unit named after a place, and what it is there: a town, a department or a zone."""
    full = (region.name or "") + rest
    if rest.endswith(TOWN_ENDINGS) and region.level == "county":
        return Placement(region, "township", full)
    if rest.endswith(ZONE_ENDINGS):
        return Placement(region, None, full)
    return Placement(region, level_of(region), full)


def _of_issuer(name: str, word: str | None, gov: Government) -> Placement:
    """A department (or group of them) of one of the issuer's governments: the nearest whose name
    ends with the level word it starts with, else the issuer's own; national when the name or the
    circular says so."""
    if word is None and (gov.national or name.startswith(NATIONAL_PREFIXES)):
        return Placement(None, "national", name)
    chain = gov.chain()
    if word is None:
        region = chain[0] if chain else None
        rest = name
    else:
        region = next((r for r in chain if (r.name or "").endswith(word)), None)
        rest = name[len(word) :]
    if region is None:
        return Placement(problem="no_government")
    return Placement(region, level_of(region), (region.name or "") + rest)
