"""Stage 3: printed lines → paragraphs, and tables continued across pages → one table.

With boxes (PDF text, OCR) a line runs on when it reaches the right margin and the next line is
not indented; without boxes (plain text, web pages) a line runs on when it stops mid-sentence.
Either way a paragraph also knows how it was set: centred (banner, title), right-aligned
(signature, date) or indented (body), which the header finder uses.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from normalizers import vocabulary as V
from normalizers.chinese import canonical, is_cjk, to_simplified
from normalizers.dates import is_date_line
from normalizers.docnumber import find_docnumber
from normalizers.layout_settings import LAYOUT
from schemas import Line, SourceDocument, Table

Align = Literal["left", "center", "right", "indent"]

#: outline numbers: `一、`, `（一）`, `1.`, `（1）`
OUTLINE = re.compile(
    rf"^(?:[{V.CN_DIGITS}]{{1,3}}、|[（(][{V.CN_DIGITS}]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]"
    r"|\d{1,2}[.．、](?=\d{4}年))"  # an annex list's item whose title starts with its year: `2.2018年第四季度…`
)
#: a line that starts a new unit of structure: outline numbers, annexes, table notes, colophon
MARKER = re.compile(
    OUTLINE.pattern
    + rf"|^(?:{V.ANNEX_WORD}(?:\s*\d{{1,2}})?(?=\s*[：:]|\s*$|\s*[（(]略|\s+\S)"  # not `附件所列…`, `附件2。` run on
    r"|序号|注[:：]|抄送|主送|印发(?:机关|日期)?[:：]|发电单位|签批盖章|等\s*级|签发人)"
    # an outline number a copy destroyed (`?、`, `（?）`): still the start of a heading
     + rf"|^{V.DESTROYED_CHAR}{{1,2}}[、．.]|^[（(]{V.DESTROYED_CHAR}{{1,2}}[）)]"
)
TERMINAL = (*"。！？：；", "…")  # `……`: a summary cut short ends there


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
    """Two printed lines as one text. Canonical text was made line by line, and some of it depends
    on what comes next (`31%,` before a Chinese word is `31%，`; `国办发` + `(2017) 47号` is a
    document number; OpenCC reads `答` + `覆` as one word): the seam is made canonical again with
    what lies on both sides of it."""
    if (
        a
        and b
        and (is_cjk(a[-1]) or is_cjk(b[0]) or not a[-1].isalnum() or not b[0].isalnum() or _digits(a, b))
    ):
        return a[:-SEAM] + canonical(to_simplified(a[-SEAM:] + b))
    return f"{a} {b}"


def _digits(a: str, b: str) -> bool:
    """A number broken across lines (full-width digits break like ideographs): one number."""
    return a[-1].isdigit() and b[0].isdigit()


SEAM = LAYOUT.paragraph_seam


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


PAGE_LINES = LAYOUT.page_lines
DOC_LINES = LAYOUT.doc_lines


def _frames(src: SourceDocument) -> list[_Geometry | None]:
    """Each page's text frame: its own where it has the lines to show it, else the document's (the
    margins of one document are one; per page, a short page would misplace them and call an
    indented line centred)."""
    pages = [[b for b in p.blocks if isinstance(b, Line)] for p in src.pages]
    every = [ln for lines in pages for ln in lines]
    width = src.pages[0].width if src.pages else None
    doc = _geometry(every, width if len(every) < DOC_LINES else None)
    frames: list[_Geometry | None] = []
    for page, lines in zip(src.pages, pages, strict=True):
        own = _geometry(lines, None) if len(lines) >= PAGE_LINES else None
        if own is None or doc is None or page.width != width:
            frames.append(own or (doc if page.width == width else _geometry(lines, page.width)))
        else:
            frames.append(_Geometry(own.left, max(own.right, doc.right), own.size))
    return frames


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


#: what a typesetter cannot break: a Latin word or figure with the stops after it, or one character
#: with the closing marks that may not start a line; opening marks go with what follows them
_UNBREAKABLE = re.compile(
    r"[（《“‘〔【(\[<]*(?:[A-Za-z0-9][A-Za-z0-9.%/:_@\-<>=?&#]*|\S)[，。、；：？！）》”’〕】,.;:!?)\]%>]{0,3}"
)


NARROW = LAYOUT.narrow_glyph


def _cells(text: str) -> float:
    """Width in ideographs: a Latin letter, digit or half-width mark is about half of one (marks of
    ambiguous width, “ ” … —, are set full width in Chinese)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else NARROW for ch in text)


