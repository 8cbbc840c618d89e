"""One document laid out as a person checks it against the paper: header, outline, annex rows, doubts.

Everything a checker needs to distrust is on screen: header fields that were not found (—), rows a
warning is about (⚠), OCR confidence of pages and rows when the document was a scan (low values in
red), annexes listed whose table was not read, the other files holding the same circular, and which
of them the tables hold (the primary copy) and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pipeline import store
from pipeline.store.view_spec import LOW_CONFIDENCE
from schemas import Circular

_HEADER_SKIP = {"title"}
RowKey = tuple[str, int, int, int]  # table (website_findings, deductions), annex_no, table_no, seq


@dataclass
class Context:
    """What the database knows about a document beyond the document itself."""

    paths: Sequence[str] = ()
    copies: Sequence[tuple[str, str, bool, str | None]] = ()  # other documents of the circular:
    # (doc_id, media_type, is_primary, matched_by)
    circular_id: str | None = None
    is_primary: bool = True
    matched_by: str | None = None
    primary_reason: str | None = None


def context(con: duckdb.DuckDBPyConnection, doc_id: str) -> Context:
    """Paths, the circular and its other copies, and why the primary copy was chosen."""
    paths = [
        r[0]
        for r in con.execute(
            "SELECT source_path FROM document_paths WHERE doc_id = ? ORDER BY first_seen, source_path",
            [doc_id],
        ).fetchall()
    ]
    try:
        me = con.execute(
            "SELECT circular_id, is_primary, matched_by, primary_reason FROM documents WHERE doc_id = ?",
            [doc_id],
        ).fetchone()
        copies = con.execute(
            "SELECT o.doc_id, o.media_type, o.is_primary, o.matched_by FROM documents o JOIN documents me "
            "ON me.circular_id = o.circular_id AND me.doc_id = ? AND o.doc_id <> ? "
            "ORDER BY o.is_primary DESC, o.doc_id",
            [doc_id, doc_id],
        ).fetchall()
    except duckdb.BinderException:  # a database from before circular identity: show without it
        me, copies = None, []
    if me is None:
        return Context(paths)
    return Context(paths, [(a, b, bool(c), d) for a, b, c, d in copies], me[0], bool(me[1]), me[2], me[3])


def load(con: duckdb.DuckDBPyConnection, prefix: str) -> tuple[Circular, Context]:
    """The document whose id starts with `prefix`, and its context."""
    circular = store.fetch(con, store.resolve_doc_id(con, prefix))
    return circular, context(con, circular.doc_id)


def render(circular: Circular, ctx: Context | None = None) -> RenderableType:
    """The document as one rich renderable."""
    ctx = ctx or Context()
    parts: list[RenderableType] = [_identity(circular, ctx), _header(circular)]
    if circular.annotations:
        parts.append(
            _rows(
                "批示 (handwritten instructions)",
                ["page", "text", "author", "date"],
                [[a.page_no, a.text, a.author, a.date] for a in circular.annotations],
            )
        )
    parts.append(_outline(circular))
    flagged: set[RowKey] = {
        (d.about, d.annex_no, d.table_no or 1, d.seq)
        for d in circular.doubts
        if d.about in ("website_findings", "deductions") and d.annex_no is not None and d.seq is not None
    }
    for annex in circular.annexes:
        parts.append(_annex(circular, annex.annex_no, flagged))
    if circular.stats:
        parts.append(
            _rows(
                "Figures in the text",
                ["section", "metric", "value", "unit", "evidence"],
                [[s.section_id, s.metric, s.value, s.unit, s.evidence] for s in circular.stats],
            )
        )
    if circular.doubts:
        parts.append(
            Panel(
                Text("\n".join(f"• {d.message}  [{d.code}]" for d in circular.doubts)),
                title="Warnings",
                border_style="yellow",
                title_align="left",
            )
        )
    return Group(*parts)


def show(circular: Circular, ctx: Context | None = None, console: Console | None = None) -> None:
    (console or Console()).print(render(circular, ctx))


def _identity(c: Circular, ctx: Context) -> Panel:
    lines = [f"doc_id {c.doc_id}   {c.media_type}, {c.page_count} page(s), source script {c.script}"]
    lines += [f"file   {p}" for p in (ctx.paths or [c.source_path])]
    lines += [
        f"attach {f.path}" + (f"  → annex {f.annex_no}" if f.annex_no is not None else "")
        for f in c.document_files
        if f.role == "attachment"
    ]
    lines += _copies(ctx)
    if c.ocr_engine:
        conf = f"{c.ocr_confidence:.2f}" if c.ocr_confidence is not None else "unknown"
        lines.append(f"OCR    {c.ocr_engine}, mean confidence {conf}")
        pages = [p for p in c.pages if p.confidence is not None]
        if pages:
            lines.append(
                "       pages: "
                + ", ".join(
                    f"{p.page_no} ({p.confidence:.2f}{' LOW' if _low(p.confidence) else ''})" for p in pages
                )
            )
    return Panel(
        Text("\n".join(line for line in lines if line)),
        title=Text(c.header.title or "(no title)", style="bold"),
        title_align="left",
    )


def _copies(ctx: Context) -> list[str]:
    """Which circular the document is a copy of, which copy the tables hold, and why."""
    if not ctx.copies:
        return [f"circular {ctx.circular_id}, one document"] if ctx.circular_id else []
    others = ", ".join(
        f"{d} ({m}{', primary' if p else ''}{f', matched by {how}' if how else ''})"
        for d, m, p, how in ctx.copies
    )
    if ctx.is_primary:
        return [
            f"circular {ctx.circular_id}: this is the primary copy of {len(ctx.copies) + 1}, the one the "
            "tables hold",
            f"       {ctx.primary_reason}" if ctx.primary_reason else "",
            f"copies {others}",
        ]
    return [
        f"circular {ctx.circular_id}: a copy (matched by {ctx.matched_by}); the tables hold the primary's "
        "rows — the rows below are this copy's own reading",
        f"       {ctx.primary_reason}" if ctx.primary_reason else "",
        f"copies {others}",
    ]


def _low(confidence: float | None) -> bool:
    return confidence is not None and confidence < LOW_CONFIDENCE


def _header(c: Circular) -> Table:
    table = Table(title="Header", title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for name, value in c.header.model_dump().items():
        if name in _HEADER_SKIP:
            continue
        if value in (None, []):
            table.add_row(name, Text("—", style="dim"))  # not found: the checker looks on the paper
        else:
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


def _annex(c: Circular, annex_no: int, flagged: set[RowKey]) -> RenderableType:
    annex = next(a for a in c.annexes if a.annex_no == annex_no)
    title = f"附件{annex.annex_no} {annex.title or ''} — {annex.kind}, {annex.row_count} row(s)"
    if annex.source_file:  # the file its table was read from: the circular's, or an attachment
        title += f", from {Path(annex.source_file).name}"
    scanned = c.ocr_engine is not None
    if annex.kind == "website_findings":
        found = [f for f in c.website_findings if f.annex_no == annex_no]
        columns = ["", "tbl", "序号", "region", "site", "code", "site region", "problems", "categories"]
        body: list[list[Any]] = [
            [
                _flag(("website_findings", annex_no, f.table_no, f.seq), flagged),
                f.table_no,
                f.seq,
                f.reported_region,
                f.site_name,
                f.site_code,
                " ".join(x for x in (f.site_province, f.site_city, f.site_county) if x),
                f.problems_raw,
                ", ".join(f.problem_categories),
            ]
            for f in found
        ]
        provenance = [(f.page_no, f.confidence) for f in found]
    elif annex.kind == "deductions":
        rows = [d for d in c.deductions if d.annex_no == annex_no]
        columns = ["", "tbl", "序号", "unit", "kind", "points", "explanation"]
        body = [
            [
                _flag(("deductions", annex_no, d.table_no, d.seq), flagged),
                d.table_no,
                d.seq,
                d.unit,
                d.unit_kind,
                d.points_deducted,
                d.explanation,
            ]
            for d in rows
        ]
        provenance = [(d.page_no, d.confidence) for d in rows]
    elif annex.row_count == 0:
        return Text(f"{title}: table not read", style="yellow")
    else:
        return Text(title, style="bold")
    if not any(row[0] for row in body):  # no warning names a row here: drop the ⚠ column
        columns, body = columns[1:], [row[1:] for row in body]
    if scanned:
        columns += ["page", "conf"]
        body = [[*row, page, _confidence(conf)] for row, (page, conf) in zip(body, provenance, strict=True)]
    return _rows(title, columns, body)


def _flag(key: RowKey, flagged: set[RowKey]) -> str:
    return "⚠" if key in flagged else ""


def _confidence(value: float | None) -> Text:
    if value is None:
        return Text("")
    return Text(f"{value:.2f}", style="bold red" if _low(value) else "")


def _rows(title: str, columns: list[str], rows: list[list[Any]]) -> RenderableType:
    if not rows:
        return Text(f"{title}: no rows", style="yellow")
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(v if isinstance(v, Text) else Text("" if v is None else str(v)) for v in row))
    return table
