"""`.doc`, `.wps` and `.et` through the real LibreOffice: the Word and spreadsheet fixtures converted to
the binary formats here (soffice), then read back as the originals read; without LibreOffice, one
line naming the Debian package and exit code 3 (soffice hidden from PATH: a fault injected)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocr.readers import read
from ocr.readers.office import soffice
from pipeline.cli import cli
from schemas import Line, SourceDocument, Table
from schemas.exceptions import BadInput, MissingDependency
from tests.fixtures.make_bad_corpus import encrypted_doc

OFFICE = Path(__file__).resolve().parent / "fixtures" / "office"
WORD = OFFICE / "000_49f8d2aa1abd7151__word.docx"
SHEET = OFFICE / "attached" / "004_ce8c5b5b87c32622__page_附件1.xlsx"

needs_soffice = pytest.mark.skipif(
    soffice() is None, reason="LibreOffice is not installed (make installs it)"
)


def _convert(src: Path, fmt: str, out: Path) -> Path:
    exe = soffice()
    assert exe is not None
    profile = (out / "profile").as_uri()
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{src.stem}.{fmt}"


def _content(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    return _parts(read(path))


def _parts(doc: SourceDocument) -> tuple[list[str], list[list[list[str]]]]:
    return (
        [b.text for b in doc.blocks() if isinstance(b, Line)],
        [b.texts() for b in doc.blocks() if isinstance(b, Table)],
    )


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("lo")
    doc = _convert(WORD, "doc", out)
    xls = _convert(SHEET, "xls", out)
    wps, et = out / "circular.wps", out / "annex.et"
    shutil.copy(doc, wps)  # WPS Writer's .wps is the Word 97 format under its own name
    shutil.copy(xls, et)  # and WPS Spreadsheets' .et is Excel 97's
    return {"doc": doc, "wps": wps, "et": et}


@needs_soffice
@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_word_binaries_read_as_the_docx_they_came_from(binaries: dict[str, Path], kind: str) -> None:
    doc = read(binaries[kind])  # one LibreOffice run: seconds
    text, tabs = _parts(doc)
    want_text, want_tabs = _content(WORD)
    assert text == want_text  # outline numbers survive LibreOffice's numbering export too
    assert tabs == want_tabs
    assert doc.media_type == "word"


@needs_soffice
def test_et_reads_as_the_xlsx_it_came_from(binaries: dict[str, Path]) -> None:
    doc = read(binaries["et"])
    assert _parts(doc) == _content(SHEET)
    assert doc.media_type == "spreadsheet"


@needs_soffice
def test_an_encrypted_doc_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "secret.doc"
    path.write_bytes(encrypted_doc())
    with pytest.raises(BadInput, match=r"secret\.doc: encrypted \.doc file \(password required\)"):
        read(path)


def _hide_soffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PATH without LibreOffice (a fault injected: the machine lacks the package)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert soffice() is None


def test_without_libreoffice_reading_a_doc_names_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "a.doc"
    path.write_bytes(encrypted_doc())
    _hide_soffice(monkeypatch, tmp_path)
    with pytest.raises(MissingDependency, match="apt-get install libreoffice-writer-nogui"):
        read(path)
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 3
    assert "libreoffice-writer-nogui" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_without_libreoffice_ingest_stops_before_reading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "annex.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    shutil.copy(WORD, folder / "ok.docx")
    _hide_soffice(monkeypatch, tmp_path)
    result = CliRunner().invoke(
        cli, ["ingest", str(folder), "--db", str(tmp_path / "x.duckdb"), "--workers", "1"]
    )
    assert result.exit_code == 3, result.output
    assert "apt-get install libreoffice-calc-nogui" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
