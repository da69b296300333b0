"""The Store's two exports: each table as stored, and all events in another
project's layout (GDELT or ACLED), with the target folder checked and CSV
cells a spreadsheet would run as formulas neutralised. The Store checks the
arguments first."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..records import AnalyzedDocument

# Format name -> (file extension, DuckDB COPY options).
TABLE_FORMATS = {
    "jsonl": ("jsonl", "FORMAT json"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "parquet": ("parquet", "FORMAT parquet"),
}
LAYOUTS = ("gdelt", "acled")


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
    con: duckdb.DuckDBPyConnection, docs: Iterable[AnalyzedDocument], out_dir: str | Path, fmt: str, layout: str
) -> Path:
    """Write the events of ``docs`` to ``out_dir/events_LAYOUT.EXT`` (see ``Store.export_events``)."""
    # The layouts pull in the gazetteer and the ontology; only this export
    # needs them, so opening a store does not import them.
    from .layouts import ACLED_COLUMNS, GDELT_COLUMNS, write_acled_csv, write_gdelt_tsv

    columns = list(GDELT_COLUMNS if layout == "gdelt" else ACLED_COLUMNS)
    rows = _layout_rows(docs, layout, columns)
    out = export_folder(out_dir)
    target = out / f"events_{layout}.{'jsonl' if fmt == 'jsonl' else fmt}"
    table = [[r.get(c, "") for c in columns] for r in rows]
    if fmt == "csv":
        (write_gdelt_tsv if layout == "gdelt" else write_acled_csv)(target, table)
    else:
        _copy_rows(con, target, columns, table, fmt)
    return target


def _layout_rows(docs: Iterable[AnalyzedDocument], layout: str, columns: list[str]) -> list[dict[str, str]]:
    """One dict per event row; an ACLED row exists only for an event with an ACLED label."""
    from .layouts import acled_row, gdelt_rows

    rows: list[dict[str, str]] = []
    for doc in docs:
        if layout == "gdelt":
            rows.extend(dict(zip(columns, r, strict=True)) for r in gdelt_rows(doc.events, doc.article))
        else:
            rows.extend(r for r in (acled_row(ev, doc.article) for ev in doc.events) if r)
    return rows


def _copy_rows(
    con: duckdb.DuckDBPyConnection, target: Path, columns: list[str], table: list[list[str]], fmt: str
) -> None:
    """Write ``table`` as JSON lines or Parquet through a temporary DuckDB table."""
    cols_sql = ", ".join(f'"{c}" VARCHAR' for c in columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE export_rows ({cols_sql})")
    if table:
        con.executemany(f"INSERT INTO export_rows VALUES ({', '.join('?' * len(columns))})", table)
    opts = {"jsonl": "FORMAT json", "parquet": "FORMAT parquet"}[fmt]
    con.execute(f"COPY export_rows TO '{_sql_path(target)}' ({opts})")
    con.execute("DROP TABLE export_rows")


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
