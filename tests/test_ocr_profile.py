"""Engine profiles (backend, precision, sizes), blank pages and the text block the detector reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr import cache
from ocr.engines import profile as profiles
from ocr.engines.base import OcrEngine, OcrLine
from ocr.engines.profile import choose_precision, cpu_has_amx, current_profile
from ocr.engines.rapid import RapidOcrEngine
from ocr.preprocess import is_blank, text_bounds
from ocr.readers.scan import ocr_page
from schemas.exceptions import UsageError
from schemas.intermediate import Line
from tests.ocr_helpers import blank, degrade, draw_text, line_page

LINE = "汕头市人民政府办公室"


def test_bf16_only_when_asked_on_openvino_with_amx() -> None:
    assert choose_precision("bf16", "openvino", amx=True) == "bf16"
    assert choose_precision("bf16", "openvino", amx=False) == "f32"
    assert choose_precision("bf16", "onnxruntime", amx=True) == "f32"
    assert choose_precision(None, "openvino", amx=True) == "f32"


def test_amx_is_read_from_the_cpu_flags(tmp_path: Path) -> None:
    amx, plain = tmp_path / "amx", tmp_path / "plain"
    amx.write_text("processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile\n")
    plain.write_text("processor\t: 0\nflags\t\t: fpu avx avx2\n")
    assert cpu_has_amx(amx) and not cpu_has_amx(plain)
    assert not cpu_has_amx(tmp_path / "absent")


def test_without_amx_the_profile_stays_f32(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_OCR_PRECISION", "bf16")
    monkeypatch.setattr(profiles, "cpu_has_amx", lambda: False)
    assert current_profile("fast").precision == "f32"


def test_profile_by_name_and_unknown_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_OCR_PROFILE", "legacy")
    legacy = current_profile()
    assert legacy.name == "legacy" and legacy.backend == "onnxruntime" and not legacy.crop_margins
    with pytest.raises(UsageError) as err:
        current_profile("turbo")
    assert "fast" in str(err.value) and "legacy" in str(err.value)


def test_openvino_missing_falls_back_to_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "openvino_installed", lambda: False)
    fast = current_profile("fast")
    assert fast.backend == "onnxruntime" and fast.precision == "f32"
    engine = RapidOcrEngine(profile=fast)
    assert "onnxruntime f32" in engine.version
    assert [ln.text for ln in engine.recognize(line_page(LINE, size=30))] == [LINE]


def test_a_profile_change_cannot_reuse_a_cached_page() -> None:
    fast, legacy = current_profile("fast"), current_profile("legacy")
    narrower = current_profile("fast", rec_width=0.4)
    descriptions = {p.describe() for p in (fast, legacy, narrower)}
    assert len(descriptions) == 3
    image = np.zeros((4, 4, 3), np.uint8)
    keys = {cache.page_key(image, "rapidocr", f"rapidocr 3 {d}") for d in descriptions}
    assert len(keys) == 3


def test_fast_profile_reads_a_line_where_it_is() -> None:
    """Cropped to the text block and narrowed, the line still comes back whole, in page pixels."""
    engine = RapidOcrEngine(profile=current_profile("fast"))
    assert engine.crop_margins
    page = ocr_page(line_page(LINE, size=30), engine)
    (line,) = [b for b in page.blocks if isinstance(b, Line)]
    assert line.text == LINE
    assert line.bbox is not None
    assert 50 <= line.bbox.x0 <= 62 and 345 <= line.bbox.top <= 357 and 350 <= line.bbox.x1 <= 372


class Refusing(OcrEngine):
    """An engine that must not be asked: a blank page is not OCR'd."""

    name = "refusing"
    version = "1"

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        raise AssertionError("a blank page went to the engine")

    def recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        raise AssertionError("a blank page went to the engine")


def _dusty(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    page = np.full((1754, 1240, 3), 246, np.uint8)
    ys, xs = rng.integers(0, 1754, 300), rng.integers(0, 1240, 300)
    page[ys, xs] = 90  # single-pixel dust
    return page


def test_blank_pages_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "off")
    assert is_blank(np.full((1754, 1240, 3), 255, np.uint8))
    assert is_blank(_dusty())
    assert is_blank(degrade(np.full((1754, 1240, 3), 250, np.uint8)))
    page = ocr_page(_dusty(), Refusing())
    assert page.blocks == [] and page.width == 1240 and page.engine == "refusing"


def test_one_short_line_is_not_blank() -> None:
    img = blank(1240, 1754, paper=246)
    draw_text(img, (150, 1500), "附件2", size=22)
    assert not is_blank(np.asarray(img))
    red = blank(1240, 1754)
    draw_text(red, (150, 200), "文件", size=22, fill=(220, 30, 30))
    assert not is_blank(np.asarray(red))


def test_text_bounds_hold_every_line() -> None:
    img = blank(1240, 1754)
    boxes = [draw_text(img, (300, 400), LINE), draw_text(img, (180, 1300), "附件", size=20)]
    grey = np.asarray(img.convert("L"))
    bounds = text_bounds(grey)
    assert bounds is not None
    x0, top, x1, bottom = bounds
    for bx0, btop, bx1, bbottom in boxes:
        assert x0 < bx0 and top < btop and x1 > bx1 and bottom > bbottom
    assert (x1 - x0) * (bottom - top) < 0.6 * grey.size  # the margins are gone
    assert text_bounds(np.asarray(Image.new("L", (200, 300), 255))) is None
