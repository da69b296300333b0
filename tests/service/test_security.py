"""Headers, static files and the token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.cli import app as cli
from newsgraph.cli.serve import is_loopback
from newsgraph.service import create_app
from newsgraph.service.security import COOKIE, CSP, host_name
from tests.conftest import database_held_by_another_process


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


# -- newsgraph serve -------------------------------------------------------------------------------

runner = CliRunner()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_which_hosts_are_loopback(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "0.0.0.0"], "give --token"),
        (["--host", "192.168.1.20", "--port", "9"], "give --token"),
        (["--allow-ingest"], "--allow-ingest needs --token"),
        (["--token", "  "], "--token is empty"),
        (["--watch", "/no/such/folder/here"], "no such folder"),
    ],
)
def test_serve_refuses_unsafe_or_impossible_options_in_one_line(store_path, args, message, monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_TOKEN", raising=False)
    result = runner.invoke(cli, ["serve", "--db", str(store_path), *args])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.output


def test_serve_without_a_database_is_one_line(tmp_path):
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2 and "no such database" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(store_path, *args, env=None):
    """``newsgraph serve`` on a free loopback port in a child process; yields an httpx client of it."""
    port = _free_port()
    command = [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(store_path), "--port", str(port), *args]
    proc = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            while True:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                try:
                    http.get("/static/.gitkeep")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            yield http
    finally:
        proc.terminate()
        proc.wait(30)
    assert proc.stdout is not None and "serving" in proc.stdout.read()


def test_newsgraph_serve_answers_on_loopback_with_its_token(store_path, monkeypatch):
    with served(store_path, env={"NEWSGRAPH_TOKEN": "from-the-environment"}) as http:
        assert http.get("/api/health").status_code == 401
        health = http.get("/api/health", headers={"Authorization": "Bearer from-the-environment"})
        assert health.status_code == 200 and health.json()["counts"]["articles"] == 8
        assert "server" not in health.headers  # no version banner


def test_newsgraph_serve_without_a_token_answers_only_to_its_own_names(store_path, monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_TOKEN", raising=False)
    with served(store_path) as http:
        assert http.get("/api/health").status_code == 200
        assert http.get("/api/health", headers={"Host": "localhost:1234"}).status_code == 200
        rebound = http.get("/api/health", headers={"Host": "rebound.example"})
        assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "bad_host"


@pytest.mark.parametrize(
    ("header", "name"),
    [("127.0.0.1:8000", "127.0.0.1"), ("[::1]:80", "::1"), ("LocalHost", "localhost"), ("::1", "::1"), ("", "")],
)
def test_host_names(header, name):
    assert host_name(header) == name


def test_an_app_with_hosts_answers_only_to_them(store_path):
    app = create_app(str(store_path), hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/health").status_code == 200
        r = c.get("/api/health", headers={"host": "attacker.example"})
        assert r.status_code == 400 and r.headers["content-security-policy"] == CSP


def test_serve_on_a_database_an_ingest_holds_is_one_line(store_path, tmp_path):
    copy = tmp_path / "held.duckdb"
    copy.write_bytes(store_path.read_bytes())
    with database_held_by_another_process(copy):
        result = runner.invoke(cli, ["serve", "--db", str(copy)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "database is busy" in lines[0], result.output
