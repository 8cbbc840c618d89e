"""`tongbao`: a thin click wrapper over `pipeline.batch.ingest`, `pipeline.store` and `pipeline.store.export`.

Exit codes come from one place, `exit_code_for`: a `TongbaoError` carries its own
(`schemas.exceptions.ExitCode`), click's usage errors are 2, anything else is our bug (internal).

Each command imports what it uses when it runs: `tongbao query` never loads the extractors, and
`tongbao ingest` starts its worker processes' forkserver before it imports DuckDB and the rest.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import datetime as dt
import decimal
import json
import os
import sys
import traceback
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline import __version__
from pipeline.batch import workers as workers_mod
from schemas.budget import Budget
from schemas.exceptions import BadInput, ExitCode, TongbaoError, UsageError

if TYPE_CHECKING:
    from pipeline.batch.ray_executor import RayExecutor
    from pipeline.store.export import Format

DEFAULT_DB = "tongbao.duckdb"
#: `pipeline.store.export.FORMATS`, here so that importing the CLI does not import DuckDB and the models
#: (a test checks they agree)
EXPORT_FORMATS = ("parquet", "csv", "json")
_verbose = False  # set by --verbose; read by the error handler, which runs outside the command


def exit_code_for(exc: BaseException) -> ExitCode:
    """The one mapping from an exception to the process's exit code."""
    if isinstance(exc, TongbaoError):
        return exc.exit_code
    return ExitCode.internal


def _report(exc: BaseException) -> int:
    code = exit_code_for(exc)
    if isinstance(exc, TongbaoError):
        click.echo(f"error: {exc}", err=True)
    else:
        from pipeline.batch.pool import one_line

        click.echo(
            f"internal error (a bug in tongbao): {one_line(exc)}"
            + ("" if _verbose else "; rerun with --verbose for the traceback"),
            err=True,
        )
    if _verbose:
        click.echo("".join(traceback.format_exception(exc)), err=True)
    return int(code)


class _Group(click.Group):
    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        global _verbose
        _verbose = False  # one process may run several commands (tests)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as e:
            raise click.exceptions.Exit(_report(e)) from e


def _set_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    global _verbose
    _verbose = _verbose or value
    return value


_verbose_option = click.option(
    "--verbose",
    "-v",
    is_flag=True,
    expose_value=False,
    callback=_set_verbose,
    help="Show tracebacks for failures.",
)
_db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="DuckDB database file.",
)
_ocr_option = click.option(
    "--ocr",
    metavar="ENGINE",
    default=None,
    help="OCR engine for scans and images (default: the pipeline's choice).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tongbao")
