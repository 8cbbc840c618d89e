"""Handwritten instructions (批示) written above the banner: kept, and kept out of the header."""

from __future__ import annotations

import re

from normalizers.dates import is_date_line, parse_date
from pipeline.paragraphs import Para
from schemas import Annotation

NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


def annotation(paras: list[Para]) -> list[Annotation]:
    """The note's text, and its author and date when they are written on lines of their own."""
    if not paras:
        return []
    lines = [p.text for p in paras]
    date = None
    author = None
    if lines and is_date_line(lines[-1]):
        date = parse_date(lines.pop())
    if lines and NAME.match(lines[-1]):
        author = lines.pop()
    text = "".join(lines)
    if not text:
        return []
    return [Annotation(text=text, author=author, date=date, page_no=paras[0].page_no)]
