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
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "data" / "samples"
DIGITAL = ROOT / "tests" / "fixtures" / "pdf"
MORE = ROOT / "tests" / "more_circulars"


def score(tmp_path: Path, files: list[Path], golden: Path = GOLDEN) -> dict:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for f in files:
        shutil.copy(f, inputs / f.name)
    db = tmp_path / "golden.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(inputs), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "score.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "score_golden.py"),
            "--db",
            str(db),
            "--golden",
            str(golden),
            "--inputs",
            str(inputs),
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def assert_perfect(report: dict, n: int) -> None:
    assert not report["missing"], f"not loaded: {report['missing']}"
    assert len(report["results"]) == n
    misses = {
        name: {k: v for k, v in r["scores"].items() if v < 1.0} for name, r in report["results"].items()
    }
    misses = {k: v for k, v in misses.items() if v}
    notes = {name: r["notes"][:10] for name, r in report["results"].items() if name in misses}
    assert not misses, f"{misses}\n{json.dumps(notes, ensure_ascii=False, indent=1)}"


def assert_expected_warnings(db: Path) -> None:
    """Golden files may list warnings the pipeline must raise (e.g. a site code outside its region)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = dict(con.execute("select source_path, warnings from documents").fetchall())
    finally:
        con.close()
    for path, warnings in got.items():
        gold = json.loads(
            (GOLDEN / (Path(path).name.split("__")[0].rsplit(".", 1)[0] + ".json")).read_text("utf-8")
        )
        for w in gold.get("expected_warnings", []):
            assert w in (warnings or []), f"{Path(path).name}: missing warning {w!r}; got {warnings}"


def test_text_samples_score_perfectly(tmp_path: Path) -> None:
    files = sorted(SAMPLES.glob("*.txt"))
    assert len(files) == 5
    assert_perfect(score(tmp_path, files), len(files))
    assert_expected_warnings(tmp_path / "golden.duckdb")


@pytest.mark.skipif(not list(DIGITAL.glob("*__digital*.pdf")), reason="digital PDF fixtures not generated")
def test_born_digital_pdfs_score_perfectly(tmp_path: Path) -> None:
    files = sorted(DIGITAL.glob("*__digital*.pdf"))
    assert_perfect(score(tmp_path, files), len(files))
    assert_expected_warnings(tmp_path / "golden.duckdb")


def test_more_circulars_score_perfectly(tmp_path: Path) -> None:
    files = sorted([*MORE.glob("*.txt"), *MORE.glob("*.html")])
    assert len(files) == len(list(MORE.glob("*.json"))) >= 14
    assert_perfect(score(tmp_path, files, MORE), len(files))


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
