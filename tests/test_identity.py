"""One circular however many copies: which documents are copies (pipeline.store.identity), which copy
the row tables hold, and what happens as copies arrive, are re-extracted and are deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import store
from pipeline.store import identity as ident
from pipeline.store.ddl import TABLES
from schemas import Circular, Deduction, Section
from tests.factories import SAMPLES, make_circular

BODY = (SAMPLES / "000_49f8d2aa1abd7151.txt").read_text(encoding="utf-8")[200:1400]


def copy(key: str, *, body: str = BODY, points: float = 97, **changes: Any) -> Circular:
    """A circular with a real body (long enough for its text to identify it) and one deduction."""
    header = {
        "doc_number": "鲁政办字〔2017〕92号",
        "issue_date": dt.date(2017, 6, 30),
        **changes.pop("header", {}),
    }
    return make_circular(
        key,
        header=header,
        sections=[Section(section_id="一", level=1, number="一", heading="基本情况", text=body, ord=1)],
        deductions=[
            Deduction(
                annex_no=2,
                seq=1,
                unit="聊城市",
                unit_kind="city",
                points_deducted=points,
                **{"unit_full_name": "聊城市", "unit_level": "municipal", "unit_region_code": "371500"},
            )
        ],
        deduction_items=[],
        **changes,
    )


def scan(key: str, **changes: Any) -> Circular:
    return copy(key, **{"media_type": "pdf_scan", "ocr_engine": "rapidocr", "ocr_confidence": 0.9, **changes})


def misread(text: str, every: int = 97) -> str:
    """OCR-like damage: one character in `every` replaced."""
    return "".join("口" if i % every == 50 else ch for i, ch in enumerate(text))


def rule(a: Circular, b: Circular) -> str | None:
    return ident.match(ident.identity_of(a), ident.identity_of(b))


# --- which documents are copies ------------------------------------------------------------------


def test_the_same_text_in_any_format_is_one_circular() -> None:
    assert rule(copy("text"), copy("pdf", media_type="pdf_text")) == "same_text"


def test_a_scan_with_misreadings_and_a_misread_number_is_a_copy() -> None:
    text = copy("text")
    ocr = scan("scan", body=misread(BODY), header={"doc_number": "鲁政办字〔2017〕97号"})
    assert rule(text, ocr) == "similar_text"
    assert rule(ocr, text) == "similar_text"


def test_a_page_without_a_number_is_a_copy_by_title_and_date() -> None:
    page = copy("page", media_type="html", body=BODY[:300], header={"doc_number": None})
    assert rule(copy("pdf"), page) == "title_and_date"


def test_a_page_saved_with_only_its_head_is_a_copy_by_its_text() -> None:
    head = copy("head", media_type="html", body=BODY[:500], header={"doc_number": None, "title": None})
    assert rule(copy("pdf"), head) == "similar_text"  # its text lies inside the full one


def test_what_is_not_the_same_circular() -> None:
    text = copy("text")
    # the next quarter's circular of the same office, written from the same template
    q3 = copy(
        "q3",
        body=BODY.translate(str.maketrans("0123456789", "1234567890")),
        header={
            "period_quarter": 3,
            "doc_number": "鲁政办字〔2017〕130号",
            "title": "关于2017年第三季度…的通报",
        },
    )
    assert ident.containment(ident.identity_of(text), ident.identity_of(q3)) > 0.5
    assert rule(text, q3) is None
    assert rule(text, copy("same-text-other-period", header={"period_quarter": 3})) == "same_text"
    # same title and date but another 文号, no text to say more: two circulars
    a, b = make_circular("a"), make_circular("bb")
    assert a.header.title == b.header.title and a.header.issue_date == b.header.issue_date
    assert rule(a, b) is None
    # a number misread into another circular's: the dates and texts disagree
    other = copy("other", body=BODY[::-1], header={"issue_date": dt.date(2017, 9, 1)})
    assert rule(text, other) is None


def test_the_primary_copy_is_chosen_by_evidence() -> None:
    def best(*docs: Circular) -> str:
        return ident.ranked([ident.identity_of(d) for d in docs])[0].doc_id

    text, pdf, ocr = copy("text"), copy("pdf", media_type="pdf_text"), scan("scan")
    assert best(ocr, text) == text.doc_id  # a text layer over OCR
    assert best(text, pdf, ocr) == pdf.doc_id  # then the format
    shaky = scan("shaky", ocr_confidence=0.7)
    assert best(shaky, ocr) == ocr.doc_id  # higher OCR confidence
    no_annex = copy("page", media_type="html", annexes=[])
    assert best(no_annex, ocr) == ocr.doc_id  # the annex tables first: the rows are what is counted
    head = copy("head", body=BODY[:300])
    assert best(head, ocr) == ocr.doc_id  # a complete text before a text layer
    a, b = ident.identity_of(ocr), ident.identity_of(text)
    assert ident.reason(b, a, 1200) == "a text layer (text) over OCR (pdf_scan)"


# --- the store keeps one copy's rows ------------------------------------------------------------


@pytest.fixture
def con(db_path: Path) -> Any:
    c = store.connect(db_path)
    yield c
    c.close()


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every table as sorted rows, without when and by which run they were loaded."""
    out = {}
    for t in TABLES:
        if t.name in ("ingest_log", "file_stats", "document_paths"):
            continue
        cols = [c for c in t.names if c not in ("loaded_at", "run_id")]
        out[t.name] = sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {t.name}").fetchall()))
    return out


