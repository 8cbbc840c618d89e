"""Doubts as data: what the pipeline doubted about a document, as a code and what it is about.

A doubt is never a sentence to be parsed back: it carries a code from the closed vocabulary
`CODES`, the stage that raised it, and the row or page it is about (annex, table, seq, page,
field, value, expected). The sentence an analyst reads is rendered from the code's template at the
edge (`Doubt.message`), so views join on columns and tests compare codes.

Every doubt is made by one of the small constructors below (or `doubt(code, …)` for a new one):
adding a kind of doubt is adding a line to `CODES`, with the stage that raises it and its template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
        "deductions annex {annex_no} table {table_no} seq {seq}: unit {value} could be {detail}; not placed",
        "a unit name that GB/T 2260 cannot place unambiguously",
    ),
    # copies of one circular
    "copies_disagree": Code(
        "load",
        "document",
        "copies of this circular disagree on {field}: {value} here, {expected} in {detail}",
        "two copies of one circular (e.g. a scan and its text) read a field differently",
    ),
}


class Doubt(BaseModel):
    """One thing the pipeline doubted, with what it is about; `message` renders it for a person."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(
        description="what was doubted, from the closed vocabulary (see the doubts table's dictionary)"
    )
    stage: Stage = Field(description="the stage that raised it")
    about: About = Field(description="document, page, header, annexes, or the table of the row it is about")
    annex_no: int | None = Field(None, description="annex the doubt is about")
    table_no: int | None = Field(None, description="table within the annex")
    seq: int | None = Field(None, description="序号 of the row")
    page_no: int | None = Field(None, description="page the doubt is about")
    field: str | None = Field(None, description="the field or part in doubt")
    value: str | None = Field(None, description="the value read")
    expected: str | None = Field(None, description="what it was checked against")
    detail: str | None = Field(None, description="anything else the message names")
    message: str = Field(description="the doubt as a sentence, rendered from the code's template")

    @classmethod
    def render(cls, fields: dict[str, Any]) -> str:
        return CODES[fields["code"]].template.format(
            **{**dict.fromkeys(_FIELDS), **fields, "detail": fields.get("detail") or ""}
        )


def doubt(code: str, about: About | None = None, **fields: object) -> Doubt:
    """A doubt of a known code; its stage and (unless given) what it is about come from `CODES`."""
    spec = CODES[code]  # KeyError: a code outside the vocabulary is our bug
    text = {k: (str(v) if k in _TEXT_FIELDS and v is not None else v) for k, v in fields.items()}
    values = {"code": code, "stage": spec.stage, "about": about or spec.about, **text}
    return Doubt(**values, message=Doubt.render(values))


_TEXT_FIELDS = {"field", "value", "expected", "detail"}
_FIELDS = ("annex_no", "table_no", "seq", "page_no", "field", "value", "expected", "detail")


# The constructors the stages call -------------------------------------------------------------


def encoding_unexpected(name: str) -> Doubt:
    return doubt("encoding_unexpected", value=name)


def bytes_replaced(count: int, where: str = "") -> Doubt:
    return doubt("bytes_replaced", value=count, detail=f" ({where})" if where else None)


def nul_removed(count: int, where: str = "") -> Doubt:
    return doubt("nul_removed", value=count, detail=f" ({where})" if where else None)


def encoding_mixed(count: int, encoding: str, where: str = "") -> Doubt:
    return doubt("encoding_mixed", value=count, expected=encoding, detail=f" ({where})" if where else None)


def format_mismatch(real: str, named: str) -> Doubt:
    return doubt("format_mismatch", value=real, expected=named)


def frames_ignored(fmt: str, frames: int) -> Doubt:
    return doubt("frames_ignored", value=fmt, expected=frames)


def blank_pages_skipped(count: int, pages: list[int]) -> Doubt:
    shown = ", ".join(map(str, pages[:10])) + (", …" if len(pages) > 10 else "")
    return doubt("blank_pages_skipped", value=count, detail=f": page {shown}" if pages else None)


