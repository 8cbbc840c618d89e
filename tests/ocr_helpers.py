"""Small synthetic scans for the OCR tests, drawn with PIL so the tests need no fixture files.

Each helper returns an RGB `numpy` array (height × width × 3, uint8) the way a scanner would hand it
over; the page-level helper also returns what was drawn, so tests can compare against ground truth.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from schemas.intermediate import Block, Line

FONT_PATH = "/usr/share/fonts/truetype/arphic/uming.ttc"
BLACK = (20, 20, 20)
RED = (220, 30, 30)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size)


def blank(width: int, height: int, paper: int = 255) -> Image.Image:
    return Image.new("RGB", (width, height), (paper, paper, paper))


def draw_text(
    img: Image.Image, xy: tuple[int, int], text: str, size: int = 28, fill: tuple[int, int, int] = BLACK
) -> tuple[int, int, int, int]:
    """Draw one line; returns its box (x0, top, x1, bottom)."""
    d = ImageDraw.Draw(img)
    d.text(xy, text, font=font(size), fill=fill)
    x0, top, x1, bottom = d.textbbox(xy, text, font=font(size))
    return int(x0), int(top), int(x1), int(bottom)


def text_image(text: str, size: int = 28, pad: int = 16, fill: tuple[int, int, int] = BLACK) -> np.ndarray:
    """A single line of text on white paper."""
    w = int(font(size).getlength(text)) + 2 * pad
    img = blank(w, size + 2 * pad)
    draw_text(img, (pad, pad), text, size, fill)
    return np.asarray(img)


def line_page(text: str, size: int = 30, width: int = 900, height: int = 740) -> np.ndarray:
    """One line on a page-sized sheet: engines detect text best with paper around it (and RapidOCR
    upscales a thin strip to 736 px high before detection, which is slow)."""
    img = blank(max(width, int(font(size).getlength(text)) + 120), height)
    draw_text(img, (60, (height - size) // 2), text, size)
    return np.asarray(img).copy()


def draw_table(
    img: Image.Image,
    x: int,
    y: int,
    rows: list[list[str]],
    col_widths: list[int],
    size: int = 24,
    line_gap: int = 8,
    stroke: int = 2,
) -> tuple[int, int, int, int]:
    """A fully ruled table; a cell's text may hold `\\n` for a multi-line cell. Returns its box."""
    d = ImageDraw.Draw(img)
    pad = 10
    heights = []
    for row in rows:
        n = max(len(c.split("\n")) for c in row)
        heights.append(n * size + (n - 1) * line_gap + 2 * pad)
    xs = [x]
    for w in col_widths:
        xs.append(xs[-1] + w)
    ys = [y]
    for h in heights:
        ys.append(ys[-1] + h)
    for yy in ys:
        d.line([(xs[0], yy), (xs[-1], yy)], fill=BLACK, width=stroke)
    for xx in xs:
        d.line([(xx, ys[0]), (xx, ys[-1])], fill=BLACK, width=stroke)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            for k, part in enumerate(cell.split("\n")):
                tw = font(size).getlength(part)
                cx = xs[c] + max(pad, int((col_widths[c] - tw) / 2))
                d.text((cx, ys[r] + pad + k * (size + line_gap)), part, font=font(size), fill=BLACK)
    return xs[0], ys[0], xs[-1], ys[-1]


def draw_seal(
    img: Image.Image, cx: int, cy: int, radius: int = 110, text: str = "汕头市人民政府办公室"
) -> None:
    """A red office seal: ring, star and arc text, multiplied over what is below like real ink."""
    layer = Image.new("RGB", img.size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    d.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=RED, width=max(4, radius // 16))
    star = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(star, fill=RED)
    size = max(12, radius // 5)
    n = len(text)
    for k, ch in enumerate(text):
        a = math.radians(-150 + k * 120 / max(1, n - 1))
        r = radius * 0.74
        px, py = cx + r * math.cos(a), cy + r * math.sin(a)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 2), ch, font=font(size), fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        layer.paste(Image.new("RGB", glyph.size, RED), (int(px - size), int(py - size)), glyph)
    base = np.asarray(img).astype(np.float32)
    ink = np.asarray(layer).astype(np.float32)
    out = base * ink / 255.0
    img.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)))


@dataclass
class SynthPage:
    image: np.ndarray
    lines: list[str] = field(default_factory=list)
    red_lines: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None


BODY = [
    "各区县人民政府，市政府各部门、各直属机构：",
    "二季度全市在线运行的政府网站121个，其中市级部门",
    "及下属机构网站61个，区县政府门户网站7个。",
]
TABLE = [
    ["序号", "网站名称", "存在问题"],
    ["1", "汕头市档案局", "首页长期不更新"],
    ["2", "潮南区教育局", "多个栏目为空白\n链接无法打开"],
    ["3", "澄海区林业局", "站点无法访问"],
]


def circular_page(
    width: int = 1100,
    banner: str = "汕头市发电",
    body: list[str] | None = None,
    table: list[list[str]] | None = None,
    seal: bool = False,
    page_number: str | None = None,
) -> SynthPage:
    """A small circular page: red banner and rule, body lines, optional ruled table, signature and date."""
    body = BODY if body is None else body
    height = 480 + 46 * len(body) + (260 if table else 0)
    img = blank(width, height)
    d = ImageDraw.Draw(img)
    bw = font(64).getlength(banner)
    draw_text(img, (int((width - bw) / 2), 40), banner, 64, RED)
    d.line([(60, 135), (width - 60, 135)], fill=RED, width=4)
    y = 170
    lines = []
    for text in body:
        draw_text(img, (90, y), text, 28)
        lines.append(text)
        y += 46
    if table:
        _, _, _, bottom = draw_table(img, 90, y + 10, table, [100, 300, 400])
        y = bottom + 30
    sign, date = "汕头市人民政府办公室", "2017年6月29日"
    draw_text(img, (width - 420, y + 40), sign, 28)
    draw_text(img, (width - 380, y + 90), date, 28)
    lines += [sign, date]
    if seal:
        draw_seal(img, width - 260, y + 80, radius=110)
    if page_number:
        pw = font(24).getlength(page_number)
        draw_text(img, (int((width - pw) / 2), height - 50), page_number, 24)
    return SynthPage(np.asarray(img).copy(), lines, [banner], table)


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise by `degrees`, filling with white, the way a skewed scan looks."""
    img = Image.fromarray(image).rotate(
        degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white"
    )
    return np.asarray(img).copy()


def degrade(image: np.ndarray, seed: int = 0, jpeg_quality: int = 40) -> np.ndarray:
    """Blur, speckle, grey paper and JPEG artefacts, like a cheap office scan."""
    rng = np.random.default_rng(seed)
    img = Image.fromarray(image).filter(ImageFilter.GaussianBlur(0.8))
    arr = np.asarray(img).astype(np.float32) * 0.92 + rng.normal(0, 8, image.shape)
    speck = rng.random(image.shape[:2]) < 0.002
    arr[speck] = 30
    buf = io.BytesIO()
    Image.fromarray(arr.clip(0, 255).astype(np.uint8)).save(buf, "JPEG", quality=jpeg_quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB")).copy()


def block_texts(blocks: Sequence[Block]) -> list[str]:
    """Each block's text: a line's text, a table as `<table r×c>` (so a table where a line was expected fails)."""
    return [
        b.text if isinstance(b, Line) else f"<table {len(b.rows)}×{max(map(len, b.rows), default=0)}>"
        for b in blocks
    ]
