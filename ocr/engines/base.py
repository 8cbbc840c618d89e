"""The one interface every OCR engine sits behind, and the registry that finds them by name.

The rest of `ocr/` never imports an engine module directly: it asks `get_engine(name)`, so adding an
engine is one module and one line in `_ENGINES`, and engines whose packages are absent cost nothing
until someone asks for them (the import happens on first use).
"""

from __future__ import annotations

import importlib
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from schemas.exceptions import UsageError

DEFAULT_ENGINE = "rapidocr"

# name -> "module:Class" (imported lazily, so a missing optional package only hurts its own engine)
# or an OcrEngine subclass (what `register_engine` adds, e.g. the fakes in the tests).
_ENGINES: dict[str, str | type[OcrEngine]] = {
    "rapidocr": "ocr.engines.rapid:RapidOcrEngine",
    "tesseract": "ocr.engines.tesseract:TesseractEngine",
}
_instances: dict[str, OcrEngine] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    """One line as an engine read it: box is (x0, top, x1, bottom) in the input image's pixels."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


class OcrEngine(ABC):
    """A page OCR engine. Subclasses are thin adapters: no layout, no clean-up, no caching here."""

    name: str = ""

    @property
    @abstractmethod
    def version(self) -> str:
        """Engine and model version; part of the OCR cache key, so change it when output would."""

    @property
    def wants_binary(self) -> bool:
        """Whether the engine reads a black-and-white page better than a grey one."""
        return False

    @property
    def crop_margins(self) -> bool:
        """Whether `ocr_page` hands the engine only the page's text block, blank margins cropped.

        An engine that scales the page to a fixed detector size reads the text finer that way, for
        the same cost; one that reads at the image's own resolution gains little."""
        return False

    @abstractmethod
    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Detect and read every text line of a page (grey or BGR uint8 image)."""

    def recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Read crops that each hold exactly one text line (no detection).

        The default runs full recognition on each crop and joins what it finds; engines that can skip
        detection (and batch) override it, which is what makes per-cell table OCR affordable.
        """
        out: list[tuple[str, float]] = []
        for crop in crops:
            lines = self.recognize(crop)
            text = "".join(ln.text for ln in sorted(lines, key=lambda ln: ln.box[0]))
            conf = min((ln.confidence for ln in lines), default=0.0)
            out.append((text, conf))
        return out

    def recognize_cell(self, crop: np.ndarray) -> tuple[str, float]:
        """Read a table cell that may hold several lines; lines are joined without a separator."""
        lines = sorted(self.recognize(crop), key=lambda ln: (ln.box[1], ln.box[0]))
        text = "".join(ln.text for ln in lines)
        conf = min((ln.confidence for ln in lines), default=1.0 if not text else 0.0)
        return text, conf


def register_engine(name: str, engine: str | type[OcrEngine]) -> None:
    """Add an engine under `name` ("module:Class" or the class); replaces any engine of that name."""
    with _lock:
        _ENGINES[name.lower()] = engine
        _instances.pop(name.lower(), None)


def available_engines() -> list[str]:
    """Names `get_engine` accepts (whether each one's dependencies are installed is checked on use)."""
    return sorted(_ENGINES)


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called `name` (default `DEFAULT_ENGINE`), built once per process and reused.

    Models take seconds to load, so every page of every document shares one instance.
    Raises `UsageError` for an unknown name and `MissingDependency` when the engine cannot start.
    """
    key = (name or DEFAULT_ENGINE).strip().lower()
    if key not in _ENGINES:
        raise UsageError(f"unknown OCR engine {name!r}; known engines: {', '.join(available_engines())}")
    with _lock:
        if key not in _instances:
            target = _ENGINES[key]
            if isinstance(target, str):
                module_name, cls_name = target.split(":")
                target = getattr(importlib.import_module(module_name), cls_name)
            _instances[key] = target()
        return _instances[key]
