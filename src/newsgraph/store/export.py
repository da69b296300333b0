"""Helpers of the table exports: the target folder, and CSV cells a spreadsheet would run as formulas."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from ..errors import StoreError


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
