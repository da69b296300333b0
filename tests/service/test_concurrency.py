"""One writer, many readers: a real server on loopback ingests 200 invented
articles (uploaded to POST /api/ingest) while 20 clients query it. No request
fails, no count goes down, every page is one committed state, and each
article is stored once. And the watched folder: a new file is ingested, one
still being copied in is not."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from newsgraph.config import Settings
from newsgraph.errors import StoreError
from newsgraph.ingest import ingest
from newsgraph.service import create_app
from newsgraph.service.database import Database
from newsgraph.service.writer import Writer
from tests.corpus.newsroom import ARTICLES

TOKEN = "concurrency-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Many small transactions, so that readers run between commits.
SETTINGS = Settings(batch_size=10, doc_timeout=0)
DOCS = 200
CLIENTS = 20

_SYLLABLES = ["ka", "vel", "mor", "dra", "sen", "tol", "bri", "ost", "lun", "per", "gar", "zim"]
_NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "twelve"]
_ORIGINAL_PLACES = ("Velmora", "Orskavel", "Dravenholt")


def _place(i: int) -> str:
    a, b, c = _SYLLABLES[i % 12], _SYLLABLES[(i // 12) % 12], _SYLLABLES[(i * 7 + 3) % 12]
    return (a + b + c).capitalize()


def invented_articles(n: int = DOCS) -> list[dict[str, Any]]:
    """``n`` articles made from the newsroom week: new ids, places, counts and dates."""
    rows = []
    for i in range(n):
        _, url, published, title, text = ARTICLES[i % len(ARTICLES)]
        place = _place(i)
        number = _NUMBERS[i % len(_NUMBERS)]
        for old in _ORIGINAL_PLACES:
            title, text = title.replace(old, place), text.replace(old, place)
        for old in ("five", "Seven", "three", "Four"):
            text = text.replace(old, number if old.islower() else number.capitalize())
        day = f"2025-{4 + i % 3:02d}-{1 + i % 28:02d}"
        row = {"id": f"gen-{i:03d}", "url": f"{url.rsplit('/', 1)[0]}/story-{i}", "title": title, "text": text}
        if published:
            row["published"] = day
        rows.append(row)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)


def _reader(base: str, stop: threading.Event, failures: list[str], seen: list[int]) -> None:
    """Query the five reads in turn until the ingest is done (and one more round),
    checking each answer on its own and against the earlier ones."""
    last_health = last_total = 0
    requests = [
        ("/api/health", {}),
        ("/api/articles", {"limit": 200}),
        ("/api/events", {"limit": 20}),
        ("/api/events", {"group_by": "day", "count": "reports"}),
        ("/api/search", {"q": "police", "limit": 5}),
    ]
    final_round = None
    with httpx.Client(base_url=base, headers=AUTH, timeout=60) as http:
        for n in range(4000):  # bounded, whatever happens to the writer
            if final_round is None and stop.is_set():
                final_round = n + len(requests)
            if n == final_round:
                return
            path, params = requests[n % len(requests)]
            try:
                r = http.get(path, params=params)
            except httpx.HTTPError as exc:
                failures.append(f"request failed: {exc!r}")
                return
            if r.status_code != 200:
                failures.append(f"{r.request.url}: {r.status_code} {r.text[:200]}")
                return
            body = r.json()
            if path == "/api/health":
                counts = body["counts"]
                if counts["articles"] < last_health:
                    failures.append(f"the article count went down: {last_health} -> {counts['articles']}")
                if counts["event_reports"] < counts["corpus_events"]:
                    failures.append(f"fewer reports than events: {counts}")
                last_health = counts["articles"]
            elif path == "/api/articles":
                total, items = body["total"], body["items"]
                if total < last_total:
                    failures.append(f"the article total went down: {last_total} -> {total}")
                if total <= 200 and total != len(items):
                    failures.append(f"total {total} but {len(items)} items")
                if len({a["id"] for a in items}) != len(items):
                    failures.append("an article listed twice")
                if any(a["story_id"] is None for a in items):
                    # The corpus layer places a batch in the batch's own transaction.
                    failures.append("an article without its story: half of a batch was visible")
                last_total = total
                seen.append(total)
            elif path == "/api/search":
                hits = body["hits"]
                if len(hits) > 5 or (body["total"] <= 5 and body["total"] != len(hits)):
                    failures.append(f"search total {body['total']} but {len(hits)} hits")
                if any(not h["snippet"] for h in hits):
                    failures.append("a search hit without a snippet")
            elif "group_by" in params:
                periods = [p["period"] for p in body["series"]]
                if periods != sorted(periods) or any(p["count"] <= 0 for p in body["series"]):
                    failures.append(f"a bad series: {body['series'][:5]}")
            elif len(body["items"]) > 20:
                failures.append("more events than the page size")
            time.sleep(0.5)


def test_ingest_through_the_writer_while_twenty_clients_read(tmp_path):
    rows = invented_articles()
    uploads = [write_jsonl(tmp_path / f"part{n}.jsonl", rows[n * 50 : (n + 1) * 50]) for n in range(4)]
    app = create_app(str(tmp_path / "served.duckdb"), token=TOKEN, allow_ingest=True, settings=SETTINGS)
    stop = threading.Event()
    failures: list[str] = []
    seen: list[list[int]] = [[] for _ in range(CLIENTS)]
    started = time.monotonic()
    with serving(app) as base:
        readers = [
            threading.Thread(target=_reader, args=(base, stop, failures, seen[n]), daemon=True) for n in range(CLIENTS)
        ]
        for t in readers:
            t.start()
        stored = 0
        with httpx.Client(base_url=base, headers=AUTH, timeout=600) as http:
            for pair in (uploads[:2], uploads[2:]):
                files = [("files", (p.name, p.read_bytes(), "application/jsonl")) for p in pair]
                r = http.post("/api/ingest", params={"wait": 600}, files=files)
                assert r.status_code == 200, r.text
                job = r.json()
                assert job["status"] == "done" and job["failed"] == 0, job
                assert job["files"] == [p.name for p in pair]
                stored += job["stored"]
            stop.set()
            for t in readers:
                t.join(120)
            assert not any(t.is_alive() for t in readers)
            assert not failures, failures[:5]
            assert stored == DOCS
            ids = [a["id"] for a in http.get("/api/articles", params={"limit": 200}).json()["items"]]
            health = http.get("/api/health").json()
    assert sorted(ids) == sorted(r["id"] for r in rows)  # each stored once
    assert health["counts"]["articles"] == DOCS
    # The readers ran during the ingest, not only before or after it.
    assert any(0 < total < DOCS for totals in seen for total in totals)
    assert all(totals and totals[-1] == DOCS for totals in seen)
    assert time.monotonic() - started < 300


def test_the_writer_ingests_new_files_of_the_watched_folder(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app = create_app(str(tmp_path / "watched.duckdb"), token=TOKEN, watch=str(inbox), settings=SETTINGS)
    app.state.writer.poll_seconds = 0.1
    rows = invented_articles(6)
    with serving(app) as base, httpx.Client(base_url=base, headers=AUTH, timeout=60) as http:
        write_jsonl(inbox / "first.jsonl", rows[:4])
        write_jsonl(inbox / "second.jsonl.part", rows[4:])  # still being copied in
        deadline = time.monotonic() + 60
        while http.get("/api/health").json()["counts"]["articles"] < 4:
            assert time.monotonic() < deadline, http.get("/api/health").json()
            time.sleep(0.3)
        time.sleep(0.5)  # a few more scans
        health = http.get("/api/health").json()
        assert health["counts"]["articles"] == 4
        assert health["writer"]["watching"] == str(inbox) and health["writer"]["ingested_files"] == 1
        (inbox / "second.jsonl.part").rename(inbox / "second.jsonl")
        while http.get("/api/health").json()["counts"]["articles"] < 6:
            assert time.monotonic() < deadline
            time.sleep(0.3)
        # Without --allow-ingest, uploads are refused even with the token.
        refused = http.post("/api/ingest", files=[("files", ("x.jsonl", b"{}", "application/jsonl"))])
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_a_watched_file_is_read_once_it_stands_still_and_skipped_names_never(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / ".hidden.jsonl").write_text("{}\n")
    (inbox / "copying.jsonl.part").write_text("{}\n")
    growing = inbox / "sub" / "growing.jsonl"
    growing.write_text("{}\n")
    writer = Writer(None, SETTINGS, watch=str(inbox))  # type: ignore[arg-type]  # scan needs no database
    assert writer.scan() == {}  # seen once: not yet known to stand still
    growing.write_text("{}\n{}\n")
    assert writer.scan() == {}  # changed since
    ready = writer.scan()
    assert list(ready) == [str(growing)]


def test_a_watched_file_whose_ingest_failed_is_tried_again(tmp_path, monkeypatch):
    from newsgraph.service import writer as writer_module

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_jsonl(inbox / "four.jsonl", invented_articles(4))
    calls: list[list[str]] = []

    def flaky(paths, store, settings, **kwargs):
        calls.append(list(paths))
        if len(calls) == 1:
            raise StoreError("write failed: disk full")
        return ingest(paths, store, settings, **kwargs)

    monkeypatch.setattr(writer_module, "ingest", flaky)
    database = Database(str(tmp_path / "retried.duckdb"), writable=True)
    writer = Writer(database, SETTINGS, watch=str(inbox), poll_seconds=0.05)
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while writer.ingested_files < 1:
            assert time.monotonic() < deadline and writer.running
            time.sleep(0.05)
        time.sleep(0.3)  # more rounds: nothing is read again
    finally:
        writer.stop()
    assert len(calls) == 2 and "disk full" in str(writer.last_error)
    assert database.store.count("articles") == 4
    database.close()
