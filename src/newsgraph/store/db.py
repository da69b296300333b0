"""The Store: the public face of a database. It checks arguments, words the
errors, and guards each call; the work is in ``connection`` (opening,
migrating, error mapping), ``writes``, ``queries``, ``corpus_queries``,
``explore_queries``, ``search`` (the index beside the database) and ``export``."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from ..errors import StoreBusyError, StoreError
from ..records import AnalyzedDocument, CorpusChanges
from . import connection, corpus_queries, explore_queries, export, migrations, queries, writes
from .connection import MEMORY_LIMIT, guarded, mapped_errors
from .corpus_queries import EventFilters
from .queries import ArticleSummary
from .schema import TABLES
from .writes import CorpusUpdate, WriteResult, conflict_message, conflicts

if TYPE_CHECKING:
    from .search import SearchIndex

__all__ = ["MAX_LIMIT", "MEMORY_LIMIT", "ArticleSummary", "Store", "WriteResult", "conflict_message", "conflicts"]

# Seconds a read-write open waits for a dead writer's search-index lock to be let go.
INDEX_LOCK_WAIT = 10.0

# Search facets count over this many of the best matches (the total counts them all).
FACET_TOP = 1000

# The most rows one page of an explorer read returns (article lists, quotes, search
# hits): a larger ``limit`` is cut to it, so no request holds a whole table.
MAX_LIMIT = 1000


class Store:
    """A newsgraph database. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path = "newsgraph.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._view = False
        self._owner: Store = self  # whose search index this store uses (a view: its parent's)
        self._search: SearchIndex | None = None
        self._search_lock = threading.Lock()
        # Batches stored in the database that the search index failed to take; the next
        # read-write open indexes them (``SearchIndex.reconcile``).
        self.index_errors: list[str] = []
        if read_only and not Path(self.path).exists():
            raise StoreError("no such database (run `newsgraph ingest` first)", source=self.path)
        self.con = connection.connect(self.path, read_only=read_only)
        try:
            connection.limit_memory(self.con)
            if read_only:
                self._check_schema()
            else:
                self.migrate()
                self._reconcile_search()
        except BaseException:
            if self._search is not None:
                self._search.close()
            connection.close_quietly(self.con)
            raise

    @guarded("reading the database")
    def view(self) -> Store:
        """A Store on a cursor of this one's database, for one reader (a server
        request): the same data and search index, in a read transaction of its
        own, so all it reads comes from the one committed state it began at,
        whatever is written meanwhile. Closing it ends that transaction and
        closes the cursor only; a later state needs a new view."""
        view = object.__new__(Store)
        view.path, view.read_only, view._view = self.path, self.read_only, True
        view._owner, view._search, view.index_errors = self._owner, None, []
        view.con = self.con.cursor()
        try:
            view.con.execute("BEGIN TRANSACTION")
            # DuckDB takes the transaction's snapshot at its first read of a table.
            migrations.version_of(view.con)
        except BaseException:
            connection.close_quietly(view.con)
            raise
        return view

    def interrupt(self) -> None:
        """Stop the query running on this store (or view), from another thread: it fails with a StoreError."""
        self.con.interrupt()

    @guarded("reading the database")
    def _check_schema(self) -> None:
        connection.check_version(self.con, self.path)

    # -- schema -----------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return migrations.version_of(self.con)

    @guarded("opening the database")
    def migrate(self) -> int:
        """Bring the schema up to date; returns the version reached."""
        return connection.migrate(self.con, self.path)

    # -- writes -----------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return set(self.stored_hashes(ids))

    @guarded("reading the database")
    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The stored ids among ``ids``, each with its content hash (None when unknown)."""
        return writes.stored_hashes(self.con, ids)

    def has(self, article_id: str) -> bool:
        return bool(self.known_ids([article_id]))

    @guarded("write")
    def write_batch(self, docs: Sequence[AnalyzedDocument], corpus: CorpusUpdate | None = None) -> WriteResult:
        """Store a batch in one transaction.

        Documents already stored (same id) are skipped, as are repeats
        inside the batch: counted as duplicates when their content hash
        matches (or is unknown), returned as conflicts when it differs. The
        document stored first is kept. ``corpus``, given the documents that
        are new, says what they change in the corpus tables: those changes
        are written in the same transaction.
        """
        result = writes.write_batch(self.con, docs, self.stored_hashes(d.id for d in docs), corpus)
        if result.stored:
            first: dict[str, AnalyzedDocument] = {}
            for d in docs:
                first.setdefault(d.id, d)
            self._index([first[i] for i in result.stored])
        return result

    # -- the search index beside the database -------------------------------
    def search_index(self) -> SearchIndex:
        """The search index of this store's database, opened on first use (a view
        uses its parent's): read-only when the store is."""
        owner = self._owner
        with owner._search_lock:
            if owner._search is None:
                from .search import SearchIndex, index_path

                owner._search = SearchIndex(index_path(owner.path), read_only=owner.read_only)
            return owner._search

    def _reconcile_search(self) -> None:
        """Index what the database holds and the index lacks (a run killed between its
        database commit and its index commit), and drop what the database no longer holds."""
        with mapped_errors("indexing for search", self.path):
            stored = queries.ordered_ids(self.con, "stored")
            # Holding the database's write lock, this store is the one writer; an index
            # lock still held is a killed writer's forked workers, dying (they get
            # SIGKILL with their parent) but not dead yet.
            deadline = time.monotonic() + INDEX_LOCK_WAIT
            while True:
                try:
                    self.search_index().reconcile(stored, lambda ids: list(self.documents(ids)))
                    return
                except StoreBusyError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)

    def _index(self, docs: list[AnalyzedDocument]) -> None:
        # The batch is committed: an index that fails to take it must not undo or hide
        # that; it is caught up when the store next opens read-write.
        try:
            self.search_index().add(docs)
        except StoreError as exc:
            self.index_errors.append(f"{len(docs)} stored articles not indexed yet: {exc.message}")

    @guarded("write")
    def write_corpus(self, changes: CorpusChanges) -> None:
        """Write corpus changes alone, in one transaction."""
        writes.write_corpus(self.con, changes)

    @guarded("write")
    def replace_corpus(self, batches: Iterable[CorpusChanges]) -> None:
        """Empty the corpus tables and write ``batches`` in their place, in one
        transaction: a rebuild that is interrupted leaves the old tables."""
        writes.replace_corpus(self.con, batches)

    # -- reads ------------------------------------------------------------
    @guarded("reading the database")
    def count(self, table: str = "articles") -> int:
        if table not in TABLES and table != "analyses":
            raise StoreError(f"no such table {table!r}", source=self.path)
        return queries.count(self.con, table)

    @guarded("reading the database")
    def articles(self, *, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
        if limit < 0 or offset < 0:
            raise StoreError(f"limit and offset must not be negative (got {limit}, {offset})", source=self.path)
        return queries.article_summaries(self.con, limit, offset)

    @guarded("reading the database")
    def resolve_id(self, prefix: str) -> str:
        """An article id, given whole or as a unique prefix of it (an exact id wins)."""
        ids = queries.ids_matching(self.con, prefix)
        if not ids:
            raise StoreError(f"no article with id {prefix!r}", source=self.path)
        if len(ids) > 1:
            raise StoreError(f"id prefix {prefix!r} is ambiguous", source=self.path)
        return ids[0]

    @guarded("reading the database")
    def get(self, article_id: str) -> AnalyzedDocument:
        article_id = self.resolve_id(article_id)
        record = queries.analysis_record(self.con, article_id)
        if record is None:
            raise StoreError(f"article {article_id!r} has no stored analysis", source=self.path)
        return AnalyzedDocument.from_dict(json.loads(record))

    @guarded("reading the database")
    def placed_ids(self, from_seq: int = 0) -> list[str]:
        """The ids the corpus layer placed at arrival number ``from_seq`` or later, in arrival order."""
        return queries.placed_ids(self.con, from_seq)

    @guarded("reading the database")
    def placed_at(self, seq: int) -> str | None:
        """The id of the article placed at arrival number ``seq`` (None: none)."""
        return queries.placed_at(self.con, seq)

    @guarded("reading the database")
    def corpus_seq(self) -> int:
        """The next arrival number of the corpus layer (how many articles it has placed)."""
        return queries.corpus_seq(self.con)

    def iter_documents(self, order: str = "id") -> Iterator[AnalyzedDocument]:
        """Every stored analysis, by article id (``id``) or in storing order
        (``stored``); or only those the corpus layer has placed, in its arrival
        order (``placed``); or only those it has not placed yet, in storing
        order (``unplaced``); or all in the corpus layer's order (``corpus``:
        the placed ones, then the others)."""
        if order not in queries.ANALYSIS_ORDERS:
            raise StoreError(f"unknown order {order!r} ({', '.join(queries.ANALYSIS_ORDERS)})", source=self.path)
        with mapped_errors("reading the database", self.path):
            ids = queries.ordered_ids(self.con, order)
        return self.documents(ids)

    def documents(self, ids: Sequence[str]) -> Iterator[AnalyzedDocument]:
        """The stored analyses of ``ids``, in that order (ids with none are left out)."""
        # A generator runs after the call returns, out of a decorator's
        # reach, so each fetch is guarded on its own.
        chunks = queries.analysis_chunks(self.con, list(ids))
        while True:
            with mapped_errors("reading the database", self.path):
                chunk = next(chunks, None)
            if chunk is None:
                return
            for record in chunk:
                yield AnalyzedDocument.from_dict(json.loads(record))

    # -- the corpus layer's reads (plain dicts: the JSONL shapes of the README) --
    def _window(self, since: str | None, until: str | None) -> tuple[str | None, str | None]:
        bounds = []
        for name, value, end in (("since", since, False), ("until", until, True)):
            bound = None if value is None else corpus_queries.date_bound(value, end=end)
            if value is not None and bound is None:
                raise StoreError(f"{name} {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", source=self.path)
            bounds.append(bound)
        return bounds[0], bounds[1]

    def _limit(self, limit: int, offset: int = 0) -> int:
        if limit < 0:
            raise StoreError(f"limit must not be negative (got {limit})", source=self.path)
        if offset < 0:
            raise StoreError(f"offset must not be negative (got {offset})", source=self.path)
        return limit

    def _page(self, limit: int, offset: int) -> int:
        """A page size for the explorer's reads: checked, and at most ``MAX_LIMIT``."""
        return min(self._limit(limit, offset), MAX_LIMIT)

    @property
    def has_corpus(self) -> bool:
        """Whether the database has the corpus tables (one a read-only command opened may predate them)."""
        return self.schema_version >= corpus_queries.CORPUS_VERSION

    def _require_corpus(self) -> None:
        # A database read-only commands open is never migrated: an older one has no corpus tables.
        version = self.schema_version
        if version < corpus_queries.CORPUS_VERSION:
            raise StoreError(
                f"this database (schema version {version}) has no corpus layer yet;"
                " `newsgraph corpus rebuild` adds it from the stored articles",
                source=self.path,
            )

    def _corpus_id(self, table: str, what: str, prefix: str) -> str:
        ids = corpus_queries.ids_matching(self.con, table, prefix)
        if not ids:
            raise StoreError(f"no {what} with id {prefix!r}", source=self.path)
        if len(ids) > 1:
            raise StoreError(f"{what} id prefix {prefix!r} is ambiguous", source=self.path)
        return ids[0]

    @guarded("reading the database")
    def stories(
        self,
        *,
        q: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stories, most recently seen first (``limit`` 0: all; ``offset``: skip that
        many); ``q`` is a case-insensitive substring of the title, a top entity or a place."""
        since, until = self._window(since, until)
        self._require_corpus()
        return corpus_queries.stories(
            self.con, q=q, since=since, until=until, limit=self._limit(limit, offset), offset=offset
        )

    @guarded("reading the database")
    def story(self, story_id: str, *, since: str | None = None, until: str | None = None) -> dict[str, Any]:
        """One story (id or unique prefix) with its timeline of corpus events (``events``,
        by date), its sites and independent sources, and its events' disagreements;
        the window filters the timeline."""
        since, until = self._window(since, until)
        self._require_corpus()
        story_id = self._corpus_id("stories", "story", story_id)
        (story,) = corpus_queries.stories(self.con, ids=[story_id])
        story.update(corpus_queries.story_sources(self.con, story_id))
        story["events"] = corpus_queries.events(self.con, story=story_id, since=since, until=until, timeline=True)
        story["disagreements"] = [
            {"event_id": e["id"], "event_type": e["type"], **d} for e in story["events"] for d in e["disagreements"]
        ]
        return story

    @guarded("reading the database")
    def corpus_events(
        self, *, limit: int = 50, offset: int = 0, **filters: Unpack[EventFilters]
    ) -> list[dict[str, Any]]:
        """Corpus events, newest first (``limit`` 0: all; ``offset``: skip that many),
        with their mentions and disagreements. Dates filter on the event's date,
        else its first report's; ``actor`` matches the actor or the target (its text,
        its corpus entity's name, an alias or id), ``target`` the target only."""
        checked = self._event_filters(filters)
        return corpus_queries.events(self.con, limit=self._limit(limit, offset), offset=offset, **checked)

    def _event_filters(self, filters: EventFilters) -> EventFilters:
        """The filters of a corpus event read, checked (see ``corpus_queries.event_filter``):
        dates made ISO days, a story named by a unique prefix made its id."""
        unknown = sorted(set(filters) - set(EventFilters.__annotations__))
        if unknown:
            raise StoreError(f"unknown event filter {unknown[0]!r}", source=self.path)
        checked = EventFilters(**filters)
        checked["since"], checked["until"] = self._window(filters.get("since"), filters.get("until"))
        min_sources = filters.get("min_sources") or 0
        if min_sources < 0:
            raise StoreError(f"min_sources must not be negative (got {min_sources})", source=self.path)
        self._require_corpus()
        story = filters.get("story")
        if story is not None:
            checked["story"] = self._corpus_id("stories", "story", story)
        return checked

    @guarded("reading the database")
    def corpus_entities(
        self,
        *,
        q: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
        mentions: bool = True,
    ) -> list[dict[str, Any]]:
        """Corpus entities, most articles first (``limit`` 0: all; ``offset``: skip that
        many), each with every mention of its members (``mentions=False``: without them)."""
        since, until = self._window(since, until)
        self._require_corpus()
        return corpus_queries.entities(
            self.con,
            q=q,
            type=type,
            since=since,
            until=until,
            limit=self._limit(limit, offset),
            offset=offset,
            with_mentions=mentions,
        )

    @guarded("reading the database")
    def resolve_entity(self, name_or_id: str) -> str:
        """A corpus entity's id from its id, a unique id prefix, or a name or alias
        (exact and case-insensitive first, then as a substring). Several entities
        of that name are an error listing them."""
        self._require_corpus()
        ids = corpus_queries.ids_matching(self.con, "corpus_entities", name_or_id)
        if len(ids) == 1:
            return ids[0]
        for exact in (True, False):
            named = corpus_queries.entities_named(self.con, name_or_id, exact=exact)
            if len(named) == 1:
                return named[0]["id"]
            if len(named) > 1:
                shown = "; ".join(f"{e['id']} ({e['name']}, {e['type']})" for e in named[:10])
                more = f" and {len(named) - 10} more" if len(named) > 10 else ""
                raise StoreError(
                    f"{name_or_id!r} names {len(named)} corpus entities: {shown}{more}; give an id",
                    source=self.path,
                )
        if ids:
            raise StoreError(f"corpus entity id prefix {name_or_id!r} is ambiguous", source=self.path)
        raise StoreError(f"no corpus entity with id or name {name_or_id!r}", source=self.path)

    @guarded("reading the database")
    def corpus_entity(self, name_or_id: str, *, since: str | None = None, until: str | None = None) -> dict[str, Any]:
        """One corpus entity (see ``resolve_entity``) with its aliases, its roles over
        time, the quotes attributed to it, the events where it is actor or target,
        the entities it shares most articles with, and its mentions; the window
        filters all of these (on the article's date, or the event's)."""
        since, until = self._window(since, until)
        self._require_corpus()
        entity_id = self.resolve_entity(name_or_id)
        (entity,) = corpus_queries.entities(self.con, ids=[entity_id], with_mentions=False)
        con = self.con
        entity["roles"] = corpus_queries.entity_roles(con, entity_id, since, until)
        entity["quotes"] = corpus_queries.entity_quotes(con, entity_id, since, until)
        entity["events"] = corpus_queries.entity_events(con, entity_id, since, until)
        entity["cooccurring"] = corpus_queries.cooccurring(con, entity_id, since, until)
        entity["network"] = explore_queries.network(con, entity_id, since, until)
        entity["mentions"] = corpus_queries.entity_mentions(con, [entity_id], since, until).get(entity_id, [])
        return entity

    # -- the explorer's reads (plain dicts, JSON-ready) -----------------------
    @guarded("reading the database")
    def totals(self) -> dict[str, Any]:
        """What the store holds: articles, stories, corpus events, their reports,
        corpus entities, quotes, sites (``sources``), independent sources, and the
        first and last publication day."""
        return explore_queries.totals(self.con, corpus=self.has_corpus)

    @guarded("reading the database")
    def article_list(
        self,
        *,
        site: str | None = None,
        story: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Articles, newest first (at most ``MAX_LIMIT``), each with its story and how
        many entities, quotes and events it holds; ``story``: an id or unique prefix."""
        since, until = self._window(since, until)
        limit = self._page(limit, offset)
        corpus = self.has_corpus
        if story is not None:
            if not corpus:
                self._require_corpus()
            story = self._corpus_id("stories", "story", story)
        return explore_queries.article_list(
            self.con, site=site, story=story, since=since, until=until, limit=limit, offset=offset, corpus=corpus
        )

    @guarded("reading the database")
    def article(self, id_or_prefix: str) -> dict[str, Any]:
        """One article's whole stored record (the ``show --format json`` shape: the
        article, its entities, quotes, counts, times and events with all their
        spans), with where the corpus layer placed it: ``story_id``, ``site``,
        ``syndication_group``, ``original`` (None where it has not); each entity
        carries ``corpus_entity``, the id of the corpus entity it was resolved to
        (None where it was not)."""
        article_id = self.resolve_id(id_or_prefix)
        record = queries.analysis_record(self.con, article_id)
        if record is None:
            raise StoreError(f"article {article_id!r} has no stored analysis", source=self.path)
        found: dict[str, Any] = json.loads(record)
        corpus = self.has_corpus
        placed = explore_queries.article_corpus(self.con, article_id) if corpus else {}
        for key in ("story_id", "site", "syndication_group", "original", "independent_source"):
            found[key] = placed.get(key)
        members = explore_queries.article_members(self.con, article_id) if corpus else {}
        for entity in found.get("entities") or []:
            if isinstance(entity, dict):
                entity["corpus_entity"] = members.get(str(entity.get("id")))
        if found["site"] is None:
            found["site"] = (found.get("article") or {}).get("site")
        return found

    @guarded("reading the database")
    def event_series(
        self,
        *,
        group_by: str = "day",
        count: str = "events",
        **filters: Unpack[EventFilters],
    ) -> list[dict[str, Any]]:
        """The corpus events that ``corpus_events`` would list for these filters,
        counted per ``group_by`` period (day, week from its ISO Monday, month), oldest
        first, as ``{"period": "YYYY-MM-DD", "count"}``; ``count="reports"``
        counts their reports instead (what counting every article's event, duplicates
        and all, would show). See ``explore_queries.event_series`` for dates."""
        if group_by not in explore_queries.GROUPS:
            raise StoreError(f"unknown group_by {group_by!r} ({', '.join(explore_queries.GROUPS)})", source=self.path)
        if count not in explore_queries.SERIES_COUNTS:
            raise StoreError(f"unknown count {count!r} ({', '.join(explore_queries.SERIES_COUNTS)})", source=self.path)
        checked = self._event_filters(filters)
        return explore_queries.event_series(self.con, group_by=group_by, count=count, **checked)

    @guarded("reading the database")
    def event_points(self, *, limit: int = MAX_LIMIT, **filters: Unpack[EventFilters]) -> list[dict[str, Any]]:
        """What a map of ``corpus_events`` needs, light: the located events among those
        the filters keep, newest first, at most ``limit`` (and ``MAX_LIMIT``): id, type,
        place, date, latitude, longitude, and the ``article_id`` and trigger and sentence
        offsets of the first report (the first of its ``mentions``)."""
        limit = self._page(limit, 0) or MAX_LIMIT
        checked = self._event_filters(filters)
        return explore_queries.event_points(self.con, limit=limit, **checked)

    @guarded("reading the database")
    def quotes(
        self,
        *,
        speaker: str | None = None,
        q: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quotes, newest article first (at most ``MAX_LIMIT``), each with its article
        and speaker (``speaker_entity``: their corpus entity's id, or None).
        ``speaker``: a substring of the speaker's text or their entity's name or an
        alias, or the entity's id; ``q``: a substring of the quote (case ignored)."""
        since, until = self._window(since, until)
        limit = self._page(limit, offset)
        return explore_queries.quotes(
            self.con,
            speaker=speaker,
            q=q,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
            corpus=self.has_corpus,
        )

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
    ) -> dict[str, Any]:
        """Articles matching ``q`` (words, "phrases", AND/OR/-, title:/body:/site:),
        best first: ``{"total", "hits", "facets"}``. A hit is the index's (id, score,
        title, url, site, published, a plain-text snippet and the character offsets
        of its matched words); the facets count the best ``FACET_TOP`` matches by
        site, month of publication and the type of the events they report.
        ``event_type``: only articles reporting an event of that PLOVER type (case
        ignored), as the ``event_type`` facet counts them."""
        limit = self._page(limit, offset)
        days = self._window(since, until)
        first, last = (explore_queries.real_day(b, end=end) for b, end in zip(days, (False, True), strict=True))
        kind = event_type.strip() if event_type and event_type.strip() else None
        with mapped_errors("searching", self.path):
            index = self.search_index()
            only_ids = None
            if kind is not None and not index.has_event_types:
                # An index from before event types (read-only, not rebuilt yet): the database says which articles.
                only_ids, kind = explore_queries.articles_reporting(self.con, kind), None
            page = index.search(
                q,
                limit=limit,
                offset=offset,
                site=site,
                since=first,
                until=last,
                event_type=kind,
                only_ids=only_ids,
                top=FACET_TOP,
            )
            facets = explore_queries.facets(self.con, page.all_ids, corpus=self.has_corpus)
        hits = [
            {
                "id": h.id,
                "score": h.score,
                "title": h.title,
                "url": h.url,
                "site": h.site,
                "published": h.published,
                "snippet": h.snippet,
                "highlights": [list(pair) for pair in h.highlights],
            }
            for h in page.hits
        ]
        return {"total": page.total, "hits": hits, "facets": facets}

    # -- export -----------------------------------------------------------
    @guarded("export")
    def export(self, out_dir: str | Path, fmt: str = "jsonl", tables: Sequence[str] = TABLES) -> list[Path]:
        """Write each table to ``out_dir/TABLE.{jsonl,csv,parquet}``.

        In CSV, text cells a spreadsheet would run as a formula are
        neutralised (see ``layouts.csv_safe``).
        """
        if fmt not in export.TABLE_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (jsonl, csv, parquet)")
        unknown = [table for table in tables if table not in TABLES]
        if unknown:
            raise StoreError(f"no such table {unknown[0]!r} ({', '.join(TABLES)})", source=self.path)
        return export.export_tables(self.con, out_dir, fmt, tables)

    @guarded("export")
    def export_events(self, out_dir: str | Path, fmt: str = "csv", layout: str = "gdelt") -> Path:
        """Write the corpus events in another project's layout: ``gdelt`` (GDELT
        2.0 Events columns, one row per corpus event), ``gdelt-mentions`` (GDELT
        2.0 Mentions, one row per report of those events) or ``acled``
        (ACLED-style event/sub-event types; only events with an ACLED label).
        The events of articles the corpus layer has not placed yet follow, each
        as an event of its own (see ``layouts``).

        As CSV, the GDELT layouts are written as GDELT writes its files (tab
        separated, no header, no quoting), the ACLED one as quoted CSV with
        a header; text cells are neutralised against formula injection.
        """
        if fmt not in export.TABLE_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (jsonl, csv, parquet)")
        if layout not in export.LAYOUTS:
            raise StoreError(f"unknown layout {layout!r} ({', '.join(export.LAYOUTS)})")
        if self.schema_version < corpus_queries.CORPUS_VERSION:
            # Nothing is placed in a database from before the corpus layer: every article's events go out as they are.
            return export.export_events(self.con, self.iter_documents("stored"), out_dir, fmt, layout, corpus=False)
        return export.export_events(self.con, self.iter_documents("unplaced"), out_dir, fmt, layout)

    def export_rows(
        self,
        layout: str,
        *,
        table: str | None = None,
        csv_safe: bool = False,
        **filters: Unpack[EventFilters],
    ) -> tuple[list[str], Iterator[list[Any]]]:
        """The columns and rows of an export, the rows made as they are read (for a
        response streamed as CSV or JSON lines). ``layout`` ``gdelt``,
        ``gdelt-mentions`` or ``acled``: the corpus events ``corpus_events`` would
        list for the filters (with none, also the events of articles the corpus
        layer has not placed, as ``export_events`` writes); ``tables``: the stored
        ``table`` as it is (no filters). ``csv_safe``: text cells a spreadsheet would
        run as a formula get a quote before them, as the CSV exports do."""
        with mapped_errors("export", self.path):
            if layout == "tables":
                if table is None:
                    raise StoreError(f"the tables layout needs a table ({', '.join(TABLES)})", source=self.path)
                if table not in TABLES:
                    raise StoreError(f"no such table {table!r} ({', '.join(TABLES)})", source=self.path)
                if any(v for v in filters.values()):
                    raise StoreError("the tables layout takes no filters; give the table only", source=self.path)
                columns, rows = export.table_rows(self.con, table)
            else:
                if layout not in export.LAYOUTS:
                    raise StoreError(f"unknown layout {layout!r} ({', '.join((*export.LAYOUTS, 'tables'))})")
                if table is not None:
                    raise StoreError(f"table is for the tables layout, not {layout!r}", source=self.path)
                if not any(v for v in filters.values()):
                    ids, unplaced, corpus = None, self.iter_documents("unplaced"), True
                    if not self.has_corpus:
                        unplaced, corpus = self.iter_documents("stored"), False
                else:
                    checked = self._event_filters(filters)
                    ids, unplaced, corpus = corpus_queries.export_ids(self.con, **checked), iter(()), True
                columns, rows = export.event_rows(self.con, layout, unplaced, corpus=corpus, ids=ids)
        return columns, self._guarded_rows(rows, csv_safe)

    @guarded("export")
    def export_parquet(self, file: str | Path, layout: str, *, table: str | None = None, **filters: Any) -> Path:
        """Write to the Parquet file ``file`` what ``export_rows`` gives for the same
        arguments and filters (``layout`` ``tables``: the stored ``table``, its column
        types kept); the rows go through DuckDB as bound values, never as SQL text."""
        columns, rows = self.export_rows(layout, table=table, **filters)
        out = Path(file)
        export.export_folder(out.parent)
        if layout == "tables":
            return export.table_parquet(self.con, out, str(table))
        return export.write_rows(self.con, out, columns, rows, "parquet")

    def _guarded_rows(self, rows: Iterator[list[Any]], csv_safe: bool) -> Iterator[list[Any]]:
        # A generator runs after the call returns, out of the decorator's reach.
        from .layouts import csv_safe as safe

        while True:
            with mapped_errors("export", self.path):
                row = next(rows, None)
            if row is None:
                return
            yield [safe(cell) if csv_safe and isinstance(cell, str) else cell for cell in row]

    @guarded("closing the database")
    def close(self) -> None:
        if self._view:
            connection.rollback(self.con)  # a view only reads: nothing to keep
        elif self._search is not None:
            self._search.close()
            self._search = None
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            # The error on its way out says what went wrong; a second one
            # from closing would only hide it.
            if self._search is not None and not self._view:
                with contextlib.suppress(StoreError):
                    self._search.close()
            connection.close_quietly(self.con)
