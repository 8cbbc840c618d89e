"""One document laid out as a person checks it against the paper: header, outline, annex rows, doubts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from schemas import Circular

_HEADER_SKIP = {"title"}


def render(circular: Circular, paths: Sequence[str] = ()) -> RenderableType:
    """The document as one rich renderable; `paths` are all the files its bytes were found under."""
    parts: list[RenderableType] = [_identity(circular, paths), _header(circular)]
    if circular.annotations:
        parts.append(_rows("批示 (handwritten instructions)", ["page", "text", "author", "date"],
                           [[a.page_no, a.text, a.author, a.date] for a in circular.annotations]))
    parts.append(_outline(circular))
    for annex in circular.annexes:
        parts.append(_annex(circular, annex.annex_no))
    if circular.stats:
        parts.append(_rows("Figures in the text", ["section", "metric", "value", "unit", "evidence"],
                           [[s.section_id, s.metric, s.value, s.unit, s.evidence] for s in circular.stats]))
    if circular.warnings:
        parts.append(Panel(Text("\n".join(f"• {w}" for w in circular.warnings)), title="Warnings",
                           border_style="yellow", title_align="left"))
    return Group(*parts)


def show(circular: Circular, paths: Sequence[str] = (), console: Console | None = None) -> None:
    (console or Console()).print(render(circular, paths))


def _identity(c: Circular, paths: Sequence[str]) -> Panel:
    lines = [f"doc_id {c.doc_id}   {c.media_type}, {c.page_count} page(s), source script {c.script}"]
    lines += [f"file   {p}" for p in (paths or [c.source_path])]
    if c.ocr_engine:
        conf = f"{c.ocr_confidence:.2f}" if c.ocr_confidence is not None else "unknown"
        lines.append(f"OCR    {c.ocr_engine}, mean confidence {conf}")
        low = [p for p in c.pages if p.confidence is not None and p.confidence < 0.8]
        if low:
            lines.append("       pages below 0.80: " + ", ".join(f"{p.page_no} ({p.confidence:.2f})" for p in low))
    return Panel(Text("\n".join(lines)), title=Text(c.header.title or "(no title)", style="bold"),
                 title_align="left")


def _header(c: Circular) -> Table:
    table = Table(title="Header", title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for name, value in c.header.model_dump().items():
        if name in _HEADER_SKIP or value in (None, []):
            continue
        table.add_row(name, "；".join(value) if isinstance(value, list) else str(value))
    return table


def _outline(c: Circular) -> RenderableType:
    tree = Tree(Text("Outline", style="bold"))
    nodes: dict[str, Tree] = {}
    for s in sorted(c.sections, key=lambda s: s.ord):
        label = Text(f"{s.number} {s.heading}")
        if s.text:
            label.append(f"  ({len(s.text)} chars)", style="dim")
        parent = nodes.get(s.parent_id or "", tree)
        nodes[s.section_id] = parent.add(label)
    return tree if c.sections else Text("Outline: none found", style="yellow")


def _annex(c: Circular, annex_no: int) -> RenderableType:
    annex = next(a for a in c.annexes if a.annex_no == annex_no)
    title = f"附件{annex.annex_no} {annex.title or ''} — {annex.kind}, {annex.row_count} row(s)"
    if annex.kind == "website_findings":
        found = [f for f in c.website_findings if f.annex_no == annex_no]
        return _rows(title, ["tbl", "序号", "region", "site", "code", "site region", "problems", "categories"],
                     [[f.table_no, f.seq, f.reported_region, f.site_name, f.site_code,
                       " ".join(x for x in (f.site_province, f.site_city, f.site_county) if x),
                       f.problems_raw, ", ".join(f.problem_categories)] for f in found])
    if annex.kind == "deductions":
        rows = [d for d in c.deductions if d.annex_no == annex_no]
        return _rows(title, ["tbl", "序号", "unit", "kind", "points", "explanation"],
                     [[d.table_no, d.seq, d.unit, d.unit_kind, d.points_deducted, d.explanation] for d in rows])
    return Text(title, style="bold")


def _rows(title: str, columns: list[str], rows: list[list[Any]]) -> RenderableType:
    if not rows:
        return Text(f"{title}: no rows", style="yellow")
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    return table
