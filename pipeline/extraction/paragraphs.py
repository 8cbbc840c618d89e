"""Stage 3: printed lines → paragraphs, and tables continued across pages → one table.

With boxes (PDF text, OCR) a line runs on when it reaches the right margin and the next line is
not indented; without boxes (plain text, web pages) a line runs on when it stops mid-sentence.
Either way a paragraph also knows how it was set: centred (banner, title), right-aligned
(signature, date) or indented (body), which the header finder uses.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Literal

from normalizers import vocabulary as V
from normalizers.chinese import is_cjk
from normalizers.dates import is_date_line
from schemas import Line, SourceDocument, Table

Align = Literal["left", "center", "right", "indent"]

#: a line that starts a new unit of structure: outline numbers, annexes, table notes, colophon
MARKER = re.compile(
    rf"^(?:[{V.CN_DIGITS}]{{1,3}}、|[（(][{V.CN_DIGITS}]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]"
    r"|\d{1,2}[.．、](?=\d{4}年)"  # an annex list's item whose title starts with its year: `2.2018年第四季度…`
    rf"|{V.alternation(V.ANNEX_WORDS + V.COLOPHON_LABELS + V.TELEGRAM_LABELS)}|序号|注[:：])"
)
TERMINAL = tuple("。！？：；")


@dataclass
class Para:
    text: str
    page_no: int = 1
    align: Align | None = None
    red: bool = False
    confidence: float | None = None
    lines: list[Line] = field(default_factory=list)


Block = Para | Table


def _join(a: str, b: str) -> str:
    if a and b and (is_cjk(a[-1]) or is_cjk(b[0]) or not a[-1].isalnum() or not b[0].isalnum()):
        return a + b
    return f"{a} {b}"


@dataclass
class _Geometry:
    left: float
    right: float
    size: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def _geometry(lines: list[Line], page_width: float | None) -> _Geometry | None:
    boxed = [ln.bbox for ln in lines if ln.bbox is not None]
    if len(boxed) < 3:
        return None
    size = statistics.median(b.height for b in boxed)
    x0s = sorted(b.x0 for b in boxed)
    x1s = sorted(b.x1 for b in boxed)
    left = x0s[len(x0s) // 10]
    right = x1s[-1 - len(x1s) // 10]
    if page_width:
        # On a short page the text may never reach the margin: assume symmetric margins.
        right = max(right, page_width - left - size)
    return _Geometry(left, right, size)


def _align(ln: Line, g: _Geometry) -> Align:
    b = ln.bbox
    assert b is not None
    full = g.right - b.x1 < 1.5 * g.size
    indented = b.x0 - g.left > 1.2 * g.size
    if indented and not full and abs((b.x0 + b.x1) / 2 - g.centre) < 1.5 * g.size:
        return "center"
    # signatures and dates sit right, often a few characters in from the margin (GB/T 9704: 4)
    if indented and g.right - b.x1 < 6 * g.size and b.x0 - g.left > 0.45 * (g.right - g.left):
        return "right"
    return "indent" if indented else "left"


def _same_size(a: Line, b: Line) -> bool:
    """Lines set in different sizes (a title above the body) never belong to one paragraph."""
    if a.bbox is None or b.bbox is None or min(len(a.text), len(b.text)) < 6:
        return True  # OCR boxes of a word or two are too ragged to compare
    ha, hb = a.bbox.height, b.bbox.height
    # 1.33: a 二号 title over 三号 body is 1.375; OCR boxes of one size vary by up to ~1.3
    return max(ha, hb) <= 1.33 * min(ha, hb)


def _runs_on_boxed(cur: Line, cur_align: Align, nxt: Line, nxt_align: Align, g: _Geometry) -> bool:
    """A line that fills the measure runs on, unless the next one visibly starts something new."""
    assert cur.bbox is not None
    if cur_align in ("center", "right") or nxt_align in ("center", "right"):
        return False
    if cur.color == "red" or nxt.color == "red" or not _same_size(cur, nxt):
        return False
    if MARKER.match(nxt.text) or is_date_line(nxt.text) or ORG_ALONE.match(nxt.text):
        return False
    if TITLE_END.search(cur.text):  # `关于…的通报` set like body text: the title ends there
        return False
    if g.right - cur.bbox.x1 >= 1.5 * g.size:
        return False
    if nxt.page_no == cur.page_no and nxt.bbox and nxt.bbox.top - cur.bbox.bottom > 1.5 * g.size:
        return False  # white space between them: whatever was there (page chrome) is gone, not the break
    # an indented line after a full one is a new paragraph only if the full one ended a sentence
    return nxt_align == "left" or not cur.text.rstrip().endswith(TERMINAL)


#: a line that stands alone: an organisation (signature, banner) or an addressee line
STANDALONE = re.compile(
    rf"^{V.HAN_CHAR}{{2,30}}?{V.alternation(V.STANDALONE_ORG_SUFFIXES + V.BANNER_SUFFIXES)}$|^[^。]{{2,200}}[：:]$"
)
#: the last words of a circular's title
TITLE_END = re.compile(rf"{V.alternation(V.TITLE_CLOSERS)}$")
#: an office's name on a line of its own (a signature): never the end of the paragraph before it
ORG_ALONE = re.compile(rf"^{V.HAN_CHAR}{{2,30}}?{V.alternation(V.STANDALONE_ORG_SUFFIXES)}$")
PLAIN_RUN_ON = 50


#: an aggregator's headline (`文号《title》`): a line of its own
HEADLINE = re.compile(V.HEADLINE_PATTERN)


def _runs_on_plain(cur: str, nxt: str) -> bool:
    """Without geometry, only a long line stopping mid-sentence runs on (a page break in a paragraph);
    a title's end or a headline is the end of its line."""
    if len(cur) < PLAIN_RUN_ON or cur.endswith(TERMINAL) or MARKER.match(nxt) or is_date_line(nxt):
        return False
    if TITLE_END.search(cur) or HEADLINE.match(cur):
        return False
    return not (STANDALONE.match(nxt) or (MARKER.match(cur) and len(cur) < 80))


