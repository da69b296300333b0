"""Cross-document entities: each article's entities resolved, online, to corpus entities.

Articles arrive one at a time (the corpus order) and every entity of an article
either joins a corpus entity seen before or starts a new one; nothing is ever
reassigned, so the same articles in the same order always give the same ids.
An article's entities are resolved longest name first, so a surname alone
meets the full name its own article gave.

Evidence, per article entity against a candidate corpus entity:

* **names**: the normalised forms (accents folded, case folded, punctuation
  dropped; honorifics and generational suffixes dropped for people, legal-form
  words for organisations) of the entity's name, aliases and name mentions.
  *exact*: a form in common. *variant*: the same number of words, each equal,
  an initial of the other, or a spelling of it (rapidfuzz ratio at least
  ``fuzzy_ratio``, same first letter, both of 4 letters or more: "Dravinski",
  "Dravinsky"); for people also the same surname with a compatible first name
  (an initial, a short form: "Fred", "Frederick") whatever the middle names;
  for organisations an acronym of the other's words ("MTA", "Marrowby Transit
  Authority"). *partial*: a surname alone against a full name ("Dravinsky",
  "Orlan Dravinsky"), or a run of the other's words (a team's nickname,
  an organisation's leading words, a name inside a headline's capitalised
  words; a run that does not start the longer name needs ``min_inner_run``
  letters). Two full names of people with the same surname and incompatible
  first names never match.
* **type**: only entities of one resolution group (``corpus/entities_type_groups.tsv``;
  GPE and LOC are one group) match on a variant or partial name; another group
  joins only on the same name (the tagger's types are noisy: a gulf is a
  facility here, a location there) or as a person's surname with context.
* **context**: the same story (``story_points``), names of the article's most
  mentioned other entities that the corpus entity co-occurred with before (one
  point each, at most ``max_neighbour_points``), and the article's main
  country from its places (``country_points``, 0 by default: it gained nothing
  on the development sets). A person's known country that differs from the
  candidate's blocks the merge.

Decision: an exact full name (two words or more), an exact name in one
non-person group, and an exact name of a *global* group (places and
nationalities, ``corpus/entities_global_groups.txt``) merge with no context;
so a place merges everywhere by its name. A surname alone, a one-word person
name or any other partial match needs ``context_partial`` points, a variant
``context_variant``: two people who share a surname in unrelated stories stay
two. Among the candidates that qualify: exact or variant names before partial
ones, then context, then the stronger name, then the entity with more
articles, then the smaller id (so a second entity started by a name variant
stops growing once the first is the better match).

Candidate retrieval blocks on name keys: every full form, the last word
(people's surnames, teams' nicknames) and each word of a person's name of
three words or more, an organisation's first word and acronym, a consonant
skeleton of the surname or longest word ("drvnsk" for both "Dravinski" and
"Dravinsky") and its first four letters. A key's postings hold the corpus
entities most recently extended last, trimmed to the last ``2 * max_postings``
entries; at most ``max_postings`` distinct ones are read per key, and at most
``max_candidates`` (those hit by most keys) are scored. Cost of
:meth:`EntityResolver.add`: ``O(E · (K·P + C·F²))`` for ``E`` entities in the
article, ``K`` keys each, ``P`` postings read, ``C`` candidates and ``F`` forms
(at most ``max_forms``): bounded by the parameters, not by the corpus size.

Memory, linear in what is seen: per corpus entity its forms (at most
``max_forms``), display names (at most ``max_names``), co-occurring names (at
most ``2 * max_neighbours``), its last ``max_stories`` story ids and counters;
per article its (entity id, corpus entity id) pairs; per key at most
``4 * max_postings`` ids. Measured on ECB+ dev (13 entities an article): about
3 KB per corpus entity, 13 KB per article in all (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..records import AnalyzedDocument, CorpusEntity, Entity, EntityMember
from ..resources.lexicons import pairs, word_list

__all__ = ["EntityParams", "EntityResolver", "corpus_entity_id", "name_forms", "normalise"]

_NOT_WORD = re.compile(r"[^\w]+|_")
_VOWELS = frozenset("aeiouyhw")
EXACT, VARIANT, PARTIAL = 3, 2, 1


@dataclass(frozen=True)
class EntityParams:
    """The knobs of :class:`EntityResolver` (defaults measured on MEANTIME and ECB+ dev, docs/benchmarks.md)."""

    fuzzy_ratio: float = 85.0
    min_fuzzy_len: int = 4
    min_prefix_len: int = 5
    min_inner_run: int = 4
    context_partial: int = 2
    context_variant: int = 1
    story_points: int = 2
    max_neighbour_points: int = 2
    country_points: int = 0
    max_postings: int = 32
    max_candidates: int = 16
    max_neighbours: int = 64
    max_query_neighbours: int = 32
    max_stories: int = 16
    max_names: int = 64
    max_forms: int = 32
    max_name_words: int = 6


def normalise(name: str) -> str:
    """``name`` case folded, accents dropped, punctuation and spacing collapsed to single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def _group(entity_type: str) -> str:
    return pairs("corpus/entities_type_groups").get(entity_type, entity_type.lower())


