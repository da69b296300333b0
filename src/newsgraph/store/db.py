"""The Store: opening (and migrating) a database, batched writes, reads and exports."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import duckdb

from ..errors import StoreBusyError, StoreError
from ..records import CONTENT_ID_MARK, AnalyzedDocument
from . import migrations
from .export import csv_safe_columns, export_folder
from .migrations import LATEST, MigrationError
from .schema import SCHEMA, TABLES, create_statements

MEMORY_LIMIT = "512MB"


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
        def inner(self: Store, *args: Any, **kwargs: Any) -> Any:
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
        with contextlib.suppress(duckdb.Error):
            self.con.close()

    def _rollback(self) -> None:
        """End a failed transaction; DuckDB may already have ended it (a COMMIT
        that failed), and that second error must not hide the first."""
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

    @_guarded("reading the database")
    def _check_schema(self) -> None:
        version = self.schema_version
        if version > LATEST:
            raise StoreError(
                f"database schema version {version} is newer than this newsgraph ({LATEST}); upgrade newsgraph",
                source=self.path,
            )

    # -- schema -----------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return migrations.version_of(self.con)

    @_guarded("opening the database")
    def migrate(self) -> int:
        """Bring the schema up to date; returns the version reached.

        A new database is created at the latest version from the table
        specs; an older one runs the migrations it has not seen yet.
        """
        migrations.ensure_version_table(self.con)
        current = self.schema_version
        if current > LATEST:
            raise StoreError(
                f"database schema version {current} is newer than this newsgraph ({LATEST}); upgrade newsgraph",
                source=self.path,
            )
        if current == 0:
            try:
                migrations.run_transaction(self.con, create_statements(), range(1, LATEST + 1))
            except duckdb.Error as exc:
                raise StoreError(f"creating the schema failed: {_cause(exc)}", source=self.path) from exc
            return LATEST
        try:
            migrations.migrate(self.con, current)
        except MigrationError as exc:
            raise StoreError(f"migration {exc.version} failed: {_cause(exc.cause)}", source=self.path) from exc
        return LATEST

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
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in SCHEMA:
                columns = table.values(fresh)
                if columns[0]:
                    self.con.execute(table.insert_sql(), columns)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            # A COMMIT that fails (disk full) ends the transaction itself:
            # the ROLLBACK's own "no transaction" error must not hide why.
            self._rollback()
            raise StoreError(f"write failed: {_cause(exc)}", source=self.path) from exc
        return WriteResult([d.id for d in fresh], duplicates, clashing)

    # -- reads ------------------------------------------------------------
    @_guarded("reading the database")
    def count(self, table: str = "articles") -> int:
        if table not in TABLES and table != "analyses":
            raise StoreError(f"no such table {table!r}", source=self.path)
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

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
        out = export_folder(out_dir)
        written = []
        for table in tables:
            target = out / f"{table}.{ext}"
            path_sql = str(target).replace("'", "''")
            select = csv_safe_columns(self.con, table) if fmt == "csv" else "*"
            self.con.execute(f"COPY (SELECT {select} FROM {table}) TO '{path_sql}' ({opts})")
            written.append(target)
        return written

    @_guarded("export")
    def export_events(self, out_dir: str | Path, fmt: str = "csv", layout: str = "gdelt") -> Path:
        """Write all events in another project's layout: ``gdelt`` (GDELT 2.0
        Events columns) or ``acled`` (ACLED-style event/sub-event types; only
        events with an ACLED label).

        As CSV, the GDELT layout is written as GDELT writes its files (tab
        separated, no header, no quoting), the ACLED one as quoted CSV with
        a header; text cells are neutralised against formula injection.
        """
        from .layouts import (
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
                rows.extend(dict(zip(columns, r, strict=True)) for r in gdelt_rows(doc.events, doc.article))
            else:
                rows.extend(r for r in (acled_row(ev, doc.article) for ev in doc.events) if r)
        out = export_folder(out_dir)
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            # The error on its way out says what went wrong; a second one
            # from closing would only hide it.
            self._close_quietly()
