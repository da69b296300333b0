"""Library entry points: ``analyze`` (no database) and ``ingest`` (store).

The CLI is a thin layer over these two functions. Both take the same inputs
and never stop at a bad one: each failure becomes a one-line ``Failure`` and
the run goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO

from .config import Settings
from .records import RawDocument
from .store import Store, conflict_message, conflicts as _conflicts
from .workers import Failure, Outcome, WorkerPool, analyze_in_process

__all__ = ["Failure", "IngestReport", "Outcome", "analyze", "ingest", "process"]


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    empty: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    # Every document this run read that the store holds, new or not; only
    # kept when asked for (keep_ids), so memory stays flat on big corpora.
    ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


ProgressHook = Callable[[IngestReport], None]


def _analyze_chunks(chunks: Iterable[list[RawDocument]], settings: Settings, workers: int) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes, in order: in worker processes under the time budget, or here without one."""
    if workers <= 1 and settings.doc_timeout <= 0:
        for chunk in chunks:
            yield analyze_in_process(chunk, settings)
        return
    with WorkerPool(settings, workers) as pool:
        yield from pool.run(chunks)


def _read(paths: Sequence[str], settings: Settings, stdin: BinaryIO | None) -> Iterator[RawDocument | Failure]:
    from .io.readers import ReadFailure, iter_documents

    for item in iter_documents(paths, max_bytes=settings.max_bytes, stdin=stdin):
        if isinstance(item, ReadFailure):
            yield Failure(item.source, item.error.message, getattr(item, "reason", "failed"))
        else:
            yield item


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def process(
    paths: Sequence[str],
    settings: Settings,
    *,
    workers: int = 1,
    skip: Callable[[list[str]], Mapping[str, str | None]] | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[tuple[list[Outcome], list[str]]]:
    """Read, extract and analyse, yielding (outcomes, skipped ids) per chunk.

    ``skip`` returns the ids among a chunk's that need no work (already
    stored), each with its stored content hash; they and repeats within the
    run are counted, not re-analysed. A document reusing a stored id for
    other content is a Failure: the stored document is kept.
    Without ``skip`` every input is analysed. Memory is bounded: at most
    ``2 * workers`` chunks are in flight whatever the corpus size.
    """
    # One chunk is one unit of work and one transaction. With several
    # workers, smaller chunks keep them all busy on small inputs.
    chunk_size = settings.batch_size if workers <= 1 else max(1, min(settings.batch_size, 8))

    def prepared() -> Iterator[tuple[list[RawDocument], list[Failure], list[str]]]:
        for chunk in _chunks(_read(paths, settings, stdin), chunk_size):
            raws = [c for c in chunk if isinstance(c, RawDocument)]
            failures = [c for c in chunk if isinstance(c, Failure)]
            if skip is None:  # analysing, not storing: every input gets its output
                yield raws, failures, []
                continue
            stored = skip([r.id for r in raws])
            todo, skipped = [], []
            seen: dict[str, str | None] = {}
            for r in raws:
                if r.id in stored and _conflicts(stored[r.id], r.content_hash):
                    failures.append(Failure(r.source, conflict_message(r.id, stored[r.id], r.content_hash)))
                elif r.id in stored or (r.id in seen and not _conflicts(seen[r.id], r.content_hash)):
                    skipped.append(r.id)
                else:
                    # A repeat with other content is analysed too: the store
                    # decides which came first once the chunk is written
                    # (the first may yet fail), and reports the other.
                    seen.setdefault(r.id, r.content_hash)
                    todo.append(r)
            yield todo, failures, skipped

    # The prepared chunks run ahead of the analysis by the pool's window;
    # their failures and skipped ids wait beside them, in order.
    ready: deque[tuple[list[Failure], list[str]]] = deque()

    def todo_only() -> Iterator[list[RawDocument]]:
        for todo, failures, skipped in prepared():
            ready.append((failures, skipped))
            yield todo

    for outcomes in _analyze_chunks(todo_only(), settings, workers):
        failures, skipped = ready.popleft()
        yield [*failures, *outcomes], skipped


def analyze(
    paths: Sequence[str],
    settings: Settings,
    *,
    workers: int = 1,
    stdin: BinaryIO | None = None,
) -> Iterator[Outcome]:
    """Analyse inputs without touching a database, one outcome per document."""
    for outcomes, _ in process(paths, settings, workers=workers, stdin=stdin):
        yield from outcomes


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    workers: int = 1,
    on_progress: ProgressHook | None = None,
    stdin: BinaryIO | None = None,
    keep_ids: bool = False,
    corpus: bool = True,
) -> IngestReport:
    """Analyse inputs and store them, batch by batch, idempotently.

    With ``corpus`` (the default) each batch's corpus changes (syndication,
    stories, corpus events and entities) are written in the batch's
    transaction; without it the corpus tables wait for the next ingest that
    has it, or for ``corpus rebuild``.
    """
    from .corpus_sync import CorpusSync

    report = IngestReport()
    seen: set[str] = set()
    sync = CorpusSync(store) if corpus else None

    def remember(ids: Iterable[str]) -> None:
        if keep_ids:
            for i in ids:
                if i not in seen:
                    seen.add(i)
                    report.ids.append(i)

    for outcomes, skipped in process(paths, settings, workers=workers, skip=store.stored_hashes, stdin=stdin):
        report.read += len(skipped)
        report.duplicate += len(skipped)
        remember(skipped)
        docs = []
        for o in outcomes:
            report.read += 1
            if isinstance(o, Failure):
                if o.reason == "empty":
                    report.empty += 1
                else:
                    report.failed += 1
                report.failures.append(o)
            else:
                docs.append(o)
        if docs:
            # A database error is not an input's fault: it stops the run
            # (StoreError), and what earlier batches committed stays.
            try:
                written = store.write_batch(docs, sync)
            except BaseException:
                if sync is not None:
                    sync.reset()  # the layer ran ahead of what was committed
                raise
            stored_ids, dup = written.stored, written.duplicates
            stored = set(stored_ids)
            if written.conflicts:
                # Rare: one more query, for the kinds of id that clash.
                kept = store.stored_hashes(d.id for d in written.conflicts)
            for d in written.conflicts:
                report.failed += 1
                report.failures.append(
                    Failure(d.source, conflict_message(d.id, kept.get(d.id), d.article.content_hash))
                )
            # An article with no text is stored (so a rerun skips it) but
            # counted as empty, so the four counts add up to what was read.
            empty = sum(1 for d in docs if d.id in stored and "empty" in d.article.flags)
            report.empty += empty
            report.stored += len(stored_ids) - empty
            report.duplicate += dup
            remember(d.id for d in docs)
        if on_progress:
            on_progress(report)
    if sync is not None:
        sync.save()
    return report