def test_a_better_copy_arriving_later_is_promoted(con: duckdb.DuckDBPyConnection) -> None:
    ocr = scan("scan", points=92)  # the scan read 92 where the text says 97
    text = copy("text")
    store.load(con, ocr, run_id="r1")
    assert one(con, "SELECT sum(points_deducted) FROM deductions") == 92
    store.load(con, text, run_id="r2")
    assert one(con, "SELECT sum(points_deducted) FROM deductions") == 97  # the text's, once
    assert one(con, "SELECT DISTINCT doc_id FROM deductions") == text.doc_id
    assert one(con, "SELECT count(DISTINCT circular_id), count(*) FROM documents") == (1, 2)
    assert one(con, "SELECT is_primary, matched_by FROM documents WHERE doc_id = ?", ocr.doc_id) == (
        False,
        "doc_number",
    )
    assert "a text layer (text) over OCR (pdf_scan)" in one(
        con, "SELECT primary_reason FROM documents WHERE doc_id = ?", ocr.doc_id
    )
    # the scan keeps its own reading, and says where it differs from the primary
    assert store.fetch(con, ocr.doc_id).deductions[0].points_deducted == 92
    doubt = one(
        con, "SELECT code, field, value, expected FROM doubts WHERE doc_id = ? AND stage = 'load'", ocr.doc_id
    )
    assert doubt == ("copy_row_disagrees", "points_deducted", "92", "97")
    assert any("92 here, 97 in the primary copy" in w for w in store.fetch(con, ocr.doc_id).warnings)
    assert one(con, "SELECT reasons FROM doubtful_rows WHERE about = 'deductions'") == ["copies_disagree"]
    assert one(con, "SELECT copies, copy_doubts FROM circulars") == (2, 1)


def test_deleting_the_primary_promotes_the_next_copy(con: duckdb.DuckDBPyConnection) -> None:
    ocr, text = scan("scan", points=92), copy("text")
    for doc in (text, ocr):
        store.load(con, doc, run_id="r1")
    store.delete(con, text.doc_id)
    assert one(con, "SELECT sum(points_deducted) FROM deductions") == 92
    assert one(con, "SELECT is_primary, primary_reason FROM documents") == (True, None)
    assert one(con, "SELECT count(*) FROM doubts WHERE stage = 'load'") == 0  # nothing left to disagree with
    assert store.fetch(con, ocr.doc_id).deductions[0].points_deducted == 92
    store.delete(con, ocr.doc_id)
    assert all(not v for v in snapshot(con).values())


