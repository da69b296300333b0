"""One schema: the table specs give exactly the migrated schema, and the README's
output contract matches the records."""

import re
from pathlib import Path
from typing import Literal, get_args, get_origin

import duckdb
import pytest

from newsgraph.records import (
    OUTPUT_KEYS,
    AnalyzedDocument,
    Article,
    Count,
    Entity,
    Event,
    Flag,
    Quote,
    Record,
    TimeExpression,
    field_types,
)
from newsgraph.store import LATEST, MIGRATIONS, SCHEMA, TABLES, Store, migrations
from newsgraph.store.schema import sql_type_of

from ..conftest import README

# What describes a database's schema, as DuckDB reports it.
SCHEMA_QUERIES = {
    "columns": "SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default"
    " FROM information_schema.columns WHERE table_schema = 'main' ORDER BY ALL",
    "constraints": "SELECT table_name, constraint_type, constraint_text, list_sort(constraint_column_names)"
    " FROM duckdb_constraints() WHERE schema_name = 'main' ORDER BY ALL",
    "tables": "SELECT table_name, has_primary_key, column_count, sql FROM duckdb_tables()"
    " WHERE schema_name = 'main' ORDER BY ALL",
    "indexes": "SELECT table_name, index_name, sql FROM duckdb_indexes() ORDER BY ALL",
    "versions": "SELECT version FROM schema_version ORDER BY ALL",
}


def describe(path: Path) -> dict[str, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in SCHEMA_QUERIES.items()}
    finally:
        con.close()


def migrated(path: Path) -> Path:
    con = duckdb.connect(str(path))
    migrations.ensure_version_table(con)
    migrations.migrate(con, 0)
    con.close()
    return path


def test_a_new_database_has_exactly_the_schema_the_migrations_leave(tmp_path):
    Store(tmp_path / "new.duckdb").close()
    made = describe(tmp_path / "new.duckdb")
    assert made == describe(migrated(tmp_path / "old.duckdb"))
    assert made["versions"] == [(v,) for v in range(1, len(MIGRATIONS) + 1)]
    assert {t for t, *_ in made["tables"]} == {*TABLES, "analyses", "schema_version"}


def test_a_spec_that_drifts_from_the_migrations_is_caught(tmp_path, monkeypatch):
    import newsgraph.store.schema as schema

    # a record field added without a migration
    quotes = schema.QUOTES
    extra = schema.Column("speaker_country", "quote.speaker", "VARCHAR")
    monkeypatch.setattr(
        schema,
        "SCHEMA",
        tuple(schema.Table(t.name, t.scope, (*t.columns, extra), t.rows) if t is quotes else t for t in schema.SCHEMA),
    )
    monkeypatch.setattr(schema, "create_statements", lambda: [t.ddl() for t in schema.SCHEMA])
    import newsgraph.store.connection as connection

    monkeypatch.setattr(connection, "create_statements", schema.create_statements)
    Store(tmp_path / "new.duckdb").close()
    assert describe(tmp_path / "new.duckdb") != describe(migrated(tmp_path / "old.duckdb"))


def test_inserts_name_every_column_they_fill():
    for table in SCHEMA:
        sql = table.insert_sql()
        assert " VALUES " not in sql
        listed = re.search(r"INTO \w+ \(([^)]*)\)", sql).group(1)
        assert listed == ", ".join(f'"{c.name}"' for c in table.written)
    # only the ingest time is left to its default
    assert [(t.name, c.name) for t in SCHEMA for c in t.columns if c.source is None] == [("articles", "ingested_at")]


