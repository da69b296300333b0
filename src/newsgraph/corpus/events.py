"""Cross-document events: per-article events (reports) merged into corpus events.

Each article event, told by one or more evidence sentences, becomes one
:class:`EventReport` per telling. :meth:`EventMerger.add` puts all tellings of
an article event into one corpus event: a compatible corpus event of the same
story, or a new one. Compatible means (see :meth:`EventMerger._compatible`):

* same PLOVER type; modes equal, one missing, or stating different aspects
  (``corpus/events_mode_aspects.tsv``: an ASSAULT told as "targeted", what was
  done, and as "firearms", the means, can be one event; "firearms" and
  "explosives" cannot);
* trigger lemmas of one family (``corpus/events_trigger_families.tsv``: "kill"
  and "murder" are one family, "shoot" and "wound" are not; an unlisted verb
  and its "-ing" noun or other spelling are one: "stab" and "stabbing"), or one
  missing;
* and at most ``max_conflicts`` (1) conflicting values among actor, place and
  date, a conflicting target counting ``target_conflict`` (2: another victim
  is another event) and stated day dates more than ``far_days`` (30) apart
  counting two. Per-article actors, places and dates are extraction output:
  one conflict alone is taken for a slip, two make another event. A value
  conflicts when:

  - actor or target: not the same corpus entity as any the corpus event has
    (two different corpus entities), or, without corpus entities, a different
    country, or two names that share no word (sectors only with
    ``participant_sector``: the labels are too noisy to part events);
  - place: a different country, or coordinates (of towns, not of a country or
    region) more than ``place_km`` apart;
  - date: not equal at the coarser of the two precisions (``coarse_dates``),
    or day dates more than ``date_days`` apart; a publication-day stand-in
    (precision ``publication``) allows dates up to ``before_publication``
    days before it. Compared with the corpus event's reported date.

Among compatible corpus events the best scored wins: one point per known value
it shares (trigger lemma, actor, target, place, date), minus two per conflict;
ties go to the most recently updated. Candidates are only the ``max_candidates`` most recently
updated corpus events of the same story and type (an index story -> type ->
events), so the cost of :meth:`EventMerger.add` does not grow with the corpus.

What a corpus event reports (see :meth:`EventMerger.event`) is derived from its
reports; value rules are in :mod:`newsgraph.corpus.claims`.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..records import AnalyzedDocument, CorpusEvent, Count, Event, EventReport, Participant, Place, Span
from ..resources.lexicons import pairs
from .claims import ClaimBook, FactualityBook, choose_majority

__all__ = ["EventMerger", "MergeParams", "corpus_event_id", "parse_date", "trigger_family"]

_PRECISION_RANK = {"year": 0, "month": 1, "day": 2, "minute": 3, "second": 4}


@dataclass(frozen=True)
class MergeParams:
    """The knobs of :class:`EventMerger` (defaults measured on ECB+ and GVC dev, see docs/benchmarks.md)."""

    max_candidates: int = 64  # most recently updated corpus events per story and type
    date_days: int = 7  # stated day dates this far apart can be one event
    coarse_dates: bool = False  # a month or year date must agree with the other date at its precision
    before_publication: int = 7  # an event dated by an article's publication day happened up to this many days before
    place_km: float = 150.0  # places with coordinates farther apart are two
    trigger: str = "family"  # "family" | "lemma" | "any": how trigger lemmas must agree
    participant_words: bool = True  # named participants must share a word when no corpus entity says more
    max_conflicts: int = 1  # conflicts (actor, target, place, date) an event may have with a corpus event it joins
    target_conflict: int = 2  # what a conflicting target counts (two: a different victim is another event)
    far_days: int = 30  # stated day dates farther apart than this count as two conflicts
    participant_sector: bool = False  # whether different sectors (police, military...) conflict


def corpus_event_id(article_id: str, article_event_id: str) -> str:
    """A corpus event's id, from its first report (stable across reruns)."""
    return "cev" + hashlib.sha1(f"{article_id}\x00{article_event_id}".encode()).hexdigest()[:14]


