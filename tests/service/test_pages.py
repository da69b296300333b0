"""The explorer's HTML pages over the invented newsroom week (``client``,
``store_path`` from conftest), and over hostile articles: what each page shows,
that every evidence link opens an anchor in its article, that article text is
never markup, and that bad ids and parameters answer with friendly pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from newsgraph.service import create_app, pages as pages_module
from newsgraph.service.database import reader
from newsgraph.service.pages import body_segments, marked, safe_url
from newsgraph.store import Store
from tests.browser.corpus import HOSTILE, PWN, SETTINGS

from .conftest import build_store

# -- reading pages --------------------------------------------------------------------


class Page(HTMLParser):
    """Every start tag with its attributes, the text inside ``#body``, and the JSON blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.body_text: list[str] = []
        self.json: dict[str, Any] = {}
        self._depth = 0  # inside div#body: the open tags' depth
        self._json_id: str | None = None
        self._json: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if self._depth:
            self._depth += 1
        elif tag == "div" and found.get("id") == "body":
            self._depth = 1
        if tag == "script" and found.get("type") == "application/json":
            self._json_id, self._json = found.get("id"), []

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
        if tag == "script" and self._json_id is not None:
            self.json[self._json_id] = json.loads("".join(self._json))
            self._json_id = None

    def handle_data(self, data: str) -> None:
        if self._json_id is not None:
            self._json.append(data)
        elif self._depth:
            self.body_text.append(data)

    def find(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and a.get("href")]


def get(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.fixture(scope="module")
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path, read_only=True) as s:
        yield s


def velmora(store: Store) -> dict[str, Any]:
    (found,) = [s for s in store.stories(limit=0) if s["num_articles"] == 5]
    return store.story(found["id"])


# -- home and search ----------------------------------------------------------------------


def test_home_shows_the_totals_the_busiest_story_and_the_event_series(client, store):
    text = get(client, "/")
    page = Page(text)
    totals = store.totals()
    for key in ("articles", "stories", "corpus_events", "quotes"):
        assert f"<dd>{totals[key]}</dd>" in text or f">{totals[key]}</a></dd>" in text
    first = page.find("ol", **{"class": "stories"})
    assert first
    assert re.search(r'<ol class="stories">\s*<li>\s*<a href="/stories/[^"]+">Seven held after Velmora', text)
    assert page.json["series-data"] == store.event_series(group_by="day")
    assert page.find("input", id="home-q") and page.find("label", **{"for": "home-q"})


def test_search_marks_the_matched_words_and_links_its_facets(client, store):
    result = store.search("police", limit=20)
    text = get(client, "/search?q=police")
    page = Page(text)
    assert f"{result['total']} articles" in text
    hits = [h for h in page.hrefs() if h.startswith("/articles/")]
    assert hits == ["/articles/" + quote(h["id"], safe="") for h in result["hits"]]
    assert re.findall(r"<mark>([^<]*)</mark>", text)
    assert {m.lower() for m in re.findall(r"<mark>([^<]*)</mark>", text)} == {"police"}
    site = result["facets"]["site"][0]
    link = next(h for h in page.hrefs() if "site=" in h)
    assert link.startswith("/search?q=police&site=")
    narrowed = get(client, f"/search?q=police&site={site['value']}")
    assert f"{site['count']} article" in narrowed
    month = result["facets"]["month"][0]["value"]
    assert any(f"since={month}&until={month}" in h for h in page.hrefs())
    # An event type narrows the search too (not a jump to the events page).
    kind = result["facets"]["event_type"][0]
    assert f"/search?q=police&type={kind['value']}" in page.hrefs()
    narrowed = get(client, f"/search?q=police&type={kind['value']}")
    assert f"{kind['count']} article" in narrowed and f"event type {kind['value']}" in narrowed
    assert not [h for h in page.hrefs() if h.startswith("/events?type=")]


def test_search_without_a_query_shows_the_form_and_a_long_one_is_a_400_page(client):
    assert 'id="search-q"' in get(client, "/search")
    text = get(client, "/search?q=" + "a" * 600, status=400)
    assert "Bad request" in text and "longer than 500" in text
    assert "offset must be a whole number" in get(client, "/search?q=police&offset=x", status=400)


def test_marked_cuts_a_snippet_at_its_highlights_skipping_bad_offsets():
    assert marked("the police chief", [[4, 10]]) == [("the ", False), ("police", True), (" chief", False)]
    pieces = marked("abcdef", [[4, 99], [0, 2], [1, 3], [5, 4], ["x", 1], [2]])
    assert pieces == [("ab", True), ("c", True), ("d", False), ("ef", True)]
    assert "".join(t for t, _ in pieces) == "abcdef"


