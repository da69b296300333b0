"""The full-text search index (store/search.py), on invented articles."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from newsgraph.errors import StoreBusyError, StoreError
from newsgraph.records import AnalyzedDocument, Article, Event
from newsgraph.resources.sites import registered_domain
from newsgraph.store import search as search_module
from newsgraph.store.search import MAX_QUERY_CHARS, SearchIndex, index_path


def doc(
    doc_id: str,
    title: str | None,
    body: str,
    *,
    url: str | None = None,
    published: str | None = None,
) -> AnalyzedDocument:
    article = Article(id=doc_id, source=f"{doc_id}.txt", body=body, title=title, url=url, published=published)
    return AnalyzedDocument(id=doc_id, source=f"{doc_id}.txt", article=article)


NEWS = [
    doc(
        "harvest",
        "Dunmarrow farmers bring in a record harvest",
        "Growers across the Dunmarrow valley said the barley was the best in a decade.",
        url="https://www.dunmarrow-courier.com/farm/1",
        published="2025-03-02T08:00:00Z",
    ),
    doc(
        "council",
        "Karvik council votes on the bridge",
        "Councillors in Karvik argued for hours. Ysolde Marwen said the harvest festival budget must wait; "
        "the harvest fair and the harvest market would move to the old quay.",
        url="https://news.karvik-post.co.uk/politics/bridge",
        published="2025-03-04",
    ),
    doc(
        "storm",
        "Storm closes the Orlenna ferry",
        "Halvard Brasko, who runs the ferry, said the crossing stayed closed while the storm passed.",
        url="https://karvik-post.co.uk/weather/storm",
        published="2025-03-06T23:30:00+02:00",
    ),
    doc(
        "quennick",
        "Quennick choir tours the coast",
        "The choir from Quennick sang in six harbours; singers described the tour as exhausting.",
        url="http://quennick-weekly.net/arts",
    ),
]


@pytest.fixture
def index():
    idx = SearchIndex(None)
    idx.add(NEWS)
    yield idx
    idx.close()


def words(hit):
    return [hit.snippet[a:b] for a, b in hit.highlights]


def test_index_path_sits_beside_the_database(tmp_path):
    assert index_path(":memory:") is None
    assert index_path(str(tmp_path / "news.duckdb")) == tmp_path / "news.duckdb.search"


def test_a_title_match_outranks_a_body_only_match(index):
    page = index.search("harvest")
    # "council" says harvest three times, in its body only.
    assert [h.id for h in page.hits] == ["harvest", "council"]
    assert page.total == 2
    assert page.hits[0].score > page.hits[1].score


def test_words_are_stemmed_and_accents_folded():
    idx = SearchIndex(None)
    idx.add(
        [
            doc("a", "Ferries harvested", "The boats were harvesting kelp near São Brenn."),
            doc("b", "Nothing here", "A quiet day."),
        ]
    )
    assert [h.id for h in idx.search("harvests").hits] == ["a"]
    assert [h.id for h in idx.search("ferry").hits] == ["a"]
    hit = idx.search("Sao Brenn").hits[0]
    assert words(hit) == ["São", "Brenn"]


def test_every_word_must_match_unless_or_is_asked(index):
    assert [h.id for h in index.search("harvest Marwen").hits] == ["council"]
    assert {h.id for h in index.search("Marwen OR Brasko").hits} == {"council", "storm"}
    assert [h.id for h in index.search("harvest -Karvik").hits] == ["harvest"]
    assert [h.id for h in index.search('"record harvest"').hits] == ["harvest"]


def test_a_colon_after_an_ordinary_word_is_text(index):
    assert [h.id for h in index.search("Orlenna: storm").hits] == ["storm"]
    assert [h.id for h in index.search("title:ferry").hits] == ["storm"]
    assert index.search("body:ferry").total == 1


def test_site_filter_uses_the_registered_domain(index):
    hits = index.search("the", site="karvik-post.co.uk").hits
    assert {h.id for h in hits} == {"council", "storm"}
    assert {h.site for h in hits} == {"karvik-post.co.uk"}
    assert index.search("the", site="co.uk").total == 0


def test_every_hit_names_the_registered_domain_of_its_url(index):
    hits = index.search("the", limit=100).hits
    assert hits and all(h.site == registered_domain(h.url) for h in hits if h.url)


def test_date_filters_are_inclusive_days(index):
    assert {h.id for h in index.search("the", since="2025-03-04").hits} == {"council", "storm"}
    assert {h.id for h in index.search("the", until="2025-03-04").hits} == {"harvest", "council"}
    assert [h.id for h in index.search("the", since="2025-03-04", until="2025-03-04").hits] == ["council"]
    # An article with no date is left out of any date filter.
    assert "quennick" not in {h.id for h in index.search("choir", since="2000-01-01").hits}
    assert index.search("ferry").hits[0].published == "2025-03-06"


@pytest.mark.parametrize("bad", ["2025-3-4", "yesterday", "2025-02-30", "2025-03-04T00:00"])
def test_a_bad_date_is_a_one_line_store_error(index, bad):
    with pytest.raises(StoreError, match="bad since date") as err:
        index.search("harvest", since=bad)
    assert "\n" not in str(err.value)


def test_pages_cover_the_results_once_each():
    idx = SearchIndex(None)
    idx.add([doc(f"d{i:02}", f"Lantern {i}", "lantern " * (i + 1)) for i in range(25)])
    pages = [idx.search("lantern", limit=10, offset=o) for o in (0, 10, 20)]
    ids = [h.id for p in pages for h in p.hits]
    assert [len(p.hits) for p in pages] == [10, 10, 5]
    assert sorted(ids) == sorted(f"d{i:02}" for i in range(25))
    assert all(p.total == 25 for p in pages)
    scores = [h.score for p in pages for h in p.hits]
    assert scores == sorted(scores, reverse=True)
    counted = idx.search("lantern", limit=0, top=25)
    assert counted.total == 25 and counted.hits == []
    assert counted.all_ids == ids
    assert idx.search("lantern", limit=5, offset=3, top=8).all_ids == ids[:8]


@pytest.mark.parametrize(
    ("name", "kwargs"), [("limit", {"limit": -1}), ("offset", {"offset": -5}), ("top", {"top": -1})]
)
def test_bad_paging_is_a_store_error(index, name, kwargs):
    with pytest.raises(StoreError, match=f"bad search {name}"):
        index.search("harvest", **kwargs)
    with pytest.raises(StoreError, match="up to the"):
        index.search("harvest", offset=9_999, limit=20)


def test_highlights_land_on_the_query_words(index):
    hit = index.search("harvest Marwen").hits[0]
    assert hit.id == "council"
    assert words(hit) == ["Marwen", "harvest", "harvest", "harvest"]
    assert "<" not in hit.snippet


@pytest.mark.parametrize(
    "lead",
    [
        "Café déjà vu à Orlenna, ",
        "Київ і Харків — ",
        "🌊🚢 stormy 🌧️ ",
        "مرحبا بالعالم שלום ",
        "zero\u200bwidth\u200d joiners \u202eflipped\u202c ",
    ],
)
def test_highlight_offsets_count_characters_not_bytes(lead):
    idx = SearchIndex(None)
    idx.add([doc("x", "Tides", lead + "the lighthouse keeper of Karvik waved. " + lead)])
    hit = idx.search("lighthouse Karvik").hits[0]
    assert words(hit) == ["lighthouse", "Karvik"]


def test_a_title_only_match_shows_the_start_of_the_body(index):
    hit = index.search("coast").hits[0]
    assert hit.id == "quennick"
    assert hit.highlights == []
    assert hit.snippet.startswith("The choir from Quennick sang")
    long_body = "word " * 200
    idx = SearchIndex(None)
    idx.add([doc("y", "Orlenna lighthouse", long_body)])
    lead = idx.search("Orlenna").hits[0].snippet
    assert 100 <= len(lead) <= search_module.SNIPPET_CHARS
    assert long_body.startswith(lead) and not lead.endswith(" ")


def test_adding_an_article_again_replaces_it(index):
    index.add([doc("storm", "Storm reopens the Orlenna ferry", "The crossing reopened at dawn.")])
    index.add([doc("storm", "Storm reopens the Orlenna ferry", "The crossing reopened at dawn.")])
    page = index.search("Orlenna")
    assert [h.id for h in page.hits] == ["storm"]
    assert page.hits[0].title == "Storm reopens the Orlenna ferry"
    assert index.search("Brasko").total == 0
    assert index.ids() == {d.id for d in NEWS}
    # The same id twice in one batch: the last one stands.
    index.add([doc("twice", "First take", "alpha"), doc("twice", "Second take", "alpha")])
    assert [h.title for h in index.search("alpha").hits] == ["Second take"]


def test_reconcile_indexes_a_missing_batch_and_drops_stale_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(search_module, "RECONCILE_BATCH", 3)
    stored = {f"m{i}": doc(f"m{i}", f"Beacon {i}", "beacon lit on the hill") for i in range(8)}
    idx = SearchIndex(tmp_path / "db.search")
    first = [stored[f"m{i}"] for i in range(4)]
    idx.add([*first, doc("gone", "Beacon gone", "deleted from the store")])
    # A kill between the database commit and the index commit lost m4..m7.
    asked: list[list[str]] = []

    def load(ids):
        asked.append(list(ids))
        return [stored[i] for i in ids]

    assert idx.reconcile(list(stored), load) == 4
    assert asked == [["m4", "m5", "m6"], ["m7"]]
    assert idx.ids() == set(stored)
    assert idx.search("beacon").total == 8
    assert idx.reconcile(list(stored), load) == 0
    assert len(asked) == 2
    idx.close()


def test_the_index_survives_reopening(tmp_path):
    path = tmp_path / "db.search"
    idx = SearchIndex(path)
    idx.add(NEWS)
    idx.close()
    again = SearchIndex(path)
    assert again.ids() == {d.id for d in NEWS}
    again.add([doc("new", "Ferry timetable", "Ferries resume.")])
    assert again.search("ferry").total == 2
    again.close()


def test_a_second_writer_is_refused_until_the_first_closes(tmp_path):
    path = tmp_path / "db.search"
    first = SearchIndex(path)
    first.add(NEWS[:1])
    second = SearchIndex(path)
    assert second.search("harvest").total == 1
    with pytest.raises(StoreBusyError, match="another store"):
        second.add(NEWS[1:2])
    first.close()
    second.add(NEWS[1:2])
    assert second.search("harvest").total == 2
    second.close()


def test_a_read_only_reader_sees_commits_after_reload(tmp_path):
    path = tmp_path / "db.search"
    writer = SearchIndex(path)
    writer.add(NEWS[:2])
    reader = SearchIndex(path, read_only=True)
    assert reader.search("harvest").total == 2
    writer.add(NEWS[2:])
    reader.reload()
    assert reader.search("ferry").total == 1
    assert reader.ids() == {d.id for d in NEWS}
    with pytest.raises(StoreError, match="read-only"):
        reader.add(NEWS[:1])
    reader.close()
    writer.close()


READER = textwrap.dedent(
    """
    import sys
    from newsgraph.store.search import SearchIndex
    reader = SearchIndex(__import__("pathlib").Path(sys.argv[1]), read_only=True)
    for line in sys.stdin:
        reader.reload()
        print(reader.search("ferry").total, flush=True)
    """
)


def test_a_reader_in_another_process_sees_commits_after_reload(tmp_path):
    path = tmp_path / "db.search"
    writer = SearchIndex(path)
    writer.add(NEWS[:1])
    proc = subprocess.Popen(
        [sys.executable, "-c", READER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "0"
        writer.add(NEWS[2:3])
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "1"
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        writer.close()
    assert proc.returncode == 0


def test_a_read_only_open_of_a_missing_index_answers_empty_pages(tmp_path):
    path = tmp_path / "old.duckdb.search"
    reader = SearchIndex(path, read_only=True)
    assert reader.search("harvest").total == 0
    assert reader.ids() == set()
    assert not path.exists()
    with pytest.raises(StoreError, match="bad search query"):
        reader.search("(")
    writer = SearchIndex(path)
    writer.add(NEWS)
    reader.reload()
    assert reader.search("harvest").total == 2
    reader.close()
    writer.close()


def test_an_index_of_another_version_is_rebuilt_read_write_and_refused_read_only(tmp_path):
    path = tmp_path / "db.search"
    idx = SearchIndex(path)
    idx.add(NEWS)
    idx.close()
    (path / search_module.MARKER).write_text('{"schema": 0}\n', encoding="utf-8")
    with pytest.raises(StoreError, match="another version"):
        SearchIndex(path, read_only=True)
    rebuilt = SearchIndex(path)
    assert rebuilt.ids() == set()
    assert rebuilt.reconcile([d.id for d in NEWS], lambda ids: [d for d in NEWS if d.id in ids]) == len(NEWS)
    rebuilt.close()
    assert SearchIndex(path, read_only=True).search("harvest").total == 2


def test_a_file_where_the_folder_should_be_is_a_store_error(tmp_path):
    path = tmp_path / "db.search"
    path.write_text("not an index", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a folder"):
        SearchIndex(path)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty search query"),
        ("   \n", "empty search query"),
        ("(", "bad search query"),
        ("Karvik AND", "bad search query"),
        ("-Karvik", "bad search query"),
        ('"', "bad search query"),
        ("/rege.*x/", "bad search query"),
        ("harvest^", "bad search query"),
        ("(\n(\n(\r\x00", "bad search query"),
        ("x" * (MAX_QUERY_CHARS + 1), "the limit is 500"),
    ],
)
def test_bad_queries_are_one_line_store_errors(index, query, message):
    with pytest.raises(StoreError, match=message) as err:
        index.search(query)
    text = str(err.value)
    assert "\n" not in text and "\r" not in text and len(text) < 300


def test_hostile_text_is_kept_as_plain_text(index):
    index.add(
        [
            doc(
                "hostile",
                '<script>alert("Karvik")</script> "><img src=x onerror=alert(1)>',
                'The mayor of Karvik said "<b>no</b>" & left. \ud800 lone surrogate',
                url="javascript:alert(1)",
            )
        ]
    )
    hit = index.search("mayor").hits[0]
    assert hit.title == '<script>alert("Karvik")</script> "><img src=x onerror=alert(1)>'
    assert '"<b>no</b>" &' in hit.snippet
    assert words(hit) == ["mayor"]
    assert hit.site is None
    assert hit.url == "javascript:alert(1)"


def test_a_huge_title_and_body_are_indexed_from_their_start():
    title = "Orlenna " + "t" * 5_000_000
    body = "lighthouse keeper " + "ocean " * 200_000
    idx = SearchIndex(None)
    idx.add([doc("huge", title, body, url="https://karvik.example.org/" + "p" * 20_000)])
    hit = idx.search("Orlenna lighthouse").hits[0]
    assert hit.id == "huge"
    assert hit.title == title[: search_module.TITLE_CHARS]
    assert words(hit) == ["lighthouse"]
    assert hit.url is None
    assert hit.site == "example.org"


def test_readers_in_threads_search_while_the_writer_adds():
    idx = SearchIndex(None)
    errors: list[BaseException] = []
    seen: list[int] = []
    stop = threading.Event()

    def read():
        try:
            while not stop.is_set():
                seen.append(idx.search("beacon", limit=5).total)
        except BaseException as err:  # noqa: BLE001 - the test reports any failure
            errors.append(err)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    for batch in range(20):
        idx.add([doc(f"b{batch}-{i}", f"Beacon {batch}", "beacon on the cliff") for i in range(10)])
    stop.set()
    for t in readers:
        t.join(timeout=30)
    assert errors == []
    assert idx.search("beacon").total == 200
    assert all(n % 10 == 0 and 0 <= n <= 200 for n in seen)


def test_a_closed_index_is_a_store_error():
    idx = SearchIndex(None)
    idx.close()
    with pytest.raises(StoreError, match="closed"):
        idx.search("harvest")


def test_paths_accept_pathlike(tmp_path):
    idx = SearchIndex(Path(str(tmp_path / "x.search")))
    idx.add(NEWS[:1])
    assert (tmp_path / "x.search" / search_module.MARKER).is_file()
    idx.close()


def test_top_ids_are_the_best_matches_in_order_with_or_without_cached_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(search_module, "KEY_CACHE", 4)
    path = tmp_path / "db.search"
    writer = SearchIndex(path)
    writer.add([doc(f"d{i:02}", f"Lantern {i}", "lantern " * (i + 1)) for i in range(25)])
    best = [h.id for h in writer.search("lantern", limit=25).hits]
    assert writer.search("lantern", limit=0, top=25).all_ids == best
    reader = SearchIndex(path, read_only=True)
    for _ in range(2):
        assert reader.search("lantern", limit=3, top=25).all_ids == best
    assert len(reader._ids_by_key) <= 4
    reader.close()
    writer.close()


def _reporting(d: AnalyzedDocument, *types: str) -> AnalyzedDocument:
    return AnalyzedDocument(
        id=d.id, source=d.source, article=d.article, events=[Event(id=f"ev{i}", type=t) for i, t in enumerate(types)]
    )


def test_event_type_keeps_the_articles_reporting_an_event_of_that_type(tmp_path):
    idx = SearchIndex(tmp_path / "db.search")
    idx.add([_reporting(NEWS[0], "PROTEST"), _reporting(NEWS[1], "protest", "ACCUSE"), _reporting(NEWS[2], "ACCUSE")])
    assert idx.search("harvest").total == 2
    assert [h.id for h in idx.search("harvest", event_type="Protest").hits] == [
        h.id for h in idx.search("harvest").hits
    ]
    assert [h.id for h in idx.search("harvest", event_type="ACCUSE").hits] == ["council"]
    assert idx.search("harvest", event_type="COERCE").total == 0
    assert [h.id for h in idx.search("harvest OR storm", event_type="accuse", only_ids=["storm"]).hits] == ["storm"]
    idx.close()


def test_a_version_2_index_is_searched_read_only_and_its_event_types_come_from_the_store(tmp_path, monkeypatch):
    path = tmp_path / "db.search"
    with monkeypatch.context() as m:
        # A version-2 index: the same fields, but no event types.
        built = search_module._schema()
        builder = search_module.tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_text_field("title", stored=True, tokenizer_name=search_module.ANALYZER)
        builder.add_text_field("body", stored=True, tokenizer_name=search_module.ANALYZER)
        builder.add_bytes_field("url", stored=True)
        builder.add_text_field("site", stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_date_field("published", stored=True, indexed=True, fast=True)
        builder.add_unsigned_field("key", fast=True)
        old = builder.build()
        assert old != built
        m.setattr(search_module, "_schema", lambda: old)
        m.setattr(search_module, "SCHEMA_VERSION", 2)
        m.setattr(search_module.SearchIndex, "_document", _without_event_types)
        writer = SearchIndex(path)
        writer.add([_reporting(d, "PROTEST") for d in NEWS])
        writer.close()
    reader = SearchIndex(path, read_only=True)
    assert not reader.has_event_types
    assert reader.search("harvest", site="karvik-post.co.uk", since="2025-03-01").total == 1
    with pytest.raises(StoreError, match="no event types"):
        reader.search("harvest", event_type="PROTEST")
    assert [h.id for h in reader.search("harvest", only_ids=["council"]).hits] == ["council"]
    reader.close()
    # A read-write open rebuilds it at the current version.
    rebuilt = SearchIndex(path)
    assert rebuilt.has_event_types and rebuilt.ids() == set()
    rebuilt.close()


_document_v3 = SearchIndex._document


def _without_event_types(self: SearchIndex, d: AnalyzedDocument):  # type: ignore[no-untyped-def]
    return _document_v3(self, AnalyzedDocument(id=d.id, source=d.source, article=d.article))