def _mode_aspect(mode: str) -> str:
    """What a PLOVER mode states: the act ("targeted"), the means ("firearms"), or the kind of event."""
    return pairs("corpus/events_mode_aspects").get(mode, "kind")


def trigger_family(lemma: str | None) -> str | None:
    """The family of a trigger lemma (itself when the table does not list it)."""
    if not lemma:
        return None
    key = " ".join(lemma.lower().split())
    table = pairs("corpus/events_trigger_families")
    family = table.get(key) or table.get(_stem(key)) or key
    return _stem(family)  # a family named by a lemma the table does not list is that lemma's own


_VOWELS = frozenset("aeiou")


def _stem(lemma: str) -> str:
    """The shared form of a verb and its "-ing" noun and of British and American
    spellings ("stabbing"/"stab", "rioting"/"riot", "apologise"/"apologize"),
    so that an unlisted verb and its nominalisation are one family."""
    if " " in lemma:
        return lemma
    if lemma.endswith("ing") and len(lemma) > 5 and any(c in _VOWELS for c in lemma[:-3]):
        lemma = lemma[:-3]
        if len(lemma) > 2 and lemma[-1] == lemma[-2] and lemma[-1] not in _VOWELS | {"l", "s"}:
            lemma = lemma[:-1]  # a doubled final consonant: "stabb" -> "stab"
    if lemma.endswith("e") and len(lemma) > 3:
        lemma = lemma[:-1]
    if lemma.endswith("is") and len(lemma) > 5:
        lemma = lemma[:-1] + "z"
    return lemma


@dataclass(frozen=True)
class When:
    """A date as compared: its numbers down to its precision, and whether it is only
    the article's publication day (the event's own date unknown: it happened then or before)."""

    parts: tuple[int, ...]  # (year[, month[, day]])
    fallback: bool = False

    @property
    def rank(self) -> int:
        return len(self.parts) - 1


