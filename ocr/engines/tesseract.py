"""Tesseract through pytesseract: the fallback engine, and a second opinion in the benchmark.

Measured here, and why the settings are what they are:
- `OMP_THREAD_LIMIT=1` for the subprocess: Tesseract's OpenMP threads fight each other on two cores
  (5× slower without it);
- one language per page: `chi_sim+chi_tra` leaks Traditional forms into Simplified pages, so `auto`
  reads the inkiest third of the page with both and the page with the one that is more confident
  (each wins its own script by 4–5 points on rendered pages);
- `--psm 6` (one uniform block): the automatic page segmentation (psm 3) cuts lines of a circular
  into scattered blocks and misreads a lone line on a wide page; a circular is one column anyway;
- table cells are read in one call by stacking their line crops into one tall image, because each
  Tesseract call costs a process start and a model load (~0.3 s).
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

import numpy as np

from ocr.engines.base import OcrEngine, OcrLine
from schemas.exceptions import MissingDependency

LANGS = ("chi_sim", "chi_tra")
_APT_NAMES = {"chi_sim": "tesseract-ocr-chi-sim", "chi_tra": "tesseract-ocr-chi-tra"}
_ALNUM = re.compile(r"[0-9A-Za-z]")


def _join_words(words: list[str]) -> str:
    """Tesseract splits Chinese into one 'word' per character; only Latin words get a space back."""
    out = ""
    for w in words:
        if out and _ALNUM.match(out[-1]) and _ALNUM.match(w[0]):
            out += " "
        out += w
    return out


Box = tuple[float, float, float, float]
_Words = tuple[list[tuple[int, int, int]], list[float], list[str], list[Box]]


class TesseractEngine(OcrEngine):
    name = "tesseract"

    def __init__(self, lang: str = "auto", tessdata_dir: str | None = None, psm: int = 6) -> None:
        try:
            import pytesseract
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingDependency("pytesseract is not installed: `pip install pytesseract`") from exc
        self._pt: Any = pytesseract
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        cmd = self._pt.pytesseract.tesseract_cmd
        if shutil.which(cmd) is None and not os.path.isfile(cmd):
            raise MissingDependency(
                f"the Tesseract binary ({cmd!r}) is not on PATH: `apt-get install tesseract-ocr "
                "tesseract-ocr-chi-sim tesseract-ocr-chi-tra`"
            )
        self._tessdata = f'--tessdata-dir "{tessdata_dir}"' if tessdata_dir else ""
        self.psm = psm
        wanted = LANGS if lang == "auto" else tuple(lang.split("+"))
        try:
            installed = set(self._pt.get_languages(config=self._tessdata))
            raw_version = str(self._pt.get_tesseract_version())
        except Exception as exc:
            raise MissingDependency(
                f"Tesseract does not run ({exc}): `apt-get install tesseract-ocr`"
            ) from exc
        missing = [name for name in wanted if name not in installed]
        if missing:
            packages = " ".join(_APT_NAMES.get(m, f"tesseract-ocr-{m.replace('_', '-')}") for m in missing)
            where = f" in {tessdata_dir}" if tessdata_dir else ""
            raise MissingDependency(
                f"Tesseract language data {', '.join(missing)} not found{where}: `apt-get install {packages}`"
            )
        self.lang = lang
        self._version = f"tesseract {raw_version.split()[0]} lang {lang} psm {psm}"

    @property
    def version(self) -> str:
        return self._version

    @property
    def wants_binary(self) -> bool:
        return True

    def _config(self, psm: int) -> str:
        return f"--psm {psm} {self._tessdata}".strip()

    def _data(self, image: np.ndarray, lang: str, psm: int) -> dict[str, list[Any]]:
        data: dict[str, list[Any]] = self._pt.image_to_data(
            image, lang=lang, config=self._config(psm), output_type=self._pt.Output.DICT
        )
        return data

    def _sample_band(self, image: np.ndarray) -> tuple[int, int]:
        """The third of the page with the most ink: enough text for a stable confidence."""
        ink = (image if image.ndim == 2 else image.min(axis=2)) < 128
        rows = ink.sum(axis=1).astype(float)
        band = max(120, image.shape[0] // 3)
        if rows.size <= band:
            return 0, rows.size
        csum = np.concatenate([[0.0], np.cumsum(rows)])
        lo = int(np.argmax(csum[band:] - csum[:-band]))
        hi = lo + band
        # Widen to blank rows, so no line is cut in half (a cut line reads badly in either model).
        while lo > 0 and rows[lo - 1] > 0:
            lo -= 1
        while hi < rows.size and rows[hi] > 0:
            hi += 1
        return lo, hi

    def _read(self, image: np.ndarray, psm: int) -> tuple[str, _Words]:
        """Read with the page's language: chi_sim or chi_tra, whichever is surer on a sample band."""
        lang = self.lang
        if lang == "auto":
            lo, hi = self._sample_band(image)
            band = image[lo:hi]
            margin = [(24, 24), (0, 0)] + ([(0, 0)] if band.ndim == 3 else [])
            band = np.pad(band, margin, constant_values=255)  # Tesseract misreads lines at the edge
            scores = {}
            for name in LANGS:
                confs = self._words(band, name, psm)[1]
                scores[name] = float(np.mean(confs)) if confs else 0.0
            lang = max(LANGS, key=lambda name: scores[name])
        return lang, self._words(image, lang, psm)

    def _words(self, image: np.ndarray, lang: str, psm: int) -> _Words:
        d = self._data(image, lang, psm)
        keys: list[tuple[int, int, int]] = []
        confs: list[float] = []
        texts: list[str] = []
        boxes: list[Box] = []
        for i, word in enumerate(d["text"]):
            conf = float(d["conf"][i])
            if conf < 0 or not str(word).strip():
                continue
            keys.append((int(d["block_num"][i]), int(d["par_num"][i]), int(d["line_num"][i])))
            confs.append(conf)
            texts.append(str(word).strip())
            x, y, w, h = d["left"][i], d["top"][i], d["width"][i], d["height"][i]
            boxes.append((float(x), float(y), float(x + w), float(y + h)))
        return keys, confs, texts, boxes

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        _, (keys, confs, texts, boxes) = self._read(image, self.psm)
        grouped: dict[tuple[int, int, int], list[int]] = {}
        for i, key in enumerate(keys):
            grouped.setdefault(key, []).append(i)
        out = []
        for idx in grouped.values():
            idx.sort(key=lambda i: boxes[i][0])
            box = (
                min(boxes[i][0] for i in idx),
                min(boxes[i][1] for i in idx),
                max(boxes[i][2] for i in idx),
                max(boxes[i][3] for i in idx),
            )
            conf = float(np.mean([confs[i] for i in idx])) / 100.0
            out.append(OcrLine(_join_words([texts[i] for i in idx]), box, conf))
        return out

    def recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """All crops stacked into one image and read in one call; words go back to crops by height."""
        if not crops:
            return []
        grey = [c if c.ndim == 2 else c.min(axis=2) for c in crops]
        gap = max(20, max(g.shape[0] for g in grey))
        width = max(g.shape[1] for g in grey) + 2 * gap
        height = sum(g.shape[0] + gap for g in grey) + gap
        sheet = np.full((height, width), 255, dtype=np.uint8)
        spans = []
        y = gap
        for g in grey:
            sheet[y : y + g.shape[0], gap : gap + g.shape[1]] = g
            spans.append((y - gap / 2, y + g.shape[0] + gap / 2))
            y += g.shape[0] + gap
        _, (_, confs, texts, boxes) = self._read(sheet, 6)
        found: list[list[tuple[float, str, float]]] = [[] for _ in grey]
        for conf, text, box in zip(confs, texts, boxes, strict=True):
            mid = (box[1] + box[3]) / 2
            for k, (lo, hi) in enumerate(spans):
                if lo <= mid < hi:
                    found[k].append((box[0], text, conf))
                    break
        out = []
        for words in found:
            words.sort()
            text = _join_words([w for _, w, _ in words])
            conf = float(np.mean([c for _, _, c in words])) / 100.0 if words else 0.0
            out.append((text, conf))
        return out
