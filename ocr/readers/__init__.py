"""Any supported file → `SourceDocument`. The one place that decides how a file is read.

PDF pages are read one by one: a page with a text layer goes through pdfplumber (or pypdfium2),
a page without one is OCR'd, so mixed PDFs come through whole.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2 as pdfium

from ocr.readers.html import read_html
from ocr.readers.pdf_text import read_pdf_text
from ocr.readers.text import read_text
from schemas import Page, SourceDocument
from schemas.exceptions import BadInput, UnsupportedFormat
from schemas.intermediate import MediaType

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | PDF_SUFFIXES

#: a page with fewer characters than this in its text layer is treated as a scan
MIN_TEXT_CHARS = 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise BadInput(f"{name}: not a PDF (no %PDF header)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise BadInput(f"{name}: encrypted PDF (password required)") from exc
        raise BadInput(f"{name}: corrupt or truncated PDF ({exc})") from exc
    if len(doc) == 0:
        raise BadInput(f"{name}: PDF has no pages")
    return doc


def _has_text_layer(doc: pdfium.PdfDocument, index: int) -> bool:
    tp = doc[index].get_textpage()
    try:
        text = tp.get_text_range()
    finally:
        tp.close()
    return len("".join(text.split())) >= MIN_TEXT_CHARS


def _read_pdf(path: Path, data: bytes, sha: str, ocr: str | None) -> SourceDocument:
    doc = _open_pdf(data, path.name)
    try:
        n = len(doc)
        text_pages = [i + 1 for i in range(n) if _has_text_layer(doc, i)]
        scan_pages = [i for i in range(1, n + 1) if i not in text_pages]
        pages: list[Page] = []
        warnings: list[str] = []
        if text_pages:
            try:
                got, warnings = read_pdf_text(str(path), doc, text_pages)
            except BadInput:
                raise
            except Exception as exc:  # pdfminer's many parse errors: the file's fault, not ours
                raise BadInput(f"{path.name}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
            pages.extend(got)
        engine = None
        if scan_pages:
            from ocr.readers.scan import read_scan

            scanned = read_scan(path, sha, engine=ocr, page_numbers=scan_pages)
            pages.extend(scanned)
            engine = next((p.engine for p in scanned if p.engine), None)
    finally:
        doc.close()
    pages.sort(key=lambda p: p.page_no)
    media: MediaType = "pdf_scan" if len(scan_pages) > len(text_pages) else "pdf_text"
    return SourceDocument(source_path=str(path), sha256=sha, media_type=media, pages=pages,
                          ocr_engine=engine, warnings=warnings)


def read(path: Path, ocr: str | None = None, data: bytes | None = None) -> SourceDocument:
    """Read one file. Raises `BadInput` (or its subclass `UnsupportedFormat`) for files we cannot take."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(f"{path.name}: unsupported file type {suffix or '(none)'}")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadInput(f"{path.name}: cannot read file ({exc.strerror})") from exc
    if not data:
        raise BadInput(f"{path.name}: the file is empty")
    sha = sha256_bytes(data)
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data, sha, ocr)
    if suffix in IMAGE_SUFFIXES:
        from ocr.readers.scan import read_image_file

        return read_image_file(path, sha, engine=ocr)
    if suffix in HTML_SUFFIXES:
        pages, title = read_html(data, path.name)
        return SourceDocument(source_path=str(path), sha256=sha, media_type="html", pages=pages, title_hint=title)
    return SourceDocument(source_path=str(path), sha256=sha, media_type="text", pages=read_text(data, path.name))