def test_safe_url_allows_only_http_and_https_with_a_host():
    assert safe_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "/relative",
        "https://",
        "https://exa mple.org",
        None,
        42,
    ):
        assert safe_url(bad) is None, bad


# -- article --------------------------------------------------------------------------------


def test_article_body_is_the_stored_body_with_every_fact_anchored(client, store):
    record = store.article("harbour-1")
    body = record["article"]["body"]
    page = Page(get(client, "/articles/harbour-1"))
    assert "".join(page.body_text) == body
    anchors = {a["id"] for a in page.find("span", **{"class": "anchor"})}
    for ev in record["events"]:
        for x in ev["evidence"]:
            assert f"span-{x['trigger']['start']}-{x['trigger']['end']}" in anchors
            assert f"span-{x['sentence']['start']}-{x['sentence']['end']}" in anchors
    for q in record["quotes"]:
        assert f"span-{q['start']}-{q['end']}" in anchors
    classes = " ".join(a.get("class") or "" for a in page.find("span"))
    for kind in ("k-entity", "k-quote", "k-speaker", "k-trigger", "k-count", "k-time"):
        assert kind in classes
    facts = page.find("button", **{"class": "fact"})
    expected = (
        len(record["entities"])
        + sum(len(e["roles"]) for e in record["entities"])
        + len(record["quotes"])
        + len(record["events"])
        + len(record["counts"])
        + len(record["times"])
    )
    assert len(facts) == expected
    # Each fact names the segments its evidence covers; each such segment names the fact back.
    segments = [a for a in page.find("span") if a.get("data-facts")]
    for fact in facts:
        fid = fact["data-fact"]
        spans = [tuple(map(int, s.split("-"))) for s in (fact["data-spans"] or "").split()]
        covering = [s for s in segments if fid in (s["data-facts"] or "").split()]
        assert covering, fact
        for seg in covering:
            a, b = int(seg["data-s"]), int(seg["data-e"])
            assert any(s <= a and b <= e for s, e in spans)


def test_article_story_and_copy_links(client, store):
    copy = store.article("copy-1")
    text = get(client, "/articles/copy-1")
    assert f'href="/stories/{copy["story_id"]}"' in text
    assert copy["original"] == "wire-1"
    assert "a near-duplicate copy of" in text and 'href="/articles/wire-1"' in text


def test_body_segments_cut_overlapping_and_nested_spans_and_drop_bad_ones():
    body = "abcdefghij"
    facts = [
        {"id": "f0", "spans": [(0, 10)]},
        {"id": "f1", "spans": [(2, 5)]},
        {"id": "f2", "spans": [(4, 8)]},
    ]
    marks = [((2, 5), "entity", "f1"), ((4, 8), "trigger", "f2"), ((-1, 3), "quote", "f0"), ((9, 11), "quote", "f0")]
    segments = body_segments(body, facts, marks, {(4, 8), (7, 7), (3, 99)})
    assert [(s["s"], s["e"]) for s in segments] == [(0, 2), (2, 4), (4, 5), (5, 8), (8, 10)]
    assert "".join(s["text"] for s in segments) == body
    assert [s["facts"] for s in segments] == [["f0"], ["f0", "f1"], ["f0", "f1", "f2"], ["f0", "f2"], ["f0"]]
    assert [s["kinds"] for s in segments] == [[], ["entity"], ["entity", "trigger"], ["trigger"], []]
    assert [s["anchors"] for s in segments] == [[], [], ["span-4-8"], [], []]
    assert [s["focus"] for s in segments] == [False, True, True, False, False]


def test_an_article_page_skips_spans_outside_the_body():
    from newsgraph.service.pages import article_facts

    record = {
        "article": {"body": "short body"},
        "entities": [{"id": "e", "name": "X", "mentions": [{"start": 0, "end": 5}, {"start": 8, "end": 40}]}],
        "quotes": [{"start": 50, "end": 60, "text": "gone", "speaker_start": None}],
        "events": [
            {"type": "T", "evidence": [{"trigger": {"start": 6, "end": 10}, "sentence": {"start": 0, "end": 99}}]}
        ],
        "counts": [{"start": 3, "end": 2, "text": "x", "value": 1.0}],
        "times": [],
    }
    facts, marks, anchors = article_facts(record)
    assert [f["spans"] for f in facts] == [[(0, 5)], [], [(6, 10)], []]
    assert anchors == {(0, 5), (6, 10)}
    segments = body_segments("short body", facts, marks, anchors)
    assert "".join(s["text"] for s in segments) == "short body"


