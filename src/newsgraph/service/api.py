"""The JSON API, under /api: the same reads and filters as the CLI, typed,
paginated and limited. Every bad parameter is a 4xx with
``{"error": {"code", "message"}}`` (see ``app``)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import __version__
from ..errors import first_line
from ..store.layouts import gdelt_field
from . import models
from .database import CurrentDatabase, Database, Reader, database, time_limit
from .writer import Writer

log = logging.getLogger("newsgraph.service")

router = APIRouter(responses={400: {"model": models.ErrorResponse}, 422: {"model": models.ErrorResponse}})
docs_router = APIRouter(include_in_schema=False)

MAX_QUERY = 500  # characters of a search or filter string
MAX_PAGE = 200
DEFAULT_PAGE = 50
MAX_OFFSET = 10_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size (at most {MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many matches to skip.")]
Text = Annotated[str | None, Query(max_length=MAX_QUERY)]
Date = Annotated[str | None, Query(max_length=32, description="YYYY-MM-DD, YYYY-MM or YYYY.")]
Id = Annotated[str, PathParam(min_length=1, max_length=MAX_QUERY, description="An id, or a unique prefix of one.")]
MinSources = Annotated[int, Query(ge=0, le=100_000, description="At least this many independent sources.")]


@router.get("/health", response_model=models.Health, summary="Version, database and counts")
def health(request: Request, store: Reader, db: CurrentDatabase) -> dict[str, Any]:
    writer = request.app.state.writer
    return {
        "status": "ok",
        "version": __version__,
        "database": db.path,
        "writable": db.writable,
        "ingest": bool(request.app.state.allow_ingest and request.app.state.token),
        "counts": store.totals(),
        "writer": writer.status() if writer is not None else None,
    }


@router.get("/search", response_model=models.SearchResult, summary="Full-text search, ranked, with snippets")
def search(
    store: Reader,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description='Words, "a phrase", AND/OR/NOT.')],
    site: Text = None,
    since: Date = None,
    until: Date = None,
    event_type: Annotated[
        str | None, Query(max_length=64, description="Only articles reporting an event of this PLOVER type.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    found = store.search(q, limit=limit, offset=offset, site=site, since=since, until=until, event_type=event_type)
    return {"q": q, "limit": limit, "offset": offset, **found}


@router.get("/articles", response_model=models.Page[models.ArticleSummary], summary="Articles, newest first")
def articles(
    store: Reader,
    site: Text = None,
    story: Text = None,
    since: Date = None,
    until: Date = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    items = store.article_list(site=site, story=story, since=since, until=until, limit=limit, offset=offset)
    unfiltered = site is None and story is None and since is None and until is None
    return models.page(items, limit, offset, store.count("articles") if unfiltered else None)


@router.get(
    "/articles/{article_id:path}",
    response_model=models.ArticleRecord,
    responses={404: {"model": models.ErrorResponse}},
    summary="One article's whole record, with every span",
)
def article(store: Reader, article_id: Id) -> dict[str, Any]:
    return store.article(article_id)


@router.get("/stories", response_model=models.Page[models.Story], summary="Stories, most recently seen first")
def stories(
    store: Reader,
    q: Text = None,
    since: Date = None,
    until: Date = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    items = store.stories(q=q, since=since, until=until, limit=limit, offset=offset)
    return models.page(items, limit, offset)


@router.get(
    "/stories/{story_id:path}",
    response_model=models.Story,
    responses={404: {"model": models.ErrorResponse}},
    summary="One story: timeline, sources, disagreements",
)
def story(store: Reader, story_id: Id, since: Date = None, until: Date = None) -> dict[str, Any]:
    return store.story(story_id, since=since, until=until)


@router.get(
    "/events",
    response_model=models.Page[models.CorpusEvent] | models.EventSeries,
    summary="Corpus events, or their counts per period",
)
def events(
    store: Reader,
    type: Text = None,
    mode: Text = None,
    country: Text = None,
    actor: Annotated[str | None, Query(max_length=MAX_QUERY, description="Actor or target.")] = None,
    target: Text = None,
    story: Text = None,
    since: Date = None,
    until: Date = None,
    min_sources: MinSources = 0,
    group_by: Annotated[
        Literal["day", "week", "month"] | None, Query(description="Count per period instead of listing events.")
    ] = None,
    count: Annotated[
        Literal["events", "reports"], Query(description="With group_by: corpus events, or every report of them.")
    ] = "events",
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters: dict[str, Any] = {
        "type": type,
        "mode": mode,
        "country": country,
        "actor": actor,
        "target": target,
        "story": story,
        "since": since,
        "until": until,
        "min_sources": min_sources,
    }
    if group_by is not None:
        series = store.event_series(group_by=group_by, count=count, **filters)
        return {"group_by": group_by, "count": count, "series": series}
    return models.page(store.corpus_events(limit=limit, offset=offset, **filters), limit, offset)


@router.get("/entities", response_model=models.Page[models.Entity], summary="Corpus entities, most articles first")
def entities(
    store: Reader,
    q: Text = None,
    type: Text = None,
    since: Date = None,
    until: Date = None,
    mentions: Annotated[bool, Query(description="Include every mention of each entity.")] = False,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    items = store.corpus_entities(
        q=q, type=type, since=since, until=until, limit=limit, offset=offset, mentions=mentions
    )
    return models.page(items, limit, offset)


@router.get(
    "/entities/{entity_id:path}",
    response_model=models.Entity,
    responses={404: {"model": models.ErrorResponse}},
    summary="One entity: aliases, roles, quotes, events, co-occurring entities, network",
)
def entity(store: Reader, entity_id: Id, since: Date = None, until: Date = None) -> dict[str, Any]:
    return store.corpus_entity(entity_id, since=since, until=until)


@router.get("/quotes", response_model=models.Page[models.Quote], summary="Who said what")
def quotes(
    store: Reader,
    speaker: Text = None,
    q: Text = None,
    since: Date = None,
    until: Date = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    items = store.quotes(speaker=speaker, q=q, since=since, until=until, limit=limit, offset=offset)
    return models.page(items, limit, offset)


# -- export --------------------------------------------------------------------------------

_CHUNK = 64 * 1024  # characters sent at a time
_MEDIA = {"csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
_MEDIA_JSONL = "application/x-ndjson; charset=utf-8"


def _csv_lines(columns: list[str], rows: Iterator[list[Any]], layout: str) -> Iterator[str]:
    if layout in ("gdelt", "gdelt-mentions"):
        # As GDELT writes its files (and `newsgraph export` does): tabs, no header, no quoting.
        for row in rows:
            yield "\t".join(gdelt_field(None if cell is None else str(cell)) for cell in row) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in itertools.chain([columns], rows):
        writer.writerow(["" if cell is None else cell for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _jsonl_lines(columns: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str) + "\n"


def _chunked(lines: Iterator[str]) -> Iterator[bytes]:
    parts: list[str] = []
    size = 0
    for line in lines:
        parts.append(line)
        size += len(line)
        if size >= _CHUNK:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}, "application/vnd.apache.parquet": {}}}},
    summary="Corpus events in GDELT or ACLED layout, or a stored table, streamed",
)
def export(
    request: Request,
    layout: Annotated[Literal["gdelt", "gdelt-mentions", "acled", "tables"], Query(description="What to export.")],
    format: Annotated[Literal["csv", "jsonl", "parquet"], Query(description="CSV (GDELT: tab-separated).")] = "csv",
    table: Annotated[str | None, Query(max_length=64, description="With layout=tables: the table.")] = None,
    type: Text = None,
    mode: Text = None,
    country: Text = None,
    actor: Text = None,
    target: Text = None,
    story: Text = None,
    since: Date = None,
    until: Date = None,
    min_sources: MinSources = 0,
) -> Response:
    filters: dict[str, Any] = {
        "type": type,
        "mode": mode,
        "country": country,
        "actor": actor,
        "target": target,
        "story": story,
        "since": since,
        "until": until,
        "min_sources": min_sources,
    }
    db = database(request)
    name = table if layout == "tables" and table else layout
    if format == "parquet":
        return _parquet(db, layout, table, filters, name)
    view = db.view()
    try:
        with time_limit(view, db.request_seconds):
            # The arguments are checked, and the filters' query run, before anything is sent.
            columns, rows = view.export_rows(
                layout, table=table, csv_safe=format == "csv" and layout in ("acled", "tables"), **filters
            )
    except BaseException:
        view.close()
        raise
    lines = _csv_lines(columns, rows, layout) if format == "csv" else _jsonl_lines(columns, rows)

    def stream() -> Iterator[bytes]:
        try:
            yield from _chunked(lines)
        except Exception as exc:  # noqa: BLE001
            # The status line is sent: all that is left is to end the stream short, and say why in the log.
            log.error("export %s as %s stopped: %s", layout, format, first_line(exc))
        finally:
            view.close()

    if format == "jsonl":
        media, ext = _MEDIA_JSONL, "jsonl"
    else:
        gdelt = layout in ("gdelt", "gdelt-mentions")
        media, ext = (_MEDIA["tsv"], "tsv") if gdelt else (_MEDIA["csv"], "csv")
    return StreamingResponse(
        stream(), media_type=media, headers={"content-disposition": f'attachment; filename="{name}.{ext}"'}
    )


def _parquet(db: Database, layout: str, table: str | None, filters: dict[str, Any], name: str) -> Response:
    """Parquet is written whole (its footer indexes the file), to a temporary folder, then sent."""
    folder = Path(tempfile.mkdtemp(prefix="newsgraph-export-"))
    try:
        with db.reading() as view:
            written = view.export_parquet(folder / "export.parquet", layout, table=table, **filters)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        written,
        media_type="application/vnd.apache.parquet",
        filename=f"{name}.parquet",
        background=BackgroundTask(shutil.rmtree, folder, True),
    )


# -- docs: the OpenAPI schema as one plain HTML page ---------------------------------------
# Swagger UI loads its script from a CDN and runs inline script, which this server's
# CSP forbids and an offline machine cannot fetch; this page needs neither.


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"array of {_schema_type(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


def _limits(schema: dict[str, Any]) -> str:
    names = {"minimum": ">=", "maximum": "<=", "minLength": "min length", "maxLength": "max length"}
    found = [f"{label} {schema[key]}" for key, label in names.items() if key in schema]
    for option in schema.get("anyOf", []):
        found += [f"{label} {option[key]}" for key, label in names.items() if key in option]
    return ", ".join(found)


def docs_html(spec: dict[str, Any]) -> str:
    from html import escape

    info = spec.get("info", {})
    out = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(str(info.get('title', 'API')))} API</title>",
        '<link rel="stylesheet" href="/static/style.css"></head><body><main class="api-docs">',
        f"<h1>{escape(str(info.get('title', '')))} API {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(str(info.get('summary', '')))} The machine-readable schema is "
        '<a href="/openapi.json">/openapi.json</a> (OpenAPI 3). Errors are '
        '<code>{"error": {"code", "message"}}</code> with a 4xx status.</p>',
    ]
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            out.append(f"<section><h2><code>{escape(method.upper())} {escape(path)}</code></h2>")
            out.append(f"<p>{escape(str(op.get('summary', '')))}</p>")
            if op.get("description"):
                out.append(f"<p>{escape(str(op['description']))}</p>")
            params = op.get("parameters", [])
            if params:
                out.append(
                    '<table><thead><tr><th scope="col">parameter</th><th scope="col">in</th>'
                    '<th scope="col">type</th><th scope="col">default</th><th scope="col">limits</th>'
                    '<th scope="col">description</th></tr></thead><tbody>'
                )
                for p in params:
                    schema = p.get("schema", {})
                    default = schema.get("default", "")
                    cells = (
                        p.get("name", "") + (" (required)" if p.get("required") else ""),
                        p.get("in", ""),
                        _schema_type(schema),
                        "" if default is None else str(default),
                        _limits(schema),
                        p.get("description", "") or schema.get("description", ""),
                    )
                    out.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
                out.append("</tbody></table>")
            if "requestBody" in op:
                out.append("<p>Request body: multipart/form-data, one or more <code>files</code>.</p>")
            ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            if ok.get("schema"):
                out.append(f"<p>Returns: <code>{escape(_schema_type(ok['schema']))}</code></p>")
            out.append("</section>")
    out.append("</main></body></html>")
    return "\n".join(out)


@docs_router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(docs_html(request.app.openapi()))


# -- ingest ------------------------------------------------------------------------------

MAX_FILES = 100
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _upload_name(n: int, filename: str | None) -> str:
    """A file name on disk that keeps the upload's extensions (which tell its format)
    and nothing a path or a glob pattern could read as more than a name."""
    base = _SAFE_NAME.sub("_", os.path.basename((filename or "").replace("\\", "/")))[-100:].lstrip(".")
    return f"{n:03d}-{base or 'upload'}"


def _writer(request: Request) -> Writer:
    state = request.app.state
    if not state.allow_ingest or state.writer is None:
        raise HTTPException(403, "ingest is off on this server (start it with --allow-ingest and --token)")
    if state.token is None:
        raise HTTPException(403, "ingest needs a token (start the server with --token)")
    writer: Writer = state.writer
    return writer


@router.post(
    "/ingest",
    response_model=models.IngestJob,
    responses={202: {"model": models.IngestJob}, 403: {"model": models.ErrorResponse}},
    summary="Ingest uploaded files through the server's writer (token required)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    }
                }
            },
        }
    },
)
async def ingest_files(
    request: Request,
    wait: Annotated[float, Query(ge=0, le=600, description="Seconds to wait for the outcome (else 202).")] = 60,
) -> JSONResponse:
    writer = _writer(request)
    form = await request.form(max_files=MAX_FILES, max_fields=10)
    uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
    if not uploads:
        raise HTTPException(400, "no files: send multipart/form-data with one or more 'files' parts")
    folder = Path(tempfile.mkdtemp(prefix="newsgraph-upload-"))
    paths, names = [], []
    try:
        for n, upload in enumerate(uploads):
            path = folder / _upload_name(n, upload.filename)
            await run_in_threadpool(_save, upload, path)
            paths.append(str(path))
            names.append(upload.filename or path.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        await form.close()
    job = writer.submit(paths, names, cleanup=folder)
    finished = await run_in_threadpool(job.done.wait, wait)
    return JSONResponse(job.to_dict(), status_code=200 if finished else 202)


def _save(upload: UploadFile, path: Path) -> None:
    upload.file.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)


@router.get(
    "/ingest/{job_id}",
    response_model=models.IngestJob,
    responses={404: {"model": models.ErrorResponse}},
    summary="The outcome of an ingest",
)
def ingest_job(request: Request, job_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    job = _writer(request).job(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return job.to_dict()
