"""RapidOCR 3.x (PP-OCR models shipped in its wheel) on OpenVINO or ONNX Runtime, the default engine.

Settings that matter, each measured on rendered circular pages:
- the line-angle classifier is OFF (`Global.use_cls: False`): on, it silently drops long lines
  (CER 4.7% against 2.2% per page); scans are deskewed before they get here, so it earns nothing;
- `max_side_len` is raised so a 200 dpi A4 page is not shrunk before the detector's own resize;
- backend, precision, detector size, recogniser batch and line width come from the profile
  (`ocr.engines.profile`), chosen with `bench/ocr.py`;
- `TONGBAO_OCR_THREADS` caps the backend's threads, so parallel ingest workers do not fight over
  the cores (unset: the backend's own choice).

Detection and recognition run as two steps here rather than inside `RapidOCR.__call__`, so that
every line crop goes through `recognize_lines` (where the profile's `rec_width` could narrow it; the
default reads at full width, see `ocr.engines.profile`) and the benchmark can time each step.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import cv2
import numpy as np

from ocr.engines.base import OcrEngine, OcrLine
from ocr.engines.profile import Profile, current_profile
from schemas.exceptions import MissingDependency

MAX_SIDE_LEN = 2400
MIN_ASPECT = 4  # narrowed line crops stay at least this many times as wide as they are tall


def _settings(profile: Profile, threads: int | None) -> dict[str, Any]:
    from rapidocr import EngineType

    engine = EngineType.OPENVINO if profile.backend == "openvino" else EngineType.ONNXRUNTIME
    settings: dict[str, Any] = {
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Global.max_side_len": MAX_SIDE_LEN,
        "Det.engine_type": engine,
        "Rec.engine_type": engine,
        "Cls.engine_type": engine,
        "Det.limit_type": profile.det_limit_type,
        "Det.limit_side_len": profile.det_side,
        "Rec.rec_batch_num": profile.rec_batch,
    }
    if threads and profile.backend == "openvino":
        settings["EngineConfig.openvino.inference_num_threads"] = threads
        settings["EngineConfig.openvino.num_streams"] = 1
        settings["EngineConfig.openvino.performance_hint"] = "LATENCY"
    elif threads:
        settings["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        settings["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    return settings


def _set_precision(session: Any, profile: Profile, threads: int | None) -> None:
    """Compile an OpenVINO session again if it does not run at the profile's precision.

    RapidOCR compiles with OpenVINO's default, which is bf16 on CPUs with AMX; its settings have
    no precision hint. Where the default already is the wanted one (f32 on CPUs without AMX), the
    session is kept as it is and nothing is compiled twice.
    """
    import openvino as ov

    request = getattr(session, "session", None)
    model = getattr(session, "model", None)
    if request is None or model is None:
        return
    wanted = ov.Type.bf16 if profile.precision == "bf16" else ov.Type.f32
    if request.get_compiled_model().get_property("INFERENCE_PRECISION_HINT") == wanted:
        return
    config: dict[str, Any] = {"INFERENCE_PRECISION_HINT": profile.precision}
    if threads:
        config |= {"INFERENCE_NUM_THREADS": threads, "NUM_STREAMS": 1, "PERFORMANCE_HINT": "LATENCY"}
    session.session = ov.Core().compile_model(model, "CPU", config).create_infer_request()


class RapidOcrEngine(OcrEngine):
    name = "rapidocr"

    def __init__(self, params: dict[str, Any] | None = None, profile: Profile | None = None) -> None:
        try:
            from rapidocr import RapidOCR
            from rapidocr._version import __version__ as rapid_version
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingDependency(
                f"RapidOCR cannot be imported ({exc}); install it with `pip install rapidocr onnxruntime`"
            ) from exc
        self.profile = profile or current_profile()
        raw = os.environ.get("TONGBAO_OCR_THREADS", "")
        threads = int(raw) if raw.isdigit() and int(raw) > 0 else None
        settings = _settings(self.profile, threads)
        settings.update(params or {})
        try:
            self._ocr = RapidOCR(params=settings)
            det, rec = self._ocr._load_det_model(), self._ocr._load_rec_model()
            if self.profile.backend == "openvino":
                _set_precision(det.session, self.profile, threads)
                _set_precision(rec.session, self.profile, threads)
        except Exception as exc:  # pragma: no cover - a broken install, not a bad page
            raise MissingDependency(
                f"RapidOCR could not load its models on {self.profile.backend} ({exc}); "
                "reinstall with `pip install --force-reinstall rapidocr`"
            ) from exc
        self._text_score = float(self._ocr.cfg.Global.text_score)
        d, r = self._ocr.cfg.Det, self._ocr.cfg.Rec
        self._version = (
            f"rapidocr {rapid_version} det {d.ocr_version.value}/{d.model_type.value} "
            f"rec {r.ocr_version.value}/{r.model_type.value} side {settings['Global.max_side_len']} "
            f"{self.profile.describe()}"
        )

    @property
    def version(self) -> str:
        return self._version

    @property
    def crop_margins(self) -> bool:
        return self.profile.crop_margins

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Text line quadrilaterals (4 × 2 float arrays, image pixels), top to bottom."""
        result = self._ocr(image, use_rec=False)
        boxes = getattr(result, "boxes", None)
        return [] if boxes is None else [np.asarray(b, dtype=np.float32) for b in boxes]

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        from rapidocr.utils.process_img import get_rotate_crop_image

        quads = self.detect(image)
        if not quads:
            return []
        bgr = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
        crops = [get_rotate_crop_image(bgr, copy.deepcopy(q)) for q in quads]
        out = []
        lines = self.recognize_lines(crops, width=self.profile.rec_width)
        for quad, (text, score) in zip(quads, lines, strict=True):
            if not text.strip() or score < self._text_score:
                continue  # what RapidOCR itself drops: empty reads and scores under Global.text_score
            box = (
                float(quad[:, 0].min()),
                float(quad[:, 1].min()),
                float(quad[:, 0].max()),
                float(quad[:, 1].max()),
            )
            out.append(OcrLine(text=str(text), box=box, confidence=float(score)))
        return out

    def recognize_lines(self, crops: list[np.ndarray], width: float = 1.0) -> list[tuple[str, float]]:
        """Recognition only, batched: one call for all the line crops of a table or a page.

        `width` < 1 narrows long crops before the recogniser reads them (its cost is proportional
        to its input width): the detector's crops of body lines, measured to keep their accuracy.
        Never below `MIN_ASPECT` × the crop's height, so a short line keeps the time steps CTC needs
        for each of its characters; table cells (tight crops of a few characters or digits, `序号`)
        are read at full width."""
        if not crops:
            return []
        bgr = []
        for crop in crops:
            c = crop if crop.ndim == 3 else np.repeat(crop[:, :, None], 3, axis=2)
            h, w = c.shape[:2]
            target = max(round(w * width), min(w, MIN_ASPECT * h))
            if target < w:
                c = cv2.resize(c, (target, h), interpolation=cv2.INTER_AREA)
            bgr.append(np.ascontiguousarray(c))
        result = self._ocr.recognize_txt(bgr)
        txts = result.txts or ()
        return [(str(t), float(s)) for t, s in zip(txts, result.scores, strict=True)]
