"""The analysis pipeline: raw document -> article -> annotations -> facts.

Each stage is a plain function over typed records; this module only wires
them in order. I/O stays in ``readers`` (in) and ``store``/``cli`` (out).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .config import Settings
from .records import AnalyzedDocument, Article, RawDocument


def analyze_article(article: Article, settings: Settings, doc=None) -> AnalyzedDocument:
    """Annotate one extracted article and derive its facts."""
    from . import counts, entities, events, quotes, times
    from .nlp import load_model

    result = AnalyzedDocument(id=article.id, source=article.source, article=article)
    if not article.body.strip():
        return result
    if doc is None:
        doc = load_model(settings.model)(article.body)
    entities.refine_entities(doc)
    result.entities = entities.extract_entities(doc)
    result.times = times.extract_times(doc.text, anchor=article.published)
    result.counts = counts.extract_counts(doc)
    result.quotes = quotes.extract_quotes(doc, result.entities)
    result.events = events.extract_events(
        doc,
        entities=result.entities,
        times=result.times,
        counts=result.counts,
        published=article.published,
    )
    return result


def analyze_documents(
    raws: Iterable[RawDocument], settings: Settings, *, nlp_batch: int = 32
) -> Iterator[AnalyzedDocument]:
    """Extract and analyse a stream of documents, batching the spaCy pass."""
    from .extract import extract_article
    from .nlp import load_model

    nlp = load_model(settings.model)
    articles = (extract_article(raw, plain=settings.plain) for raw in raws)
    buffer: list[Article] = []

    def flush() -> Iterator[AnalyzedDocument]:
        docs = nlp.pipe((a.body for a in buffer), batch_size=nlp_batch)
        for article, doc in zip(buffer, docs):
            yield analyze_article(article, settings, doc=doc)
        buffer.clear()

    for article in articles:
        buffer.append(article)
        if len(buffer) >= nlp_batch:
            yield from flush()
    if buffer:
        yield from flush()
