"""The hostile corpus (``hostile.py``) through the JSON API: every article is
stored, and every answer is valid JSON with the security headers, never a 500,
with the hostile text returned as data (JSON strings), byte for byte."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest

from newsgraph.service.security import CSP

from . import hostile


def get(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code < 500, (path, params, r.status_code, r.text[:300])
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-type"].startswith("application/json"), (path, r.headers["content-type"])
    return r.status_code, json.loads(r.text)


@pytest.fixture(scope="module")
def stored(hostile_client):
    status, page = get(hostile_client, "/api/articles", limit=200)
    assert status == 200
    return page["items"]


def test_every_hostile_article_is_stored(stored):
    assert {a["id"] for a in stored} == {row["id"] for row in hostile.hostile_rows()}


def test_every_article_comes_back_whole_as_data(hostile_client):
    for row in hostile.hostile_rows():
        status, record = get(hostile_client, f"/api/articles/{row['id']}")
        assert status == 200
        article = record["article"]
        assert article["body"] == row["text"].strip()
        assert len(article["title"] or "") <= len(row["title"])
        # A link that would run code (javascript:, data:) is not kept as the article's URL.
        assert article["url"] is None or article["url"].startswith(("http://", "https://")), article["url"]
    _, huge = get(hostile_client, "/api/articles/hostile-million-body")
    assert len(huge["article"]["body"]) == 1_000_000
    _, script = get(hostile_client, "/api/articles/hostile-script-title")
    assert hostile.SCRIPT in script["article"]["title"]  # kept as text; escaping is the page's job
    _, rtl = get(hostile_client, "/api/articles/hostile-rtl")
    assert hostile.RLO in rtl["article"]["title"] and hostile.ZWSP in rtl["article"]["body"]
    _, big = get(hostile_client, "/api/articles/hostile-huge-title")
    assert len(big["article"]["title"]) > 4_900_000


def test_lists_details_and_series_of_the_hostile_store(hostile_client):
    paths = [
        "/api/health",
        "/api/stories",
        "/api/events",
        "/api/entities",
        "/api/quotes",
        "/api/docs-does-not-exist",
    ]
    for path in paths:
        get(hostile_client, path)
    _, stories = get(hostile_client, "/api/stories", limit=200)
    for story in stories["items"]:
        assert get(hostile_client, f"/api/stories/{story['id']}")[0] == 200
    _, events = get(hostile_client, "/api/events", limit=200)
    assert events["items"]
    for group_by in ("day", "week", "month"):
        for count in ("events", "reports"):
            assert get(hostile_client, "/api/events", group_by=group_by, count=count)[0] == 200
    _, entities = get(hostile_client, "/api/entities", limit=200, mentions="true")
    assert entities["items"]
    for entity in entities["items"]:
        assert get(hostile_client, f"/api/entities/{entity['id']}")[0] == 200
    _, quotes = get(hostile_client, "/api/quotes", limit=200)
    assert any(hostile.IMG in q["text"] for q in quotes["items"]), [q["text"] for q in quotes["items"]]


@pytest.mark.parametrize(
    "value",
    [
        hostile.SCRIPT,
        hostile.IMG,
        "javascript:alert(1)",
        f"{hostile.RLO}x{hostile.PDF}{hostile.ZWSP}",
        "'; DROP TABLE articles; --",
        "%' OR 1=1 --",
        "\u0000",
        "\\",
        "{}[]()*?",
    ],
)
def test_hostile_parameters_are_data(hostile_client, value):
    for path, name in [
        ("/api/articles", "site"),
        ("/api/stories", "q"),
        ("/api/events", "actor"),
        ("/api/events", "type"),
        ("/api/entities", "q"),
        ("/api/quotes", "speaker"),
        ("/api/quotes", "q"),
    ]:
        get(hostile_client, path, **{name: value})
    ident = quote(value.strip() or "x", safe="")
    for path in ("/api/articles/", "/api/stories/", "/api/entities/"):
        status, _ = get(hostile_client, path + ident)
        assert status in (200, 400, 404, 422), status
    _, health = get(hostile_client, "/api/health")
    assert health["counts"]["articles"] == len(hostile.hostile_rows())  # nothing was dropped


def test_exports_of_the_hostile_store_keep_their_shape(hostile_client):
    gdelt = hostile_client.get("/api/export", params={"layout": "gdelt"})
    assert gdelt.status_code == 200 and gdelt.headers["content-security-policy"] == CSP
    lines = gdelt.text.split("\n")
    assert lines[-1] == "" and all(len(line.split("\t")) == 61 for line in lines[:-1])  # no field breaks a line
    articles = hostile_client.get("/api/export", params={"layout": "tables", "table": "articles"})
    csv.field_size_limit(10_000_000)  # the 5 MB title
    rows = list(csv.DictReader(io.StringIO(articles.text)))
    assert {r["id"] for r in rows} == {row["id"] for row in hostile.hostile_rows()}
    formula = next(r for r in rows if r["id"] == "hostile-data-url")
    assert formula["body"] == "'" + hostile.FORMULA + formula["body"][len(hostile.FORMULA) + 1 :]
    assert formula["body"].startswith("'=HYPERLINK(")  # a spreadsheet shows it, does not run it
    jsonl = hostile_client.get("/api/export", params={"layout": "tables", "table": "articles", "format": "jsonl"})
    stored = {json.loads(line)["id"]: json.loads(line) for line in jsonl.text.splitlines()}
    assert stored["hostile-data-url"]["body"].startswith(hostile.FORMULA)  # JSON is not a spreadsheet
    assert hostile.SCRIPT in stored["hostile-script-title"]["title"]
