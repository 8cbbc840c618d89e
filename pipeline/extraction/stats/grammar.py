"""The words of the stats grammar, loaded from package data (`normalizers/reference/stats_words.csv`
and `stats_rules.csv`), so that a new wording of a known metric is a row, not code.

`stats_words.csv` (kind, class, pattern, note): every pattern is a regex matched on a sentence's
matching view (`view.prepare`: Simplified, no whitespace, full-width punctuation, ASCII digits,
quoted names blanked). Kinds:
- `subject`: the nouns a figure counts (site, new_media, column, link, message, person);
- `predicate`: the verbs and adjectives that say what of them is counted (running, checked,
  failed, closed, …, and the rate words pass_rate, sample_ratio, resolved_rate);
- `unit`: the classifiers (count 个/家, message 条/件, person 名/人, percent %);
- word lists that steer the reading: `filler`, `function`, `part`, `whole`, `past`, `subset`, `among`,
  `copula`, `tally`, `cumulative`, `bound`, `np_start`, `partitive` (each row's note says what it does).

Precedence inside a kind: at one position the row listed first wins (`书面检查` before `检查`, `不合格`
before `合格`, `首页…未更新` before `未更新`), and a scan never reads inside a word already read.

`stats_rules.csv` (metric, subject, predicate, unit, combine): a figure gets the metric of the first
rule, in file order, whose subject class, predicate class and unit class it has (`first`); an `also`
rule adds its metric beside the winner (a check of every running site is both a count of running
sites and the sample).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from normalizers.vocabulary import CN_NUMERAL_CHARS, NEW_MEDIA_WORDS, alternation

REFERENCE = resources.files("normalizers") / "reference"
#: the predicate class of a rule that applies to a quantity with no predicate at all
NO_PREDICATE = "none"
WORDS_CSV: Traversable = REFERENCE / "stats_words.csv"
RULES_CSV: Traversable = REFERENCE / "stats_rules.csv"
#: the word lists that are one alternation each
LISTS = (
    "filler",
    "function",
    "measure",
    "counted",
    "part",
    "part_scope",
    "level_part",
    "whole",
    "past",
    "subset",
    "rounds",
    "among",
    "copula",
    "tally",
    "cumulative",
    "bound",
    "change",
    "distributive",
    "bound_after",
    "requirement",
    "coordinator",
    "np_start",
    "partitive",
)


@dataclass(frozen=True)
class Token:
    """A word read in a sentence's view: where it is and its class (`site`, `checked`, …)."""

    start: int
    end: int
    cls: str


@dataclass(frozen=True)
class Lexicon:
    """The rows of one kind as one regex: each row a named group, so one scan reads them in order."""

    pattern: re.Pattern[str]
    classes: dict[str, str]

    def scan(self, text: str) -> list[Token]:
        return [
            Token(m.start(), m.end(), self.classes[m.lastgroup or ""]) for m in self.pattern.finditer(text)
        ]


@dataclass(frozen=True)
class Rule:
    metric: str
    subjects: frozenset[str]
    predicate: str
    unit: str
    also: bool


@dataclass(frozen=True)
class Grammar:
    subjects: Lexicon
    predicates: Lexicon
    #: unit text → unit class, longest first
    units: tuple[tuple[str, str], ...]
    words: dict[str, re.Pattern[str]]
    rules: tuple[Rule, ...]
    #: a quick test that a sentence may hold a quantity (a number, however spaced, before a unit)
    may_count: re.Pattern[str]

    def unit_class(self, text: str) -> str | None:
        return next((cls for word, cls in self.units if word == text), None)


def _rows(path: Traversable) -> list[dict[str, str]]:
    """The file's rows; a row with more fields than the header (a pattern's `{1,8}` unquoted, cut at
    its comma) fails, naming its line, rather than being read short."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for n, row in enumerate(rows, start=2):
        if None in row:
            raise ValueError(f"{path}: line {n}: more fields than the header (quote a pattern with a comma)")
    return rows


def _lexicon(rows: list[tuple[str, str]]) -> Lexicon:
    groups = [f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(rows)]
    return Lexicon(re.compile("|".join(groups)), {f"g{i}": cls for i, (cls, _) in enumerate(rows)})


def load(words: Traversable = WORDS_CSV, rules: Traversable = RULES_CSV) -> Grammar:
    """Read and compile the grammar; a bad regex or an unknown kind fails here, naming the row."""
    subjects: list[tuple[str, str]] = []
    predicates: list[tuple[str, str]] = []
    units: list[tuple[str, str]] = []
    lists: dict[str, list[str]] = {k: [] for k in LISTS}
    for n, row in enumerate(_rows(words), start=2):
        kind, cls, pattern = row["kind"], row["class"], row["pattern"]
        try:
            re.compile(pattern)
        except re.error as e:
            raise ValueError(f"{words}: line {n}: bad pattern {pattern!r}: {e}") from e
        if kind == "subject":
            if cls == "new_media":  # the shared list of platforms, so the two cannot drift apart
                pattern = f"{pattern}|{alternation(NEW_MEDIA_WORDS)[3:-1]}"
            subjects.append((cls, pattern))
        elif kind == "predicate":
            predicates.append((cls, pattern))
        elif kind == "unit":
            units += [(word, cls) for word in pattern.split("|")]
        elif kind in lists:
            lists[kind].append(pattern)
        else:
            raise ValueError(f"{words}: line {n}: unknown kind {kind!r}")
    rule_rows = [
        Rule(
            metric=r["metric"],
            subjects=frozenset(r["subject"].split()),
            predicate=r["predicate"],
            unit=r["unit"],
            also=r["combine"] == "also",
        )
        for r in _rows(rules)
    ]
    known = {cls for cls, _ in predicates} | {NO_PREDICATE}
    for r in rule_rows:
        if r.predicate not in known:
            raise ValueError(f"{rules}: {r.metric}: no predicate class {r.predicate!r} in {words}")
    return Grammar(
        subjects=_lexicon(subjects),
        predicates=_lexicon(predicates),
        units=tuple(sorted(units, key=lambda u: len(u[0]), reverse=True)),
        words={k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in lists.items()},
        rules=tuple(rule_rows),
        may_count=re.compile(
            rf"[0-9０-９][\d０-９\s.,．]*(?:万|余|多)?\s*{alternation(w for w, _ in units)}"
            rf"|[{CN_NUMERAL_CHARS}]\s*{alternation(w for w, _ in units)}|百分之|％"
        ),
    )


@functools.cache
def grammar() -> Grammar:
    """The shipped grammar, read once per process."""
    return load()
