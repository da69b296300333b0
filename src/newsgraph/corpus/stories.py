"""Online story assignment: articles about the same real-world happening form a story.

Articles arrive one at a time (publication order, ingest order when undated)
and :meth:`StoryIndex.add` either joins the best-scoring story seen within the
time window or starts a new one. Nothing is ever reassigned, so the same
articles in the same order always give the same stories.

An article is an :class:`ArticleSignature`: weighted content terms (title and
lead weigh more than the rest of the body), names of people, of other named
things (organisations, groups...) and of places given as plain strings by the
caller, the dates its text states (TimeML values), and its publication date or
``None``. The index splits these into *views*: words, numbers (terms with a
digit), people (keyed by surname, so "Ilse Varga" and "Varga" meet), other
names, places, and, for an undated article, the days and years its text
states. Each view is a tf-idf vector of its own (idf from the articles seen so
far) and a story keeps one centroid per view; the score of an article against a
story is the weighted mean of the per-view cosines over the views the article
has, times ``1 + time_weight x`` a bonus that decays with the days between the
article and the story. Views keep a long body from drowning the few keys that
tell two similar happenings apart (who, where, when, how many), which a single
merged vector does.

Cost of :meth:`StoryIndex.add`: ``O(Q·L + C·M + T)`` with ``Q`` query keys
(``max_query_keys``), ``L`` postings read per key (``max_postings``), ``C``
scored candidates (``max_candidates``), ``M`` centroid keys per story
(``max_centroid_keys``) and ``T`` keys of the article: all bounded by
settings, none grows with the number of articles or stories seen. A story
that falls behind the window for good is closed: its centroid, titles and
postings go, its summary stays (articles, dates, headline, top names), so the
index holds the vectors of the current window's stories only and memory per
article outside it is one article id and a share of one summary. Postings of
closed stories that a pruned centroid no longer names are dropped when met.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..resources.lexicons import word_list

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_DAY = re.compile(r"(\d{4})(?:-(\d{2})-(\d{2}))?")
_POSSESSIVE = re.compile(r"['’]s?$")

# Key prefixes of the views other than words (a word key has no prefix).
_NUMBER = "n:"
_PERSON = "h:"
_ENTITY = "e:"
_PLACE = "p:"
_DAY_KEY = "d:"
_YEAR = "y:"
# An article as scoring reads it: key -> (view, weight x idf²), and view -> idf-weighted length.
_Query = tuple[dict[str, tuple[str, float]], dict[str, float]]
VIEWS = ("", _NUMBER, _PERSON, _ENTITY, _PLACE, _DAY_KEY, _YEAR)
# How many entities and places a story's summary names.
_TOP = 5


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` without function words or one-letter tokens."""
    stop = word_list("extract/stopwords")
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if len(w) > 1 and w not in stop]


def weigh_terms(
    title: Iterable[str],
    lead: Iterable[str],
    body: Iterable[str],
    *,
    title_weight: float = 2.0,
    lead_weight: float = 1.5,
) -> dict[str, float]:
    """Term weights from the words of the title, the lead and the rest of the body:
    each occurrence counts its part's weight, then ``1 + log`` damps repetition."""
    raw: dict[str, float] = {}
    for part, weight in ((title, title_weight), (lead, lead_weight), (body, 1.0)):
        for word in part:
            raw[word] = raw.get(word, 0.0) + weight
    return {term: 1.0 + math.log(count) if count > 1 else count for term, count in raw.items()}


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def surname(name: str) -> str:
    """The key of a person's name: its last word, lower-cased, without a possessive."""
    parts = name.split()
    return _POSSESSIVE.sub("", parts[-1].lower()) if parts else ""


def _view(key: str) -> str:
    return key[:2] if len(key) > 2 and key[1] == ":" else ""


@dataclass(frozen=True)
class ArticleSignature:
    """What story assignment knows of one article."""

    id: str
    published: date | None
    title: str
    terms: Mapping[str, float]
    entities: tuple[str, ...] = ()  # names other than people and places (organisations, groups...)
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # TimeML values the text states ("2031-03-10", "2031-03", "2031")


