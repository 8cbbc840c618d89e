"""Any supported file → `SourceDocument`. The one place that decides how a file is read.

PDF pages are read one by one: a page with a text layer goes through pdfplumber (or pypdfium2),
a page without one is OCR'd, so mixed PDFs come through whole.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path
from warnings import catch_warnings, simplefilter

import pypdfium2 as pdfium

from ocr.blank import all_blank
from ocr.readers.html import read_html
from ocr.readers.pdf_checks import check_inflation, is_empty
from ocr.readers.pdf_text import read_pdf_text
from ocr.readers.sniff import Family, sniff
from ocr.readers.text import EXPECTED_ENCODINGS, decode_text, text_pages
from schemas import Doubt, Page, SourceDocument, budget, doubts
from schemas.exceptions import BadInput, BudgetExceeded, UnsupportedFormat
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
    check_inflation(data)
    doc = _open_pdf(data, path.name)
    try:
        return _read_pdf_pages(path, doc, data, sha, ocr)
    except pdfium.PdfiumError as exc:  # a page tree that loops, a page that will not load
        raise BadInput(f"{path.name}: corrupt PDF ({exc})") from exc
    finally:
        doc.close()


def _read_pdf_pages(
    path: Path, doc: pdfium.PdfDocument, data: bytes, sha: str, ocr: str | None
) -> SourceDocument:
    total = len(doc)
    n = budget.current().pages(total)  # past the page budget the rest is not read
    text_pages = [i + 1 for i in range(n) if _has_text_layer(doc, i)]
    with_text = set(text_pages)
    blank = [i + 1 for i in range(n) if i + 1 not in with_text and is_empty(doc, i)]
    scan_pages = sorted(set(range(1, n + 1)) - set(text_pages) - set(blank))
    pages: list[Page] = [Page(page_no=no) for no in blank]
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

        scanned = read_scan(path, sha, engine=ocr, page_numbers=scan_pages, blank=blank)
        pages.extend(scanned)
        engine = next((p.engine for p in scanned if p.engine), None)
    pages.sort(key=lambda p: p.page_no)
    if len(blank) == n:
        raise BadInput(f"{path.name}: {all_blank(n, total)}")
    if n < total:
        found.insert(0, doubts.pages_over_budget(total, n))
    if blank:
        found.append(doubts.blank_pages_skipped(len(blank), sorted(blank)))
    if b"%%EOF" not in data[-_TAIL:]:
        found.append(doubts.pdf_truncated())
    media: MediaType = "pdf_scan" if len(scan_pages) > len(text_pages) else "pdf_text"
    return SourceDocument(
        source_path=str(path), sha256=sha, media_type=media, pages=pages, ocr_engine=engine, doubts=found
    )


def read(path: Path, ocr: str | None = None, data: bytes | None = None) -> SourceDocument:
    """Read one file. Raises `BadInput` (or its subclass `UnsupportedFormat`) for files we cannot take.

    The format comes from the bytes (`sniff`), the suffix only says which formats to expect; every
    reader works within the document's budget (`schemas.budget`).
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(f"{path.name}: unsupported file type {suffix or '(none)'}")
    if data is None:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device: `read` would never return
                raise BadInput(f"{path.name}: not a regular file (a FIFO, socket or device)")
            data = path.read_bytes()
        except OSError as exc:
            raise BadInput(f"{path.name}: cannot read file ({exc.strerror})") from exc
    if not data:
        raise BadInput(f"{path.name}: the file is empty")
    with budget.document():
        family, real, named = sniff(data, suffix, _family(suffix))
        doc = _read_as(family, path, data, sha256_bytes(data), ocr)
    if real != named and real and named:
        doc.doubts.insert(0, doubts.format_mismatch(real, named))
    return doc


def _family(suffix: str) -> Family:
    if suffix in WORD_SUFFIXES | SHEET_SUFFIXES | OFD_SUFFIXES:
        return "office"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "html" if suffix in HTML_SUFFIXES else "text"


def _read_as(family: Family, path: Path, data: bytes, sha: str, ocr: str | None) -> SourceDocument:
    if family == "pdf":
        return _read_pdf(path, data, sha, ocr)
    if family == "image":
        from ocr.readers.scan import read_image_file

        _check_image(data, path.name)
        return read_image_file(path, sha, engine=ocr)
    if family == "office":
        return _read_office(path, data, sha, path.suffix.lower())
    if family == "html":
        found: list[Doubt] = []
        pages, title = read_html(data, path.name, found)
        return SourceDocument(
            source_path=str(path),
            sha256=sha,
            media_type="html",
            pages=pages,
            title_hint=title,
            doubts=found,
        )
    text, encoding, found = decode_text(data, path.name)
    if encoding not in EXPECTED_ENCODINGS:
        found.insert(0, doubts.encoding_unexpected(_ENCODING_NAMES.get(encoding, encoding)))
    pages = text_pages(text, found)
    return SourceDocument(source_path=str(path), sha256=sha, media_type="text", pages=pages, doubts=found)


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
    engine is loaded (seconds) for them: the header gives the size, checked against the page's
    pixel budget; decoding the first frame of a page-sized image finds truncation (tens of
    milliseconds, against seconds of OCR per page)."""
    from PIL import Image, UnidentifiedImageError

    limit = budget.current().budget.page_megapixels * 1e6
    try:
        with catch_warnings():
            simplefilter("ignore", Image.DecompressionBombWarning)  # the budget is ours
            Image.MAX_IMAGE_PIXELS = None
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise UnsupportedFormat(f"{name}: not an image PIL can read") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadInput(f"{name}: cannot open image ({exc})") from exc
    with image:
        width, height = image.size
        if width * height > limit:
            raise BudgetExceeded(
                f"budget: {width}×{height} = {width * height / 1e6:,.0f} Mpx > {limit / 1e6:g} Mpx a page "
                "(a decompression bomb, or far larger than any scan)"
            )
        if width * height > _LOAD_CHECK_PIXELS:
            return  # truncation is found when the page is decoded; not twice for a huge one
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise BadInput(f"{name}: truncated or corrupt image ({exc})") from exc


#: images up to this size are decoded once up front to find truncation before the OCR engine loads
_LOAD_CHECK_PIXELS = 40_000_000