def _three_copies() -> list[Circular]:
    return [
        copy("text"),
        scan("scan", body=misread(BODY), points=92, header={"doc_number": "鲁政办字〔2017〕97号"}),
        copy("page", media_type="html", body=BODY[:300], header={"doc_number": None}, annexes=[]),
    ]


@pytest.fixture(scope="module")
def all_at_once(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The three copies loaded in one transaction: what any order of arrival must come to."""
    con = store.connect(tmp_path_factory.mktemp("reference") / "reference.duckdb")
    store.load_many(con, [store.Loadable(d) for d in _three_copies()], run_id="r0")
    got = snapshot(con)
    con.close()
    return got


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)])  # the best first, mid, last
def test_any_order_of_arrival_gives_the_same_database(
    db_path: Path, order: tuple[int, ...], all_at_once: dict[str, list[str]]
) -> None:
    docs = _three_copies()
    con = store.connect(db_path)
    for i in order:
        store.load(con, docs[i], run_id="r1")
    got = snapshot(con)
    assert one(con, "SELECT count(DISTINCT circular_id) FROM documents") == 1
    assert one(con, "SELECT DISTINCT doc_id FROM deductions") == docs[0].doc_id
    assert got == all_at_once
    for doc in docs:  # loading again changes nothing
        store.load(con, doc, run_id="r2")
    assert snapshot(con) == got
    con.close()


def test_a_re_extraction_that_reads_another_circular_splits_the_copies(
    con: duckdb.DuckDBPyConnection,
) -> None:
    text, ocr = copy("text"), scan("scan", points=92)
    for doc in (text, ocr):
        store.load(con, doc, run_id="r1")
    # re-extracted, the scan now reads as the next quarter's circular (and other text)
    again = ocr.model_copy(
        update={"sections": [], "header": ocr.header.model_copy(update={"period_quarter": 3})}
    )
    store.load(con, again, run_id="r2")
    assert one(con, "SELECT count(DISTINCT circular_id), bool_and(is_primary) FROM documents") == (2, True)
    assert one(con, "SELECT sum(points_deducted) FROM deductions") == 97 + 92
    assert one(con, "SELECT count(*) FROM doubts WHERE stage = 'load'") == 0


def test_a_database_from_before_circular_identity_settles_on_opening(db_path: Path) -> None:
    text, ocr = copy("text"), scan("scan", points=92)
    con = store.connect(db_path)
    for doc in (text, ocr):
        store.load(con, doc, run_id="r1")
    # as an older tongbao left it: every copy's rows in the tables, no identity (columns added since)
    con.execute("ALTER TABLE documents ALTER COLUMN circular_id DROP NOT NULL")
    con.execute("ALTER TABLE documents ALTER COLUMN is_primary DROP NOT NULL")
    con.execute("UPDATE documents SET circular_id = NULL, is_primary = NULL")
    con.execute("DELETE FROM document_content")
    con.execute("DELETE FROM doubts WHERE stage = 'load'")
    con.execute(
        "INSERT INTO deductions SELECT * REPLACE (? AS doc_id, 92.0 AS points_deducted) FROM deductions",
        [ocr.doc_id],
    )
    con.close()
    con = store.connect(db_path)
    assert one(con, "SELECT sum(points_deducted), count(*) FROM deductions") == (97, 1)
    assert one(con, "SELECT count(DISTINCT circular_id) FROM documents") == 1
    assert store.fetch(con, ocr.doc_id).deductions[0].points_deducted == 92
    con.close()


def test_a_file_changed_in_place_speaks_for_its_circular(con: duckdb.DuckDBPyConnection) -> None:
    """The bytes at a path changed (a corrected table): the old version stays a document, as a copy."""
    versions = [copy(f"v{i}", points=29 + i, source_path="notice.txt") for i in range(2)]
    old, new = sorted(versions, key=lambda c: c.doc_id)  # the new one would lose on doc_id
    store.load(con, old, run_id="r1")
    store.load(con, new, run_id="r2")
    assert one(con, "SELECT DISTINCT doc_id FROM deductions") == new.doc_id
    assert "has since been replaced" in one(
        con, "SELECT primary_reason FROM documents WHERE doc_id = ?", new.doc_id
    )
