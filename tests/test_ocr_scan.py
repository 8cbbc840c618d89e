"""Image and PDF loading, the page cache, and reading whole scanned files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr import cache
from ocr.engines import base
from ocr.engines.base import OcrEngine, OcrLine
from ocr.readers.raster import MAX_SIDE, fit, load_pages
from ocr.readers.scan import ocr_page, read_image_file, read_scan
from schemas.exceptions import BadInput, UnsupportedFormat
from tests.ocr_helpers import BODY, block_texts, circular_page


class CountingEngine(OcrEngine):
    """Reads nothing real: one fixed line per page, and counts how often it was asked."""

    name = "counting"
    version = "1"
    calls = 0

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        type(self).calls += 1
        return [OcrLine("一行字", (10.0, 10.0, 120.0, 40.0), 0.9)]


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingEngine]:
    monkeypatch.setattr(base, "_ENGINES", {**base._ENGINES, "counting": CountingEngine})
    monkeypatch.setattr(base, "_instances", dict(base._instances))
    CountingEngine.calls = 0
    return CountingEngine


def _pages(n: int) -> list[Image.Image]:
    return [Image.fromarray(circular_page(body=BODY[: k + 1]).image) for k in range(n)]


def test_multipage_tiff_gives_one_rgb_array_per_page(tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    first, *rest = _pages(3)
    first.convert("L").save(
        path, save_all=True, append_images=[p.convert("L") for p in rest], compression="tiff_lzw"
    )
    pages = list(load_pages(path))
    assert [n for n, _ in pages] == [1, 2, 3]
    assert all(img.ndim == 3 and img.shape[2] == 3 and img.dtype == np.uint8 for _, img in pages)
    assert [n for n, _ in load_pages(path, [2])] == [2]


def test_image_only_pdf_is_rendered_at_the_asked_resolution(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    first, second = _pages(2)
    first.save(path, save_all=True, append_images=[second], resolution=100)
    pages = dict(load_pages(path, dpi=100))
    assert sorted(pages) == [1, 2]
    assert abs(pages[1].shape[1] - first.width) <= 2
    assert abs(dict(load_pages(path, [2], dpi=200))[2].shape[1] - 2 * first.width) <= 4


def test_huge_scans_are_shrunk() -> None:
    big = np.full((4000, 3000, 3), 255, np.uint8)
    assert max(fit(big).shape[:2]) == MAX_SIDE


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [13_000, 100_000])
def test_decompression_bomb_is_bad_input(tmp_path: Path, side: int) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(side, side))
    with pytest.raises(BadInput, match=r"budget: .* Mpx > 150 Mpx a page"):
        list(load_pages(path))


def test_not_an_image_and_missing_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"hello, not a picture")
    with pytest.raises(UnsupportedFormat):
        list(load_pages(junk))
    with pytest.raises(BadInput):
        list(load_pages(tmp_path / "absent.png"))


def test_page_cache_serves_the_second_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counting: type[CountingEngine]
) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    image = circular_page(body=BODY[:1]).image
    first = ocr_page(image, "counting", page_no=1)
    calls = counting.calls
    again = ocr_page(image, "counting", page_no=4)
    assert calls > 0 and counting.calls == calls
    assert again.page_no == 4 and all(b.page_no == 4 for b in again.blocks)
    assert block_texts(again.blocks) == block_texts(first.blocks)
    assert list((tmp_path / "ocr" / "counting").rglob("*.json"))
    other = image.copy()
    other[0, 0] = 0
    ocr_page(other, "counting")
    assert counting.calls > calls


def test_cache_off_and_key_depends_on_engine_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    image = np.zeros((4, 4, 3), np.uint8)
    assert cache.page_key(image, "e", "1") != cache.page_key(image, "e", "2")
    assert cache.page_key(image, "e", "1") != cache.page_key(image.reshape(8, 2, 3), "e", "1")


def test_read_image_file_is_an_image_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counting: type[CountingEngine]
) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "off")
    path = tmp_path / "scan.tiff"
    first, second = _pages(2)
    first.save(path, save_all=True, append_images=[second])
    doc = read_image_file(path, "ab" * 32, engine="counting")
    assert doc.media_type == "image" and doc.ocr_engine == "counting" and doc.sha256 == "ab" * 32
    assert [p.page_no for p in doc.pages] == [1, 2]
    assert all(p.engine == "counting" and p.width and p.height for p in doc.pages)
    assert doc.ocr_confidence == pytest.approx(0.9, abs=0.01)


@pytest.mark.slow
def test_read_scan_of_a_pdf_with_rapidocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "off")
    path = tmp_path / "scan.pdf"
    synth = circular_page(body=BODY[:2], seal=True)
    Image.fromarray(synth.image).save(path, resolution=200)
    (page,) = read_scan(path, "0" * 64, page_numbers=[1])
    texts = block_texts(page.blocks)
    assert texts == [*synth.red_lines, *synth.lines]
    assert page.engine == "rapidocr"
