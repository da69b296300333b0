"""Opening a database (and bringing its schema up to date), closing it, and the
one place where DuckDB and OS errors become one-line ``StoreError``s."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

import duckdb

from ..errors import StoreBusyError, StoreError, first_line
from . import migrations
from .migrations import LATEST, MigrationError
from .schema import create_statements

MEMORY_LIMIT = "512MB"

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


def busy_message(exc: BaseException) -> str:
    pid = _LOCK_HOLDER.search(str(exc))
    holder = f"another process (PID {pid.group(1)})" if pid else "another process"
    return (
        f"database is busy: {holder} has it open, e.g. an ingest writing it; wait for it to finish, "
        "or ingest into a separate database file and read that one once it is done"
    )


@contextlib.contextmanager
def mapped_errors(action: str, path: str) -> Iterator[None]:
    """Turn a database or OS error inside the block into one StoreError line naming the cause."""
    try:
        yield
    except StoreError:
        raise
    except duckdb.Error as exc:
        raise StoreError(f"{action} failed: {first_line(exc)}", source=path) from exc
    except OSError as exc:
        where = exc.filename or path
        raise StoreError(f"{action} failed: {exc.strerror or exc}", source=str(where)) from exc


class _HasPath(Protocol):
    path: str


_F = TypeVar("_F", bound=Callable[..., Any])


def guarded(action: str) -> Callable[[_F], _F]:
    """``mapped_errors`` around a method of an object with a ``path`` (the Store)."""

    def wrap(fn: _F) -> _F:
        @functools.wraps(fn)
        def inner(self: _HasPath, *args: Any, **kwargs: Any) -> Any:
            with mapped_errors(action, self.path):
                return fn(self, *args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap


def connect(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        # DuckDB lets one process write a file, or several read it, never
        # both: a second process gets this lock error whichever it wants.
        if "Could not set lock" in str(exc):
            raise StoreBusyError(busy_message(exc), source=path) from exc
        raise StoreError(f"cannot open database: {first_line(exc)}", source=path) from exc
    except OSError as exc:
        raise StoreError(f"cannot open database: {exc.strerror or exc}", source=path) from exc


def limit_memory(con: duckdb.DuckDBPyConnection) -> None:
    # DuckDB may otherwise cache up to 80% of RAM; newsgraph's writes
    # are small batches, so a modest pool keeps a long ingest's memory flat.
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")


def close_quietly(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):
        con.close()


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """End a failed transaction; DuckDB may already have ended it (a COMMIT
    that failed), and that second error must not hide the first."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _too_new(version: int, path: str) -> StoreError:
    return StoreError(
        f"database schema version {version} is newer than this newsgraph ({LATEST}); upgrade newsgraph",
        source=path,
    )


def check_version(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A read-only store cannot migrate, but must not misread a newer schema."""
    version = migrations.version_of(con)
    if version > LATEST:
        raise _too_new(version, path)


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the schema up to date; returns the version reached.

    A new database is created at the latest version from the table
    specs; an older one runs the migrations it has not seen yet.
    """
    migrations.ensure_version_table(con)
    current = migrations.version_of(con)
    if current > LATEST:
        raise _too_new(current, path)
    if current == 0:
        try:
            migrations.run_transaction(con, create_statements(), range(1, LATEST + 1))
        except duckdb.Error as exc:
            raise StoreError(f"creating the schema failed: {first_line(exc)}", source=path) from exc
        return LATEST
    try:
        migrations.migrate(con, current)
    except MigrationError as exc:
        raise StoreError(f"migration {exc.version} failed: {first_line(exc.cause)}", source=path) from exc
    return LATEST