def name_forms(name: str, group: str) -> tuple[str, ...] | None:
    """The normalised tokens of one name of an entity of ``group``, without the words that
    are not part of the name (None when nothing is left)."""
    tokens = normalise(name).replace("'s", "").split()
    if group == "person":
        affixes = word_list("corpus/entities_name_affixes")
        tokens = [t for t in tokens if t not in affixes]
    elif group == "org":
        suffixes = word_list("corpus/entities_org_suffixes")
        kept = [t for t in tokens if t not in suffixes]
        tokens = kept or tokens
    return tuple(tokens) or None


def _skeleton(token: str) -> str:
    """First letter and the consonants after it, repeats collapsed: one key for spelling variants."""
    out = [token[0]]
    for c in token[1:]:
        if c in _VOWELS or c == out[-1]:
            continue
        out.append(c)
    return "".join(out)


def acronym(form: tuple[str, ...]) -> str | None:
    """The initials of a name of two words or more, without the words acronyms skip."""
    skips = word_list("corpus/entities_acronym_skips")
    kept = [t for t in form if t not in skips]
    return "".join(t[0] for t in kept) if len(kept) > 1 else None


def corpus_entity_id(article_id: str, entity_id: str) -> str:
    """A corpus entity's id: a hash of its first member (stable across reruns)."""
    return "ce" + hashlib.sha1(f"{article_id}\x00{entity_id}".encode()).hexdigest()[:15]


def _tokens_match(a: str, b: str, ratio: float, min_len: int) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return len(a) >= min_len and len(b) >= min_len and a[0] == b[0] and fuzz.ratio(a, b) >= ratio