def pdf_truncated() -> Doubt:
    return doubt("pdf_truncated")


def pdf_text_fallback(page_no: int, detail: str) -> Doubt:
    return doubt("pdf_text_fallback", page_no=page_no, detail=detail)


def ocr_low_confidence_page(page_no: int, confidence: float) -> Doubt:
    return doubt("ocr_low_confidence_page", page_no=page_no, value=f"{confidence:.2f}")


def ocr_no_text() -> Doubt:
    return doubt("ocr_no_text")


def pages_over_budget(pages: int, read: int) -> Doubt:
    return doubt("pages_over_budget", value=pages, expected=read)


def chrome_removed(lines: int, sample: str = "") -> Doubt:
    return doubt("chrome_removed", value=lines, detail=f": {sample}" if sample else None)


def noise_repaired(kind: str, count: int, sample: str = "") -> Doubt:
    return doubt("noise_repaired", field=kind, value=count, detail=f": {sample}" if sample else None)


def ocr_low_confidence_field(part: str, confidence: float, page_no: int | None, text: str) -> Doubt:
    return doubt(
        "ocr_low_confidence_field", field=part, value=f"{confidence:.2f}", page_no=page_no, detail=text[:40]
    )


def issuer_inferred(issuer: str, evidence: str) -> Doubt:
    return doubt("issuer_inferred", field="issuer", value=issuer, detail=evidence)


def outline_number_restored(number: str, line: str = "") -> Doubt:
    return doubt(
        "outline_number_restored", field="number", value=number, detail=f": {line}" if line else None
    )


def annex_not_found(annex_no: int, title: str | None) -> Doubt:
    return doubt("annex_not_found", annex_no=annex_no, detail=title or "")


def ofd_page_missing(page_no: int, location: str) -> Doubt:
    return doubt("ofd_page_missing", page_no=page_no, value=location)


def rows_over_budget(sheet: str, rows: int) -> Doubt:
    return doubt("rows_over_budget", value=repr(sheet), expected=f"{rows:,}")


def attachment_unmatched(name: str, annex_no: int) -> Doubt:
    return doubt("attachment_unmatched", annex_no=annex_no, value=name)


def attachment_unreadable(name: str, reason: str) -> Doubt:
    return doubt("attachment_unreadable", value=name, detail=reason)


def attachment_duplicate(name: str, annex_no: int) -> Doubt:
    return doubt("attachment_duplicate", annex_no=annex_no, value=name)


def ocr_low_confidence_row(
    about: About, annex_no: int, table_no: int, seq: int, page_no: int | None, confidence: float
) -> Doubt:
    return doubt(
        "ocr_low_confidence_row",
        about=about,
        annex_no=annex_no,
        table_no=table_no,
        seq=seq,
        page_no=page_no,
        value=f"{confidence:.2f}",
    )


def site_code_malformed(annex_no: int, table_no: int, seq: int, raw: str) -> Doubt:
    return doubt(
        "site_code_malformed", annex_no=annex_no, table_no=table_no, seq=seq, field="site_code", value=raw
    )


def site_code_unplaced(annex_no: int, table_no: int, seq: int, code: str) -> Doubt:
    return doubt(
        "site_code_unplaced", annex_no=annex_no, table_no=table_no, seq=seq, field="site_code", value=code
    )


def site_code_region_mismatch(
    annex_no: int, table_no: int, seq: int, code: str, maps_to: str, reported: str
) -> Doubt:
    return doubt(
        "site_code_region_mismatch",
        annex_no=annex_no,
        table_no=table_no,
        seq=seq,
        field="site_code",
        value=code,
        expected=reported,
        detail=maps_to,
    )


def items_total_mismatch(
    annex_no: int, table_no: int, seq: int, unit: str, total: float, printed: float
) -> Doubt:
    return doubt(
        "items_total_mismatch",
        annex_no=annex_no,
        table_no=table_no,
        seq=seq,
        field="points_deducted",
        value=f"{total:g}",
        expected=f"{printed:g}",
        detail=unit,
    )
