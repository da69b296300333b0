"""The corpus layer run as a user runs it, for the cross-document evaluations.

A gold set's documents are analysed by the real pipeline in plain mode (the
body is the gold text, so predicted offsets are gold offsets), stored in a
temporary database in publication order (file order among equal or missing
dates) with the corpus layer updated batch by batch, exactly as ``ingest``
does, and read back through the same library calls as ``newsgraph stories``,
``events`` and ``entities --format jsonl``. The held-out halves are measured
elsewhere from those commands' output, so both measure the same thing.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import EvaluationError
from ..records import AnalyzedDocument

BATCH = 64


@dataclass
class CorpusOutputs:
    """The JSONL objects of ``stories``, ``events`` and ``entities`` for one run."""

    stories: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    seconds_per_article: float = 0.0


def analysed(folder: Path, settings: Settings) -> list[AnalyzedDocument]:
    """The documents of ``folder/docs.jsonl`` analysed in plain mode, in file order."""
    from ..ingest import Failure, analyze

    path = Path(folder) / "docs.jsonl"
    if not path.exists():
        raise EvaluationError("no docs.jsonl", source=str(folder))
    plain = Settings(model=settings.model, plain=True, doc_timeout=0)
    documents: list[AnalyzedDocument] = []
    for outcome in analyze([str(path)], plain):
        if isinstance(outcome, Failure):
            raise EvaluationError(f"{outcome.source}: {outcome.message}", source=str(path))
        documents.append(outcome)
    return documents


def _published(doc: AnalyzedDocument) -> date | None:
    try:
        return date.fromisoformat((doc.article.published or "")[:10])
    except ValueError:
        return None


def publication_order(documents: Sequence[AnalyzedDocument]) -> list[int]:
    """Indexes by publication date, file order among equal dates; undated ones after, in file order."""
    dates = [_published(d) for d in documents]
    return sorted(range(len(documents)), key=lambda i: (dates[i] is None, dates[i] or date.min, i))


def run_corpus(documents: Sequence[AnalyzedDocument], order: Sequence[int] | None = None) -> CorpusOutputs:
    """Store ``documents`` (in ``order``, default publication order) with the corpus layer, in a
    temporary database, and read the stories, corpus events and corpus entities back."""
    from ..corpus_sync import CorpusSync
    from ..store import Store

    if order is None:
        order = publication_order(documents)
    ordered = [documents[i] for i in order]
    with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmp, Store(Path(tmp) / "eval.duckdb") as store:
        sync = CorpusSync(store)
        started = time.perf_counter()
        for at in range(0, len(ordered), BATCH):
            store.write_batch(ordered[at : at + BATCH], sync)
        elapsed = time.perf_counter() - started
        return CorpusOutputs(
            stories=store.stories(limit=0),
            events=store.corpus_events(limit=0),
            entities=store.corpus_entities(limit=0),
            seconds_per_article=elapsed / max(len(ordered), 1),
        )