def _run_of(a: tuple[str, ...], b: tuple[str, ...], min_inner: int = 0) -> bool:
    """Whether the shorter of two names is a run of words of the longer ("Saints" in "Marrowby
    Saints"); a run that does not start the longer name needs ``min_inner`` letters or more."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    n = len(short)
    if n >= len(long_):
        return False
    if long_[:n] == short:
        return True
    return sum(map(len, short)) >= min_inner and any(long_[i : i + n] == short for i in range(1, len(long_) - n + 1))


@dataclass(eq=False, slots=True)
class _Cluster:
    id: str
    group: str
    forms: set[tuple[str, ...]] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    article_countries: Counter[str] = field(default_factory=Counter)
    neighbours: Counter[str] = field(default_factory=Counter)
    stories: tuple[str, ...] = ()  # the most recent last
    num_mentions: int = 0
    num_articles: int = 0
    last_article: str = ""  # an article's entities are resolved together: one article, one count
    first_seen: str | None = None
    last_seen: str | None = None
    long_forms: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class _Query:
    entity: Entity
    group: str
    forms: frozenset[tuple[str, ...]]
    neighbours: frozenset[str]
    mentions: int
    long_forms: tuple[tuple[str, ...], ...]


class EntityResolver:
    """Corpus entities built online, with an inverted index from name keys to corpus entities."""

    def __init__(self, params: EntityParams | None = None) -> None:
        self.params = params or EntityParams()
        self._clusters: dict[str, _Cluster] = {}
        # A key's corpus entities, most recently extended last: one id, or a list (repeats allowed)
        # trimmed to its last 2 * max_postings entries, the only ones ever read.
        self._postings: dict[str, str | list[str]] = {}
        # Per article, (entity id, corpus entity id) in the order of its entities.
        self._done: dict[str, tuple[tuple[str, str], ...]] = {}

    def __len__(self) -> int:
        return len(self._clusters)

    def corpus_id(self, article_id: str, entity_id: str) -> str | None:
        """The corpus entity of an article's entity, or None when that article was not added."""
        for eid, cid in self._done.get(article_id, ()):
            if eid == entity_id:
                return cid
        return None

    def entity(self, corpus_entity_id: str) -> CorpusEntity:
        """The corpus entity as a record (raises KeyError for an unknown id)."""
        c = self._clusters[corpus_entity_id]
        return CorpusEntity(
            id=c.id,
            name=self._name(c),
            type=min(c.types.items(), key=lambda kv: (-kv[1], kv[0]))[0],
            country=min(c.countries.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c.countries else None,
            aliases=sorted(c.names),
            num_mentions=c.num_mentions,
            num_articles=c.num_articles,
            first_seen=c.first_seen,
            last_seen=c.last_seen,
        )

    def ids(self) -> list[str]:
        """Every corpus entity id, in creation order."""
        return list(self._clusters)

    @staticmethod
    def _name(c: _Cluster) -> str:
        """The most frequent full name (a person's name of two words or more when there is one);
        ties: the longer, then the first in code-point order."""
        names = list(c.names.items())
        if not names:
            return ""
        if c.group == "person":
            full = [kv for kv in names if len(kv[0].split()) > 1]
            names = full or names
        return min(names, key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]

    def add(self, doc: AnalyzedDocument, *, story_id: str, seq: int) -> list[EntityMember]:
        """Resolve every entity of ``doc`` to a corpus entity and return its members, in the order
        of ``doc.entities`` (the same article added twice returns its first answer and changes nothing)."""
        del seq  # arrival order is the call order; kept for the layer's uniform call
        known = self._done.get(doc.id)
        if known is not None:
            return [EntityMember(corpus_entity_id=cid, article_id=doc.id, entity_id=eid) for eid, cid in known]
        published = (doc.article.published or "")[:10] or None
        context = self._article_context(doc)
        queries = [self._query(e, context) for e in doc.entities]
        countries = Counter(e.country for e in doc.entities if e.country and _group(e.type) == "place" and e.mentions)
        top_country = min(countries.items(), key=lambda kv: (-kv[1], kv[0]))[0] if countries else None
        resolved: dict[str, str] = {}
        # Longer names first, so a surname alone meets the full name its own article gave.
        order = sorted(
            range(len(queries)),
            key=lambda i: (-max((len(f) for f in queries[i].forms), default=0), queries[i].entity.id),
        )
        for i in order:
            q = queries[i]
            if q.entity.id in resolved:
                continue
            cluster = self._resolve(q, story_id, top_country) if q.forms else None
            if cluster is None:
                cid = corpus_entity_id(doc.id, q.entity.id)
                while cid in self._clusters:  # a hash clash between two first members
                    cid = corpus_entity_id(cid, q.entity.id)
                cluster = self._clusters[cid] = _Cluster(cid, q.group)
            self._join(cluster, q, doc.id, story_id, top_country, published)
            resolved[q.entity.id] = cluster.id
        self._done[doc.id] = tuple((e.id, resolved[e.id]) for e in doc.entities)
        return [EntityMember(corpus_entity_id=resolved[e.id], article_id=doc.id, entity_id=e.id) for e in doc.entities]

    def _query(self, entity: Entity, context: tuple[str, ...]) -> _Query:
        group = _group(entity.type)
        texts = [entity.name, *entity.aliases, *(m.text for m in entity.mentions if m.kind in ("name", "short"))]
        forms = {f for f in (name_forms(t, group) for t in dict.fromkeys(texts) if t) if f is not None}
        own = normalise(entity.name)
        neighbours = frozenset(n for n in context if n != own)
        long_forms = tuple(sorted(f for f in forms if len(f) > 1))
        return _Query(entity, group, frozenset(forms), neighbours, len(entity.mentions), long_forms)

    def _article_context(self, doc: AnalyzedDocument) -> tuple[str, ...]:
        """The normalised names of the article's most mentioned entities (one more than
        ``max_query_neighbours``, so each entity has that many others)."""
        ranked = sorted(doc.entities, key=lambda e: (-len(e.mentions), e.name, e.id))
        names: dict[str, None] = {}
        for e in ranked:
            name = sys.intern(normalise(e.name))
            if name:
                names[name] = None
            if len(names) > self.params.max_query_neighbours:
                break
        return tuple(names)

    def _keys(self, group: str, forms: frozenset[tuple[str, ...]] | set[tuple[str, ...]]) -> list[str]:
        keys: set[str] = set()
        for form in forms:
            keys.add("f:" + " ".join(form))
            head = form[-1] if group == "person" else max(form, key=lambda t: (len(t), t))
            if len(head) >= self.params.min_fuzzy_len:
                keys.add("k:" + _skeleton(head))
            if len(head) >= self.params.min_prefix_len:
                keys.add("x:" + head[: self.params.min_fuzzy_len])
            if group != "place":
                keys.add("s:" + form[-1])
            if group == "person" and len(form) > 2:
                # A name inside a longer run of capitalised words (a headline) is found by its words.
                keys.update("s:" + t for t in form[: self.params.max_name_words] if len(t) > 1)
            if group not in ("person", "place"):
                keys.add("p:" + form[0])
                initials = acronym(form) if len(form) > 1 else form[0] if len(form[0]) <= 6 else None
                if initials:
                    keys.add("a:" + initials)
        return sorted(keys)

    def _candidates(self, q: _Query) -> list[_Cluster]:
        p = self.params
        hits: Counter[str] = Counter()
        for key in self._keys(q.group, q.forms):
            posting = self._postings.get(key)
            if posting is None:
                continue
            if isinstance(posting, str):
                hits[posting] += 1
                continue
            distinct: set[str] = set()
            for cid in reversed(posting):
                if cid not in distinct:
                    distinct.add(cid)
                    hits[cid] += 1
                    if len(distinct) >= p.max_postings:
                        break
        best = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_candidates]
        return [self._clusters[cid] for cid, _ in best]

    def _name_level(self, q: _Query, c: _Cluster) -> tuple[int, bool]:
        """How the names of ``q`` and ``c`` match (EXACT, VARIANT, PARTIAL or 0) and whether the
        match is strong enough to need no context."""
        common = q.forms & c.forms
        if "person" in (q.group, c.group):
            return self._person_level(q, c, common)
        if common:
            return EXACT, q.group == c.group
        if self._variant(list(q.forms), list(c.forms)):
            return VARIANT, False
        if "place" not in (q.group, c.group):
            for a in q.forms:
                for b in c.forms:
                    short, long_ = (a, b) if len(a) < len(b) else (b, a)
                    if len(short) == 1 and len(long_) > 1 and acronym(long_) == short[0]:
                        return VARIANT, False
            for a in q.forms:
                for b in c.forms:
                    if _run_of(a, b, self.params.min_inner_run):
                        return PARTIAL, False
        return 0, False

    def _person_level(self, q: _Query, c: _Cluster, common: frozenset[tuple[str, ...]]) -> tuple[int, bool]:
        p = self.params
        q_long = q.long_forms
        c_long = c.long_forms
        if q_long and c_long:
            if any(len(f) > 1 for f in common):
                return EXACT, True
            level = max(self._full_names(a, b) for a in q_long for b in c_long)
            return level, False
        if common:
            return EXACT, False
        # One side has a surname only.
        singles = [f for f in q.forms if len(f) == 1] if not q_long else [f for f in c.forms if len(f) == 1]
        longs = q_long or c_long
        for s in singles:
            for f in longs:
                if _tokens_match(s[0], f[-1], p.fuzzy_ratio, p.min_fuzzy_len):
                    return PARTIAL, False
        if self._variant(list(q.forms), list(c.forms)):
            return VARIANT, False
        return 0, False

    def _full_names(self, a: tuple[str, ...], b: tuple[str, ...]) -> int:
        """How two full names of people match: VARIANT when the surnames match and the first names
        are compatible (equal, an initial, a short form: "Fred", "Frederick"), whatever middle names;
        PARTIAL when one is a run of words of the other (a title or a headline around a name)."""
        p = self.params
        if len(a[-1]) < 2 or not _tokens_match(a[-1], b[-1], p.fuzzy_ratio, p.min_fuzzy_len):
            return PARTIAL if _run_of(a, b) else 0
        if self._variant([a], [b]):
            return VARIANT
        x, y = a[0], b[0]
        if x == y or ((min(len(x), len(y)) == 1 or min(len(x), len(y)) >= 3) and (x.startswith(y) or y.startswith(x))):
            return VARIANT
        return PARTIAL if _run_of(a, b) else 0

    def _variant(self, a_forms: list[tuple[str, ...]], b_forms: list[tuple[str, ...]]) -> bool:
        p = self.params
        for a in a_forms:
            for b in b_forms:
                if len(a) != len(b) or a == b:
                    continue
                if not all(_tokens_match(x, y, p.fuzzy_ratio, p.min_fuzzy_len) for x, y in zip(a, b, strict=True)):
                    continue
                # Initials alone do not make a variant: some full word must be the same or a spelling of it.
                if any(len(x) > 1 and len(y) > 1 for x, y in zip(a, b, strict=True)):
                    return True
        return False

    def _context(self, q: _Query, c: _Cluster, story_id: str, top_country: str | None) -> int:
        p = self.params
        points = p.story_points if story_id in c.stories else 0
        shared = sum(1 for n in q.neighbours if n in c.neighbours)
        points += min(shared, p.max_neighbour_points)
        if top_country is not None and c.article_countries:
            if min(c.article_countries.items(), key=lambda kv: (-kv[1], kv[0]))[0] == top_country:
                points += p.country_points
        return points

    def _resolve(self, q: _Query, story_id: str, top_country: str | None) -> _Cluster | None:
        p = self.params
        glob = q.group in word_list("corpus/entities_global_groups")
        best: tuple[tuple[bool, int, int, int], _Cluster] | None = None
        for c in self._candidates(q):
            if q.group == "person" and q.entity.country and c.countries and q.entity.country not in c.countries:
                continue
            level, strong = self._name_level(q, c)
            if not level:
                continue
            context = self._context(q, c, story_id, top_country)
            if c.group != q.group:
                # The tagger's types are noisy ("Gulf of Aden" a facility here, a location there): another
                # group joins on the same name (a full name, or one word with context) or as a person's surname.
                if level != EXACT and not (c.group == "person" and context >= p.context_partial):
                    continue
                if not (strong or any(len(f) > 1 for f in q.forms & c.forms)) and context < p.context_partial:
                    continue
            elif not (strong or (glob and level == EXACT)):
                need = p.context_variant if level == VARIANT else p.context_partial
                if context < need:
                    continue
            rank = (level >= VARIANT, context, level, c.num_articles)
            if best is None or rank > best[0] or (rank == best[0] and c.id < best[1].id):
                best = (rank, c)
        return best[1] if best else None

    def _join(
        self, c: _Cluster, q: _Query, article_id: str, story_id: str, top_country: str | None, published: str | None
    ) -> None:
        p = self.params
        new_forms = sorted(q.forms - c.forms)
        room = max(p.max_forms - len(c.forms), 0)
        c.forms.update(new_forms[:room])
        c.long_forms.extend(f for f in new_forms[:room] if len(f) > 1)
        e = q.entity
        for name in (e.name, *e.aliases):
            if name and (name in c.names or len(c.names) < p.max_names):
                c.names[name] += 1 if name == e.name else 0
        c.types[e.type] += 1
        if e.country:
            c.countries[e.country] += 1
        if c.last_article != article_id:
            c.last_article = article_id
            c.num_articles += 1
            if top_country:
                c.article_countries[top_country] += 1
            c.neighbours.update(q.neighbours)
            if len(c.neighbours) > 2 * p.max_neighbours:
                c.neighbours = Counter(
                    dict(sorted(c.neighbours.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_neighbours])
                )
        c.num_mentions += q.mentions
        if not c.stories or c.stories[-1] != story_id:
            c.stories = (*(s for s in c.stories if s != story_id), story_id)[-p.max_stories :]
        if published:
            c.first_seen = min(c.first_seen or published, published)
            c.last_seen = max(c.last_seen or published, published)
        for key in self._keys(c.group, q.forms):
            posting = self._postings.get(key)
            if posting is None:
                self._postings[key] = c.id
            elif isinstance(posting, str):
                if posting != c.id:
                    self._postings[key] = [posting, c.id]
            elif posting[-1] != c.id:
                posting.append(c.id)
                if len(posting) > 4 * p.max_postings:
                    del posting[: -2 * p.max_postings]
