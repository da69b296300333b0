"""The explorer's reads on a store built by ingesting the invented week of
tests/corpus/newsroom.py (the real pipeline and corpus layer), and on the
hand-filled corpus of test_corpus_queries where events name actors and targets.

Every person, place and outlet is made up.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import duckdb
import pytest

from newsgraph.config import Settings
from newsgraph.errors import StoreError
from newsgraph.ingest import ingest
from newsgraph.records import AnalyzedDocument, Article, CorpusChanges, CorpusEvent
from newsgraph.store import Store
from newsgraph.store.db import MAX_LIMIT

from ..corpus.newsroom import ARTICLES, write_jsonl
from .test_corpus_queries import newsroom as hand_filled

SETTINGS = Settings(batch_size=2, doc_timeout=0)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("explore")
    source = write_jsonl(root / "week.jsonl")
    path = root / "week.duckdb"
    with Store(path) as store:
        report = ingest([str(source)], store, SETTINGS)
        assert report.ok and report.stored == len(ARTICLES)
    return path


@pytest.fixture(scope="module")
def store(db_path):
    with Store(db_path, read_only=True) as s:
        yield s


# -- totals, views, interrupts ---------------------------------------------------------


def test_totals_count_what_the_tables_hold(store):
    totals = store.totals()
    for table in ("articles", "stories", "corpus_events", "event_reports", "corpus_entities", "quotes"):
        assert totals[table] == store.count(table) > 0, table
    sites = {a[1].split("/")[2].removeprefix("www.").removeprefix("wire.") for a in ARTICLES}
    assert totals["sources"] == len(sites)
    # The site that republished the wire copy is an independent source for its own undated article only.
    assert totals["independent_sources"] == len(sites)
    dates = sorted(a[2] for a in ARTICLES if a[2])
    assert (totals["first_date"], totals["last_date"]) == (dates[0], dates[-1])


def test_totals_of_an_empty_store(tmp_path):
    with Store(tmp_path / "empty.duckdb") as store:
        totals = store.totals()
    assert totals["articles"] == totals["corpus_events"] == totals["sources"] == 0
    assert totals["first_date"] is None


def test_a_view_sees_committed_batches_only(tmp_path):
    rows = ARTICLES[:2]
    with Store(tmp_path / "db.duckdb") as store:
        # A batch in flight: the writer's transaction is open, not committed.
        store.con.execute("BEGIN TRANSACTION")
        store.con.execute("INSERT INTO articles (id, source, body) VALUES ('half', 'x', 'b')")
        assert store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 1
        view = store.view()
        assert view.totals()["articles"] == 0
        assert view.article_list() == []
        view.close()
        store.con.execute("ROLLBACK")
        before = store.view()
        ingest([str(write_jsonl(tmp_path / "two.jsonl", rows))], store, SETTINGS)
        # A view reads the state it began at; a new one sees the committed batch.
        assert before.totals()["articles"] == 0
        before.close()
        after = store.view()
        assert after.totals()["articles"] == 2
        assert {a["id"] for a in after.article_list()} == {r[0] for r in rows}
        after.close()
        # Closing a view closes its cursor only.
        assert store.totals()["articles"] == 2
        with pytest.raises(StoreError):
            after.totals()


def test_views_read_in_threads_while_the_store_writes(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        seen: list[int] = []
        errors: list[BaseException] = []
        stop = threading.Event()

        def read() -> None:
            try:
                while not stop.is_set():
                    view = store.view()
                    try:
                        totals = view.totals()
                        # A batch is stored whole with its corpus rows or not at all, and a
                        # view's reads all come from one state.
                        assert totals["articles"] == view.count("corpus_articles")
                        assert totals["articles"] == len(view.article_list())
                        seen.append(totals["articles"])
                    finally:
                        view.close()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for t in readers:
            t.start()
        ingest([str(write_jsonl(tmp_path / "all.jsonl"))], store, SETTINGS)
        stop.set()
        for t in readers:
            t.join(timeout=30)
    assert not errors, errors
    assert seen and set(seen) <= set(range(0, len(ARTICLES) + 1, 2)) | {len(ARTICLES)}


def test_interrupt_stops_a_running_query(store):
    view = store.view()
    failed: list[BaseException] = []

    def long_query() -> None:
        try:
            view.con.execute("SELECT sum(i) FROM range(10000000000000) t(i)").fetchall()
        except BaseException as exc:  # noqa: BLE001 - asserted below
            failed.append(exc)

    worker = threading.Thread(target=long_query)
    worker.start()
    for _ in range(100):
        worker.join(timeout=0.05)
        view.interrupt()
        if not worker.is_alive():
            break
    worker.join(timeout=10)
    view.close()
    assert not worker.is_alive()
    assert failed and isinstance(failed[0], duckdb.InterruptException)


# -- paging --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "read",
    [
        lambda s, **kw: s.stories(**kw),
        lambda s, **kw: s.corpus_events(**kw),
        lambda s, **kw: s.corpus_entities(mentions=False, **kw),
        lambda s, **kw: s.article_list(**kw),
        lambda s, **kw: s.quotes(**kw),
    ],
    ids=["stories", "events", "entities", "articles", "quotes"],
)
def test_offset_pages_have_no_overlap_and_no_gaps(store, read):
    def key(row):
        return row.get("id") or (row["article_id"], row["start"])

    whole = [key(r) for r in read(store, limit=MAX_LIMIT)]
    assert len(whole) >= 3
    for size in (1, 2, 3):
        paged = []
        for offset in range(0, len(whole) + size, size):
            paged += [key(r) for r in read(store, limit=size, offset=offset)]
        assert paged == whole, size
    assert read(store, limit=5, offset=len(whole)) == []
    with pytest.raises(StoreError, match="offset must not be negative"):
        read(store, offset=-1)
    with pytest.raises(StoreError, match="limit must not be negative"):
        read(store, limit=-1)


def test_explorer_pages_are_capped(store):
    assert len(store.article_list(limit=10**9)) == len(ARTICLES)
    assert store._page(10**9, 0) == MAX_LIMIT


# -- articles ---------------------------------------------------------------------------


def test_article_list_rows_and_filters(store):
    rows = store.article_list()
    assert [r["id"] for r in rows][:2] == ["harbour-2", "ledger-2"]  # newest first, then by id
    assert rows[-1]["id"] == "undated-1" and rows[-1]["published"] is None  # undated last
    first = next(r for r in rows if r["id"] == "harbour-1")
    doc = store.get("harbour-1")
    assert first["title"] == doc.article.title and first["url"] == doc.article.url
    assert first["site"] == "harbourpost.com"
    copy = next(r for r in rows if r["id"] == "copy-1")
    assert (copy["syndication_group"], copy["original"]) == ("wire-1", "wire-1")  # a republished wire copy
    assert (first["syndication_group"], first["original"]) == ("harbour-1", "harbour-1")
    assert first["num_quotes"] == len(doc.quotes) and first["num_events"] == len(doc.events)
    assert first["num_entities"] == len({m.entity_id or e.id for e in doc.entities for m in e.mentions})
    assert {r["id"] for r in store.article_list(site="HARBOURPOST.COM")} == {"harbour-1", "harbour-2"}
    assert {r["id"] for r in store.article_list(since="2025-04-09")} == {"harbour-2", "ledger-2"}
    assert {r["id"] for r in store.article_list(until="2025-04-07")} == {"harbour-1", "ledger-1"}
    story = first["story_id"]
    members = store.story(story)["articles"]
    assert sorted(r["id"] for r in store.article_list(story=story[:6])) == sorted(members)
    with pytest.raises(StoreError, match="no story"):
        store.article_list(story="nope")
    with pytest.raises(StoreError, match="not a date"):
        store.article_list(since="April")


def test_article_is_the_whole_record_with_its_placement(store):
    record = store.article("copy")
    doc = store.get("copy-1")
    assert record["id"] == "copy-1"
    assert record["article"]["body"] == doc.article.body
    assert len(record["entities"]) == len(doc.entities) and len(record["events"]) == len(doc.events)
    assert record["events"][0]["evidence"][0]["trigger"] == doc.events[0].evidence[0].trigger.to_dict()
    # A republished wire copy: its group and original are the wire's article.
    assert (record["syndication_group"], record["original"]) == ("wire-1", "wire-1")
    assert record["site"] == "valleytimes.com"
    assert record["story_id"] == store.article("wire-1")["story_id"]
    with pytest.raises(StoreError, match="no article"):
        store.article("missing")
    with pytest.raises(StoreError, match="ambiguous"):
        store.article("harbour")


def test_article_entities_name_their_corpus_entity(store):
    record = store.article("harbour-1")
    members = dict(
        store.con.execute(
            "SELECT entity_id, corpus_entity_id FROM entity_members WHERE article_id = 'harbour-1'"
        ).fetchall()
    )
    assert members and {e["id"]: e["corpus_entity"] for e in record["entities"]} == members
    by_name = {e["name"]: e["corpus_entity"] for e in record["entities"]}
    assert by_name["Andrik Solvay"] == store.resolve_entity("Andrik Solvay")
    # Not only speakers: a place the article never quotes is linked too.
    speakers = {q["speaker"] for q in record["quotes"]}
    assert any(e["corpus_entity"] for e in record["entities"] if e["id"] not in speakers)


def test_article_entities_without_a_corpus_entity_say_none(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        ingest([str(write_jsonl(tmp_path / "one.jsonl", ARTICLES[:1]))], store, SETTINGS)
        store.con.execute("DELETE FROM entity_members")
        record = store.article(ARTICLES[0][0])
    assert record["entities"] and all(e["corpus_entity"] is None for e in record["entities"])


# -- corpus events: mode and target -----------------------------------------------------------


def test_events_mode_filter(store):
    every = store.corpus_events(limit=0)
    modes = Counter((e["mode"] or "").lower() for e in every)
    for mode, n in modes.items():
        if mode:
            found = store.corpus_events(mode=mode.upper(), limit=0)
            assert len(found) == n and all(e["mode"].lower() == mode for e in found)


@pytest.fixture(scope="module")
def located(tmp_path_factory):
    """The hand-filled corpus with both its events placed on the map, and one more without a place."""
    path = hand_filled(tmp_path_factory.mktemp("points") / "db.duckdb")
    with Store(path) as s:
        s.con.execute("UPDATE corpus_events SET latitude = 59.9, longitude = 10.7 WHERE id = 'cev-arrest'")
        s.con.execute("UPDATE corpus_events SET latitude = -33.9, longitude = 18.4 WHERE id = 'cev-blast'")
        s.con.execute(
            "INSERT INTO corpus_events SELECT * REPLACE ('cev-nowhere' AS id, NULL AS latitude, NULL AS longitude)"
            " FROM corpus_events WHERE id = 'cev-blast'"
        )
    with Store(path, read_only=True) as s:
        yield s


@pytest.mark.parametrize("filters", [{}, {"type": "coerce"}, {"since": "2031-06-02"}, {"min_sources": 3}])
def test_event_points_are_the_located_events_with_their_first_report(located, filters):
    expected = []
    for e in located.corpus_events(limit=0, **filters):
        if e["latitude"] is None or e["longitude"] is None:
            continue
        first = e["mentions"][0]
        point = {k: e[k] for k in ("id", "type", "place", "date", "latitude", "longitude")}
        point.update({k: first[k] for k in ("article_id", "trigger_start", "trigger_end")})
        point.update({k: first[k] for k in ("sentence_start", "sentence_end")})
        expected.append(point)
    assert located.event_points(**filters) == expected
    assert expected
    if not filters:
        assert [p["id"] for p in expected] == ["cev-blast", "cev-arrest"]
        assert located.event_points(limit=1) == expected[:1]


def test_event_points_check_their_arguments(located):
    with pytest.raises(StoreError, match="not a date"):
        located.event_points(since="soon")
    with pytest.raises(StoreError, match="limit must not be negative"):
        located.event_points(limit=-1)
    assert len(located.event_points(limit=10**9)) == len(located.event_points()) == 2


def test_events_actor_and_target_filters(tmp_path):
    with Store(hand_filled(tmp_path / "hand.duckdb"), read_only=True) as store:
        assert [e["id"] for e in store.corpus_events(target="protesters")] == ["cev-arrest"]
        assert [e["id"] for e in store.corpus_events(target="police")] == []  # the actor, not a target
        assert [e["id"] for e in store.corpus_events(actor="ce-police")] == ["cev-arrest"]  # an entity id
        assert [e["id"] for e in store.corpus_events(target="THREE")] == ["cev-blast"]


# -- time series -------------------------------------------------------------------------


def _when(e, n):
    for value in (e["date"], e["first_reported"]):
        if value and len(value) >= n:
            return value[:n]
    return None


def _expected(events, group_by, weights=None):
    n = 7 if group_by == "month" else 10
    out: Counter[str] = Counter()
    for e in events:
        when = _when(e, n)
        if when is None:
            continue
        day = dt.date.fromisoformat(when + "-01" if n == 7 else when)
        if group_by == "week":
            day -= dt.timedelta(days=day.weekday())
        out[day.isoformat()] += weights(e) if weights else 1
    return [{"period": p, "count": c} for p, c in sorted(out.items())]


@pytest.mark.parametrize("group_by", ["day", "week", "month"])
def test_event_series_counts_the_listed_events_per_period(store, group_by):
    every = store.corpus_events(limit=0)
    series = store.event_series(group_by=group_by)
    assert series == _expected(every, group_by)
    assert sum(p["count"] for p in series) == len(every)  # every event of the week is dated
    reports = store.event_series(group_by=group_by, count="reports")
    assert reports == _expected(every, group_by, weights=lambda e: len(e["mentions"]))
    by_period = {p["period"]: p["count"] for p in series}
    assert all(r["count"] >= by_period[r["period"]] for r in reports)
    assert sum(r["count"] for r in reports) == store.count("event_reports") > len(every)


def test_event_series_takes_the_filters_of_corpus_events(store):
    for filters in ({"type": "protest"}, {"min_sources": 2}, {"since": "2025-04-08"}, {"until": "2025-04-07"}):
        assert store.event_series(**filters) == _expected(store.corpus_events(limit=0, **filters), "day"), filters
    assert store.event_series(type="NO-SUCH-TYPE") == []


def test_event_series_days_are_iso_days_and_weeks_start_on_monday(store):
    for group_by in ("day", "week", "month"):
        for p in store.event_series(group_by=group_by):
            day = dt.date.fromisoformat(p["period"])
            assert group_by != "week" or day.weekday() == 0
            assert group_by != "month" or day.day == 1


def test_event_series_bad_arguments(store):
    with pytest.raises(StoreError, match="unknown group_by 'year'"):
        store.event_series(group_by="year")
    with pytest.raises(StoreError, match="unknown count 'articles'"):
        store.event_series(count="articles")
    with pytest.raises(StoreError, match="min_sources must not be negative"):
        store.event_series(min_sources=-1)
    with pytest.raises(StoreError, match="not a date"):
        store.event_series(until="2025-13")
    # A misspelt filter is an error, not a filter silently ignored.
    with pytest.raises(StoreError, match="unknown event filter 'min_source'"):
        store.event_points(min_source=2)  # type: ignore[call-arg]


# -- quotes ---------------------------------------------------------------------------------


def test_quotes_carry_article_speaker_and_entity(store):
    every = store.quotes(limit=MAX_LIMIT)
    assert len(every) == store.count("quotes")
    for q in every:
        body = store.get(q["article_id"]).article.body
        assert body[q["start"] : q["end"]] == q["text"]
        if q["speaker_start"] is not None:
            assert body[q["speaker_start"] : q["speaker_end"]] == q["speaker"]
    solvay = store.corpus_entity("Andrik Solvay")
    by_him = store.quotes(speaker="solvay")
    assert by_him and {q["speaker_entity"] for q in by_him} == {solvay["id"]}
    assert len(by_him) == len(solvay["quotes"])
    assert store.quotes(speaker=solvay["id"]) == by_him
    assert {q["article_id"] for q in store.quotes(q="WITHIN THE LAW")} == {"wire-1", "copy-1"}
    assert {q["article_id"] for q in store.quotes(since="2025-04-09")} == {"harbour-2", "ledger-2"}
    unresolved = [q for q in every if q["speaker"] == "Lawyers"]
    assert unresolved and all(q["speaker_entity"] is None for q in unresolved)


# -- an entity's network ------------------------------------------------------------------------


def test_entity_network_lists_actor_target_edges_both_ways(tmp_path):
    path = hand_filled(tmp_path / "hand.duckdb")
    with Store(path) as store:
        (arrest,) = store.corpus_events(type="COERCE")
        base = CorpusEvent.from_dict({k: v for k, v in arrest.items() if k != "mentions"})
        extra = [
            # Oskar acts on Lida twice (two types), once on the guild; Lida acts on Oskar once.
            _event(base, "cev-n1", "ce-oskar", "ce-lida", "ACCUSE"),
            _event(base, "cev-n2", "ce-oskar", "ce-lida", "ACCUSE"),
            _event(base, "cev-n3", "ce-oskar", "ce-lida", "THREATEN"),
            _event(base, "cev-n4", "ce-lida", "ce-oskar", "ACCUSE"),
            _event(base, "cev-n5", "ce-oskar", None, "DEMAND", target_text="the council"),
            _event(base, "cev-n6", "ce-oskar", None, "DEMAND", target_text=None),
        ]
        store.write_corpus(CorpusChanges(events=extra))
        network = store.corpus_entity("ce-oskar")["network"]
        edges = {(e["source"], e["target"], e["type"]): e["count"] for e in network}
        assert edges == {
            ("ce-oskar", "ce-lida", "ACCUSE"): 2,
            ("ce-oskar", "ce-lida", "THREATEN"): 1,
            ("ce-lida", "ce-oskar", "ACCUSE"): 1,
            ("ce-oskar", None, "DEMAND"): 1,  # a target named only by its text
        }
        assert network[0]["count"] == 2  # most events first
        names = {e["target"]: e["target_name"] for e in network if e["source"] == "ce-oskar"}
        assert names["ce-lida"] == store.corpus_entity("ce-lida")["name"] and names[None] == "the council"
        assert store.corpus_entity("ce-oskar", until="2000-01-01")["network"] == []
        # The police appear as an actor with a target named by its text only.
        assert [(e["source"], e["target_name"]) for e in store.corpus_entity("ce-police")["network"]] == [
            ("ce-police", "protesters")
        ]


def _event(base, event_id, actor, target, type_, target_text="someone"):
    from dataclasses import replace

    return replace(
        base,
        id=event_id,
        type=type_,
        actor=actor,
        actor_text=None,
        target=target,
        target_text=target_text if target is None else None,
        counts=[],
        disagreements=[],
    )


# -- search ------------------------------------------------------------------------------------


def test_ingest_indexes_articles_for_search(store):
    found = store.search("Orskavel earthquake")
    assert {h["id"] for h in found["hits"]} == {"harbour-2", "ledger-2"} and found["total"] == 2
    for hit in found["hits"]:
        assert hit["published"] == "2025-04-09"
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower().startswith(("orskavel", "earthquake"))
    assert store.search("lantern festival")["hits"][0]["id"] == "undated-1"


def test_search_facets_count_the_matches_in_the_database(store):
    found = store.search("Velmora", limit=1)
    assert len(found["hits"]) == 1 and found["total"] > 1
    ids = {
        r["id"]
        for r in store.article_list()
        if "velmora" in (store.get(r["id"]).article.body.lower() + (r["title"] or "").lower())
    }
    assert found["total"] == len(ids)
    rows = [r for r in store.article_list() if r["id"] in ids]
    sites = Counter(r["site"] for r in rows)
    assert {f["value"]: f["count"] for f in found["facets"]["site"]} == sites
    months = Counter(r["published"][:7] for r in rows if r["published"])
    assert {f["value"]: f["count"] for f in found["facets"]["month"]} == months
    types = Counter(t for i in ids for t in {e.type.upper() for e in store.get(i).events})
    assert {f["value"]: f["count"] for f in found["facets"]["event_type"]} == types


def test_search_filters_and_paging(store):
    whole = [h["id"] for h in store.search("police", limit=50)["hits"]]
    paged = [
        h["id"] for offset in range(0, len(whole), 2) for h in store.search("police", limit=2, offset=offset)["hits"]
    ]
    assert paged == whole
    assert {h["id"] for h in store.search("police", since="2025-04-08")["hits"]} <= {"wire-1", "copy-1", "mirror-1"}
    assert {h["id"] for h in store.search("police", until="2025-04")["hits"]} == set(whole) - {"undated-1"}
    assert {h["id"] for h in store.search("police", site="harbourpost.com")["hits"]} == {"harbour-1"}
    for bad, message in (("", "empty search query"), ('"open', "bad search query"), ("x" * 600, "characters long")):
        with pytest.raises(StoreError, match=message):
            store.search(bad)
    with pytest.raises(StoreError, match="not a date"):
        store.search("police", since="2025-02-30")
    with pytest.raises(StoreError, match="offset must not be negative"):
        store.search("police", offset=-1)


def _unplaced(article_id: str, url: str | None, site: str | None) -> AnalyzedDocument:
    body = "The ferry to Quillon Rock sailed late again on Friday."
    article = Article(id=article_id, source=f"{article_id}.txt", body=body, title="Quillon ferry", url=url, site=site)
    return AnalyzedDocument(id=article_id, source=f"{article_id}.txt", article=article)


def test_search_site_facets_are_what_the_site_filter_finds(tmp_path):
    """Facet values are registered domains, as the index filters on, also for articles
    the corpus layer has not placed (their own ``site`` is a host name) and for placed
    ones without a URL (no site at all): clicking a site facet finds its hits."""
    with Store(tmp_path / "db.duckdb") as store:
        ingest([str(write_jsonl(tmp_path / "one.jsonl", ARTICLES[:1]))], store, SETTINGS)
        # Stored without corpus changes: not placed.
        store.write_batch(
            [
                _unplaced("u1", "https://news.north.quillon-gazette.co.uk/ferry", "news.north.quillon-gazette.co.uk"),
                _unplaced("u2", "https://www.quillon-gazette.co.uk/late", "www.quillon-gazette.co.uk"),
                _unplaced("u3", None, "ferrywatch.example.org"),
            ]
        )
        store.con.execute("UPDATE articles SET site = 'www.harbourpost.com'")
        found = store.search("ferry OR police")
        sites = {f["value"]: f["count"] for f in found["facets"]["site"]}
        assert sites == {"quillon-gazette.co.uk": 2, "harbourpost.com": 1}
        for value, n in sites.items():
            assert store.search("ferry OR police", site=value)["total"] == n
        assert {h["site"] for h in found["hits"]} == {*sites, None}


def test_search_by_event_type_keeps_the_articles_its_facet_counts(store, monkeypatch):
    every = store.search("police", limit=50)
    facet = {f["value"]: f["count"] for f in every["facets"]["event_type"]}
    assert len(facet) >= 2
    for kind, n in facet.items():
        reporting = {h["id"] for h in every["hits"] if kind in {e.type.upper() for e in store.get(h["id"]).events}}
        found = store.search("police", limit=50, event_type=kind.lower())
        assert found["total"] == n == len(reporting)
        assert [h["id"] for h in found["hits"]] == [h["id"] for h in every["hits"] if h["id"] in reporting]
        assert {f["value"]: f["count"] for f in found["facets"]["event_type"]}[kind] == n
        # An index built before event types (read-only, not rebuilt): the database says which articles.
        with monkeypatch.context() as m:
            m.setattr(store.search_index(), "has_event_types", False)
            assert store.search("police", limit=50, event_type=kind)["hits"] == found["hits"]
    assert store.search("police", event_type="NO_SUCH_TYPE")["total"] == 0
    assert store.search("police", event_type=" ")["total"] == every["total"]


def test_read_write_open_indexes_what_the_index_lacks(tmp_path):
    import shutil

    from newsgraph.store.search import index_path

    path = tmp_path / "db.duckdb"
    with Store(path) as store:
        ingest([str(write_jsonl(tmp_path / "two.jsonl", ARTICLES[:2]))], store, SETTINGS)
        assert store.search("Velmora")["total"] == 2
    # As after a kill between the database's commit and the index's.
    shutil.rmtree(index_path(str(path)))
    with Store(path, read_only=True) as store:
        assert store.search("Velmora")["total"] == 0  # a read-only store never writes the index
    with Store(path) as store:
        assert store.search("Velmora")["total"] == 2
        view = store.view()
        ingest([str(write_jsonl(tmp_path / "more.jsonl", ARTICLES[2:5]))], store, SETTINGS)
        # Views search the store's one index and see each batch once it is committed.
        assert {h["id"] for h in view.search("Velmora", limit=10)["hits"]} == {a[0] for a in ARTICLES[:5]}
        view.close()
        assert store.index_errors == []


# -- streamed exports ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["gdelt", "gdelt-mentions", "acled"])
def test_export_rows_are_the_rows_the_file_export_writes(store, tmp_path, layout):
    import csv

    from newsgraph.store.layouts import ACLED_COLUMNS, gdelt_field

    columns, rows = store.export_rows(layout, csv_safe=True)
    rows = list(rows)
    written = store.export_events(tmp_path, "csv", layout)
    if layout == "acled":
        with written.open(encoding="utf-8") as f:
            table = list(csv.reader(f))
        assert columns == table[0] == list(ACLED_COLUMNS)
        assert rows == table[1:]
    else:
        lines = written.read_text(encoding="utf-8").splitlines()
        assert [[gdelt_field(c) for c in row] for row in rows] == [line.split("\t") for line in lines]
        assert all(len(row) == len(columns) for row in rows)
    assert rows


def test_export_rows_take_the_filters_of_corpus_events(store):
    from newsgraph.store.layouts import GDELT_MENTION_COLUMNS, _global_id

    _, every = store.export_rows("gdelt-mentions")
    every = list(every)
    protests = store.corpus_events(type="PROTEST", limit=0)
    _, rows = store.export_rows("gdelt-mentions", type="protest")
    rows = list(rows)
    # The whole export's rows of the kept events, in the same order.
    protest_ids = {_global_id(e["id"]) for e in protests}
    assert rows == [r for r in every if r[GDELT_MENTION_COLUMNS.index("GlobalEventID")] in protest_ids]
    assert rows and {r[GDELT_MENTION_COLUMNS.index("MentionIdentifier")] for r in rows} <= {a[1] for a in ARTICLES}
    assert len(rows) < len(every)
    _, none = store.export_rows("gdelt", since="2030-01-01")
    assert list(none) == []


def test_export_rows_of_a_table_and_bad_arguments(store):
    columns, rows = store.export_rows("tables", table="articles")
    rows = list(rows)
    assert columns[0] == "id" and len(rows) == len(ARTICLES)
    assert [r[0] for r in rows] == [a[0] for a in ARTICLES]  # in storing order
    for kwargs, message in (
        ({"layout": "geojson"}, "unknown layout 'geojson'"),
        ({"layout": "tables"}, "needs a table"),
        ({"layout": "tables", "table": "analyses"}, "no such table 'analyses'"),
        ({"layout": "tables", "table": "articles", "type": "PROTEST"}, "takes no filters"),
        ({"layout": "acled", "table": "articles"}, "table is for the tables layout"),
        ({"layout": "acled", "until": "soon"}, "not a date"),
    ):
        with pytest.raises(StoreError, match=message):
            store.export_rows(**kwargs)


KILLED_BETWEEN_COMMITS = """
import os, signal, sys
from newsgraph.config import Settings
from newsgraph.ingest import ingest
from newsgraph.store import Store
from newsgraph.store import search