def parse_date(value: str | None, precision: str | None = None) -> When | None:
    """The comparable form of an event date, or None when it is not an ISO date
    (a week, a season): such a date is kept as a value but never compared."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        numbers = tuple(int(p) for p in parts if p)
    except ValueError:
        return None
    if not numbers or len(numbers) > 3 or len(parts[0]) != 4:
        return None
    if len(numbers) >= 2 and not 1 <= numbers[1] <= 12:
        return None
    rank = len(numbers) - 1
    if precision in _PRECISION_RANK:
        rank = min(rank, _PRECISION_RANK[precision])
    return When(numbers[: rank + 1], precision == "publication")


def _day(when: When) -> date | None:
    try:
        return date(*when.parts[:3]) if when.rank >= 2 else None
    except ValueError:
        return None


def dates_compatible(a: When | None, b: When | None, days: int, before_publication: int, coarse: bool = True) -> bool:
    """Whether two dates can be one event's.

    Stated dates: equal at the coarser precision, and day dates within
    ``days``. A publication-day stand-in bounds the event from above: the other
    date may be up to ``before_publication`` days earlier (``days`` later, for
    time zones and late editions); two stand-ins, within ``before_publication``.
    One unknown: compatible.
    """
    if a is None or b is None:
        return True
    if a.fallback and b.fallback:
        da, db = _day(a), _day(b)
        return da is None or db is None or abs((da - db).days) <= before_publication
    if a.fallback or b.fallback:
        published, stated = (a, b) if a.fallback else (b, a)
        dp, ds = _day(published), _day(stated)
        if dp is None:
            return True
        if ds is None:  # a month or a year: the publication day must fall in it or after it
            return stated.parts <= published.parts[: stated.rank + 1]
        return -days <= (dp - ds).days <= before_publication
    da, db = _day(a), _day(b)
    if da is not None and db is not None:
        return abs((da - db).days) <= days
    if not coarse:
        return True
    rank = min(a.rank, b.rank)
    return a.parts[: rank + 1] == b.parts[: rank + 1]


def _days_apart(a: When, b: When) -> int:
    """Days between two stated day dates (0 when either is coarser or a publication stand-in)."""
    da, db = _day(a), _day(b)
    if a.fallback or b.fallback or da is None or db is None:
        return 0
    return abs((da - db).days)


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w.strip(".,'’\"()") for w in _norm(text).split() if len(w.strip(".,'’\"()")) > 2)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class _Who:
    """An actor or target as compared across articles."""

    key: str | None  # "ce:<corpus entity>" or "t:<normalised text>"
    corpus_id: str | None
    text: str | None
    words: frozenset[str]
    country: str | None
    sector: str | None
    named: bool  # a name the article resolved to one of its entities, not a descriptor ("a man")


def _who(p: Participant | None, members: Mapping[str, str]) -> _Who | None:
    if p is None:
        return None
    corpus_id = members.get(p.entity_id) if p.entity_id else None
    text = p.text.strip() or None if p.text else None
    if corpus_id is None and text is None:
        return None
    key = "ce:" + corpus_id if corpus_id else "t:" + _norm(text)
    return _Who(key, corpus_id, text, _words(text), p.country, p.sector, p.entity_id is not None)


@dataclass(frozen=True)
class _Where:
    key: str
    corpus_id: str | None
    text: str
    country: str | None
    point: tuple[float, float] | None  # None for a country or region: compared by country only


_COARSE = frozenset({"country", "continent", "region"})


def _where(place: Place | None, members: Mapping[str, str], features: Mapping[str, str | None]) -> _Where | None:
    if place is None or not (place.text or "").strip():
        return None
    corpus_id = members.get(place.entity_id) if place.entity_id else None
    point = (place.latitude, place.longitude) if place.latitude is not None and place.longitude is not None else None
    if place.entity_id and features.get(place.entity_id) in _COARSE:
        point = None
    key = "ce:" + corpus_id if corpus_id else "t:" + _norm(place.text)
    return _Where(key, corpus_id, place.text.strip(), place.country, point)


def _features(doc: AnalyzedDocument) -> dict[str, str | None]:
    return {e.id: e.feature for e in doc.entities if e.feature}


@dataclass
class _Group:
    """One corpus event while it grows: its reports and the tallies its fields come from."""

    id: str
    story_id: str
    type: str
    seq: int  # arrival of its first report
    touched: int  # arrival of its latest report
    reports: list[EventReport] = field(default_factory=list)
    modes: Counter[str] = field(default_factory=Counter)
    triggers: Counter[str] = field(default_factory=Counter)
    families: set[str] = field(default_factory=set)
    actors: dict[str, list] = field(default_factory=dict)  # key -> [count, first order, _Who]
    targets: dict[str, list] = field(default_factory=dict)
    places: ClaimBook = field(default_factory=ClaimBook)
    place_info: dict[str, _Where] = field(default_factory=dict)
    dates: ClaimBook = field(default_factory=ClaimBook)  # dates the reports state
    date_info: dict[str, tuple[str | None, When | None]] = field(default_factory=dict)
    published_date: tuple[str, When] | None = None  # the earliest publication-day stand-in
    counts: dict[str, ClaimBook] = field(default_factory=dict)
    factuality: FactualityBook = field(default_factory=FactualityBook)
    articles: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)
    cameo: Counter[str] = field(default_factory=Counter)
    acled: Counter[str] = field(default_factory=Counter)

    def chosen_date(self) -> tuple[str, str | None, When | None] | None:
        """The corpus event's date: value, precision and comparable form (see DATE_RULE)."""
        value = self.dates.chosen(self._date_rank)
        if value is not None:
            precision, when = self.date_info[value]
            return value, precision, when
        if self.published_date is not None:
            return self.published_date[0], "publication", self.published_date[1]
        return None

    def _date_rank(self, value: str) -> int:
        parsed = self.date_info[value][1]
        return parsed.rank if parsed else -1


