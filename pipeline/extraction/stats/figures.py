"""Figures stated in the body (`stats`): every quantity of every sentence is read by the grammar
(`parse`), given the metric its subject, predicates and unit call for (`stats_rules.csv`), and kept
unless it is not the circular's own figure:

- of a part of the scope: a rate in a clause that singles out part of it (`等17个地区`, `低于`,
  `其中`, a list of places); a subject qualified by a level (`省级网站共66家`, `国务院部门网站抽查
  合格率`) when the circular has already given the whole (a larger count, or a rate of that metric);
  sites counted after 其中 under the metric of the clause before (a breakdown);
- of someone else's check (`我省被抽查政府网站13家`) or of an earlier circular (`第一季度通报的28个
  不合格网站`);
- of one named site (`某某网站…空白栏目6个`: columns and links count only over the sites checked);
- a requirement or a bound (`抽查比例不低于30%`), or checks summed over rounds (`累计…1436个次`).

A figure keeps the sentence it came from as evidence; the same metric and value twice in one
circular is one figure.
"""

from __future__ import annotations

import re
from collections import Counter

from normalizers.vocabulary import HAN_CHAR
from pipeline.extraction.period import named_quarter
from pipeline.extraction.stats.grammar import NO_PREDICATE, Grammar, grammar
from pipeline.extraction.stats.parse import Quantity, Sentence, read
from pipeline.extraction.stats.view import prepare
from schemas import Stat

SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
RATES = frozenset({"pass_rate", "sample_ratio", "messages_resolved_rate"})
#: columns and links counted: a figure of the check only when counted over the sites checked
TALLY_METRICS = frozenset({"blank_columns", "stale_columns", "broken_links"})
#: counts of people and messages are not qualified by the level of a site
SITE_COUNTS = frozenset(
    {
        "sites_running",
        "sites_sampled",
        "sites_failed",
        "sites_closed",
        "rectification_incomplete_sites",
        "homepage_stale_sites",
        "unreachable_sites",
    }
)
#: a list of places (`北京、天津…`), not of figures (`42个、政务新媒体…`)
#: what may follow a total in its clause: more items of its list (`612个、政务新媒体4085个`)
LIST_REST = re.compile(rf"(?:、{HAN_CHAR}{{0,12}}\d+[个家])*")
ENUMERATION = re.compile(rf"{HAN_CHAR}(?<![个家条件名人])、{HAN_CHAR}")


class Taken:
    """What one circular has stated so far: values per metric, in the order read."""

    def __init__(self, quarter: int | None = None, half: int | None = None) -> None:
        self.values: dict[str, list[float]] = {}
        self.quarter, self.half = quarter, half  # the circular's period, when it is a quarter or a half

    def add(self, metric: str, value: float) -> bool:
        seen = self.values.setdefault(metric, [])
        if value in seen:
            return False
        seen.append(value)
        return True


def _metrics(q: Quantity, g: Grammar, previous: str | None) -> list[str]:
    classes = {p.cls for p in q.predicates} or {NO_PREDICATE}
    if q.unit == "person":
        subject = "person"
    elif q.subject is not None:
        subject = q.subject.cls
    else:  # no subject in the sentence: the previous sentence's (`本次考评对全部47个政府网站…。…不合格的4个`)
        subject = previous or "none"
    winner, also = None, []
    for r in g.rules:
        if r.unit == q.unit and subject in r.subjects and r.predicate in classes:
            if r.also:
                also.append(r.metric)
            elif winner is None:
                winner = r.metric
    return list(dict.fromkeys(([winner] if winner else []) + also))  # each metric once


def _part(np: str, g: Grammar) -> bool:
    """A subject qualified by a level or a list of places, and not as a whole (`各级`, `全省`)."""
    if not np or g.words["whole"].match(np):
        return False
    return bool(g.words["part"].search(np) or ENUMERATION.search(np) or "等" in np or re.search(r"\d", np))


def _plain_total(q: Quantity, s: Sentence) -> bool:
    """Running sites said by a verb of running, or a total (`共有`) that is all its clause says and
    that no figure of running sites beside it breaks down (`共有政府网站1733个，其中正常运行1102个`)."""
    classes = {p.cls for p in q.predicates}
    broken_down = any(o is not q and any(p.cls == "running" for p in o.predicates) for o in s.quantities)
    if "running" in classes:
        return True
    if broken_down:  # `共有…1733个（纳入普查的…2863个），其中正常运行1102个`: the running ones are said
        return False
    if "registered" in classes:
        return True
    rest = s.view[q.tail : s.clauses[q.clause][1]]
    return classes == {"total"} and bool(LIST_REST.fullmatch(rest))


def _among(s: Sentence, g: Grammar, q: Quantity) -> bool:
    a = s.clauses[q.clause][0]
    if g.words["among"].search(s.view, a, q.start):
        return True
    return q.clause > 0 and bool(g.words["among"].fullmatch(s.text(q.clause - 1)))


def _rate_of_part(s: Sentence, g: Grammar, q: Quantity) -> bool:
    a = s.clauses[q.clause][0]
    clause = s.view[a : q.start]
    subset = g.words["subset"].search(clause)
    if subset and subset.group(0) == "分别" and g.words["rounds"].search(clause, 0, subset.start()):
        subset = None  # one rate for each round the clause names, not for parts of the scope
    return bool(subset or ENUMERATION.search(clause) or _among(s, g, q))


