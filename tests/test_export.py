"""`tongbao export` on the sample database: every table and view, read back alike by pandas, polars, DuckDB."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from pipeline import store
from pipeline.cli import cli
from pipeline.store import export
from pipeline.store.ddl import TABLE_BY_NAME

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


def counts(db: Path) -> dict[str, int]:
    """Rows per table and view, as the database has them."""
    con = store.connect(db, read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() UNION ALL "
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        ]
        internal = {n for n, spec in TABLE_BY_NAME.items() if spec.internal}  # kept inside the database
        return {
            n: con.execute(f"SELECT count(*) FROM {n}").fetchall()[0][0] for n in names if n not in internal
        }
    finally:
        con.close()


@pytest.fixture(scope="module", params=["parquet", "csv", "json"])
def exported(
    request: pytest.FixtureRequest, sample_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"export-{request.param}")
    result = CliRunner().invoke(
        cli, ["export", "--format", request.param, "--out", str(out), "--db", str(sample_db)]
    )
    assert result.exit_code == 0, result.output
    return request.param, out


def target(out: Path, name: str, fmt: str) -> Path:
    folder = out / name
    return folder if folder.is_dir() else out / f"{name}.{fmt}"


def _duckdb_df(sql: str) -> Any:
    relation = duckdb.sql(sql)
    assert relation is not None
    return relation.df()


def read_all(path: Path, fmt: str) -> dict[str, Any]:
    """The file or folder as pandas, polars and DuckDB each read it."""
    if fmt == "parquet":
        source = (
            f"read_parquet('{path}/**/*.parquet', hive_partitioning = true)" if path.is_dir() else f"'{path}'"
        )
        return {
            "pandas": pd.read_parquet(path),
            "polars": pl.read_parquet(path),
            "duckdb": _duckdb_df(f"SELECT * FROM {source}"),
        }
    if fmt == "csv":
        return {
            "pandas": pd.read_csv(path),
            "polars": pl.read_csv(path, infer_schema_length=None),
            "duckdb": _duckdb_df(f"SELECT * FROM read_csv('{path}')"),
        }
    return {
        "pandas": pd.read_json(path),
        "polars": pl.read_json(path),
        "duckdb": _duckdb_df(f"SELECT * FROM read_json('{path}')"),
    }


def test_every_table_and_view_reads_back_alike(exported: tuple[str, Path], sample_db: Path) -> None:
    fmt, out = exported
    expected = counts(sample_db)
    for name, n in expected.items():
        path = target(out, name, fmt)
        assert path.exists(), f"{name} was not exported"
        if n == 0 and fmt == "json":
            continue  # an empty JSON array: pandas and polars read no columns, which is right
        for reader, frame in read_all(path, fmt).items():
            assert len(frame) == n, f"{fmt} {name}: {reader} read {len(frame)} rows, the database has {n}"


def test_parquet_is_partitioned_by_province_and_year(exported: tuple[str, Path]) -> None:
    fmt, out = exported
    if fmt != "parquet":
        pytest.skip("partitions are a Parquet matter")
    for name in ("documents", "website_findings", "deductions", "stats"):
        assert TABLE_BY_NAME[name].primary_key[0] == "doc_id"
        parts = {p.relative_to(out / name).parts[:2] for p in (out / name).rglob("*.parquet")}
        assert all(a.startswith("province=") and b.startswith("year=") for a, b in parts), parts
    docs = pd.read_parquet(out / "documents")
    assert {"云南省", "山东省", "广东省", "贵州省", "national"} <= set(docs["province"])
    national = docs[docs["province"] == "national"]
    assert national["issuer_province"].isna().all() and len(national) == 3  # a NULL kept (one circular twice)
    findings = pl.read_parquet(out / "website_findings")
    assert findings.schema["problem_categories"] == pl.List(pl.String)


def test_lists_survive_every_format(exported: tuple[str, Path], sample_db: Path) -> None:
    fmt, out = exported
    con = store.connect(sample_db, read_only=True)
    try:
        expected = dict(con.execute("SELECT doc_id, addressees FROM documents").fetchall())
    finally:
        con.close()
    frame = read_all(target(out, "documents", fmt), fmt)["pandas"]
    read = {}
    for doc_id, addressees in zip(frame["doc_id"], frame["addressees"], strict=True):
        if fmt == "csv":  # CSV has no lists: JSON text that json.loads reads back
            addressees = json.loads(addressees)
        assert all(isinstance(a, str) for a in addressees)
        read[doc_id] = list(addressees)
    assert any(expected.values()), "the samples should hold addressees"
    assert read == expected


def test_two_exports_of_one_database_are_equal(sample_db: Path, tmp_path: Path) -> None:
    """Rows come out in a stable order, so an export can be diffed against the last one."""
    texts = []
    for name in ("a", "b"):
        result = CliRunner().invoke(
            cli, ["export", "--format", "csv", "--out", str(tmp_path / name), "--db", str(sample_db)]
        )
        assert result.exit_code == 0, result.output
        texts.append({p.name: p.read_text(encoding="utf-8") for p in (tmp_path / name).glob("*.csv")})
    assert texts[0] == texts[1] and "website_findings.csv" in texts[0]


def test_an_older_database_exports_what_it_has(db_path: Path, tmp_path: Path) -> None:
    con = store.connect(db_path)
    con.execute("DROP VIEW document_quality")
    con.execute("DROP TABLE pages")  # as if both were added after the file was written
    con.close()
    ro = store.connect(db_path, read_only=True)
    written = export.export(ro, tmp_path / "out", "csv")
    ro.close()
    names = {p.name for p in written}
    assert "documents.csv" in names and "pages.csv" not in names and "document_quality.csv" not in names


def test_the_exports_count_each_circular_once(exported: tuple[str, Path]) -> None:
    """The naive query on the exported files gives the circular's figures, as it does in the database."""
    fmt, out = exported
    frame = read_all(target(out, "deductions", fmt), fmt)["pandas"]
    assert frame.groupby("unit")["points_deducted"].sum()["聊城市"] == 29
    findings = read_all(target(out, "website_findings", fmt), fmt)["pandas"]
    assert not findings.duplicated(["doc_id", "annex_no", "table_no", "seq"]).any()
    docs = read_all(target(out, "documents", fmt), fmt)["pandas"]
    assert set(findings["doc_id"]) <= set(docs.loc[docs["is_primary"].astype(bool), "doc_id"])
