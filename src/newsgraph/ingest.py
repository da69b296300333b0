"""Library entry points: ``analyze`` (no database) and ``ingest`` (store).

The CLI is a thin layer over these two functions. Both take the same inputs
and never stop at a bad one: each failure becomes a one-line ``Failure`` and
the run goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO

from .config import Settings
from .records import AnalyzedDocument, RawDocument
from .store import Store, conflict_message, conflicts as _conflicts


@dataclass
class Failure:
    source: str
    message: str  # one line, naming the problem
    reason: str = "failed"  # "failed" | "empty"


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


Outcome = AnalyzedDocument | Failure
ProgressHook = Callable[[IngestReport], None]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _analyze_chunk(raws: list[RawDocument], settings: Settings) -> list[Outcome]:
    """Extract and analyse a chunk; a document that fails yields a Failure."""
    from .extract import extract_article
    from .nlp import load_model
    from .pipeline import analyze_article

    nlp = load_model(settings.model)
    outcomes: list[Outcome | None] = [None] * len(raws)
    articles = []
    for i, raw in enumerate(raws):
        try:
            articles.append((i, extract_article(raw, plain=settings.plain)))
        except Exception as exc:  # one bad page must not sink the batch
            outcomes[i] = Failure(raw.source, f"extraction failed: {_one_line(exc)}")
    limit = settings.max_analysis_chars
    for _, article in articles:
        if len(article.body) > limit:
            article.flags.append("analysis-truncated")
    # Small spaCy batches: tok2vec activations for a batch of long articles
    # dominate peak memory, and larger batches buy little speed on CPU.
    docs: Iterator | None = iter(nlp.pipe([a.body[:limit] for _, a in articles], batch_size=4))
    for i, article in articles:
        try:
            doc = None
            if docs is not None:
                try:
                    doc = next(docs)
                except StopIteration:
                    docs = None
                except Exception:
                    # A document broke the batched pass, which cannot go on:
                    # parse the rest one by one so only that document fails.
                    docs = None
            if doc is None:
                doc = nlp(article.body[:limit])
            outcomes[i] = analyze_article(article, settings, doc=doc)
        except Exception as exc:
            outcomes[i] = Failure(raws[i].source, f"analysis failed: {_one_line(exc)}")
    return [o for o in outcomes if o is not None]


def _read(paths: Sequence[str], settings: Settings, stdin: BinaryIO | None) -> Iterator[RawDocument | Failure]:
    from .readers import ReadFailure, iter_documents

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
                    failures.append(Failure(r.source, conflict_message(r.id)))
                elif r.id in stored or (r.id in seen and not _conflicts(seen[r.id], r.content_hash)):
                    skipped.append(r.id)
                else:
                    # A repeat with other content is analysed too: the store
                    # decides which came first once the chunk is written
                    # (the first may yet fail), and reports the other.
                    seen.setdefault(r.id, r.content_hash)
                    todo.append(r)
            yield todo, failures, skipped

    if workers <= 1:
        for todo, failures, skipped in prepared():
            yield [*failures, *_analyze_chunk(todo, settings)], skipped
        return

    pending: deque[tuple[Future, list[Failure], list[str]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for todo, failures, skipped in prepared():
            pending.append((pool.submit(_analyze_chunk, todo, settings), failures, skipped))
            if len(pending) >= 2 * workers:
                fut, fl, sk = pending.popleft()
                yield [*fl, *fut.result()], sk
        while pending:
            fut, fl, sk = pending.popleft()
            yield [*fl, *fut.result()], sk


def analyze(
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    workers: int = 1,
    stdin: BinaryIO | None = None,
) -> Iterator[Outcome]:
    """Analyse inputs without touching a database, one outcome per document."""
    settings = settings or Settings.from_env()
    for outcomes, _ in process(paths, settings, workers=workers, stdin=stdin):
        yield from outcomes


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    on_progress: ProgressHook | None = None,
    stdin: BinaryIO | None = None,
    keep_ids: bool = False,
) -> IngestReport:
    """Analyse inputs and store them, batch by batch, idempotently."""
    settings = settings or Settings.from_env()
    report = IngestReport()
    seen: set[str] = set()

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
            written = store.write_batch(docs)
            stored_ids, dup = written.stored, written.duplicates
            stored = set(stored_ids)
            for d in written.conflicts:
                report.failed += 1
                report.failures.append(Failure(d.source, conflict_message(d.id)))
            # An article with no text is stored (so a rerun skips it) but
            # counted as empty, so the four counts add up to what was read.
            empty = sum(1 for d in docs if d.id in stored and "empty" in d.article.flags)
            report.empty += empty
            report.stored += len(stored_ids) - empty
            report.duplicate += dup
            remember(d.id for d in docs)
        if on_progress:
            on_progress(report)
    return report
