"""Numbers as printed in circulars — Arabic, full-width, Chinese (`二十三`, `二〇一七`) — as numbers.

Tables and body text mix all these forms (`29431家`, `二季度`, `-29`, `－5`, `92%`), and the data
contract wants plain numbers with the unit kept apart.
"""

from __future__ import annotations

import math
import re

import cn2an

__all__ = ["cn_to_int", "parse_number", "parse_points"]

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({ord("，"): ord(","), ord("．"): ord("."), ord("％"): ord("%"), ord("＋"): ord("+")})

# Minus signs OCR and fonts produce: hyphen-minus, minus, full-width hyphen-minus, hyphens, dashes.
_MINUS = "-−－‐‑‒–—﹣"
_SIGN = re.compile(rf"^(?P<sign>[{_MINUS}+]|负|正)?")

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = "十拾廿百佰千仟万萬亿億"
_CN_NUMERAL = re.compile(rf"[{''.join(_CN_DIGITS)}{_CN_UNITS}0-9]+")
_ARABIC_INT = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")
_ARABIC_NUM = re.compile(r"(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?|\.\d+")
_CN_DECIMAL = re.compile(rf"[{''.join(_CN_DIGITS)}{_CN_UNITS}]+点[{''.join(_CN_DIGITS)}]+")

# Units and counters that follow (or, for %, sometimes precede) a figure in a table cell.
_UNITS = "个家条人名%分次项处所篇件"
_UNIT_STRIP = re.compile(rf"^[{_UNITS}]+|[{_UNITS}]+$")
_POINTS_PREFIX = re.compile(r"^(?:扣除|扣减|扣分|扣|减)")


def _prepare(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH))


def _unsigned_int(s: str) -> int | None:
    if _ARABIC_INT.fullmatch(s):
        return int(s.replace(",", ""))
    if not _CN_NUMERAL.fullmatch(s):
        return None
    has_unit = any(ch in _CN_UNITS for ch in s)
    if not has_unit and any(ch.isascii() for ch in s):
        return None  # `2二` is OCR debris, not a number; `3万` is fine
    if not has_unit:
        # Digit-by-digit (`二〇一七`), and single digits; cn2an does not know ○ or 幺.
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    try:
        value = cn2an.cn2an(s, "smart")
    except Exception:  # cn2an raises ValueError, but it is third-party: anything means "not a number"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return None
    return int(value)


def cn_to_int(text: str) -> int | None:
    """An integer written in Chinese or Arabic numerals: `二`→2, `两千`→2000, `二〇一七`→2017, `29,431`.

    A leading minus (any dash OCR produces, or 负) is allowed. None when the whole string is not one
    integer, so callers can test cells with it.
    """
    s = _prepare(text)
    if not s or len(s) > 40:
        return None
    m = _SIGN.match(s)
    sign = m.group("sign") if m else None
    body = s[m.end() :] if m else s
    value = _unsigned_int(body)
    if value is None:
        return None
    return -value if sign is not None and sign not in "+正" else value


def parse_number(text: str) -> float | None:
    """A figure in a cell or phrase: `92%`→92.0, `29431家`→29431.0, `－5`→-5.0, `二十三个`→23.0.

    Counters and units around the figure (个 家 条 人 名 % 分 次 …) are ignored — the caller keeps
    the unit separately. `百分之九十二` is read as 92. None when anything else is in the string.
    """
    s = _prepare(text)
    if not s or len(s) > 40:
        return None
    if s.startswith("百分之"):
        s = s[3:]
    s = _UNIT_STRIP.sub("", s)
    m = _SIGN.match(s)
    sign = m.group("sign") if m else None
    body = s[m.end() :] if m else s
    body = _UNIT_STRIP.sub("", body)
    if not body:
        return None
    value: float | None
    if _ARABIC_NUM.fullmatch(body):
        value = float(body.replace(",", ""))
    elif _CN_DECIMAL.fullmatch(body):
        try:
            value = float(cn2an.cn2an(body, "smart"))
        except Exception:
            value = None
    else:
        n = _unsigned_int(body)
        value = float(n) if n is not None else None
    if value is None or not math.isfinite(value):
        return None
    return -value if sign is not None and sign not in "+正" else value


def parse_points(text: str) -> float | None:
    """Points deducted, as a positive number: `-29`→29.0, `扣5分`→5.0, `－0.5`→0.5; None when blank.

    扣分 tables print deductions as negative numbers, the contract stores them as positive.
    """
    s = _POINTS_PREFIX.sub("", _prepare(text))
    value = parse_number(s)
    return abs(value) if value is not None else None
