"""The DuckDB schema, generated from the pydantic models so the database and `schemas/` cannot drift.

Each table is a `TableSpec`: its columns come from a model's fields (type from the annotation, NOT NULL
when the annotation does not admit None, comment from the Field description). The few columns that
exist only in the database (`doc_id` on row tables, `ord` where a list has no natural key, load
metadata on `documents`) are declared here, with their descriptions, next to the model they extend.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline.store.bookkeeping import DocumentMeta, DocumentPath, FailedFile, FileStat, IngestLogRow
from pipeline.store.circular_columns import CopyOf, DocumentContent
from schemas import (
    Annex,
    Annotation,
    Circular,
    Deduction,
    DeductionItem,
    DocumentFile,
    Doubt,
    Header,
    Mention,
    PageText,
    Section,
    Stat,
    WebsiteFinding,
)

_SCALARS: dict[type, str] = {
    bool: "BOOLEAN",
    int: "INTEGER",
    float: "DOUBLE",
    str: "VARCHAR",
    dt.date: "DATE",
    dt.datetime: "TIMESTAMP",
}

# Descriptions for fields the models leave undocumented, by column name (any table) — the
# database must document every column, and these names mean the same thing wherever they occur.
_COMMON: dict[str, str] = {
    "doc_id": "the document the row belongs to (documents.doc_id: sha256 prefix of the source bytes)",
    "annex_no": "附件 number the table is in; 1 when unnumbered",
    "table_no": "table within the annex, 1-based; 序号 restarts in each",
    "seq": "序号 as printed",
    "page_no": "page the value was read from (1-based)",
    "confidence": "lowest OCR confidence of what the row was read from, 0–1; NULL when no OCR ran",
    "section_id": "section the text is in (sections.section_id); NULL for text outside the outline",
    "ord": "position in the document's list, 1-based",
}
# Descriptions for undocumented fields whose meaning depends on the table.
_SPECIFIC: dict[tuple[str, str], str] = {
    ("documents", "schema_version"): "version of the schemas.Circular model the row was written from",
    (
        "documents",
        "source_path",
    ): "path of the file first loaded for this document (all paths: document_paths)",
    ("documents", "source_sha256"): "sha256 of the source file's bytes, hex",
    ("documents", "media_type"): "how the source was read",
    ("documents", "page_count"): "pages in the source (1 for text and web pages)",
    ("documents", "script"): "script of the source text before conversion to simplified characters",
    ("documents", "ocr_engine"): "OCR engine that read the scan; NULL when no OCR ran",
    ("documents", "ocr_confidence"): "mean OCR confidence over the pages, 0–1; NULL when no OCR ran",
    (
        "documents",
        "warnings",
    ): "what the pipeline doubted, as sentences (one per row of `doubts`, which has the codes and what each is about)",
    ("stats", "metric"): "what was counted or measured",
    ("stats", "value"): "the figure as a number (92 for 92%)",
    ("mentions", "text"): "the mention as printed, canonical text",
    ("mentions", "label"): "GPE (region), ORG (agency) or WEBSITE",
    ("mentions", "sentence"): "the sentence the mention is in",
    ("annotations", "kind"): "kind of annotation",
    ("annotations", "text"): "the handwritten text as read",
    ("annotations", "author"): "who signed the instruction, when legible",
    ("annotations", "date"): "date written beside the instruction",
    ("pages", "text"): "the page's text in reading order, canonical; table rows tab-separated",
    ("pages", "confidence"): "mean OCR confidence of the page, 0–1; NULL when no OCR ran",
    ("pages", "engine"): "OCR engine that read the page; NULL for text layers, text and web pages",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    not_null: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One table: its columns in order, primary key, and the Circular list its rows come from."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    source: str | None = None  # attribute of Circular holding the rows
    per_circular: bool = False  # rows only of the circular's primary copy (else of every document)
    internal: bool = False  # the store's own bookkeeping: not exported
    model: type[BaseModel] | None = None
    synthetic: tuple[str, ...] = field(default=())  # columns not in the model (doc_id, ord)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def duck_type(annotation: Any) -> tuple[str, bool]:
    """DuckDB type of a field annotation, and whether it admits None (→ nullable)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"cannot map union {annotation!r} to one DuckDB type")
        return duck_type(args[0])[0], True
    if origin is Literal:
        kinds = {type(a) for a in typing.get_args(annotation)}
        if len(kinds) != 1:
            raise TypeError(f"cannot map mixed Literal {annotation!r}")
        return _SCALARS[kinds.pop()], False
    if origin is list:
        (item,) = typing.get_args(annotation)
        return duck_type(item)[0] + "[]", False
    if annotation in _SCALARS:
        return _SCALARS[annotation], False
    raise TypeError(f"no DuckDB type for {annotation!r}")


