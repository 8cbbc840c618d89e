"""What one document may cost: a plain settings object that any batch executor can apply.

A circular has tens of pages, a few hundred thousand characters, a few thousand table cells; a file
far past that is an accident or an attack, and must not stall, sink or leak a batch. The executor
(`pipeline.pool` today) enforces what only it can — wall time and resident memory, by killing the
worker — and hands the budget to the worker, where the readers check the rest before the expensive
work: pages (the rest is not read, with a doubt), pixels from image headers before decoding,
characters, table cells, and how far a PDF's compressed streams inflate.

Inside a worker the budget in force is a context variable (`current`), set by `applied`, so readers
ask for it without every signature between the executor and the reader carrying it.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.exceptions import BudgetExceeded

MB = 1 << 20


class Budget(BaseModel):
    """Limits per document; every one is in `tongbao ingest --help` (`--budget NAME=VALUE`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seconds: float = Field(60.0, gt=0, description="wall time for any document, before its pages")
    seconds_per_page: float = Field(20.0, ge=0, description="more wall time per page to be read")
    pages: int = Field(500, gt=0, description="pages read; the rest is not read and a doubt says so")
    page_megapixels: float = Field(150.0, gt=0, description="decoded pixels of one page or image")
    megapixels: float = Field(1500.0, gt=0, description="decoded pixels of all pages together")
    memory_mb: int = Field(1536, gt=0, description="resident memory of the worker reading it")
    file_mb: float = Field(256.0, gt=0, description="size of the file; larger ones are never read")
    characters: int = Field(2_000_000, gt=0, description="characters of a text or web page")
    cells: int = Field(100_000, gt=0, description="table cells in all")
    html_elements: int = Field(100_000, gt=0, description="elements of a web page, scripts aside")
    inflate_mb: float = Field(256.0, gt=0, description="what one compressed stream of a PDF may inflate to")

    def wall_seconds(self, pages: int | None) -> float:
        """The wall time a document of `pages` pages (None: not known yet) may take."""
        return self.seconds + self.seconds_per_page * min(pages or 0, self.pages)

    @classmethod
    def names(cls) -> list[str]:
        return list(cls.model_fields)

    def with_settings(self, settings: list[str] | tuple[str, ...]) -> Budget:
        """This budget with `NAME=VALUE` settings applied (ValueError naming the bad one)."""
        changes: dict[str, str] = {}
        for item in settings:
            name, sep, value = item.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in type(self).model_fields:
                raise ValueError(
                    f"--budget {item!r}: expected NAME=VALUE with NAME one of {', '.join(self.names())}"
                )
            changes[name] = value.strip()
        try:
            return type(self).model_validate({**self.model_dump(), **changes})
        except ValidationError as e:
            err = e.errors()[0]
            raise ValueError(f"--budget {err['loc'][0]}={err.get('input')!r}: {err['msg']}") from None

    def help(self) -> str:
        return "; ".join(
            f"{n}={_num(getattr(self, n))} ({f.description})" for n, f in type(self).model_fields.items()
        )


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


class Spend:
    """What the document being read has used so far, checked against its budget by the readers."""

    def __init__(
        self, budget: Budget, on_pages: Callable[[int], None] | None = None, clock: bool = False
    ) -> None:
        self.budget = budget
        self.on_pages = on_pages
        self.pixels = 0
        #: when read in the ingest's own process (no executor to kill it): wall time is checked by
        #: `tick` between pages instead
        self.started = time.monotonic() if clock else None
        self.count: int | None = None
        self.cut: tuple[int, int] | None = None  # (pages, pages read) when the page budget cut it

    def pages(self, count: int, costly: bool = True) -> int:
        """The document has `count` pages: how many to read. Pages that are `costly` (rendered,
        OCR'd) are told to the executor, whose wall-time allowance grows with them."""
        keep = min(count, self.budget.pages)
        if keep < count:
            self.cut = (count, keep)
        if costly:
            self.count = keep
        if costly and self.on_pages is not None:
            self.on_pages(keep)
        return keep

    def note(self) -> str:
        """What a failure should add: that only part of the document was read."""
        if self.cut is None:
            return ""
        return f" (budget: {self.cut[0]} pages > {self.cut[1]}; the first {self.cut[1]} were read)"

    def tick(self) -> None:
        """Between two pages: in the ingest's own process, stop a document past its wall time."""
        if self.started is None:
            return
        spent, allowed = time.monotonic() - self.started, self.budget.wall_seconds(self.count)
        if spent > allowed:
            raise BudgetExceeded(f"budget: {spent:.0f} s > {allowed:.0f} s")

    def page_pixels(self, width: int, height: int, page_no: int | None = None) -> None:
        """Before decoding a page of width × height: refuse it past the budget of one page or of all."""
        pixels = width * height
        where = f"page {page_no}: " if page_no else ""
        if pixels > self.budget.page_megapixels * 1e6:
            raise BudgetExceeded(
                f"budget: {where}{width}×{height} = {pixels / 1e6:,.0f} Mpx > {self.budget.page_megapixels:g} Mpx a page"
            )
        self.pixels += pixels
        if self.pixels > self.budget.megapixels * 1e6:
            raise BudgetExceeded(
                f"budget: {where}{self.pixels / 1e6:,.0f} Mpx decoded in all > {self.budget.megapixels:g} Mpx"
            )

    def characters(self, count: int) -> None:
        if count > self.budget.characters:
            raise BudgetExceeded(f"budget: {count:,} characters > {self.budget.characters:,}")

    def cells(self, count: int) -> None:
        if count > self.budget.cells:
            raise BudgetExceeded(f"budget: {count:,} table cells > {self.budget.cells:,}")


_current: contextvars.ContextVar[Spend | None] = contextvars.ContextVar("budget", default=None)


def current() -> Spend:
    """The budget of the document being read (a fresh default one outside `applied`)."""
    return _current.get() or Spend(Budget())


@contextlib.contextmanager
def applied(
    budget: Budget, on_pages: Callable[[int], None] | None = None, clock: bool = False
) -> Iterator[Spend]:
    """Read one document under `budget`; `on_pages` hears how many pages it will read. With `clock`
    (no executor watches this process) the wall time is checked between pages."""
    token = _current.set(Spend(budget, on_pages, clock))
    try:
        yield _current.get()  # type: ignore[misc]
    finally:
        _current.reset(token)


@contextlib.contextmanager
def document() -> Iterator[Spend]:
    """The budget in force for one document: the executor's, or the defaults when none was applied
    (`tongbao extract`, `pipeline.extract`), so pixels add up over one document's pages."""
    spend = _current.get()
    if spend is not None:
        yield spend
        return
    with applied(Budget()) as fresh:
        yield fresh
