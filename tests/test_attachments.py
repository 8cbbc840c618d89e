"""A circular and its attachments through the real ingest: one document, its files recorded, a changed
attachment re-extracts it, and attachments that match no annex, repeat one or cannot be read are
doubts, never a lost circular."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import duckdb
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import cli
from tests.factories import SAMPLES

ATTACHED = Path(__file__).resolve().parent / "fixtures" / "office" / "attached"
STEM = "000_49f8d2aa1abd7151__page"
PAGE, SHEET = ATTACHED / f"{STEM}.html", ATTACHED / f"{STEM}_附件1.xlsx"


def ingest(folder: Path, db: Path) -> Any:
    return CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--workers", "1"])


def q(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _edit_sheet(path: Path, cell: str, value: object) -> None:
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws[cell] = value
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())


def test_a_changed_attachment_re_extracts_its_circular(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "t.duckdb"
    folder.mkdir()
    shutil.copy(PAGE, folder / PAGE.name)
    shutil.copy(SHEET, folder / SHEET.name)
    assert ingest(folder, db).exit_code == 0
    assert q(db, "SELECT role, annex_no FROM document_files ORDER BY role DESC") == [
        ("main", None),
        ("attachment", 1),
    ]
    assert q(db, "SELECT sum(points_deducted) FROM deductions") == [(85.0,)]
    again = ingest(folder, db)
    assert "0 loaded, 2 unchanged" in again.stderr
    _edit_sheet(folder / SHEET.name, "C4", -30)  # 聊城市: -29 → -30
    third = ingest(folder, db)
    assert third.exit_code == 0 and "2 loaded, 0 unchanged" in third.stderr
    latest = q(
        db, "SELECT doc_id FROM ingest_log WHERE source_path LIKE '%.html' ORDER BY started_at DESC LIMIT 1"
    )
    assert q(db, f"SELECT max(points_deducted) FROM deductions WHERE doc_id = '{latest[0][0]}'") == [(30.0,)]


def test_an_attachment_matched_by_title_and_one_matching_nothing(tmp_path: Path) -> None:
    """In a folder of one circular: an annex file named by its title is read as that annex, an unlisted
    table becomes an extra annex with a doubt."""
    folder, db = tmp_path / "in", tmp_path / "t.duckdb"
    folder.mkdir()
    shutil.copy(PAGE, folder / "关于2017上半年政府网站有关问题的通报.html")
    shutil.copy(SHEET, folder / "2017上半年政府网站日常考核扣分情况.xlsx")
    extra = folder / "附表：网站联系人名单.xlsx"
    shutil.copy(SHEET, extra)
    _edit_sheet(extra, "A1", "网站联系人名单")
    result = ingest(folder, db)
    assert result.exit_code == 0, result.stderr
    annexes = q(db, "SELECT annex_no, kind, row_count, source_file FROM annexes ORDER BY annex_no")
    assert [(a, k, n) for a, k, n, _ in annexes] == [(1, "deductions", 16), (2, "deductions", 16)]
    assert annexes[0][3].endswith("扣分情况.xlsx") and annexes[1][3].endswith("联系人名单.xlsx")
    (warnings,) = q(db, "SELECT warnings FROM documents")[0]
    assert any("附表：网站联系人名单.xlsx matches no listed annex; read as annex 2" in w for w in warnings)
    evidence = dict(q(db, "SELECT annex_no, evidence FROM document_files WHERE role = 'attachment'"))
    assert "the only circular in its folder" in evidence[1]


def test_an_unreadable_attachment_is_a_doubt_and_a_failed_file(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "t.duckdb"
    folder.mkdir()
    shutil.copy(SAMPLES / "000_49f8d2aa1abd7151.txt", folder / "X.txt")  # its annex printed inline
    (folder / "X_附件1.xlsx").write_bytes(SHEET.read_bytes()[:300])  # truncated
    result = ingest(folder, db)
    assert result.exit_code == 1
    assert q(db, "SELECT status FROM ingest_log ORDER BY source_path") == [("loaded",), ("failed",)]
    assert q(db, "SELECT row_count FROM annexes") == [(16,)]
    (warnings,) = q(db, "SELECT warnings FROM documents")[0]
    assert any("X_附件1.xlsx could not be read: truncated or corrupt .xlsx" in w for w in warnings)
    assert len([ln for ln in result.stderr.splitlines() if "X_附件1.xlsx" in ln]) == 1


def test_an_annex_printed_inline_is_not_read_again_from_its_attachment(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "t.duckdb"
    folder.mkdir()
    shutil.copy(SAMPLES / "000_49f8d2aa1abd7151.txt", folder / "X.txt")
    shutil.copy(SHEET, folder / "X_附件1.xlsx")
    assert ingest(folder, db).exit_code == 0
    assert q(db, "SELECT count(*) FROM deductions") == [(16,)]
    (warnings,) = q(db, "SELECT warnings FROM documents")[0]
    assert any("X_附件1.xlsx is annex 1, whose table was already read" in w for w in warnings)
