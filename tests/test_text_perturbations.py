"""Metamorphic tests for text: what a copied page adds or changes around a circular — chrome lines
around the article, the title printed again, a URL on top, half- and full-width punctuation swapped,
spaces inside numbers, a metadata box above — must not change the extraction, field by field.

The circulars are the samples (data/samples) and those written for the tests (tests/more_circulars),
each under every perturbation with a fixed seed per document, and all perturbations at once.
"""

from __future__ import annotations

import random
import zlib
from functools import cache
from pathlib import Path

import pytest

from pipeline import extract
from schemas import Circular
from tests.factories import SAMPLES
from tests.perturb import PERTURBATIONS, differences

MORE = Path(__file__).resolve().parent / "more_circulars"
TEXTS = sorted([*SAMPLES.glob("*.txt"), *MORE.glob("*.txt")])


def _read(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path.name}: not UTF-8 or GB18030")


@cache
def _original(path: Path) -> Circular:
    return extract(path)


def _extract(text: str, name: str, tmp: Path) -> Circular:
    out = tmp / name
    out.write_text(text, encoding="utf-8")
    return extract(out)


def _seed(path: Path, kind: str) -> random.Random:
    return random.Random(zlib.crc32(f"{path.name}:{kind}".encode()))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_each_perturbation_keeps_the_extraction(path: Path, tmp_path: Path) -> None:
    want = _original(path)
    text = _read(path)
    failed = {}
    for kind, perturb in PERTURBATIONS.items():
        got = _extract(perturb(text, want, _seed(path, kind)), f"{kind}.txt", tmp_path)
        if diff := differences(want, got):
            failed[kind] = diff[:5]
    assert not failed, failed


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_all_perturbations_at_once_keep_the_extraction(path: Path, tmp_path: Path) -> None:
    want = _original(path)
    text = _read(path)
    rng = _seed(path, "all")
    for perturb in PERTURBATIONS.values():
        text = perturb(text, want, rng)
    assert not differences(want, _extract(text, "all.txt", tmp_path))


def test_a_perturbation_that_changes_the_text_is_caught(tmp_path: Path) -> None:
    """The comparison is not blind: a title line of another circular placed above the body does
    change the extraction."""
    path = SAMPLES / "000_49f8d2aa1abd7151.txt"
    want = _original(path)
    text = _read(path).replace("关于 2017 上半年", "关于 2018 上半年")
    assert differences(want, _extract(text, "changed.txt", tmp_path))
