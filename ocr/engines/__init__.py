"""OCR engines behind one interface; pick one by name with `get_engine`."""

from ocr.engines.base import (
    DEFAULT_ENGINE,
    OcrEngine,
    OcrLine,
    available_engines,
    get_engine,
    register_engine,
)

__all__ = ["DEFAULT_ENGINE", "OcrEngine", "OcrLine", "available_engines", "get_engine", "register_engine"]
