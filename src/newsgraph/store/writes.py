"""The Store's write path: which documents of a batch are new, and one
transaction that inserts their rows into every table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import duckdb

from ..records import CONTENT_ID_MARK, AnalyzedDocument, CorpusChanges
from .connection import rollback
from .schema import CORPUS_SCHEMA, CORPUS_SOURCES, SCHEMA

# Given the documents a batch stores, what they change in the corpus tables.
CorpusUpdate = Callable[[Sequence[AnalyzedDocument]], CorpusChanges]


class WriteResult(NamedTuple):
    """What ``Store.write_batch`` did with a batch."""

    stored: list[str]
    duplicates: int
    conflicts: list[AnalyzedDocument]


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


def stored_hashes(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, str | None]:
    """The stored ids among ``ids``, each with its content hash (None when unknown)."""
    ids = list(ids)
    if not ids:
        return {}
    rows = con.execute("SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0]: r[1] for r in rows}


def split_batch(
    docs: Sequence[AnalyzedDocument], known: dict[str, str | None]
) -> tuple[list[AnalyzedDocument], int, list[AnalyzedDocument]]:
    """The documents to store, the number of duplicates, and the conflicts.

    ``known`` (the stored ids with their hashes) grows by each document
    kept, so a repeat inside the batch is judged against the first copy.
    """
    fresh: list[AnalyzedDocument] = []
    clashing: list[AnalyzedDocument] = []
    for d in docs:
        if d.id in known:
            if conflicts(known[d.id], d.article.content_hash):
                clashing.append(d)
            continue
        known[d.id] = d.article.content_hash
        fresh.append(d)
    return fresh, len(docs) - len(fresh) - len(clashing), clashing


def _insert_corpus(con: duckdb.DuckDBPyConnection, changes: CorpusChanges) -> None:
    for table in CORPUS_SCHEMA:
        columns = table.values(getattr(changes, CORPUS_SOURCES[table.name]))
        if columns[0]:
            con.execute(table.insert_sql(), columns)


def insert(
    con: duckdb.DuckDBPyConnection, fresh: Sequence[AnalyzedDocument], changes: CorpusChanges | None = None
) -> None:
    """Every table's rows of ``fresh``, and the corpus ``changes``, in one transaction: all stored, or none."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in SCHEMA:
            columns = table.values(fresh)
            if columns[0]:
                con.execute(table.insert_sql(), columns)
        if changes:
            _insert_corpus(con, changes)
        con.execute("COMMIT")
    except duckdb.Error:
        # A COMMIT that fails (disk full) ends the transaction itself: the
        # ROLLBACK's own "no transaction" error must not hide why, so the
        # caller reports the first error.
        rollback(con)
        raise


def write_batch(
    con: duckdb.DuckDBPyConnection,
    docs: Sequence[AnalyzedDocument],
    known: dict[str, str | None],
    corpus: CorpusUpdate | None = None,
) -> WriteResult:
    """Store the documents of ``docs`` whose ids are not in ``known`` (see ``Store.write_batch``)."""
    fresh, duplicates, clashing = split_batch(docs, known)
    if not fresh:
        return WriteResult([], duplicates, clashing)
    insert(con, fresh, corpus(fresh) if corpus is not None else None)
    return WriteResult([d.id for d in fresh], duplicates, clashing)


def write_corpus(con: duckdb.DuckDBPyConnection, changes: CorpusChanges) -> None:
    """The corpus ``changes`` alone, in one transaction (articles stored before the corpus layer existed)."""
    con.execute("BEGIN TRANSACTION")
    try:
        _insert_corpus(con, changes)
        con.execute("COMMIT")
    except duckdb.Error:
        rollback(con)
        raise


def replace_corpus(con: duckdb.DuckDBPyConnection, batches: Iterable[CorpusChanges]) -> None:
    """Empty every corpus table and write ``batches``, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in CORPUS_SCHEMA:
            con.execute(f"DELETE FROM {table.name}")
        for changes in batches:
            _insert_corpus(con, changes)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
