"""What the corpus layer reads of one analysed article: its story signature.

Everything here comes from the stored per-article record (``AnalyzedDocument``),
never from a parse, so ``corpus rebuild`` can recompute it from the store.
Terms are the body's lower-cased content words (``stories.words``), the title
and the lead weighing more; people are the names of persons, entities the
names of organisations, groups and other named things, places the names of
geopolitical entities and locations (one per name mention); dates the resolved
TimeML values of the text's dates.
"""

from __future__ import annotations

from datetime import date

from ..records import AnalyzedDocument
from .stories import ArticleSignature, weigh_terms, words

__all__ = ["ENTITY_TYPES", "LEAD_CHARS", "PERSON_TYPES", "PLACE_TYPES", "publication_date", "signature"]

LEAD_CHARS = 400
PERSON_TYPES = frozenset({"PERSON"})
ENTITY_TYPES = frozenset({"ORG", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"})
PLACE_TYPES = frozenset({"GPE", "LOC"})


def publication_date(doc: AnalyzedDocument) -> date | None:
    """The article's publication day, or None when unknown or unreadable."""
    value = doc.article.published
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def signature(doc: AnalyzedDocument) -> ArticleSignature:
    """The story signature of ``doc``: weighted terms, entity and place names (one per mention), its date."""
    article = doc.article
    title = article.title or ""
    body = article.body or ""
    # A plain body may start with its own title: those words count once, as title.
    rest = body[len(title) :] if title and body.startswith(title) else body
    terms = weigh_terms(words(title), words(rest[:LEAD_CHARS]), words(rest[LEAD_CHARS:]))
    people: list[str] = []
    entities: list[str] = []
    places: list[str] = []
    for entity in doc.entities:
        names = [m.text for m in entity.mentions if m.kind == "name"] or [entity.name]
        if entity.type in PERSON_TYPES:
            people.extend(names)
        elif entity.type in ENTITY_TYPES:
            entities.extend(names)
        elif entity.type in PLACE_TYPES:
            places.extend(names)
    dates = tuple(t.value for t in doc.times if t.type in ("DATE", "TIME") and t.value)
    return ArticleSignature(
        doc.id, publication_date(doc), title, terms, tuple(entities), tuple(places), tuple(people), dates
    )
