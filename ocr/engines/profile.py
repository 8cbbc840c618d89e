"""How RapidOCR runs: inference backend, precision, detector input size, recogniser batch and width.

The settings are a named profile, chosen by measurement (`python -m bench.ocr --compare`, results in
the README's OCR section), not by guess:
- `fast` (the default): OpenVINO where its wheel is installed, ONNX Runtime otherwise; f32; the
  detector sees the page's text block (blank margins cropped) with its long side at `det_side`.
  Line crops are read at full width: narrowed to half (`rec_width` 0.5, half the recogniser's
  cost) they lose repeated Latin letters and digits to CTC (`http://www` read `htp://w`), and a
  number like `100` must never become `10`.
- `legacy`: the settings before that (ONNX Runtime, RapidOCR's default detector size `min 736`,
  whole page, full-width lines), kept so that the benchmark can measure both in one run.

`TONGBAO_OCR_PROFILE` picks one by name. bf16 halves OpenVINO's time on CPUs with AMX, but it read
seal pages worse where it was measured (raw CER 2.81% against 2.63%) and cannot be measured on the
machines this project runs on (no AMX): so f32 is the default everywhere, and
`TONGBAO_OCR_PRECISION=bf16` asks for bf16, which is honoured only where the CPU has AMX and
OpenVINO offers BF16 (f32 otherwise). OpenVINO picks bf16 by itself on AMX CPUs, which is why the
precision is always set explicitly.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from schemas.exceptions import UsageError

Backend = Literal["openvino", "onnxruntime"]
Precision = Literal["f32", "bf16"]


@dataclass(frozen=True)
class Profile:
    """Everything that changes what or how fast RapidOCR reads; all of it goes into the version."""

    name: str
    backend: Backend
    precision: Precision
    det_limit_type: Literal["min", "max"]  # RapidOCR's rule: scale the short ("min") or long ("max") side
    det_side: int
    rec_batch: int
    rec_width: float  # line crops are resized to this share of their width before recognition
    crop_margins: bool  # detect on the page's text block, not the whole sheet

    def describe(self) -> str:
        """The part of the engine version that names these settings (and so keys the OCR cache)."""
        return (
            f"{self.backend} {self.precision} det {self.det_limit_type} {self.det_side}"
            f"{' crop' if self.crop_margins else ''} rec batch {self.rec_batch} width {self.rec_width:g}"
        )


def openvino_installed() -> bool:
    return importlib.util.find_spec("openvino") is not None


@cache
def cpu_has_amx(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether the CPU has AMX tiles for bf16 (Linux; elsewhere assume not)."""
    try:
        flags = next((ln for ln in cpuinfo.read_text().splitlines() if ln.startswith("flags")), "")
    except OSError:
        return False
    return "amx_bf16" in flags.split()


def _fast() -> Profile:
    return Profile(
        name="fast",
        backend="openvino" if openvino_installed() else "onnxruntime",
        precision="f32",
        det_limit_type="max",
        det_side=960,
        rec_batch=6,
        rec_width=1.0,
        crop_margins=True,
    )


def _legacy() -> Profile:
    return Profile(
        name="legacy",
        backend="onnxruntime",
        precision="f32",
        det_limit_type="min",
        det_side=736,
        rec_batch=6,
        rec_width=1.0,
        crop_margins=False,
    )


PROFILES = {"fast": _fast, "legacy": _legacy}
DEFAULT_PROFILE = "fast"


def choose_precision(wanted: str | None, backend: Backend, amx: bool) -> Precision:
    """bf16 only when asked for, on OpenVINO, on a CPU with AMX; f32 in every other case."""
    return "bf16" if (wanted or "").strip().lower() == "bf16" and backend == "openvino" and amx else "f32"


def current_profile(name: str | None = None, **overrides: object) -> Profile:
    """The profile named `name` (default: `TONGBAO_OCR_PROFILE`, else `fast`), with `overrides`
    (field=value, what the benchmark tries) and the precision the CPU can really give."""
    key = (name or os.environ.get("TONGBAO_OCR_PROFILE") or DEFAULT_PROFILE).strip().lower()
    if key not in PROFILES:
        raise UsageError(f"unknown OCR profile {key!r}; known profiles: {', '.join(sorted(PROFILES))}")
    profile = dataclasses.replace(PROFILES[key](), **overrides)  # type: ignore[arg-type]
    if profile.backend == "openvino" and not openvino_installed():
        profile = dataclasses.replace(profile, backend="onnxruntime")
    wanted = os.environ.get("TONGBAO_OCR_PRECISION") or overrides.get("precision")
    precision = choose_precision(str(wanted) if wanted else None, profile.backend, cpu_has_amx())
    return dataclasses.replace(profile, precision=precision)
