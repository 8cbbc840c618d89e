"""Any supported file → `SourceDocument`. The one place that decides how a file is read.

PDF pages are read one by one: a page with a text layer goes through pdfplumber (or pypdfium2),
a page without one is OCR'd, so mixed PDFs come through whole.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from warnings import catch_warnings, simplefilter

import pypdfium2 as pdfium

from ocr.readers.html import read_html
from ocr.readers.pdf_text import read_pdf_text
from ocr.readers.text import EXPECTED_ENCODINGS, decode_as, text_pages
from schemas import Doubt, Page, SourceDocument, doubts
from schemas.exceptions import BadInput, UnsupportedFormat
from schemas.intermediate import MediaType

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
PDF_SUFFIXES = {".pdf"}
WORD_SUFFIXES = {".docx", ".doc", ".wps"}
SHEET_SUFFIXES = {".xlsx", ".xls", ".ods", ".et"}
OFD_SUFFIXES = {".ofd"}
SUPPORTED = (
    TEXT_SUFFIXES
    | HTML_SUFFIXES
    | IMAGE_SUFFIXES
    | PDF_SUFFIXES
    | WORD_SUFFIXES
    | SHEET_SUFFIXES
    | OFD_SUFFIXES
)

#: a page with fewer characters than this in its text layer is treated as a scan
MIN_TEXT_CHARS = 20
#: a complete PDF ends with %%EOF within this many bytes (some writers append a little after it)
_TAIL = 2048


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise BadInput(f"{name}: not a PDF (no %PDF header)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise BadInput(f"{name}: {_why_pdfium_refused(data)}") from exc
    if len(doc) == 0:
        doc.close()
        raise BadInput(f"{name}: PDF has no pages")
    return doc


def _why_pdfium_refused(data: bytes) -> str:
    """Why a PDF does not open, asked of pdfminer: PDFium's error code is process state that it
    does not reset when it refuses a PDF with no pages, so it can name the previous file's error."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    truncated = b"%%EOF" not in data[-_TAIL:]
    try:
        pages = sum(1 for _ in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))))
    except PDFEncryptionError:
        return "encrypted PDF (password required)"
    except Exception as exc:  # pdfminer's many parse errors
        return f"{'truncated' if truncated else 'corrupt'} PDF ({type(exc).__name__}: {exc})".replace(
            "\n", " "
        )
    if pages == 0:
        return "PDF has no pages"
    return f"{'truncated' if truncated else 'corrupt'} PDF (PDFium cannot open it)"


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
        found: list[Doubt] = []
        if text_pages:
            try:
                got, found = read_pdf_text(str(path), doc, text_pages)
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
    if b"%%EOF" not in data[-_TAIL:]:
        found.append(doubts.pdf_truncated())
    media: MediaType = "pdf_scan" if len(scan_pages) > len(text_pages) else "pdf_text"
    return SourceDocument(
        source_path=str(path), sha256=sha, media_type=media, pages=pages, ocr_engine=engine, doubts=found
    )


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

        _check_image(data, path.name)
        return read_image_file(path, sha, engine=ocr)
    if suffix in WORD_SUFFIXES | SHEET_SUFFIXES | OFD_SUFFIXES:
        return _read_office(path, data, sha, suffix)
    if suffix in HTML_SUFFIXES:
        pages, title = read_html(data, path.name)
        return SourceDocument(
            source_path=str(path), sha256=sha, media_type="html", pages=pages, title_hint=title
        )
    text, encoding = decode_as(data, path.name)
    found = (
        []
        if encoding in EXPECTED_ENCODINGS
        else [doubts.encoding_unexpected(_ENCODING_NAMES.get(encoding, encoding))]
    )
    return SourceDocument(
        source_path=str(path), sha256=sha, media_type="text", pages=text_pages(text), doubts=found
    )


def _read_office(path: Path, data: bytes, sha: str, suffix: str) -> SourceDocument:
    """Word, spreadsheets (LibreOffice first for the binary WPS formats) and OFD."""
    from ocr.readers import docx, ofd, office, sheets

    found: list[Doubt] = []
    if suffix in office.CONVERSIONS and data[:4] == b"PK\x03\x04":  # a .docx or .xlsx named the old way
        suffix = "." + office.CONVERSIONS[suffix][0]
    if suffix in office.CONVERSIONS:
        data = office.convert(data, path.name, suffix)
        suffix = "." + office.CONVERSIONS[suffix][0]
    if suffix in OFD_SUFFIXES:
        pages, found = ofd.read_ofd(data, path.name)
        media: MediaType = "ofd"
    elif suffix in SHEET_SUFFIXES:
        pages, found = sheets.read_sheets(data, path.name, suffix)
        media = "spreadsheet"
    else:
        pages, media = docx.read_docx(data, path.name), "word"
    return SourceDocument(source_path=str(path), sha256=sha, media_type=media, pages=pages, doubts=found)


_ENCODING_NAMES = {"big5": "Big5", "utf-16-le": "UTF-16 (little-endian)", "utf-16-be": "UTF-16 (big-endian)"}


def _check_image(data: bytes, name: str) -> None:
    """Refuse images that are not images, decompression bombs and truncated files before the OCR
    engine is loaded (seconds) for them: the header gives the size, decoding the first frame
    finds truncation (tens of milliseconds, against seconds of OCR per page)."""
    from PIL import Image, UnidentifiedImageError

    from ocr.readers.raster import MAX_PIXELS

    try:
        with catch_warnings():
            simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_PIXELS is ours
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise UnsupportedFormat(f"{name}: not an image PIL can read") from exc
    except Image.DecompressionBombError as exc:
        raise BadInput(f"{name}: image too large to decode safely, a possible decompression bomb") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadInput(f"{name}: cannot open image ({exc})") from exc
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise BadInput(
                f"{name}: {width}×{height} pixels is too large to decode safely "
                f"(more than {MAX_PIXELS:,}), a possible decompression bomb"
            )
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise BadInput(f"{name}: truncated or corrupt image ({exc})") from exc
