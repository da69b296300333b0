"""The one writer: a thread that ingests into the server's store.

DuckDB lets one process write a database file. A server started with
``--watch DIR`` or ``--allow-ingest`` is that process: it opens the database
read-write and this thread does every write, one job at a time: files
uploaded to ``POST /api/ingest``, and new files that appear in the watched
folder. ``newsgraph ingest`` cannot open the file while the server runs;
ingest through the server instead. Each batch is one transaction, and every
request reads through its own snapshot, so readers see a batch whole or not
at all.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import first_line
from ..ingest import IngestReport, ingest
from .database import Database

log = logging.getLogger("newsgraph.service")

POLL_SECONDS = 2.0
# At most this many new files of the watched folder go into one ingest.
FILES_PER_SCAN = 64
# Jobs whose outcome GET /api/ingest/{job} can still report.
JOBS_KEPT = 200
# Names a writer of the watched folder uses while a file is still being copied in.
_UNFINISHED = (".part", ".tmp", ".crdownload", ".partial", ".swp")


class _Stopping(Exception):
    """Raised between two batches when the server shuts down."""


@dataclass
class Job:
    """One ingest: the files it reads and, once done, what became of them."""

    files: list[str]  # as the client or the folder named them
    paths: list[str]  # where they are on disk
    cleanup: Path | None = None  # a folder of uploads to remove once ingested
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    status: str = "queued"  # queued, running, done, failed
    report: IngestReport | None = None
    error: str | None = None
    # Stored but not searchable yet: batches the search index failed to take.
    warnings: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"job": self.id, "status": self.status, "files": self.files, "error": self.error}
        out["warnings"] = list(self.warnings)
        if self.report is not None:
            names = dict(zip(self.paths, self.files, strict=True))
            r = self.report
            out.update(read=r.read, stored=r.stored, duplicate=r.duplicate, empty=r.empty, failed=r.failed)
            out["failures"] = [{"source": _shown(f.source, names), "error": f.message} for f in r.failures]
        return out


def _shown(source: str, names: dict[str, str]) -> str:
    """A failure's source with the upload's temporary path replaced by the name the client gave."""
    for path, name in names.items():
        if source == path or source.startswith(path + "#"):
            return name + source[len(path) :]
    return source


class Writer:
    """The single writer thread of a server process."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        *,
        watch: str | None = None,
        poll_seconds: float = POLL_SECONDS,
        files_per_scan: int = FILES_PER_SCAN,
    ) -> None:
        self.database = database
        self.settings = settings
        self.watch = watch
        self.poll_seconds = poll_seconds
        self.files_per_scan = files_per_scan
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._jobs_lock = threading.Lock()
        # The watched folder's files: what each looked like at the last scan, and when ingested.
        self._seen: dict[str, tuple[int, int]] = {}
        self._ingested: dict[str, tuple[int, int]] = {}
        self.ingested_files = 0
        self.last_error: str | None = None

    # -- the server's side ------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="newsgraph-writer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop after the batch being written (if any) commits."""
        self._stop.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def submit(self, paths: list[str], files: list[str] | None = None, cleanup: Path | None = None) -> Job:
        """Queue an ingest of ``paths``; the returned job's ``done`` is set when it has run."""
        job = Job(files=list(files or paths), paths=list(paths), cleanup=cleanup)
        with self._jobs_lock:
            self._jobs[job.id] = job
            while len(self._jobs) > JOBS_KEPT:
                self._jobs.popitem(last=False)
        if self._stop.is_set() or not self.running:
            self._finish(job, error="the server's writer is not running")
        else:
            self._queue.put(job)
        return job

    def job(self, job_id: str) -> Job | None:
        with self._jobs_lock:
            return self._jobs.get(job_id)

    def status(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "watching": self.watch,
            "queued": self._queue.qsize(),
            "ingested_files": self.ingested_files,
            "last_error": self.last_error,
        }

    # -- the thread ---------------------------------------------------------------
    def _run(self) -> None:
        # The database's own connection: views are in read transactions; the writer
        # runs one transaction per batch. Readers only take cursors of it.
        store = self.database.store
        try:
            while not self._stop.is_set():
                try:
                    job = self._queue.get(timeout=self.poll_seconds)
                except queue.Empty:
                    job = None
                if job is not None:
                    self._ingest(store, job)
                elif self.watch is not None and not self._stop.is_set():
                    ready = self.scan()
                    if ready:
                        job = Job(files=list(ready), paths=list(ready))
                        self._ingest(store, job)
                        if job.error is None:
                            # A file whose ingest failed (the database, not the file) is tried again next round.
                            self._ingested.update(ready)
        finally:
            while True:  # what was queued behind the shutdown
                try:
                    left = self._queue.get_nowait()
                except queue.Empty:
                    break
                if left is not None:
                    self._finish(left, error="the server stopped before this ingest ran")

    def _ingest(self, store: Any, job: Job) -> None:
        job.status = "running"

        def stop_between_batches(_: IngestReport) -> None:
            if self._stop.is_set():
                raise _Stopping

        error: str | None = None
        try:
            job.report = ingest(job.paths, store, self.settings, on_progress=stop_between_batches)
        except _Stopping:
            error = "the server stopped during this ingest; what was committed is kept"
        except Exception as exc:  # noqa: BLE001
            # Whatever stops this job (a database error...) must not stop the writer: the next job may succeed.
            log.error("ingest of %d file(s) failed: %s", len(job.paths), first_line(exc))
            error = first_line(exc)
        else:
            self.ingested_files += len(job.paths)
            for failure in job.report.failures:
                log.warning("ingest: %s: %s", failure.source, failure.message)
        # The index catches up when the database is next opened read-write; until then
        # searches miss these articles, which the job, the log and /api/health say.
        problems, store.index_errors[:] = list(store.index_errors), []
        for problem in problems:
            log.warning("search index: %s", problem)
            job.warnings.append(f"search index: {problem}")
        if problems:
            self.last_error = f"search index: {problems[-1]}"
        self._finish(job, error=error)

    def _finish(self, job: Job, error: str | None = None) -> None:
        job.error = error
        job.status = "failed" if error else "done"
        if error:
            self.last_error = error
        if job.cleanup is not None:
            shutil.rmtree(job.cleanup, ignore_errors=True)
        job.done.set()

    def scan(self) -> dict[str, tuple[int, int]]:
        """The watched folder's files that are new or changed and have stood still
        since the previous scan (so none is read while still being copied in), each
        with its size and time (recorded as ingested once its ingest succeeds)."""
        assert self.watch is not None
        now: dict[str, tuple[int, int]] = {}
        for root, dirs, names in os.walk(self.watch):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith(".") or name.endswith(_UNFINISHED):
                    continue
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                now[path] = (st.st_size, st.st_mtime_ns)
        ready = [path for path, sig in now.items() if self._seen.get(path) == sig and self._ingested.get(path) != sig]
        self._seen = now
        return {path: now[path] for path in ready[: self.files_per_scan]}
