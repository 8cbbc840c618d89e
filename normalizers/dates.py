"""Dates as printed in circulars (`2017 年 2 月 10 日`, `二〇一七年二月十日`, `2017.2.14`) as ISO dates.

成文日期, 印发日期 and web publication stamps come in these shapes, often with OCR spaces inside;
the contract stores them as DATE.
"""

from __future__ import annotations

import datetime as dt
import re

from normalizers.numbers import cn_to_int

__all__ = ["DATE_ONLY_RE", "DATE_RE", "find_dates", "is_date_line", "parse_date"]

# 1:1 character folds, so spans found on the folded text are spans in the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FOLD.update({ord("．"): ord("."), ord("－"): ord("-"), ord("／"): ord("/"), 0x3000: 0x20})

_CN_YEAR_DIGITS = "〇○零一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_YMD = (
    rf"(?<![\d{_CN_YEAR_DIGITS}])"
    rf"(?P<y>\d{{4}}|[{_CN_YEAR_DIGITS}]{{4}})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{_CN_SMALL}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*[日号]"
)
_SEP = r"(?<![\d.])(?P<y2>(?:19|20)\d\d)(?P<sep>[./-])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?![\d])"

DATE_RE = re.compile(f"{_YMD}|{_SEP}")
"""Any one date, in the 年月日 form (Arabic or Chinese numerals) or with `.` `-` `/` separators."""

DATE_ONLY_RE = re.compile(rf"\s*(?:{_YMD}|{_SEP})\s*")
"""A line holding nothing but a date (use with fullmatch, on text with full-width digits folded)."""

_MIN_YEAR, _MAX_YEAR = 1900, 2099


def _component(text: str) -> int | None:
    """One of year, month, day: Arabic, or Chinese (`二〇一七` digit by digit, `十二`, `三十一`)."""
    return int(text) if text.isdigit() else cn_to_int(text)


def _to_date(m: re.Match[str]) -> dt.date | None:
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
    year, month, day = _component(y), _component(mo), _component(d)
    if year is None or month is None or day is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 2017-02-30 and the like: a misread, not a date
        return None


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every valid date in the text with its (start, end) character span in the original string."""
    folded = text.translate(_FOLD)
    found = []
    for m in DATE_RE.finditer(folded):
        day = _to_date(m)
        if day is not None:
            found.append((day, m.start(), m.end()))
    return found


def parse_date(text: str) -> dt.date | None:
    """The first valid date in the text (`2017年2月10日印发` → 2017-02-10); None when there is none."""
    found = find_dates(text)
    return found[0][0] if found else None


def is_date_line(text: str) -> bool:
    """True when the line is a date and nothing else — the shape of a 成文日期 under the signature."""
    m = DATE_ONLY_RE.fullmatch(text.translate(_FOLD))
    return m is not None and _to_date(m) is not None
