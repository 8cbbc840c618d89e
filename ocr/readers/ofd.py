"""OFD (GB/T 33190), China's fixed-layout format: a zip of XML pages, read like a born-digital PDF.

OFD.xml names the document (DocBody/DocRoot → Document.xml), which lists its pages (Pages/Page
BaseLoc → Content.xml) and templates. A page's TextObjects place their characters (TextCode X/Y
from the object's Boundary, DeltaX the advances, in mm); PathObjects draw the table rules. Each
character becomes a `pdf_text.Char` with its box, and the rules become edges for pdfplumber's
table finder, so lines and tables are built exactly as for a PDF — the paragraph builder sees the
same geometry. Python's OFD libraries (easyofd, ofdparser, ofdkit) either pull in renderers or
give text without the rules and advances this needs, hence this small reader.

The XML is parsed with defusedxml (no DTDs, no entities, nothing fetched). A page file missing
from the archive is skipped with a doubt; a document with no readable page is `BadInput`.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pdfplumber.table import TableFinder

from ocr.readers.pdf_text import Char, assemble_page
from ocr.readers.zipped import open_zip, read_member
from schemas import Doubt, Page, doubts
from schemas.exceptions import BadInput

PT_PER_MM = 72 / 25.4
DEFAULT_BOX = (0.0, 0.0, 210.0, 297.0)
#: a rule is a segment this close to horizontal or vertical (mm)
STRAIGHT = 0.3
#: a character's ascent and em box, as fractions of its size (pdfplumber's boxes for CJK fonts)
ASCENT = 0.88
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: Element | None, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _child(el: Element | None, name: str) -> Element | None:
    found = _children(el, name)
    return found[0] if found else None


def _floats(text: str | None) -> list[float]:
    """Numbers of an attribute, with OFD's `g N v` (N times v) expanded."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 10_000)
            i += 3
            continue
        with contextlib.suppress(ValueError):
            out.append(float(tokens[i]))
        i += 1
    return out


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    v = _floats(text)
    return (v[0], v[1], v[2], v[3]) if len(v) >= 4 else None


def _matrix(text: str | None) -> Matrix:
    v = _floats(text)
    return (v[0], v[1], v[2], v[3], v[4], v[5]) if len(v) >= 6 else IDENTITY


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _red(el: Element) -> bool:
    fill = _child(el, "FillColor")
    rgb = _floats(fill.get("Value")) if fill is not None else []
    return len(rgb) >= 3 and rgb[0] > 150 and rgb[1] < 100 and rgb[2] < 100


@dataclass
class _Archive:
    archive: zipfile.ZipFile
    name: str

    def resolve(self, base: str, loc: str | None) -> str | None:
        """The member a `BaseLoc`/`DocRoot` names: relative to `base`'s folder, or absolute."""
        if not loc:
            return None
        loc = loc.strip().replace("\\", "/")
        path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
        path = posixpath.normpath(path)
        names = {n.lower(): n for n in self.archive.namelist()}
        for candidate in (path, loc.lstrip("/")):
            if candidate.lower() in names:
                return names[candidate.lower()]
        return None

    def xml(self, member: str) -> Element:
        try:
            return fromstring(read_member(self.archive, member, self.name), forbid_dtd=True)
        except (ParseError, DefusedXmlException) as exc:
            raise BadInput(f"{self.name}: {member} is not well-formed or safe XML ({exc})") from exc


