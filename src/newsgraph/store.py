"""The embedded store: DuckDB, a versioned schema, batched transactional writes.

Idempotence is by content: a document's id is the hash of its raw bytes, the
``articles`` table's primary key. A batch of documents is written in one
transaction, so a run killed at any point leaves every batch either fully
stored or absent; running again skips what is stored and writes the rest.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import duckdb

from .errors import StoreBusyError, StoreError
from .records import CONTENT_ID_MARK, AnalyzedDocument, Article

# Each migration is applied once, in order, in its own transaction; the
# schema_version table remembers how far a database has come. Never edit a
# released migration: append a new one.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            source VARCHAR NOT NULL,
            url VARCHAR, site VARCHAR,
            title VARCHAR, subtitle VARCHAR,
            authors VARCHAR[],
            published VARCHAR, published_precision VARCHAR,
            language VARCHAR,
            body VARCHAR NOT NULL,
            methods JSON, flags VARCHAR[],
            ingested_at TIMESTAMP DEFAULT current_timestamp
        )""",
        """CREATE TABLE entities (
            id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, type VARCHAR NOT NULL,
            country VARCHAR, latitude DOUBLE, longitude DOUBLE, feature VARCHAR
        )""",
        """CREATE TABLE entity_aliases (
            entity_id VARCHAR NOT NULL, alias VARCHAR NOT NULL,
            PRIMARY KEY (entity_id, alias)
        )""",
        """CREATE TABLE mentions (
            article_id VARCHAR NOT NULL, entity_id VARCHAR,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR, kind VARCHAR,
            PRIMARY KEY (article_id, start, "end")
        )""",
        """CREATE TABLE roles (
            article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, title VARCHAR,
            organization VARCHAR, country VARCHAR, start INTEGER, "end" INTEGER
        )""",
        """CREATE TABLE quotes (
            article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
            start INTEGER, "end" INTEGER, text VARCHAR, kind VARCHAR,
            speaker VARCHAR, speaker_text VARCHAR, speaker_start INTEGER, speaker_end INTEGER,
            cue VARCHAR, cue_start INTEGER, cue_end INTEGER,
            PRIMARY KEY (article_id, n)
        )""",
        """CREATE TABLE counts (
            article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
            start INTEGER, "end" INTEGER, text VARCHAR, value DOUBLE, value_max DOUBLE,
            qualifier VARCHAR, unit VARCHAR, action VARCHAR, category VARCHAR,
            PRIMARY KEY (article_id, n)
        )""",
        """CREATE TABLE times (
            article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
            start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, value VARCHAR,
            granularity VARCHAR,
            PRIMARY KEY (article_id, n)
        )""",
        """CREATE TABLE events (
            article_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
            type VARCHAR, mode VARCHAR, context VARCHAR[], trigger VARCHAR,
            actor_text VARCHAR, actor_entity VARCHAR, actor_country VARCHAR, actor_sector VARCHAR,
            target_text VARCHAR, target_entity VARCHAR, target_country VARCHAR, target_sector VARCHAR,
            location_text VARCHAR, location_entity VARCHAR, location_country VARCHAR,
            latitude DOUBLE, longitude DOUBLE,
            date VARCHAR, date_precision VARCHAR, factuality VARCHAR, reported_by VARCHAR,
            cameo VARCHAR, acled VARCHAR,
            trigger_start INTEGER, trigger_end INTEGER,
            sentence_start INTEGER, sentence_end INTEGER,
            record JSON,
            PRIMARY KEY (article_id, id)
        )""",
        # The whole analysed document as one JSON value: `show` and exports
        # of the output contract read it back without re-joining tables.
        """CREATE TABLE analyses (
            article_id VARCHAR PRIMARY KEY, record JSON NOT NULL
        )""",
    ],
    # 2: the per-article tables lose their primary keys. Idempotence is by
    # article (a document's rows are written in one transaction, after its
    # id was checked), so those keys only duplicated that guarantee, and
    # their in-memory indexes grew with the corpus. DuckDB cannot drop a
    # primary key in place: the tables are rebuilt.
    [
        *(
            stmt
            for table in ("mentions", "quotes", "counts", "times", "events")
            for stmt in (
                f"CREATE TABLE {table}_v2 AS SELECT * FROM {table}",
                f"DROP TABLE {table}",
                f"ALTER TABLE {table}_v2 RENAME TO {table}",
            )
        ),
    ],
    # 3: the hash of a document whose input named its own id (JSONL), so
    # that a later record reusing the id for another text is reported as a
    # conflict instead of being counted as a repeat. Rows stored before
    # keep NULL: they are trusted as before.
    ["ALTER TABLE articles ADD COLUMN content_hash VARCHAR"],
    # 4: content-derived ids and JSONL ids share the id column, so a stored
    # row must say which kind it is: a content-derived id's hash is the id
    # under the 'content:' mark (RawDocument.content_hash). Rows from before
    # schema 3 have no hash; those whose id has a content id's shape (16
    # lower-case hex digits) are taken as content-derived. The one ambiguity:
    # such a row that was really a JSONL line with a 16-hex id of its own;
    # feeding that line again is then reported as a conflict, not a repeat.
    [
        f"UPDATE articles SET content_hash = '{CONTENT_ID_MARK}' || id"
        " WHERE content_hash IS NULL AND regexp_full_match(id, '[0-9a-f]{16}')"
    ],
]

