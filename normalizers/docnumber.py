"""Document numbers (发文字号, `机关代字〔年份〕序号号`) from raw or canonical text.

OCR renders the `〔〕` as `[]`, `［］`, `()`, `〈〉`, `【】` and scatters spaces; Traditional sources
print 號. A telegram header also carries a blank `X机发 号` field that must not be read as a number.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from normalizers.chinese import DOCNO_CLOSE, DOCNO_OPEN, is_cjk, to_simplified

__all__ = ["DocNumber", "find_docnumber", "find_docnumbers"]


class DocNumber(NamedTuple):
    """One document number; `text` is canonical (`汕府办传〔2017〕92号`), Simplified, with `〔〕`."""

    text: str
    agency: str
    year: int
    serial: int


_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_BRACKETED = re.compile(
    rf"[{re.escape(DOCNO_OPEN)}]\s*(?P<year>(?:19|20)\d\d)\s*[{re.escape(DOCNO_CLOSE)}]"
    r"\s*(?P<serial>\d{1,5})\s*[号號]"
)
_MAX_AGENCY = 12
# Words that end up glued in front of the 机关代字 once spacing is canonical (`等级特急·明电云府办明电`,
# `根据国办发〔2017〕47号`): stripped from the front of the agency while two characters remain.
_LEADERS = (
    "发文字号",
    "等级",
    "特急",
    "加急",
    "平急",
    "特提",
    "明电",
    "密电",
    "发电",
    "根据",
    "按照",
    "依据",
    "依照",
    "参照",
    "对照",
    "贯彻",
    "落实",
    "执行",
    "转发",
    "印发",
    "文号",
    "字号",
    "以及",
    "详见",
    "见",
    "了",
    "及",
    "与",
)


def _agency(text: str, bracket: int) -> str:
    """The run of ideographs (at most 12) immediately before the bracket, spaces before it allowed."""
    end = bracket
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and end - start < _MAX_AGENCY and is_cjk(text[start - 1]):
        start -= 1
    agency = text[start:end]
    stripped = True
    while stripped:
        stripped = False
        for word in _LEADERS:
            if agency.startswith(word) and len(agency) - len(word) >= 2:
                agency = agency[len(word) :]
                stripped = True
                break
    return to_simplified(agency)


def find_docnumbers(text: str) -> list[DocNumber]:
    """Every document number in the text, in order; a bracketed year without an agency is skipped."""
    folded = text.translate(_FOLD)
    found = []
    for m in _BRACKETED.finditer(folded):
        agency = _agency(folded, m.start())
        if not agency:
            continue
        year, serial = int(m["year"]), int(m["serial"])
        found.append(DocNumber(f"{agency}〔{year}〕{serial}号", agency, year, serial))
    return found


def find_docnumber(text: str) -> DocNumber | None:
    """The first document number in the text, or None (a blank `汕机发 号` field is not one)."""
    found = find_docnumbers(text)
    return found[0] if found else None
