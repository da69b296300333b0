"""The embedded store: DuckDB, a versioned schema, batched transactional writes.

Idempotence is by content: a document's id is the hash of its raw bytes, the
``articles`` table's primary key. A batch of documents is written in one
transaction, so a run killed at any point leaves every batch either fully
stored or absent; running again skips what is stored and writes the rest.

``schema`` describes every table once (DDL and INSERTs are generated from
it), ``migrations`` brings databases of older versions up to it, ``db``
holds the ``Store``: a thin facade over ``connection`` (opening, closing,
and mapping DuckDB errors to ``StoreError``), ``writes`` (the batch
transaction), ``queries``, ``corpus_queries`` and ``explore_queries`` (the
SQL of reads: articles, the corpus layer, the explorer's lists, series and
facets), ``search`` (the full-text index beside the database, derived data
the store keeps in step with each batch) and ``export``.
"""

from .connection import MEMORY_LIMIT
from .db import MAX_LIMIT, Store
from .migrations import LATEST, MIGRATIONS
from .queries import ArticleSummary
from .schema import SCHEMA, TABLES, Column, Table
from .writes import WriteResult, conflict_message, conflicts

__all__ = [
    "LATEST",
    "MAX_LIMIT",
    "MEMORY_LIMIT",
    "MIGRATIONS",
    "SCHEMA",
    "TABLES",
    "ArticleSummary",
    "Column",
    "Store",
    "Table",
    "WriteResult",
    "conflict_message",
    "conflicts",
]
