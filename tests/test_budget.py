"""The budget per document: the executor kills what only it can stop (wall time, memory) and the
readers check the rest before the expensive work (pages, pixels, characters, cells, inflation).

The executor's tests use worker-side fakes that hang or grow (faults injected: no real file is
that slow on demand); the readers' use small real files whose expansion is the point.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from ocr.readers import read
from ocr.readers.raster import load_image_pages
from ocr.readers.text import decode_text
from pipeline.batch import pool
from pipeline.batch.paths import shown, unshown
from schemas.budget import Budget, applied, current
from schemas.exceptions import BadInput, BudgetExceeded
from tests.fixtures.hostile import images, markup, pdfs, texts
from tests.fixtures.hostile.common import SECRET, write_outside

# --- the executor ------------------------------------------------------------------------------


def hang_or_grow(path: str, ocr: str | None = None) -> pool.Extracted:
    """A worker-side fake: `HANG` works page after page past any budget, `GROW` holds 600 MB and
    waits; anything else is done at once (a failure, which is all these tests need of it)."""
    data = Path(path).read_bytes()
    if data.startswith(b"HANG"):
        try:
            for _ in range(300):
                current().tick()  # where a reader goes from one page to the next
                time.sleep(0.2)
        except BudgetExceeded as e:
            return pool.Extracted(None, pool.one_line(e), None, dt.datetime.now(), 0.0)
    if data.startswith(b"GROW"):
        held = b"\x01" * (600 << 20)  # written, so resident
        time.sleep(30)
        del held
    return pool.Extracted(None, f"done: {Path(path).name}", None, dt.datetime.now(), 0.0)


def _run(folder: Path, files: dict[str, bytes], workers: int, budget: Budget) -> dict[str, pool.Extracted]:
    folder.mkdir(exist_ok=True)
    todo = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        todo[hashlib.sha256(data).hexdigest()] = [str(folder / name)]
    got = dict(
        x for batch in pool.extract_all(todo, workers, None, hang_or_grow, budget=budget) for x in batch
    )
    assert set(got) == set(todo)
    return {Path(todo[sha][0]).name: x for sha, x in got.items()}


def test_a_document_past_its_wall_time_is_killed_and_the_batch_goes_on(tmp_path: Path) -> None:
    files = {"hang.txt": b"HANG"} | {f"{i}.txt": f"doc {i}".encode() for i in range(6)}
    got = _run(tmp_path, files, 2, Budget(seconds=2, seconds_per_page=0))
    error = got.pop("hang.txt").error or ""
    assert error.startswith("budget: ") and error.endswith("> 2 s"), error
    assert all((x.error or "").startswith("done: ") for x in got.values())


def test_a_worker_past_its_memory_is_killed_and_replaced(tmp_path: Path) -> None:
    files = {"grow.txt": b"GROW"} | {f"{i}.txt": f"doc {i}".encode() for i in range(4)}
    got = _run(tmp_path, files, 2, Budget(memory_mb=400))
    error = got.pop("grow.txt").error or ""
    assert error.startswith("budget: ") and "MB resident > 400 MB" in error
    assert all((x.error or "").startswith("done: ") for x in got.values())


def test_one_worker_in_process_is_held_to_its_wall_time(tmp_path: Path) -> None:
    got = _run(tmp_path, {"hang.txt": b"HANG", "a.txt": b"a"}, 1, Budget(seconds=1, seconds_per_page=0))
    assert (got["hang.txt"].error or "").startswith("BudgetExceeded: budget: ")
    assert (got["a.txt"].error or "") == "done: a.txt"


def test_budget_settings_are_checked() -> None:
    budget = Budget().with_settings(["pages=20", "seconds-per-page=2.5"])
    assert (budget.pages, budget.seconds_per_page) == (20, 2.5)
    assert budget.wall_seconds(None) == budget.seconds
    assert budget.wall_seconds(1000) == budget.seconds + 2.5 * 20  # capped at the pages read
    with pytest.raises(ValueError, match="NAME one of"):
        Budget().with_settings(["pagez=1"])
    with pytest.raises(ValueError, match="pages"):
        Budget().with_settings(["pages=-1"])


# --- paths ----------------------------------------------------------------------------------------


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_a_shown_name_is_one_printable_line_that_gives_back_its_bytes(name: bytes) -> None:
    text = shown(os.fsdecode(name))
    assert text.isprintable() and "\n" not in text
    text.encode("utf-8")  # storable
    assert unshown(text) == name


# --- text and web pages ---------------------------------------------------------------------------


def test_broken_bytes_are_replaced_and_named() -> None:
    text, encoding, found = decode_text(texts._broken(b"\xff"), "x.txt")
    assert encoding == "utf-8" and "\ufffd" in text and "通报" in text
    assert [d.code for d in found] == ["bytes_replaced"] and "line 18" in found[0].message


def test_lines_in_gbk_among_utf8_are_read_in_gbk() -> None:
    text, _, found = decode_text(texts.mixed_utf8_gbk(), "x.txt")
    assert "\ufffd" not in text and text.count("网站") > 3
    assert [d.code for d in found] == ["encoding_mixed"] and "GB18030" in found[0].message


def test_nul_bytes_are_removed_with_a_doubt() -> None:
    text, _, found = decode_text(texts.nul_bytes(), "x.txt")
    assert "\x00" not in text and [d.code for d in found] == ["nul_removed"]


def test_text_past_the_character_budget_is_refused_before_decoding() -> None:
    with applied(Budget(characters=1000)), pytest.raises(BudgetExceeded, match="budget: "):
        decode_text(texts.copies(10), "x.txt")


def test_form_feeds_past_the_page_budget_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "ff.txt"
    path.write_bytes(texts.form_feeds())
    with applied(Budget(pages=10)):
        doc = read(path)
    assert len(doc.pages) == 10
    assert [d.message for d in doc.doubts if d.code == "pages_over_budget"] == [
        "only the first 10 of 900001 pages were read"
    ]


def test_deep_nesting_and_entities_in_a_web_page(tmp_path: Path) -> None:
    write_outside(tmp_path / "outside")
    deep = tmp_path / "deep.html"
    for body in (  # tags nested with nothing between (collapsed), and with text between each (walked)
        markup.nested("div", 100_000, markup.article()),
        "<div>x" * 5000 + markup.article() + "</div>" * 5000,
    ):
        deep.write_text(markup.page(body), encoding="utf-8")
        assert "通报" in "".join(p.text for p in read(deep).pages)
    xxe = tmp_path / "xxe.xhtml"
    xxe.write_text(markup.external_entity(tmp_path / "outside"), encoding="utf-8")
    laughs = tmp_path / "laughs.xhtml"
    laughs.write_text(markup.billion_laughs(), encoding="utf-8")
    for doc in (read(xxe), read(laughs)):
        text = "".join(p.text for p in doc.pages)
        assert SECRET not in text and "lollollol" not in text


def test_a_table_past_the_cell_budget_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    path.write_text(markup.huge_table(2000), encoding="utf-8")
    with applied(Budget(cells=1000)), pytest.raises(BudgetExceeded, match="table cells"):
        read(path)


# --- images and PDFs --------------------------------------------------------------------------------


def test_cmyk_and_16_bit_pages_are_converted_not_refused(tmp_path: Path) -> None:
    page = np.full((300, 200), 255, dtype=np.uint8)
    page[100:120, 50:150] = 0
    for name, image in (
        ("cmyk.jpg", Image.fromarray(page).convert("CMYK")),
        ("grey16.png", Image.fromarray(page.astype(np.uint16) * 257)),
    ):
        path = tmp_path / name
        image.save(path)
        ((_, rgb),) = list(load_image_pages(path))
        assert rgb.dtype == np.uint8 and rgb.shape == (300, 200, 3)
        assert rgb[110, 100].max() < 60 and rgb[10, 10].min() > 200


def test_an_animation_is_read_as_its_first_frame(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(images.apng(50))
    assert [no for no, _ in load_image_pages(path)] == [1]


def test_pixels_are_checked_from_headers_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "big.tif"
    path.write_bytes(images.tiff_large_pages(4, (4000, 5000)))
    with applied(Budget(megapixels=50)), pytest.raises(BudgetExceeded, match="Mpx decoded in all > 50"):
        next(load_image_pages(path))
    bomb = tmp_path / "bomb.jpg"
    bomb.write_bytes(images.header_bomb_jpeg())
    with pytest.raises(BudgetExceeded, match="Mpx a page"):
        read(bomb)


def test_a_format_named_wrongly_is_read_as_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.new("L", (64, 64), 255).save(path, "BMP")
    with pytest.raises(BadInput, match="blank"):
        read(path)  # read as a BMP: a blank page, not "not a PNG"


def test_blank_pdf_pages_are_not_rendered_and_the_rest_not_read(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(pdfs.blank_pages(50))
    with applied(Budget(pages=20)), pytest.raises(BadInput, match="first 20 of 50"):
        read(path)


def test_a_deflate_bomb_is_refused_before_pdfium_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdfs.deflate_bomb(64 << 20))
    with applied(Budget(inflate_mb=16)), pytest.raises(BudgetExceeded, match="inflate past 16 MB"):
        read(path)


def test_the_pdf_reader_reads_a_real_pdf_within_the_default_budget() -> None:
    from tests.factories import SAMPLES

    data = (SAMPLES / "000_49f8d2aa1abd7151__digital.pdf").read_bytes()
    doc = read(SAMPLES / "000_49f8d2aa1abd7151__digital.pdf", data=data)
    assert doc.pages and not {d.code for d in doc.doubts} & {"pages_over_budget", "blank_pages_skipped"}


def test_blank_means_no_ink_not_little_ink() -> None:
    from ocr.blank import is_blank

    page = np.full((1754, 1240, 3), 246, dtype=np.uint8)  # greyish paper
    for y, x in ((100, 100), (900, 700), (1500, 300)):
        page[y : y + 2, x : x + 2] = 40  # specks
    assert is_blank(page)
    page[200:216, 150:190] = 30  # one short line, `附件2` at 150 dpi
    assert not is_blank(page)
    red = np.full((1754, 1240, 3), 255, dtype=np.uint8)
    red[300:330, 200:600] = (200, 30, 30)  # a red banner line is ink
    assert not is_blank(red)


def test_a_fifo_named_on_the_command_line_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match="not a regular file"):
        read(fifo)
