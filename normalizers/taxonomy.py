"""Raw problem descriptions (`首页长期不更新 多个栏目为空白`) → problem taxonomy codes.

The phrase table lives in `normalizers/reference/taxonomy.csv` (package data) (code, pattern, note) so analysts can
extend it without touching code. Matching is longest-span first and a matched span is consumed:
`首页长期不更新` is homepage_stale only, although `长期不更新` alone means columns_stale.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NamedTuple

from normalizers.chinese import canonical, strip_spaces, to_simplified

__all__ = ["TAXONOMY_CODES", "TAXONOMY_CSV", "Rule", "categorize", "load_rules", "match_spans"]

TAXONOMY_CODES = (
    "site_unreachable",
    "homepage_stale",
    "columns_stale",
    "blank_columns",
    "broken_links",
    "interaction_unresponsive",
    "serious_errors",
    "score_over_limit",
    "rectification_incomplete",
    "closure_violation",
    "naming_nonstandard",
    "missing_error_report_entry",
    "service_unusable",
    "security_incident",
    "commercial_ads",
    "other",
)

TAXONOMY_CSV: Traversable = resources.files("normalizers") / "reference" / "taxonomy.csv"


class Rule(NamedTuple):
    """One row of the phrase table; `order` breaks ties between equally long matches."""

    code: str
    pattern: re.Pattern[str]
    note: str
    order: int


class Span(NamedTuple):
    code: str
    start: int
    end: int
    text: str


def load_rules(path: Path | Traversable = TAXONOMY_CSV) -> list[Rule]:
    """Read and validate the phrase table: a bad code or regex fails loudly, not silently."""
    rules = []
    with path.open("r", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            code = row["code"].strip()
            if code not in TAXONOMY_CODES or code == "other":
                raise ValueError(f"{path}: row {i + 2}: unknown taxonomy code {code!r}")
            try:
                pattern = re.compile(row["pattern"])
            except re.error as exc:
                raise ValueError(f"{path}: row {i + 2}: bad pattern: {exc}") from exc
            if pattern.fullmatch(""):
                raise ValueError(f"{path}: row {i + 2}: pattern matches the empty string")
            rules.append(Rule(code, pattern, row.get("note") or "", i))
    return rules


@lru_cache(maxsize=1)
def _rules() -> tuple[Rule, ...]:
    return tuple(load_rules())


# A cue earlier in the same clause that negates or forbids the problem: `未发现…刊登商业广告`,
# `严禁刊登商业广告` describe no problem.
_NEGATED = re.compile(
    r"(?:未发现|没有发现|未出现|没有出现|不存在|严禁|禁止|杜绝|不得|防止|避免)[^，。；！？]*$"
)
_CLAUSE_LOOKBACK = 24


def _negated(text: str, start: int) -> bool:
    return _NEGATED.search(text, max(0, start - _CLAUSE_LOOKBACK), start) is not None


def _prepare(text: str) -> str:
    """Simplified, canonical and without whitespace: OCR splits phrases (`长时间未 更新`) anywhere."""
    return strip_spaces(canonical(to_simplified(text)))


def match_spans(problem_text: str) -> list[Span]:
    """The accepted (non-overlapping) matches, in text order, on the prepared text — for debugging
    the phrase table and for showing evidence."""
    text = _prepare(problem_text)
    candidates = [
        (m.end() - m.start(), rule.order, rule.code, m.start(), m.end())
        for rule in _rules()
        for m in rule.pattern.finditer(text)
        if m.end() > m.start() and not _negated(text, m.start())
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[3]))
    taken = [False] * len(text)
    spans = []
    for _, _, code, start, end in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        spans.append(Span(code, start, end, text[start:end]))
    return sorted(spans, key=lambda s: s.start)


def categorize(problem_text: str) -> list[str]:
    """Taxonomy codes for a raw problem description, in order of first appearance, no duplicates;
    `["other"]` when no phrase matches (the raw text is kept elsewhere)."""
    codes = list(dict.fromkeys(span.code for span in match_spans(problem_text)))
    return codes or ["other"]
