"""The FastAPI application: the JSON API under /api, the explorer's pages,
the package's static files, the security middleware and the error shape."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from types import ModuleType

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings
from ..errors import NewsgraphError, StoreBusyError, StoreError
from . import api, security
from .database import Database, RequestTimeout

log = logging.getLogger("newsgraph.service")

STATIC = Path(__file__).resolve().parent / "static"
PAGES = "newsgraph.service.pages"


def _status_of(exc: NewsgraphError) -> tuple[int, str]:
    if isinstance(exc, RequestTimeout):
        return 503, "timeout"
    if isinstance(exc, StoreBusyError):
        return 503, "busy"
    if isinstance(exc, StoreError) and exc.message.startswith("no "):
        # "no article with id ...", "no story with id ...", "no corpus entity ...".
        return 404, "not_found"
    return 400, "bad_request"


def _message(exc: NewsgraphError) -> str:
    # The message without the database path: the client needs the problem, not the server's files.
    return exc.message.splitlines()[0] if exc.message else type(exc).__name__


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def _api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _install_error_handlers(app: FastAPI, pages: ModuleType | None) -> None:
    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError) -> JSONResponse:
        status, code = _status_of(exc)
        return security.error_response(status, code, _message(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return security.error_response(422, "invalid_parameter", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if exc.status_code == 404 and pages is not None and not _api_path(path):
            # A person following a bad link or typing a path gets the explorer's page, not JSON.
            shown = path if len(path) <= 200 else path[:199] + "…"
            page_404: Response = pages.error_page(404, f"there is no page at {shown}")
            return page_404
        codes = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            403: "forbidden",
            413: "too_large",
        }
        response = security.error_response(exc.status_code, codes.get(exc.status_code, "error"), str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response


def create_app(
    db: str,
    *,
    token: str | None = None,
    watch: str | None = None,
    allow_ingest: bool = False,
    settings: Settings | None = None,
    hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The service over the database ``db``: read-only, unless ``watch`` (a folder whose
    new files it ingests) or ``allow_ingest`` (POST /api/ingest) makes it the writer.
    ``hosts``: the only names the Host header may give (``newsgraph serve`` sets the
    loopback names when it runs without a token); None: any."""
    from .writer import Writer

    settings = settings or Settings.from_env(db=db)
    writable = watch is not None or allow_ingest

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        writer = app.state.writer
        if writer is not None:
            writer.start()
        try:
            yield
        finally:
            if writer is not None:
                writer.stop()
            app.state.database.close()

    app = FastAPI(
        title="newsgraph",
        version=__version__,
        summary="Search and explore a newsgraph database; every fact links to its evidence.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    database = Database(db, writable=writable)
    app.state.database = database
    app.state.token = token
    app.state.settings = settings
    app.state.allow_ingest = allow_ingest
    app.state.writer = Writer(database, settings, watch=watch) if writable else None

    pages = importlib.import_module(PAGES) if importlib.util.find_spec(PAGES) is not None else None
    _install_error_handlers(app, pages)
    app.add_middleware(
        security.Guard, token=token, hosts=None if hosts is None else frozenset(h.lower() for h in hosts)
    )
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
    app.include_router(security.router)
    app.include_router(api.router, prefix="/api")
    app.include_router(api.docs_router)
    if pages is not None:
        app.include_router(pages.router)
    return app
