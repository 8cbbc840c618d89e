"""The fixture renderer (tests/fixtures/make_fixtures.py): one seed rendered into a temporary folder.

Checks that the born-digital PDF reads back through pdfplumber with its annex table, that scans are
image-only at their stated resolution, that the manifest has ground truth for every page, and that
rendering twice gives the same bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tests.fixtures.make_fixtures import OUT, SEEDS, build
from tests.fixtures.render.fonts import UMING, metrics
from tests.fixtures.render.layout import lay_out
from tests.fixtures.render.seed import read_seed

STEM = "001_3f98dfb6f54aee37"
VARIANTS = ("digital", "scan_clean", "scan_seal")


def _ws(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _manifest(folder: Path) -> list[dict[str, Any]]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    for out in (first, second):
        build([SEEDS / f"{STEM}.txt"], out, VARIANTS)
    return first, second


def test_seeds_parse_into_the_expected_shapes() -> None:
    seeds = {p.stem[:3]: read_seed(p) for p in SEEDS.glob("*.txt")}
    assert seeds["004"].note[-2:] == ["何金平", "2017.2.14"]
    assert [b.text for b in seeds["001"].of("banner")] == ["汕头市发电"]
    assert len(seeds["004"].of("field")) == 3
    assert not seeds["002"].of("banner") and seeds["002"].of("chrome")
    assert [b.text for b in seeds["003"].of("title")] == ["2017年第三季度", "全国政府网站抽查情况通报"]
    assert [len(b.rows) for b in seeds["000"].of("table")] == [6, 12]


def test_digital_pdf_reads_back_with_its_table(rendered: tuple[Path, Path]) -> None:
    seed = read_seed(SEEDS / f"{STEM}.txt")
    pages = len(lay_out(seed.blocks, metrics(UMING)))
    committed = [e for e in _manifest(OUT / "pdf") if e["file"] == f"{STEM}__digital.pdf"]
    with pdfplumber.open(rendered[0] / "pdf" / f"{STEM}__digital.pdf") as pdf:
        assert len(pdf.pages) == pages == committed[0]["pages"]
        text = _ws("".join(p.extract_text() or "" for p in pdf.pages))
        tables = [t for p in pdf.pages for t in p.extract_tables()]
    assert _ws("汕头市发电") in text and _ws("关于 2017 年第二季度全市政府网站抽查情况的通报") in text
    want = seed.of("table")[0].rows
    assert len(tables) == 1 and len(tables[0]) == len(want) == 3
    assert [[_ws(c) for c in row] for row in tables[0]] == [[_ws(c) for c in row] for row in want]


def test_scans_are_image_only_at_the_stated_dpi(rendered: tuple[Path, Path]) -> None:
    entries = _manifest(rendered[0] / "scans")
    assert {e["variant"] for e in entries} == {"scan_clean", "scan_seal"}
    for e in entries:
        with pdfplumber.open(rendered[0] / "scans" / e["file"]) as pdf:
            assert len(pdf.pages) == e["pages"]
            for page in pdf.pages:
                assert not page.chars
                dpi = max(im["srcsize"][0] / (im["width"] / 72) for im in page.images)
                assert dpi == pytest.approx(e["dpi"], abs=0.5)


def test_manifest_has_ground_truth_for_every_page(rendered: tuple[Path, Path]) -> None:
    seal = next(e for e in _manifest(rendered[0] / "scans") if e["variant"] == "scan_seal")
    assert [p["page"] for p in seal["ground_truth"]] == list(range(1, seal["pages"] + 1))
    assert all(p["lines"] for p in seal["ground_truth"])
    lines = [(kind, text) for p in seal["ground_truth"] for kind, text in p["lines"]]
    drawn = _ws("".join(text for kind, text in lines if kind != "page_number"))
    seed_lines = (SEEDS / f"{STEM}.txt").read_text(encoding="utf-8").splitlines()
    assert all(_ws(line) in drawn for line in seed_lines)
    tables = [t for p in seal["ground_truth"] for t in p["tables"]]
    assert tables == [read_seed(SEEDS / f"{STEM}.txt").of("table")[0].rows]


def test_rendering_is_deterministic(rendered: tuple[Path, Path]) -> None:
    first, second = rendered
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
