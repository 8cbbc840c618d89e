"""INT8 recogniser benchmark: NNCF post-training quantization of RapidOCR's recogniser, measured
against the f32 model on the line crops the pipeline really reads.

usage: python -m bench.int8 [--recipes mixed,transformer-of] [--calibrate 001,003] [--evaluate 000,002,004]
                            [--pages 1,2] [--every N] [--show N]

The line crops come from `ocr.readers.scan` itself (each fixture page cleaned, tables cut, red lines
and the text block detected at the `fast` profile; every crop handed to `recognize_lines` kept), so
the calibration set is what a quantized model would see. Calibration and evaluation use different
circulars (seed prefixes). For each recipe the recogniser is quantized from the model in RapidOCR's
wheel, compiled for the CPU (one thread), and both models read the evaluation crops through the same
RapidOCR pre- and post-processing. Printed per recipe: CPU-seconds against f32 and the characters
that differ from f32's reading (edit distance over f32's characters) — f32's page CER is ~0.2%, so a
recipe must stay well under 0.3% here to keep the pipeline's bar (CER ≤ 0.5%).

Recipes (NNCF 3.x): `mixed` (the default preset), `transformer` (`ModelType.TRANSFORMER`: softmax,
layer norm and the attention's second input left in f32), `convonly` (MatMul and Softmax left in f32);
`-of` adds `OverflowFix.ENABLE` (7-bit weights everywhere: CPUs without VNNI, like this one, sum
u8×s8 pairs in saturating int16). NNCF is not a tongbao dependency: `pip install nncf` to run this.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.ocr import ROOT, machine
from bench.ocr_scoring import edit_distance

RECIPES = ("mixed", "mixed-of", "transformer", "transformer-of", "convonly", "convonly-of")


def line_crops(fixtures: Path, prefixes: list[str], pages: list[int], every: int) -> list[Any]:
    """The recogniser's inputs of the chosen fixture pages, in the order the pipeline makes them."""
    from ocr.engines.rapid import RapidOcrEngine
    from ocr.readers.raster import load_pages
    from ocr.readers.scan import _ocr_page

    engine = RapidOcrEngine()
    kept: list[Any] = []
    read = engine.recognize_lines

    def keep(crops: list[Any], width: float = 1.0) -> list[tuple[str, float]]:
        kept.extend(c.copy() for c in crops)
        return read(crops, width)

    engine.recognize_lines = keep  # type: ignore[method-assign]
    manifest = json.loads((fixtures / "manifest.json").read_text(encoding="utf-8"))
    files = [f for f in manifest["files"] if any(f["seed"].startswith(p) for p in prefixes)]
    for entry in files[::every]:
        for page_no, image in load_pages(fixtures / entry["file"], pages, 150):
            _ocr_page(image, engine, page_no)
    return kept


def quantize(model: Any, batches: list[Any], recipe: str) -> Any:
    """The recogniser quantized by NNCF under `recipe` (min/max statistics: deterministic)."""
    import logging

    import nncf
    from nncf.quantization.advanced_parameters import AdvancedQuantizationParameters, OverflowFix

    nncf.set_log_level(logging.WARNING)  # its INFO lines list every node it leaves in f32

    kw: dict[str, Any] = {"preset": nncf.QuantizationPreset.MIXED, "subset_size": len(batches)}
    if recipe.startswith("transformer"):
        kw["model_type"] = nncf.ModelType.TRANSFORMER
    if recipe.startswith("convonly"):
        kw["ignored_scope"] = nncf.IgnoredScope(types=["MatMul", "Softmax"])
    if recipe.endswith("-of"):
        kw["advanced_parameters"] = AdvancedQuantizationParameters(overflow_fix=OverflowFix.ENABLE)
    return nncf.quantize(model.clone(), nncf.Dataset(batches), **kw)


class _Recorder:
    """Stands in for the OpenVINO infer request and keeps each batch it is given (the calibration)."""

    def __init__(self, request: Any) -> None:
        self.request = request
        self.batches: list[Any] = []

    def infer(self, inputs: list[Any]) -> Any:
        self.batches.append(inputs[0].copy())
        return self.request.infer(inputs=inputs)

    def get_output_tensor(self) -> Any:
        return self.request.get_output_tensor()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "scans")
    parser.add_argument("--recipes", type=lambda s: s.split(","), default=["transformer-of", "mixed-of"])
    parser.add_argument("--calibrate", type=lambda s: s.split(","), default=["001", "003"])
    parser.add_argument("--evaluate", type=lambda s: s.split(","), default=["000", "002", "004"])
    parser.add_argument("--pages", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2])
    parser.add_argument("--every", type=int, default=2, help="every Nth evaluation fixture")
    parser.add_argument("--show", type=int, default=0, help="print up to N lines that differ")
    args = parser.parse_args(argv)
    os.environ["TONGBAO_CACHE_DIR"] = "off"
    os.environ.setdefault("TONGBAO_OCR_THREADS", "1")
    import openvino as ov

    from ocr.engines.profile import current_profile
    from ocr.engines.rapid import RapidOcrEngine

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the start\n")
    calibration = line_crops(args.fixtures, args.calibrate, args.pages, 1)
    evaluation = line_crops(args.fixtures, args.evaluate, args.pages, args.every)
    engine = RapidOcrEngine(profile=current_profile("fast"))
    session = engine._ocr._load_rec_model().session
    f32 = session.session
    session.session = recorder = _Recorder(f32)
    engine.recognize_lines(calibration)
    session.session = f32

    def read(request: Any) -> tuple[list[str], float]:
        session.session = request
        cpu = time.process_time()
        texts = [t for t, _ in engine.recognize_lines(evaluation)]
        return texts, time.process_time() - cpu

    reference, base = read(f32)
    chars = sum(len(t) for t in reference)
    config = {"INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": 1, "NUM_STREAMS": 1}
    print(f"{len(calibration)} calibration crops, {len(evaluation)} evaluation crops ({chars} characters)\n")
    print("| recogniser | CPU-s | × f32 speed | characters unlike f32 | quantize CPU-s |")
    print("|---|---:|---:|---:|---:|")
    print(f"| f32 | {base:.2f} | 1.00 | – | – |")
    for recipe in args.recipes:
        cpu = time.process_time()
        model = quantize(session.model, recorder.batches, recipe)
        took = time.process_time() - cpu
        texts, seconds = read(ov.Core().compile_model(model, "CPU", config).create_infer_request())
        diff = sum(edit_distance(a, b) for a, b in zip(reference, texts, strict=True))
        print(f"| int8 {recipe} | {seconds:.2f} | {base / seconds:.2f} | {diff / chars:.2%} | {took:.0f} |")
        shown = [(a, b) for a, b in zip(reference, texts, strict=True) if a != b][: args.show]
        for a, b in shown:
            print(f"  f32 {a!r}\n  int8 {b!r}", file=sys.stderr)
    session.session = f32
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
