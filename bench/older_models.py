"""Older PP-OCR models against the `fast` profile: the PP-OCRv4 mobile detector and recogniser that
older RapidOCR wheels on PyPI ship inside them, run by RapidOCR 3.10 through `bench/ocr.py`.

usage: pip download --no-deps rapidocr_onnxruntime==1.4.4 -d /tmp/w
       python -m bench.older_models --wheel /tmp/w/rapidocr_onnxruntime-1.4.4-py3-none-any.whl \
           --profiles fast,fast+v4rec,fast+v4rec+v4det,fast:backend=onnxruntime+v4rec --pages 1,6

`rapidocr_onnxruntime` 1.3.x and 1.4.x ship the same three ONNX files (`models/ch_PP-OCRv4_det_infer.onnx`
4.7 MB, `ch_PP-OCRv4_rec_infer.onnx` 10.9 MB, the v2 line classifier); the recogniser's character
list is in the ONNX metadata (`character`), which RapidOCR 3.10 reads on ONNX Runtime and OpenVINO
alike, so `Rec.model_path` is all it needs (`Rec.rec_keys_path` only for a model without that key;
with neither RapidOCR would download a dictionary). A profile spec of `bench/ocr.py` takes `+v4rec`
and/or `+v4det` to swap that model in. Every other option is `bench/ocr.py`'s. The wheel is read here,
by the benchmark; tongbao itself loads no model from outside RapidOCR's wheel (finding in the README).
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import bench.ocr as ocr_bench

MODELS = {
    "v4det": ("Det.model_path", "ch_PP-OCRv4_det_infer.onnx"),
    "v4rec": ("Rec.model_path", "ch_PP-OCRv4_rec_infer.onnx"),
}


def unpack(wheel: Path, into: Path) -> Path:
    """The wheel's `models/` ONNX files, extracted flat into `into`."""
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if "/models/" in name and name.endswith(".onnx"):
                (into / Path(name).name).write_bytes(zf.read(name))
    return into


def engines_with(models: Path) -> Any:
    """`bench.ocr.build_engines` that understands `profile+v4rec+v4det`."""
    from ocr.engines.rapid import RapidOcrEngine

    def build(names: list[str], profiles: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in profiles:
            base, *swaps = spec.split("+")
            params = {MODELS[s][0]: str(models / MODELS[s][1]) for s in swaps}
            out[spec] = RapidOcrEngine(params=params, profile=ocr_bench.parse_profile(base))
        return out

    return build


def main(argv: list[str]) -> int:
    if "--wheel" not in argv:
        print("usage: python -m bench.older_models --wheel FILE.whl [bench.ocr options]", file=sys.stderr)
        return 2
    at = argv.index("--wheel")
    wheel, rest = Path(argv[at + 1]), argv[:at] + argv[at + 2 :]
    with tempfile.TemporaryDirectory() as tmp:
        ocr_bench.build_engines = engines_with(unpack(wheel, Path(tmp)))
        return ocr_bench.main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
