"""Bad input never takes a batch down: the corpus of tests/fixtures/make_bad_corpus.py through the CLI.

Each file gets exactly one `ingest_log` row — `failed` with the reason, or `loaded` with a warning
where the file is a circular in a surprising form (UTF-16, Big5) — and one line on stderr that names
it. The good circular in the same folder loads; the exit code is 1 when anything failed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from ocr.readers import read
from ocr.readers.text import decode_as
from pipeline.cli import cli
from schemas.exceptions import BadInput
from tests.factories import SAMPLES
from tests.fixtures import make_bad_corpus
from tests.fixtures.make_bad_corpus import CASES

GOOD = SAMPLES / "000_49f8d2aa1abd7151.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    make_bad_corpus.write(folder)
    shutil.copy(GOOD, folder / "good.txt")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    db = tmp_path_factory.mktemp("db") / "bad.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "--workers", "1"])
    return result, db


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def lines_about(stderr: str, path: Path) -> list[str]:
    """stderr lines reporting on `path`: `failed: PATH: …` or `[k/n] loaded: PATH (…)`."""
    own = re.compile(rf"^(?:failed: |\[\d+/\d+\] \w+: ){re.escape(str(path))}[: ]")
    return [line for line in stderr.splitlines() if own.match(line)]


def test_the_corpus_is_deterministic(tmp_path: Path) -> None:
    a = make_bad_corpus.write(tmp_path / "a")
    b = make_bad_corpus.write(tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert len({p.name for p in a}) == len(CASES)


def test_the_batch_goes_on_and_exits_1(ingested: tuple[Any, Path], corpus: Path) -> None:
    result, db = ingested
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    assert rows(db, "SELECT status FROM ingest_log WHERE source_path = ?", str(corpus / "good.txt")) == [
        ("loaded",)
    ]
    failed = sum(c.outcome == "failed" for c in CASES)
    assert f"{len(CASES) + 1 - failed} loaded, 0 unchanged, {failed} failed" in result.stderr
    assert len(rows(db, "SELECT * FROM ingest_log")) == len(CASES) + 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_file_gets_one_row_and_one_line(
    ingested: tuple[Any, Path], corpus: Path, case: make_bad_corpus.Case
) -> None:
    result, db = ingested
    path = corpus / case.name
    logged = rows(db, "SELECT status, error, doc_id FROM ingest_log WHERE source_path = ?", str(path))
    assert len(logged) == 1, logged
    status, error, doc_id = logged[0]
    assert status == case.outcome, error
    lines = lines_about(result.stderr, path)
    assert len(lines) == 1, result.stderr
    if case.outcome == "failed":
        assert re.search(case.reason, error), error
        assert lines[0].startswith(f"failed: {path}: ") and re.search(case.reason, lines[0])
        assert doc_id is None
    else:
        found = rows(db, "SELECT code, message FROM doubts WHERE doc_id = ?", doc_id)
        assert any(re.search(case.reason, message) for _, message in found), found


def test_verbose_adds_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "junk.pdf").write_bytes(b"not a pdf")
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--workers", "1", "--verbose"]
    )
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and f"failed: {tmp_path / 'junk.pdf'}: BadInput" in result.stderr


def test_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    shutil.copy(GOOD, tmp_path / "good.txt")
    db = str(tmp_path / "x.duckdb")
    assert (
        runner.invoke(cli, ["ingest", str(tmp_path / "good.txt"), "--db", db, "--workers", "1"]).exit_code
        == 0
    )
    assert runner.invoke(cli, ["ingest", str(tmp_path), "--db", db]).exit_code == 0  # unchanged is fine
    usage = [
        ["ingest"],
        ["ingest", str(tmp_path / "missing")],
        ["ingest", str(tmp_path), "--workers", "0"],
        ["ingest", str(tmp_path), "--db", db, "--ocr", "nope"],
        ["ingest", str(tmp_path), "--db", str(tmp_path)],
        ["ingest", str(tmp_path), "--no-such-option"],
    ]
    for args in usage:
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_a_rerun_tries_the_failures_again(ingested: tuple[Any, Path], corpus: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(ingested[1]), "--workers", "1"])
    assert result.exit_code == 1
    loaded = sum(c.outcome == "loaded" for c in CASES) + 1
    failed = len(CASES) + 1 - loaded
    assert f"0 loaded, {loaded} unchanged, {failed} failed" in result.stderr


# --- the reader-level checks behind the outcomes above ---------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "big5", "gb18030", "utf-8"])
def test_encodings_are_recognised(encoding: str) -> None:
    text = GOOD.read_text(encoding="utf-8")
    if encoding == "big5":
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    data = text.encode(encoding, errors="replace")
    decoded, found = decode_as(data, "x.txt")
    assert decoded.lstrip("\ufeff") == data.decode(encoding).lstrip("\ufeff")
    assert found == {"utf-16": "utf-16-le"}.get(encoding, encoding)


def test_pdfium_stale_error_does_not_mislabel_the_next_pdf(tmp_path: Path) -> None:
    """PDFium keeps the last error code when it refuses a PDF with no pages: read an encrypted PDF,
    then a zero-page one, and each must get its own reason."""
    encrypted, empty = tmp_path / "e.pdf", tmp_path / "z.pdf"
    encrypted.write_bytes(make_bad_corpus.encrypted_pdf())
    empty.write_bytes(make_bad_corpus.zero_page_pdf())
    for path, reason in ((encrypted, "password"), (empty, "no pages"), (encrypted, "password")):
        with pytest.raises(BadInput, match=reason):
            read(path)


def test_a_pdf_cut_short_of_its_end_loads_with_a_warning(tmp_path: Path) -> None:
    data = (SAMPLES / "001_3f98dfb6f54aee37__digital.pdf").read_bytes()
    cut = data[: data.rindex(b"startxref")]  # PDFium rebuilds the cross-reference table
    path = tmp_path / "cut.pdf"
    path.write_bytes(cut)
    doc = read(path)
    assert doc.pages and [d.code for d in doc.doubts] == ["pdf_truncated"]


def test_image_checks_run_before_the_ocr_engine_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ocr.readers.scan as scan

    def no_engine(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the OCR engine was asked for")

    monkeypatch.setattr(scan, "get_engine", no_engine)
    for name, make, reason in (
        ("bomb.png", make_bad_corpus.bomb_png, "decompression bomb"),
        ("cut.jpg", make_bad_corpus.truncated_jpeg, "truncated"),
        ("junk.png", lambda: b"\x89PNG junk", "not an image"),
    ):
        path = tmp_path / name
        path.write_bytes(make())
        with pytest.raises(BadInput, match=reason):
            read(path)