calls = []
add = search.SearchIndex.add

def add_then_die(self, docs):
    calls.append(len(docs))
    if len(calls) == 3:  # the third batch is in the database, not yet in the index
        os.kill(os.getpid(), signal.SIGKILL)
    add(self, docs)

search.SearchIndex.add = add_then_die
with Store(sys.argv[1]) as store:
    ingest([sys.argv[2]], store, Settings(batch_size=1, doc_timeout=0))
"""


def test_a_kill_between_the_database_and_index_commits_is_caught_up_on_reopening(tmp_path):
    import signal
    import subprocess
    import sys

    source = write_jsonl(tmp_path / "week.jsonl")
    db = tmp_path / "db.duckdb"
    driver = tmp_path / "driver.py"
    driver.write_text(KILLED_BETWEEN_COMMITS)
    done = subprocess.run([sys.executable, str(driver), str(db), str(source)], capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Store(db, read_only=True) as store:
        stored = {a["id"] for a in store.article_list()}
        indexed = store.search_index().ids()
        assert len(stored) == 3 and indexed < stored  # the index is behind, never ahead
        (lost,) = stored - indexed
        title = store.get(lost).article.title
        assert lost not in {h["id"] for h in store.search(title)["hits"]}
    with Store(db) as store:  # a read-write open reconciles
        assert store.search_index().ids() == stored
        assert lost in {h["id"] for h in store.search(title)["hits"]}