def _next_did_not_fit(cur: Line, nxt: Line, g: _Geometry) -> bool:
    """Was `cur` broken short only because what `nxt` starts with did not fit after it? (ragged-right
    setting, a long web address, a figure kept with its `%。`)"""
    assert cur.bbox is not None
    unit = _UNBREAKABLE.match(nxt.text.lstrip())
    if unit is None:
        return False
    cells = _cells(cur.text)
    em = (cur.bbox.x1 - cur.bbox.x0) / cells if cells >= 8 else g.size
    return g.right - cur.bbox.x1 < (_cells(unit.group(0)) + 0.5) * em


def _one_size(a: Line, b: Line) -> bool:
    """Lines of one size, give or take what boxes vary by (pdfium's boxes follow the glyphs: digits
    and Latin letters make a line of the same face a little lower)."""
    assert a.bbox is not None and b.bbox is not None
    return max(a.bbox.height, b.bbox.height) <= 1.25 * min(a.bbox.height, b.bbox.height)


#: a centred line that is no title's next line: a subtitle in brackets, a table's caption
SUBTITLE = re.compile(r"^[（(][^（）()]{1,16}[）)]$|^表\s*\d")


def _title_line(ln: Line, align: Align, g: _Geometry) -> bool:
    """Centred, or a title's line (nearly) filling the measure: set larger than the body, its middle on
    the page's."""
    assert ln.bbox is not None
    if align == "center":
        return True
    return (
        ln.bbox.height > 1.1 * g.size
        and abs((ln.bbox.x0 + ln.bbox.x1) / 2 - g.centre) < 1.5 * g.size
        and "。" not in ln.text
    )


def _title_goes_on(cur: Line, cur_align: Align, nxt: Line, nxt_align: Align, g: _Geometry) -> bool:
    """A centred title (or an annex's) wrapped onto a second line, or a third: the lines share a size
    and their spacing, and the first has not ended the title."""
    assert cur.bbox is not None and nxt.bbox is not None
    if not (_title_line(cur, cur_align, g) and _title_line(nxt, nxt_align, g)) or nxt.page_no != cur.page_no:
        return False
    if cur.color != nxt.color or not _one_size(cur, nxt) or nxt.bbox.top - cur.bbox.bottom > cur.bbox.height:
        return False
    if TITLE_END.search(cur.text) or MARKER.match(cur.text) or is_date_line(cur.text):
        return False
    text = nxt.text.strip()
    return not (MARKER.match(text) or is_date_line(text) or SUBTITLE.match(text) or _alone_docnumber(text))


def _opens_paragraph(cur: Line, nxt: Line, nxt_align: Align, g: _Geometry) -> bool:
    """A paragraph's first line set ragged-right can look centred: indented by a character or
    three, a little short of the margin, at the body's size, with the next line at the margin."""
    assert cur.bbox is not None
    return (
        nxt_align == "left"
        and 1.2 * g.size < cur.bbox.x0 - g.left < 3.5 * g.size
        and g.right - cur.bbox.x1 < 4 * g.size
        and cur.bbox.height < 1.15 * g.size
        and _same_size(cur, nxt)
    )


def _hangs_on(cur: Line, cur_align: Align, nxt: Line, g: _Geometry) -> bool:
    """A full line that stopped mid-sentence goes on, even where its rest happens to sit near the
    middle (a `附件：1.…` item wrapped under its title, a short rest of a title set at body size)."""
    assert cur.bbox is not None
    return (
        cur_align in ("left", "indent")
        and g.right - cur.bbox.x1 < 1.5 * g.size
        and not cur.text.rstrip().endswith(TERMINAL)
        and not TITLE_END.search(cur.text)
        and cur.color == nxt.color
        and _same_size(cur, nxt)
        and nxt.bbox is not None
        # the body's leading, as between its lines (or the page turned in between)
        and (nxt.page_no != cur.page_no or nxt.bbox.top - cur.bbox.bottom <= 1.5 * g.size)
        and not (MARKER.match(nxt.text) or is_date_line(nxt.text) or SUBTITLE.match(nxt.text.strip()))
    )