# -- evidence links from every other page ----------------------------------------------


def _evidence_links(text: str) -> list[str]:
    return [h for h in Page(text).hrefs() if h.startswith("/articles/") and "#span-" in h]


def test_every_evidence_link_opens_an_anchor_in_its_article(client, store):
    links: list[str] = []
    links += _evidence_links(get(client, "/events"))
    for s in store.stories(limit=0):
        links += _evidence_links(get(client, f"/stories/{s['id']}"))
    for e in store.corpus_entities(limit=0, mentions=False):
        links += _evidence_links(get(client, f"/entities/{e['id']}"))
    assert len(links) > 20
    pages: dict[str, str] = {}
    for link in sorted(set(links)):
        path, anchor = link.split("#")
        text = pages.get(path) or pages.setdefault(path, get(client, path))
        assert f'id="{anchor}"' in text, link


# -- story ------------------------------------------------------------------------------------


def test_story_page_shows_timeline_sources_disagreements_and_folds_copies(client, store):
    story = velmora(store)
    text = get(client, f"/stories/{story['id']}")
    page = Page(text)
    assert len(page.find("li", **{"class": "timeline-event"})) == len(story["events"])
    (count,) = [d for d in story["disagreements"] if d["field"] == "count:arrested"]
    values = {v["value"] for v in count["values"]}
    assert values == {"5", "7"}
    for v in count["values"]:
        assert re.search(rf'<span class="claim-value">{v["value"]}</span>', text)
        for article_id, span in zip(v["articles"], v["evidence"], strict=True):
            assert f'href="/articles/{article_id}#span-{span["start"]}-{span["end"]}"' in text
    # The wire copy is folded under its original, not listed beside it.
    folded = re.search(r'<details class="copies">(.*?)</details>', text, re.S)
    assert folded and 'href="/articles/copy-1"' in folded.group(1)
    assert text.count('href="/articles/copy-1"') == 1
    for site in story["sites"]:
        assert site["site"] in text


# -- events -------------------------------------------------------------------------------------


def test_events_page_lists_filters_and_charts_the_events(client, store):
    page = Page(get(client, "/events"))
    rows = page.find("a", **{"class": "evidence-link"})
    assert len(rows) == len(store.corpus_events(limit=100))
    assert page.json["series-data"] == store.event_series(group_by="day")
    located = [e for e in store.corpus_events(limit=0) if e["latitude"] is not None]
    assert len(page.json["map-data"]) == len(located)
    for control in ("f-type", "f-mode", "f-country", "f-actor", "f-since", "f-until", "f-min"):
        assert page.find("label", **{"for": control}), control

    later = Page(get(client, "/events?offset=2"))
    assert len(later.find("a", **{"class": "evidence-link"})) == len(store.corpus_events(limit=100, offset=2))
    assert len(later.json["map-data"]) == len(located)

    coerce = store.corpus_events(type="COERCE", limit=100)
    text = get(client, "/events?type=coerce&group_by=week&count=reports")
    filtered = Page(text)
    assert len(filtered.find("a", **{"class": "evidence-link"})) == len(coerce)
    assert filtered.json["series-data"] == store.event_series(type="coerce", group_by="week", count="reports")
    assert "Reports per week" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("min_sources=x", "min_sources must be a whole number"),
        ("min_sources=-1", "min_sources must be between 0 and 1000"),
        ("group_by=year", "group_by must be one of day, week, month"),
        ("count=all", "count must be one of events, reports"),
        ("since=2025-13-40", "is not a date"),
        ("offset=99999999", "offset must be between 0 and"),
    ],
)
def test_events_page_answers_bad_filters_with_a_400_page(client, query, message):
    text = get(client, f"/events?{query}", status=400)
    assert "Bad request" in text and message in text


# -- entity -------------------------------------------------------------------------------------


