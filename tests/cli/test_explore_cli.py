"""`newsgraph search` and `newsgraph quotes` on the invented week of tests/corpus/newsroom.py,
ingested through the command line (which builds the search index beside the database)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import Store

from ..corpus.newsroom import ARTICLES, write_jsonl
from ..store.test_corpus_queries import HOSTILE_TITLE, newsroom as hand_filled

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("explore-cli")
    path = str(root / "week.duckdb")
    result = run("ingest", "--quiet", "--db", path, str(write_jsonl(root / "week.jsonl")))
    assert result.exit_code == 0, result.output
    return path


def jsonl(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def one_line_error(result, text: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_both_commands_are_listed():
    listing = run("--help").output
    assert "search" in listing and "quotes" in listing


# -- search ------------------------------------------------------------------------------


def test_search_jsonl_is_the_stores_hits(db):
    hits = jsonl(run("search", "Orskavel", "--db", db, "-f", "jsonl"))
    assert {h["id"] for h in hits} == {"harbour-2", "ledger-2"}
    assert set(hits[0]) >= {"id", "score", "title", "url", "site", "published", "snippet", "highlights"}
    with Store(db, read_only=True) as store:
        assert hits == store.search("Orskavel")["hits"]
    for h in hits:
        assert all(h["snippet"][s:e].lower() == "orskavel" for s, e in h["highlights"])


def test_search_paging_and_filters(db):
    whole = [h["id"] for h in jsonl(run("search", "Velmora", "--db", db, "-f", "jsonl"))]
    assert len(whole) == 5
    second = [h["id"] for h in jsonl(run("search", "Velmora", "--db", db, "-f", "jsonl", "-n", "2", "--offset", "2"))]
    assert second == whole[2:4]
    by_site = jsonl(run("search", "Velmora", "--db", db, "-f", "jsonl", "--site", "ledgerdaily.net"))
    assert [h["id"] for h in by_site] == ["ledger-1"]
    late = jsonl(run("search", "Velmora", "--db", db, "-f", "jsonl", "--since", "2025-04-08"))
    assert {h["id"] for h in late} == {"wire-1", "copy-1", "mirror-1"}


def test_search_table_shows_titles_totals_and_facets(db):
    result = run("search", "Orskavel quake", "--db", db)
    assert result.exit_code == 0, result.output
    assert "of 1 articles matching Orskavel quake" in result.output
    assert "Quake kills four in Orskavel" in result.output
    assert "site: ledgerdaily.net (1)" in result.output


def test_search_table_escapes_stored_text(tmp_path):
    path = str(hand_filled(tmp_path / "hand.duckdb"))
    result = run("search", "lantern", "--db", path)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert HOSTILE_TITLE.startswith("\x1b") and "Lantern" in result.output


def test_search_bad_input_is_one_line(db):
    one_line_error(run("search", '"unclosed', "--db", db), "bad search query")
    one_line_error(run("search", "x", "--db", db, "--offset", "-1"), "--offset must not be negative")
    one_line_error(run("search", "x", "--db", db, "--since", "2025-02-30"), "not a date")
    one_line_error(run("search", "x", "--db", db, "-f", "xml"), "unknown format")


# -- quotes ---------------------------------------------------------------------------------


def test_quotes_jsonl_lists_them_all(db):
    rows = jsonl(run("quotes", "--db", db, "-f", "jsonl"))
    with Store(db, read_only=True) as store:
        assert len(rows) == store.count("quotes")
        assert rows == store.quotes(limit=1000)
    assert set(rows[0]) >= {
        "article_id",
        "title",
        "published",
        "text",
        "start",
        "end",
        "speaker",
        "speaker_start",
        "speaker_end",
        "speaker_entity",
        "kind",
    }
    assert len(jsonl(run("quotes", "--db", db, "-f", "jsonl", "-n", "2"))) == 2


def test_quotes_filters(db):
    solvay = jsonl(run("quotes", "--db", db, "-f", "jsonl", "--speaker", "Solvay"))
    assert solvay and all("Solvay" in q["speaker"] for q in solvay)
    assert len({q["speaker_entity"] for q in solvay}) == 1
    law = jsonl(run("quotes", "--db", db, "-f", "jsonl", "--q", "within the law"))
    assert {q["article_id"] for q in law} == {"wire-1", "copy-1"}
    early = jsonl(run("quotes", "--db", db, "-f", "jsonl", "--until", "2025-04-07"))
    assert {q["article_id"] for q in early} == {a[0] for a in ARTICLES if a[2] == "2025-04-07"}


def test_quotes_table(db):
    result = run("quotes", "--db", db, "--speaker", "Brannik")
    assert result.exit_code == 0, result.output
    assert "2 of 15 quotes" in result.output and "Teodor" in result.output


def test_quotes_bad_input_is_one_line(db, tmp_path):
    one_line_error(run("quotes", "--db", db, "--limit", "-3"), "--limit must not be negative")
    one_line_error(run("quotes", "--db", str(tmp_path / "none.duckdb")), "no such database")