def paragraphs(src: SourceDocument) -> list[Block]:
    """All pages' lines joined into paragraphs, tables merged across page breaks, in reading order."""
    out: list[Block] = []
    open_line: Line | None = None  # last line of the current paragraph, if it may run on
    open_geo: _Geometry | None = None
    for page in src.pages:
        lines = [b for b in page.blocks if isinstance(b, Line)]
        geo = _geometry(lines, page.width)
        for b in page.blocks:
            if isinstance(b, Table):
                if out and isinstance(out[-1], Table) and _continues(out[-1], b):
                    out[-1] = _merge(out[-1], b)
                else:
                    out.append(b)
                open_line = None
                continue
            align: Align | None = _align(b, geo) if geo and b.bbox else None
            prev = out[-1] if out else None
            if isinstance(prev, Para) and open_line is not None:
                if geo and open_geo and b.bbox and open_line.bbox:
                    cur_align: Align = _align(open_line, open_geo)
                    runs = _runs_on_boxed(open_line, cur_align, b, align or "left", geo)
                else:
                    runs = _runs_on_plain(prev.text, b.text)
                if runs:
                    prev.text = _join(prev.text, b.text)
                    prev.lines.append(b)
                    if b.confidence is not None:
                        prev.confidence = min(
                            b.confidence, prev.confidence if prev.confidence is not None else 1.0
                        )
                    open_line = b
                    continue
            out.append(
                Para(
                    text=b.text,
                    page_no=b.page_no,
                    align=align,
                    red=b.color == "red",
                    confidence=b.confidence,
                    lines=[b],
                )
            )
            open_line, open_geo = b, geo
    return out


def _continues(prev: Table, nxt: Table) -> bool:
    """A table that starts a page continues the one that ended the last page if its columns match."""
    if nxt.page_no != prev.page_no + 1 or not prev.rows or not nxt.rows:
        return False
    return len(prev.rows[0]) == len(nxt.rows[0])


def _merge(prev: Table, nxt: Table) -> Table:
    rows = list(nxt.rows)
    if rows and [c.text for c in rows[0]] == [c.text for c in prev.rows[0]]:
        rows = rows[1:]  # the header row repeated on the new page
    return prev.model_copy(update={"rows": prev.rows + rows})
