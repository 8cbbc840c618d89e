"""The DuckDB side: schema and comments, idempotent atomic loads, the views' arithmetic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import store
from pipeline.store import write as store_write
from pipeline.store.ddl import TABLE_BY_NAME, TABLES
from pipeline.store.views import VIEWS
from schemas import Circular, Deduction, Header
from tests.factories import finding, make_circular


@pytest.fixture
def con(db_path: Path) -> Any:
    c = store.connect(db_path)
    yield c
    c.close()


def count(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> int:
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return int(row[0])


def doc_rows(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, int]:
    return {
        t.name: count(con, f"SELECT count(*) FROM {t.name} WHERE doc_id = ?", doc_id)
        for t in TABLES
        if "doc_id" in t.names
    }


def test_schema_has_every_table_and_view(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {
        "documents",
        "sections",
        "annexes",
        "website_findings",
        "deductions",
        "deduction_items",
        "stats",
        "mentions",
        "ingest_log",
        "annotations",
        "pages",
        "document_paths",
    } <= tables
    assert {"deductions_by_city", "findings_by_province", "repeat_offenders", "circulars"} <= views


def test_documents_flattens_the_header(con: duckdb.DuckDBPyConnection) -> None:
    cols = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'documents'"
        ).fetchall()
    )
    assert set(Header.model_fields) <= set(cols)
    assert cols["addressees"] == "VARCHAR[]" and cols["warnings"] == "VARCHAR[]"
    assert cols["issue_date"] == "DATE" and cols["period_year"] == "INTEGER"
    assert cols["ocr_confidence"] == "DOUBLE" and cols["loaded_at"] == "TIMESTAMP"
    finding_cols = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'website_findings'"
        ).fetchall()
    )
    assert finding_cols["problem_categories"] == "VARCHAR[]"


def test_every_table_view_and_column_has_a_comment(con: duckdb.DuckDBPyConnection) -> None:
    bare = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert bare == []
    assert con.execute("SELECT table_name FROM duckdb_tables() WHERE comment IS NULL").fetchall() == []
    assert (
        con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL").fetchall()
        == []
    )


def test_connect_is_idempotent_and_adds_missing_columns(db_path: Path) -> None:
    old = duckdb.connect(str(db_path))
    old.execute("CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, source_path VARCHAR)")
    old.close()
    for _ in range(2):
        con = store.connect(db_path)
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'documents'"
            ).fetchall()
        ]
        con.close()
        assert set(TABLE_BY_NAME["documents"].names) <= set(cols)


def test_load_round_trips(con: duckdb.DuckDBPyConnection) -> None:
    c = make_circular()
    store.load(con, c, run_id="r1")
    assert store.fetch(con, c.doc_id) == c


def test_load_twice_replaces_and_never_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    c = make_circular()
    store.load(con, c, run_id="r1")
    first = doc_rows(con, c.doc_id)
    store.load(con, c, run_id="r2")
    assert doc_rows(con, c.doc_id) == first
    assert first["website_findings"] == 2 and first["documents"] == 1
    shorter = c.model_copy(update={"website_findings": c.website_findings[:1]})
    store.load(con, shorter, run_id="r3")
    assert doc_rows(con, c.doc_id)["website_findings"] == 1


def test_fault_mid_load_keeps_previous_version(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    v1 = make_circular()
    store.load(con, v1, run_id="r1")
    v2 = v1.model_copy(
        update={
            "header": v1.header.model_copy(update={"title": "新标题"}),
            "website_findings": v1.website_findings[:1],
        }
    )
    new = make_circular("other")
    real_insert = store_write.insert_rows

    def failing_insert(c: duckdb.DuckDBPyConnection, spec: Any, rows: Any) -> None:
        if spec.name == "deductions":  # after documents, sections, annexes, findings were written
            raise RuntimeError("disk on fire")
        real_insert(c, spec, rows)

    monkeypatch.setattr(store_write, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.load(con, v2, run_id="r2")
    with pytest.raises(RuntimeError):
        store.load(con, new, run_id="r2")
    assert store.fetch(con, v1.doc_id) == v1
    assert set(doc_rows(con, new.doc_id).values()) == {0}
    monkeypatch.setattr(store_write, "insert_rows", real_insert)
    store.load(con, v2, run_id="r3")  # the connection is usable after the rollback
    assert store.fetch(con, v1.doc_id).header.title == "新标题"


def test_duplicate_natural_key_fails_naming_the_table(con: duckdb.DuckDBPyConnection) -> None:
    c = make_circular()
    twice = c.model_copy(update={"website_findings": [c.website_findings[0], c.website_findings[0]]})
    with pytest.raises(duckdb.ConstraintException, match=r"^website_findings: .*[Dd]uplicate key"):
        store.load(con, twice, run_id="r1")
    assert set(doc_rows(con, c.doc_id).values()) == {0}


def test_document_paths_survive_reload(con: duckdb.DuckDBPyConnection) -> None:
    c = make_circular()
    store.load(con, c, run_id="r1", extra_paths=["copy/a.txt"])
    store.load(con, c, run_id="r2")
    paths = [r[0] for r in con.execute("SELECT source_path FROM document_paths ORDER BY 1").fetchall()]
    assert paths == ["a.txt", "copy/a.txt"]


def test_is_loaded_depends_on_bytes_and_version(con: duckdb.DuckDBPyConnection) -> None:
    c = make_circular()
    assert not store.is_loaded(con, c.source_sha256)
    store.load(con, c, run_id="r1")
    assert store.is_loaded(con, c.source_sha256)
    assert not store.is_loaded(con, c.source_sha256, extraction_version="other-code")
    assert store.doc_id_for(con, c.source_sha256) == c.doc_id


def test_log_ingest(con: duckdb.DuckDBPyConnection) -> None:
    now = dt.datetime.now()
    store.log_ingest(con, "r1", "x.pdf", "ab" * 32, "failed", "BadInput: encrypted", 0.5, now)
    assert con.execute("SELECT status, error FROM ingest_log").fetchall() == [
        ("failed", "BadInput: encrypted")
    ]
    with pytest.raises(ValueError, match="status"):
        store.log_ingest(con, "r1", "x.pdf", None, "exploded", None, 0.0, now)


def test_resolve_doc_id_by_prefix(con: duckdb.DuckDBPyConnection) -> None:
    c = make_circular()
    store.load(con, c, run_id="r1")
    assert store.resolve_doc_id(con, c.doc_id[:4]) == c.doc_id
    from schemas.exceptions import UsageError

    with pytest.raises(UsageError, match="no document"):
        store.resolve_doc_id(con, "zzzz")


HONGHE: dict[str, Any] = {
    "unit_full_name": "红河哈尼族彝族自治州",
    "unit_level": "municipal",
    "unit_region_code": "532500",
    "unit_province": "云南省",
    "unit_city": "红河哈尼族彝族自治州",
}


def _three_circulars() -> list[Circular]:
    """A and B are two Q2 circulars; C is a scanned copy of A that the views must not count twice."""
    a = make_circular("a")
    b = make_circular(
        "bb",
        header={"issue_date": dt.date(2017, 8, 1)},
        website_findings=[
            finding(1, "5325000001", ["broken_links"], name="另一个名字"),
            finding(2, None, [], province="云南省", name="无标识码网站"),
        ],
        deductions=[  # 红河 printed short this time: one unit with 红河州 all the same
            Deduction(annex_no=2, seq=1, unit="红河", unit_kind="city", points_deducted=10, **HONGHE),
            Deduction(annex_no=2, seq=2, unit="文山州", unit_kind="city", points_deducted=5),
        ],
        deduction_items=[],
    )
    c = make_circular(
        "scan-of-a",
        header={"doc_number": a.header.doc_number},
        media_type="pdf_scan",
        ocr_engine="rapidocr",
        ocr_confidence=0.9,
    )
    return [a, b, c]


def test_views_aggregate(con: duckdb.DuckDBPyConnection) -> None:
    a, b, c = _three_circulars()
    for doc in (a, b, c):
        store.load(con, doc, run_id="r1")
    copies = con.execute("SELECT doc_id, copies FROM circulars ORDER BY doc_id").fetchall()
    assert sorted(copies) == sorted([(a.doc_id, 2), (b.doc_id, 1)])

    by_city = con.execute(
        "SELECT unit, unit_region_code, period_year, period_quarter, points_deducted, circulars, printed_as "
        "FROM deductions_by_city ORDER BY points_deducted DESC"
    ).fetchall()
    assert by_city == [  # the scan (c) is a copy of a: its 29 points are not counted again
        ("红河哈尼族彝族自治州", "532500", 2017, 2, 39.0, 2, ["红河", "红河州"]),
        ("文山州", None, 2017, 2, 5.0, 1, ["文山州"]),
    ]
    assert con.execute("SELECT sum(points_deducted) FROM deductions").fetchall() == [(44.0,)]

    by_province = con.execute(
        "SELECT problem_category, findings, sites FROM findings_by_province "
        "WHERE site_province = '云南省' ORDER BY problem_category NULLS LAST"
    ).fetchall()
    assert by_province == [
        ("blank_columns", 1, 1),
        ("broken_links", 1, 1),
        ("homepage_stale", 2, 2),
        (None, 1, 1),
    ]

    repeat = con.execute(
        "SELECT site_code, site_names, times_listed, circulars, first_listed, last_listed, "
        "problem_categories FROM repeat_offenders"
    ).fetchall()
    assert repeat == [
        (
            "5325000001",
            ["另一个名字", "网站1"],
            2,
            2,
            dt.date(2017, 7, 10),
            dt.date(2017, 8, 1),
            ["broken_links", "homepage_stale"],
        )
    ]


def test_every_view_runs_on_an_empty_database(con: duckdb.DuckDBPyConnection) -> None:
    for view in VIEWS:
        assert con.execute(f"SELECT * FROM {view.name}").fetchall() == []


@pytest.fixture(scope="module")
def memory_con() -> Any:
    c = store.connect(":memory:")
    yield c
    c.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(max_size=40),
    problems=st.text(max_size=80),
    reason=st.text(min_size=1, max_size=30),
    points=st.none() | st.floats(0, 100, allow_nan=False),
)
def test_any_text_round_trips(
    memory_con: duckdb.DuckDBPyConnection, title: str, problems: str, reason: str, points: float | None
) -> None:
    base = make_circular("hypothesis")
    c = base.model_copy(
        update={
            "header": base.header.model_copy(update={"title": title, "addressees": [title, problems]}),
            "website_findings": [
                f.model_copy(update={"problems_raw": problems}) for f in base.website_findings
            ],
            "deduction_items": [
                i.model_copy(update={"reason": reason, "points_deducted": points})
                for i in base.deduction_items
            ],
            "warnings": [problems],
        }
    )
    store.load(memory_con, c, run_id="h")
    assert store.fetch(memory_con, c.doc_id) == c
