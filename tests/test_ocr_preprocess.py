"""Deskew, binarisation and red ink: seals found and ignored, red banners found and read."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.preprocess import (
    binarise,
    deskew,
    estimate_skew,
    find_red_ink,
    find_seals,
    flatten_paper,
    red_mask,
    to_grey,
)
from ocr.readers.scan import ocr_page
from tests.ocr_helpers import BODY, block_texts, circular_page, degrade, rotate


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "off")


@pytest.mark.parametrize("angle", [2.0, -2.0, 4.5, -1.2])
def test_deskew_recovers_rotation(angle: float) -> None:
    page = circular_page(seal=True).image
    assert abs(estimate_skew(to_grey(rotate(page, angle))) - angle) <= 0.3


def test_deskew_survives_noise_and_leaves_straight_pages_alone() -> None:
    page = circular_page().image
    assert abs(estimate_skew(to_grey(degrade(rotate(page, 2.0)))) - 2.0) <= 0.3
    straightened, removed = deskew(page)
    assert removed == 0.0 and straightened is page


def test_binarise_is_black_and_white_and_keeps_text() -> None:
    grey = to_grey(degrade(circular_page().image))
    out = binarise(grey)
    assert set(np.unique(out)) <= {0, 255}
    assert 0.01 < float(np.mean(out == 0)) < 0.2


def test_seal_is_found_and_banner_glyphs_are_not_seals() -> None:
    page = circular_page(seal=True)
    seals = find_seals(red_mask(page.image))
    assert len(seals) == 1
    cx, _, r = seals[0]
    assert abs(cx - (1100 - 260)) <= 6 and abs(r - 110) < 12
    assert find_seals(red_mask(circular_page(seal=False).image)) == []


def test_red_text_box_is_the_banner_not_the_rule_or_seal() -> None:
    page = circular_page(seal=True)
    red = find_red_ink(page.image)
    assert len(red.text_boxes) == 1
    x0, top, x1, bottom = red.text_boxes[0]
    assert top < 60 < 100 < bottom < 135 and x0 < 400 and x1 > 700


def test_red_channel_hides_seal_but_keeps_black_text() -> None:
    page = circular_page(seal=True).image
    grey = to_grey(page)
    # seal ink on bare paper turns near white; the black text it covers stays as dark as unsealed
    assert float(np.mean(grey[red_mask(page) > 0])) > 180
    text = to_grey(circular_page(seal=False).image) < 100
    assert float(np.mean(grey[text])) < 100


@pytest.mark.slow
def test_text_under_a_seal_is_still_read_and_banner_is_red() -> None:
    page = circular_page(body=BODY[:1], seal=True)
    result = ocr_page(page.image, "rapidocr")
    texts = block_texts(result.blocks)
    assert "汕头市人民政府办公室" in texts
    assert "2017年6月29日" in texts
    banner = [b for b in result.blocks if b.kind == "line" and b.color == "red"]
    assert [b.text for b in banner] == ["汕头市发电"]
    assert all(b.color == "black" for b in result.blocks if b.kind == "line" and b is not banner[0])


@pytest.mark.slow
def test_seal_on_a_degraded_skewed_scan() -> None:
    page = circular_page(body=BODY[:1], seal=True)
    result = ocr_page(degrade(rotate(page.image, 1.5), seed=3), "rapidocr")
    texts = block_texts(result.blocks)
    assert "汕头市人民政府办公室" in texts and "2017年6月29日" in texts


def test_photo_of_a_sheet_is_cut_out_and_squared() -> None:
    import cv2

    sheet = circular_page().image
    h, w = sheet.shape[:2]
    desk = np.full((h + 300, w + 300, 3), 60, np.uint8)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array([[170, 120], [w + 130, 150], [w + 160, h + 190], [140, h + 160]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    photo = cv2.warpPerspective(
        sheet, m, (desk.shape[1], desk.shape[0]), dst=desk, borderMode=cv2.BORDER_TRANSPARENT
    )
    flat = flatten_paper(photo)
    assert abs(flat.shape[1] - w) < 0.1 * w and abs(flat.shape[0] - h) < 0.1 * h
    assert float(np.mean(flat[:, :, 0] < 100)) < 0.05  # no desk left
    assert flatten_paper(sheet) is sheet
