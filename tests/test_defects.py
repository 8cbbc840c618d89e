"""Each defect of the design review (issue #10) as a test that failed before the restructuring."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline import extract, store
from pipeline.batch import ingest as ingest_mod
from pipeline.fingerprint import PACKAGES, extraction_version
from pipeline.run import extract_source, read
from schemas import doubts
from schemas.exceptions import NotACircular

ROOT = Path(__file__).resolve().parents[1]

BODY_NAMING_WIDGETS = """关于2019年第一季度全市政府网站和政务新媒体检查情况的通报

各区人民政府，市政府各部门：

现将检查情况通报如下：

一、存在的问题

（一）部分网站首页长期未更新。

（二）个别网站未设置扫一扫功能，政务微博二维码失效。

（三）责任编辑栏目信息缺失，字号大小不统一。

二、工作要求

各单位要抓紧整改。
"""


def test_a_body_line_naming_page_widgets_is_kept(tmp_path: Path) -> None:
    """Chrome is removed as whole lines: a sentence that names 扫一扫 or 二维码 is body text."""
    path = tmp_path / "widgets.txt"
    path.write_text(BODY_NAMING_WIDGETS, encoding="utf-8")
    c = extract(path)
    assert [s.section_id for s in c.sections] == ["一", "一.（一）", "一.（二）", "一.（三）", "二"]
    assert c.sections[2].heading == "个别网站未设置扫一扫功能，政务微博二维码失效"
    assert not [d for d in c.doubts if d.code == "chrome_removed"]


def test_widget_lines_are_dropped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "chrome.txt"
    path.write_text(
        "【字体：大 中 小】 打印\n扫一扫在手机打开当前页\n" + BODY_NAMING_WIDGETS, encoding="utf-8"
    )
    c = extract(path)
    assert len(c.sections) == 5
    (dropped,) = [d for d in c.doubts if d.code == "chrome_removed"]
    assert dropped.value == "2"


HOLIDAY = """关于2019年国庆节放假安排的通知

各区人民政府，市政府各部门：

一、放假时间

10月1日至7日放假调休，共7天。

二、有关要求

各单位要妥善安排好值班工作。
"""


def test_extract_refuses_what_ingest_refuses(tmp_path: Path) -> None:
    """The subject check is a stage of extraction: `extract` and `ingest` agree on an unrelated notice."""
    path = tmp_path / "holiday.txt"
    path.write_text(HOLIDAY, encoding="utf-8")
    with pytest.raises(NotACircular, match="never mentions websites"):
        extract(path)
    summary = ingest_mod.ingest([path], tmp_path / "db.duckdb", workers=1, progress=False)
    assert (summary.loaded, summary.failed) == (0, 1)
    assert "NotACircular" in (summary.results[0].error or "")


def test_a_document_extracted_by_other_code_is_extracted_again(tmp_path: Path) -> None:
    """Re-runs skip a file only when its bytes were extracted by this extraction version."""
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_bytes((ROOT / "data" / "samples" / "000_49f8d2aa1abd7151.txt").read_bytes())
    db = tmp_path / "db.duckdb"
    first = ingest_mod.ingest([docs], db, workers=1, progress=False)
    again = ingest_mod.ingest([docs], db, workers=1, progress=False)
    assert (first.loaded, again.unchanged) == (1, 1)
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET extraction_version = 'older-code'")
    con.close()
    upgraded = ingest_mod.ingest([docs], db, workers=1, progress=False)
    assert (upgraded.loaded, upgraded.unchanged) == (1, 0)
    con = store.connect(db, read_only=True)
    assert con.execute("SELECT extraction_version FROM documents").fetchall() == [(extraction_version(),)]
    con.close()


def test_the_extraction_version_covers_code_and_reference_data() -> None:
    from pipeline.fingerprint import _files

    names = {name for pkg in PACKAGES for name, _ in _files(pkg)}
    assert "normalizers/reference/taxonomy.csv" in names
    assert "pipeline.extraction/stats/figures.py" in names and "ocr/readers/html.py" in names
    assert not any("/store/" in n or "/batch/" in n for n in names)  # loading code re-extracts nothing
    assert len(extraction_version()) == 12


def test_low_confidence_rows_land_on_their_row(tmp_path: Path) -> None:
    """A row doubt names its table, annex, table_no and seq: `doubtful_rows` joins it, parsing nothing."""
    from tests.factories import finding, make_circular

    shaky = finding(2, "5325000002", ["blank_columns"]).model_copy(update={"confidence": 0.5, "page_no": 2})
    base = make_circular("doubtful")
    row_doubt = doubts.ocr_low_confidence_row("website_findings", 1, 1, 2, 2, 0.5)
    c = base.model_copy(update={"website_findings": [base.website_findings[0], shaky], "doubts": [row_doubt]})
    con = store.connect(tmp_path / "db.duckdb")
    store.load(con, c, run_id="r")
    got = con.execute(
        "SELECT about, annex_no, table_no, seq, reasons, warnings FROM doubtful_rows WHERE seq = 2"
    ).fetchall()
    con.close()
    assert got == [
        ("website_findings", 1, 1, 2, ["low_ocr_confidence", "warning"], [row_doubt.message]),
    ]


@pytest.mark.slow
def test_a_built_wheel_extracts_a_sample(tmp_path: Path) -> None:
    """Reference data ships in the wheel: a non-editable install, run from elsewhere, extracts."""
    src = tmp_path / "src"  # a copy, so that the build leaves nothing in the working tree
    shutil.copytree(
        ROOT, src, ignore=shutil.ignore_patterns(".*", "build", "tests", "*.duckdb*", "notebooks")
    )
    wheel_cmd: list[str | Path] = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        tmp_path,
        src,
    ]
    subprocess.run(wheel_cmd, check=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("tongbao-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    py = venv / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], check=True)
    # the dependencies come from this environment's site-packages (appended, so the wheel wins)
    site = next(p for p in sys.path if p.endswith("site-packages"))
    (next((venv / "lib").glob("python*/site-packages")) / "deps.pth").write_text(
        f"import sys; sys.path.append({site!r})\n"
    )
    sample = ROOT / "data" / "samples" / "004_ce8c5b5b87c32622.txt"
    code = (
        f"import pipeline; from pipeline import extract; c = extract({str(sample)!r}); "
        "print(pipeline.__file__); print(len(c.website_findings), c.header.issuer)"
    )
    out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    where, found = out.splitlines()
    assert where.startswith(str(venv)), where
    assert found.split()[0] != "0"


def test_source_bytes_decide_the_document(tmp_path: Path) -> None:
    """The same sample read twice is the same document id (a sanity check of the stage list)."""
    sample = ROOT / "data" / "samples" / "001_3f98dfb6f54aee37.txt"
    c = extract_source(read(sample))
    assert c.doc_id == hashlib.sha256(sample.read_bytes()).hexdigest()[:16]