class _PageReader:
    """The characters and rules of one page (its templates first), in points, origin top-left."""

    def __init__(self) -> None:
        self.chars: list[Char] = []
        self.edges: list[dict[str, Any]] = []

    def content(self, page: Element) -> None:
        """A page's or a template's `Content`, layer by layer."""
        for layer in _children(_child(page, "Content"), "Layer"):
            self.layer(layer)

    def layer(self, el: Element, depth: int = 0) -> None:
        for obj in el:
            kind = _local(obj.tag)
            if kind == "TextObject":
                self.text(obj)
            elif kind == "PathObject":
                self.path(obj)
            elif kind in ("Layer", "PageBlock") and depth < 20:
                self.layer(obj, depth + 1)

    def text(self, obj: Element) -> None:
        bx, by, _, _ = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
        m = _matrix(obj.get("CTM"))
        scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5 or 1.0
        size = float(obj.get("Size") or 3.5) * scale
        red = _red(obj)
        x = y = 0.0
        for code in _children(obj, "TextCode"):
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            deltas = _floats(code.get("DeltaX"))
            space = False
            for i, ch in enumerate(code.text or ""):
                advance = (
                    deltas[i] if i < len(deltas) else (size / scale if ord(ch) > 0x2E80 else size / scale / 2)
                )
                if ch.strip():
                    px, py = _apply(m, x, y)
                    qx, _ = _apply(m, x + advance, y)
                    left, right = sorted((bx + px, bx + qx))
                    base = by + py
                    self.chars.append(
                        Char(
                            ch,
                            left * PT_PER_MM,
                            (base - ASCENT * size) * PT_PER_MM,
                            right * PT_PER_MM,
                            (base + (1 - ASCENT) * size) * PT_PER_MM,
                            red=red,
                            space_before=space,
                        )
                    )
                space = not ch.strip()
                x += advance

    def path(self, obj: Element) -> None:
        bx, by, _, _ = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
        m = _matrix(obj.get("CTM"))
        data = _child(obj, "AbbreviatedData")
        tokens = (
            re.findall(r"[A-Za-z]|[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", data.text or "")
            if data is not None
            else []
        )
        start = cur = None
        i = 0
        while i < len(tokens):
            op = tokens[i]
            nums = []
            i += 1
            while i < len(tokens) and not tokens[i].isalpha():
                nums.append(float(tokens[i]))
                i += 1
            if op in ("M", "S") and len(nums) >= 2:
                start = cur = _apply(m, nums[0], nums[1])
            elif op == "L" and len(nums) >= 2 and cur is not None:
                nxt = _apply(m, nums[0], nums[1])
                self._segment(bx, by, cur, nxt)
                cur = nxt
            elif op == "C" and cur is not None and start is not None:
                self._segment(bx, by, cur, start)
                cur = start
            elif len(nums) >= 2:  # curves and arcs: only where they end matters here
                cur = _apply(m, nums[-2], nums[-1])

    def _segment(self, bx: float, by: float, a: tuple[float, float], b: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = a, b
        x0, x1, y0, y1 = (v * PT_PER_MM for v in (bx + x0, bx + x1, by + y0, by + y1))
        if abs(y1 - y0) <= STRAIGHT * PT_PER_MM and abs(x1 - x0) > 1:
            top, (left, right) = (y0 + y1) / 2, sorted((x0, x1))
            self.edges.append(_edge(left, top, right, top, "h"))
        elif abs(x1 - x0) <= STRAIGHT * PT_PER_MM and abs(y1 - y0) > 1:
            x, (top, bottom) = (x0 + x1) / 2, sorted((y0, y1))
            self.edges.append(_edge(x, top, x, bottom, "v"))


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _page(reader: _PageReader, page_no: int, box: tuple[float, float, float, float]) -> Page:
    width, height = box[2] * PT_PER_MM, box[3] * PT_PER_MM
    shim = SimpleNamespace(edges=reader.edges, bbox=(0.0, 0.0, width, height))
    found = TableFinder(shim, {}).tables if reader.edges else []  # type: ignore[arg-type]
    return assemble_page(found, reader.chars, page_no, width, height)


def read_ofd(data: bytes, name: str) -> tuple[list[Page], list[Doubt]]:
    """The pages of an OFD file, and doubts about pages that could not be read."""
    ar = _Archive(open_zip(data, name, ".ofd"), name)
    with ar.archive:
        entry = ar.resolve("", "OFD.xml")
        if entry is None:
            raise BadInput(f"{name}: not an OFD file (no OFD.xml in the archive)")
        root = ar.xml(entry)
        doc_root = _child(_child(root, "DocBody"), "DocRoot")
        doc_path = ar.resolve(entry, doc_root.text if doc_root is not None else None)
        if doc_path is None:
            raise BadInput(f"{name}: OFD.xml names no document (DocRoot) found in the archive")
        document = ar.xml(doc_path)
        common = _child(document, "CommonData")
        physical = _child(_child(common, "PageArea"), "PhysicalBox")
        default_box = _box(physical.text if physical is not None else None) or DEFAULT_BOX
        templates = {
            t.get("ID"): ar.resolve(doc_path, t.get("BaseLoc")) for t in _children(common, "TemplatePage")
        }
        pages: list[Page] = []
        found: list[Doubt] = []
        listed = _children(_child(document, "Pages"), "Page")
        for n, entry_el in enumerate(listed, 1):
            loc = entry_el.get("BaseLoc")
            path = ar.resolve(doc_path, loc)
            if path is None:
                found.append(doubts.ofd_page_missing(n, str(loc)))
                continue
            content = ar.xml(path)
            area = _child(_child(content, "Area"), "PhysicalBox")
            box = _box(area.text if area is not None else None) or default_box
            reader = _PageReader()
            for ref in _children(content, "Template"):
                tpath = templates.get(ref.get("TemplateID"))
                if tpath is not None:
                    reader.content(ar.xml(tpath))
            reader.content(content)
            pages.append(_page(reader, n, box))
    if not pages:
        raise BadInput(f"{name}: no page of the OFD document could be read")
    if not any(p.blocks for p in pages):
        raise BadInput(f"{name}: the OFD document has no text (scanned pages are not read)")
    return pages, found
