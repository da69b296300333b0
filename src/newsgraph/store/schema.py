"""The stored tables, each described once: its columns, where each column's value comes from, its keys.

A table spec names, for every column, the record field that feeds it (a
dotted path from the row's scope, e.g. ``event.actor.text``). The column's
SQL type follows from that field's type hint in ``newsgraph.records``, so a
record and its table cannot drift apart unnoticed: the DDL of a new database
and the named-column INSERTs are both generated here. ``migrations`` keeps
the history that brings older databases to the same schema (a test compares
the two).
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

from ..records import (
    AnalyzedDocument,
    Article,
    CorpusArticle,
    CorpusEntity,
    CorpusEvent,
    CorpusStory,
    Count,
    Entity,
    EntityMember,
    Event,
    EventReport,
    Evidence,
    Mention,
    Quote,
    Role,
    SyndicationGroup,
    TimeExpression,
    field_types,
)

# A row's scope: the names a column's ``source`` path starts from.
Scope = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    # Dotted path from the row's scope to the value (``quote.speaker_start``);
    # None: newsgraph never writes the column, its DEFAULT fills it.
    source: str | None
    # SQL type; empty: derived from the source field's type hint.
    sql_type: str = ""
    not_null: bool = False
    default: str | None = None
    # How the value is stored when the field's Python value is not what the
    # column holds (a dict as JSON text).
    encode: Callable[[Any], Any] | None = None
    # On a repeated key, a later row fills this column where it is NULL
    # (never overwrites what is known).
    fill: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    # Record type behind each scope name, for deriving column types.
    scope: dict[str, Any]
    columns: tuple[Column, ...]
    # The row scopes of one item (an analysed document, or a corpus record), one per row.
    rows: Callable[[Any], Iterator[Scope]]
    primary_key: tuple[str, ...] = ()
    # A row whose key is already stored is skipped, not an error.
    ignore_repeats: bool = False
    # A row whose key is already stored replaces it (a corpus record's current state).
    replace: bool = False
    exported: bool = True
    _paths: tuple[tuple[str, ...] | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_paths", tuple(tuple(c.source.split(".")) if c.source else None for c in self.columns)
        )

    @property
    def written(self) -> tuple[Column, ...]:
        """The columns an INSERT fills (those without a source keep their DEFAULT)."""
        return tuple(c for c in self.columns if c.source is not None)

    def sql_type(self, column: Column) -> str:
        if column.sql_type:
            return column.sql_type
        if column.source is None:
            raise ValueError(f"{self.name}.{column.name}: a column without a source needs a SQL type")
        head, *rest = column.source.split(".")
        hint = self.scope[head]
        for name in rest:
            hint = field_types(_record_type(hint))[name]
        return sql_type_of(hint)

    def ddl(self) -> str:
        # A one-column key is declared on its column, as the released
        # migrations did: DuckDB keeps the statement, and the two must agree.
        inline_key = self.primary_key[0] if len(self.primary_key) == 1 else None
        parts = []
        for c in self.columns:
            part = f"{_quote(c.name)} {self.sql_type(c)}"
            if c.name == inline_key:
                part += " PRIMARY KEY"
            if c.not_null:
                part += " NOT NULL"
            if c.default is not None:
                part += f" DEFAULT {c.default}"
            parts.append(part)
        if len(self.primary_key) > 1:
            parts.append(f"PRIMARY KEY ({', '.join(map(_quote, self.primary_key))})")
        return f"CREATE TABLE {self.name} ({', '.join(parts)})"

    def insert_sql(self) -> str:
        """One INSERT for a whole batch: each column's values arrive as one list, unnested side by side.

        DuckDB's executemany runs one statement per row (seconds for a batch
        of articles); passing each column as a list inserts the batch at once.
        """
        written = self.written
        names = ", ".join(_quote(c.name) for c in written)
        select = ", ".join(f"unnest(${i + 1})" for i in range(len(written)))
        verb = "INSERT OR IGNORE" if self.ignore_repeats else "INSERT OR REPLACE" if self.replace else "INSERT"
        sql = f"{verb} INTO {self.name} ({names}) SELECT {select}"
        filled = [c.name for c in written if c.fill]
        if filled:
            keys = ", ".join(map(_quote, self.primary_key))
            sets = ", ".join(f"{_quote(n)} = coalesce({self.name}.{_quote(n)}, excluded.{_quote(n)})" for n in filled)
            sql += f" ON CONFLICT ({keys}) DO UPDATE SET {sets}"
        return sql

    def values(self, items: Sequence[Any]) -> list[list[Any]]:
        """The written columns' values for ``items``, one list per column."""
        written = [(c, path) for c, path in zip(self.columns, self._paths, strict=True) if path is not None]
        out: list[list[Any]] = [[] for _ in written]
        for item in items:
            for scope in self.rows(item):
                for column_values, (column, path) in zip(out, written, strict=True):
                    value = _resolve(scope, path)
                    if column.encode is not None:
                        value = column.encode(value)
                    column_values.append(value)
        return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _resolve(scope: Scope, path: tuple[str, ...]) -> Any:
    value = scope[path[0]]
    for name in path[1:]:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def _optional_inner(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return options[0]
    return hint


def _record_type(hint: Any) -> type:
    inner = _optional_inner(hint)
    if not isinstance(inner, type):
        raise TypeError(f"{hint!r} is not a record type")
    return inner


_SQL_TYPES = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", dict: "JSON"}


def sql_type_of(hint: Any) -> str:
    """The DuckDB column type for a record field's type hint."""
    hint = _optional_inner(hint)
    origin = get_origin(hint)
    if origin is Literal:
        kinds = {type(v) for v in get_args(hint)}
        if len(kinds) == 1:
            return _SQL_TYPES[kinds.pop()]
    if origin is list:
        (item,) = get_args(hint)
        return f"{sql_type_of(item)}[]"
    if origin is dict:
        return "JSON"
    if hint in _SQL_TYPES:
        return _SQL_TYPES[hint]
    raise TypeError(f"no column type for {hint!r}")


def _record_fields(prefix: str, record: type, *, skip: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """A column per field of ``record``, in field order, named as the field."""
    return tuple(Column(name, f"{prefix}.{name}") for name in field_types(record) if name not in skip)


def _json_ascii(value: Any) -> str:
    return json.dumps(value)


def _json_text(record: Any) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False)


# -- row scopes ---------------------------------------------------------------


def _article_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    yield {"doc": d, "article": d.article}


def _analysis_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    yield {"doc": d}


def _entity_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    for e in d.entities:
        yield {"entity": e}


def _alias_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    for e in d.entities:
        for alias in dict.fromkeys([e.name, *e.aliases]):  # first seen first, so exports keep one order
            yield {"entity": e, "alias": alias}


def _mention_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    seen_spans: set[tuple[int, int]] = set()
    for e in d.entities:
        for m in e.mentions:
            if (m.start, m.end) in seen_spans:
                continue  # a span listed under two entities keeps the first
            seen_spans.add((m.start, m.end))
            yield {"doc": d, "entity": e, "mention": m}


def _role_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    for e in d.entities:
        for r in e.roles:
            yield {"doc": d, "entity": e, "role": r}


def _numbered(name: str, attribute: str) -> Callable[[AnalyzedDocument], Iterator[Scope]]:
    def rows(d: AnalyzedDocument) -> Iterator[Scope]:
        for n, item in enumerate(getattr(d, attribute)):
            yield {"doc": d, "n": n, name: item}

    return rows


def _event_rows(d: AnalyzedDocument) -> Iterator[Scope]:
    for ev in d.events:
        # The first telling's spans stand for the event in the flat table.
        yield {"doc": d, "event": ev, "evidence": ev.evidence[0] if ev.evidence else None}


_DOC = {"doc": AnalyzedDocument}

ARTICLES = Table(
    "articles",
    {**_DOC, "article": Article},
    (
        Column("id", "doc.id"),
        Column("source", "doc.source", not_null=True),
        *(
            Column(name, f"article.{name}")
            for name in ("url", "site", "title", "subtitle", "authors", "published", "published_precision", "language")
        ),
        Column("body", "article.body", not_null=True),
        Column("methods", "article.methods", encode=_json_ascii),
        Column("flags", "article.flags"),
        Column("ingested_at", None, "TIMESTAMP", default="current_timestamp"),
        Column("content_hash", "article.content_hash"),
    ),
    _article_rows,
    primary_key=("id",),
)

ENTITIES = Table(
    "entities",
    {"entity": Entity},
    (
        Column("id", "entity.id"),
        Column("name", "entity.name", not_null=True),
        Column("type", "entity.type", not_null=True),
        # Later documents may know more about an entity (a country, a
        # place's coordinates).
        *(Column(name, f"entity.{name}", fill=True) for name in ("country", "latitude", "longitude", "feature")),
    ),
    _entity_rows,
    primary_key=("id",),
)

ENTITY_ALIASES = Table(
    "entity_aliases",
    {"entity": Entity, "alias": str},
    (Column("entity_id", "entity.id", not_null=True), Column("alias", "alias", not_null=True)),
    _alias_rows,
    primary_key=("entity_id", "alias"),
    ignore_repeats=True,
)

# The per-article tables carry no keys (schema 2): a document's rows are
# written in one transaction after its id was checked.
MENTIONS = Table(
    "mentions",
    {**_DOC, "entity": Entity, "mention": Mention},
    (
        Column("article_id", "doc.id"),
        Column("entity_id", "entity.id"),
        *_record_fields("mention", Mention, skip=("entity_id",)),
    ),
    _mention_rows,
)

ROLES = Table(
    "roles",
    {**_DOC, "entity": Entity, "role": Role},
    (
        Column("article_id", "doc.id", not_null=True),
        Column("entity_id", "entity.id", not_null=True),
        *_record_fields("role", Role),
    ),
    _role_rows,
)

QUOTES = Table(
    "quotes",
    {**_DOC, "n": int, "quote": Quote},
    (Column("article_id", "doc.id"), Column("n", "n"), *_record_fields("quote", Quote)),
    _numbered("quote", "quotes"),
)

COUNTS = Table(
    "counts",
    {**_DOC, "n": int, "count": Count},
    (Column("article_id", "doc.id"), Column("n", "n"), *_record_fields("count", Count)),
    _numbered("count", "counts"),
)

TIMES = Table(
    "times",
    {**_DOC, "n": int, "time": TimeExpression},
    (Column("article_id", "doc.id"), Column("n", "n"), *_record_fields("time", TimeExpression)),
    _numbered("time", "times"),
)


def _participant(role: str, fields: tuple[str, ...]) -> tuple[Column, ...]:
    names = {"entity_id": "entity"}
    return tuple(Column(f"{role}_{names.get(f, f)}", f"event.{role}.{f}") for f in fields)


EVENTS = Table(
    "events",
    {**_DOC, "event": Event, "evidence": Evidence},
    (
        Column("article_id", "doc.id"),
        *(Column(name, f"event.{name}") for name in ("id", "type", "mode", "context", "trigger")),
        *_participant("actor", ("text", "entity_id", "country", "sector")),
        *_participant("target", ("text", "entity_id", "country", "sector")),
        *_participant("location", ("text", "entity_id", "country")),
        Column("latitude", "event.location.latitude"),
        Column("longitude", "event.location.longitude"),
        *(
            Column(name, f"event.{name}")
            for name in ("date", "date_precision", "factuality", "reported_by", "cameo", "acled")
        ),
        Column("trigger_start", "evidence.trigger.start"),
        Column("trigger_end", "evidence.trigger.end"),
        Column("sentence_start", "evidence.sentence.start"),
        Column("sentence_end", "evidence.sentence.end"),
        Column("record", "event", "JSON", encode=_json_text),
    ),
    _event_rows,
)

# The whole analysed document as one JSON value: `show` and exports of the
# output contract read it back without re-joining tables.
ANALYSES = Table(
    "analyses",
    _DOC,
    (Column("article_id", "doc.id"), Column("record", "doc", "JSON", not_null=True, encode=_json_text)),
    _analysis_rows,
    primary_key=("article_id",),
    exported=False,
)

SCHEMA: tuple[Table, ...] = (
    ARTICLES,
    ENTITIES,
    ENTITY_ALIASES,
    MENTIONS,
    ROLES,
    QUOTES,
    COUNTS,
    TIMES,
    EVENTS,
    ANALYSES,
)

# -- the corpus layer's tables (schema 5) --------------------------------------
#
# Written from a batch's ``CorpusChanges`` in the transaction that stores the
# batch's articles. Groups, stories, corpus events and corpus entities are
# written whole each time a batch touches them (the row is replaced); the
# other tables only grow.


def _json_records(records: Any) -> str:
    return json.dumps([r.to_dict() for r in records], ensure_ascii=False)


def _corpus_table(
    name: str, record: type, *, key: tuple[str, ...] = (), replace: bool = False, json_fields: tuple[str, ...] = ()
) -> Table:
    columns = tuple(
        Column(f, f"record.{f}", "JSON", encode=_json_records) if f in json_fields else Column(f, f"record.{f}")
        for f in field_types(record)
    )
    return Table(name, {"record": record}, columns, lambda r: iter(({"record": r},)), key, replace=replace)


CORPUS_SCHEMA: tuple[Table, ...] = (
    _corpus_table("corpus_articles", CorpusArticle, key=("article_id",)),
    _corpus_table("syndication_groups", SyndicationGroup, key=("id",), replace=True),
    _corpus_table("stories", CorpusStory, key=("id",), replace=True),
    _corpus_table("corpus_events", CorpusEvent, key=("id",), replace=True, json_fields=("counts", "disagreements")),
    _corpus_table("event_reports", EventReport),
    _corpus_table("corpus_entities", CorpusEntity, key=("id",), replace=True),
    _corpus_table("entity_members", EntityMember),
)

# Which field of ``CorpusChanges`` feeds each corpus table.
CORPUS_SOURCES = {
    "corpus_articles": "articles",
    "syndication_groups": "groups",
    "stories": "stories",
    "corpus_events": "events",
    "event_reports": "reports",
    "corpus_entities": "entities",
    "entity_members": "members",
}

# The tables `export` writes (analyses repeats them as JSON).
TABLES = tuple(t.name for t in (*SCHEMA, *CORPUS_SCHEMA) if t.exported)


def create_statements() -> list[str]:
    """The DDL of a new database at the latest schema version."""
    return [t.ddl() for t in (*SCHEMA, *CORPUS_SCHEMA)]
