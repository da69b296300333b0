"""The SQL of the Store's reads, as functions of a connection.

They raise nothing of their own: the ``Store`` checks its arguments, turns
an empty answer into a message naming the database, and maps DuckDB errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import duckdb

# Stored analyses are read a chunk at a time, so walking a large database
# (an events export) never holds all of it in memory.
CHUNK = 256


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


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in ``table``, a name the caller has checked (it is spliced into the SQL)."""
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def article_summaries(con: duckdb.DuckDBPyConnection, limit: int, offset: int) -> list[ArticleSummary]:
    rows = con.execute(
        """SELECT a.id, a.title, a.published, a.language, a.source,
                  (SELECT count(DISTINCT entity_id) FROM mentions m WHERE m.article_id = a.id),
                  (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),
                  (SELECT count(*) FROM events e WHERE e.article_id = a.id)
           FROM articles a ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?""",
        [limit, offset],
    ).fetchall()
    return [ArticleSummary(*r) for r in rows]


def ids_matching(con: duckdb.DuckDBPyConnection, prefix: str) -> list[str]:
    """``[prefix]`` when it is a stored id, else up to two ids it begins (two: ambiguous).

    An exact id wins, so an id that prefixes another ("a1", "a10") stays
    reachable; the prefix is matched literally (``%`` and ``_`` in ids are
    not wildcards).
    """
    if con.execute("SELECT 1 FROM articles WHERE id = ?", [prefix]).fetchone():
        return [prefix]
    rows = con.execute("SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [prefix]).fetchall()
    return [r[0] for r in rows]


def analysis_record(con: duckdb.DuckDBPyConnection, article_id: str) -> str | None:
    """The stored analysis of one article as JSON text, None when there is none."""
    row = con.execute("SELECT record FROM analyses WHERE article_id = ?", [article_id]).fetchone()
    return None if row is None else row[0]


def analysis_chunks(con: duckdb.DuckDBPyConnection) -> Iterator[list[str]]:
    """Every stored analysis as JSON text, by article id, a chunk at a time."""
    cur = con.execute("SELECT record FROM analyses ORDER BY article_id")
    while chunk := cur.fetchmany(CHUNK):
        yield [record for (record,) in chunk]