def _tally(table: dict[str, list], who: _Who | None, order: int) -> None:
    if who is None or who.key is None:
        return
    entry = table.get(who.key)
    if entry is None:
        table[who.key] = [1, order, who]
    else:
        entry[0] += 1


def _top(table: dict[str, list]) -> _Who | None:
    if not table:
        return None
    return min(table.values(), key=lambda e: (-e[0], e[1]))[2]


def _count_value(count: Count) -> str:
    """A count's normalised value: the qualifier, the number, the range's top
    ("over 5000", "at least 1000", "10-20"), so that differently hedged counts differ."""

    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    value = num(count.value)
    if count.value_max is not None and count.value_max != count.value:
        value += "-" + num(count.value_max)
    return f"{count.qualifier} {value}" if count.qualifier else value


def _count_rank(value: str) -> int:
    # A plain number is more precise than a hedged one or a range.
    return 0 if not value[:1].isdigit() or "-" in value else 1


class EventMerger:
    """Corpus events built online from the reports of each article, in arrival order."""

    def __init__(self, params: MergeParams | None = None) -> None:
        self.params = params or MergeParams()
        self._groups: dict[str, _Group] = {}
        self._index: dict[str, dict[str, dict[str, None]]] = {}  # story -> type -> ids, oldest first
        self._added: dict[str, list[EventReport]] = {}
        self._order = 0
        self.candidates_seen = 0  # how many candidates the last add compared (for tests and benchmarks)

    def __len__(self) -> int:
        return len(self._groups)

    def ids(self) -> list[str]:
        """Every corpus event id, in creation order."""
        return list(self._groups)

    def add(
        self,
        doc: AnalyzedDocument,
        *,
        story_id: str,
        members: Mapping[str, str],
        site: str | None,
        independent_source: str,
        seq: int,
    ) -> list[EventReport]:
        """Merge the events of ``doc`` and return its reports (the same list again,
        and no change, when the article was added before)."""
        known = self._added.get(doc.id)
        if known is not None:
            return list(known)
        reports: list[EventReport] = []
        self.candidates_seen = 0
        for event in doc.events:
            if not event.type:
                continue
            group = self._place(event, doc, story_id, members, seq)
            reports.extend(self._join(group, event, doc, members, site, independent_source))
        self._added[doc.id] = reports
        return list(reports)

    def reports(self, event_id: str) -> list[EventReport]:
        """The reports of a corpus event, in arrival order."""
        return list(self._groups[event_id].reports)

    # --- assignment -------------------------------------------------------

    def _place(
        self, event: Event, doc: AnalyzedDocument, story_id: str, members: Mapping[str, str], seq: int
    ) -> _Group:
        by_type = self._index.setdefault(story_id, {}).setdefault(event.type, {})
        actor, target = _who(event.actor, members), _who(event.target, members)
        where = _where(event.location, members, _features(doc))
        when = parse_date(event.date, event.date_precision)
        best: tuple[int, int, str] | None = None
        best_group: _Group | None = None
        for gid in reversed(by_type):
            group = self._groups[gid]
            self.candidates_seen += 1
            score = self._compatible(group, event, actor, target, where, when)
            if score is None:
                continue
            rank = (score, group.touched, gid)
            if best is None or rank > best:
                best, best_group = rank, group
        if best_group is not None:
            by_type.pop(best_group.id)
        else:
            gid = corpus_event_id(doc.id, event.id)
            while gid in self._groups:  # a hash clash, or one article event id used twice
                gid = corpus_event_id(gid, event.id)
            best_group = _Group(id=gid, story_id=story_id, type=event.type, seq=seq, touched=self._order)
            self._groups[gid] = best_group
        by_type[best_group.id] = None  # most recently updated last
        while len(by_type) > self.params.max_candidates:
            del by_type[next(iter(by_type))]
        return best_group

    def _compatible(
        self,
        group: _Group,
        event: Event,
        actor: _Who | None,
        target: _Who | None,
        where: _Where | None,
        when: When | None,
    ) -> int | None:
        """The score of ``event`` against ``group`` (values shared, minus two per conflict),
        or None when they cannot be one event."""
        p = self.params
        shared = 0
        if event.mode and group.modes and event.mode not in group.modes:
            aspect = _mode_aspect(event.mode)
            if any(_mode_aspect(mode) == aspect for mode in group.modes):
                return None
        family = trigger_family(event.trigger)
        if family and group.families and p.trigger != "any":
            if p.trigger == "lemma" and _norm(event.trigger) not in group.triggers:
                return None
            if p.trigger == "family" and family not in group.families:
                return None
        if event.trigger and _norm(event.trigger) in group.triggers:
            shared += 1
        conflicts = 0
        for who, table, weight in ((actor, group.actors, 1), (target, group.targets, p.target_conflict)):
            if who is None or not table:
                continue
            verdict = self._who_compatible(who, table)
            if verdict is None:
                conflicts += weight
            else:
                shared += verdict
        if where is not None and group.place_info:
            verdict = self._where_compatible(where, group.place_info)
            if verdict is None:
                conflicts += 1
            else:
                shared += verdict
        chosen = group.chosen_date()
        group_date = chosen[2] if chosen else None
        if when is not None and group_date is not None:
            if dates_compatible(when, group_date, p.date_days, p.before_publication, p.coarse_dates):
                shared += 1
            else:
                conflicts += 2 if _days_apart(when, group_date) > p.far_days else 1
        if conflicts > p.max_conflicts:
            return None
        shared -= 2 * conflicts
        return shared

    def _who_compatible(self, who: _Who, table: dict[str, list]) -> int | None:
        """1 when ``who`` is one of the group's participants, 0 when it may be, None when it is not."""
        if who.key in table:
            return 1
        for _, _, other in table.values():
            if who.corpus_id and other.corpus_id:
                continue  # two different corpus entities
            if who.country and other.country and who.country != other.country:
                continue
            if self.params.participant_sector and who.sector and other.sector and who.sector != other.sector:
                continue
            if self.params.participant_words and who.named and other.named and not who.words & other.words:
                continue
            return 0
        return None

    def _where_compatible(self, where: _Where, places: dict[str, _Where]) -> int | None:
        if where.key in places:
            return 1
        for other in places.values():
            if where.country and other.country and where.country != other.country:
                continue
            if where.point and other.point and _km(where.point, other.point) > self.params.place_km:
                continue
            return 0
        return None

    # --- reports and tallies ---------------------------------------------

    def _join(
        self,
        group: _Group,
        event: Event,
        doc: AnalyzedDocument,
        members: Mapping[str, str],
        site: str | None,
        independent_source: str,
    ) -> list[EventReport]:
        self._order += 1
        group.touched = self._order
        article_id = doc.id
        published = doc.article.published
        place_text = event.location.text.strip() if event.location and event.location.text else None
        tellings: list[tuple[Span | None, Span | None]] = [(e.trigger, e.sentence) for e in event.evidence]
        if not tellings:
            tellings = [(None, None)]
        reports = []
        for n, (trigger, sentence) in enumerate(tellings):
            report = EventReport(
                event_id=group.id,
                article_id=article_id,
                article_event_id=event.id,
                n=n,
                trigger_start=trigger.start if trigger else None,
                trigger_end=trigger.end if trigger else None,
                sentence_start=sentence.start if sentence else None,
                sentence_end=sentence.end if sentence else None,
                source=site,
                independent_source=independent_source,
                factuality=event.factuality,
                date=event.date,
                place=place_text,
                reported=published,
            )
            group.reports.append(report)
            reports.append(report)
        evidence = tellings[0][1] or tellings[0][0]
        if event.mode:
            group.modes[event.mode] += 1
        if event.trigger:
            group.triggers[_norm(event.trigger)] += 1
            group.families.add(trigger_family(event.trigger) or "")
        if event.cameo:
            group.cameo[event.cameo] += 1
        if event.acled:
            group.acled[event.acled] += 1
        _tally(group.actors, _who(event.actor, members), self._order)
        _tally(group.targets, _who(event.target, members), self._order)
        where = _where(event.location, members, _features(doc))
        if where is not None:
            group.place_info.setdefault(where.key, where)
            group.places.add(where.key, where.text, independent_source, article_id, evidence, display=where.text)
        when = parse_date(event.date, event.date_precision)
        if event.date and event.date_precision == "publication":
            # Not a date the article states: no claim, only the bound it gives.
            if when is not None and (group.published_date is None or when.parts < group.published_date[1].parts):
                group.published_date = (event.date, when)
        elif event.date:
            group.date_info.setdefault(event.date, (event.date_precision, when))
            group.dates.add(event.date, event.date, independent_source, article_id, evidence)
        seen_categories: set[tuple[str, str]] = set()
        for count in event.counts:
            if not count.category or not isinstance(count.value, (int, float)):
                continue
            value = _count_value(count)
            if (count.category, value) in seen_categories:
                continue
            seen_categories.add((count.category, value))
            book = group.counts.setdefault(count.category, ClaimBook())
            book.add(value, count.text, independent_source, article_id, Span(count.start, count.end))
        group.factuality.add(event.factuality, independent_source, article_id, evidence)
        group.articles.setdefault(article_id, None)
        group.sources.setdefault(independent_source, None)
        if published:
            group.published.append(published)
        return reports

    # --- the corpus event -------------------------------------------------

    def event(self, event_id: str) -> CorpusEvent:
        """The corpus event as its reports tell it (fields derived on each call)."""
        g = self._groups[event_id]
        actor, target = _top(g.actors), _top(g.targets)
        place_key = g.places.chosen(lambda key: 1 if g.place_info[key].point else 0)
        where = g.place_info.get(place_key) if place_key else None
        date_value = g.dates.chosen(g._date_rank)
        chosen_date = g.chosen_date()
        factuality, factuality_disagreement = g.factuality.verdict()
        disagreements = []
        date_disagreement = g.dates.disagreement("date", date_value, DATE_RULE)
        if date_disagreement:
            disagreements.append(date_disagreement)
        place_disagreement = g.places.disagreement("place", place_key, PLACE_RULE)
        if place_disagreement:
            disagreements.append(place_disagreement)
        counts = []
        for category in sorted(g.counts):
            book = g.counts[category]
            chosen = book.chosen(_count_rank)
            claim = book.claim(chosen) if chosen is not None else None
            if claim is not None:
                counts.append(claim)
            found = book.disagreement("count:" + category, chosen, COUNT_RULE)
            if found:
                disagreements.append(found)
        if factuality_disagreement:
            disagreements.append(factuality_disagreement)
        published = sorted(g.published)
        return CorpusEvent(
            id=g.id,
            story_id=g.story_id,
            type=g.type,
            mode=choose_majority(g.modes),
            trigger=choose_majority(g.triggers),
            actor=actor.corpus_id if actor else None,
            actor_text=actor.text if actor else None,
            target=target.corpus_id if target else None,
            target_text=target.text if target else None,
            place=where.text if where else None,
            country=where.country if where else None,
            latitude=where.point[0] if where and where.point else None,
            longitude=where.point[1] if where and where.point else None,
            date=chosen_date[0] if chosen_date else None,
            date_precision=chosen_date[1] if chosen_date else None,
            factuality=factuality,
            num_mentions=len(g.reports),
            num_articles=len(g.articles),
            num_sources=len(g.sources),
            first_reported=published[0] if published else None,
            last_reported=published[-1] if published else None,
            cameo=choose_majority(g.cameo),
            acled=choose_majority(g.acled),
            counts=counts,
            disagreements=disagreements,
        )


DATE_RULE = (
    "the date most independent sources state; ties: the most precise, then the first reported "
    "(with no stated date: the earliest publication day, precision 'publication')"
)
PLACE_RULE = "the place most independent sources give; ties: one with coordinates, then the first reported"
COUNT_RULE = (
    "the value most independent sources give; ties: a plain number before a hedged one or a range, "
    "then the first reported"
)
