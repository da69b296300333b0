"""Cost of the corpus layer as the corpus grows: time, memory and replay cost per article.

Feeds N synthetic analysed articles through ``CorpusLayer`` (``add`` each, ``flush`` every
64, as ingest does), each size in a fresh process, and reports per size:

* the mean cost per article (``add`` plus its share of the batch's ``flush``), and the same
  for the first and last tenth of the run, so that growth with corpus size shows;
* the split between the layer's parts: syndication (site + MinHash LSH), stories
  (signature + assignment), entities, events, flush (the touched groups, stories, corpus
  events and entities as records) and the layer's own bookkeeping;
* peak RSS growth, RSS growth per article and per million articles (projected linearly);
  with ``--traced``, a second run under tracemalloc gives the traced memory growth per
  article, at tenths of the run, so that linearity shows.

With ``--replay`` it also measures a run's startup cost on a stored corpus: N synthetic
articles written to a fresh DuckDB store with ``Store.write_batch(docs, corpus=sync)``
(batches of 64) and the layer's state saved as ingest does at the end of a run; then
``CorpusSync(store).layer()`` in a new connection, once loading the saved state and once,
with the state file deleted, replaying every stored article (reported per article, with the
reading of the stored analyses, ``iter_documents``, timed apart).

The synthetic news (deterministic, every name invented): 300 articles a day over a rolling
calendar; stories of 1 to 30 articles (P(size) ~ size^-1.3) that run for days to weeks;
8% wire copies republished on another site (60% identical, 40% with the last fifth cut);
bodies of 12 to 20 sentences from a 50,000-word Zipf vocabulary mixed with the story's own
terms; 5 to 20 entity mentions per article (the story's people, organisations and places,
plus a few others drawn from pools of 200,000 people with 30,000 shared surnames, 40,000
organisations and 5,000 places, popular ones more often); 0 to 6 events per article, most
of them the story's own events told again (same type, trigger, actor, place; counts that
sometimes disagree, dates stated, missing or only the publication day).

    python bench/corpus_scale.py [--sizes 1000 10000 100000] [--traced 1000 10000] \
        [--replay 1000 10000] [--undated] [--json out.json] [--profile 10000]
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import gc
import hashlib
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Count,
    Entity,
    Event,
    Evidence,
    Mention,
    Participant,
    Place,
    Span,
)

FLUSH_EVERY = 64  # ingest's batch size
PER_DAY = 300
VOCABULARY = 50_000
COPY_SHARE = 0.08
MAX_STORY = 30
PEOPLE, SURNAMES, FIRST_NAMES = 200_000, 30_000, 3_000
ORGS, PLACES, COUNTRIES = 40_000, 5_000, 60
SITES = 400
START = date(2025, 1, 1)

_SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in "aeiou"] + ["ar", "en", "or", "ul", "is", "an"]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ORG_KINDS = ["Institute", "Group", "Council", "Party", "Bank", "Union", "Ministry", "Foundation", "League", "Company"]
_TLDS = [".com", ".com", ".com", ".net", ".org", ".co.uk", ".com.au", ".de", ".ie", ".ca"]
# PLOVER type -> (modes, trigger lemmas, count category or None)
_EVENT_TYPES = {
    "ASSAULT": (["beat", "shoot", None], ["kill", "attack", "shoot", "stab"], "killed"),
    "PROTEST": (["demonstrate", None], ["protest", "march", "rally"], "crowd"),
    "COERCE": (["arrest", "seize", None], ["arrest", "detain", "seize"], "arrested"),
    "ACCUSE": ([None], ["accuse", "blame", "allege"], None),
    "CONSULT": (["meet", None], ["meet", "visit", "talk"], None),
    "REQUEST": ([None], ["ask", "call", "urge"], None),
    "AGREE": ([None], ["agree", "sign"], None),
    "THREATEN": ([None], ["threaten", "warn"], None),
    "MOBILIZE": ([None], ["deploy", "mobilize"], None),
    "SANCTION": ([None], ["sanction", "ban", "fine"], None),
}
_TYPE_NAMES = list(_EVENT_TYPES)
_TYPE_WEIGHTS = [30, 8, 8, 7, 5, 7, 2, 2, 3, 2]
_SECTORS = [None, None, "government", "police", "military", "business", "civilian"]


def _invented(rng: random.Random, lo: int, hi: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(lo, hi)))


def _popular(rng: random.Random, size: int) -> int:
    """An index in ``range(size)``, low indices (popular names) far more often."""
    return min(size - 1, int(size * rng.random() ** 3))


class World:
    """The invented vocabulary, people, organisations, places and sites, built once per process."""

    def __init__(self, seed: int = 0) -> None:
        rng = random.Random(seed)
        seen: set[str] = set()
        self.words: list[str] = []
        while len(self.words) < VOCABULARY:
            w = "".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 11)))
            if w not in seen:
                seen.add(w)
                self.words.append(w)
        weights = [1.0 / (rank + 1) for rank in range(VOCABULARY)]
        total = 0.0
        self.cum: list[float] = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.first = [_invented(rng, 2, 3).capitalize() for _ in range(FIRST_NAMES)]
        self.surnames = [_invented(rng, 2, 4).capitalize() for _ in range(SURNAMES)]
        self.countries = [
            ("".join(rng.choice(_LETTERS) for _ in range(2)).upper(), _invented(rng, 2, 3).capitalize())
            for _ in range(COUNTRIES)
        ]
        self.places = []
        for _ in range(PLACES):
            code, _name = self.countries[rng.randrange(COUNTRIES)]
            self.places.append((_invented(rng, 2, 4).capitalize(), code, rng.uniform(-60, 60), rng.uniform(-170, 170)))
        self.sites = []
        for _ in range(SITES):
            self.sites.append(
                _invented(rng, 2, 4) + rng.choice(["news", "post", "times", "daily", ""]) + rng.choice(_TLDS)
            )
        self.site_cum = list(_cumulative([1.0 / (k + 1) ** 0.8 for k in range(SITES)]))

    def background(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def person(self, i: int) -> tuple[str, str, str | None]:
        r = random.Random(i * 7919 + 1)
        return (
            self.first[r.randrange(FIRST_NAMES)],
            self.surnames[r.randrange(SURNAMES)],
            (self.countries[r.randrange(COUNTRIES)][0] if r.random() < 0.3 else None),
        )

    def org(self, i: int) -> str:
        r = random.Random(i * 104729 + 2)
        return f"{_invented(r, 2, 3).capitalize()} {_invented(r, 2, 4).capitalize()} {r.choice(_ORG_KINDS)}"

    def site(self, rng: random.Random) -> str:
        return self.sites[bisect.bisect_left(self.site_cum, rng.random() * self.site_cum[-1])]


def _cumulative(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


_SIZE_CUM = list(_cumulative([s**-1.3 for s in range(1, MAX_STORY + 1)]))


def _entity_id(kind: str, name: str) -> str:
    return "ent_" + hashlib.sha1(f"{kind}\x00{name}".encode()).hexdigest()[:12]


class _Story:
    """What a story's articles share: terms, people, organisations, places and events."""

    def __init__(self, world: World, number: int, day: int) -> None:
        rng = random.Random(number * 31 + 5)
        self.number = number
        self.day = day
        self.remaining = bisect.bisect_left(_SIZE_CUM, rng.random() * _SIZE_CUM[-1]) + 1
        self.last_day = day + min(21, (self.remaining - 1) // 2 + rng.randint(0, 2))
        self.terms = [world.words[rng.randrange(300, VOCABULARY)] for _ in range(25)]
        # (type, text, short text, country, latitude, longitude, feature)
        self.cast: list[tuple] = []
        for _ in range(rng.randint(1, 3)):
            first, last, country = world.person(_popular(rng, PEOPLE))
            self.cast.append(("PERSON", f"{first} {last}", last, country, None, None, None))
        for _ in range(rng.randint(0, 2)):
            name = world.org(_popular(rng, ORGS))
            self.cast.append(("ORG", name, name.split()[0] + " " + name.split()[1], None, None, None, None))
        self.places = []
        for _ in range(rng.randint(1, 2)):
            name, code, lat, lon = world.places[_popular(rng, PLACES)]
            self.places.append(("GPE", name, name, code, lat, lon, "city"))
        self.events = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choices(_TYPE_NAMES, _TYPE_WEIGHTS)[0]
            modes, triggers, category = _EVENT_TYPES[kind]
            actor = rng.choice(self.cast)
            target = rng.choice([*self.cast, None])
            value = rng.choice([3, 5, 12, 40, 200, 2000]) if category else None
            self.events.append(
                (kind, rng.choice(modes), rng.choice(triggers), actor, target, self.places[0], category, value)
            )


class _Writer:
    """A body built sentence by sentence, keeping the offsets of what is placed in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def put(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def _article(world: World, story: _Story, i: int, day: int, rng: random.Random) -> AnalyzedDocument:
    published = (START + timedelta(days=day)).isoformat()
    site = world.site(rng)
    doc_id = f"a{i:07d}"
    # Entities: the story's cast and places, then a few others; mentions up to 5..20 in all.
    chosen = list(story.cast) + list(story.places)
    for _ in range(rng.randint(1, 5)):
        pick = rng.random()
        if pick < 0.5:
            first, last, country = world.person(_popular(rng, PEOPLE))
            chosen.append(("PERSON", f"{first} {last}", last, country, None, None, None))
        elif pick < 0.8:
            name = world.org(_popular(rng, ORGS))
            chosen.append(("ORG", name, name, None, None, None, None))
        else:
            name, code, lat, lon = world.places[_popular(rng, PLACES)]
            chosen.append(("GPE", name, name, code, lat, lon, "city"))
    # One mention each while the budget lasts, the rest to the story's own cast and places.
    budget = rng.randint(5, 20)
    counts = [1 if k < budget else 0 for k in range(len(chosen))]
    own = len(story.cast) + len(story.places)
    for _ in range(budget - sum(counts)):
        counts[rng.randrange(own)] += 1
    plan = [(ent, c) for ent, c in zip(chosen, counts, strict=True) if c]
    sentences = rng.randint(12, 20)
    slots: dict[int, list[tuple[str, object]]] = {}
    for ent, count in plan:
        first_at = rng.randrange(sentences)
        for m in range(count):
            at = min(sentences - 1, first_at + m * rng.randint(0, 3))
            slots.setdefault(at, []).append(("mention", (ent, m)))
    events_plan = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6])):
        if rng.random() < 0.8:
            events_plan.append(rng.choice(story.events))
        else:
            kind = rng.choices(_TYPE_NAMES, _TYPE_WEIGHTS)[0]
            modes, triggers, category = _EVENT_TYPES[kind]
            events_plan.append((kind, rng.choice(modes), rng.choice(triggers), None, None, None, category, None))
    for e, ev in enumerate(events_plan):
        slots.setdefault(rng.randrange(sentences), []).append(("event", (e, ev)))
    title_words = [rng.choice(story.terms) for _ in range(rng.randint(3, 6))] + world.background(rng, 3)
    rng.shuffle(title_words)
    title = " ".join(title_words).capitalize()
    w = _Writer()
    w.put(title + "\n\n")
    mentions: dict[str, list[Mention]] = {}
    entity_of: dict[str, tuple] = {}
    events: list[Event] = []
    for s in range(sentences):
        n_words = rng.randint(12, 25)
        tokens = [rng.choice(story.terms) if rng.random() < 0.25 else t for t in world.background(rng, n_words)]
        sentence_start = w.length
        w.put(tokens[0].capitalize())
        placed = slots.get(s, [])
        cut = sorted(rng.randrange(1, n_words) for _ in placed)
        pending_events = []
        for k in range(1, n_words):
            while cut and cut[0] == k:
                cut.pop(0)
                what, payload = placed.pop(0)
                if what == "mention":
                    ent, m = payload
                    kind, full, short = ent[0], ent[1], ent[2]
                    text = full if m == 0 or kind != "PERSON" else short
                    w.put(" ")
                    start, end = w.put(text)
                    eid = _entity_id(kind, full)
                    entity_of[eid] = ent
                    mentions.setdefault(eid, []).append(
                        Mention(start, end, text, eid, "name" if text == full else "short")
                    )
                else:
                    w.put(" ")
                    e, ev = payload
                    start, end = w.put(ev[2] + "ed")
                    pending_events.append((e, ev, Span(start, end)))
            w.put(" " + tokens[k])
        w.put(". ")
        sentence = Span(sentence_start, w.length - 1)
        for e, ev, trigger in pending_events:
            events.append(_event(doc_id, e, ev, trigger, sentence, w, published, story, rng, entity_of))
    body = w.text()
    for e in events:
        e.evidence[0].text = body[e.evidence[0].sentence.start : e.evidence[0].sentence.end]
    entities = []
    for eid, ms in mentions.items():
        kind, full, short, country, lat, lon, feature = entity_of[eid]
        aliases = sorted({m.text for m in ms})
        entities.append(
            Entity(eid, full, kind, aliases, ms, country=country, latitude=lat, longitude=lon, feature=feature)
        )
    # Participants must name entities the article has.
    for e in events:
        for p in (e.actor, e.target):
            if p is not None and p.entity_id not in mentions:
                p.entity_id = None
        if e.location is not None and e.location.entity_id not in mentions:
            e.location.entity_id = None
    article = Article(
        id=doc_id,
        source=f"synthetic#{i}",
        body=body,
        title=title,
        published=published,
        published_precision="day",
        language="en",
        url=f"https://www.{site}/{published.replace('-', '/')}/story-{i}",
    )
    return AnalyzedDocument(doc_id, article.source, article, entities=entities, events=events)


def _event(doc_id, e, ev, trigger, sentence, w, published, story, rng, entity_of) -> Event:
    kind, mode, lemma, actor, target, place, category, value = ev

    def who(ent) -> Participant | None:
        if ent is None:
            return None
        return Participant(
            ent[2] if ent[0] == "PERSON" else ent[1],
            _entity_id(ent[0], ent[1]),
            country=ent[3],
            sector=rng.choice(_SECTORS),
        )

    where = None
    if place is not None:
        where = Place(place[1], _entity_id(place[0], place[1]), country=place[3], latitude=place[4], longitude=place[5])
    pick = rng.random()
    if pick < 0.6:
        when, precision = (START + timedelta(days=story.day)).isoformat(), "day"
    elif pick < 0.75:
        when, precision = published, "publication"
    else:
        when, precision = None, None
    counts = []
    if category and value is not None:
        told = value if rng.random() < 0.7 else max(1, value + rng.randint(-2, 3))
        counts.append(Count(trigger.start, trigger.end, str(told), float(told), category=category, action=lemma))
    factuality = rng.choices(["asserted", "negated", "reported"], [90, 5, 5])[0]
    return Event(
        id=f"ev_{doc_id}_{e}",
        type=kind,
        mode=mode,
        trigger=lemma,
        actor=who(actor),
        target=who(target),
        location=where,
        date=when,
        date_precision=precision,
        factuality=factuality,
        evidence=[Evidence(trigger, sentence, "")],
        counts=counts,
    )


def _copy(original: AnalyzedDocument, i: int, day: int, world: World, rng: random.Random) -> AnalyzedDocument:
    """A wire copy of ``original`` on another site: a new headline, the body whole or its last fifth cut."""
    doc_id = f"a{i:07d}"
    body = original.article.body
    if rng.random() < 0.4:
        end = body.rfind(". ", 0, len(body) * 4 // 5) + 1
        body = body[:end] if end > 0 else body
    entities = []
    for ent in original.entities:
        ms = [Mention(m.start, m.end, m.text, m.entity_id, m.kind) for m in ent.mentions if m.end <= len(body)]
        if ms:
            entities.append(
                Entity(
                    ent.id,
                    ent.name,
                    ent.type,
                    sorted({m.text for m in ms}),
                    ms,
                    country=ent.country,
                    latitude=ent.latitude,
                    longitude=ent.longitude,
                    feature=ent.feature,
                )
            )
    kept = {e.id for e in entities}
    events = []
    for ev in original.events:
        if ev.evidence[0].sentence.end > len(body):
            continue
        copy = Event.from_dict(ev.to_dict())
        copy.id = ev.id.replace(original.id, doc_id)
        for p in (copy.actor, copy.target, copy.location):
            if p is not None and p.entity_id not in kept:
                p.entity_id = None
        events.append(copy)
    published = (START + timedelta(days=day)).isoformat()
    site = world.site(rng)
    title = " ".join(world.background(rng, 6)).capitalize()
    article = Article(
        id=doc_id,
        source=f"synthetic#{i}",
        body=body,
        title=title,
        published=published,
        published_precision="day",
        language="en",
        url=f"https://{site}/{published.replace('-', '/')}/wire-{i}",
    )
    return AnalyzedDocument(doc_id, article.source, article, entities=entities, events=events)


def synthetic_news(
    n: int, seed: int = 1, world: World | None = None, undated: bool = False
) -> Iterator[AnalyzedDocument]:
    """``n`` synthetic analysed articles in publication order (deterministic for a seed); ``undated``:
    without publication dates (as ECB+ comes), so that stories are windowed by article count."""
    if undated:
        for doc in synthetic_news(n, seed, world):
            doc.article.published = doc.article.published_precision = None
            for event in doc.events:
                if event.date_precision == "publication":
                    event.date = event.date_precision = None
            yield doc
        return
    world = world or World()
    rng = random.Random(seed)
    active: list[_Story] = []
    # Originals of the last two days, for wire copies: kept as what regenerates them (each article
    # has its own random stream), so the generator's memory stays small beside the layer's.
    recent: list[tuple[int, int, _Story]] = []
    stories = 0
    mean_size = sum(s * s**-1.3 for s in range(1, MAX_STORY + 1)) / sum(s**-1.3 for s in range(1, MAX_STORY + 1))
    for i in range(n):
        day = i // PER_DAY
        if i % PER_DAY == 0:
            active = [s for s in active if s.last_day >= day and s.remaining > 0]
            recent = recent[-2 * PER_DAY :]
        if recent and rng.random() < COPY_SHARE:
            j, j_day, j_story = recent[rng.randrange(len(recent))]
            original = _article(world, j_story, j, j_day, random.Random(seed * 1_000_003 + j))
            yield _copy(original, i, day, world, rng)
            continue
        story = None
        if active and rng.random() > 1.0 / mean_size:
            while active and story is None:
                k = rng.randrange(len(active))
                if active[k].remaining > 0:
                    story = active[k]
                else:
                    active[k] = active[-1]
                    active.pop()
        if story is None:
            story = _Story(world, stories, day)
            stories += 1
            active.append(story)
        story.remaining -= 1
        recent.append((i, day, story))
        yield _article(world, story, i, day, random.Random(seed * 1_000_003 + i))


# --- measurement -----------------------------------------------------------------------------------

PARTS = ("syndication", "stories", "entities", "events", "flush", "layer")


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _instrument(layer, spent: dict[str, float]) -> Callable[[], None]:
    """Time the layer's parts by wrapping its members and the module functions ``add`` calls;
    returns a function that undoes the module patches."""
    from newsgraph.corpus import layer as layer_module

    def timed(fn, part):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[part] += time.perf_counter() - start

        return wrapper

    layer.syndication.add = timed(layer.syndication.add, "syndication")
    layer.stories.add = timed(layer.stories.add, "stories")
    layer.entities.add = timed(layer.entities.add, "entities")
    layer.events.add = timed(layer.events.add, "events")
    saved = {name: getattr(layer_module, name) for name in ("signature", "registered_domain")}
    layer_module.signature = timed(saved["signature"], "stories")
    layer_module.registered_domain = timed(saved["registered_domain"], "syndication")

    def undo() -> None:
        for name, fn in saved.items():
            setattr(layer_module, name, fn)

    return undo


def one(n: int, seed: int = 1, undated: bool = False) -> dict:
    """Feed ``n`` articles through a fresh layer; time and RSS (in this process)."""
    from newsgraph.corpus.layer import CorpusLayer

    world = World()
    news = synthetic_news(n, seed, world, undated)
    first = next(news)  # builds the lexicons and the generator's state before the baseline
    layer = CorpusLayer()
    spent = dict.fromkeys(PARTS, 0.0)
    undo = _instrument(layer, spent)
    gc.collect()
    base_rss, base_peak = _rss(), _peak()
    per_article: list[float] = []
    cpu: list[float] = []  # CPU time of this process: less sensitive to other jobs on the machine
    pending_start = 0
    mentions = events = 0
    gen_time = 0.0
    docs = iter([first])
    for k in range(n):
        t0 = time.perf_counter()
        doc = next(docs, None) or next(news)
        gen_time += time.perf_counter() - t0
        mentions += sum(len(e.mentions) for e in doc.entities)
        events += len(doc.events)
        c1, t1 = time.process_time(), time.perf_counter()
        layer.add(doc)
        per_article.append(time.perf_counter() - t1)
        cpu.append(time.process_time() - c1)
        del doc
        if (k + 1) % FLUSH_EVERY == 0 or k == n - 1:
            c2, t2 = time.process_time(), time.perf_counter()
            layer.flush()
            dt = time.perf_counter() - t2
            dc = time.process_time() - c2
            spent["flush"] += dt
            batch = k + 1 - pending_start
            for j in range(pending_start, k + 1):
                per_article[j] += dt / batch
                cpu[j] += dc / batch
            pending_start = k + 1
    undo()
    rss, peak = _rss(), _peak()
    total = sum(per_article)
    spent["layer"] = total - sum(v for p, v in spent.items() if p != "layer")
    tenth = max(1, n // 10)
    deciles = [1e3 * sum(per_article[d * tenth : (d + 1) * tenth]) / tenth for d in range(10)] if n >= 10 else []
    growth = rss - base_rss
    return {
        "articles": n,
        "ms_per_article": 1e3 * total / n,
        "ms_first_tenth": 1e3 * sum(per_article[:tenth]) / tenth,
        "ms_last_tenth": 1e3 * sum(per_article[-tenth:]) / tenth,
        "ms_deciles": deciles,
        "cpu_ms_per_article": 1e3 * sum(cpu) / n,
        "cpu_ms_first_tenth": 1e3 * sum(cpu[:tenth]) / tenth,
        "cpu_ms_last_tenth": 1e3 * sum(cpu[-tenth:]) / tenth,
        "ms_parts": {p: 1e3 * v / n for p, v in spent.items()},
        "seconds_layer": total,
        "seconds_generating": gen_time,
        "rss_growth_mb": growth / 2**20,
        "peak_rss_mb": peak / 2**20,
        "peak_growth_mb": max(0, peak - max(base_peak, base_rss)) / 2**20,
        "rss_bytes_per_article": growth / n,
        "rss_gb_per_million": growth / n * 1e6 / 2**30,
        "mentions_per_article": mentions / n,
        "events_per_article": events / n,
        "stories": len(layer.stories),
        "syndicated": n - len({layer.placed(f"a{k:07d}").syndication_group for k in range(n)}),
        "corpus_entities": len(layer.entities),
        "corpus_events": len(layer.events),
    }


def traced(n: int, seed: int = 1, undated: bool = False) -> dict:
    """Feed ``n`` articles under tracemalloc; the traced memory the layer holds at each tenth."""
    from newsgraph.corpus.layer import CorpusLayer

    world = World()
    news = synthetic_news(n, seed, world, undated)
    first = next(news)
    layer = CorpusLayer()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    points = []
    tenth = max(1, n // 10)
    layer.add(first)
    del first
    for k in range(1, n):
        layer.add(next(news))
        if (k + 1) % FLUSH_EVERY == 0 or k == n - 1:
            layer.flush()
        if (k + 1) % tenth == 0:
            # The generator keeps two days of originals for wire copies: not the layer's memory.
            gc.collect()
            points.append((k + 1, tracemalloc.get_traced_memory()[0] - base))
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    held = points[-1][1]
    half = [p for p in points if p[0] >= n // 2]
    late = (half[-1][1] - half[0][1]) / (half[-1][0] - half[0][0]) if len(half) > 1 else held / n
    return {
        "articles": n,
        "traced_mb": held / 2**20,
        "traced_peak_mb": peak / 2**20,
        "traced_bytes_per_article": held / n,
        "traced_bytes_per_article_second_half": late,
        "traced_gb_per_million": held / n * 1e6 / 2**30,
        "traced_points": points,
    }


def replay(n: int, seed: int = 1, undated: bool = False) -> dict:
    """Write ``n`` articles with their corpus changes to a fresh store, then time a new run's start:
    from the saved state (as after an ingest run) and, with the state file gone, by replaying
    every stored article."""
    from newsgraph.corpus_sync import CorpusSync, state_path
    from newsgraph.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replay.duckdb"
        write = 0.0
        with Store(path) as store:
            sync = CorpusSync(store)
            batch: list[AnalyzedDocument] = []
            for doc in synthetic_news(n, seed, undated=undated):
                batch.append(doc)
                if len(batch) == FLUSH_EVERY:
                    t = time.perf_counter()
                    store.write_batch(batch, corpus=sync)
                    write += time.perf_counter() - t
                    batch = []
            if batch:
                t = time.perf_counter()
                store.write_batch(batch, corpus=sync)
                write += time.perf_counter() - t
            t = time.perf_counter()
            sync.save()  # as ingest does at the end of a run
            saving = time.perf_counter() - t
            saved = state_path(store)
        size = path.stat().st_size
        state_size = saved.stat().st_size if saved is not None and saved.exists() else 0
        with Store(path) as store:
            gc.collect()
            t = time.perf_counter()
            layer = CorpusSync(store).layer()
            loading = time.perf_counter() - t
            loaded = len(layer)
            del layer
            if saved is not None and saved.exists():
                saved.unlink()
            gc.collect()
            base_rss = _rss()
            t = time.perf_counter()
            layer = CorpusSync(store).layer()
            startup = time.perf_counter() - t
            rss = _rss()
            placed = len(layer)
            del layer
            gc.collect()
            t = time.perf_counter()
            read = sum(1 for _ in store.iter_documents("placed"))
            reading = time.perf_counter() - t
        assert placed == read == loaded == n, (placed, read, loaded, n)
    return {
        "articles": n,
        "db_mb": size / 2**20,
        "ms_write_per_article": 1e3 * write / n,
        "state_mb": state_size / 2**20,
        "state_save_seconds": saving,
        "state_load_seconds": loading,
        "startup_seconds": startup,
        "ms_startup_per_article": 1e3 * startup / n,
        "ms_read_per_article": 1e3 * reading / n,
        "ms_place_per_article": 1e3 * (startup - reading) / n,
        "startup_rss_mb": (rss - base_rss) / 2**20,
    }


def profile(n: int, seed: int = 1, undated: bool = False, top: int = 25) -> str:
    """cProfile of the layer alone over ``n`` articles (documents generated beforehand)."""
    from newsgraph.corpus.layer import CorpusLayer

    docs = list(synthetic_news(n, seed, undated=undated))
    layer = CorpusLayer()
    prof = cProfile.Profile()
    prof.enable()
    for k, doc in enumerate(docs):
        layer.add(doc)
        if (k + 1) % FLUSH_EVERY == 0:
            layer.flush()
    layer.flush()
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _child(mode: str, n: int, seed: int, undated: bool) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(n), "--seed", str(seed), *(["--undated"] if undated else [])],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{mode} {n}: child failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def _machine() -> dict:
    return {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load": os.getloadavg(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000])
    parser.add_argument("--traced", type=int, nargs="*", default=[], help="sizes to run again under tracemalloc")
    parser.add_argument("--replay", type=int, nargs="*", default=[], help="sizes of stored corpora to replay")
    parser.add_argument("--profile", type=int, help="print a cProfile summary of the layer over this many articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--undated", action="store_true", help="articles without publication dates")
    parser.add_argument("--json", help="write every result to this file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, n = args.child[0], int(args.child[1])
        print(json.dumps({"one": one, "traced": traced, "replay": replay}[mode](n, args.seed, args.undated)))
        return
    if args.profile:
        print(profile(args.profile, args.seed, args.undated))
        return
    results: dict = {"machine": _machine(), "undated": args.undated, "scale": [], "traced": [], "replay": []}
    if args.sizes:
        print(
            f"{'articles':>9} {'ms/art':>7} {'first10%':>8} {'last10%':>8} {'cpu ms':>7} {'cpu l10%':>8} | "
            + " ".join(f"{p[:8]:>8}" for p in PARTS)
            + f" | {'RSS MB':>7} {'B/art':>7} {'GB/1M':>6} {'stories':>8} {'entities':>9} {'events':>8} {'s':>6}"
        )
    for n in args.sizes:
        r = _child("one", n, args.seed, args.undated)
        results["scale"].append(r)
        print(
            f"{n:>9} {r['ms_per_article']:>7.2f} {r['ms_first_tenth']:>8.2f} {r['ms_last_tenth']:>8.2f}"
            f" {r['cpu_ms_per_article']:>7.2f} {r['cpu_ms_last_tenth']:>8.2f} | "
            + " ".join(f"{r['ms_parts'][p]:>8.3f}" for p in PARTS)
            + f" | {r['rss_growth_mb']:>7.1f} {r['rss_bytes_per_article']:>7.0f} {r['rss_gb_per_million']:>6.2f}"
            f" {r['stories']:>8} {r['corpus_entities']:>9} {r['corpus_events']:>8} {r['seconds_layer']:>6.0f}",
            flush=True,
        )
    if args.traced:
        print(f"\n{'articles':>9} {'traced MB':>10} {'B/article':>10} {'B/art 2nd half':>15} {'GB/1M':>6}")
    for n in args.traced:
        r = _child("traced", n, args.seed, args.undated)
        results["traced"].append(r)
        print(
            f"{n:>9} {r['traced_mb']:>10.1f} {r['traced_bytes_per_article']:>10.0f}"
            f" {r['traced_bytes_per_article_second_half']:>15.0f} {r['traced_gb_per_million']:>6.2f}",
            flush=True,
        )
    if args.replay:
        print(
            f"\n{'articles':>9} {'DB MB':>7} {'write ms/art':>12} {'state MB':>8} {'save s':>6} {'load s':>6}"
            f" {'replay s':>9} {'ms/art':>7}"
            f" {'read ms/art':>11} {'place ms/art':>12} {'RSS MB':>7}"
        )
    for n in args.replay:
        r = _child("replay", n, args.seed, args.undated)
        results["replay"].append(r)
        print(
            f"{n:>9} {r['db_mb']:>7.1f} {r['ms_write_per_article']:>12.2f} {r['state_mb']:>8.1f}"
            f" {r['state_save_seconds']:>6.1f} {r['state_load_seconds']:>6.1f} {r['startup_seconds']:>9.1f}"
            f" {r['ms_startup_per_article']:>7.2f} {r['ms_read_per_article']:>11.2f}"
            f" {r['ms_place_per_article']:>12.2f} {r['startup_rss_mb']:>7.1f}",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()
