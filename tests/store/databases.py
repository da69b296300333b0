"""Databases as older newsgraph versions left them, for the store tests."""

from __future__ import annotations

from pathlib import Path

import duckdb

from newsgraph.store import migrations


def at_version(path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A database as newsgraph left it at schema ``version`` (the released migrations up to it), open."""
    con = duckdb.connect(str(path))
    migrations.ensure_version_table(con)
    migrations.migrate(con, 0, version)
    return con
