"""The analysis pipeline: raw document -> article -> annotations -> facts.

Each stage is a plain function over typed records; this module only wires
them in order. I/O stays in ``readers`` (in) and ``store``/``cli`` (out);
batching over many documents lives in ``ingest``.
"""

from __future__ import annotations

from ..config import Settings
from ..records import AnalyzedDocument, Article


def analyze_article(article: Article, settings: Settings, doc=None) -> AnalyzedDocument:
    """Annotate one extracted article and derive its facts."""
    from . import counts, entities, events, quotes, times
    from .nlp import load_model

    result = AnalyzedDocument(id=article.id, source=article.source, article=article)
    if not article.body.strip():
        return result
    nlp = load_model(settings.model)
    if doc is None:
        doc = nlp(article.body[: settings.max_analysis_chars])
    entities.refine_entities(doc, nlp=nlp)
    result.entities = entities.extract_entities(doc)
    result.times = times.extract_times(doc.text, anchor=_anchor(article))
    result.counts = counts.extract_counts(doc)
    result.quotes = quotes.extract_quotes(doc, result.entities)
    result.events = events.extract_events(
        doc,
        entities=result.entities,
        times=result.times,
        counts=result.counts,
        published=article.published,
    )
    main = events.main_event(result.events)
    result.main_event = main.id if main is not None else None
    return result


def _anchor(article: Article) -> str | None:
    """The publication date as an anchor for relative dates, if it is one.

    A date known only to the year or month would resolve "yesterday" to an
    invented day; relative expressions then stay unresolved instead.
    """
    if article.published_precision in ("year", "month"):
        return None
    return article.published
