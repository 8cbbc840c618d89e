"""The closed vocabulary of doubts: each code with the stage that raises it, what it is about, the
sentence it renders to and its meaning for the data dictionary. Adding a kind of doubt is adding an
entry here and, in `schemas.doubts`, the constructor the stage calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: what a doubt is about: the whole document, one page, the header, an annex, or one annex row
About = Literal[
    "document", "page", "header", "annexes", "website_findings", "deductions", "sections", "stats"
]
Stage = Literal[
    "read", "normalize", "header", "sections", "annexes", "rows", "stats", "validate", "batch", "load"
]


@dataclass(frozen=True)
class Code:
    stage: Stage
    about: About
    template: str  # rendered with the doubt's fields: {annex_no} {table_no} {seq} {page_no} {field} {value} {expected} {detail}
    meaning: str  # for the data dictionary
    #: False for routine clean-up recorded for the trail (chrome off a web page, blank pages skipped):
    #: it does not put a document up for review
    review: bool = True


#: the closed vocabulary of doubts; the data dictionary lists it
CODES: dict[str, Code] = {
    # reading the file
    "encoding_unexpected": Code(
        "read", "document", "text decoded as {value}, not UTF-8 or GB18030", "the text's encoding was guessed"
    ),
    "bytes_replaced": Code(
        "read",
        "document",
        "{value} undecodable byte sequence(s) replaced by U+FFFD{detail}",
        "bytes that no encoding could read were replaced; the rest of the text was kept",
    ),
    "nul_removed": Code(
        "read",
        "document",
        "{value} NUL byte(s) removed from the text{detail}",
        "NUL bytes in a text or web page, removed; the rest of the text was kept",
    ),
    "encoding_mixed": Code(
        "read",
        "document",
        "{value} line(s) in {expected} among UTF-8{detail}",
        "a text in two encodings: each line decoded with the one it is in",
    ),
    "format_mismatch": Code(
        "read",
        "document",
        "a {value} file named as {expected}; read as {value}",
        "the file's bytes are another format than its name says; it was read as what it is",
    ),
    "frames_ignored": Code(
        "read",
        "document",
        "an animated {value}: only the first of its {expected} frames read",
        "an animation is no multi-page scan: its first frame is the image",
    ),
    "blank_pages_skipped": Code(
        "read",
        "document",
        "{value} blank page(s) skipped before OCR{detail}",
        "pages with no ink (or no content) were recognised cheaply and not OCR'd",
        review=False,
    ),
    "pdf_truncated": Code(
        "read",
        "document",
        "the PDF does not end with %%EOF: it may be truncated, with pages or text missing",
        "a PDF without its end marker",
    ),
    "pdf_text_fallback": Code(
        "read",
        "page",
        "page {page_no}: {detail}",
        "pdfplumber could not read a page's text layer and pypdfium2 read it instead",
    ),
    "ocr_low_confidence_page": Code(
        "read",
        "page",
        "page {page_no}: low OCR confidence {value}",
        "a scanned page read with low confidence",
    ),
    "ocr_no_text": Code("read", "document", "OCR found no text on any page", "an image with no text found"),
    "pages_over_budget": Code(
        "read",
        "document",
        "only the first {expected} of {value} pages were read",
        "the document had more pages than the page budget; the rest was not read",
    ),
    # canonical text
    "chrome_removed": Code(
        "normalize",
        "document",
        "{value} line(s) or widget(s) of page chrome removed{detail}",
        "whole lines of web-page furniture (menus, share bars, font buttons) removed before extraction",
        review=False,
    ),
    "noise_repaired": Code(
        "normalize",
        "document",
        "{value} place(s) of a copy's noise repaired ({field}){detail}",
        "noise a mirror or converter added, undone: mis-decoded bytes (mojibake), pinyin glosses, "
        "digits split by spaces",
    ),
    # the header
    "ocr_low_confidence_field": Code(
        "header",
        "header",
        "low OCR confidence ({value}) in the {field} on page {page_no}: {detail}",
        "a header part read with low OCR confidence",
    ),
    "issuer_inferred": Code(
        "header",
        "header",
        "issuer {value} inferred from the body ({detail}): the copy prints no title, banner or signature",
        "an issuer no header line names, inferred from how the body names its writer (我厅), the scope "
        "of its checks (全省) and the place it names most",
    ),
    # the outline
    "outline_number_restored": Code(
        "sections",
        "sections",
        "outline number {value} restored from the numbers around it{detail}",
        "a heading whose number a copy destroyed (`?、主要问题`), numbered from its neighbours",
    ),
    # annexes
    "annex_not_found": Code(
        "annexes",
        "annexes",
        "annex {annex_no} ({detail}) is listed but its table was not found",
        "an annex named in the 附件 list whose table is absent",
    ),
    "ofd_page_missing": Code(
        "read",
        "page",
        "OFD page {page_no} ({value}) is missing from the archive; read without it",
        "an OFD file whose page file is missing; the other pages were read",
    ),
    "rows_over_budget": Code(
        "read",
        "document",
        "sheet {value}: only the first {expected} rows were read",
        "a spreadsheet with more rows than the row budget; the rest was not read",
    ),
    "attachment_unmatched": Code(
        "annexes",
        "annexes",
        "attachment {value} matches no listed annex; read as annex {annex_no}",
        "an attachment file that matches no annex of the 附件 list",
    ),
    "attachment_unreadable": Code(
        "read",
        "document",
        "attachment {value} could not be read: {detail}",
        "an attachment file that is corrupt or unreadable; the circular was read without it",
    ),
    "attachment_duplicate": Code(
        "annexes",
        "annexes",
        "attachment {value} is annex {annex_no}, whose table was already read; not read again",
        "an attachment for an annex printed inline or attached twice (e.g. as .xls and .pdf)",
    ),
    # annex rows
    "ocr_low_confidence_row": Code(
        "rows",
        "website_findings",
        "low OCR confidence ({value}) in {about} annex {annex_no} table {table_no} seq {seq} (page {page_no})",
        "an annex row read with low OCR confidence",
    ),
    "site_code_malformed": Code(
        "rows",
        "website_findings",
        "website_findings annex {annex_no} seq {seq}: site code {value!r} is not 10 characters",
        "a 网站标识码 that is not 10 characters",
    ),
    "site_code_unplaced": Code(
        "rows",
        "website_findings",
        "website_findings annex {annex_no} seq {seq}: site_code {value} maps to no GB/T 2260 region",
        "a site code whose first 6 digits are no region of the document's year",
    ),
    "site_code_region_mismatch": Code(
        "rows",
        "website_findings",
        "website_findings annex {annex_no} seq {seq}: site_code {value} maps to {detail}, reported region {expected}",
        "a site code that maps outside the region printed beside it",
    ),
    "items_total_mismatch": Code(
        "rows",
        "deductions",
        "deductions annex {annex_no} table {table_no} seq {seq} ({detail}): items add up to {value}, total printed {expected}",
        "a deduction whose items do not add up to its printed total",
    ),
    "unit_unplaced": Code(
        "rows",
        "deductions",
        "{about} annex {annex_no} table {table_no} seq {seq}: {field} {value} could be {detail}; not placed",
        "a unit or reported region GB/T 2260 cannot place for certain: a name several divisions bear "
        "(朝阳区 nationwide), or a department or town whose government the circular does not name",
    ),
    "unit_unknown": Code(
        "rows",
        "deductions",
        "{about} annex {annex_no} table {table_no} seq {seq}: {field} {value} is named like a division, "
        "but GB/T 2260 of {expected} has none such{detail}; not placed",
        "a unit or reported region named like a division (…县, …旗, …州) that no revision of GB/T 2260 "
        "lists in the issuer's area (an informal short name such as 新右旗, or a misreading)",
    ),
    # copies of one circular (raised when loading, on the copy that is not the primary)
    "copies_disagree": Code(
        "load",
        "header",
        "copies of this circular disagree on {field}: {value} here, {expected} in {detail}",
        "two copies of one circular (e.g. a scan and its text) read a header field differently",
    ),
    "copy_row_disagrees": Code(
        "load",
        "deductions",
        "{about} annex {annex_no} table {table_no} seq {seq}: {field} {value} here, {expected} in {detail}",
        "a row this copy read differently from the primary copy (a scan that read 92 where the text says 97)",
    ),
    "copy_rows_differ": Code(
        "load",
        "annexes",
        "annex {annex_no}: {value} row(s) read here, {expected} in {detail}",
        "an annex from which this copy read more or fewer rows than the primary copy",
    ),
    "copy_figures_differ": Code(
        "load",
        "stats",
        "figures for {field}: {value} here, {expected} in {detail}",
        "a body figure (stats) this copy read differently from the primary copy, or not at all",
    ),
}

#: doubts kept for the trail only: they do not call for review (`document_quality.needs_review`)
NOTE_CODES = frozenset(code for code, spec in CODES.items() if not spec.review)