MEMORY_LIMIT = "512MB"

TABLES = (
    "articles",
    "entities",
    "entity_aliases",
    "mentions",
    "roles",
    "quotes",
    "counts",
    "times",
    "events",
)


def conflicts(stored: str | None, incoming: str | None) -> bool:
    """Whether a document reuses a stored id for other content (unknown hashes never conflict)."""
    return stored is not None and incoming is not None and stored != incoming


def conflict_message(article_id: str, stored: str | None = None, incoming: str | None = None) -> str:
    """One line saying which kinds of id clash, as far as the hashes tell."""
    stored_is_content = stored is not None and stored.startswith(CONTENT_ID_MARK)
    incoming_is_content = incoming is not None and incoming.startswith(CONTENT_ID_MARK)
    if incoming_is_content and not stored_is_content:
        return (
            f"this document's content id {article_id!r} was already given by a JSONL line to a document "
            "with different content; the first one is kept"
        )
    if stored_is_content and not incoming_is_content:
        return f"id {article_id!r} is the content id of another stored document; the first one is kept"
    return f"id {article_id!r} was already given to a document with different content; the first one is kept"


def _cause(exc: BaseException) -> str:
    """The first line of a database error: DuckDB may add a query excerpt below it."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


_F = TypeVar("_F", bound=Callable[..., Any])


def _guarded(action: str) -> Callable[[_F], _F]:
    """Turn a database or OS error inside a Store method into one StoreError line naming the cause."""

    def wrap(fn: _F) -> _F:
        @functools.wraps(fn)
        def inner(self: "Store", *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except StoreError:
                raise
            except duckdb.Error as exc:
                raise StoreError(f"{action} failed: {_cause(exc)}", source=self.path) from exc
            except OSError as exc:
                where = exc.filename or self.path
                raise StoreError(f"{action} failed: {exc.strerror or exc}", source=str(where)) from exc

        return inner  # type: ignore[return-value]

    return wrap


class WriteResult(NamedTuple):
    """What ``Store.write_batch`` did with a batch."""

    stored: list[str]
    duplicates: int
    conflicts: list[AnalyzedDocument]


@dataclass
class ArticleSummary:
    id: str
    title: str | None
    published: str | None
    language: str | None
    source: str
    entities: int
    quotes: int
    events: int


def _export_folder(out_dir: str | Path) -> Path:
    """The export folder, created if missing; a file in its place is an error, not a traceback."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out} exists and is not a folder", source=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create export folder {out}: {exc.strerror or exc}", source=str(out)) from exc
    # DuckDB's COPY reports an unwritable folder with a generic message;
    # asking the OS first names the real cause (permissions, read-only disk).
    if not os.access(out, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write into export folder {out}: permission denied", source=str(out))
    return out


_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


def _busy_message(exc: BaseException) -> str:
    pid = _LOCK_HOLDER.search(str(exc))
    holder = f"another process (PID {pid.group(1)})" if pid else "another process"
    return (
        f"database is busy: {holder} has it open, e.g. an ingest writing it; wait for it to finish, "
        "or ingest into a separate database file and read that one once it is done"
    )


class Store:
    """A newsgraph database. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path = "newsgraph.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError("no such database (run `newsgraph ingest` first)", source=self.path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            # DuckDB lets one process write a file, or several read it, never
            # both: a second process gets this lock error whichever it wants.
            if "Could not set lock" in str(exc):
                raise StoreBusyError(_busy_message(exc), source=self.path) from exc
            raise StoreError(f"cannot open database: {_cause(exc)}", source=self.path) from exc
        except OSError as exc:
            raise StoreError(f"cannot open database: {exc.strerror or exc}", source=self.path) from exc
        try:
            # DuckDB may otherwise cache up to 80% of RAM; newsgraph's writes
            # are small batches, so a modest pool keeps a long ingest's memory flat.
            self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            if read_only:
                self._check_schema()
            else:
                self.migrate()
        except BaseException:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def _rollback(self) -> None:
        """End a failed transaction; DuckDB may already have ended it (a COMMIT
        that failed), and that second error must not hide the first."""
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass

    @_guarded("reading the database")
    def _check_schema(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"database schema version {version} is newer than this newsgraph ({len(MIGRATIONS)}); upgrade newsgraph",
                source=self.path,
            )

    # -- schema -----------------------------------------------------------
    @property
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    @_guarded("opening the database")
    def migrate(self) -> int:
        """Bring the schema up to date; returns the version reached."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"database schema version {current} is newer than this newsgraph ({len(MIGRATIONS)}); upgrade newsgraph",
                source=self.path,
            )
        for version, statements in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                for sql in statements:
                    self.con.execute(sql)
                self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self._rollback()
                raise StoreError(f"migration {version} failed: {_cause(exc)}", source=self.path) from exc
        return len(MIGRATIONS)

    # -- writes -----------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return set(self.stored_hashes(ids))

    @_guarded("reading the database")
    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The stored ids among ``ids``, each with its content hash (None when unknown)."""
        ids = list(ids)
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def has(self, article_id: str) -> bool:
        return bool(self.known_ids([article_id]))

    @_guarded("write")
    def write_batch(self, docs: Sequence[AnalyzedDocument]) -> WriteResult:
        """Store a batch in one transaction.

        Documents already stored (same id) are skipped, as are repeats
        inside the batch: counted as duplicates when their content hash
        matches (or is unknown), returned as conflicts when it differs. The
        document stored first is kept.
        """
        known = self.stored_hashes(d.id for d in docs)
        fresh: list[AnalyzedDocument] = []
        clashing: list[AnalyzedDocument] = []
        for d in docs:
            if d.id in known:
                if conflicts(known[d.id], d.article.content_hash):
                    clashing.append(d)
                continue
            known[d.id] = d.article.content_hash
            fresh.append(d)
        duplicates = len(docs) - len(fresh) - len(clashing)
        if not fresh:
            return WriteResult([], duplicates, clashing)
        rows = _rows_for(fresh)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, (sql, values) in rows.items():
                if values:
                    self._insert_columns(sql, values)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            # A COMMIT that fails (disk full) ends the transaction itself:
            # the ROLLBACK's own "no transaction" error must not hide why.
            self._rollback()
            raise StoreError(f"write failed: {_cause(exc)}", source=self.path) from exc
        return WriteResult([d.id for d in fresh], duplicates, clashing)

    def _insert_columns(self, sql: str, rows: list[list[Any]]) -> None:
        """Run an ``INSERT ... VALUES (?, ...)`` for many rows in one statement.

        DuckDB's executemany runs one statement per row (seconds for a batch
        of articles); passing each column as a list and zipping them back
        with ``unnest`` inserts the batch at once.
        """
        head, _, tail = sql.partition(" VALUES ")
        n = len(rows[0])
        placeholders, _, conflict = tail.partition(")")
        select = ", ".join(f"unnest(${i + 1})" for i in range(n))
        columns = [list(col) for col in zip(*rows)]
        self.con.execute(f"{head} SELECT {select}{conflict}", columns)

    # -- reads ------------------------------------------------------------
    @_guarded("reading the database")
    def count(self, table: str = "articles") -> int:
        if table not in TABLES and table != "analyses":
            raise StoreError(f"no such table {table!r}", source=self.path)
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    @_guarded("reading the database")
    def articles(self, *, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
        if limit < 0 or offset < 0:
            raise StoreError(f"limit and offset must not be negative (got {limit}, {offset})", source=self.path)
        rows = self.con.execute(
            """SELECT a.id, a.title, a.published, a.language, a.source,
                      (SELECT count(DISTINCT entity_id) FROM mentions m WHERE m.article_id = a.id),
                      (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),
                      (SELECT count(*) FROM events e WHERE e.article_id = a.id)
               FROM articles a ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?""",
            [limit, offset],
        ).fetchall()
        return [ArticleSummary(*r) for r in rows]

    @_guarded("reading the database")
    def resolve_id(self, prefix: str) -> str:
        """An article id, given whole or as a unique prefix of it.

        An exact id wins, so an id that prefixes another ("a1", "a10") stays
        reachable; the prefix is matched literally (``%`` and ``_`` in ids
        are not wildcards).
        """
        if self.con.execute("SELECT 1 FROM articles WHERE id = ?", [prefix]).fetchone():
            return prefix
        rows = self.con.execute(
            "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [prefix]
        ).fetchall()
        if not rows:
            raise StoreError(f"no article with id {prefix!r}", source=self.path)
        if len(rows) > 1:
            raise StoreError(f"id prefix {prefix!r} is ambiguous", source=self.path)
        return rows[0][0]

    @_guarded("reading the database")
    def get(self, article_id: str) -> AnalyzedDocument:
        article_id = self.resolve_id(article_id)
        row = self.con.execute("SELECT record FROM analyses WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            raise StoreError(f"article {article_id!r} has no stored analysis", source=self.path)
        return AnalyzedDocument.from_dict(json.loads(row[0]))

    def iter_documents(self) -> Iterator[AnalyzedDocument]:
        # A generator runs after the call returns, so each fetch is guarded
        # on its own.
        cur = self._fetch_cursor("SELECT record FROM analyses ORDER BY article_id")
        while True:
            chunk = self._fetch_chunk(cur)
            if not chunk:
                return
            for (record,) in chunk:
                yield AnalyzedDocument.from_dict(json.loads(record))

    @_guarded("reading the database")
    def _fetch_cursor(self, sql: str):
        return self.con.execute(sql)

    @_guarded("reading the database")
    def _fetch_chunk(self, cur) -> list:
        return cur.fetchmany(256)

    # -- export -----------------------------------------------------------
    @_guarded("export")
    def export(self, out_dir: str | Path, fmt: str = "jsonl", tables: Sequence[str] = TABLES) -> list[Path]:
        """Write each table to ``out_dir/TABLE.{jsonl,csv,parquet}``.

        In CSV, text cells a spreadsheet would run as a formula are
        neutralised (see ``export_formats.csv_safe``).
        """
        options = {
            "jsonl": ("jsonl", "FORMAT json"),
            "csv": ("csv", "FORMAT csv, HEADER true"),
            "parquet": ("parquet", "FORMAT parquet"),
        }
        if fmt not in options:
            raise StoreError(f"unknown export format {fmt!r} (jsonl, csv, parquet)")
        ext, opts = options[fmt]
        unknown = [table for table in tables if table not in TABLES]
        if unknown:
            raise StoreError(f"no such table {unknown[0]!r} ({', '.join(TABLES)})", source=self.path)
        out = _export_folder(out_dir)
        written = []
        for table in tables:
            target = out / f"{table}.{ext}"
            path_sql = str(target).replace("'", "''")
            select = self._csv_safe_columns(table) if fmt == "csv" else "*"
            self.con.execute(f"COPY (SELECT {select} FROM {table}) TO '{path_sql}' ({opts})")
            written.append(target)
        return written

    def _csv_safe_columns(self, table: str) -> str:
        """The select list of ``table`` with each text column neutralised as ``csv_safe`` does."""
        from .export_formats import CSV_FORMULA_STARTS, CSV_NUMBER

        starts = ", ".join(f"chr({ord(ch)})" for ch in CSV_FORMULA_STARTS)
        number = CSV_NUMBER.pattern.replace("'", "''")
        cols = self.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
            [table],
        ).fetchall()
        parts = []
        for name, data_type in cols:
            quoted = '"' + name.replace('"', '""') + '"'
            if data_type in ("VARCHAR", "JSON"):
                text = f"CAST({quoted} AS VARCHAR)"
                parts.append(
                    f"CASE WHEN left({text}, 1) IN ({starts}) AND NOT regexp_full_match({text}, '{number}')"
                    f" THEN chr(39) || {text} ELSE {text} END AS {quoted}"
                )
            else:
                parts.append(quoted)
        return ", ".join(parts)

    @_guarded("export")
    def export_events(self, out_dir: str | Path, fmt: str = "csv", layout: str = "gdelt") -> Path:
        """Write all events in another project's layout: ``gdelt`` (GDELT 2.0
        Events columns) or ``acled`` (ACLED-style event/sub-event types; only
        events with an ACLED label).

        As CSV, the GDELT layout is written as GDELT writes its files (tab
        separated, no header, no quoting), the ACLED one as quoted CSV with
        a header; text cells are neutralised against formula injection.
        """
        from .export_formats import (
            ACLED_COLUMNS,
            GDELT_COLUMNS,
            acled_row,
            gdelt_rows,
            write_acled_csv,
            write_gdelt_tsv,
        )

        if fmt not in ("jsonl", "csv", "parquet"):
            raise StoreError(f"unknown export format {fmt!r} (jsonl, csv, parquet)")
        layouts = {"gdelt": list(GDELT_COLUMNS), "acled": list(ACLED_COLUMNS)}
        if layout not in layouts:
            raise StoreError(f"unknown layout {layout!r} (gdelt, acled)")
        columns = layouts[layout]
        rows: list[dict[str, str]] = []
        for doc in self.iter_documents():
            if layout == "gdelt":
                rows.extend(dict(zip(columns, r)) for r in gdelt_rows(doc.events, doc.article))
            else:
                rows.extend(r for r in (acled_row(ev, doc.article) for ev in doc.events) if r)
        out = _export_folder(out_dir)
        target = out / f"events_{layout}.{'jsonl' if fmt == 'jsonl' else fmt}"
        if fmt == "csv":
            table = [[r.get(c, "") for c in columns] for r in rows]
            (write_gdelt_tsv if layout == "gdelt" else write_acled_csv)(target, table)
            return target
        cols_sql = ", ".join(f'"{c}" VARCHAR' for c in columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE export_rows ({cols_sql})")
        if rows:
            self.con.executemany(
                f"INSERT INTO export_rows VALUES ({', '.join('?' * len(columns))})",
                [[r.get(c, "") for c in columns] for r in rows],
            )
        opts = {"jsonl": "FORMAT json", "parquet": "FORMAT parquet"}[fmt]
        path_sql = str(target).replace("'", "''")
        self.con.execute(f"COPY export_rows TO '{path_sql}' ({opts})")
        self.con.execute("DROP TABLE export_rows")
        return target

    @_guarded("closing the database")
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            # The error on its way out says what went wrong; a second one
            # from closing would only hide it.
            self._close_quietly()


def _rows_for(docs: Sequence[AnalyzedDocument]) -> dict[str, tuple[str, list[list[Any]]]]:
    """Flatten analysed documents into per-table insert rows."""
    articles, analyses, entities, aliases = [], [], [], []
    mentions, roles, quotes, counts, times, events = [], [], [], [], [], []
    for d in docs:
        a: Article = d.article
        articles.append([
            d.id, d.source, a.url, a.site, a.title, a.subtitle, list(a.authors), a.published,
            a.published_precision, a.language, a.body, json.dumps(a.methods), list(a.flags),
            a.content_hash,
        ])
        analyses.append([d.id, json.dumps(d.to_dict(), ensure_ascii=False)])
        seen_spans: set[tuple[int, int]] = set()
        for e in d.entities:
            entities.append([e.id, e.name, e.type, e.country, e.latitude, e.longitude, e.feature])
            for alias in {e.name, *e.aliases}:
                aliases.append([e.id, alias])
            for m in e.mentions:
                if (m.start, m.end) in seen_spans:
                    continue  # a span listed under two entities keeps the first
                seen_spans.add((m.start, m.end))
                mentions.append([d.id, e.id, m.start, m.end, m.text, m.kind])
            for r in e.roles:
                roles.append([d.id, e.id, r.title, r.organization, r.country, r.start, r.end])
        for n, q in enumerate(d.quotes):
            quotes.append([
                d.id, n, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_text,
                q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end,
            ])
        for n, c in enumerate(d.counts):
            counts.append([
                d.id, n, c.start, c.end, c.text, c.value, c.value_max, c.qualifier, c.unit,
                c.action, c.category,
            ])
        for n, t in enumerate(d.times):
            times.append([d.id, n, t.start, t.end, t.text, t.type, t.value, t.granularity])
        for ev in d.events:
            act, tgt, loc = ev.actor, ev.target, ev.location
            first = ev.evidence[0] if ev.evidence else None
            events.append([
                d.id, ev.id, ev.type, ev.mode, list(ev.context), ev.trigger,
                act and act.text, act and act.entity_id, act and act.country, act and act.sector,
                tgt and tgt.text, tgt and tgt.entity_id, tgt and tgt.country, tgt and tgt.sector,
                loc and loc.text, loc and loc.entity_id, loc and loc.country,
                loc and loc.latitude, loc and loc.longitude,
                ev.date, ev.date_precision, ev.factuality, ev.reported_by, ev.cameo, ev.acled,
                first and first.trigger.start, first and first.trigger.end,
                first and first.sentence.start, first and first.sentence.end,
                json.dumps(ev.to_dict(), ensure_ascii=False),
            ])

    def sql(table: str, n: int, verb: str = "INSERT") -> str:
        return f"{verb} INTO {table} VALUES ({', '.join('?' * n)})"

    return {
        "articles": (
            "INSERT INTO articles (id, source, url, site, title, subtitle, authors, published, "
            "published_precision, language, body, methods, flags, content_hash) VALUES "
            f"({', '.join('?' * 14)})",
            articles,
        ),
        "analyses": (sql("analyses", 2), analyses),
        # Later documents may know more about an entity (a country, a place's
        # coordinates): fill what is missing, never overwrite what is known.
        "entities": (
            sql("entities", 7)
            + " ON CONFLICT (id) DO UPDATE SET"
            " country = coalesce(entities.country, excluded.country),"
            " latitude = coalesce(entities.latitude, excluded.latitude),"
            " longitude = coalesce(entities.longitude, excluded.longitude),"
            " feature = coalesce(entities.feature, excluded.feature)",
            entities,
        ),
        "entity_aliases": (sql("entity_aliases", 2, "INSERT OR IGNORE"), aliases),
        "mentions": (sql("mentions", 6), mentions),
        "roles": (sql("roles", 7), roles),
        "quotes": (sql("quotes", 13), quotes),
        "counts": (sql("counts", 11), counts),
        "times": (sql("times", 8), times),
        "events": (sql("events", 30), events),
    }
