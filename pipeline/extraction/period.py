"""The period a circular covers (`period_year`, `period_quarter`, `period_half`, `period_month`): from
the title first, then the opening of the body.
"""

from __future__ import annotations

import datetime as dt
import re

from normalizers.numbers import cn_to_int

_CN = "一二三四五六七八九十"
QUARTER = re.compile(rf"(?:(\d{{4}})年?(?:度)?)?(?:第)?([{_CN[:4]}1-4])季度")
HALF = re.compile(r"(?:(\d{4})年?(?:度)?)?(上|下)半年")
#: months the checks ran over
MONTH_RANGE = re.compile(r"(\d{4})年\d{1,2}月(?:[上中下]旬)?\s*(?:至|到|—|-|～|~)\s*(?:\d{4}年)?\d{1,2}月")
ANNUAL = re.compile(r"(\d{4})年度")
MONTH = re.compile(
    r"(?<!至)(?<!到)(?<![-—～~])(\d{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?!\d|[一二三四五六七八九十]{0,3}日|\s*(?:至|到|—|-|～|~)\s*(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月|(?:上|中|下)旬(?:至|到))"
)
YEAR = re.compile(r"(\d{4})年度?")


def _num(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def _period_year(printed: str | None, end_month: int, issued: dt.date | None) -> int | None:
    """The printed year, else the year of the last such period before the circular was issued."""
    if printed:
        return int(printed)
    if issued is None:
        return None
    return issued.year if issued.month > end_month else issued.year - 1


def period(texts: list[str], issued: dt.date | None = None) -> dict[str, int | None]:
    """The period the checks cover, from the title first, then the opening of the body."""
    if texts and (m := ANNUAL.search(texts[0])) and not (QUARTER.search(texts[0]) or HALF.search(texts[0])):
        return {"period_year": int(m.group(1))}  # `2018年度…考评`: the whole year, whatever the body dates
    for text in texts:
        if (m := QUARTER.search(text)) and (q := _num(m.group(2))):
            return {"period_year": _period_year(m.group(1), 3 * q, issued), "period_quarter": q}
        if m := HALF.search(text):
            half = 1 if m.group(2) == "上" else 2
            return {"period_year": _period_year(m.group(1), 6 * half, issued), "period_half": half}
        if (m := MONTH.search(text)) and (month := _num(m.group(2))) and 1 <= month <= 12:
            return {"period_year": int(m.group(1)), "period_month": month}
    for text in texts[:1]:
        if m := YEAR.search(text):
            return {"period_year": int(m.group(1))}
    for text in texts[1:]:  # the body says when the checks ran: `于2015年5月至8月组织开展`
        if m := MONTH_RANGE.search(text):
            return {"period_year": int(m.group(1))}
    return {}