@dataclass(frozen=True)
class StoryParams:
    """The knobs of :class:`StoryIndex` (defaults tuned on ECB+ and GVC dev, see docs/benchmarks.md)."""

    threshold: float = 0.2
    word_weight: float = 6.0
    number_weight: float = 1.0
    person_weight: float = 2.0
    entity_weight: float = 1.0
    place_weight: float = 0.5
    day_weight: float = 1.0
    year_weight: float = 1.0
    time_weight: float = 0.3
    time_scale_days: float = 3.0
    window_days: int = 30
    window_articles: int = 20000
    max_query_keys: int = 32
    max_postings: int = 200
    max_candidates: int = 24
    max_centroid_keys: int = 400


@dataclass
class Story:
    """One story: its articles, dates and the vocabulary they share."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    first_seen: date | None = None
    last_seen: date | None = None
    last_position: int = 0
    centroid: dict[str, float] = field(default_factory=dict)
    entities: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    norm_cache: tuple[int, int, dict[str, float]] = (-1, -1, {})
    # Closed: behind the window for good, nothing can join it; only what its summary shows is kept.
    closed: bool = False

    def top_entities(self, n: int = _TOP) -> list[str]:
        return [name for name, _ in _most_named(self.entities, n)]

    def top_places(self, n: int = _TOP) -> list[str]:
        return [name for name, _ in _most_named(self.places, n)]


def _most_named(counts: Counter[str], n: int) -> list[tuple[str, int]]:
    """The ``n`` most counted names with their counts (ties: alphabetical)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def story_id(first_article_id: str) -> str:
    """A story's id: a hash of its first article's id (stable across reruns)."""
    return "s" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:15]


