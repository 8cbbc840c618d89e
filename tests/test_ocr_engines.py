"""The engine interface and registry, against the real RapidOCR and Tesseract on one-line images."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from ocr.engines import available_engines, get_engine, register_engine
from ocr.engines.base import OcrEngine, OcrLine
from ocr.engines.tesseract import TesseractEngine
from schemas.exceptions import MissingDependency, UsageError
from tests.ocr_helpers import line_page, text_image

LINE = "汕头市人民政府办公室"


def test_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(UsageError) as err:
        get_engine("abbyy")
    assert "abbyy" in str(err.value)
    for name in available_engines():
        assert name in str(err.value)
    assert {"rapidocr", "tesseract"} <= set(available_engines())


def test_engine_names_are_case_insensitive_and_instances_shared() -> None:
    assert get_engine("RapidOCR") is get_engine("rapidocr")
    assert get_engine(None).name == "rapidocr"


def test_registered_engine_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    from ocr.engines import base

    monkeypatch.setattr(base, "_ENGINES", dict(base._ENGINES))
    monkeypatch.setattr(base, "_instances", dict(base._instances))

    class Echo(OcrEngine):
        name = "echo"
        version = "1"

        def recognize(self, image: np.ndarray) -> list[OcrLine]:
            return [OcrLine("x", (0, 0, 1, 1), 1.0)]

    register_engine("echo-test", Echo)
    assert get_engine("echo-test").recognize(text_image("一"))[0].text == "x"
    assert "echo-test" in available_engines()


def test_missing_tesseract_language_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(MissingDependency) as err:
        TesseractEngine(lang="chi_sim", tessdata_dir=str(tmp_path / "no-tessdata"))
    assert "apt-get install tesseract-ocr-chi-sim" in str(err.value)
    with pytest.raises(MissingDependency):
        TesseractEngine(lang="klingon")


def test_missing_tesseract_binary_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(MissingDependency) as err:
        TesseractEngine()
    assert "apt-get install tesseract-ocr" in str(err.value)


def test_rapidocr_reads_a_line_with_box_and_confidence() -> None:
    image = line_page(LINE, size=30)
    lines = get_engine("rapidocr").recognize(image)
    assert [ln.text for ln in lines] == [LINE]
    x0, top, x1, bottom = lines[0].box
    assert 50 <= x0 <= 62 and 350 <= x1 <= 372 and 345 <= top <= 357 and 380 <= bottom <= 395
    assert 0.9 < lines[0].confidence <= 1.0


def test_rapidocr_keeps_long_lines() -> None:
    """With the angle classifier on, RapidOCR dropped long lines; it must stay off."""
    long_line = "根据国务院办公厅关于2016年第二次全国政府网站抽查情况的通报要求现将有关情况通报如下"
    lines = get_engine("rapidocr").recognize(line_page(long_line, size=26))
    assert "".join(ln.text for ln in lines) == long_line


def test_rapidocr_recognize_lines_batches() -> None:
    crops = [text_image(t, size=24, pad=6) for t in ("潮南区教育局", "链接无法打开", "12")]
    assert [t for t, _ in get_engine("rapidocr").recognize_lines(crops)] == [
        "潮南区教育局",
        "链接无法打开",
        "12",
    ]


def test_tesseract_reads_lines_and_sets_thread_limit() -> None:
    engine = TesseractEngine(lang="chi_sim")
    assert os.environ.get("OMP_THREAD_LIMIT") == "1"
    lines = engine.recognize(line_page(LINE, size=32))
    assert "".join(ln.text for ln in lines) == LINE
    texts = [
        t for t, _ in engine.recognize_lines([text_image("首页长期不更新", 28, 8), text_image(LINE, 28, 8)])
    ]
    assert texts == ["首页长期不更新", LINE]


@pytest.mark.slow
def test_tesseract_auto_picks_traditional_on_a_traditional_page() -> None:
    from tests.ocr_helpers import circular_page

    trad = ["各區縣人民政府，市政府各部門、各直屬機構：", "二季度全市在線運行的政府網站121個，其中市級部門"]
    page = circular_page(body=trad)
    text = "".join(ln.text for ln in get_engine("tesseract").recognize(page.image))
    assert "網站" in text and "网站" not in text
