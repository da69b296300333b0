"""The Store's two exports: each table as stored, and the corpus events in
another project's layout (GDELT Events or Mentions, ACLED), with the target
folder checked and CSV cells a spreadsheet would run as formulas neutralised.
The Store checks the arguments first."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import StoreError
from ..records import AnalyzedDocument, CorpusEvent, EventReport, Participant
from . import corpus_queries

if TYPE_CHECKING:
    from .layouts import ExportedEvent

# Format name -> (file extension, DuckDB COPY options).
TABLE_FORMATS = {
    "jsonl": ("jsonl", "FORMAT json"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "parquet": ("parquet", "FORMAT parquet"),
}
LAYOUTS = ("gdelt", "gdelt-mentions", "acled")
# The file each layout writes (before its extension).
LAYOUT_FILES = {"gdelt": "events_gdelt", "gdelt-mentions": "mentions_gdelt", "acled": "events_acled"}
# Rows ``write_rows`` inserts at a time (bounded memory, one statement per chunk).
ROWS_CHUNK = 2000


def _sql_path(target: Path) -> str:
    # COPY takes the path as a string literal, not a parameter.
    return str(target).replace("'", "''")


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str, tables: Sequence[str]) -> list[Path]:
    """Write each of ``tables`` to ``out_dir/TABLE.EXT``; CSV text cells are neutralised."""
    ext, opts = TABLE_FORMATS[fmt]
    out = export_folder(out_dir)
    written = []
    for table in tables:
        target = out / f"{table}.{ext}"
        select = csv_safe_columns(con, table) if fmt == "csv" else "*"
        con.execute(f"COPY (SELECT {select} FROM {table}) TO '{_sql_path(target)}' ({opts})")
        written.append(target)
    return written


def export_events(
    con: duckdb.DuckDBPyConnection,
    unplaced: Iterable[AnalyzedDocument],
    out_dir: str | Path,
    fmt: str,
    layout: str,
    *,
    corpus: bool = True,
) -> Path:
    """Write the corpus events (none when not ``corpus``: the database has no
    corpus tables), then the events of the ``unplaced`` articles (those the
    corpus layer has not placed), to ``out_dir/FILE.EXT`` in ``layout`` (see
    ``Store.export_events``)."""
    # The layouts pull in the gazetteer and the ontology; only this export
    # needs them, so opening a store does not import them.
    from .layouts import write_acled_csv, write_gdelt_tsv

    columns, rows = event_rows(con, layout, unplaced, corpus=corpus)
    table = list(rows)
    out = export_folder(out_dir)
    target = out / f"{LAYOUT_FILES[layout]}.{fmt}"
    if fmt == "csv":
        (write_acled_csv if layout == "acled" else write_gdelt_tsv)(target, table)
    else:
        write_rows(con, target, columns, table, fmt)
    return target


def event_rows(
    con: duckdb.DuckDBPyConnection,
    layout: str,
    unplaced: Iterable[AnalyzedDocument],
    *,
    corpus: bool = True,
    ids: Sequence[str] | None = None,
) -> tuple[list[str], Iterator[list[str]]]:
    """The columns of ``layout`` and its rows, made as they are read: the corpus events
    (only ``ids`` when given; none when not ``corpus``), then the events of the
    ``unplaced`` articles. Cells are the layout's values as they are (an ACLED
    cell missing from its row is empty), not yet escaped for any file format."""
    from .layouts import (
        ACLED_COLUMNS,
        GDELT_COLUMNS,
        GDELT_MENTION_COLUMNS,
        acled_row,
        article_events,
        gdelt_mention_rows,
        gdelt_row,
        happened,
    )

    columns = {"gdelt": GDELT_COLUMNS, "gdelt-mentions": GDELT_MENTION_COLUMNS, "acled": ACLED_COLUMNS}[layout]

    def everything() -> Iterator[ExportedEvent]:
        if corpus:
            yield from corpus_events(con, ids)
        for doc in unplaced:
            yield from article_events(doc)

    def rows() -> Iterator[list[str]]:
        for exported in everything():
            if layout == "acled":
                row = acled_row(exported)
                if row:
                    yield [row.get(c, "") for c in columns]
            elif happened(exported):
                yield from [gdelt_row(exported)] if layout == "gdelt" else gdelt_mention_rows(exported)

    return list(columns), rows()


def table_rows(con: duckdb.DuckDBPyConnection, table: str, chunk: int = 1000) -> tuple[list[str], Iterator[list[Any]]]:
    """The columns of a stored ``table`` (a name the caller checked) and its rows, read
    ``chunk`` at a time in storing order. JSON columns come as their text."""
    names = [
        n
        for (n,) in con.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]

    def rows() -> Iterator[list[Any]]:
        result = con.execute(f"SELECT * FROM {table} ORDER BY rowid")
        while batch := result.fetchmany(chunk):
            yield from (list(r) for r in batch)

    return names, rows()


def corpus_events(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> Iterator[ExportedEvent]:
    """Every stored corpus event (or those of ``ids``) with its reports, as the layouts take them."""
    from .layouts import ExportedEvent, Telling, sentence_number

    report_fields = corpus_queries.REPORT_FIELDS
    for chunk, bodies in corpus_queries.export_chunks(con, ids):
        for e in chunk:
            tellings = []
            for r in e["reports"]:
                body = bodies.get(r["article_id"])
                start, end = r["sentence_start"], r["sentence_end"]
                sentence = body[start:end] if body is not None and start is not None else None
                tellings.append(
                    Telling(
                        EventReport(event_id=e["id"], **{f: r[f] for f in report_fields}),
                        url=r["url"],
                        body_length=r["body_length"],
                        sentence_id=sentence_number(body, start) if body is not None and start is not None else None,
                        sentence=sentence,
                        actor_start=r["actor_start"],
                        target_start=r["target_start"],
                    )
                )
            yield ExportedEvent(
                CorpusEvent.from_dict(e),
                tellings,
                _participant(e["actor_text"], e["reports"], "actor"),
                _participant(e["target_text"], e["reports"], "target"),
                e["count_categories"],
            )


def _participant(text: str | None, reports: list[dict[str, Any]], role: str) -> Participant | None:
    """The event's actor or target: its text, with the country and sector of the first report that gives them."""
    country = next((r[f"{role}_country"] for r in reports if r[f"{role}_country"]), None)
    sector = next((r[f"{role}_sector"] for r in reports if r[f"{role}_sector"]), None)
    if text is None and country is None and sector is None:
        return None
    return Participant(text or "", country=country, sector=sector)