class StoryIndex:
    """Stories built online, with an inverted index from keys to the stories of the window."""

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params or StoryParams()
        self.stories: dict[str, Story] = {}
        self._of_article: dict[str, str] = {}
        self._df: Counter[str] = Counter()
        self._docs = 0
        self._postings: dict[str, dict[str, None]] = {}
        self._open: dict[str, None] = {}  # stories that may still be joined, least recently updated first

    def __len__(self) -> int:
        return len(self.stories)

    def story_of(self, article_id: str) -> str | None:
        return self._of_article.get(article_id)

    def _idf(self, key: str) -> float:
        return math.log((self._docs + 1) / (self._df.get(key, 0) + 1)) + 1.0

    def _weights(self) -> dict[str, float]:
        p = self.params
        return {
            "": p.word_weight,
            _NUMBER: p.number_weight,
            _PERSON: p.person_weight,
            _ENTITY: p.entity_weight,
            _PLACE: p.place_weight,
            _DAY_KEY: p.day_weight,
            _YEAR: p.year_weight,
        }

    def _vector(self, sig: ArticleSignature) -> dict[str, float]:
        """The article's keys with raw weights, each view scaled to unit length (a short
        article's few names weigh as much as a long one's many)."""
        weights = self._weights()
        raw: dict[str, float] = {}
        for term, w in sig.terms.items():
            if w > 0 and term:
                raw[(_NUMBER + term) if any(c.isdigit() for c in term) else term] = float(w)
        for prefix, keys in (
            (_PERSON, (surname(n) for n in sig.people)),
            (_ENTITY, (_norm(n) for n in sig.entities)),
            (_PLACE, (_norm(n) for n in sig.places)),
        ):
            for key, count in sorted(Counter(k for k in keys if k).items()):
                raw[prefix + key] = 1.0 + math.log(count)
        days: Counter[str] = Counter()
        years: Counter[str] = Counter()
        # With a publication date, the window and the time bonus place the article in time,
        # and the days its text states are mostly that same date, shared by everything
        # reported that week; without one, the stated dates are the only clue to its time.
        for value in sig.dates if sig.published is None else ():
            found = _DAY.match(value or "")
            if not found:
                continue
            years[found.group(1)] += 1
            if found.group(2):
                days[found.group(0)] += 1
        for prefix, counts in ((_DAY_KEY, days), (_YEAR, years)):
            for key, count in sorted(counts.items()):
                raw[prefix + key] = 1.0 + math.log(count)
        lengths: dict[str, float] = {}
        for key, w in raw.items():
            lengths[_view(key)] = lengths.get(_view(key), 0.0) + w * w
        return {k: w / math.sqrt(lengths[_view(k)]) for k, w in raw.items() if weights[_view(k)] > 0}

    def _in_window(self, story: Story, published: date | None, position: int) -> tuple[bool, float]:
        """Whether ``story`` is within the window of the article, and the time bonus (0..1)."""
        p = self.params
        if published is not None and story.last_seen is not None and story.first_seen is not None:
            if published < story.first_seen:
                gap = (story.first_seen - published).days
            elif published > story.last_seen:
                gap = (published - story.last_seen).days
            else:
                gap = 0
            if gap > p.window_days:
                return False, 0.0
            return True, math.exp(-gap / p.time_scale_days)
        return position - story.last_position <= p.window_articles, 0.0

    def _gone(self, story: Story, published: date | None, position: int) -> bool:
        """Whether ``story`` is behind the window for good (input comes in publication order)."""
        p = self.params
        if position - story.last_position > p.window_articles:
            return True
        if published is None or story.last_seen is None:
            return False
        return (published - story.last_seen).days > p.window_days

    def _story_norms(self, story: Story) -> dict[str, float]:
        """The idf-weighted length of each view of the story's centroid (recomputed when the
        story grew or the corpus grew by a fifth: idf drifts slowly)."""
        size, docs, value = story.norm_cache
        if size == len(story.article_ids) and docs * 1.2 >= self._docs:
            return value
        squares: dict[str, float] = {}
        # _idf and _view inlined: this loop is the index's hottest.
        log_docs = math.log(self._docs + 1) + 1.0
        df = self._df
        log = math.log
        for key, w in story.centroid.items():
            view = key[:2] if key[1:2] == ":" else ""
            weighted = w * (log_docs - log(df.get(key, 0) + 1))
            squares[view] = squares.get(view, 0.0) + weighted * weighted
        value = {view: math.sqrt(total) for view, total in squares.items()}
        story.norm_cache = (len(story.article_ids), self._docs, value)
        return value

    def _candidates(self, query: list[str], weights: dict[str, float], published: date | None) -> dict[str, float]:
        """Stories sharing a query key, in the window, with their shared weight."""
        p = self.params
        position = self._docs
        found: dict[str, float] = {}
        for key in query:
            posting = self._postings.get(key)
            if not posting:
                continue
            # Least recently updated first: drop the stale head, so each entry is dropped once.
            while posting:
                oldest = next(iter(posting))
                if not self._gone(self.stories[oldest], published, position):
                    break
                del posting[oldest]
            for read, sid in enumerate(reversed(posting)):
                if read >= p.max_postings:
                    break
                story = self.stories[sid]
                if not story.closed and self._in_window(story, published, position)[0]:
                    found[sid] = found.get(sid, 0.0) + weights[key]
        best = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_candidates]
        return dict(best)

    def score(self, sig: ArticleSignature, story: Story) -> float:
        """The similarity of an article to a story: the weighted mean over views of the
        tf-idf cosine against the story's centroid, scaled up by the time bonus."""
        return self._score(self._query(self._vector(sig)), sig.published, story)

    def _query(self, vector: dict[str, float]) -> _Query:
        """What scoring needs of an article, computed once for all its candidates: each key's
        weight times its idf squared (the centroid side is not idf-weighted) and the
        idf-weighted length of each view."""
        keys: dict[str, tuple[str, float]] = {}
        squares: dict[str, float] = {}
        for key, w in vector.items():
            idf = self._idf(key)
            view = _view(key)
            keys[key] = (view, w * idf * idf)
            squares[view] = squares.get(view, 0.0) + (w * idf) ** 2
        return keys, {view: math.sqrt(total) for view, total in squares.items()}

    def _score(self, query: _Query, published: date | None, story: Story) -> float:
        inside, bonus = self._in_window(story, published, self._docs)
        if not inside:
            return 0.0
        keys, norms = query
        weights = self._weights()
        dots: dict[str, float] = {}
        centroid = story.centroid
        for key, (view, v) in keys.items():
            found = centroid.get(key)
            if found is not None:
                dots[view] = dots.get(view, 0.0) + v * found
        story_norms = self._story_norms(story)
        # Only the views the article has count: an article without names or dates is judged
        # by its words alone, not marked down for what it does not say.
        value = total = 0.0
        for view, norm in norms.items():
            total += weights[view]
            dot = dots.get(view, 0.0)
            if dot > 0 and norm and story_norms.get(view):
                value += weights[view] * dot / (norm * story_norms[view])
        if not total:
            return 0.0
        # The time bonus scales what the content shares: two unrelated articles of one day
        # stay unrelated.
        return value / total * (1.0 + self.params.time_weight * bonus)

    def add(self, sig: ArticleSignature) -> str:
        """Assign ``sig`` to a story and return the story's id (the same article added
        twice keeps its first story and changes nothing)."""
        known = self._of_article.get(sig.id)
        if known is not None:
            return known
        p = self.params
        vector = self._vector(sig)
        # idf includes the article itself, so a key seen once before is not yet "common".
        self._docs += 1
        for key in vector:
            self._df[key] += 1
        self._close_gone(sig.published)
        query = self._query(vector)
        weights = self._weights()
        reach = {k: w * self._idf(k) * weights[_view(k)] for k, w in vector.items()}
        ranked = sorted(reach, key=lambda k: (-reach[k], k))[: p.max_query_keys]
        best_id, best_score = None, p.threshold
        for sid in self._candidates(ranked, reach, sig.published):
            value = self._score(query, sig.published, self.stories[sid])
            if value >= best_score and (best_id is None or value > best_score or sid < best_id):
                best_id, best_score = sid, value
        if best_id is None:
            best_id = story_id(sig.id)
            while best_id in self.stories:  # a hash clash between two first articles
                best_id = story_id(best_id)
            self.stories[best_id] = Story(id=best_id)
        self._join(self.stories[best_id], sig, vector)
        return best_id

    def _close_gone(self, published: date | None) -> None:
        """Close the stories behind the window for good (input in publication order: the
        least recently updated go first), so that memory holds the window's stories, not all.
        A closed story keeps its articles, dates, headline and top names; its centroid,
        titles and postings go. Out-of-order input cannot reopen one."""
        position = self._docs
        while self._open:
            oldest = self.stories[next(iter(self._open))]
            if not self._gone(oldest, published, position):
                return
            del self._open[oldest.id]
            self._close(oldest)

    def _close(self, story: Story) -> None:
        title = self.headline(story)
        story.titles = {title: ()} if title else {}
        for counts in (story.entities, story.places):
            kept = _most_named(counts, _TOP)
            counts.clear()
            counts.update(dict(kept))
        for key in story.centroid:
            posting = self._postings.get(key)
            if posting is not None:
                posting.pop(story.id, None)
                if not posting:
                    del self._postings[key]
        story.centroid = {}
        story.norm_cache = (-1, -1, {})
        story.closed = True

    def _join(self, story: Story, sig: ArticleSignature, vector: dict[str, float]) -> None:
        p = self.params
        self._open.pop(story.id, None)
        self._open[story.id] = None
        story.article_ids.append(sig.id)
        self._of_article[sig.id] = story.id
        story.last_position = self._docs
        if sig.published is not None:
            story.first_seen = min(story.first_seen or sig.published, sig.published)
            story.last_seen = max(story.last_seen or sig.published, sig.published)
        for key, w in vector.items():
            story.centroid[key] = story.centroid.get(key, 0.0) + w
        if len(story.centroid) > 2 * p.max_centroid_keys:
            kept = sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_centroid_keys]
            story.centroid = dict(kept)
        story.entities.update(_norm(n) for n in sig.people + sig.entities if n.strip())
        story.places.update(_norm(n) for n in sig.places if n.strip())
        title = " ".join(sig.title.split())
        if title and title not in story.titles:
            story.titles[title] = tuple(words(title))
        for key in vector:
            posting = self._postings.setdefault(key, {})
            posting.pop(story.id, None)
            posting[story.id] = None  # most recently updated last
        story.norm_cache = (-1, -1, {})

    def headline(self, story: Story) -> str:
        """The member title closest to the story's centroid (ties: the earliest title)."""
        best, best_value = "", -1.0
        for title, terms in story.titles.items():
            if not terms:
                value = 0.0
            else:
                counts = Counter(terms)
                norm = math.sqrt(sum((c * self._idf(t)) ** 2 for t, c in counts.items()))
                value = sum(c * self._idf(t) * story.centroid.get(t, 0.0) * self._idf(t) for t, c in counts.items())
                value /= norm or 1.0
            if value > best_value:
                best, best_value = title, value
        return best

    def summary(self, story_id_: str) -> dict[str, Any]:
        """A story as plain data: id, headline, first/last seen, articles, top entities and places."""
        story = self.stories[story_id_]
        return {
            "id": story.id,
            "title": self.headline(story),
            "first_seen": story.first_seen.isoformat() if story.first_seen else None,
            "last_seen": story.last_seen.isoformat() if story.last_seen else None,
            "articles": list(story.article_ids),
            "entities": story.top_entities(),
            "places": story.top_places(),
        }

    def assignments(self) -> dict[str, str]:
        """Every article id seen, with its story id."""
        return dict(self._of_article)
