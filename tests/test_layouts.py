"""Layout invariance, as a test: a circular drawn under a random layout extracts as its text does.

Each circular the layout tests draw (the samples and tests/more_circulars, see
`same_extraction.layout_seeds`) is rendered as a born-digital PDF under two layouts of
`render/style.random_style` — other paper, margins and measure, faces and sizes, leading, titles
and annex titles wrapped, 附件 items wrapped under their title or back to the margin, ragged or
justified lines, a table broken across pages with or without its header, the signature left out,
the 文号 above or below the title — and its extraction must equal, field by field, that of the
text of what was drawn (provenance aside). Each circular gets layouts of its own, so the suite
covers twice as many layouts as circulars; bench/layouts.py draws many more and scores them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.render.seed import parse
from tests.fixtures.render.style import DEFAULT, random_style
from tests.fixtures.render.variants import vary
from tests.same_extraction import layout_differences, layout_seeds

SEEDS = layout_seeds()
PER_SEED = 2
CASES = [(seed, 1 + i * PER_SEED + k) for i, seed in enumerate(SEEDS) for k in range(PER_SEED)]

#: (seed stem, layout) → why it fails for a cause outside the layout path: a line that page chrome
#: rules of normalize.CHROME take whole although it is prose (they match the line, not the page)
_URL_LINE = "a line opening with the wrapped rest of a URL (`http://…>）进行公示。`) is dropped as chrome"
_PATH_LINE = "a line holding `<政府网站发展指引>` is dropped as a breadcrumb (`… > …`)"
KNOWN: dict[tuple[str, int], str] = {
    ("000_49f8d2aa1abd7151", 1): _URL_LINE,
    ("002_2888e82ad4833598", 5): _PATH_LINE,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layouts")


@pytest.mark.parametrize(("seed", "n"), CASES, ids=[f"{s.stem[:12]}-L{n}" for s, n in CASES])
def test_a_layout_extracts_as_its_text(seed: Path, n: int, out: Path) -> None:
    if (seed.stem, n) in KNOWN:
        pytest.xfail(KNOWN[(seed.stem, n)])
    diffs = layout_differences(seed, n, out)
    assert not diffs, f"{seed.name} under layout {n}:\n" + "\n".join(diffs)


def test_the_suite_draws_the_samples_and_the_more_circulars() -> None:
    names = {p.name for p in SEEDS}
    assert {f"00{i}" for i in range(5)} <= {n[:3] for n in names}
    assert len(SEEDS) >= 25  # the UTF-8 texts of tests/more_circulars that are not a page's copy


def test_random_layouts_are_reproducible_and_vary() -> None:
    assert random_style(7) == random_style(7)
    styles = [random_style(n) for n in range(40)]
    assert DEFAULT not in styles
    for field in ("page_w", "body", "font", "title_fit", "hang", "justify", "signature", "table_break"):
        assert len({getattr(s, field) for s in styles}) > 1, field
    for s in styles:  # a measure of 22 to 40 characters, on the paper
        assert 22 <= s.text_w / s.body <= 41 and s.left > 0 and s.left + s.text_w < s.page_w


def test_what_a_layout_leaves_out_is_left_out_of_its_text() -> None:
    text = (SEEDS[0].parent / "001_3f98dfb6f54aee37.txt").read_text(encoding="utf-8")
    unsigned = next(random_style(n) for n in range(50) if not random_style(n).signature)
    blocks, said, _ = vary(text, unsigned)
    signature = [b for b in parse(text) if b.kind == "signature"]
    assert signature and all(b.text not in said.splitlines() for b in signature)
    assert not any(b.kind == "signature" for b in blocks)
    text = (Path(__file__).parent / "more_circulars" / "a1_hunan_2018q1.txt").read_text(encoding="utf-8")
    below = next(random_style(n) for n in range(50) if random_style(n).docnum_below_title)
    _, said, _ = vary(text, below)
    lines = [ln for ln in said.splitlines() if ln.strip()]
    assert (
        lines.index("湘政办函〔2018〕45号") == lines.index("关于2018年第一季度全省政府网站抽查情况的通报") + 1
    )
