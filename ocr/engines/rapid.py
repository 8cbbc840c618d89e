"""RapidOCR 3.x (PP-OCR models on ONNX Runtime), the default engine: its models ship in the wheel.

Settings that matter, each measured on rendered circular pages:
- the line-angle classifier is OFF (`Global.use_cls: False`): on, it silently drops long lines
  (CER 4.7% against 2.2% per page); scans are deskewed before they get here, so it earns nothing;
- `max_side_len` is raised so a 200 dpi A4 page is not shrunk before detection (RapidOCR's default
  of 2000 px would read body text at ~170 dpi);
- `TONGBAO_OCR_THREADS` caps ONNX Runtime's threads, so parallel ingest workers do not fight over
  the cores (unset: ONNX Runtime's own choice).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ocr.engines.base import OcrEngine, OcrLine
from schemas.exceptions import MissingDependency

MAX_SIDE_LEN = 2400


class RapidOcrEngine(OcrEngine):
    name = "rapidocr"

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        try:
            from rapidocr import RapidOCR
            from rapidocr._version import __version__ as rapid_version
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingDependency(
                f"RapidOCR cannot be imported ({exc}); install it with `pip install rapidocr onnxruntime`"
            ) from exc
        settings: dict[str, Any] = {
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Global.max_side_len": MAX_SIDE_LEN,
        }
        threads = os.environ.get("TONGBAO_OCR_THREADS")
        if threads and threads.isdigit():
            settings["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
            settings["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        settings.update(params or {})
        try:
            self._ocr = RapidOCR(params=settings)
        except Exception as exc:  # pragma: no cover - a broken install, not a bad page
            raise MissingDependency(
                f"RapidOCR could not load its models ({exc}); reinstall with `pip install --force-reinstall rapidocr`"
            ) from exc
        det, rec = self._ocr.cfg.Det, self._ocr.cfg.Rec
        self._version = (
            f"rapidocr {rapid_version} det {det.ocr_version.value}/{det.model_type.value} "
            f"rec {rec.ocr_version.value}/{rec.model_type.value} side {settings['Global.max_side_len']}"
        )

    @property
    def version(self) -> str:
        return self._version

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        result = self._ocr(image)
        boxes = getattr(result, "boxes", None)
        txts = getattr(result, "txts", None)
        scores = getattr(result, "scores", None)
        if boxes is None or txts is None or scores is None or len(txts) == 0:
            return []
        out = []
        for quad, text, score in zip(boxes, txts, scores, strict=True):
            pts = np.asarray(quad, dtype=float)
            box = (
                float(pts[:, 0].min()),
                float(pts[:, 1].min()),
                float(pts[:, 0].max()),
                float(pts[:, 1].max()),
            )
            out.append(OcrLine(text=str(text), box=box, confidence=float(score)))
        return out

    def recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognition only, batched: one call for all the line crops of a table."""
        if not crops:
            return []
        bgr = [np.ascontiguousarray(np.repeat(c[:, :, None], 3, axis=2)) if c.ndim == 2 else c for c in crops]
        result = self._ocr.recognize_txt(bgr)
        txts = result.txts or ()
        return [(str(t), float(s)) for t, s in zip(txts, result.scores, strict=True)]
