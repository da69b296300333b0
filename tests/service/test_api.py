"""The JSON API over the invented newsroom week: every endpoint and filter, and
bad parameters (a 4xx with one JSON error shape, never a 500 or a traceback)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import time
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from newsgraph.service import create_app, security
from newsgraph.service.api import _upload_name
from newsgraph.service.database import RequestTimeout, time_limit
from newsgraph.store import Store
from tests.corpus.newsroom import ARTICLES, write_jsonl

from .conftest import SETTINGS


def ok(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, (path, params, r.text[:300])
    return r.json()


def error(client, path, status, **params):
    r = client.get(path, params=params)
    assert r.status_code == status, (path, params, r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert "\n" not in body["error"]["message"] and "Traceback" not in r.text
    return body["error"]


@pytest.fixture(scope="module")
def everything(client):
    """Every row of each list, unfiltered, to check the filters against."""
    return {
        "articles": ok(client, "/api/articles", limit=200)["items"],
        "events": ok(client, "/api/events", limit=200)["items"],
        "entities": ok(client, "/api/entities", limit=200)["items"],
        "stories": ok(client, "/api/stories", limit=200)["items"],
        "quotes": ok(client, "/api/quotes", limit=200)["items"],
    }


# -- health --------------------------------------------------------------------------------


def test_health_gives_version_database_and_counts(client, store_path):
    body = ok(client, "/api/health")
    assert body["status"] == "ok" and body["version"]
    assert body["database"] == str(store_path)
    assert body["writable"] is False and body["ingest"] is False and body["writer"] is None
    counts = body["counts"]
    assert counts["articles"] == 8 and counts["stories"] == 3 and counts["quotes"] >= 1
    assert counts["corpus_events"] >= 1 and counts["event_reports"] >= counts["corpus_events"]
    assert counts["first_date"] == "2025-04-07" and counts["last_date"] == "2025-04-09"


# -- articles -------------------------------------------------------------------------------


def test_articles_page_through_all_of_them_newest_first(client, everything):
    items = everything["articles"]
    assert len(items) == 8
    dated = [a["published"] for a in items if a["published"]]
    assert dated == sorted(dated, reverse=True)
    first = ok(client, "/api/articles", limit=3)
    second = ok(client, "/api/articles", limit=3, offset=3)
    assert first["total"] == second["total"] == 8
    assert (first["limit"], first["offset"], second["offset"]) == (3, 0, 3)
    assert [a["id"] for a in first["items"] + second["items"]] == [a["id"] for a in items[:6]]
    assert ok(client, "/api/articles", offset=8)["items"] == []


def test_articles_filter_by_site_story_and_dates(client, everything):
    by_site = ok(client, "/api/articles", site="harbourpost.com")["items"]
    assert {a["id"] for a in by_site} == {a["id"] for a in everything["articles"] if a["site"] == "harbourpost.com"}
    assert len(by_site) == 2
    story = next(a["story_id"] for a in everything["articles"] if a["id"] == "harbour-2")
    in_story = ok(client, "/api/articles", story=story)["items"]
    assert {a["id"] for a in in_story} == {"harbour-2", "ledger-2"}
    assert {a["id"] for a in ok(client, "/api/articles", since="2025-04-09")["items"]} == {"harbour-2", "ledger-2"}
    early = ok(client, "/api/articles", until="2025-04-07")["items"]
    assert {a["id"] for a in early} == {"harbour-1", "ledger-1"}


def test_one_article_is_the_whole_record_with_every_span(client):
    record = ok(client, "/api/articles/harbour-1")
    body = record["article"]["body"]
    assert record["id"] == "harbour-1" and record["story_id"] and record["site"] == "harbourpost.com"
    spans = [m for e in record["entities"] for m in e["mentions"]]
    spans += [q for q in record["quotes"]]
    spans += [x["trigger"] for e in record["events"] for x in e["evidence"]]
    assert spans
    for span in spans:
        assert 0 <= span["start"] < span["end"] <= len(body)
    quote = record["quotes"][0]
    assert body[quote["start"] : quote["end"]] == quote["text"]
    # Every entity names its corpus entity (the entity pages' ids).
    for entity in record["entities"]:
        assert ok(client, f"/api/entities/{entity['corpus_entity']}")["id"] == entity["corpus_entity"]


def test_an_article_by_a_unique_prefix_unknown_or_ambiguous(client):
    assert ok(client, "/api/articles/wire-")["id"] == "wire-1"
    assert error(client, "/api/articles/nothing-like-it", 404)["code"] == "not_found"
    assert "ambiguous" in error(client, "/api/articles/harbour-", 400)["message"]


# -- stories ---------------------------------------------------------------------------------


def test_stories_list_filter_and_page(client, everything):
    stories = everything["stories"]
    assert len(stories) == 3
    found = ok(client, "/api/stories", q="orskavel")["items"]
    assert len(found) == 1 and set(found[0]["articles"]) == {"harbour-2", "ledger-2"}
    assert ok(client, "/api/stories", since="2025-04-09")["items"][0]["id"] == found[0]["id"]
    page = ok(client, "/api/stories", limit=1, offset=1)
    assert [s["id"] for s in page["items"]] == [stories[1]["id"]] and page["total"] is None


def test_a_story_has_its_timeline_sources_and_disagreements(client, everything):
    march = next(s for s in everything["stories"] if "harbour-1" in s["articles"])
    story = ok(client, f"/api/stories/{march['id']}")
    assert story["events"] and story["sites"] and story["independent_sources"]
    fields = {d["field"] for d in story["disagreements"]}
    assert "count:arrested" in fields  # five detained, says one outlet; seven, says another
    values = next(d for d in story["disagreements"] if d["field"] == "count:arrested")["values"]
    assert {v["value"] for v in values} == {"5", "7"}
    assert ok(client, f"/api/stories/{march['id'][:6]}")["id"] == march["id"]
    assert error(client, "/api/stories/zzzz", 404)["code"] == "not_found"


# -- events ---------------------------------------------------------------------------------


def test_events_filter_by_each_field(client, everything):
    events = everything["events"]

    def ids(**params):
        return {e["id"] for e in ok(client, "/api/events", limit=200, **params)["items"]}

    assert ids(type="COERCE") == {e["id"] for e in events if e["type"] == "COERCE"} != set()
    assert ids(mode="arrest") == {e["id"] for e in events if e["mode"] == "arrest"} != set()
    assert ids(min_sources=2) == {e["id"] for e in events if e["num_sources"] >= 2} != set()
    assert ids(since="2025-04-09") == {e["id"] for e in events if e["date"] >= "2025-04-09"} != set()
    assert ids(until="2025-04-07") == {e["id"] for e in events if e["date"] <= "2025-04-07"} != set()
    assert ids(actor="Police") == {e["id"] for e in events if "police" in str(e["actor_text"]).lower()} != set()
    assert ids(target="protesters") == {e["id"] for e in events if e["target_text"] == "protesters"} != set()
    quake = next(e["story_id"] for e in events if e["type"] == "ASSAULT")
    assert ids(story=quake) == {e["id"] for e in events if e["story_id"] == quake}
    assert ids(country="Nowhereland") == set()
    assert ids(type="NO_SUCH_TYPE") == set()


def test_events_page(client, everything):
    page = ok(client, "/api/events", limit=2, offset=2)
    assert [e["id"] for e in page["items"]] == [e["id"] for e in everything["events"][2:4]]


@pytest.mark.parametrize("group_by", ["day", "week", "month"])
def test_event_counts_per_period(client, everything, group_by):
    events = ok(client, "/api/events", group_by=group_by)
    reports = ok(client, "/api/events", group_by=group_by, count="reports")
    assert events["group_by"] == group_by and events["count"] == "events" and reports["count"] == "reports"
    periods = [p["period"] for p in events["series"]]
    assert periods == sorted(periods) and all(len(p) == 10 for p in periods)
    assert sum(p["count"] for p in events["series"]) <= len(everything["events"])
    assert sum(p["count"] for p in reports["series"]) > sum(p["count"] for p in events["series"])


def test_event_counts_per_day_follow_the_filters(client):
    all_days = {p["period"]: p["count"] for p in ok(client, "/api/events", group_by="day")["series"]}
    coerce = {p["period"]: p["count"] for p in ok(client, "/api/events", group_by="day", type="COERCE")["series"]}
    assert coerce and all(coerce[d] <= all_days[d] for d in coerce)
    assert ok(client, "/api/events", group_by="week")["series"][0]["period"] == "2025-04-07"  # a Monday
    assert ok(client, "/api/events", group_by="month")["series"][0]["period"].endswith("-01")


# -- entities --------------------------------------------------------------------------------


def test_entities_list_filter_and_mentions(client, everything):
    names = {e["name"] for e in everything["entities"]}
    assert "Teodor Brannik" in names
    assert "mentions" not in everything["entities"][0]
    found = ok(client, "/api/entities", q="brannik")["items"]
    assert [e["name"] for e in found] == ["Teodor Brannik"]
    people = ok(client, "/api/entities", type="PERSON")["items"]
    assert people and {e["type"] for e in people} == {"PERSON"}
    with_mentions = ok(client, "/api/entities", q="brannik", mentions="true")["items"][0]
    assert with_mentions["mentions"] and all("article_id" in m for m in with_mentions["mentions"])


def test_one_entity_has_aliases_roles_quotes_events_and_edges(client, everything):
    brannik = next(e for e in everything["entities"] if e["name"] == "Teodor Brannik")
    entity = ok(client, f"/api/entities/{brannik['id']}")
    for key in ("aliases", "roles", "quotes", "events", "cooccurring", "network", "mentions"):
        assert key in entity, key
    assert entity["quotes"]
    assert ok(client, "/api/entities/Teodor Brannik")["id"] == brannik["id"]
    assert error(client, "/api/entities/no such person at all", 404)["code"] == "not_found"


# -- quotes ----------------------------------------------------------------------------------


def test_quotes_filter_by_speaker_and_text(client, everything):
    quotes = everything["quotes"]
    assert quotes and all(q["text"] for q in quotes)
    by_speaker = ok(client, "/api/quotes", speaker="brannik")["items"]
    assert by_speaker and all("Brannik" in (q["speaker"] or "") for q in by_speaker)
    assert {q["speaker_entity"] for q in by_speaker} == {
        e["id"] for e in everything["entities"] if e["name"] == "Teodor Brannik"
    }
    by_text = ok(client, "/api/quotes", q="EARTHQUAKE")["items"]
    assert by_text and all("earthquake" in q["text"].lower() for q in by_text)
    assert ok(client, "/api/quotes", since="2025-04-09")["items"] == [
        q for q in quotes if q["published"] and q["published"] >= "2025-04-09"
    ]


# -- bad parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/articles", {"limit": 0}, 422),
        ("/api/articles", {"limit": 201}, 422),
        ("/api/articles", {"limit": "ten"}, 422),
        ("/api/articles", {"offset": -1}, 422),
        ("/api/articles", {"offset": 10**12}, 422),
        ("/api/articles", {"since": "last week"}, 400),
        ("/api/articles", {"until": "2025-13-45"}, 400),
        ("/api/articles", {"site": "x" * 501}, 422),
        ("/api/articles", {"story": "no-such-story"}, 404),
        ("/api/stories", {"since": "yesterday"}, 400),
        ("/api/stories", {"q": "q" * 501}, 422),
        ("/api/events", {"group_by": "year"}, 422),
        ("/api/events", {"group_by": "day", "count": "words"}, 422),
        ("/api/events", {"min_sources": -1}, 422),
        ("/api/events", {"min_sources": "many"}, 422),
        ("/api/events", {"since": "2025-02-30"}, 400),
        ("/api/events", {"story": "zzzzzz"}, 404),
        ("/api/events", {"actor": "a" * 501}, 422),
        ("/api/entities", {"limit": 5000}, 422),
        ("/api/entities", {"mentions": "perhaps"}, 422),
        ("/api/quotes", {"speaker": "s" * 501}, 422),
        ("/api/quotes", {"until": "soon"}, 400),
        ("/api/search", {}, 422),
        ("/api/search", {"q": ""}, 422),
        ("/api/search", {"q": "w" * 501}, 422),
        ("/api/search", {"q": "port", "limit": 0}, 422),
    ],
)
def test_a_bad_parameter_is_a_4xx_json_error(client, path, params, status):
    err = error(client, path, status, **params)
    assert err["code"] in {"invalid_parameter", "bad_request", "not_found"} and err["message"]


def test_unknown_routes_and_methods_are_json_errors(client):
    assert error(client, "/api/nothing-here", 404)["code"] == "not_found"
    r = client.post("/api/articles")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    assert error(client, "/api/articles/" + "x" * 600, 422)["code"] == "invalid_parameter"


def test_an_unexpected_error_is_a_bare_500(store_path, monkeypatch):
    def broken(self, **kwargs):
        raise RuntimeError("secret detail /etc/something")

    monkeypatch.setattr(Store, "quotes", broken)
    with TestClient(create_app(str(store_path), settings=SETTINGS)) as c:
        r = c.get("/api/quotes")
    assert r.status_code == 500
    assert r.json() == {"error": {"code": "internal", "message": "internal error"}}
    assert "content-security-policy" in r.headers


# -- request time limit ----------------------------------------------------------------------------

SLOW = "SELECT count(*) FROM range(100000000000) a(i) WHERE i % 7 = 3"


def test_a_query_past_the_time_limit_is_interrupted(store_path):
    with Store(store_path, read_only=True) as store:
        view = store.view()
        started = time.monotonic()
        with pytest.raises(RequestTimeout), time_limit(view, 0.3):
            view.con.execute(SLOW).fetchall()
        assert time.monotonic() - started < 5
        view.close()


def test_a_request_past_the_time_limit_is_a_503(store_path, monkeypatch):
    def slow_totals(self):
        self.con.execute(SLOW).fetchall()

    monkeypatch.setattr(Store, "totals", slow_totals)
    app = create_app(str(store_path), settings=SETTINGS)
    app.state.database.request_seconds = 0.3
    with TestClient(app) as c:
        r = c.get("/api/health")
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "timeout"


# -- docs -------------------------------------------------------------------------------------------


def test_the_docs_page_lists_every_endpoint_without_script(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text and "cdn" not in r.text.lower()
    spec = ok(client, "/openapi.json")
    paths = set(spec["paths"])
    expected = {
        "/api/health",
        "/api/search",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/events",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/quotes",
        "/api/ingest",
    }
    assert expected <= paths
    for path in expected:
        assert path.replace("{", "").replace("}", "") in r.text.replace("{", "").replace("}", "")
    assert "min_sources" in r.text and "group_by" in r.text


# -- search ----------------------------------------------------------------------------------------


def test_search_ranks_snippets_and_highlights(client):
    found = ok(client, "/api/search", q="Velmora police")
    assert found["q"] == "Velmora police" and found["total"] >= 3 and found["limit"] == 20
    scores = [h["score"] for h in found["hits"]]
    assert scores == sorted(scores, reverse=True)
    for hit in found["hits"]:
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower() in {"velmora", "police"}
    assert {"site", "month", "event_type"} <= set(found["facets"])
    sites = {f["value"]: f["count"] for f in found["facets"]["site"]}
    assert sites and sum(sites.values()) == found["total"]


def test_search_filters_and_pages(client):
    by_site = ok(client, "/api/search", q="quake", site="ledgerdaily.net")
    assert [h["id"] for h in by_site["hits"]] == ["ledger-2"]
    everything = ok(client, "/api/search", q="police")["hits"]
    second = ok(client, "/api/search", q="police", limit=1, offset=1)
    assert [h["id"] for h in second["hits"]] == [everything[1]["id"]]
    late = ok(client, "/api/search", q="police", since="2025-04-08")["hits"]
    assert late and all(h["published"] >= "2025-04-08" for h in late)
    assert ok(client, "/api/search", q="xylophone")["total"] == 0


def test_search_by_event_type(client):
    everything = ok(client, "/api/search", q="police")
    kind = everything["facets"]["event_type"][-1]
    found = ok(client, "/api/search", q="police", event_type=kind["value"])
    assert found["total"] == kind["count"] < everything["total"]
    assert ok(client, "/api/search", q="police", event_type="NOT_A_TYPE")["total"] == 0
    assert error(client, "/api/search", 422, q="police", event_type="x" * 65)["code"] == "invalid_parameter"


@pytest.mark.parametrize("q", ['"unclosed', "AND OR (((", "title:"])
def test_a_bad_search_query_is_a_400(client, q):
    assert "search query" in error(client, "/api/search", 400, q=q)["message"]


# -- export ----------------------------------------------------------------------------------------


def test_export_gdelt_is_tab_separated_without_header(client, everything):
    r = client.get("/api/export", params={"layout": "gdelt"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.headers["content-disposition"] == 'attachment; filename="gdelt.tsv"'
    lines = r.text.splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)  # GDELT 2.0 Events: 61 fields
    mentions = client.get("/api/export", params={"layout": "gdelt-mentions"}).text.splitlines()
    assert len(mentions) >= len(lines) and all(len(line.split("\t")) == 16 for line in mentions)


def test_export_filters_as_events_does(client, everything):
    coerce = {e["id"] for e in everything["events"] if e["type"] == "COERCE"}
    r = client.get("/api/export", params={"layout": "acled", "format": "jsonl", "type": "COERCE"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert rows and {row["event_id_cnty"] for row in rows} <= coerce
    csv_rows = list(csv.reader(io.StringIO(client.get("/api/export", params={"layout": "acled"}).text)))
    assert csv_rows[0][:3] == ["event_id_cnty", "event_date", "event_type"]
    assert len(csv_rows) - 1 >= len(rows)


def test_export_a_stored_table(client):
    r = client.get("/api/export", params={"layout": "tables", "table": "articles", "format": "jsonl"})
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert sorted(row["id"] for row in rows) == sorted(a[0] for a in ARTICLES)
    table = list(csv.DictReader(io.StringIO(client.get("/api/export?layout=tables&table=stories").text)))
    assert len(table) == 3 and "title" in table[0]


@pytest.mark.parametrize(
    ("params", "ext"), [({"layout": "gdelt"}, "gdelt"), ({"layout": "tables", "table": "quotes"}, "quotes")]
)
def test_export_parquet_is_a_whole_file(client, params, ext):
    r = client.get("/api/export", params={**params, "format": "parquet"})
    assert r.status_code == 200 and r.content[:4] == b"PAR1" and r.content[-4:] == b"PAR1"
    assert r.headers["content-disposition"] == f'attachment; filename="{ext}.parquet"'


def _parquet_rows(client, tmp_path, params):
    r = client.get("/api/export", params={**params, "format": "parquet"})
    assert r.status_code == 200 and r.content[:4] == b"PAR1", r.text[:200]
    target = tmp_path / "export.parquet"
    target.write_bytes(r.content)
    con = duckdb.connect()
    try:
        result = con.execute("SELECT * FROM read_parquet(?)", [str(target)])
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("layout", ["gdelt", "gdelt-mentions", "acled"])
@pytest.mark.parametrize("filters", [{"type": "COERCE"}, {"since": "2025-04-08", "min_sources": 1}, {}])
def test_export_parquet_takes_the_filters_and_holds_the_jsonl_rows(client, tmp_path, layout, filters):
    params = {"layout": layout, **filters}
    lines = client.get("/api/export", params={**params, "format": "jsonl"}).text.splitlines()
    expected = [{k: None if v is None else str(v) for k, v in json.loads(line).items()} for line in lines]
    assert _parquet_rows(client, tmp_path, params) == expected
    if filters and layout != "acled":
        assert expected and len(expected) < len(_parquet_rows(client, tmp_path, {"layout": layout}))


def test_export_parquet_of_a_table_keeps_its_rows(client, tmp_path):
    lines = client.get("/api/export", params={"layout": "tables", "table": "stories", "format": "jsonl"}).text
    rows = _parquet_rows(client, tmp_path, {"layout": "tables", "table": "stories"})
    assert [r["id"] for r in rows] == [json.loads(line)["id"] for line in lines.splitlines()]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 422),
        ({"layout": "stata"}, 422),
        ({"layout": "gdelt", "format": "xlsx"}, 422),
        ({"layout": "tables"}, 400),
        ({"layout": "tables", "table": "passwords"}, 404),
        ({"layout": "tables", "table": "articles", "type": "COERCE"}, 400),
        ({"layout": "gdelt", "table": "articles"}, 400),
        ({"layout": "gdelt", "since": "then"}, 400),
        ({"layout": "gdelt", "min_sources": -2}, 422),
        ({"layout": "gdelt", "story": "nosuchstory"}, 404),
        ({"layout": "gdelt", "format": "parquet", "since": "then"}, 400),
        ({"layout": "gdelt", "format": "parquet", "story": "nosuchstory"}, 404),
        ({"layout": "tables", "format": "parquet"}, 400),
        ({"layout": "tables", "table": "articles", "format": "parquet", "type": "COERCE"}, 400),
    ],
)
def test_a_bad_export_is_a_4xx_before_anything_is_sent(client, params, status):
    error(client, "/api/export", status, **params)


# -- ingest ----------------------------------------------------------------------------------------

TOKEN = "ingest-test-token"


@pytest.fixture
def writer(tmp_path):
    app = create_app(str(tmp_path / "writable.duckdb"), token=TOKEN, allow_ingest=True, settings=SETTINGS)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def _uploads():
    return {p.name for p in Path(tempfile.gettempdir()).glob("newsgraph-upload-*")}


def test_uploaded_files_are_ingested_and_bad_ones_named_in_one_line(writer, tmp_path):
    before = _uploads()
    source = write_jsonl(tmp_path / "week.jsonl")
    files = [
        ("files", ("week.jsonl", source.read_bytes(), "application/jsonl")),
        ("files", ("broken.jsonl", b'{"id": "x", "text": \n', "application/jsonl")),
    ]
    r = writer.post("/api/ingest", files=files)
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["status"] == "done" and job["files"] == ["week.jsonl", "broken.jsonl"]
    assert job["stored"] == len(ARTICLES) and job["failed"] == 1
    (failure,) = job["failures"]
    assert failure["source"].startswith("broken.jsonl") and "\n" not in failure["error"]
    assert "newsgraph-upload" not in json.dumps(job)  # the server's temporary paths stay on the server
    assert ok(writer, f"/api/ingest/{job['job']}") == job
    assert ok(writer, "/api/health")["counts"]["articles"] == len(ARTICLES)
    assert ok(writer, "/api/search", q="Orskavel")["total"] == 2  # indexed on ingest
    again = writer.post("/api/ingest", files=files[:1]).json()
    assert again["stored"] == 0 and again["duplicate"] == len(ARTICLES)
    assert _uploads() <= before  # the uploads are removed once ingested


def test_an_ingest_the_search_index_fails_to_take_says_so(writer, tmp_path, monkeypatch):
    from newsgraph.errors import StoreError
    from newsgraph.store.search import SearchIndex

    def refuse(self, docs):
        raise StoreError("disk full")

    monkeypatch.setattr(SearchIndex, "add", refuse)
    files = [("files", ("week.jsonl", write_jsonl(tmp_path / "week.jsonl").read_bytes()))]
    job = writer.post("/api/ingest", files=files).json()
    assert job["status"] == "done" and job["stored"] == len(ARTICLES)
    assert job["warnings"] and all("not indexed yet: disk full" in w for w in job["warnings"])
    assert "disk full" in ok(writer, "/api/health")["writer"]["last_error"]
    monkeypatch.undo()
    again = writer.post("/api/ingest", files=files).json()
    assert again["warnings"] == []  # said once, for the job it happened in


def test_an_ingest_not_waited_for_is_a_202_to_look_up_later(writer, tmp_path):
    source = write_jsonl(tmp_path / "week.jsonl")
    r = writer.post("/api/ingest", params={"wait": 0}, files=[("files", ("w.jsonl", source.read_bytes()))])
    assert r.status_code in (200, 202)
    job_id = r.json()["job"]
    deadline = time.monotonic() + 60
    while (job := ok(writer, f"/api/ingest/{job_id}"))["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert job["status"] == "done" and job["stored"] == len(ARTICLES)
    assert error(writer, "/api/ingest/nosuchjob", 404)["code"] == "not_found"


def test_an_upload_name_is_only_a_name(writer):
    r = writer.post("/api/ingest", files=[("files", ("../../../tmp/*evil?.jsonl", b'{"id": "n1", "text": "Hi."}\n'))])
    assert r.status_code == 200 and r.json()["files"] == ["../../../tmp/*evil?.jsonl"]
    assert _upload_name(3, "../../etc/passwd") == "003-passwd"
    assert _upload_name(0, "..\\..\\x[1]*.jsonl.gz") == "000-x_1_.jsonl.gz"
    assert _upload_name(1, "...") == "001-upload" and _upload_name(2, None) == "002-upload"


def test_ingest_needs_the_token_and_the_switch(writer, store_path, tmp_path):
    files = [("files", ("a.jsonl", b"{}\n"))]
    assert writer.post("/api/ingest", files=files, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert error_of(writer.post("/api/ingest", data={"x": "1"}), 400)["message"].startswith("no files")
    with TestClient(create_app(str(store_path), settings=SETTINGS)) as read_only:
        assert error_of(read_only.post("/api/ingest", files=files), 403)["code"] == "forbidden"
    tokenless = create_app(str(tmp_path / "tokenless.duckdb"), allow_ingest=True, settings=SETTINGS)
    with TestClient(tokenless) as c:
        assert "token" in error_of(c.post("/api/ingest", files=files), 403)["message"]


def test_request_bodies_are_capped(writer, monkeypatch, tmp_path):
    monkeypatch.setattr(security, "MAX_UPLOAD", 1000)
    app = create_app(str(tmp_path / "small.duckdb"), token=TOKEN, allow_ingest=True, settings=SETTINGS)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        big = [("files", ("big.jsonl", b"x" * 5000))]
        assert error_of(c.post("/api/ingest", files=big), 413)["code"] == "too_large"

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"y" * 500

        r = c.post("/api/ingest", content=chunks(), headers={"content-type": "multipart/form-data; boundary=zz"})
        assert error_of(r, 413)["code"] == "too_large"
        assert ok(c, "/api/health")["counts"]["articles"] == 0
    login = writer.post("/login", data={"token": "t" * 100_000})
    assert error_of(login, 413)["code"] == "too_large"


def error_of(r, status):
    assert r.status_code == status, (r.status_code, r.text[:300])
    return r.json()["error"]


def test_an_id_or_name_with_slashes_is_one_path_parameter(writer):
    row = {
        "id": "desk/2025/a b",
        "url": "https://example.org/a",
        "title": "Slashes",
        "text": "Police in Oskar said so.",
    }
    r = writer.post("/api/ingest", files=[("files", ("s.jsonl", (json.dumps(row) + "\n").encode()))])
    assert r.json()["stored"] == 1, r.text
    assert ok(writer, "/api/articles/desk/2025/a b")["id"] == "desk/2025/a b"
    assert ok(writer, "/api/articles/desk%2F2025%2Fa%20b")["id"] == "desk/2025/a b"
    assert error(writer, "/api/entities/AC/DC", 404)["code"] == "not_found"
    assert "/api/articles/{article_id}" in ok(writer, "/openapi.json")["paths"]
