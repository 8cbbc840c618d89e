"""Circulars as offices and portals publish them score as their text: the samples as Word files and as
OFD (1.00, as their born-digital PDFs), and as a page with its annex tables in .xlsx/.docx
attachments (1.00, as inline); the circulars of tests/more_circulars as Word and as page plus
attachments, generated here, score 1.00 as their text does.

Through the real `tongbao ingest` and the project's copy of the shared scorer. Attachment folders are
scored without `--inputs` (the scorer would count each attachment as a document not loaded); the
number of documents scored is checked instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ocr.readers.text_layout import measure_of
from tests.fixtures.make_office import write_attached, write_word
from tests.scoring import DIGITAL, GOLDEN, MORE, ROOT, assert_perfect, score_folder

OFFICE = ROOT / "tests" / "fixtures" / "office"


def ingest_and_score(tmp_path: Path, inputs: Path, golden: Path) -> dict:
    return score_folder(tmp_path, inputs, golden, fed=False)


def test_samples_as_word_and_ofd_score_as_their_born_digital_pdfs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = [*OFFICE.glob("*__word.docx"), *OFFICE.glob("*__ofd.ofd"), *DIGITAL.glob("*__digital.pdf")]
    for f in files:
        shutil.copy(f, inputs / f.name)
    report = ingest_and_score(tmp_path, inputs, GOLDEN)
    assert len(files) == 15
    assert_perfect(report, len(files))  # every .docx and .ofd 1.00, as every PDF


def test_samples_as_page_and_attachments_score_as_inline(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(OFFICE / "attached", inputs)
    assert len(list(inputs.glob("*_附件*"))) == 5  # 000, 001: one annex table each; 004: three
    report = ingest_and_score(tmp_path, inputs, GOLDEN)
    assert_perfect(report, len(list(inputs.glob("*__page.html"))))
    con = duckdb.connect(str(tmp_path / "golden.duckdb"), read_only=True)
    try:
        files = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE role = 'attachment' AND annex_no IS NOT NULL) FROM document_files"
        ).fetchone()
        sources = con.execute("SELECT count(*) FROM annexes WHERE source_file LIKE '%附件%'").fetchone()
    finally:
        con.close()
    assert files == (10, 5) and sources == (5,)


def _typed_seeds() -> list[Path]:
    """The UTF-8 circulars typed as text (not the printed page copied with its layout, which no office
    types into Word)."""
    out = []
    for path in sorted(MORE.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if measure_of(text.splitlines()) is None:
            out.append(path)
    return out


@pytest.mark.slow  # ~25 s of ingest: 50 documents
def test_more_circulars_as_word_and_as_page_and_attachments(tmp_path: Path) -> None:
    seeds = _typed_seeds()
    assert len(seeds) >= 24
    inputs = tmp_path / "in"
    (inputs / "word").mkdir(parents=True)
    (inputs / "attached").mkdir()
    for seed in seeds:
        write_word(seed, inputs / "word")
        write_attached(seed, inputs / "attached")
    assert len(list((inputs / "attached").glob("*_附件*"))) >= 20
    assert_perfect(ingest_and_score(tmp_path, inputs, MORE), 2 * len(seeds))
