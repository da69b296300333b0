"""The one Store a server process holds, and the per-request views readers get.

DuckDB lets one process write a file; inside that process, each cursor of the
connection has its own transaction, so a request reading through a view sees
one committed snapshot and never half of a batch the writer is storing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from ..errors import NewsgraphError
from ..store import Store

# How long one request may keep the database busy before it is interrupted.
REQUEST_SECONDS = 10.0


class RequestTimeout(NewsgraphError):
    """A request's database work ran past its time limit and was interrupted."""

    code = "NG600"


class Database:
    """Opens ``path`` read-only, or read-write when this process is its writer."""

    def __init__(self, path: str, *, writable: bool = False, request_seconds: float = REQUEST_SECONDS) -> None:
        self.path = path
        self.writable = writable
        self.request_seconds = request_seconds
        self.store = Store(path, read_only=not writable)
        # Opening a cursor touches the shared connection: one at a time.
        self._lock = threading.Lock()

    def view(self) -> Store:
        """A Store in a read transaction of its own (one committed state for the
        whole request: a count and the page it counts agree); close it after use."""
        with self._lock:
            return self.store.view()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """A view for work outside a request's dependency, under the request time limit."""
        view = self.view()
        try:
            with time_limit(view, self.request_seconds):
                yield view
        finally:
            view.close()

    def close(self) -> None:
        with self._lock:
            self.store.close()


@contextlib.contextmanager
def time_limit(view: Store, seconds: float) -> Iterator[None]:
    """Interrupt ``view``'s query after ``seconds``; the interrupted call ends in RequestTimeout."""
    fired = threading.Event()

    def interrupt() -> None:
        fired.set()
        view.interrupt()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as exc:
        if fired.is_set():
            raise RequestTimeout(f"the request took longer than {seconds:g} s and was stopped") from exc
        raise
    finally:
        timer.cancel()
    if fired.is_set():
        raise RequestTimeout(f"the request took longer than {seconds:g} s and was stopped")


def database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


def reader(request: Request) -> Iterator[Store]:
    """FastAPI dependency: a read view of the store for one request, closed after it."""
    db = database(request)
    view = db.view()
    try:
        with time_limit(view, db.request_seconds):
            yield view
    finally:
        view.close()


# For endpoint signatures: ``store: Reader``, ``db: CurrentDatabase``.
Reader = Annotated[Store, Depends(reader)]
CurrentDatabase = Annotated[Database, Depends(database)]
