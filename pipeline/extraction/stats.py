"""Figures stated in the body (`stats`): each metric has a few sentence patterns.

Patterns are written for the phrasing these circulars share (全省正在运行的政府网站934个,
随机抽查了25个政府网站, 总体合格率92%); a figure is kept with the sentence it came from so an
analyst can check it. The same metric and value twice in one circular is one figure.
"""

from __future__ import annotations

import re

from normalizers import vocabulary as V
from normalizers.numbers import parse_number
from schemas import Stat

N = r"(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
P = r"(?P<n>\d+(?:\.\d+)?)\s*%"
UNIT = r"(?:个|家)"
SITES = r"(?:政府)?网站"

RULES: list[tuple[str, str | None, re.Pattern[str]]] = [
    (metric, unit, re.compile(rx))
    for metric, unit, rx in [
        (
            "sites_running",
            None,
            rf"(?:正在运行|在线运行|运行中)的{SITES}(?:[（(][^）)]{{0,30}}[）)])?(?:共|总数)?(?:为|有|达)?{N}{UNIT}",
        ),
        ("sites_running", None, rf"共有(?:正在运行的)?{SITES}{N}{UNIT}"),
        ("sites_sampled", None, rf"抽查(?:了)?[^，。；：]{{0,40}}?{SITES}{N}{UNIT}"),
        ("sites_sampled", None, rf"抽查(?:了)?{N}{UNIT}{SITES}"),
        ("sites_sampled", None, rf"(?:共|本次)检查(?:了)?{SITES}{N}{UNIT}"),
        (
            "sites_sampled",
            None,
            rf"对[^。；]{{0,60}}?{SITES}(?:共)?{N}{UNIT}进行了?(?:抽查|检查|核查|测评|考评)",
        ),
        (
            "sites_sampled",
            None,
            rf"对[^。；，]{{0,20}}?{N}{UNIT}{SITES}[^。；，]{{0,8}}?进行了?(?:抽查|检查|核查|测评|考评)",
        ),
        ("sites_failed", None, rf"发现(?:不合格|存在突出问题的?|问题)(?:的)?{SITES}{N}{UNIT}"),
        ("sites_failed", None, rf"发现{N}{UNIT}(?:不合格|存在突出问题的?|问题){SITES}"),
        ("sites_failed", None, rf"不合格(?:的)?{SITES}(?:共|有)?{N}{UNIT}"),
        ("sites_failed", None, rf"(?<!账号)(?<!新媒体)不合格(?:的)?{N}{UNIT}"),
        ("pass_rate", "%", rf"总体合格率(?:为|达到?|是)?{P}"),
        ("pass_rate", "%", rf"合格率(?:为|达到?|是)?{P}"),
        ("sample_ratio", "%", rf"占[^，。；]{{0,12}}(?:网站)?总数的{P}"),
        ("sample_ratio", "%", rf"抽查比例(?:为|达到?|是)?{P}"),
        ("sites_closed", None, rf"关停[^，。；]{{0,20}}?{SITES}{N}{UNIT}"),
        ("sites_closed", None, rf"{N}{UNIT}{SITES}[^，。；]{{0,12}}?(?:永久)?关停"),
        ("rectification_incomplete_sites", None, rf"整改不到位(?:的)?{SITES}{N}{UNIT}"),
        (
            "rectification_incomplete_sites",
            None,
            rf"{N}{UNIT}(?:{SITES})?(?:未完成整改|整改不到位|未整改到位|未按(?:要求|期|时)(?:完成)?整改)",
        ),
        ("blank_columns", None, rf"{N}个空白栏目"),
        ("blank_columns", None, rf"空白栏目(?:共)?{N}个"),
        ("stale_columns", None, rf"{N}个栏目(?:更新不及时|长期不更新|长期未更新)"),
        ("stale_columns", None, rf"(?:更新不及时|长期不更新|长期未更新)(?:的)?栏目(?:共)?{N}个"),
        ("broken_links", None, rf"{N}个(?:链接|链结)(?:打不开|无法打开|不可用)"),
        ("broken_links", None, rf"(?:不可用|错误)(?:链接|链结)(?:共)?{N}个"),
        ("homepage_stale_sites", None, rf"{N}个(?:政府)?网站首页[^，。；]{{0,8}}未更新"),
        ("unreachable_sites", None, rf"{N}个(?:站点|网站)[^，。；]{{0,10}}?无法(?:正常)?(?:访问|打开)"),
        (
            "messages_received",
            None,
            rf"(?:收到|转办|受理)[^，。；]{{0,24}}(?:留言|来信)(?:共)?{N}(?:条|件|封)",
        ),
        ("messages_resolved_rate", "%", rf"(?:总体|按期)?办结率(?:为|达到?|是)?{P}"),
        ("officials_interviewed", None, rf"{N}(?:名|人)[^，。；]{{0,20}}约谈"),
        ("officials_interviewed", None, rf"约谈[^，。；]{{0,12}}?{N}(?:名|人)"),
        ("written_self_criticisms", None, rf"{N}(?:名|人)(?:作出|做出)书面检查"),
        ("written_self_criticisms", None, rf"(?:作出|做出)书面检查(?:的)?{N}(?:名|人)"),
        ("criticized_in_circular", None, rf"{N}(?:名|人)(?:被|予以)?通报批评"),
        ("criticized_in_circular", None, rf"通报批评(?:了)?{N}(?:名|人)"),
        ("criticized_in_circular", None, rf"(?:对|给予){N}(?:名|人)(?:给予|予以|进行)?通报批评"),
        ("disciplined", None, rf"{N}(?:名|人)受到警告或记过"),
        ("disciplined", None, rf"给予{N}(?:名|人)(?:警告或记过|警告|记过)"),
        ("disciplined", None, rf"(?:警告或记过|警告、记过)(?:处分)?{N}(?:名|人)"),
        ("removed_from_post", None, rf"{N}(?:名|人)(?:被)?调离岗位或免职"),
        ("removed_from_post", None, rf"调离岗位或免职{N}(?:名|人)"),
    ]
]
#: a rate in words: `百分之九十五`, `百分之九十五点五`, `百分之百`
CN_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百点]+)")
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
#: figures that describe the whole circular's scope only when their clause names no subset of it:
#: `总体办结率达98%`, but not `江苏等17个地区和部门留言按期办结率达100%` or `…办结率低于70%`
SCOPE_METRICS = {"messages_resolved_rate", "pass_rate", "sample_ratio", "sites_failed"}
#: counts over all the sites checked, said as such (`抽查的626个网站中共发现空白栏目1270个`); the
#: same words about one named site are that site's problem, not a figure of the check
TALLY_METRICS = {"blank_columns", "stale_columns", "broken_links"}
TALLY_SCOPE = re.compile(
    r"共|累计|合计|总计|全(?:国|省|市|区|州|县|盟)|各地|\d+个(?:政府)?网站"
    r"|(?:抽查|检查|监测|核查)(?:中|过程中|工作中)?发现"
)
NEW_MEDIA = re.compile(V.alternation(V.NEW_MEDIA_WORDS))
SUBSET = re.compile(r"等\d*[个家]?(?:地区|部门|单位|省|市|县|地)|低于|高于|不足|未达到?|其中")
#: a list of places before a rate (`北京、天津…抽查合格率达100%`): theirs, not the circular's
ENUMERATION = re.compile(f"{V.HAN_CHAR}、{V.HAN_CHAR}")
RATE_METRICS = {"messages_resolved_rate", "pass_rate", "sample_ratio"}


