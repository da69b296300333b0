"""Exceptions with stable codes, in the manner of spaCy's E-codes.

A code never changes meaning once released, so users can search for it and
scripts can match on it.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class; ``code`` is stable, ``str(err)`` is the one-line message."""

    code = "NG000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.message = message
        super().__init__(f"[{self.code}] {source + ': ' if source else ''}{message}")


class InputError(NewsgraphError):
    """An input could not be read or decoded (missing, truncated, binary...)."""

    code = "NG100"


class FormatError(InputError):
    """An input's content does not match the format it claims to be."""

    code = "NG101"


class ExtractionError(NewsgraphError):
    """No article could be extracted from a document."""

    code = "NG200"


class ModelError(NewsgraphError):
    """The configured spaCy model is not installed or cannot be loaded."""

    code = "NG300"


class StoreError(NewsgraphError):
    """The database could not be opened, migrated or written."""

    code = "NG400"


class StoreBusyError(StoreError):
    """Another process holds the database's lock (an ingest writing it)."""

    code = "NG401"


class EvaluationError(NewsgraphError):
    """A gold set is missing or malformed."""

    code = "NG500"


def first_line(exc: BaseException) -> str:
    """The first non-blank line of an exception's message (libraries such as
    DuckDB and spaCy add context below it), else the exception's type name:
    what a one-line error or failure reports as its cause."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