def _keep(metric: str, q: Quantity, s: Sentence, g: Grammar, taken: Taken, said: list[str]) -> bool:
    """Is this the circular's own figure? (see the module's docstring)"""
    a = s.clauses[q.clause][0]
    before = s.view[a : q.start]
    earlier = taken.values.get(metric, [])
    if re.search(f"(?:{g.words['bound'].pattern})$", before) or g.words["bound_after"].match(s.view, q.end):
        return False  # `不低于30%`, `超过400个`, `30%以上`
    if metric not in RATES and (
        g.words["change"].search(before) or g.words["distributive"].search(s.view, a, q.start)
    ):
        return False  # a change against another period; so many for each of several places
    if g.words["requirement"].search(before):
        return False  # `确保合格率达到100%`, `原则上一个单位最多开设一个网站`
    named = {t.cls for t in s.subjects if a <= t.start < q.start}
    if "new_media" in named and "site" not in named and (q.subject is None or q.subject.cls != "site"):
        return False  # `政务新媒体留言回复率为98.3%`: the accounts' figure, not the sites'
    if (
        metric not in RATES
        and g.words["level_part"].search(q.np)
        and not g.words["whole"].match(q.np)
        and not re.search("[、及和与]", q.np)
    ):
        return False  # one level or kind of the scope (`州级政府网站9个`, `动态类栏目…九个`): a breakdown
    if metric in RATES and q.paired:
        return True  # its own subject's rate, by the order of a `分别` list
    if metric in RATES:
        part = q.subject is not None and _part(q.np, g)
        past = g.words["past"].search(before)
        return not (_rate_of_part(s, g, q) or q.passive or (part and earlier) or past)
    if metric in TALLY_METRICS:
        return bool(g.words["tally"].search(s.view, 0, q.start))
    if metric not in SITE_COUNTS:
        return True
    if _other_quarter(before, taken.quarter, taken.half):
        return False  # `对一季度抽查发现的11个不合格网站` in a second-quarter circular
    if metric == "sites_running" and not _plain_total(q, s):
        return False
    if (
        q.passive
        or q.partial
        or (metric != "rectification_incomplete_sites" and g.words["past"].search(before))
    ):
        return False  # `上季度不合格的3个网站均已完成整改`: an earlier circular's figure
    part = _part(q.np, g) or bool(g.words["part_scope"].search(s.view, 0, q.start))
    if part and any(v > q.value for v in earlier):
        return False
    if _among(s, g, q) and metric in said:
        return False
    if metric == "sites_failed" and g.words["subset"].search(before):
        return False
    cumulative = s.view[q.start : q.end].endswith("次") and g.words["cumulative"].search(before)
    return not (metric == "sites_sampled" and cumulative)


def sentence_figures(
    evidence: str, taken: Taken, g: Grammar | None = None, previous: str | None = None
) -> list[tuple[str, float]]:
    """The figures of one sentence, as (metric, value), recorded in `taken`; `previous` is the class
    of the last subject the paragraph named before this sentence."""
    return _figures(read(prepare(evidence), g or grammar()), taken, g or grammar(), previous)


def _figures(s: Sentence, taken: Taken, g: Grammar, previous: str | None) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    said: list[str] = []
    metrics = {id(q): _metrics(q, g, previous) for q in s.quantities}
    # sites of one list under one metric (`对42个部门网站、6个县区门户网站进行了抽查`) are the parts of a
    # whole the sentence does not print
    items = Counter(
        (q.run, m)
        for q in s.quantities
        if q.run >= 0 and not q.partial
        for m in metrics[id(q)]
        if m in SITE_COUNTS
    )
    for q in s.quantities:
        for metric in metrics[id(q)]:
            if items[(q.run, metric)] > 1:
                continue
            if _keep(metric, q, s, g, taken, said):
                said.append(metric)  # a figure not kept (a total broken down) says nothing others are part of
                # a value said again in another sentence is the same figure; in one list it is another
                # round's (`分别为97.1%、100%、97.1%`)
                if taken.add(metric, q.value) or (metric, q.value) in out:
                    out.append((metric, q.value))
    return out


#: longer than any sentence that states a figure (the longest in the samples is ~300 characters)
MAX_SENTENCE = 2000


def _other_quarter(before: str, quarter: int | None, half: int | None) -> bool:
    """The clause names a quarter outside the circular's own period (not to compare with it): an
    earlier round's figure (`对一季度抽查发现的11个不合格网站` in a second-quarter circular)."""
    named = named_quarter(before)
    if named is None or (quarter is None and half is None):
        return False
    if quarter is not None:
        return named != quarter
    return (named + 1) // 2 != half


def stats(
    located: list[tuple[str | None, str]], quarter: int | None = None, half: int | None = None
) -> list[Stat]:
    """Every figure of the body, in order, with its section and sentence; `quarter` and `half` are
    the circular's period, against which a figure of another quarter is an earlier round's."""
    g = grammar()
    taken = Taken(quarter=quarter, half=half)
    out: list[Stat] = []
    for section_id, text in located:
        previous: str | None = None
        for sm in SENTENCE.finditer(text):
            if sm.end() - sm.start() > MAX_SENTENCE:
                continue  # no figure is stated in a "sentence" of pages (a hostile text): skip, bounded
            evidence = sm.group(0).strip()
            if not g.may_count.search(evidence):  # most sentences state no number: only their subject matters
                names = g.subjects.scan(evidence)
                previous = names[-1].cls if names else previous
                continue
            s = read(prepare(evidence), g)
            for metric, value in _figures(s, taken, g, previous):
                unit = "%" if metric in RATES else None
                out.append(
                    Stat(section_id=section_id, metric=metric, value=value, unit=unit, evidence=evidence)
                )
            previous = s.subjects[-1].cls if s.subjects else previous
    return out