def _about_a_subset(sentence: str, start: int, end: int, metric: str) -> bool:
    """Does the clause holding the match (from the previous comma) single out part of the scope?"""
    clause_start = max(sentence.rfind(c, 0, start) for c in "，：,") + 1
    return bool(
        SUBSET.search(sentence, clause_start, end)
        or (metric in RATE_METRICS and ENUMERATION.search(sentence, clause_start, end))
    )


def _about_new_media(sentence: str) -> bool:
    """A sentence about 政务新媒体 accounts (their own pass rate) and not about websites."""
    return bool(NEW_MEDIA.search(sentence)) and "网站" not in sentence


def _arabic_percent(m: re.Match[str]) -> str:
    value = 100.0 if m.group(1) == "百" else parse_number(m.group(1))
    return m.group(0) if value is None else f"{value:g}%"


def stats(located: list[tuple[str | None, str]]) -> list[Stat]:
    out: list[Stat] = []
    seen: set[tuple[str, float]] = set()
    for section_id, text in located:
        for sm in SENTENCE.finditer(text):
            evidence = sm.group(0).strip()
            sentence = CN_PERCENT.sub(_arabic_percent, evidence)  # 百分之九十五 → 95%, for the rules
            taken: list[tuple[int, int]] = []
            for metric, unit, rx in RULES:
                for m in rx.finditer(sentence):
                    span = m.span("n")
                    if any(a <= span[0] < b for a, b in taken):
                        continue
                    if metric in SCOPE_METRICS and (
                        _about_a_subset(sentence, m.start(), m.end(), metric) or _about_new_media(sentence)
                    ):
                        continue
                    if metric in TALLY_METRICS and not TALLY_SCOPE.search(sentence, 0, m.start()):
                        continue  # one site's own count (`某某网站…空白栏目6个`), not the check's
                    value = parse_number(m.group("n"))
                    if value is None or (metric, value) in seen:
                        continue
                    taken.append(span)
                    seen.add((metric, value))
                    out.append(
                        Stat(section_id=section_id, metric=metric, value=value, unit=unit, evidence=evidence)
                    )
    return out
