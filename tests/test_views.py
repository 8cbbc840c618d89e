"""The analysts' views answer their questions on the real sample circulars, not only on hand-built rows.

`sample_db` is the database `make run` builds (the real ingest of data/samples, text and PDF copies of
five circulars), built once per test session; the notebook and export tests use it too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import store
from pipeline.store.views import LOW_CONFIDENCE
from tests.factories import finding, make_circular


@pytest.fixture
def con(sample_db: Path) -> Any:
    c = store.connect(sample_db, read_only=True)
    yield c
    c.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def test_copies_collapse_to_one_circular_each(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(con, "SELECT count(*) FROM documents") == [(10,)]
    assert rows(con, "SELECT count(*), min(copies), max(copies) FROM circulars") == [(5, 2, 2)]


def test_which_cities_lost_the_most_points(con: duckdb.DuckDBPyConnection) -> None:
    top = rows(
        con,
        """SELECT issuer_province, unit, period, points_deducted, circulars FROM deductions_by_city
                       WHERE unit_kind = 'city' ORDER BY points_deducted DESC LIMIT 2""",
    )
    assert top == [("山东省", "聊城市", "2017H1", 29.0, 1), ("山东省", "滨州市", "2017H1", 3.0, 1)]
    # every point of the counted copies, and none twice although each circular was ingested twice
    assert rows(con, "SELECT sum(points_deducted) FROM deductions_by_city") == rows(
        con, "SELECT sum(points_deducted) FROM deductions JOIN circulars USING (doc_id)"
    )
    departments = rows(con, "SELECT count(*) FROM deductions_by_city WHERE unit_kind = 'department'")
    assert departments == [(11,)]


def test_which_problems_recur_in_which_province(con: duckdb.DuckDBPyConnection) -> None:
    yunnan = dict(
        rows(
            con,
            """SELECT problem_category, findings FROM findings_by_province
                               WHERE site_province = '云南省' AND period = '2016Q4'""",
        )
    )
    assert yunnan["rectification_incomplete"] == 10 and yunnan["site_unreachable"] == 8
    assert rows(con, "SELECT DISTINCT site_province FROM findings_by_province ORDER BY 1") == [
        ("云南省",),
        ("广东省",),
    ]
    assert rows(con, "SELECT sum(findings) FROM findings_by_province WHERE problem_category IS NULL") == [
        (None,)
    ]


def test_which_sites_are_listed_again_and_again(con: duckdb.DuckDBPyConnection) -> None:
    # 屏边县教育局: failed the national check (annex 1) and still unrectified at the re-check (annex 3)
    assert rows(
        con, "SELECT site_code, site_names, times_listed, circulars, annexes FROM repeat_offenders"
    ) == [("5325230002", ["云南省屏边县教育局"], 2, 1, 2)]


def test_stats_by_period(con: duckdb.DuckDBPyConnection) -> None:
    got = {
        r[0]: r[1:]
        for r in rows(
            con,
            """
        SELECT issuer, period, sites_sampled, sites_failed, pass_rate_stated, pass_rate_computed, pass_rate,
               sample_ratio
        FROM stats_by_period""",
        )
    }
    assert len(got) == 5
    assert got["汕头市人民政府办公室"] == ("2017Q2", 25.0, None, 92.0, None, 92.0, 20.7)
    assert got["贵州省人民政府办公厅"] == ("2017Q3", 326.0, 38.0, None, 88.3, 88.3, 34.9)
    assert got["山东省人民政府办公厅"][0] == "2017H1"  # two monthly checks: the first is the headline
    assert got["国务院办公厅政府信息与政务公开办公室"][1:] == (500.0, None, 97.0, None, 97.0, 42.0)
    assert rows(con, "SELECT period_start FROM stats_by_period WHERE period = '2016Q4'") == [
        (dt.date(2016, 10, 1),)
    ]


def test_warnings_point_at_their_rows(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        """SELECT media_type, counted, code, about, annex_no, table_no, seq FROM document_warnings
                       WHERE issuer = '云南省人民政府办公厅' ORDER BY media_type""",
    )
    assert got == [
        ("pdf_text", True, "site_code_region_mismatch", "website_findings", 2, 1, 6),
        ("text", False, "site_code_region_mismatch", "website_findings", 2, 1, 6),
    ]
    guizhou = rows(
        con,
        """SELECT DISTINCT code, about, annex_no FROM document_warnings
                           WHERE issuer = '贵州省人民政府办公厅' ORDER BY annex_no""",
    )
    assert guizhou == [
        ("annex_not_found", "annexes", 1),
        ("annex_not_found", "annexes", 2),
        ("chrome_removed", "document", None),  # the gov.cn page's furniture, counted
    ]


def test_doubtful_rows_carry_the_trail(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        "SELECT media_type, about, annex_no, seq, label, reasons, len(warnings), annotations "
        "FROM doubtful_rows ORDER BY media_type",
    )
    note = "清河县人民政府。州直各部门进一步加强网站管理，认真抓好整改工作落实。针对通报问题及时整改，杜绝类似问题再次发生。"
    # the 批示 was read from the text copy; the PDF copy's row gets it through the circular
    assert got == [
        ("pdf_text", "website_findings", 2, 6, "玉溪档案信息网", ["warning"], 1, [note]),
        ("text", "website_findings", 2, 6, "玉溪档案信息网", ["warning"], 1, [note]),
    ]
    review = dict(rows(con, "SELECT issuer, bool_or(needs_review) FROM document_quality GROUP BY issuer"))
    assert review == {
        "云南省人民政府办公厅": True,
        "贵州省人民政府办公厅": True,
        "国务院办公厅政府信息与政务公开办公室": True,
        "山东省人民政府办公厅": False,
        "汕头市人民政府办公室": False,
    }


def test_scan_doubts(db_path: Path) -> None:
    """Low OCR confidence flags rows and pages; a missing code or category flags a row too."""
    from schemas import PageText

    con = store.connect(db_path)
    base = make_circular("scan")
    shaky = finding(1, "5325000001", ["homepage_stale"]).model_copy(
        update={"confidence": LOW_CONFIDENCE - 0.1}
    )
    scan = base.model_copy(
        update={
            "media_type": "pdf_scan",
            "ocr_engine": "rapidocr",
            "ocr_confidence": 0.85,
            "warnings": [],
            "website_findings": [shaky, finding(2, None, [])],
            "pages": [
                PageText(page_no=1, text="…", confidence=0.95, engine="rapidocr"),
                PageText(page_no=2, text="…", confidence=0.6, engine="rapidocr"),
            ],
        }
    )
    store.load(con, scan, run_id="r1")
    assert rows(con, "SELECT seq, reasons FROM doubtful_rows ORDER BY seq") == [
        (1, ["low_ocr_confidence"]),
        (2, ["no_site_code", "problem_uncategorised"]),
    ]
    assert rows(
        con,
        "SELECT low_confidence_pages, min_page_confidence, doubtful_rows, needs_review FROM document_quality",
    ) == [([2], 0.6, 2, True)]
    con.close()


def test_show_marks_what_to_check(db_path: Path) -> None:
    """`tongbao show` flags the rows a warning names, and shows OCR confidence of pages and rows."""
    from rich.console import Console

    from pipeline.report import show
    from schemas import PageText, doubts

    base = make_circular("shown", header={"signer": None})
    shaky = finding(2, "5325000002", ["blank_columns"]).model_copy(update={"confidence": 0.55, "page_no": 2})
    scan = base.model_copy(
        update={
            "media_type": "pdf_scan",
            "ocr_engine": "rapidocr",
            "ocr_confidence": 0.8,
            "website_findings": [base.website_findings[0], shaky],
            "doubts": [doubts.site_code_region_mismatch(1, 1, 2, "5325000002", "红河州", "文山")],
            "pages": [
                PageText(page_no=1, text="…", confidence=0.9, engine="rapidocr"),
                PageText(page_no=2, text="…", confidence=0.7, engine="rapidocr"),
            ],
        }
    )
    con = store.connect(db_path)
    store.load(con, scan, run_id="r1")
    circular, ctx = show.load(con, scan.doc_id[:6])
    con.close()
    console = Console(record=True, width=200)
    show.show(circular, ctx, console)
    text = console.export_text()
    assert "rapidocr, mean confidence 0.80" in text and "2 (0.70 LOW)" in text
    flagged = next(line for line in text.splitlines() if "5325000002" in line)
    assert "⚠" in flagged and "0.55" in flagged
    assert any(line.split()[:2] == ["signer", "—"] for line in text.splitlines())
