"""Handwritten instructions (批示) written above the banner: kept, and kept out of the header."""

from __future__ import annotations

import datetime as dt
import re

from normalizers import vocabulary as V
from normalizers.dates import is_date_line, parse_date
from pipeline.extraction.paragraphs import Para
from schemas import Annotation

NAME = re.compile(rf"^[{V.HAN}·]{{2,4}}$")
#: a note's date is often month and day only: `4.26`, `4/26`, `4月26日`
MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:[.．/]|月)\s*(\d{1,2})日?$")


def _month_day(text: str, issued: dt.date | None) -> dt.date | None:
    """`4.26` in the year of the document it is written on (the next year if that day comes before
    the document was issued: a note is written after)."""
    m = MONTH_DAY.match(text)
    if m is None or issued is None:
        return None
    try:
        day = dt.date(issued.year, int(m.group(1)), int(m.group(2)))
        return day if day >= issued else day.replace(year=issued.year + 1)
    except ValueError:
        return None


def annotation(paras: list[Para], issued: dt.date | None = None) -> list[Annotation]:
    """The note's text, and its author and date when they are written on lines of their own.

    `issued` (the document's date) gives a year to a date written as month and day."""
    if not paras:
        return []
    lines = [p.text for p in paras]
    date = None
    author = None
    if lines and is_date_line(lines[-1]):
        date = parse_date(lines.pop())
    elif lines and MONTH_DAY.match(lines[-1]):
        date = _month_day(lines.pop(), issued)
    if lines and NAME.match(lines[-1]):
        author = lines.pop()
    text = "".join(lines)
    if not text:
        return []
    return [Annotation(text=text, author=author, date=date, page_no=paras[0].page_no)]
