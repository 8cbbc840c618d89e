"""The vocabulary is one module: no stage defines a CJK range or keeps a copy of a shared word list."""

from __future__ import annotations

import re
from pathlib import Path

from normalizers import vocabulary as V

ROOT = Path(__file__).resolve().parents[1]
#: a code-point range written out: `\u4e00-\u9fff`, `0x4E00`, or the characters themselves `一-龥`
CJK_RANGE = re.compile(r"\\u[0-9a-fA-F]{4}-\\u[0-9a-fA-F]{4}|\\u9fff|0x4[Ee]00|一-龥")


def _sources() -> list[Path]:
    out = []
    for folder in ("pipeline", "ocr", "normalizers", "schemas", "tests", "bench"):
        out += [p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts]
    vocabulary = ROOT / "normalizers" / "vocabulary"
    return [p for p in out if vocabulary not in p.parents and p != Path(__file__).resolve()]


def test_no_cjk_range_outside_the_vocabulary() -> None:
    found = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in _sources()
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if CJK_RANGE.search(line)
    ]
    assert not found, found


def test_shared_word_lists_are_not_copied() -> None:
    """A stage that needs the words of a list imports it: spelling two of its words out side by side
    in a pattern (`特急|加急`, `附件|附表`) elsewhere is a copy that will drift."""
    lists = {
        "URGENCIES": V.URGENCIES,
        "TRANSMISSIONS": V.TRANSMISSIONS,
        "ANNEX_WORDS": V.ANNEX_WORDS,
        "SECRECY_LEVELS": V.SECRECY_LEVELS,
        "TITLE_ENDINGS": V.TITLE_ENDINGS,
    }
    found = []
    for p in _sources():
        if p.parts[-3:-1] == ("tests", "fixtures") or "tests" in p.relative_to(ROOT).parts[:1]:
            continue
        text = p.read_text(encoding="utf-8")
        for name, words in lists.items():
            if f"{words[0]}|{words[1]}" in text or f"{words[1]}|{words[0]}" in text:
                found.append(f"{p.relative_to(ROOT)}: {name}")
    assert not found, found


def test_table_columns_come_from_the_reference_table() -> None:
    names = [name for name, _ in V.TABLE_COLUMNS]
    assert names[0] == "seq" and len(names) == len(set(names))
    for _, pattern in V.TABLE_COLUMNS:
        re.compile(pattern)


def test_alternation_prefers_the_longer_word() -> None:
    rx = re.compile(V.alternation(["政府", "人民政府", "人民政府办公厅"]))
    m = rx.match("人民政府办公厅")
    assert m is not None and m.group(0) == "人民政府办公厅"
