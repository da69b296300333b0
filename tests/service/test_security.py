"""Headers, static files and the token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsgraph.service import create_app
from newsgraph.service.security import COOKIE, CSP


def test_every_response_carries_the_security_headers(client):
    for path in ("/api/health", "/no/such/page", "/static/.gitkeep"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/static/..%2f..%2f..%2fetc/passwd",
        "/static/....//....//etc/passwd",
        "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/static//etc/passwd",
        "/static/..\\..\\etc\\passwd",
    ],
)
def test_static_paths_never_leave_the_package(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text


@pytest.fixture(scope="module")
def guarded(store_path):
    with TestClient(create_app(str(store_path), token="letmein")) as c:
        yield c


def test_a_token_is_needed_for_the_api(guarded):
    guarded.cookies.clear()
    r = guarded.get("/api/health")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert guarded.get("/api/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/api/health", headers={"Authorization": "Bearer letmein"}).status_code == 200


def test_pages_redirect_to_login_and_the_cookie_opens_them(guarded):
    guarded.cookies.clear()
    r = guarded.get("/some/page?x=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fsome%2Fpage%3Fx%3D1"
    assert guarded.get("/login").status_code == 200
    bad = guarded.post("/login", data={"token": "nope", "next": "/api/health"}, follow_redirects=False)
    assert bad.status_code == 401 and COOKIE not in bad.cookies
    ok = guarded.post("/login", data={"token": "letmein", "next": "/api/health"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/api/health"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "letmein" not in cookie
    assert guarded.get("/api/health").status_code == 200
    guarded.cookies.clear()


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_login_never_redirects_off_the_server(guarded, target):
    r = guarded.post("/login", data={"token": "letmein", "next": target}, follow_redirects=False)
    assert r.headers["location"] == "/"
    guarded.cookies.clear()


def test_the_login_page_escapes_its_next_field(guarded):
    r = guarded.get('/login?next=/x"><script>alert(1)</script>')
    assert "<script>" not in r.text
