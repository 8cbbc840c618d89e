"""Word documents (`.docx`, and `.doc`/`.wps` once LibreOffice has converted them): the body in order.

A Word paragraph is already a paragraph, so each becomes one Line without a box, as a web page's
`<p>` does (a soft line break, `Shift+Enter` in a two-line title, starts a new Line); the
paragraph builder then treats them as it treats text. Outline numbers an office typed with a
numbered style are put back before the text (`ocr.readers.numbering`). Tables become cells: a cell
merged down a column is repeated in every row it covers (a region printed once beside its sites),
one merged across columns fills the first and leaves the rest empty, as the HTML reader does.
Headers and footers live in their own parts and are never read, so a running head is never a title.
An explicit page break starts a new page, the only pages Word's file knows.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ocr.readers.numbering import Numbering
from ocr.readers.zipped import open_zip
from schemas import Cell, Line, Page, Table
from schemas.exceptions import BadInput

_P, _TBL, _SDT, _R, _T = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:r"), qn("w:t")
#: run colours that print as the red of a 红头 banner
_RED = ("FF0000", "E60012", "C00000", "FF0101", "DA0C12")


class _Reader:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        part = doc.part
        numbering_part = None
        with contextlib.suppress(KeyError, NotImplementedError):
            numbering_part = part.numbering_part
        self.numbering = Numbering.of(numbering_part.element if numbering_part is not None else None)
        self.styles = {s.get(qn("w:styleId")): s for s in part.styles.element.findall(qn("w:style"))}
        self.pages: list[Page] = [Page(page_no=1)]

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        if self.page.blocks:
            self.pages.append(Page(page_no=len(self.pages) + 1))

    def walk(self, parent: Any) -> None:
        for el in parent.iterchildren():
            if el.tag == _P:
                self.paragraph(el)
            elif el.tag == _TBL:
                self.page.blocks.append(
                    Table(rows=table_rows(el, self.page.page_no), page_no=self.page.page_no)
                )
            elif el.tag == _SDT:  # a content control around body parts
                content = el.find(qn("w:sdtContent"))
                if content is not None:
                    self.walk(content)

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        """The list and level of a paragraph: its own, or its style's (a numbered heading style)."""
        ppr = p.find(qn("w:pPr"))
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        style_id = None
        if ppr is not None and (ps := ppr.find(qn("w:pStyle"))) is not None:
            style_id = ps.get(qn("w:val"))
        seen = 0
        while num is None and style_id in self.styles and seen < 10:
            style = self.styles[style_id]
            sppr = style.find(qn("w:pPr"))
            num = sppr.find(qn("w:numPr")) if sppr is not None else None
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
            seen += 1
        if num is None:
            return None
        num_id = num.find(qn("w:numId"))
        ilvl = num.find(qn("w:ilvl"))
        if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
            return None
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0

    def paragraph(self, p: Any) -> None:
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
            self.new_page()
        pieces: list[tuple[str, bool]] = []  # text, red
        for node in p.iter(_T, qn("w:tab"), qn("w:br"), qn("w:cr")):
            if _in_other_story(node, p):
                continue
            red = _is_red(node)
            if node.tag == _T:
                pieces.append((node.text or "", red))
            elif node.tag == qn("w:tab"):
                pieces.append(("\t", red))
            elif node.get(qn("w:type")) == "page":
                self._flush(pieces)
                pieces = []
                self.new_page()
            else:
                pieces.append(("\n", red))
        num = self._num_pr(p)
        if num is not None and "".join(t for t, _ in pieces).strip():
            pieces.insert(0, (self.numbering.label(*num), False))
        self._flush(pieces)

    def _flush(self, pieces: list[tuple[str, bool]]) -> None:
        text = "".join(t for t, _ in pieces)
        red = sum(len(t) for t, r in pieces if r)
        for part in text.split("\n"):
            if part.strip():
                color = "red" if red > len(text.strip()) / 2 else None
                self.page.blocks.append(Line(text=part.strip(), page_no=self.page.page_no, color=color))


def _in_other_story(node: Any, p: Any) -> bool:
    """Text inside a text box, a footnote reference or a deleted revision is not the paragraph's."""
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (qn("w:txbxContent"), qn("w:del"), qn("w:drawing"), qn("w:pict")):
            return True
        parent = parent.getparent()
    return False


def _is_red(node: Any) -> bool:
    run = node.getparent()
    rpr = run.find(qn("w:rPr")) if run is not None and run.tag == _R else None
    color = rpr.find(qn("w:color")) if rpr is not None else None
    return color is not None and (color.get(qn("w:val")) or "").upper() in _RED


def _cell_text(tc: Any) -> str:
    lines = []
    for p in tc.iter(_P):
        text = "".join(t.text or "" for t in p.iter(_T))
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


def table_rows(tbl: Any, page_no: int) -> list[list[Cell]]:
    """The table's grid, merged cells resolved (see the module's docstring)."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # column → text of the cell that a vertical merge continues
    for tr in tbl.findall(qn("w:tr")):
        row: list[str] = []
        before = tr.find(qn("w:trPr"))
        skip = before.find(qn("w:gridBefore")) if before is not None else None
        if skip is not None:
            row += [""] * int(skip.get(qn("w:val"), "0"))
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            across = max(1, min(int(span.get(qn("w:val"), "1")), 64)) if span is not None else 1
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            col = len(row)
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue":
                text = above.get(col, "")
            else:
                text = _cell_text(tc)
            above[col] = text
            row += [text] + [""] * (across - 1)
        if any(row):
            rows.append(row)
    return [[Cell(text=t, page_no=page_no) for t in r] for r in rows]


def read_docx(data: bytes, name: str) -> list[Page]:
    """The pages of a .docx; raises `BadInput` for a broken or encrypted file."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise BadInput(f"{name}: encrypted (password-protected) or old binary Word file, not a .docx")
    archive = open_zip(data, name, ".docx")
    archive.close()
    try:
        doc = Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise BadInput(f"{name}: not a Word document (no document part)") from exc
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise BadInput(f"{name}: corrupt Word document ({type(exc).__name__}: {exc})") from exc
    reader = _Reader(doc)
    reader.walk(doc.element.body)
    pages = [p for p in reader.pages if p.blocks]  # only the last can be empty
    if not pages:
        raise BadInput(f"{name}: the Word document has no text")
    return pages
