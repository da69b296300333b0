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


# Which analyses, in which order (see ``Store.iter_documents``). DuckDB's
# rowid of a table that never has rows deleted is the order they were stored.
ANALYSIS_ORDERS = {
    "id": "SELECT article_id FROM analyses ORDER BY article_id",
    "stored": "SELECT article_id FROM analyses ORDER BY rowid",
    "placed": "SELECT article_id FROM corpus_articles ORDER BY seq",
    "unplaced": (
        "SELECT a.article_id FROM analyses a ANTI JOIN corpus_articles c ON a.article_id = c.article_id"
        " ORDER BY a.rowid"
    ),
    # The corpus layer's arrival order: the placed articles, then the others as stored.
    "corpus": (
        "SELECT a.article_id FROM analyses a LEFT JOIN corpus_articles c ON a.article_id = c.article_id"
        " ORDER BY c.seq NULLS LAST, a.rowid"
    ),
}


def ordered_ids(con: duckdb.DuckDBPyConnection, order: str) -> list[str]:
    """The ids of the stored analyses in ``order`` (a key of ``ANALYSIS_ORDERS``)."""
    return [i for (i,) in con.execute(ANALYSIS_ORDERS[order]).fetchall()]


def analysis_chunks(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Iterator[list[str]]:
    """The stored analyses of ``ids`` as JSON text, in that order, a chunk at a time
    (an id with no analysis is left out). The caller may write between chunks."""
    for at in range(0, len(ids), CHUNK):
        part = ids[at : at + CHUNK]
        rows = dict(
            con.execute(
                "SELECT article_id, record FROM analyses WHERE article_id IN (SELECT unnest(?))", [part]
            ).fetchall()
        )
        yield [rows[i] for i in part if i in rows]


def placed_ids(con: duckdb.DuckDBPyConnection, from_seq: int) -> list[str]:
    """The ids the corpus layer placed at ``from_seq`` or later, in arrival order."""
    rows = con.execute("SELECT article_id FROM corpus_articles WHERE seq >= ? ORDER BY seq", [from_seq]).fetchall()
    return [i for (i,) in rows]


def placed_at(con: duckdb.DuckDBPyConnection, seq: int) -> str | None:
    """The id of the article the corpus layer placed at ``seq``, None when there is none."""
    row = con.execute("SELECT article_id FROM corpus_articles WHERE seq = ?", [seq]).fetchone()
    return None if row is None else row[0]


def corpus_seq(con: duckdb.DuckDBPyConnection) -> int:
    """One more than the highest arrival number in ``corpus_articles`` (0 when empty)."""
    (value,) = con.execute("SELECT coalesce(max(seq) + 1, 0) FROM corpus_articles").fetchall()[0]
    return int(value)