def test_entity_page_shows_aliases_roles_quotes_events_and_network(client, store):
    entity_id = store.resolve_entity("Andrik Solvay")
    entity = store.corpus_entity(entity_id)
    text = get(client, f"/entities/{entity_id}")
    page = Page(text)
    for alias in entity["aliases"]:
        assert f'<span class="chip">{alias}</span>' in text
    for q in entity["quotes"]:
        assert f'href="/articles/{q["article_id"]}#span-{q["start"]}-{q["end"]}"' in text
    assert len(page.find("li")) >= len(entity["roles"]) + len(entity["quotes"]) + len(entity["events"])
    assert page.json["network-data"]["edges"] == entity["network"]
    assert page.json["network-data"]["center"] == entity_id


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/articles/nope", "/stories/nope", "/entities/nope", "/articles/", "/entities/%20"])
def test_unknown_ids_answer_with_a_404_page(client, path):
    text = get(client, path, status=404)
    assert "Not found" in text and ("nope" in text or "id given" in text) and 'href="/"' in text


@pytest.mark.parametrize("path", ["/nonexistent", "/a/b/c/d", "/events/junk", "/apix", "/search/more"])
def test_unknown_paths_outside_the_api_answer_with_the_404_page(client, path):
    text = get(client, path, status=404)
    assert "Not found" in text and f"no page at {path}" in text and 'href="/"' in text
    assert_inert(text)


@pytest.mark.parametrize("path", ["/api/nonexistent", "/api", "/api/nope/deeper"])
def test_unknown_api_paths_stay_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_hostile_path_is_escaped_on_the_404_page(client):
    text = get(client, "/" + quote('<script>alert(1)</script>"><img src=x>', safe=""), status=404)
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "…" in get(client, "/" + "x" * 300, status=404)


def test_a_hostile_id_is_escaped_on_the_404_page(client):
    text = get(client, "/articles/" + quote('<script>alert(1)</script>"><img src=x>', safe=""), status=404)
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


# -- hostile articles -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pwned_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("hostile-pages")
    source = root / "hostile.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for doc_id, url, published, title, text in HOSTILE:
            out.write(
                json.dumps({"id": doc_id, "url": url, "published": published, "title": title, "text": text}) + "\n"
            )
    db = build_store(root / "hostile.duckdb", source)
    with TestClient(create_app(str(db), settings=SETTINGS)) as c:
        yield c


