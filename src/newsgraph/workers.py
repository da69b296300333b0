"""Worker processes that extract and analyse documents under a time budget.

One document is one unit of risk: a page that sends a regular expression
into a spin, a body that makes spaCy exhaust memory, or a C extension that
crashes must cost that document, never the run. Each worker is a process
that takes a chunk of documents and reports as it goes ("started document
i", then its outcome). The parent watches the clock: a document that runs
past ``Settings.doc_timeout`` seconds fails with "took too long", its
worker is killed (a process can be abandoned safely, a thread cannot) and a
fresh one carries on with the rest of the chunk. A worker that dies on its
own (the kernel's out-of-memory killer, a segfault) costs the document it
was on, the same way.

Workers die with their parent: a killed ``ingest`` leaves no process behind
(``PR_SET_PDEATHSIG`` on Linux, and a watcher thread everywhere).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from .config import Settings
from .errors import NewsgraphError, first_line
from .records import AnalyzedDocument, RawDocument

log = logging.getLogger(__name__)


@dataclass
class Failure:
    """A document (or input) that gave no analysed document, in one line."""

    source: str
    message: str  # one line, naming the problem
    reason: str = "failed"  # "failed" | "empty"


Outcome = AnalyzedDocument | Failure


def analyze_document(raw: RawDocument, settings: Settings) -> Outcome:
    """Extract and analyse one document; a failure in any stage is its Failure."""
    from .annotate.nlp import load_model
    from .annotate.pipeline import analyze_article
    from .extract import extract_article

    try:
        article = extract_article(raw, plain=settings.plain)
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - one bad page must not sink the batch
        return Failure(raw.source, f"extraction failed: {first_line(exc)[:300]}")
    limit = settings.max_analysis_chars
    if len(article.body) > limit:
        article.flags.append("analysis-truncated")
    try:
        doc = parse(load_model(settings.model), article.body[:limit]) if article.body.strip() else None
        return analyze_article(article, settings, doc=doc)
    except NewsgraphError:
        raise  # a settings or model problem is the run's, not the document's
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - one document's crash is its failure line
        return Failure(raw.source, f"analysis failed: {type(exc).__name__}: {first_line(exc)[:300]}")


# spaCy holds its network's activations for a whole text at once, about
# 3 KB a character: a long body is parsed in pieces of this many characters,
# cut at line ends, and the pieces joined into one Doc with the same text.
SEGMENT_CHARS = 50_000


def _segments(text: str, size: int) -> list[str]:
    """``text`` in consecutive pieces of at most about ``size`` characters, cut after a line end
    (else after a sentence end, else after a space), so they join back to ``text`` exactly."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window_end = start + size
        cut = -1
        for sep in ("\n", ". ", " "):
            found = text.rfind(sep, start + size // 2, window_end)
            if found != -1:
                cut = found + len(sep)
                break
        if cut == -1:
            cut = window_end  # no break at all: a word is split, the offsets stay right
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse(nlp: Any, text: str) -> Any:
    """``nlp(text)``, with peak memory bounded by ``SEGMENT_CHARS`` for long texts."""
    if len(text) <= SEGMENT_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(_segments(text, SEGMENT_CHARS), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]  # spaCy 3.8 takes exclude; its stub does not
    if doc.text != text:  # pragma: no cover - from_docs keeps every character
        return nlp(text)
    return doc


def analyze_in_process(raws: Iterable[RawDocument], settings: Settings) -> list[Outcome]:
    """The same work without worker processes (and without a time budget)."""
    return [analyze_document(raw, settings) for raw in raws]


# --------------------------------------------------------------------------
# The worker side


def _die_with_parent(parent: int, set_deathsig: bool) -> None:
    """End this process when the one that started it ends."""
    if set_deathsig and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        # Covers platforms without PDEATHSIG; needs the GIL, so it can be
        # late while a C extension holds it, which the signal is not.
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="newsgraph-parent-watch", daemon=True).start()


def _worker_main(conn: Connection, settings: Settings, parent: int, set_deathsig: bool) -> None:
    _die_with_parent(parent, set_deathsig)
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .annotate.nlp import load_model

    try:
        load_model(settings.model)
    except NewsgraphError as exc:
        conn.send(("fatal", exc))
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        for i, raw in message:
            conn.send(("start", i))
            try:
                outcome: Outcome = analyze_document(raw, settings)
            except NewsgraphError as exc:
                conn.send(("fatal", exc))
                return
            conn.send(("out", i, outcome))
        conn.send(("done",))


# --------------------------------------------------------------------------
# The parent side


@dataclass
class _Job:
    """A chunk of documents in flight; ``outcomes`` fill in as reports arrive."""

    raws: list[RawDocument]
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    todo: deque[int] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.todo.extend(range(len(self.raws)))

    @property
    def complete(self) -> bool:
        return len(self.outcomes) == len(self.raws)

    def results(self) -> list[Outcome]:
        return [self.outcomes[i] for i in range(len(self.raws))]