def test_column_types_follow_the_record_fields():
    assert sql_type_of(field_types(Quote)["speaker_start"]) == "INTEGER"
    assert sql_type_of(field_types(Count)["value"]) == "DOUBLE"
    assert sql_type_of(field_types(Article)["authors"]) == "VARCHAR[]"
    assert sql_type_of(field_types(Article)["flags"]) == "VARCHAR[]"  # list of a Literal
    assert sql_type_of(field_types(Article)["methods"]) == "JSON"
    assert sql_type_of(field_types(Event)["factuality"]) == "VARCHAR"
    with pytest.raises(TypeError):
        sql_type_of(field_types(Event)["actor"])  # a record needs flattening, not a column


def test_the_schema_version_is_the_migrations_count():
    assert len(MIGRATIONS) == LATEST


# -- the README's output contract --------------------------------------------


def contract_rows() -> dict[str, tuple[list[str], str]]:
    """The README table of ``analyze --format jsonl``: each key (a row may name two) -> (row keys, row text)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Output contract (`analyze --format jsonl`)", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[list[str], str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        keys = re.findall(r"`([^`]+)`", cells[0])
        for key in keys:
            assert key not in rows, f"README lists {key!r} twice"
            rows[key] = (keys, " | ".join(cells[1:]))
    return rows


def test_readme_contract_keys_are_the_serialised_keys():
    rows = contract_rows()
    assert set(rows) == set(OUTPUT_KEYS)
    out = AnalyzedDocument(id="d", source="s", article=Article(id="d", source="s", body="b")).to_output()
    assert list(out) == list(OUTPUT_KEYS)


def _record_fields(record: type, skip: set[type]) -> set[str]:
    """Field names of ``record`` and of the records nested in it (not those in ``skip``)."""
    names = set()
    for name, hint in field_types(record).items():
        names.add(name)
        for inner in _types_in(hint):
            if isinstance(inner, type) and issubclass(inner, Record) and inner not in skip:
                names |= _record_fields(inner, skip | {record})
    return names


def _types_in(hint) -> list:
    args = get_args(hint)
    return [hint, *(t for a in args for t in _types_in(a))] if args and get_origin(hint) is not Literal else [hint]


def _vocabularies(record: type) -> dict[str, tuple[str, ...]]:
    return {
        name: get_args(inner)
        for name, hint in field_types(record).items()
        for inner in _types_in(hint)
        if get_origin(inner) is Literal
    }


LISTED = {"entities": Entity, "quotes": Quote, "counts": Count, "times": TimeExpression, "events": Event}


@pytest.mark.parametrize("key", sorted(LISTED))
def test_readme_names_every_field_and_value_of_the_listed_records(key):
    record = LISTED[key]
    _, text = contract_rows()[key]
    named = set(re.findall(r"`([^`]+)`", text))
    missing = _record_fields(record, skip=set(LISTED.values()) - {record}) - named
    assert not missing, f"README's {key} row does not name {sorted(missing)}"
    words = set(re.findall(r"[\w-]+", text))
    for field, values in _vocabularies(record).items():
        assert set(values) <= words, f"README's {key} row lacks values of {field}: {set(values) - words}"


def test_readme_documents_the_article_vocabularies():
    rows = contract_rows()
    for field, values in _vocabularies(Article).items():
        _, text = rows[field]
        words = set(re.findall(r"[\w-]+", text))
        assert set(values) <= words, f"README's {field} row lacks {set(values) - words}"
    # and names no flag the code does not set
    flags_named = set(re.findall(r"`([^`]+)`", rows["flags"][1]))
    assert flags_named == set(get_args(Flag))


def test_alias_rows_come_in_one_order_every_run():
    from newsgraph.records import AnalyzedDocument, Article, Entity

    entity = Entity(id="ent_x", name="Orla Vantes", type="PERSON", aliases=["Vantes", "O. Vantes", "Orla Vantes"])
    doc = AnalyzedDocument(id="d", source="s", article=Article(id="d", source="s", body="x"), entities=[entity])
    table = next(t for t in SCHEMA if t.name == "entity_aliases")
    assert table.values([doc])[1] == ["Orla Vantes", "Vantes", "O. Vantes"]
