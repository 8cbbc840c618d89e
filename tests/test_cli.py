"""The command line, in-process with click's CliRunner: help, exit codes, output formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline import __version__, run, store
from pipeline.cli import cli
from pipeline.store.ddl import TABLES
from pipeline.store.views import VIEWS
from schemas import Circular
from schemas.exceptions import BadInput
from tests.factories import SAMPLES, fake_extract_from, hold_database, make_circular


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def loaded_db(db_path: Path) -> Path:
    con = store.connect(db_path)
    for key in ("a", "bb"):
        store.load(con, make_circular(key), run_id="r1")
    store.load(
        con,
        make_circular(
            "national",
            header={
                "issuer": "国务院办公厅",
                "issuer_level": "national",
                "issuer_province": None,
                "period_year": None,
            },
        ),
        run_id="r1",
    )
    con.close()
    return db_path


@pytest.mark.parametrize("command", [[], *[[name] for name in cli.commands]])
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout and len(result.stdout) > 100


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


def test_ingest_exit_codes(
    runner: CliRunner, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "extract", fake_extract_from([]))
    (tmp_path / "ok.txt").write_text("ok")
    (tmp_path / "bad.txt").write_text("BAD")
    ok = runner.invoke(cli, ["ingest", str(tmp_path / "ok.txt"), "--db", str(db_path), "--workers", "1"])
    assert ok.exit_code == 0, ok.output
    assert "1 loaded, 0 unchanged, 0 failed" in ok.stderr
    some = runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(db_path), "--workers", "1"])
    assert some.exit_code == 1
    assert f"failed: {tmp_path / 'bad.txt'}: NotACircular" in some.stderr
    assert "0 loaded, 1 unchanged, 1 failed" in some.stderr
    missing = runner.invoke(cli, ["ingest", str(tmp_path / "nope"), "--db", str(db_path)])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    no_paths = runner.invoke(cli, ["ingest", "--db", str(db_path)])
    assert no_paths.exit_code == 2
    zero_workers = runner.invoke(cli, ["ingest", str(tmp_path), "--workers", "0"])
    assert zero_workers.exit_code == 2
    unknown_ocr = runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(db_path), "--ocr", "nope"])
    assert unknown_ocr.exit_code == 2 and "unknown OCR engine 'nope'; known engines:" in unknown_ocr.stderr


def test_busy_database_is_one_clear_line(runner: CliRunner, tmp_path: Path, db_path: Path) -> None:
    store.connect(db_path).close()
    (tmp_path / "ok.txt").write_text("ok")
    with hold_database(db_path):
        result = runner.invoke(cli, ["ingest", str(tmp_path / "ok.txt"), "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: database {db_path} is in use by another process")
    assert result.stderr.count("\n") == 1


def test_extract_prints_json_or_one_line_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "extract", fake_extract_from([]))
    (tmp_path / "ok.txt").write_text("ok")
    result = runner.invoke(cli, ["extract", str(tmp_path / "ok.txt")])
    assert result.exit_code == 0
    assert Circular.model_validate_json(result.stdout).header.issuer == "云南省人民政府办公厅"

    def bad(path: Path | str, ocr: str | None = None) -> Circular:
        raise BadInput("the PDF is encrypted\nsecond line")

    monkeypatch.setattr(run, "extract", bad)
    failed = runner.invoke(cli, ["extract", str(tmp_path / "ok.txt")])
    assert failed.exit_code == 1 and failed.stdout == ""
    assert failed.stderr == f"error: {tmp_path / 'ok.txt'}: BadInput: the PDF is encrypted\n"


def test_unexpected_errors_are_internal(
    runner: CliRunner, loaded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(con: duckdb.DuckDBPyConnection, sql: str) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(store, "query", broken)
    result = runner.invoke(cli, ["query", "SELECT 1", "--db", str(loaded_db)])
    assert result.exit_code == 4
    assert "internal error" in result.stderr and "Traceback" not in result.stderr
    verbose = runner.invoke(cli, ["query", "SELECT 1", "--db", str(loaded_db), "--verbose"])
    assert verbose.exit_code == 4 and "Traceback" in verbose.stderr


def test_query_formats(runner: CliRunner, loaded_db: Path) -> None:
    sql = "SELECT doc_id, addressees, issue_date FROM documents ORDER BY doc_id"
    table = runner.invoke(cli, ["query", sql, "--db", str(loaded_db)])
    assert table.exit_code == 0 and "3 row(s)" in table.stdout and "各州、市人民政府" in table.stdout

    as_csv = runner.invoke(cli, ["query", sql, "--db", str(loaded_db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 3 and rows[0]["issue_date"] == "2017-07-10"
    assert json.loads(rows[0]["addressees"]) == ["各州、市人民政府", "省直各委、办、厅、局"]

    as_json = runner.invoke(cli, ["query", sql, "--db", str(loaded_db), "--format", "json"])
    records = json.loads(as_json.stdout)
    assert len(records) == 3 and records[0]["issue_date"] == "2017-07-10"


def test_query_errors_are_usage_errors(runner: CliRunner, loaded_db: Path, tmp_path: Path) -> None:
    bad_sql = runner.invoke(cli, ["query", "SELEC nonsense", "--db", str(loaded_db)])
    assert bad_sql.exit_code == 2 and bad_sql.stderr.count("\n") == 1
    no_table = runner.invoke(cli, ["query", "SELECT * FROM nowhere", "--db", str(loaded_db)])
    assert no_table.exit_code == 2
    read_only = runner.invoke(cli, ["query", "DELETE FROM documents", "--db", str(loaded_db)])
    assert read_only.exit_code == 2
    missing_db = runner.invoke(cli, ["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert missing_db.exit_code == 2 and "does not exist" in missing_db.stderr


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_export_is_readable(runner: CliRunner, loaded_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", "--format", fmt, "--out", str(out), "--db", str(loaded_db)])
    assert result.exit_code == 0, result.output
    names = [t.name for t in TABLES if not t.internal] + [v.name for v in VIEWS]
    con = duckdb.connect()
    for name in names:
        if fmt == "parquet":
            target = out / name if (out / name).is_dir() else out / f"{name}.parquet"
            source = f"read_parquet('{target}/**/*.parquet')" if target.is_dir() else f"'{target}'"
        else:
            source = f"'{out / name}.{fmt}'"
        got = con.execute(f"SELECT count(*) FROM {source}").fetchone()
        assert got is not None
        expected = {"documents": 3, "website_findings": 6, "ingest_log": 0}.get(name)
        if expected is not None:
            assert got[0] == expected, name
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    if fmt == "parquet":
        docs = pd.read_parquet(out / "documents")
        assert len(docs) == 3 and set(docs["province"]) == {"云南省", "national"}
        assert len(pd.read_parquet(out / "annotations")) == 3
        assert pl.read_parquet(out / "website_findings").height == 6
        assert len(pd.read_parquet(out / "stats")) == 6
    elif fmt == "csv":
        assert len(pd.read_csv(out / "documents.csv")) == 3 and pl.read_csv(out / "sections.csv").height == 6
    else:
        assert (
            len(pd.read_json(out / "documents.json")) == 3
            and pl.read_json(out / "deductions.json").height == 3
        )
    dictionary = pd.read_csv(out / "data_dictionary.csv")
    assert dictionary["comment"].notna().all() and "repeat_offenders" in set(dictionary["table_name"])


def test_schema_prints_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Circular" and "header" in schema["properties"]


def test_show(runner: CliRunner, loaded_db: Path) -> None:
    doc = make_circular("a")
    result = runner.invoke(cli, ["show", doc.doc_id[:6], "--db", str(loaded_db)])
    assert result.exit_code == 0, result.output
    for text in (
        doc.doc_id,
        "关于2017年第二季度政府网站抽查情况的通报",
        "抽查基本情况",
        "5325000001",
        "红河州",
        "annex 3 (整改情况) is listed but its table was not found",
        "请各州市认真整改",
    ):
        assert text in result.stdout, text
    unknown = runner.invoke(cli, ["show", "zzzz", "--db", str(loaded_db)])
    assert unknown.exit_code == 2 and "no document" in unknown.stderr


def test_extract_a_sample(runner: CliRunner) -> None:
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    result = runner.invoke(cli, ["extract", str(sample)])
    assert result.exit_code == 0, result.stderr
    assert Circular.model_validate_json(result.stdout).source_path.endswith(sample.name)


def test_the_cli_imports_only_what_a_command_uses() -> None:
    """`tongbao --help` and `tongbao query` stay quick: the extractors, spaCy and the OCR stack load only
    for commands that read documents (and `ingest` can start its workers before importing DuckDB)."""
    heavy = ["duckdb", "spacy", "pipeline.run", "pdfplumber", "numpy", "rich"]
    code = f"import sys, pipeline.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_export_formats_offered_are_the_exporters() -> None:
    from pipeline import cli as cli_mod
    from pipeline.store import export

    assert cli_mod.EXPORT_FORMATS == export.FORMATS


def test_the_installed_command_flushes_its_output_and_exit_code(loaded_db: Path) -> None:
    """`main` leaves with os._exit after the command: output must still be complete, codes exact."""
    tongbao = Path(sys.executable).with_name("tongbao")
    sql = "SELECT range AS n FROM range(5000)"
    ok = subprocess.run(
        [str(tongbao), "query", sql, "--format", "csv", "--db", str(loaded_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == ["n", *map(str, range(5000))]
    bad = subprocess.run(
        [str(tongbao), "query", "SELEC 1", "--db", str(loaded_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and bad.stdout == ""
    usage = subprocess.run([str(tongbao), "ingest"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "Usage:" in usage.stderr
