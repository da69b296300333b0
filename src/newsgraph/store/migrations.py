"""The history of released schemas: how a database made by an older newsgraph is brought up to date.

A new database is created from the table specs in ``schema`` directly, as
the latest version; a test checks that running every migration here gives
exactly that schema. Each migration is applied once, in order, in its own
transaction; the ``schema_version`` table remembers how far a database has
come. Never edit a released migration: append a new one (and change the
table spec to match).
"""

from __future__ import annotations

import contextlib

import duckdb

from ..records import CONTENT_ID_MARK

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
    # 5: the corpus layer (syndication groups, stories, corpus events with
    # their reports, corpus entities with their members). Stored articles get
    # their corpus rows on the next ingest or `newsgraph corpus rebuild`.
    [
        """CREATE TABLE corpus_articles ("article_id" VARCHAR PRIMARY KEY, "seq" INTEGER, "site" VARCHAR,
            "published" VARCHAR, "syndication_group" VARCHAR, "original" VARCHAR,
            "independent_source" VARCHAR, "story_id" VARCHAR)""",
        """CREATE TABLE syndication_groups ("id" VARCHAR PRIMARY KEY, "original" VARCHAR,
            "num_articles" INTEGER, "num_sites" INTEGER)""",
        """CREATE TABLE stories ("id" VARCHAR PRIMARY KEY, "title" VARCHAR, "first_seen" VARCHAR,
            "last_seen" VARCHAR, "num_articles" INTEGER, "num_sites" INTEGER, "num_sources" INTEGER,
            "entities" VARCHAR[], "places" VARCHAR[])""",
        """CREATE TABLE corpus_events ("id" VARCHAR PRIMARY KEY, "story_id" VARCHAR, "type" VARCHAR,
            "mode" VARCHAR, "trigger" VARCHAR, "actor" VARCHAR, "actor_text" VARCHAR, "target" VARCHAR,
            "target_text" VARCHAR, "place" VARCHAR, "country" VARCHAR, "latitude" DOUBLE, "longitude" DOUBLE,
            "date" VARCHAR, "date_precision" VARCHAR, "factuality" VARCHAR, "num_mentions" INTEGER,
            "num_articles" INTEGER, "num_sources" INTEGER, "first_reported" VARCHAR, "last_reported" VARCHAR,
            "cameo" VARCHAR, "acled" VARCHAR, "counts" JSON, "disagreements" JSON)""",
        """CREATE TABLE event_reports ("event_id" VARCHAR, "article_id" VARCHAR, "article_event_id" VARCHAR,
            "n" INTEGER, "trigger_start" INTEGER, "trigger_end" INTEGER, "sentence_start" INTEGER,
            "sentence_end" INTEGER, "source" VARCHAR, "independent_source" VARCHAR, "factuality" VARCHAR,
            "date" VARCHAR, "place" VARCHAR, "reported" VARCHAR)""",
        """CREATE TABLE corpus_entities ("id" VARCHAR PRIMARY KEY, "name" VARCHAR, "type" VARCHAR,
            "country" VARCHAR, "aliases" VARCHAR[], "num_mentions" INTEGER, "num_articles" INTEGER,
            "first_seen" VARCHAR, "last_seen" VARCHAR)""",
        """CREATE TABLE entity_members ("corpus_entity_id" VARCHAR, "article_id" VARCHAR, "entity_id" VARCHAR)""",
    ],
]

# The version a database has once every migration ran: the one the table
# specs describe.
LATEST = len(MIGRATIONS)


class MigrationError(Exception):
    """A migration failed; ``version`` names it, ``__cause__`` says why."""

    def __init__(self, version: int, cause: duckdb.Error) -> None:
        super().__init__(version)
        self.version = version
        self.cause = cause


def ensure_version_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")


def version_of(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a database has reached (0: none yet)."""
    # An aggregate query always returns one row.
    (exists,) = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0]
    if not exists:
        return 0
    (version,) = con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(version or 0)


def run_transaction(con: duckdb.DuckDBPyConnection, statements: list[str], versions: range) -> None:
    """Run ``statements`` and record ``versions`` as reached, all in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for sql in statements:
            con.execute(sql)
        for version in versions:
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
        con.execute("COMMIT")
    except duckdb.Error:
        # DuckDB may already have ended the transaction (a COMMIT that
        # failed); that second error must not hide the first.
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def migrate(con: duckdb.DuckDBPyConnection, current: int, upto: int = LATEST) -> None:
    """Apply the migrations after ``current`` up to ``upto``, each in its own transaction."""
    for version in range(current + 1, upto + 1):
        try:
            run_transaction(con, MIGRATIONS[version - 1], range(version, version + 1))
        except duckdb.Error as exc:
            raise MigrationError(version, exc) from exc
