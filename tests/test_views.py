"""The analysts' views answer their questions on the real sample circulars, not only on hand-built rows.

`sample_db` is the database `make run` builds (the real ingest of data/samples: text and PDF copies of
five circulars, and twelve circulars of other provinces and periods in data/samples/more), built once
per test session; the notebook and export tests use it too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import store
from pipeline.store.view_spec import LOW_CONFIDENCE
from tests.factories import finding, make_circular


@pytest.fixture
def con(sample_db: Path) -> Any:
    c = store.connect(sample_db, read_only=True)
    yield c
    c.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def test_copies_are_one_circular(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(con, "SELECT count(*), count(DISTINCT circular_id) FROM documents") == [(22, 17)]
    assert rows(con, "SELECT count(*), sum(copies), max(copies) FROM circulars") == [(17, 22, 2)]
    # each sample's text and PDF: the PDF is primary (page numbers to check rows against), the text a
    # copy matched by its text, and the choice says why
    pairs = rows(
        con,
        """SELECT media_type, is_primary, matched_by, primary_reason LIKE '%pdf_text over text%'
           FROM documents WHERE circular_id IN (SELECT circular_id FROM circulars WHERE copies = 2)
           GROUP BY ALL ORDER BY media_type""",
    )
    assert pairs == [("pdf_text", True, None, True), ("text", False, "same_text", True)]


def test_the_naive_queries_give_the_circulars_figures(con: duckdb.DuckDBPyConnection) -> None:
    """Querying the tables as if each circular were there once is right: it is."""
    by_unit = dict(rows(con, "SELECT unit, sum(points_deducted) FROM deductions GROUP BY unit"))
    assert by_unit["聊城市"] == 29  # the 2017 H1 Shandong circular, ingested as text and as PDF
    # every row of every table belongs to one circular, once
    for table, key in (
        ("website_findings", "annex_no, table_no, seq"),
        ("deductions", "annex_no, table_no, seq"),
        ("stats", "ord"),
        ("sections", "section_id"),
    ):
        (dup,) = rows(
            con,
            f"""SELECT count(*) - count(DISTINCT (d.circular_id, {key})) FROM {table}
                JOIN documents d USING (doc_id)""",
        )[0]
        assert dup == 0, table
        assert rows(con, f"SELECT bool_and(is_primary) FROM {table} JOIN documents USING (doc_id)") == [
            (True,)
        ]
    yunnan = rows(
        con,
        "SELECT count(*) FROM website_findings JOIN documents USING (doc_id) "
        "WHERE doc_number = '云府办明电〔2017〕5号'",
    )
    assert yunnan == [(34,)]  # its three annexes list 4 + 15 + 15 sites; two copies loaded, 34 rows


def test_units_are_on_the_map(con: duckdb.DuckDBPyConnection) -> None:
    places = rows(
        con,
        """SELECT count(*), count(unit_region_code) FROM deductions
           WHERE unit_kind IN ('city', 'county', 'district', 'department')""",
    )
    assert places[0][0] == places[0][1] > 60
    assert rows(
        con, "SELECT unit_region_code, unit_full_name, unit_level FROM deductions WHERE unit = '聊城市'"
    ) == [("371500", "聊城市", "municipal")]
    assert rows(
        con,
        "SELECT DISTINCT unit_region_code, unit_full_name, unit_level FROM deductions WHERE unit = '延边州'",
    ) == [("222400", "延边朝鲜族自治州", "municipal")]
    assert rows(
        con, "SELECT unit_region_code, unit_full_name, unit_level FROM deductions WHERE unit = '省交通运输厅'"
    ) == [("370000", "山东省交通运输厅", "provincial")]
    provinces = rows(
        con, "SELECT count(DISTINCT unit_province) FROM deductions_by_city WHERE unit_level = 'municipal'"
    )
    assert provinces[0][0] >= 5
    # a national circular's region column: provinces by their short names, ministries national
    national = dict(
        rows(
            con,
            """SELECT DISTINCT reported_region, coalesce(reported_region_code, reported_level)
               FROM website_findings JOIN documents USING (doc_id) WHERE issuer = '国务院办公厅'""",
        )
    )
    assert national["广西"] == "450000" and national["吉林"] == "220000" and national["水利部"] == "national"


def test_which_cities_lost_the_most_points(con: duckdb.DuckDBPyConnection) -> None:
    top = rows(
        con,
        """SELECT issuer_province, unit, period, points_deducted, circulars, printed_as FROM deductions_by_city
                       WHERE unit_kind = 'city' ORDER BY points_deducted DESC LIMIT 3""",
    )
    assert top == [
        ("山东省", "聊城市", "2017H1", 29.0, 1, ["聊城市"]),
        ("安徽省", "阜阳市", "2018Q3", 8.0, 1, ["阜阳市"]),
        ("吉林省", "延边朝鲜族自治州", "2016Q4", 7.0, 1, ["延边州"]),
    ]
    # every point of the tables, none twice
    assert rows(con, "SELECT sum(points_deducted) FROM deductions_by_city") == rows(
        con, "SELECT sum(points_deducted) FROM deductions"
    )


def test_which_problems_recur_in_which_province(con: duckdb.DuckDBPyConnection) -> None:
    yunnan = dict(
        rows(
            con,
            """SELECT problem_category, findings FROM findings_by_province
                               WHERE site_province = '云南省' AND period = '2016Q4'""",
        )
    )
    assert yunnan["rectification_incomplete"] == 10 and yunnan["site_unreachable"] == 8
    provinces = {r[0] for r in rows(con, "SELECT DISTINCT site_province FROM findings_by_province")}
    assert {"云南省", "广东省", "江西省", "湖南省", "福建省", "吉林省"} <= provinces
    periods = rows(
        con, "SELECT count(DISTINCT period) FROM findings_by_province WHERE site_province = '福建省'"
    )
    assert periods == [(2,)]
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
        (r[0], r[1]): r[2:]
        for r in rows(
            con,
            """
        SELECT issuer, period, sites_sampled, sites_failed, pass_rate_stated, pass_rate_computed, pass_rate,
               sample_ratio
        FROM stats_by_period""",
        )
    }
    assert len(got) == 17
    assert got[("汕头市人民政府办公室", "2017Q2")] == (25.0, None, 92.0, None, 92.0, 20.7)
    assert got[("贵州省人民政府办公厅", "2017Q3")] == (326.0, 38.0, None, 88.3, 88.3, 34.9)
    assert ("山东省人民政府办公厅", "2017H1") in got  # two monthly checks: the first is the headline
    assert got[("国务院办公厅政府信息与政务公开办公室", "2017Q3")][1:] == (None, 97.0, None, 97.0, 42.0)
    assert rows(con, "SELECT period_start FROM stats_by_period WHERE period = '2016Q4' ORDER BY 1") == [
        (dt.date(2016, 10, 1),),
        (dt.date(2016, 10, 1),),
    ]


def test_warnings_point_at_their_rows(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        """SELECT media_type, is_primary, code, about, annex_no, table_no, seq FROM document_warnings
                       WHERE issuer = '云南省人民政府办公厅' ORDER BY media_type""",
    )
    assert got == [  # each copy was read on its own, and doubted on its own
        ("pdf_text", True, "site_code_region_mismatch", "website_findings", 2, 1, 6),
        ("text", False, "site_code_region_mismatch", "website_findings", 2, 1, 6),
    ]
    guizhou = rows(
        con,
        """SELECT DISTINCT code, about, annex_no FROM document_warnings
                           WHERE issuer = '贵州省人民政府办公厅' AND title LIKE '%2017%' ORDER BY annex_no""",
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
        "FROM doubtful_rows WHERE issuer = '云南省人民政府办公厅'",
    )
    note = "清河县人民政府。州直各部门进一步加强网站管理，认真抓好整改工作落实。针对通报问题及时整改，杜绝类似问题再次发生。"
    # the 批示 was read from the text copy; the row, the PDF's, gets it through the circular
    assert got == [("pdf_text", "website_findings", 2, 6, "玉溪档案信息网", ["warning"], 1, [note])]
    zones = rows(
        con, "SELECT label, reasons FROM doubtful_rows WHERE about = 'deductions' AND label LIKE '%区'"
    )
    assert sorted(zones) == [
        ("冀南新区", ["unit_kind_unknown", "unit_unplaced"]),  # a zone: no GB/T 2260 division
        ("平潭综合实验区", ["unit_kind_unknown", "unit_unplaced"]),
    ]
    review = dict(
        rows(
            con, "SELECT issuer, bool_or(needs_review) FROM document_quality WHERE is_primary GROUP BY issuer"
        )
    )
    assert review["云南省人民政府办公厅"] and review["贵州省人民政府办公厅"]
    assert not review["山东省人民政府办公厅"] and not review["汕头市人民政府办公室"]
    # a copy that read otherwise is under review for that alone (the Shandong PDF sets `…查出该` and
    # `市不合格网站10个…` as two paragraphs, the text joins them: their figures differ)
    copies = rows(
        con,
        """SELECT DISTINCT code FROM document_warnings
           WHERE NOT is_primary AND issuer IN ('山东省人民政府办公厅', '汕头市人民政府办公室')""",
    )
    assert {c for (c,) in copies} <= {
        "copies_disagree",
        "copy_row_disagrees",
        "copy_rows_differ",
        "copy_figures_differ",
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
