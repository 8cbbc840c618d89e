"""The layout thresholds are one object: each is read somewhere, none is set twice."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from normalizers.layout_settings import LAYOUT, LayoutSettings

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for folder in ("pipeline", "ocr", "normalizers") for p in (ROOT / folder).rglob("*.py")]


def test_every_threshold_is_read_by_a_stage() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    unread = [f.name for f in dataclasses.fields(LayoutSettings) if f"LAYOUT.{f.name}" not in text]
    assert not unread, f"settings nobody reads: {unread}"


def test_the_settings_cannot_be_changed_behind_the_fingerprint() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        LAYOUT.page_edge = 0.2  # type: ignore[misc]


def test_one_low_confidence_threshold() -> None:
    """The review threshold was written three times (OCR reader, extraction, views) and could drift."""
    literal = re.compile(r"^LOW_CONFIDENCE\s*=\s*0\.\d+", re.M)
    assert not [p.name for p in SOURCES if literal.search(p.read_text(encoding="utf-8"))]
