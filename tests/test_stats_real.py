"""Figures of circulars nobody here wrote (tests/real, tests/portal_copies): the scorer counts only
recall, so this holds precision — no figure is extracted that the hand labels do not list — and a floor
under recall, per set, so that a new rule that catches one wording and loses another fails here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline import extract
from tests.scoring import ROOT

#: set: lowest share of the labelled figures extracted (tests/real r1-01: the body is not found yet)
RECALL = {"real": 0.95, "portal_copies": 0.985}  # portal_copies: the sixth round's misses (README)
#: set: the figures extracted that the labels do not list, at most (u-03: one county's stale home page
#: `麟游县有1个乡镇网站首页…未更新`, a part with no whole printed, which the labels leave out)
EXTRA = {"real": 0, "portal_copies": 1}


@pytest.mark.parametrize("name", sorted(RECALL))
def test_the_figures_of_real_circulars_and_no_others(name: str) -> None:
    folder = ROOT / "tests" / name
    extra: dict[str, list[tuple[str, float]]] = {}
    found = wanted = 0
    for path in sorted((folder / "inputs").iterdir()):
        gold = json.loads((folder / "golden" / f"{Path(path).stem}.json").read_text(encoding="utf-8"))
        want = Counter((s["metric"], float(s["value"])) for s in gold["stats"])
        got = Counter((s.metric, s.value) for s in extract(path).stats)
        if got - want:
            extra[path.name] = sorted(got - want)
        found += sum((got & want).values())
        wanted += sum(want.values())
    assert sum(len(v) for v in extra.values()) <= EXTRA[name], extra
    assert found / wanted >= RECALL[name], f"{name}: {found}/{wanted}"
