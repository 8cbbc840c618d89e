"""The three kinds of failure, told apart by class, never by message text.

`BadInput` is the file's fault (the batch goes on), `MissingDependency` is the machine's (install
something), anything else is our bug. `ExitCode` is what the CLI returns for each.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    ok = 0
    some_failed = 1
    usage = 2
    missing_dependency = 3
    internal = 4


class TongbaoError(Exception):
    """Base class: every error tongbao raises on purpose."""

    exit_code = ExitCode.internal


class BadInput(TongbaoError):
    """The file cannot be read as a circular: empty, corrupt, encrypted, not a circular, …"""

    exit_code = ExitCode.some_failed


class UnsupportedFormat(BadInput):
    """The file's type is not one tongbao reads."""


class BudgetExceeded(BadInput):
    """The file would cost more than a document's budget (`schemas.budget`): pages, pixels,
    characters, cells, inflation, time or memory. Its message starts with `budget:`."""


class NotACircular(BadInput):
    """The file reads fine but is not a spot-check circular."""


class MissingDependency(TongbaoError):
    """A system piece (Tesseract, its language data, a font) is absent; the message says what to install."""

    exit_code = ExitCode.missing_dependency


class UsageError(TongbaoError):
    exit_code = ExitCode.usage


class DatabaseBusy(TongbaoError):
    """Another tongbao process holds the database."""

    exit_code = ExitCode.some_failed
