"""Doubts as data: what the pipeline doubted about a document, as a code and what it is about.

A doubt is never a sentence to be parsed back: it carries a code from the closed vocabulary
`CODES` (`schemas.doubt_codes`), the stage that raised it, and the row or page it is about (annex, table, seq, page,
field, value, expected). The sentence an analyst reads is rendered from the code's template at the
edge (`Doubt.message`), so views join on columns and tests compare codes.

Every doubt is made by one of the small constructors below (or `doubt(code, …)` for a new one):
adding a kind of doubt is adding a line to `CODES`, with the stage that raises it and its template.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.doubt_codes import CODES as CODES
from schemas.doubt_codes import NOTE_CODES as NOTE_CODES
from schemas.doubt_codes import About as About
from schemas.doubt_codes import Code as Code
from schemas.doubt_codes import Stage as Stage


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


def unit_unplaced(
    about: About, annex_no: int, table_no: int, seq: int, field: str, value: str, could_be: str
) -> Doubt:
    return doubt(
        "unit_unplaced",
        about=about,
        annex_no=annex_no,
        table_no=table_no,
        seq=seq,
        field=field,
        value=value,
        detail=could_be,
    )


def unit_unknown(
    about: About, annex_no: int, table_no: int, seq: int, field: str, value: str, where: str
) -> Doubt:
    return doubt(
        "unit_unknown",
        about=about,
        annex_no=annex_no,
        table_no=table_no,
        seq=seq,
        field=field,
        value=value,
        expected=where,
    )


#: the doubts the store raises comparing a copy with its circular's primary copy; recomputed
#: whenever the primary changes, so they are told apart from what extraction doubted
COPY_CODES = frozenset({"copies_disagree", "copy_row_disagrees", "copy_rows_differ", "copy_figures_differ"})
