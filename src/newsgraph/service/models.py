"""The JSON API's response shapes, for its OpenAPI schema.

The store returns plain dicts; these models name the fields every client can
rely on and let the rest through (``extra="allow"``), so a field the store
adds later reaches clients without a change here.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable and machine-readable: bad_request, not_found, invalid_parameter...")
    message: str = Field(description="One line saying what was wrong with the request.")


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Totals(Open):
    articles: int = 0
    stories: int = 0
    corpus_events: int = 0
    event_reports: int = 0
    corpus_entities: int = 0
    quotes: int = 0
    sources: int = 0
    first_date: str | None = None
    last_date: str | None = None


class WriterStatus(BaseModel):
    running: bool
    watching: str | None
    queued: int
    ingested_files: int
    last_error: str | None


class Health(BaseModel):
    status: str
    version: str
    database: str
    writable: bool = Field(description="Whether this server is the database's writer (--watch or --allow-ingest).")
    ingest: bool = Field(description="Whether POST /api/ingest is open (with the token).")
    counts: Totals
    writer: WriterStatus | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list: ``total`` is the count of every match where it is cheap to know, else null."""

    limit: int
    offset: int
    total: int | None = None
    items: list[T]


class ArticleSummary(Open):
    id: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    story_id: str | None = None
    num_entities: int = 0
    num_quotes: int = 0
    num_events: int = 0


class ArticleRecord(Open):
    """The whole stored record: the article, its entities, quotes, counts, times and
    events, every span as character offsets into the article's body."""

    story_id: str | None = None
    site: str | None = None
    syndication_group: str | None = None
    original: str | None = None


class SearchHit(Open):
    id: str
    score: float
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    snippet: str = Field(description="Plain text (never HTML): escape it before showing it.")
    highlights: list[tuple[int, int]] = Field(description="[start, end) character offsets of the matches in snippet.")


class FacetValue(BaseModel):
    value: str | None
    count: int


class SearchResult(BaseModel):
    q: str
    limit: int
    offset: int
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]


class Story(Open):
    id: str


class CorpusEvent(Open):
    id: str


class Entity(Open):
    id: str


class Quote(Open):
    article_id: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_entity: str | None = None


class SeriesPoint(BaseModel):
    period: str = Field(description="The period's first day, YYYY-MM-DD (weeks start on their ISO Monday).")
    count: int


class EventSeries(BaseModel):
    group_by: str
    count: str
    series: list[SeriesPoint]


class IngestFailure(BaseModel):
    source: str
    error: str


class IngestJob(BaseModel):
    job: str
    status: str = Field(description="queued, running, done or failed")
    files: list[str]
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    empty: int = 0
    failed: int = 0
    failures: list[IngestFailure] = []
    error: str | None = None
    warnings: list[str] = Field(default=[], description="Stored articles the search index has not taken yet.")


def page(items: list[Any], limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    if total is None and len(items) < limit and (offset == 0 or items):
        total = offset + len(items)  # this page holds the last match
    return {"limit": limit, "offset": offset, "total": total, "items": items}
