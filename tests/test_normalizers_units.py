"""normalizers.units: the units of annex tables placed on the map, against the issuing government."""

from __future__ import annotations

import pytest

from normalizers.units import Government, government, place_unit

SHANDONG_2017 = government("山东省人民政府办公厅", "provincial", "山东省", None, 2017)
HANDAN_2018 = government("邯郸市人民政府办公厅", "municipal", "河北省", "邯郸市", 2018)
CHANGTING_2017 = government("长汀县人民政府办公室", "county", "福建省", "龙岩市", 2017)
STATE_2016 = government("国务院办公厅", "national", None, None, 2016)


def placed(name: str, gov: Government) -> tuple[str | None, str | None, str | None]:
    p = place_unit(name, gov)
    return p.code, p.full_name, p.level


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("聊城", ("371500", "聊城市", "municipal")),  # short name
        ("聊城市", ("371500", "聊城市", "municipal")),  # full name
        ("聊城市人民政府", ("371500", "聊城市", "municipal")),  # the place's government
        (" 聊 城 市（含开发区）", ("371500", "聊城市", "municipal")),  # spacing and a note
        ("东昌府区", ("371502", "东昌府区", "county")),  # a district under its city
        ("聊城市东昌府区", ("371502", "东昌府区", "county")),
    ],
)
def test_places_short_and_full(name: str, expected: tuple[str, str, str]) -> None:
    assert placed(name, SHANDONG_2017) == expected


@pytest.mark.parametrize(
    ("name", "gov", "expected"),
    [
        ("省交通运输厅", SHANDONG_2017, ("370000", "山东省交通运输厅", "provincial")),
        ("交通运输厅", SHANDONG_2017, ("370000", "山东省交通运输厅", "provincial")),  # the issuer's own
        ("省直部门", SHANDONG_2017, ("370000", "山东省直部门", "provincial")),  # a group of them
        ("聊城市教育局", SHANDONG_2017, ("371500", "聊城市教育局", "municipal")),  # named after its place
        ("市住房城乡建设局", HANDAN_2018, ("130400", "邯郸市住房城乡建设局", "municipal")),
        ("县民政局", CHANGTING_2017, ("350821", "长汀县民政局", "county")),
        ("童坊镇", CHANGTING_2017, ("350821", "长汀县童坊镇", "township")),  # a town: at its county
        ("水利部", STATE_2016, (None, "水利部", "national")),
        ("吉林省水利厅", STATE_2016, ("220000", "吉林省水利厅", "provincial")),
    ],
)
def test_departments_and_towns(name: str, gov: Government, expected: tuple[str | None, str, str]) -> None:
    assert placed(name, gov) == expected


def test_level_words_pick_the_issuers_government() -> None:
    ningxia = government("宁夏回族自治区人民政府办公厅", "provincial", "宁夏回族自治区", None, 2016)
    assert placed("区直部门", ningxia) == ("640000", "宁夏回族自治区直部门", "provincial")
    jianghan = government("武汉市江汉区人民政府办公室", "county", "湖北省", "武汉市", 2020)
    assert placed("区教育局", jianghan) == ("420103", "江汉区教育局", "county")
    assert placed("市直部门", jianghan) == ("420100", "武汉市直部门", "municipal")  # the city above
    liuyang = government("浏阳市人民政府办公室", "county", "湖南省", "长沙市", 2018)  # a county-level city
    assert placed("市农业局", liuyang) == ("430181", "浏阳市农业局", "county")
    beijing = government("北京市人民政府办公厅", "provincial", "北京市", None, 2017)
    assert placed("市直部门", beijing)[2] == "provincial"  # a municipality is a province


def test_the_issuers_area_decides_between_namesakes() -> None:
    dalian = government("大连市人民政府办公厅", "municipal", "辽宁省", "大连市", 2019)
    assert placed("中山区", dalian) == ("210202", "中山区", "county")
    gansu = government("甘肃省人民政府办公厅", "provincial", "甘肃省", None, 2017)
    assert placed("甘南州", gansu)[0] == "623000"  # not 黑龙江's 甘南县
    # provinces by their short names in a national circular; 吉林 is the province, not its city
    assert placed("吉林", STATE_2016)[:2] == ("220000", "吉林省")
    assert placed("广西", STATE_2016)[:2] == ("450000", "广西壮族自治区")


def test_renamed_divisions_across_revisions() -> None:
    hubei_2015 = government("湖北省人民政府办公厅", "provincial", "湖北省", None, 2015)
    hubei_2008 = government("湖北省人民政府办公厅", "provincial", "湖北省", None, 2008)
    # 襄樊市 became 襄阳市 in 2010 (same code): each name is found in either year, named as that year
    assert placed("襄樊", hubei_2015) == ("420600", "襄阳市", "municipal")
    assert placed("襄阳市", hubei_2015) == ("420600", "襄阳市", "municipal")
    assert placed("襄阳", hubei_2008) == ("420600", "襄樊市", "municipal")
    # 巢湖市 was a prefecture until 2011, then a county-level city of 合肥 (another code)
    anhui = {y: government("安徽省人民政府办公厅", "provincial", "安徽省", None, y) for y in (2009, 2017)}
    assert placed("巢湖市", anhui[2009]) == ("341400", "巢湖市", "municipal")
    assert placed("巢湖市", anhui[2017]) == ("340181", "巢湖市", "county")


def test_what_cannot_be_placed_is_not_guessed() -> None:
    chaoyang = place_unit("朝阳区", STATE_2016)  # Beijing's and Changchun's
    assert chaoyang.problem == "ambiguous" and chaoyang.code is None
    assert {r.code for r in chaoyang.candidates} == {"110105", "220104"}
    hulunbuir = government("呼伦贝尔市人民政府办公厅", "municipal", "内蒙古自治区", "呼伦贝尔市", 2018)
    assert place_unit("新右旗", hulunbuir).problem == "unknown"  # an informal short name
    assert placed("阿荣旗", hulunbuir) == ("150721", "阿荣旗", "county")
    assert place_unit("省直部门", STATE_2016).problem == "no_government"
    assert place_unit("童坊镇", SHANDONG_2017).problem == "no_government"  # which county?
    zone = place_unit("冀南新区", HANDAN_2018)  # a zone is no division: unplaced, and no doubt
    assert zone.code is None and zone.problem is None
    # … unless GB/T 2260 lists it, as later revisions do some (130471)
    assert placed("邯郸经济技术开发区", HANDAN_2018) == ("130471", "邯郸经济技术开发区", "county")
