"""The ``serve`` command: the JSON API and the web explorer (see ``newsgraph.service``)."""

from __future__ import annotations

import ipaddress
import os

import typer

from .options import DbOption, DocTimeoutOption, ModelOption, settings as load_settings, use_database
from .output import note, safe, usage_error


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (a name other than localhost may resolve anywhere)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    ctx: typer.Context,
    db: str | None = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (off loopback, --token is required)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="NEWSGRAPH_TOKEN",
        help="Require this token (Authorization: Bearer, or the /login page); or set NEWSGRAPH_TOKEN.",
    ),
    watch: str | None = typer.Option(
        None, "--watch", help="Ingest new files that appear in this folder (the server becomes the database's writer)."
    ),
    allow_ingest: bool = typer.Option(
        False, "--allow-ingest", help="Accept uploads on POST /api/ingest (needs --token; the server is the writer)."
    ),
    model: str | None = ModelOption,
    doc_timeout: int | None = DocTimeoutOption,
) -> None:
    """Serve the JSON API (/api, docs at /docs) and the web explorer over a database."""
    settings = load_settings(db=db, model=model, doc_timeout=doc_timeout)
    use_database(ctx, settings.db)
    if token is not None and not token.strip():
        usage_error("--token is empty")
    if not is_loopback(host) and token is None:
        usage_error(f"binding to {host} exposes the database beyond this machine: give --token (or NEWSGRAPH_TOKEN)")
    if allow_ingest and token is None:
        usage_error("--allow-ingest needs --token: uploads are never accepted without one")
    if watch is not None and not os.path.isdir(watch):
        usage_error(f"--watch {watch}: no such folder")
    if watch is not None or allow_ingest:
        from ..annotate.nlp import check_model

        check_model(settings.model)  # fail now, not at the first upload

    import uvicorn

    from ..service import create_app
    from ..service.security import LOOPBACK_NAMES, host_name

    # Without a token, only requests naming this machine are answered (no DNS rebinding).
    hosts = None if token is not None else {*LOOPBACK_NAMES, host_name(host)}
    app = create_app(settings.db, token=token, watch=watch, allow_ingest=allow_ingest, settings=settings, hosts=hosts)
    mode = (
        "read-write (the writer: "
        + ", ".join(x for x in (f"watching {watch}" if watch else "", "POST /api/ingest" if allow_ingest else "") if x)
        + ")"
        if watch or allow_ingest
        else "read-only"
    )
    shown = f"[{host}]" if ":" in host else host
    note(f"serving {safe(settings.db)} ({mode}) on http://{safe(shown)}:{port}/ (API docs at /docs); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)
