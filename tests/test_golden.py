"""The golden extraction holds: every bundled sample, as text and as a born-digital PDF, scores 1.00,
and so do the circulars in tests/more_circulars — written for the tests in layouts the samples do
not have (a gov.cn page with its metadata box, a 明传电报 with colon fields, OCR-like half-width
punctuation, a county's monthly circular, a PDF copied as text, portals' saved pages with menus,
Word-made markup, merged cells and a 明电 form as a table), each with its expected extraction beside it.

The scorer is the project's copy of the shared one (tests/score_golden.py), run on a real DuckDB
file built by the real ingest command.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.scoring import DIGITAL, MORE, ROOT, assert_expected_doubts, assert_perfect, score

SAMPLES = ROOT / "data" / "samples"


def test_text_samples_score_perfectly(tmp_path: Path) -> None:
    files = sorted(SAMPLES.glob("*.txt"))
    assert len(files) == 5
    assert_perfect(score(tmp_path, files), len(files))
    assert_expected_doubts(tmp_path / "golden.duckdb")


@pytest.mark.skipif(not list(DIGITAL.glob("*__digital*.pdf")), reason="digital PDF fixtures not generated")
def test_born_digital_pdfs_score_perfectly(tmp_path: Path) -> None:
    files = sorted(DIGITAL.glob("*__digital*.pdf"))
    assert_perfect(score(tmp_path, files), len(files))
    assert_expected_doubts(tmp_path / "golden.duckdb")


def test_more_circulars_score_perfectly(tmp_path: Path) -> None:
    files = sorted([*MORE.glob("*.txt"), *MORE.glob("*.html")])
    assert len(files) == len(list(MORE.glob("*.json"))) >= 14
    assert_perfect(score(tmp_path, files, MORE), len(files))
    assert_expected_doubts(tmp_path / "golden.duckdb", MORE)


def test_more_circulars_state_no_figure_they_do_not_have(tmp_path: Path) -> None:
    """The golden files of tests/more_circulars list every figure their text states: nothing more is
    extracted (the scorer counts recall only)."""
    db = tmp_path / "more.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(MORE), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        for gold_path in sorted(MORE.glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            got = con.execute(
                "SELECT s.metric, s.value FROM stats s JOIN documents d USING (doc_id) "
                "WHERE d.source_path LIKE ?",
                [f"%{gold['source']}"],
            ).fetchall()
            assert sorted(got) == sorted((s["metric"], float(s["value"])) for s in gold["stats"]), gold[
                "source"
            ]
    finally:
        con.close()
