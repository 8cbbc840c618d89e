"""The data contract as pydantic models: the parsed `Circular`, its row types, and the intermediate pages."""

from schemas.document import (
    SCHEMA_VERSION,
    Annex,
    Annotation,
    Circular,
    Deduction,
    DeductionItem,
    DocumentFile,
    Header,
    Mention,
    PageText,
    Section,
    Stat,
    WebsiteFinding,
)
from schemas.doubts import Doubt
from schemas.intermediate import BBox, Cell, Line, Page, SourceDocument, Table


def json_schema() -> dict:
    """JSON Schema of a `Circular`, as printed by `tongbao schema`."""
    return Circular.model_json_schema()


__all__ = [
    "SCHEMA_VERSION",
    "Annex",
    "Annotation",
    "BBox",
    "Cell",
    "Circular",
    "Deduction",
    "DeductionItem",
    "DocumentFile",
    "Doubt",
    "Header",
    "Line",
    "Mention",
    "Page",
    "PageText",
    "Section",
    "SourceDocument",
    "Stat",
    "Table",
    "WebsiteFinding",
    "json_schema",
]