def _alone_docnumber(text: str) -> bool:
    found = find_docnumber(text)
    return found is not None and len(re.sub(r"\s", "", text)) <= len(found.text) + 1


def _wrapped_onto_number(cur: Line, nxt: Line, nxt_align: Align, g: _Geometry) -> bool:
    """`一、二季度…` at the margin under a full line that stopped mid-sentence: the sentence going on,
    not a heading (headings and items start on a line of their own, after a sentence ended)."""
    assert cur.bbox is not None
    return (
        bool(OUTLINE.match(nxt.text))
        and nxt.bbox is not None
        and nxt.bbox.x0 - g.left < 0.5 * g.size  # at the margin itself, not a space or two in
        and g.right - cur.bbox.x1 < 1.5 * g.size
        and not cur.text.rstrip().endswith(TERMINAL)
    )


def _runs_on_boxed(cur: Line, cur_align: Align, nxt: Line, nxt_align: Align, g: _Geometry) -> bool:
    """A line that fills the measure runs on, unless the next one visibly starts something new."""
    assert cur.bbox is not None
    if nxt_align == "center" or (cur_align == "center" and not _opens_paragraph(cur, nxt, nxt_align, g)):
        return _title_goes_on(cur, cur_align, nxt, nxt_align, g) or _hangs_on(cur, cur_align, nxt, g)
    if cur_align == "right" or nxt_align == "right":
        return False
    assert nxt.bbox is not None
    if nxt.page_no == cur.page_no and nxt.bbox.top < cur.bbox.bottom - 0.5 * cur.bbox.height:
        return False  # side by side on one printed line: two fields (签发人 and 文号), not a wrap
    if cur.color == "red" or nxt.color == "red" or not _same_size(cur, nxt):
        return False
    if is_date_line(nxt.text) or ORG_ALONE.match(nxt.text):
        return False
    if MARKER.match(nxt.text) and not _wrapped_onto_number(cur, nxt, nxt_align, g):
        return False
    if TITLE_END.search(cur.text):  # `关于…的通报` set like body text: the title ends there
        return False
    if g.right - cur.bbox.x1 >= 1.5 * g.size and not _next_did_not_fit(cur, nxt, g):
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
PLAIN_RUN_ON = LAYOUT.plain_run_on


#: a site's name after a page's title (`…的通报 - 原创力文档`, `…的通报_百度文库`)
PAGE_TITLE_SUFFIX = re.compile(r"\s*[-_|｜－—]\s*[^\s_|｜－—-]{2,12}$")
#: an aggregator's headline (`文号《title》`): a line of its own
HEADLINE = re.compile(V.HEADLINE_PATTERN)


def _runs_on_plain(cur: str, nxt: str) -> bool:
    """Without geometry, only a long line stopping mid-sentence runs on (a page break in a paragraph);
    a title's end or a headline is the end of its line."""
    if len(cur) < PLAIN_RUN_ON or cur.endswith(TERMINAL) or MARKER.match(nxt) or is_date_line(nxt):
        return False
    if TITLE_END.search(cur) or HEADLINE.match(cur) or TITLE_END.search(PAGE_TITLE_SUFFIX.sub("", cur)):
        return False  # `…的通报 - 原创力文档`: a page's title, the site's name after it
    if TITLE_END.search(nxt) and "关于" in nxt and "。" not in nxt:
        return False  # a whole title on the next line (a page printing the text again after a summary)
    return not (STANDALONE.match(nxt) or (MARKER.match(cur) and len(cur) < 80))


def paragraphs(src: SourceDocument) -> list[Block]:
    """All pages' lines joined into paragraphs, tables merged across page breaks, in reading order."""
    out: list[Block] = []
    open_line: Line | None = None  # last line of the current paragraph, if it may run on
    open_geo: _Geometry | None = None
    for page, geo in zip(src.pages, _frames(src), strict=True):
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
