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


# Wordings once missed (seen in the sample circulars c1_guangxi2015pucha, c4_dalian2019h1).
KNOWN_MISSES = [
    ("首页栏目信息超过2周未更新", ["homepage_stale"]),
    ("互动栏目超过3个月未回应网民留言", ["interaction_unresponsive"]),
    ("网页被植入非法链接", ["security_incident"]),
    ("网站首页连续2周无信息更新", ["homepage_stale"]),
    ("办事指南缺少办理时限、收费标准等要素", ["service_unusable"]),
]

# How 政府网站抽查通报 annexes word each category, beyond the contract's examples.
WORDINGS = [
    # homepage_stale
    ("首页信息超过2周未更新", ["homepage_stale"]),
    ("首页长期未更新", ["homepage_stale"]),
    ("首页长期无更新", ["homepage_stale"]),
    ("首页2周以上无更新", ["homepage_stale"]),
    ("首页超两周未更新", ["homepage_stale"]),
    ("首页近1个月未更新", ["homepage_stale"]),
    ("首页信息最长超过30天未更新", ["homepage_stale"]),
    ("网站主页长期未更新", ["homepage_stale"]),
    ("首页动态要闻栏目超过2周未更新", ["homepage_stale"]),
    ("首页信息更新滞后", ["homepage_stale"]),
    ("首页停止更新", ["homepage_stale"]),
    ("首页最新信息发布时间超过2周", ["homepage_stale"]),
    ("首页及多个栏目长期不更新", ["homepage_stale", "columns_stale"]),
    # columns_stale
    ("动态要闻类栏目超过2周未更新", ["columns_stale"]),
    ("通知公告、政策文件类栏目超过6个月未更新", ["columns_stale"]),
    ("应更新未更新栏目数量超过10个", ["columns_stale"]),
    ("栏目3个月以上未更新", ["columns_stale"]),
    ("栏目连续半年无信息更新", ["columns_stale"]),
    ("“政策解读”超过6个月未更新", ["columns_stale"]),
    ("栏目超过规定时限未更新", ["columns_stale"]),
    ("栏目内容陈旧", ["columns_stale"]),
    ("长期无更新", ["columns_stale"]),
    ("栏目无信息更新", ["columns_stale"]),
    ("栏目未按要求更新", ["columns_stale"]),
    ("完成整改后超过1个月未更新", ["rectification_incomplete", "columns_stale"]),
    # blank_columns
    ("栏目无内容", ["blank_columns"]),
    ("栏目下暂无信息", ["blank_columns"]),
    ("栏目内容空缺", ["blank_columns"]),
    ("存在无内容栏目", ["blank_columns"]),
    ("点击后显示暂无数据", ["blank_columns"]),
    # site_unreachable
    ("网站不能访问", ["site_unreachable"]),
    ("站点无法访问累计超过24小时", ["site_unreachable"]),
    ("网站访问不了", ["site_unreachable"]),
    ("网站服务器宕机", ["site_unreachable"]),
    ("首页不能访问", ["site_unreachable"]),
    # broken_links
    ("死链", ["broken_links"]),
    ("存在死链接", ["broken_links"]),
    ("链接打开不了", ["broken_links"]),
    ("链接地址错误", ["broken_links"]),
    ("链接跳转错误", ["broken_links"]),
    ("外链失效", ["broken_links"]),
    ("首页存在不可用链接13个", ["broken_links"]),
    ("在线办事链接无法打开", ["broken_links"]),
    # interaction_unresponsive
    ("互动栏目长期未回应", ["interaction_unresponsive"]),
    ("留言超过3个月未办结", ["interaction_unresponsive"]),
    ("咨询投诉回复不及时", ["interaction_unresponsive"]),
    ("留言回复率低", ["interaction_unresponsive"]),
    ("对网民留言长期不予回复", ["interaction_unresponsive"]),
    ("领导信箱长期无人回复", ["interaction_unresponsive"]),
    ("留言板存在大量未回复留言", ["interaction_unresponsive"]),
    ("咨询类栏目超过3个月未回应有效留言", ["interaction_unresponsive"]),
    ("互动栏目长期无有效留言", ["interaction_unresponsive"]),
    ("未及时回应网民关切", ["interaction_unresponsive"]),
    # serious_errors
    ("表述错误", ["serious_errors"]),
    ("存在错误表述", ["serious_errors"]),
    ("提法不当", ["serious_errors"]),
    ("发布虚假信息", ["serious_errors"]),
    ("将领导同志姓名写错", ["serious_errors"]),
    # rectification_incomplete
    ("拒不整改", ["rectification_incomplete"]),
    ("整改后问题反弹", ["rectification_incomplete"]),
    ("逾期未整改", ["rectification_incomplete"]),
    ("未进行整改", ["rectification_incomplete"]),
    # closure_violation
    ("未按要求关停", ["closure_violation"]),
    ("应关停未关停", ["closure_violation"]),
    ("擅自关闭网站", ["closure_violation"]),
    ("整合迁移后原网站仍可访问", ["closure_violation"]),
    ("关停后未发布公告", ["closure_violation"]),
    # naming_nonstandard (site identity: name, 网站标识码, ICP 备案)
    ("网站名称与主办单位名称不一致", ["naming_nonstandard"]),
    ("未标注网站标识码", ["naming_nonstandard"]),
    ("未在页面底部标注ICP备案编号", ["naming_nonstandard"]),
    ("网站未备案", ["naming_nonstandard"]),
    # missing_error_report_entry
    ("未添加我为政府网站找错入口", ["missing_error_report_entry"]),
    ("未加挂“我为政府网站找错”", ["missing_error_report_entry"]),
    ("未在网站首页显著位置添加“我为政府网站找错”平台入口", ["missing_error_report_entry"]),
    ("首页无“我为政府网站找错”入口", ["missing_error_report_entry"]),
    ("找错平台入口位置不显著", ["missing_error_report_entry"]),
    # service_unusable
    ("办事服务无法使用", ["service_unusable"]),
    ("在线办事入口无法访问", ["service_unusable"]),
    ("政务服务平台无法登录", ["service_unusable"]),
    ("办事指南与实际不符", ["service_unusable"]),
    ("办事指南信息陈旧", ["service_unusable"]),
    ("表格无法下载", ["service_unusable"]),
    ("无法在线办理", ["service_unusable"]),
    # security_incident
    ("页面被篡改", ["security_incident"]),
    ("挂马", ["security_incident"]),
    ("网站被挂马", ["security_incident"]),
    ("网站被黑", ["security_incident"]),
    ("网站遭受DDoS攻击", ["security_incident"]),
    ("网站被境外黑客攻击", ["security_incident"]),
    ("域名被劫持", ["security_incident"]),
    ("存在SQL注入漏洞", ["security_incident"]),
    ("泄露个人隐私", ["security_incident"]),
    ("公开信息中泄露身份证号码", ["security_incident"]),
    ("出现赌博类信息", ["security_incident"]),
    # commercial_ads
    ("首页出现弹窗广告", ["commercial_ads"]),
    ("刊载商业性广告", ["commercial_ads"]),
    # score_over_limit
    ("扣分超过40分", ["score_over_limit"]),
    ("得分低于60分", ["score_over_limit"]),
    # several in one cell
    (
        "信箱留言超过3个月未回复，首页超过2周未更新，空白栏目6个，错误链接15个",
        ["interaction_unresponsive", "homepage_stale", "blank_columns", "broken_links"],
    ),
    (
        "首页信息超过2周未更新、栏目无内容、网页被植入非法链接",
        ["homepage_stale", "blank_columns", "security_incident"],
    ),
]