class _Worker:
    def __init__(self, ctx: Any, settings: Settings) -> None:
        parent_end, child_end = ctx.Pipe()
        set_deathsig = threading.current_thread() is threading.main_thread()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child_end, settings, os.getpid(), set_deathsig),
            name="newsgraph-worker",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.conn: Connection = parent_end
        self.job: _Job | None = None
        self.assigned: list[int] = []
        self.current: int | None = None
        self.started = 0.0

    def assign(self, job: _Job) -> None:
        self.job = job
        self.assigned = list(job.todo)
        job.todo.clear()
        self.current = None
        self.conn.send([(i, job.raws[i]) for i in self.assigned])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """``workers`` processes analysing chunks, each document under ``settings.doc_timeout``.

    ``run(chunks)`` yields each chunk's outcomes in input order, one list per
    chunk, keeping at most ``2 * workers`` chunks in flight.
    """

    def __init__(self, settings: Settings, workers: int = 1, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.size = max(1, workers)
        self.timeout = settings.doc_timeout
        self.clock = clock
        # fork: a parent that already loaded the model hands it over for free.
        self._ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            if w.job is not None and not w.job.complete:
                w.kill()  # the run stopped early: its work is not wanted
                continue
            with contextlib.suppress(OSError):
                w.conn.send(None)
        deadline = time.monotonic() + 2
        for w in self._workers:
            w.process.join(timeout=max(0.0, deadline - time.monotonic()))
            w.kill()
        self._workers.clear()

    def _spawn(self) -> _Worker:
        if self._ctx.get_start_method() == "fork":
            # Loaded once here, the model is inherited by every worker,
            # and a worker that replaces an abandoned one starts at once.
            from .annotate.nlp import load_model

            load_model(self.settings.model)
        worker = _Worker(self._ctx, self.settings)
        self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)

    def run(self, chunks: Iterable[list[RawDocument]]) -> Iterator[list[Outcome]]:
        pending: deque[_Job] = deque()  # in input order, yielded from the left
        waiting: deque[_Job] = deque()  # jobs with documents no worker holds
        source = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.size:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                job = _Job(chunk)
                pending.append(job)
                if job.todo:
                    waiting.append(job)
            while pending and pending[0].complete:
                yield pending.popleft().results()
            if not pending:
                if exhausted:
                    return
                continue
            self._dispatch(waiting)
            self._collect()

    def _dispatch(self, waiting: deque[_Job]) -> None:
        idle = [w for w in self._workers if w.job is None]
        while waiting and (idle or len(self._workers) < self.size):
            worker = idle.pop() if idle else self._spawn()
            job = waiting.popleft()
            if not job.todo:
                continue
            try:
                worker.assign(job)
            except OSError:  # the worker died between jobs
                job.todo.extendleft(reversed(worker.assigned))
                waiting.appendleft(job)
                self._replace(worker)

    def _collect(self) -> None:
        busy = [w for w in self._workers if w.job is not None]
        if not busy:
            return
        wait_for: float | None = None
        if self.timeout > 0:
            now = self.clock()
            deadlines = [w.started + self.timeout - now for w in busy if w.current is not None]
            wait_for = max(0.0, min(deadlines)) if deadlines else self.timeout
        ready = wait([w.conn for w in busy], timeout=wait_for)
        for worker in busy:
            if worker.conn in ready:
                self._receive(worker)
        if self.timeout > 0:
            now = self.clock()
            for worker in [w for w in self._workers if w.job is not None and w.current is not None]:
                if now - worker.started > self.timeout:
                    self._abandon(worker, f"took too long (over {self.timeout} s); abandoned")

    def _receive(self, worker: _Worker) -> None:
        job = worker.job
        assert job is not None
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            worker.process.join(timeout=5)
            code = worker.process.exitcode if code is None else code
            why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            hint = " (out of memory?)" if code == -signal.SIGKILL else ""
            self._abandon(worker, f"worker process died ({why}){hint}")
            return
        kind = message[0]
        if kind == "start":
            worker.current = message[1]
            worker.started = self.clock()
        elif kind == "out":
            job.outcomes[message[1]] = message[2]
            worker.current = None
        elif kind == "done":
            worker.job = None
            worker.assigned = []
        elif kind == "fatal":
            self.close()
            raise message[1]

    def _abandon(self, worker: _Worker, problem: str) -> None:
        """Fail the document the worker is stuck on; hand the rest of its share to a new worker."""
        job = worker.job
        assert job is not None
        current = worker.current
        if current is None:  # died between documents: nothing of the next one ran yet
            unfinished = [i for i in worker.assigned if i not in job.outcomes]
            if unfinished:
                current = unfinished[0]
        if current is not None and current not in job.outcomes:
            source = job.raws[current].source
            log.warning("%s: %s", source, problem)
            job.outcomes[current] = Failure(source, problem)
        rest = [i for i in worker.assigned if i not in job.outcomes]
        self._replace(worker)
        if rest:
            job.todo.extend(rest)
            # Taken up by the next dispatch, before any newer chunk.
            self._requeue(job)

    def _requeue(self, job: _Job) -> None:
        worker = self._spawn()
        worker.assign(job)