def assert_inert(text: str) -> Page:
    """No markup of the article's making: only our scripts, no handlers, no inline
    styles, no element an article could have smuggled in, links only to http(s) or here."""
    page = Page(text)
    for tag, attrs in page.tags:
        assert tag not in {"img", "svg", "iframe", "object", "embed", "style", "b"}, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "style" not in attrs, (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/") or attrs.get("type") == "application/json", attrs
        href = attrs.get("href")
        if tag == "a" and href is not None:
            scheme = urlsplit(href).scheme
            assert scheme in ("", "http", "https"), href
            if scheme:
                assert attrs.get("rel") == "noopener noreferrer", attrs
    assert "<script>" + PWN not in text
    return page


def test_hostile_titles_urls_and_quotes_are_text_on_every_page(pwned_client):
    paths = ["/", "/events", "/search?q=council", "/search?q=strike", "/articles/hostile-1", "/articles/hostile-2"]
    home = Page(get(pwned_client, "/"))
    paths += [h for h in home.hrefs() if h.startswith("/stories/")]
    events = Page(get(pwned_client, "/events"))
    paths += [h for h in events.hrefs() if h.startswith("/entities/")]
    seen = ""
    for path in paths:
        text = get(pwned_client, path)
        assert_inert(text)
        seen += text
    # The payloads are there, as text.
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Harbour strike &lt;b&gt;threatened&lt;/b&gt;" in seen
    assert "onerror=window.__pwned=1" in seen
    article = Page(get(pwned_client, "/articles/hostile-2"))
    assert "</script><script>" + PWN in "".join(article.body_text)


def test_every_page_over_the_hostile_corpus_is_inert_and_bounded(hostile_client, hostile_store_path):
    """The API's hostile corpus (tests/service/hostile.py): a 5 MB title, a million-character
    body, control characters, RTL overrides. Every page answers, inert and of a size a browser opens."""
    with Store(hostile_store_path, read_only=True) as s:
        ids = [a["id"] for a in s.article_list(limit=100)]
        stories = [x["id"] for x in s.stories(limit=0)]
        entities = [x["id"] for x in s.corpus_entities(limit=0, mentions=False)]
        record = s.article("hostile-million-body")
    long_body = len(record["article"]["body"])
    facts = len(pages_module.article_facts(record)[0])
    assert {"hostile-million-body", "hostile-huge-title"} <= set(ids)
    paths = ["/", "/events", "/search?q=carvossa", "/search?q=toll"]
    paths += [f"/articles/{quote(i, safe='')}" for i in ids]
    paths += [f"/stories/{i}" for i in stories] + [f"/entities/{i}" for i in entities]
    for path in paths:
        text = get(hostile_client, path)
        assert_inert(text)
        assert len(text) < 2 * long_body + 1_000_000, (path, len(text))
    huge = get(hostile_client, "/articles/hostile-huge-title")
    assert len(huge) < 100_000
    text = get(hostile_client, "/articles/hostile-million-body")
    page = Page(text)
    assert len("".join(page.body_text)) == long_body
    shown = page.find("button", **{"class": "fact"})
    assert len(shown) == min(facts, pages_module.MAX_FACTS)
    assert ("more are in the" in text) == (facts > pages_module.MAX_FACTS)
    assert max(len((b["data-spans"] or "").split()) for b in shown) == pages_module.MAX_SPANS


def test_trim_facts_keeps_the_first_facts_in_the_text_and_caps_their_spans():
    from newsgraph.service.pages import trim_facts

    facts = [{"id": f"f{i}", "spans": [(100 - i, 101 - i)]} for i in range(5)]
    facts.append({"id": "f5", "spans": [(k, k + 1) for k in range(200, 500)]})
    marks = [(f["spans"][0], "entity", f["id"]) for f in facts] + [((300, 301), "entity", "f5")]
    kept, kept_marks, anchors, hidden = trim_facts(facts, marks, set(), limit=3)
    assert [f["id"] for f in kept] == ["f2", "f3", "f4"] and hidden == 3
    assert {m[2] for m in kept_marks} == {"f2", "f3", "f4"}
    assert anchors == {(98, 99), (97, 98), (96, 97)}
    kept, kept_marks, anchors, hidden = trim_facts(facts, marks, set(), limit=10)
    assert hidden == 0 and len(kept[-1]["spans"]) == pages_module.MAX_SPANS
    assert ((300, 301), "entity", "f5") not in kept_marks and ((200, 201), "entity", "f5") in kept_marks
    small = facts[:2]
    assert trim_facts(small, marks, {(1, 2)}) == (small, marks, {(1, 2)}, 0)


def test_json_blocks_cannot_close_their_script_element(store_path):
    """Names in the entity network come from article text: in the page's JSON block a
    '</script>' stays inside the string (Jinja's tojson escapes '<', '>' and '&')."""
    evil = "</script><script>" + PWN + "</script><!--"

    class Hostile:
        def corpus_entity(self, entity_id: str) -> dict[str, Any]:
            return {
                "id": "ce-1",
                "name": evil,
                "type": "PERSON",
                "aliases": [evil],
                "num_articles": 1,
                "num_mentions": 1,
                "roles": [],
                "quotes": [{"article_id": evil, "start": 0, "end": 5, "text": evil, "kind": "direct", "date": None}],
                "events": [],
                "cooccurring": [{"id": evil, "name": evil, "type": "ORG", "articles": 1}],
                "network": [
                    {
                        "source": "ce-1",
                        "source_name": evil,
                        "target": evil,
                        "target_name": evil,
                        "type": "ACCUSE",
                        "count": 1,
                    }
                ],
            }

    app = create_app(str(store_path), settings=SETTINGS)
    app.dependency_overrides[reader] = lambda: Hostile()
    with TestClient(app) as c:
        text = get(c, "/entities/ce-1")
    page = assert_inert(text)
    assert page.json["network-data"]["name"] == evil
    assert text.count("</script>") == len(page.find("script"))
    assert 'href="/entities/%3C%2Fscript%3E' in text
    assert 'href="/articles/%3C%2Fscript%3E' in text


def test_pages_have_no_inline_script_or_style_and_label_their_controls(client, store):
    story = velmora(store)
    entity_id = store.resolve_entity("Andrik Solvay")
    for path in (
        "/",
        "/search?q=police",
        "/articles/harbour-1",
        f"/stories/{story['id']}",
        "/events",
        f"/entities/{entity_id}",
    ):
        text = get(client, path)
        page = assert_inert(text)
        assert page.find("a", **{"class": "skip-link", "href": "#main"}), path
        assert page.find("main", id="main"), path
        labelled = {a.get("for") for a in page.find("label")}
        for tag, attrs in page.tags:
            if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
                assert attrs.get("id") in labelled, (path, attrs)


def test_module_stays_within_the_size_rule():
    assert len(Path(pages_module.__file__).read_text(encoding="utf-8").splitlines()) < 900


def test_quote_speakers_and_entities_link_to_their_corpus_entity(store_path):
    """Where the store says which corpus entity an article's entity belongs to
    (``corpus_entity``), the fact panel links the entity and its quotes' speaker."""

    class Linked:
        def article(self, article_id: str) -> dict[str, Any]:
            return {
                "id": "a1",
                "article": {"body": "Ana Ruiz said the bridge would open.", "title": "Bridge"},
                "entities": [
                    {
                        "id": "e1",
                        "name": "Ana Ruiz",
                        "type": "PERSON",
                        "corpus_entity": "ce/ana",
                        "mentions": [{"start": 0, "end": 8}],
                    },
                    {"id": "e2", "name": "Bridge", "type": "FAC", "corpus_entity": None, "mentions": []},
                ],
                "quotes": [
                    {
                        "start": 14,
                        "end": 35,
                        "text": "the bridge would open",
                        "kind": "indirect",
                        "speaker": "e1",
                        "speaker_text": "Ana Ruiz",
                        "speaker_start": 0,
                        "speaker_end": 8,
                    },
                    {
                        "start": 14,
                        "end": 35,
                        "text": "the bridge would open",
                        "kind": "indirect",
                        "speaker": "e2",
                        "speaker_text": "someone",
                        "speaker_start": None,
                        "speaker_end": None,
                    },
                ],
                "events": [],
                "counts": [],
                "times": [],
            }

    app = create_app(str(store_path), settings=SETTINGS)
    app.dependency_overrides[reader] = lambda: Linked()
    with TestClient(app) as c:
        page = Page(get(c, "/articles/a1"))
    links = [a for a in page.find("a", **{"class": "fact-link"})]
    assert [a["href"] for a in links] == ["/entities/ce%2Fana", "/entities/ce%2Fana"]


def test_an_articles_quotes_link_their_speaker_to_the_corpus_entity(client, store):
    said_by = {
        (q["article_id"], q["start"]): e["id"]
        for e in store.corpus_entities(limit=0, mentions=False)
        for q in store.corpus_entity(e["id"])["quotes"]
    }
    record = store.article("harbour-1")
    expected = [said_by[("harbour-1", q["start"])] for q in record["quotes"]]
    assert expected and all(expected)
    page = Page(get(client, "/articles/harbour-1"))
    quote_links = [
        a["href"]
        for tag, a in page.tags
        if tag == "a" and a.get("class") == "fact-link" and (a.get("href") or "").startswith("/entities/")
    ]
    for entity_id in expected:
        assert f"/entities/{entity_id}" in quote_links
    items = re.findall(r'<li class="fact-item kind-quote".*?</li>', get(client, "/articles/harbour-1"), re.S)
    assert [re.search(r'href="/entities/([^"]+)"', i).group(1) for i in items] == expected


def test_every_entity_of_an_article_links_to_its_corpus_entity(client, store):
    """Not only the speakers: each entity the corpus layer resolved opens its entity page."""
    record = store.article("harbour-1")
    speakers = {q["speaker"] for q in record["quotes"]}
    silent = [e for e in record["entities"] if e["corpus_entity"] and e["id"] not in speakers]
    assert silent
    text = get(client, "/articles/harbour-1")
    items = re.findall(r'<li class="fact-item kind-entity".*?</li>', text, re.S)
    linked = {m.group(1) for i in items if (m := re.search(r'href="/entities/([^"]+)"', i))}
    assert linked == {quote(e["corpus_entity"], safe="") for e in record["entities"] if e["corpus_entity"]}
    for e in silent:
        assert quote(e["corpus_entity"], safe="") in linked


def test_events_map_points_open_their_first_reports_evidence(tmp_path):
    from tests.store.test_corpus_queries import newsroom as hand_filled

    path = hand_filled(tmp_path / "db.duckdb")
    with Store(path) as s:
        s.con.execute("UPDATE corpus_events SET latitude = 59.9, longitude = 10.7")
    with Store(path, read_only=True) as s:
        events = s.corpus_events(limit=0)
    with TestClient(create_app(str(path), settings=SETTINGS)) as c:
        points = Page(get(c, "/events")).json["map-data"]
        assert len(Page(get(c, "/events?type=ASSAULT")).json["map-data"]) == 1
    assert [(p["lat"], p["lon"]) for p in points] == [(59.9, 10.7)] * len(events) and len(events) == 2
    for point, event in zip(points, events, strict=True):
        first = event["mentions"][0]
        assert point["href"] == f"/articles/{first['article_id']}#span-{first['trigger_start']}-{first['trigger_end']}"
        assert point["label"].startswith(event["type"])
