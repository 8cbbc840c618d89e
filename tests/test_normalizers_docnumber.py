"""normalizers.docnumber: 发文字号 in any OCR bracket variant."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.chinese import canonical
from normalizers.docnumber import DocNumber, find_docnumber, find_docnumbers

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

# Property tests share a loaded machine: no per-example deadline, and enough examples to matter.
FAST = settings(deadline=None, max_examples=60)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "等级 特急 · 明电 汕府办传〔2017〕92号 汕机发 号",
            DocNumber("汕府办传〔2017〕92号", "汕府办传", 2017, 92),
        ),
        ("云府办明电〔2016〕40 号", DocNumber("云府办明电〔2016〕40号", "云府办明电", 2016, 40)),
        ("国办秘函 [2017] 5号", DocNumber("国办秘函〔2017〕5号", "国办秘函", 2017, 5)),
        ("黔府辦函〔2017〕67號", DocNumber("黔府办函〔2017〕67号", "黔府办函", 2017, 67)),
        ("黔府办函〔2017〕67号", DocNumber("黔府办函〔2017〕67号", "黔府办函", 2017, 67)),
        ("等级 特急·明电 云府办明电〔2017〕5号", DocNumber("云府办明电〔2017〕5号", "云府办明电", 2017, 5)),
        ("（国办发〔2017〕47号，以下简称《指引》）", DocNumber("国办发〔2017〕47号", "国办发", 2017, 47)),
        ("根据国办发(2017)47号文件", DocNumber("国办发〔2017〕47号", "国办发", 2017, 47)),
        ("国办函〔 2016 〕 68 号", DocNumber("国办函〔2016〕68号", "国办函", 2016, 68)),
        ("国办函［２０１６］６８号", DocNumber("国办函〔2016〕68号", "国办函", 2016, 68)),
    ],
)
def test_find_docnumber(text: str, expected: DocNumber) -> None:
    assert find_docnumber(text) == expected


@pytest.mark.parametrize("bracket", ["[]", "［］", "()", "（）", "〈〉", "【】", "〔〕", "﹝﹞", "<>"])
def test_bracket_variants(bracket: str) -> None:
    found = find_docnumber(f"国办函{bracket[0]}2016{bracket[1]}68号")
    assert found is not None and found.text == "国办函〔2016〕68号"


@pytest.mark.parametrize(
    "text",
    ["汕机发 号", "云机发 号", "", "〔2017〕5号", "2017年5号", "云府办明电〔17〕5号", "云府办明电〔2017〕号"],
)
def test_not_a_docnumber(text: str) -> None:
    assert find_docnumber(text) is None


def test_agency_after_canonical_spacing() -> None:
    # canonical() glues the telegram header together; the agency must still come out clean.
    text = canonical("等级 特急 · 明电 云府办明电〔2017〕5号 云机发 号")
    found = find_docnumber(text)
    assert found is not None and found.agency == "云府办明电"
    found = find_docnumber("等级特急明电云府办明电〔2017〕5号")
    assert found is not None and found.agency == "云府办明电"


def test_agency_is_at_most_twelve_ideographs() -> None:
    found = find_docnumber("这是一段很长很长很长很长的没有标点的文字国办发〔2017〕47号")
    assert found is not None and len(found.agency) <= 12 and found.agency.endswith("国办发")


def test_find_docnumbers_sample_004() -> None:
    text = (SAMPLES / "004_ce8c5b5b87c32622.txt").read_text(encoding="utf-8")
    assert [d.text for d in find_docnumbers(text)] == [
        "云府办明电〔2017〕5号",
        "云府办明电〔2016〕40号",
        "国办秘函〔2017〕5号",
        "云考办发〔2017〕11号",
        "国办发〔2015〕15号",
    ]


def test_find_docnumbers_traditional_sample() -> None:
    text = (SAMPLES / "002_2888e82ad4833598.txt").read_text(encoding="utf-8")
    assert [d.text for d in find_docnumbers(text)] == [
        "国办秘函〔2017〕20号",
        "黔府办函〔2017〕67号",
        "毕府办发〔2017〕33号",
        "黔府办函〔2017〕144号",
    ]


# Characters that cannot form one of the leading words stripped from agencies (明电, 按照 …).
_AGENCY = st.text(alphabet="国办函秘府云黔汕传考厅粤鲁政", min_size=2, max_size=8)
_OPEN_CLOSE = st.sampled_from(["[]", "［］", "()", "（）", "〈〉", "【】", "〔〕"])


@FAST
@given(
    _AGENCY,
    st.integers(1950, 2099),
    st.integers(1, 9999),
    _OPEN_CLOSE,
    st.sampled_from(["", " "]),
    st.sampled_from(["号", "號"]),
)
def test_docnumber_round_trip(agency: str, year: int, serial: int, brackets: str, sp: str, hao: str) -> None:
    printed = f"（{agency}{sp}{brackets[0]}{sp}{year}{sp}{brackets[1]}{sp}{serial}{sp}{hao}）"
    found = find_docnumber(printed)
    assert found == DocNumber(f"{agency}〔{year}〕{serial}号", agency, year, serial)
    assert canonical(printed) == f"（{agency}〔{year}〕{serial}{hao}）"


@FAST
@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    for found in find_docnumbers(text):
        assert found.text == f"{found.agency}〔{found.year}〕{found.serial}号"
        assert found.agency
