"""Response headers on every answer, and the token check.

Article text comes from the open web, so every response carries a strict
Content-Security-Policy (no inline script or style, nothing from elsewhere)
and tells browsers not to sniff types, send referrers or be framed.

With a token, every route but ``/login`` and ``/static`` needs either
``Authorization: Bearer TOKEN`` or the session cookie the login form sets.
The cookie holds an HMAC of the token, not the token, so a leaked cookie
does not reveal it; it is HttpOnly and SameSite=Strict, which keeps other
sites from sending it with forged requests.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("newsgraph.service")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_OURS = {name for name, _ in HEADERS}
COOKIE = "newsgraph_session"
# Reachable without the token: the login form and what it needs to look right.
PUBLIC_PATHS = ("/login", "/logout")


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one shape of every error the service answers with."""
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status)


def session_value(token: str) -> str:
    """What the session cookie holds for ``token``."""
    return hmac.new(token.encode(), b"newsgraph session", hashlib.sha256).hexdigest()


def token_matches(token: str, given: str) -> bool:
    return hmac.compare_digest(token.encode(), given.encode())


def authorized(conn: HTTPConnection, token: str) -> bool:
    scheme, _, given = conn.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given and token_matches(token, given.strip()):
        return True
    cookie = conn.cookies.get(COOKIE)
    return cookie is not None and hmac.compare_digest(session_value(token).encode(), cookie.encode())


def host_name(header: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def _public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith("/static/")


# Bytes a request body may hold: uploads to the ingest route, and anything else (a login form).
MAX_UPLOAD = 256 * 1024 * 1024
MAX_BODY = 64 * 1024
UPLOAD_PATHS = ("/api/ingest",)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes")


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that fails with 413 once the body passes ``limit`` bytes (a chunked
    body has no Content-Length to check up front)."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return counted


class Guard:
    """ASGI middleware: security headers on every response, the token check, a
    limit on request bodies, and a JSON 500 without details for whatever
    escaped the handlers."""

    def __init__(
        self,
        app: ASGIApp,
        token: str | None = None,
        max_upload: int | None = None,
        hosts: frozenset[str] | None = None,
    ) -> None:
        self.app = app
        self.token = token
        self.max_upload = MAX_UPLOAD if max_upload is None else max_upload
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": kept + HEADERS}
            await send(message)

        path = scope.get("path", "")
        if self.hosts is not None and host_name(HTTPConnection(scope).headers.get("host", "")) not in self.hosts:
            # A page on another site whose name was re-pointed at 127.0.0.1 (DNS rebinding)
            # would reach a tokenless loopback server from the user's own browser.
            await error_response(400, "bad_host", "this server answers only to its own address")(
                scope, receive, send_secured
            )
            return
        if self.token is not None and not _public(path) and not authorized(HTTPConnection(scope), self.token):
            await self._refuse(path, scope)(scope, receive, send_secured)
            return
        limit = self.max_upload if path in UPLOAD_PATHS else MAX_BODY
        declared = HTTPConnection(scope).headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await error_response(413, "too_large", BodyTooLarge(limit).detail)(scope, receive, send_secured)
            return
        try:
            await self.app(scope, _limited(receive, limit), send_secured)
        except BodyTooLarge as exc:
            if started:
                raise
            await error_response(413, "too_large", exc.detail)(scope, receive, send_secured)
        except Exception:
            log.exception("unhandled error on %s", path)
            if started:
                raise
            await error_response(500, "internal", "internal error")(scope, receive, send_secured)

    @staticmethod
    def _refuse(path: str, scope: Scope) -> Response:
        if path.startswith("/api/") or path in ("/api", "/openapi.json", "/docs"):
            response = error_response(401, "unauthorized", "this server needs a token: Authorization: Bearer TOKEN")
            response.headers["www-authenticate"] = "Bearer"
            return response
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def safe_next(target: str | None) -> str:
    """Only a path on this server: never another site (``//host``, ``https:``, ``\\``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


_LOGIN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsgraph: sign in</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main class="login"><h1>newsgraph</h1>{message}
<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form></main></body></html>
"""

router = APIRouter(include_in_schema=False)


def _login_page(next_path: str, message: str = "", status: int = 200) -> HTMLResponse:
    shown = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    return HTMLResponse(_LOGIN.format(message=shown, next=html.escape(next_path, quote=True)), status_code=status)


@router.get("/login")
def login_form(next: str | None = None) -> HTMLResponse:
    return _login_page(safe_next(next))


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    expected: str | None = request.app.state.token
    target = safe_next(next)
    if expected is None:
        return RedirectResponse(target, status_code=303)
    if not token_matches(expected, token):
        return _login_page(target, "That token is not right.", status=401)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, session_value(expected), httponly=True, samesite="strict", path="/")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