@_verbose_option
def cli() -> None:
    """Government-website spot-check circulars (通报) into a DuckDB dataset."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_db_option
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Extraction processes [default: CPUs]."
)
@_ocr_option
@click.option("--force", is_flag=True, help="Re-extract files already loaded by this version.")
@click.option(
    "--budget",
    "budgets",
    metavar="NAME=VALUE",
    multiple=True,
    help="Change a limit per document (repeatable). A document over budget fails with the reason "
    "(a worker past its time or memory is killed and replaced) and the batch goes on; past the page "
    f"budget the rest is not read. Defaults: {Budget().help()}.",
)
@click.option(
    "--ray",
    "ray_address",
    metavar="[ADDRESS]",
    is_flag=False,
    flag_value="local",
    default=None,
    help="Extract on a Ray cluster: `--ray auto` joins the one `ray start` set up on this machine, "
    "`--ray ray://HOST:10001` (or HOST:6379) a remote one, `--ray` alone starts a Ray of this machine "
    "for this run. Put it after the paths (or write --ray=ADDRESS). Needs `pip install 'tongbao[ray]'`; "
    "with it, --workers caps the documents extracted at once.",
)
@_verbose_option
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: Sequence[Path],
    db: Path,
    workers: int | None,
    ocr: str | None,
    force: bool,
    budgets: tuple[str, ...],
    ray_address: str | None,
) -> None:
    """Load files and folders (recursively) into the database.

    Exit status 0 when every file loaded or was unchanged, 1 when some failed (the rest still load).
    Symlinks are followed only to files and folders inside the folders given; FIFOs, sockets,
    devices and loops are reported, never opened.
    """
    try:
        budget = Budget().with_settings(budgets)
    except ValueError as e:
        raise UsageError(str(e)) from e
    if ray_address is not None:
        with _on_ray(ray_address, workers) as executor:
            if force or not db.exists():  # connect, and start the workers importing, while hashing
                executor.prepare(workers_mod.likely_documents(paths))
            from pipeline.batch import ingest as ingest_mod

            summary = ingest_mod.ingest(
                list(paths), db, ocr=ocr, force=force, verbose=_verbose, budget=budget, executor=executor
            )
        ctx.exit(int(summary.exit_code))
    if force or not db.exists():  # everything will be extracted: get the workers going now
        workers_mod.prestart(workers, workers_mod.likely_documents(paths))
    from pipeline.batch import ingest as ingest_mod

    summary = ingest_mod.ingest(
        list(paths), db, workers=workers, ocr=ocr, force=force, progress=True, verbose=_verbose, budget=budget
    )
    ctx.exit(int(summary.exit_code))


def _on_ray(address: str, workers: int | None) -> RayExecutor:
    """The Ray executor for `--ray ADDRESS` (Ray is imported here, and only here)."""
    if address != "local" and Path(address).exists() and "://" not in address:
        raise UsageError(
            f"--ray {address}: that is a file or folder; put --ray after the paths, or write --ray=ADDRESS"
        )
    from pipeline.batch.ray_executor import RayExecutor

    return RayExecutor(None if address == "local" else address, max_tasks=workers)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_ocr_option
@_verbose_option
def extract(file: Path, ocr: str | None) -> None:
    """Extract one document and print it as JSON (no database)."""
    from pipeline import run
    from pipeline.batch.pool import one_line

    try:
        circular = run.extract(file, ocr=ocr)
    except BadInput as e:
        raise BadInput(f"{file}: {one_line(e)}") from e
    click.echo(circular.model_dump_json(indent=2))


@cli.command()
@click.argument("sql")
@_db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@_verbose_option
def query(sql: str, db: Path, fmt: str) -> None:
    """Run SQL against the database (read-only) and print the result."""
    from rich.console import Console
    from rich.table import Table

    from pipeline import store

    con = store.connect(db, read_only=True)
    try:
        columns, rows = store.query(con, sql)
    finally:
        con.close()
    out = sys.stdout
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([_csv_value(v) for v in row] for row in rows)
    elif fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2, default=_json_default))
    else:
        table = Table(show_lines=False)
        for i, name in enumerate(columns):
            numeric = any(
                isinstance(r[i], int | float | decimal.Decimal) and not isinstance(r[i], bool)
                for r in rows[:50]
            )
            table.add_column(name, justify="right" if numeric else "left", overflow="fold")
        for row in rows:
            table.add_row(*(_text(v) for v in row))
        console = Console(file=out, width=None if out.isatty() else 200)
        console.print(table)
        console.print(f"{len(rows)} row(s)", style="dim")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write."
)
@_db_option
@_verbose_option
def export(fmt: Format, out: Path, db: Path) -> None:
    """Write every table and view to files (parquet partitioned by province and year, csv, json)."""
    from pipeline import store
    from pipeline.store import export as export_mod

    con = store.connect(db, read_only=True)
    try:
        written = export_mod.export(con, out, fmt)
    finally:
        con.close()
    click.echo(f"wrote {len(written)} tables, views and the data dictionary to {out}", err=True)


@cli.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (e.g. docs/data-dictionary.md) [default: stdout].",
)
def dictionary(out: Path | None) -> None:
    """Print the data dictionary: every table, view and column with its type and comment (Markdown)."""
    from pipeline.report import dictionary as dictionary_mod

    text = dictionary_mod.markdown()
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a Circular (what `extract` prints)."""
    import schemas

    click.echo(json.dumps(schemas.json_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("doc_id")
@_db_option
@_verbose_option
def show(doc_id: str, db: Path) -> None:
    """Show one document (by id or id prefix) as a person would check it."""
    from rich.console import Console

    from pipeline import store
    from pipeline.report import show as show_mod

    con = store.connect(db, read_only=True)
    try:
        circular, ctx = show_mod.load(con, doc_id)
    finally:
        con.close()
    show_mod.show(circular, ctx, Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID | dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(_csv_value(value))


def main() -> None:
    """Console-script entry point.

    Once the command is done and its files are closed, the process leaves without tearing the
    interpreter down: freeing spaCy's vocabulary, the gazetteer and the rest object by object took
    0.35–0.6 s after every `tongbao ingest`, and the operating system frees it all at once anyway.
    Exit handlers still run and output is flushed first.
    """
    try:
        cli(prog_name="tongbao")
        code: int = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:  # sys.exit("message")
            print(e.code, file=sys.stderr)
            code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