def _literal_values(annotation: Any) -> list[str]:
    """The allowed values of a (possibly optional or listed) Literal, to spell out in the comment."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return [v for a in typing.get_args(annotation) for v in _literal_values(a)]


def _describe(table: str, name: str, info: FieldInfo | None) -> str:
    text = (info.description if info else None) or _SPECIFIC.get((table, name)) or _COMMON.get(name)
    if not text:
        raise ValueError(
            f"{table}.{name} has no description: add one to the model or to pipeline/store/ddl.py"
        )
    values = _literal_values(info.annotation) if info else []
    if values and not all(v in text for v in values):
        text += " (one of: " + ", ".join(values) + ")"
    return text


def model_columns(table: str, model: type[BaseModel], exclude: Iterable[str] = ()) -> list[Column]:
    """Columns for a model's scalar and list-of-scalar fields, in declaration order."""
    out = []
    skip = set(exclude)
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        ty, nullable = duck_type(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        ty = str(extra.get("duckdb_type", ty))  # e.g. BIGINT where INTEGER would overflow
        out.append(Column(name, ty, _describe(table, name, info), not_null=not nullable))
    return out


def _synthetic(table: str, name: str, ty: str) -> Column:
    return Column(name, ty, _describe(table, name, None), not_null=True)


def _documents() -> TableSpec:
    nested = {
        n
        for n, f in Circular.model_fields.items()
        if n == "header" or (typing.get_origin(f.annotation) is list and f.annotation != list[str])
    }
    scalars = {c.name: c for c in model_columns("documents", Circular, exclude=nested)}
    lead = ["doc_id", "source_path", "source_sha256", "media_type", "page_count"]
    columns = [scalars.pop(n) for n in lead]
    columns += model_columns("documents", CopyOf)
    columns += model_columns("documents", Header)
    trailing = scalars.pop("schema_version")
    columns += [*scalars.values(), trailing]  # script, OCR, warnings and any new field; then the version
    columns += model_columns("documents", DocumentMeta)
    return TableSpec(
        "documents",
        "One row per document (distinct source bytes): the header of the circular "
        "(GB/T 9704 regular or telegram form), the period it covers, and how it was read.",
        tuple(columns),
        ("doc_id",),
        model=Circular,
    )


def _rows(
    name: str, model: type[BaseModel], key: tuple[str, ...], description: str, per_circular: bool = False
) -> TableSpec:
    """A table of Circular list rows: `doc_id` first, then `ord` if the key needs it, then the fields.

    `per_circular` tables hold the rows of each circular's primary copy only (documents.is_primary)."""
    cols = [_synthetic(name, "doc_id", "VARCHAR")]
    synthetic = ["doc_id"]
    if "ord" in key and "ord" not in model.model_fields:
        cols.append(_synthetic(name, "ord", "INTEGER"))
        synthetic.append("ord")
    cols += model_columns(name, model)
    return TableSpec(
        name,
        description + ONCE if per_circular else description,
        tuple(cols),
        ("doc_id", *key),
        source=name,
        per_circular=per_circular,
        model=model,
        synthetic=tuple(synthetic),
    )


def _plain(name: str, model: type[BaseModel], key: tuple[str, ...]) -> TableSpec:
    return TableSpec(name, model.__doc__ or name, tuple(model_columns(name, model)), key, model=model)


#: what every per-circular table's description ends with
ONCE = " Holds each circular's primary copy's rows only (documents.is_primary): it counts once."

TABLES: tuple[TableSpec, ...] = (
    _documents(),
    _rows(
        "sections",
        Section,
        ("section_id",),
        "The body outline: one row per numbered section (一、 → （一） → 1. → （1）), with its own text.",
        per_circular=True,
    ),
    _rows(
        "annexes",
        Annex,
        ("annex_no",),
        "One row per annex listed (附件：…), with the kind of table it holds and how many rows were read.",
        per_circular=True,
    ),
    _rows(
        "website_findings",
        WebsiteFinding,
        ("annex_no", "table_no", "seq"),
        "One row per website listed in an annex table of failed or problematic sites, with the problems "
        "as printed and as taxonomy codes, and the site's region from its 网站标识码.",
        per_circular=True,
    ),
    _rows(
        "deductions",
        Deduction,
        ("annex_no", "table_no", "seq"),
        "One row per unit in a 扣分 (points deducted) table: which city or department lost how many points.",
        per_circular=True,
    ),
    _rows(
        "deduction_items",
        DeductionItem,
        ("annex_no", "table_no", "seq", "item_no"),
        "The 扣分说明 of a deductions row split into its reasons, each with its points.",
        per_circular=True,
    ),
    _rows(
        "stats",
        Stat,
        ("ord",),
        "Figures stated in the body text (sites sampled, pass rate, officials "
        "interviewed, …), each with the sentence it came from.",
        per_circular=True,
    ),
    _rows(
        "mentions",
        Mention,
        ("ord",),
        "Regions, agencies and websites named in the body, with GB/T 2260 codes for regions.",
        per_circular=True,
    ),
    _rows(
        "annotations",
        Annotation,
        ("ord",),
        "Handwritten instructions (批示) found on the scan, kept apart from the printed header.",
    ),
    _rows(
        "doubts",
        Doubt,
        ("ord",),
        "What the pipeline doubted about a document, one row per doubt: a code from a closed vocabulary "
        "(see the data dictionary), the stage that raised it, and the page, annex row or field it is about.",
    ),
    _rows(
        "pages",
        PageText,
        ("page_no",),
        "The text of every page as read (text layer or OCR), with the engine and its confidence.",
    ),
    _rows(
        "document_files",
        DocumentFile,
        ("path",),
        "Every file a document was read from: the circular and the attachments read as its annexes, "
        "with their hashes (a changed attachment makes a new version of the document).",
    ),
    _plain("document_paths", DocumentPath, ("doc_id", "source_path")),
    TableSpec(
        "document_content",
        DocumentContent.__doc__ or "",
        tuple(model_columns("document_content", DocumentContent)),
        ("doc_id",),
        model=DocumentContent,
        internal=True,
    ),
    _plain("ingest_log", IngestLogRow, ()),
    _plain("file_stats", FileStat, ("source_path",)),
    _plain("failed_files", FailedFile, ("sha256",)),
)
TABLE_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}


def quote(text: str) -> str:
    """A SQL string literal (DDL comments cannot be bound as parameters)."""
    return "'" + text.replace("'", "''") + "'"


def create_table(spec: TableSpec) -> str:
    lines = [f"    {c.name} {c.type}{' NOT NULL' if c.not_null else ''}" for c in spec.columns]
    if spec.primary_key:
        lines.append(f"    PRIMARY KEY ({', '.join(spec.primary_key)})")
    return f"CREATE TABLE IF NOT EXISTS {spec.name} (\n" + ",\n".join(lines) + "\n)"


def comment_statements(spec: TableSpec) -> list[str]:
    out = [f"COMMENT ON TABLE {spec.name} IS {quote(spec.description)}"]
    out += [f"COMMENT ON COLUMN {spec.name}.{c.name} IS {quote(c.description)}" for c in spec.columns]
    return out