# Texts are converted to Simplified (OpenCC t2s) before matching; Taiwan usages survive that
# conversion as different words (資訊 → 资讯, 連結 → 连结, 竄改 → 窜改, 駭客 → 骇客, 線上 → 线上).
TRADITIONAL = [
    ("首頁欄目資訊超過2週未更新", ["homepage_stale"]),
    ("網站首頁連續2週無資訊更新", ["homepage_stale"]),
    ("首頁逾2週未更新", ["homepage_stale"]),
    ("互動欄目超過3個月未回應網民留言", ["interaction_unresponsive"]),
    ("留言未回覆", ["interaction_unresponsive"]),
    ("辦事指南缺少辦理時限、收費標準等要素", ["service_unusable"]),
    ("網頁被植入非法連結", ["security_incident"]),
    ("網頁遭竄改", ["security_incident"]),
    ("網站遭駭客攻擊", ["security_incident"]),
    ("洩露個人隱私", ["security_incident"]),
    ("超連結失效", ["broken_links"]),
    ("連結錯誤", ["broken_links"]),
    ("網站無法連線", ["site_unreachable"]),
    ("網站不能訪問", ["site_unreachable"]),
    ("空白欄目超過5個", ["blank_columns"]),
    ("欄目無內容", ["blank_columns"]),
    ("無法線上辦理", ["service_unusable"]),
    ("未標註網站標識碼", ["naming_nonstandard"]),
    ("未添加「我為政府網站找錯」入口", ["missing_error_report_entry"]),
    ("存在嚴重錯別字", ["serious_errors"]),
]

# Texts that describe no problem, or a different one than a careless pattern would claim.
NO_PROBLEM = [
    "首页更新及时",
    "首页及时更新",
    "栏目更新及时",
    "已完成整改",
    "整改完成后各栏目更新正常",
    "已按要求关停",
    "暂时关停",
    "网站整合迁移至市政府门户网站",
    "留言已全部回复",
    "互动栏目回复及时",
    "及时回应网民关切",
    "已添加我为政府网站找错入口",
    "首页链接我为政府网站找错平台",
    "网站已备案",
    "已标注网站标识码",
    "网站名称规范",
    "办事指南要素齐全",
    "表格可正常下载",
    "得分85分",
    "扣分20分",
    "网站运行正常",
    "网站访问量低",
    "留言功能正常",
    "更新信息5条",
    "栏目数量较多",
    "暂无整改任务",
    "链接到中国政府网",
    "严禁泄露个人隐私",
    "未发现错别字",
    "未出现安全事件",
    "被黑龙江省通报",
    "未报送整改报告",
]

# (text, a code it must not get)
NOT_CODE = [
    ("首页存在不可用链接13个", "homepage_stale"),
    ("首页不能访问", "homepage_stale"),
    ("在线办事链接无法打开", "service_unusable"),
    ("在线办事入口无法访问", "site_unreachable"),
    ("未添加在线办事入口", "missing_error_report_entry"),
    ("未及时处理“我为政府网站找错”留言", "missing_error_report_entry"),
    ("网页被植入非法链接", "broken_links"),
    ("首页栏目信息超过2周未更新", "columns_stale"),
    ("栏目无信息更新", "blank_columns"),
    ("办事指南信息陈旧", "columns_stale"),
    ("首页栏目链接无法打开", "homepage_stale"),
]


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