def write_rows(
    con: duckdb.DuckDBPyConnection, target: Path, columns: list[str], rows: Iterable[list[Any]], fmt: str = "parquet"
) -> Path:
    """Write ``rows`` (cells as text) to ``target`` as Parquet or JSON lines (``fmt``): a
    chunk at a time into a temporary table of this connection, as bound list parameters
    (the data never becomes SQL text; one statement a chunk, where ``executemany`` took
    one a row), then one COPY."""
    name = "export_" + uuid.uuid4().hex
    cols_sql = ", ".join('"' + c.replace('"', '""') + '" VARCHAR' for c in columns)
    unnest = ", ".join(f"unnest(${i + 1}::VARCHAR[])" for i in range(len(columns)))
    con.execute(f"CREATE TEMP TABLE {name} ({cols_sql})")
    try:
        it = iter(rows)
        while chunk := list(itertools.islice(it, ROWS_CHUNK)):
            cells = [[None if r[i] is None else str(r[i]) for r in chunk] for i in range(len(columns))]
            con.execute(f"INSERT INTO {name} SELECT {unnest}", cells)
        opts = {"jsonl": "FORMAT json", "parquet": "FORMAT parquet"}[fmt]
        con.execute(f"COPY {name} TO '{_sql_path(target)}' ({opts})")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {name}")
    return target


def table_parquet(con: duckdb.DuckDBPyConnection, target: Path, table: str) -> Path:
    """Write the stored ``table`` (a name the caller checked) to the Parquet file ``target``, its types kept."""
    con.execute(f"COPY (SELECT * FROM {table} ORDER BY rowid) TO '{_sql_path(target)}' (FORMAT parquet)")
    return target


def export_folder(out_dir: str | Path) -> Path:
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


def csv_safe_columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The select list of ``table`` with each text column neutralised as ``csv_safe`` does."""
    from .layouts import CSV_FORMULA_STARTS, CSV_NUMBER

    starts = ", ".join(f"chr({ord(ch)})" for ch in CSV_FORMULA_STARTS)
    number = CSV_NUMBER.pattern.replace("'", "''")
    cols = con.execute(
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
