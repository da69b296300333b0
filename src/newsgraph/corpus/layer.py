"""The corpus layer as one online process: each analysed article, in arrival
order, is placed in a syndication group and a story, its entities resolved to
corpus entities and its events merged into corpus events.

``CorpusLayer.add`` takes one article; ``CorpusLayer.flush`` returns what the
articles added since the last flush change in the corpus tables: their own
rows, and the current state of every group, story, corpus event and corpus
entity they touched (the store replaces those rows). The store writes a
batch's articles and its changes in one transaction.

The layer is a pure function of the articles it was given and their order:
replaying the stored articles in their arrival order (``seq``) rebuilds the
state an interrupted run had, and ``corpus rebuild`` gives the same tables as
the incremental path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import AnalyzedDocument, CorpusArticle, CorpusChanges, CorpusStory, SyndicationGroup
from ..resources.sites import registered_domain
from .entities import EntityParams, EntityResolver
from .events import EventMerger, MergeParams
from .signature import publication_date, signature
from .stories import StoryIndex, StoryParams
from .syndication import SyndicationIndex

__all__ = ["CorpusLayer", "LayerParams"]


@dataclass(frozen=True)
class LayerParams:
    stories: StoryParams = field(default_factory=StoryParams)
    entities: EntityParams = field(default_factory=EntityParams)
    events: MergeParams = field(default_factory=MergeParams)


@dataclass
class _Tally:
    """Distinct sites and independent sources of a story or a group, kept as articles join."""

    articles: int = 0
    sites: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    def count(self, article: CorpusArticle) -> None:
        self.articles += 1
        # An article with no known site counts as a site of its own, like its source.
        self.sites.add(article.site or "article:" + article.article_id)
        self.sources.add(article.independent_source)


class CorpusLayer:
    """Syndication, stories, corpus entities and corpus events, built one article at a time."""

    def __init__(self, params: LayerParams | None = None, *, seq: int = 0) -> None:
        self.params = params or LayerParams()
        self.syndication = SyndicationIndex()
        self.stories = StoryIndex(self.params.stories)
        self.entities = EntityResolver(self.params.entities)
        self.events = EventMerger(self.params.events)
        self.seq = seq
        self._placed: dict[str, CorpusArticle] = {}
        self._site: dict[str, str | None] = {}
        self._groups: dict[str, _Tally] = {}
        self._story_tally: dict[str, _Tally] = {}
        self._pending = CorpusChanges()
        self._touched_groups: dict[str, None] = {}
        self._touched_stories: dict[str, None] = {}
        self._touched_events: dict[str, None] = {}
        self._touched_entities: dict[str, None] = {}

    def __len__(self) -> int:
        return len(self._placed)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._placed

    def placed(self, article_id: str) -> CorpusArticle | None:
        return self._placed.get(article_id)

    def add(self, doc: AnalyzedDocument) -> CorpusArticle:
        """Place one article (an article already placed keeps its place, and changes nothing)."""
        known = self._placed.get(doc.id)
        if known is not None:
            return known
        article = doc.article
        site = registered_domain(article.url) if article.url else None
        published = publication_date(doc)
        copy = self.syndication.add(doc.id, article.body or "", site, self.seq)
        self._site[doc.id] = site
        original_site = self._site.get(copy.original_id)
        story_id = self.stories.add(signature(doc))
        placed = CorpusArticle(
            article_id=doc.id,
            seq=self.seq,
            site=site,
            published=published.isoformat() if published else None,
            syndication_group=copy.group_id,
            original=copy.original_id,
            independent_source=original_site or copy.group_id,
            story_id=story_id,
        )
        self.seq += 1
        self._placed[doc.id] = placed
        self._groups.setdefault(copy.group_id, _Tally()).count(placed)
        self._story_tally.setdefault(story_id, _Tally()).count(placed)
        self._touched_groups[copy.group_id] = None
        self._touched_stories[story_id] = None
        self._pending.articles.append(placed)

        members = self.entities.add(doc, story_id=story_id, seq=placed.seq)
        self._pending.members.extend(members)
        for member in members:
            self._touched_entities[member.corpus_entity_id] = None
        reports = self.events.add(
            doc,
            story_id=story_id,
            members={m.entity_id: m.corpus_entity_id for m in members},
            site=site,
            independent_source=placed.independent_source,
            seq=placed.seq,
        )
        self._pending.reports.extend(reports)
        for report in reports:
            self._touched_events[report.event_id] = None
        return placed

    def story(self, story_id: str) -> CorpusStory:
        summary = self.stories.summary(story_id)
        tally = self._story_tally[story_id]
        return CorpusStory(
            id=story_id,
            title=summary["title"],
            first_seen=summary["first_seen"],
            last_seen=summary["last_seen"],
            num_articles=tally.articles,
            num_sites=len(tally.sites),
            num_sources=len(tally.sources),
            entities=summary["entities"],
            places=summary["places"],
        )

    def group(self, group_id: str) -> SyndicationGroup:
        tally = self._groups[group_id]
        return SyndicationGroup(
            id=group_id,
            original=self.syndication.result(group_id).original_id,
            num_articles=tally.articles,
            num_sites=len(tally.sites),
        )

    def flush(self) -> CorpusChanges:
        """The changes of the articles added since the last flush; the layer then starts a new batch."""
        changes = self._pending
        changes.groups = [self.group(g) for g in self._touched_groups]
        changes.stories = [self.story(s) for s in self._touched_stories]
        changes.events = [self.events.event(e) for e in self._touched_events]
        changes.entities = [self.entities.entity(e) for e in self._touched_entities]
        self._pending = CorpusChanges()
        self._touched_groups.clear()
        self._touched_stories.clear()
        self._touched_events.clear()
        self._touched_entities.clear()
        return changes
