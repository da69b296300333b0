"""Full-text search over the stored articles' titles and bodies, with a tantivy index.

The index is derived data: the database is the truth, and the index lives in a folder beside it
(``<db>.search``). The store commits a batch to the database first and to the index after, so a
kill between the two leaves the index behind, never ahead; :meth:`SearchIndex.reconcile` catches
it up (and drops what the database no longer holds) when the store next opens read-write. An
index written by another schema version is rebuilt from scratch by a read-write open.

One process writes (the store that ingests); it holds tantivy's writer lock for as long as it is
open. Threads of that process search the same index object and see each commit at once; other
processes open the folder read-only (no writer, no lock) and see new commits within about half a
second (tantivy watches ``meta.json``), or at once after :meth:`SearchIndex.reload`. A read-only
open of a folder that does not exist yet (a database older than search) answers every query with
an empty page rather than an error, so a read-only server on such a store still works; it starts
answering from the folder once a read-write open has built it and a reader calls ``reload()``.

Queries are untrusted. They are parsed by tantivy's query parser (words, ``"phrases"``, ``AND``/
``OR``/``-``, ``title:``/``body:``/``site:`` prefixes); every word must match, in the title or the
body. A colon after any other word is taken as text ("Alvarez: a profile"), not as a field name.
Anything else the parser rejects is a one-line :class:`StoreError` ("bad search query: ..."),
as are empty queries and queries over :data:`MAX_QUERY_CHARS` characters.

Snippets are plain text, never HTML: a fragment of the body around the best match and the
character offsets of the matched words in it; the page escapes the text and marks the ranges.
The ids of a query's best matches (``top``, for the store's facets) are read from a fast field
holding a hash of each id, mapped back through the ids this object has indexed or read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tantivy

from ..errors import StoreBusyError, StoreError
from ..records import AnalyzedDocument
from ..resources.sites import registered_domain

__all__ = ["MAX_QUERY_CHARS", "SearchHit", "SearchIndex", "SearchPage", "index_path", "site_of"]

SCHEMA_VERSION = 3
# Index versions a read-only store can still search: version 2 lacks the event types, so a
# filter on them falls back to the ids the store names (``only_ids``) until a read-write
# open rebuilds the index.
READABLE_VERSIONS = (2, 3)
MARKER = "newsgraph-search.json"
MAX_QUERY_CHARS = 500
# The deepest result a query may ask for (offset + limit, or top): tantivy keeps that many hits
# in a heap, so the bound keeps one request's cost bounded whatever its parameters.
MAX_WINDOW = 10_000
# Snippets re-tokenize the stored body of each hit at query time, about 40 ms per million
# characters; past this length a text is no news article, so only its start is indexed and
# stored (the database keeps the whole text).
BODY_CHARS = 100_000
# A title is shown whole in every result; the hostile corpus has 5 MB ones.
TITLE_CHARS = 1_000
# Longer URLs are left out of the hit rather than cut into a wrong link.
URL_CHARS = 8_192
SNIPPET_CHARS = 200
TITLE_BOOST = 2.0
WRITER_HEAP = 50_000_000
RECONCILE_BATCH = 500
# The ids of a query's best matches (``top``, for facets) come from a numeric fast field, the
# hash of each id, and this many hash -> id pairs kept in memory: reading 1,000 stored documents
# instead costs 10-40 ms, most of a search.
KEY_CACHE = 500_000
ANALYZER = "newsgraph_en"
# The field prefixes a query may use; "x:" for any other x is read as the text "x:".
QUERY_PREFIXES = {"title", "body", "site"}
_PREFIX = re.compile(r'([^\s:()"\\+\-^~]*)(?<!\\):')
_SURROGATE = re.compile("[\ud800-\udfff]")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class SearchHit:
    id: str
    score: float
    title: str | None
    url: str | None
    site: str | None
    published: str | None  # YYYY-MM-DD
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # char offsets into snippet


@dataclass
class SearchPage:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    all_ids: list[str] = field(default_factory=list)


def index_path(db_path: str) -> Path | None:
    """The index folder of the database at ``db_path`` ("<db>.search"); None for ":memory:"."""
    text = str(db_path)
    if not text or text == ":memory:":
        return None
    return Path(text + ".search")


def _analyzer() -> tantivy.TextAnalyzer:
    # tantivy's "en_stem" plus ASCII folding, so "Sao Paulo" finds "São Paulo".
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("body", stored=True, tokenizer_name=ANALYZER)
    builder.add_bytes_field("url", stored=True)
    builder.add_text_field("site", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("key", fast=True)
    # Added last, so the fields before it keep their numbers in a version-2 index.
    builder.add_text_field("event_type", stored=False, tokenizer_name="raw", index_option="basic")
    return builder.build()


def _key(article_id: str) -> int:
    """A 63-bit hash of an id (two ids of a million collide with odds of about 1 in 10 million)."""
    return int.from_bytes(hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest(), "big") >> 1


# A result's site is its URL's registered domain, the same rule the corpus layer uses.
site_of = registered_domain


def type_key(value: str) -> str:
    """How the index (and the store's facets) name a PLOVER type: upper case, trimmed."""
    return _clean(value.strip().upper())


def _clean(text: str) -> str:
    """``text`` with lone surrogates (which JSON can carry and Rust cannot) as U+FFFD, same length."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _day(value: str | None, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise StoreError(f"bad {name} date {_one_line(repr(value), 40)}: expected YYYY-MM-DD") from None
    return datetime(day.year, day.month, day.day)


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day)


def _escape_prefixes(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        word = match.group(1)
        return match.group(0) if word in QUERY_PREFIXES else word + "\\:"

    return _PREFIX.sub(escape, text)


def _lead(body: str) -> str:
    """The start of ``body`` as a snippet, cut at a space when there is one near the end."""
    text = body.lstrip()
    if len(text) <= SNIPPET_CHARS:
        return text.rstrip()
    cut = text.rfind(" ", SNIPPET_CHARS // 2, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS].rstrip()


def _char_ranges(fragment: str, byte_ranges: Iterable[Any]) -> list[tuple[int, int]]:
    """tantivy's highlight ranges (UTF-8 byte offsets into ``fragment``) as character offsets."""
    raw = fragment.encode("utf-8")
    out = []
    for r in byte_ranges:
        try:
            start = len(raw[: r.start].decode("utf-8"))
            end = start + len(raw[r.start : r.end].decode("utf-8"))
        except UnicodeDecodeError:
            continue
        if end > start:
            out.append((start, end))
    return out


class SearchIndex:
    """The search index of one store (see the module's docstring for who may write and read)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._schema = _schema()
        self._lock = threading.RLock()
        self._writer: Any = None
        self._index: tantivy.Index | None = None
        # True while a read-only index stands in for a folder that does not exist yet.
        self._placeholder = False
        self._ids_by_key: dict[int, str] = {}
        # Whether the index holds each article's event types (a version-2 index does not).
        self.has_event_types = True
        self._open()

    # -- opening ---------------------------------------------------------------------------

    def _where(self) -> str:
        return str(self.path) if self.path is not None else "in memory"

    def _new(self, path: Path | None) -> tantivy.Index:
        index = tantivy.Index(self._schema, str(path) if path is not None else None, reuse=True)
        index.register_tokenizer(ANALYZER, _analyzer())
        return index

    def _version(self) -> int | None:
        assert self.path is not None
        try:
            return int(json.loads((self.path / MARKER).read_text(encoding="utf-8"))["schema"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _open(self) -> None:
        path = self.path
        if path is None:
            self._index = self._new(None)
            return
        if path.exists() and not path.is_dir():
            raise StoreError(f"search index {path} is not a folder")
        built = (path / "meta.json").is_file()
        if self.read_only:
            if not built:
                self._index, self._placeholder = self._new(None), True
                return
            version = self._version()
            if version not in READABLE_VERSIONS:
                raise StoreError(
                    f"search index {path} was built by another version of newsgraph;"
                    " open the store read-write once to rebuild it"
                )
            try:
                index = tantivy.Index.open(str(path))
            except ValueError as err:
                raise StoreError(f"search index {path} cannot be read: {_one_line(str(err))}") from None
            index.register_tokenizer(ANALYZER, _analyzer())
            self._index, self._placeholder = index, False
            self._schema, self.has_event_types = index.schema, version == SCHEMA_VERSION
            return
        if built and self._version() != SCHEMA_VERSION:
            # Derived data of another schema: rebuilt from the database by reconcile().
            shutil.rmtree(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._index = self._new(path)
        except ValueError:
            # Unreadable (a disk filled mid-write, say): the database can rebuild it.
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True, exist_ok=True)
            try:
                self._index = self._new(path)
            except ValueError as err:
                raise StoreError(f"search index {path} cannot be created: {_one_line(str(err))}") from None
        except OSError as err:
            raise StoreError(f"search index {path} cannot be created: {err.strerror or err}") from None
        (path / MARKER).write_text(json.dumps({"schema": SCHEMA_VERSION}) + "\n", encoding="utf-8")

    def _open_index(self) -> tantivy.Index:
        if self._index is None:
            raise StoreError(f"search index {self._where()} is closed")
        return self._index

    def _writable(self) -> Any:
        if self.read_only:
            raise StoreError(f"search index {self._where()} is open read-only")
        index = self._open_index()
        if self._writer is None:
            try:
                self._writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as err:
                if "LockBusy" in str(err):
                    raise StoreBusyError(f"search index {self._where()} is being written by another store") from None
                raise StoreError(f"search index {self._where()} cannot be written: {_one_line(str(err))}") from None
        return self._writer

    # -- writing ---------------------------------------------------------------------------

    def _document(self, doc: AnalyzedDocument) -> tantivy.Document:
        article = doc.article
        out = tantivy.Document()
        article_id = _clean(doc.id)
        out.add_text("id", article_id)
        out.add_unsigned("key", _key(article_id))
        if article.title is not None:
            out.add_text("title", _clean(article.title[:TITLE_CHARS]))
        out.add_text("body", _clean((article.body or "")[:BODY_CHARS]))
        if article.url and len(article.url) <= URL_CHARS:
            out.add_bytes("url", _clean(article.url).encode("utf-8"))
        site = site_of(article.url)
        if site:
            out.add_text("site", site)
        published = _published(article.published)
        if published is not None:
            out.add_date("published", published)
        for kind in sorted({type_key(e.type) for e in doc.events if e.type}):
            out.add_text("event_type", kind)
        return out

    def add(self, docs: Sequence[AnalyzedDocument]) -> None:
        """Index ``docs`` (an id indexed before is replaced) and commit them together."""
        if not docs:
            return
        with self._lock:
            writer = self._writable()
            try:
                for doc in docs:
                    writer.delete_documents_by_term("id", _clean(doc.id))
                    writer.add_document(self._document(doc))
                writer.commit()
            except ValueError as err:
                writer.rollback()
                raise StoreError(
                    f"search index {self._where()}: {len(docs)} articles not indexed: {_one_line(str(err))}"
                ) from None
            self._open_index().reload()
            for doc in docs:
                self._remember(_clean(doc.id))

    def _remember(self, article_id: str) -> None:
        if len(self._ids_by_key) >= KEY_CACHE:
            self._ids_by_key = {}
        self._ids_by_key[_key(article_id)] = article_id

    def _delete(self, ids: Iterable[str]) -> None:
        writer = self._writable()
        for article_id in ids:
            writer.delete_documents_by_term("id", article_id)
        writer.commit()
        self._open_index().reload()

    def ids(self) -> set[str]:
        """The id of every indexed article."""
        searcher = self._open_index().searcher()
        terms = searcher.terms_with_prefix("id", "", filter_query=tantivy.Query.all_query(), limit=None)
        return {term for term, _ in terms}

    def reconcile(self, stored_ids: Iterable[str], load: Callable[[list[str]], Iterable[AnalyzedDocument]]) -> int:
        """Index the stored articles the index lacks, and drop those the store no longer holds.

        ``load`` returns the documents of a batch of ids. Returns the number of documents indexed.
        """
        with self._lock:
            self._writable()
            have = self.ids()
            wanted = {_clean(i): i for i in stored_ids}
            stale = have - wanted.keys()
            if stale:
                self._delete(sorted(stale))
            missing = [original for key, original in wanted.items() if key not in have]
            added = 0
            for start in range(0, len(missing), RECONCILE_BATCH):
                docs = list(load(missing[start : start + RECONCILE_BATCH]))
                self.add(docs)
                added += len(docs)
            return added

    # -- reading ---------------------------------------------------------------------------

    def _parse(self, index: tantivy.Index, text: str) -> tantivy.Query:
        try:
            return index.parse_query(
                _escape_prefixes(_clean(text)),
                ["title", "body"],
                {"title": TITLE_BOOST},
                conjunction_by_default=True,
            )
        except ValueError as err:
            raise StoreError(f"bad search query: {_one_line(str(err))}") from None

    def search(
        self,
        q: str,
        *,
        limit: int = 20,
        offset: int = 0,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        event_type: str | None = None,
        only_ids: Iterable[str] | None = None,
        top: int = 0,
    ) -> SearchPage:
        """Articles matching ``q``, best first, ``limit`` of them from ``offset``.

        ``site`` (a registered domain), ``since`` and ``until`` (YYYY-MM-DD, inclusive),
        ``event_type`` (articles reporting an event of that PLOVER type; not on an index
        without ``has_event_types``) and ``only_ids`` (these articles only) filter;
        ``top`` > 0 also lists the ids of up to ``top`` best matches (for facets).
        """
        if not isinstance(q, str) or not q.strip():
            raise StoreError("empty search query")
        if len(q) > MAX_QUERY_CHARS:
            raise StoreError(f"search query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
        for name, value in (("limit", limit), ("offset", offset), ("top", top)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise StoreError(f"bad search {name} {value!r}: expected a whole number >= 0")
        if offset + limit > MAX_WINDOW or top > MAX_WINDOW:
            raise StoreError(f"search results are available up to the {MAX_WINDOW}th")
        low, high = _day(since, "since"), _day(until, "until")
        index = self._open_index()
        query = self._parse(index, q.strip())
        clauses = [(tantivy.Occur.Must, query)]
        if site:
            term = tantivy.Query.term_query(self._schema, "site", _clean(site).strip().lower())
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(term, 0.0)))
        if low is not None or high is not None:
            dates = tantivy.Query.range_query(self._schema, "published", tantivy.FieldType.Date, low, high)
            clauses.append((tantivy.Occur.Must, dates))
        if event_type:
            if not self.has_event_types:
                raise StoreError(f"search index {self._where()} has no event types; open the store read-write once")
            term = tantivy.Query.term_query(self._schema, "event_type", type_key(event_type))
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(term, 0.0)))
        if only_ids is not None:
            chosen = tantivy.Query.term_set_query(self._schema, "id", sorted({_clean(i) for i in only_ids}))
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(chosen, 0.0)))
        full = tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else query
        searcher = index.searcher()
        depth = max(offset + limit, top, 1)
        result = searcher.search(full, limit=depth, count=True)
        found = result.hits
        hits = []
        if limit and len(found) > offset:
            snippets = tantivy.SnippetGenerator.create(searcher, query, self._schema, "body")
            snippets.set_max_num_chars(SNIPPET_CHARS)
            for score, address in found[offset : offset + limit]:
                hits.append(self._hit(searcher.doc(address), score, snippets))
        all_ids = self._top_ids(searcher, [address for _, address in found[:top]])
        # SearchResult.count is set when searching with count=True; the stubs leave it out.
        total = int(getattr(result, "count", 0) or 0)
        return SearchPage(total=total, hits=hits, all_ids=all_ids)

    def _top_ids(self, searcher: tantivy.Searcher, addresses: list[Any]) -> list[str]:
        if not addresses:
            return []
        known = self._ids_by_key
        out = []
        for address, key in zip(addresses, searcher.fast_field_values("key", addresses), strict=True):
            article_id = known.get(key) if isinstance(key, int) else None
            if article_id is None:
                article_id = str(searcher.doc(address).get_first("id"))
                self._remember(article_id)
            out.append(article_id)
        return out

    def _hit(self, doc: tantivy.Document, score: float, snippets: tantivy.SnippetGenerator) -> SearchHit:
        body = doc.get_first("body") or ""
        snippet = snippets.snippet_from_doc(doc)
        fragment = snippet.fragment()
        highlights = _char_ranges(fragment, snippet.highlighted()) if fragment else []
        if not highlights:
            # A match in the title only: the article's start tells what it is about.
            fragment = _lead(body)
        url = doc.get_first("url")
        published = doc.get_first("published")
        return SearchHit(
            id=str(doc.get_first("id")),
            score=float(score),
            title=doc.get_first("title"),
            url=bytes(url).decode("utf-8") if url is not None else None,
            site=doc.get_first("site"),
            published=published.date().isoformat() if published is not None else None,
            snippet=fragment,
            highlights=highlights,
        )

    # -- life cycle ------------------------------------------------------------------------

    def reload(self) -> None:
        """See the latest commit (a read-only index also finds a folder built since it opened)."""
        with self._lock:
            if self._index is None:
                return
            if self._placeholder and self.path is not None and (self.path / "meta.json").is_file():
                self._open()
            else:
                self._index.reload()

    def close(self) -> None:
        """Release the writer (and its lock) and the index; searching a closed index is a StoreError."""
        with self._lock:
            writer, self._writer = self._writer, None
            if writer is not None:
                # Finishing the merges under way leaves the next reader fewer segments (a
                # dropped writer throws them away); a merge that fails leaves its segments as
                # they were, so there is nothing to report.
                with contextlib.suppress(ValueError):
                    writer.wait_merging_threads()
            self._index = None
