"""The one writer: a thread that ingests files into the server's store."""

from __future__ import annotations

import threading

from ..config import Settings
from .database import Database


class Writer:
    def __init__(self, database: Database, settings: Settings, *, watch: str | None = None) -> None:
        self.database = database
        self.settings = settings
        self.watch = watch
        self._stop = threading.Event()

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._stop.set()
