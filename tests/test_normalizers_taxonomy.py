"""normalizers.taxonomy: raw problem descriptions → problem taxonomy codes."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.chinese import canonical, strip_spaces
from normalizers.taxonomy import TAXONOMY_CODES, TAXONOMY_CSV, categorize, load_rules, match_spans
from tests.taxonomy_wordings import KNOWN_MISSES, NO_PROBLEM, NOT_CODE, TRADITIONAL, WORDINGS

ROOT = Path(__file__).resolve().parents[1]

# From the golden files: the exact lists the pipeline must produce.
GOLDEN_EXAMPLES = [
    ("多个栏目为空白", ["blank_columns"]),
    ("空白栏目超过5个", ["blank_columns"]),
    ("扣分大于40分（多处链接无法打开）", ["score_over_limit", "broken_links"]),
    ("扣分大于40分(多处链接无法打开)", ["score_over_limit", "broken_links"]),
    (
        "2016年第三季度本省抽查不合格后整改不彻底，首页面长时间未更新",
        ["rectification_incomplete", "homepage_stale"],
    ),
    (
        "2016 年第三季度本省抽查不 合格后整改不彻底，首页面 长时间未更新",
        ["rectification_incomplete", "homepage_stale"],
    ),
    ("首页面长时间未更新", ["homepage_stale"]),
    ("首页长期不更新", ["homepage_stale"]),
    ("站点无法访问", ["site_unreachable"]),
    ("首页长期不更新 多个栏目为空白", ["homepage_stale", "blank_columns"]),
    ("多个栏目长期不更新", ["columns_stale"]),
    ("申请永久关停后站点未关闭", ["closure_violation"]),
    ("未完成整改", ["rectification_incomplete"]),
    ("完成整改后未持续更新", ["rectification_incomplete", "columns_stale"]),
]

# Property tests share a loaded machine: no per-example deadline, and enough examples to matter.
FAST = settings(deadline=None, max_examples=60)


@pytest.mark.parametrize(("text", "codes"), GOLDEN_EXAMPLES)
def test_golden_examples(text: str, codes: list[str]) -> None:
    assert categorize(text) == codes


def _contract_examples() -> list[tuple[str, str]]:
    """Every example phrase of the taxonomy table in CONTRACT.md (kept in sync by hand below)."""
    table = {
        "site_unreachable": "站点无法访问, 长期无法访问, 无法正常打开, 无法正常访问",
        "homepage_stale": "首页长期不更新, 首页面长时间未更新, 首页2周未更新",
        "columns_stale": "多个栏目长期不更新, 栏目更新不及时, 长期不更新",
        "blank_columns": "多个栏目为空白, 空白栏目超过5个, 栏目内容均为空",
        "broken_links": "多处链接无法打开, 不可用链接, 链结打不开, 错误链接",
        "interaction_unresponsive": "互动不回应, 无政务咨询内容, 留言处理超期, 留言办结率低",
        "serious_errors": "严重错别字, 文不对题, 严重表述错误",
        "score_over_limit": "扣分大于40分",
        "rectification_incomplete": "未完成整改, 整改不彻底, 整改不到位",
        "closure_violation": "申请永久关停后站点未关闭, 违规关停",
        "naming_nonstandard": "网站名称未按要求规范",
        "missing_error_report_entry": "未添加“我为政府网站找错”平台入口",
        "service_unusable": "办事功能不实用, 办事指南要素不全",
        "security_incident": "病毒感染, 恶意攻击, 网页篡改",
        "commercial_ads": "刊登商业广告",
    }
    return [(phrase, code) for code, phrases in table.items() for phrase in phrases.split(", ")]


@pytest.mark.parametrize(("phrase", "code"), _contract_examples())
def test_contract_examples(phrase: str, code: str) -> None:
    assert categorize(phrase) == [code]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("长期无法打开", ["site_unreachable"]),
        ("网站长期无法正常打开", ["site_unreachable"]),
        ("站点长期打不开", ["site_unreachable"]),
        ("链接打不开", ["broken_links"]),
        ("超过400个链接无法正常打开", ["broken_links"]),
        ("留言超期未回复", ["interaction_unresponsive"]),
        ("2条网民留言处理超期", ["interaction_unresponsive"]),
        ("首页超过两周未更新", ["homepage_stale"]),
        ("首頁長期不更新", ["homepage_stale"]),
        ("网页被篡改", ["security_incident"]),
        ("存在多个空白栏目", ["blank_columns"]),
        ("首页长期不更新，多个栏目为空白", ["homepage_stale", "blank_columns"]),
        ("多个栏目为空白，首页长期不更新", ["blank_columns", "homepage_stale"]),
        ("整改完成后未持续更新信息", ["rectification_incomplete", "columns_stale"]),
        ("以静态图片代替平台入口", ["missing_error_report_entry"]),
        ("网站名称不规范", ["naming_nonstandard"]),
        (
            "337个空白欄目、803個欄目更新不及時、5867個鏈結打不開",
            ["blank_columns", "columns_stale", "broken_links"],
        ),
        ("未报送自查报告", ["other"]),
        ("一季度网站抽查不合格", ["other"]),
        ("", ["other"]),
    ],
)
def test_generalises(text: str, codes: list[str]) -> None:
    assert categorize(text) == codes


@pytest.mark.parametrize(("text", "codes"), KNOWN_MISSES + WORDINGS + TRADITIONAL)
def test_wordings(text: str, codes: list[str]) -> None:
    assert categorize(text) == codes


@pytest.mark.parametrize("text", NO_PROBLEM)
def test_no_problem(text: str) -> None:
    assert categorize(text) == ["other"]


@pytest.mark.parametrize(("text", "code"), NOT_CODE)
def test_not_code(text: str, code: str) -> None:
    assert code not in categorize(text)


def test_negated_or_forbidden_is_no_problem() -> None:
    assert categorize("抽查未发现政府网站刊登商业广告情形") == ["other"]
    assert categorize("严禁刊登商业广告") == ["other"]


def test_consumed_spans_do_not_double_count() -> None:
    spans = match_spans("首页长期不更新")
    assert [(s.code, s.text) for s in spans] == [("homepage_stale", "首页长期不更新")]
    spans = match_spans("完成整改后未持续更新")
    assert [(s.code, s.text) for s in spans] == [
        ("rectification_incomplete", "完成整改后"),
        ("columns_stale", "未持续更新"),
    ]


def test_phrase_table_is_valid() -> None:
    rules = load_rules()
    assert rules, "empty phrase table"
    assert {r.code for r in rules} == set(TAXONOMY_CODES) - {"other"}
    with TAXONOMY_CSV.open("r", encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["code", "pattern", "note"]


def test_phrase_table_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "taxonomy.csv"
    bad.write_text("code,pattern,note\nnot_a_code,abc,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown taxonomy code"):
        load_rules(bad)
    bad.write_text("code,pattern,note\nbroken_links,(abc,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad pattern"):
        load_rules(bad)
    bad.write_text("code,pattern,note\nbroken_links,a*,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="empty string"):
        load_rules(bad)


def _sample_findings() -> list[tuple[list[str], dict[str, object]]]:
    """Table rows of the sample circulars (序号, region, site, problem, code) beside their golden row."""
    pairs: list[tuple[list[str], dict[str, object]]] = []
    for golden in sorted((ROOT / "tests" / "golden").glob("*.json")):
        rows = json.loads(golden.read_text(encoding="utf-8"))["website_findings"]
        sample = ROOT / "data" / "samples" / f"{golden.stem}.txt"
        cells = [line.split("\t") for line in sample.read_text(encoding="utf-8").splitlines()]
        cells = [c for c in cells if len(c) == 5 and re.fullmatch(r"\d{10}", c[4].strip())]
        assert len(cells) == len(rows), golden.name
        pairs.extend(zip(cells, rows, strict=True))
    return pairs


@pytest.mark.parametrize(("cells", "row"), _sample_findings())
def test_sample_tables_match_golden(cells: list[str], row: dict[str, object]) -> None:
    _, region, site, problem, _ = cells
    assert canonical(region) == row["reported_region"]
    assert canonical(site) == row["site_name"]
    # The golden keeps one space where a cell lists two problems (`首页长期不更新 多个栏目为空白`);
    # canonical() removes every space between ideographs, so compare without spaces here.
    assert strip_spaces(canonical(problem)) == strip_spaces(str(row["problems_raw"]))
    assert categorize(problem) == row["problem_categories"]


@FAST
@given(st.text(max_size=80))
def test_categorize_never_raises(text: str) -> None:
    codes = categorize(text)
    assert codes and len(codes) == len(set(codes))
    assert set(codes) <= set(TAXONOMY_CODES)
    assert "other" not in codes or codes == ["other"]


_PHRASES = st.sampled_from(
    [p for p, _ in _contract_examples()]
    + [t for t, _ in KNOWN_MISSES + WORDINGS + TRADITIONAL if not re.search("[，；、]", t)]
)


# Clause separators only: whitespace is removed before matching (OCR splits phrases anywhere), so
# `错误链接 无法正常打开` is one phrase, `错误链接无法正常打开`, and cannot keep two codes.
@FAST
@given(st.lists(_PHRASES, min_size=1, max_size=4), st.sampled_from(["，", "；", "、"]))
def test_joined_phrases_keep_order(phrases: list[str], sep: str) -> None:
    expected = list(dict.fromkeys(code for p in phrases for code in categorize(p)))
    assert categorize(sep.join(phrases)) == expected


def test_space_is_not_a_separator() -> None:
    assert categorize("错误链接 无法正常打开") == ["broken_links"]
    assert categorize("首页长期不更新 多个栏目为空白") == ["homepage_stale", "blank_columns"]
