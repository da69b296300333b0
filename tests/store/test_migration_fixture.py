"""A database written by newsgraph 0.1 opens with the current Store: migrated, rows intact, readable."""

import gzip
import shutil
from pathlib import Path

import duckdb
import pytest

from newsgraph.records import CONTENT_ID_MARK, AnalyzedDocument, Article
from newsgraph.store import LATEST, Store

from ..conftest import FIXTURES
from .test_schema import describe

FIXTURE = FIXTURES / "v0_1.duckdb.gz"

# What 0.1 stored (see tests/fixtures/README.md): two plain texts and one JSONL record.
HARBOUR, COUNCIL = "165cd7a173c407c4", "016b3bc3678d6882"


@pytest.fixture
def old_db(tmp_path) -> Path:
    """A copy of the 0.1 database: the fixture itself is never opened."""
    path = tmp_path / "v0_1.duckdb"
    with gzip.open(FIXTURE) as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def test_the_fixture_is_a_schema_3_database(old_db):
    con = duckdb.connect(str(old_db), read_only=True)
    try:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 3
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles'"
            ).fetchall()
        ]
        assert columns[-1] == "content_hash"
    finally:
        con.close()


def test_a_0_1_database_is_migrated_to_the_latest_schema_with_its_rows(old_db, tmp_path):
    con = duckdb.connect(str(old_db), read_only=True)
    before = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("articles", "entities", "mentions", "quotes", "counts", "times", "events", "analyses")
    }
    con.close()
    assert all(before.values())

    with Store(old_db) as store:
        assert store.schema_version == LATEST
        assert {t: store.count(t) for t in before} == before
        summaries = {a.id: a for a in store.articles()}
        assert set(summaries) == {HARBOUR, COUNCIL, "feed-1"}
        assert summaries["feed-1"].title == "Storm closes mountain pass near Ostrava Ridge"
        assert summaries[HARBOUR].quotes >= 1 and summaries[HARBOUR].events >= 1
        harbour = store.get(HARBOUR)
        assert isinstance(harbour, AnalyzedDocument)
        assert harbour.article.body.startswith("Police detain 14 dock workers")
        body = harbour.article.body
        for q in harbour.quotes:
            assert body[q.start : q.end] == q.text
        assert any(c.value == 14 for c in harbour.counts)
        assert [d.id for d in store.iter_documents()] == sorted([HARBOUR, COUNCIL, "feed-1"])
        # migration 4 marked the content-derived ids; the JSONL record keeps its own hash
        hashes = store.stored_hashes([HARBOUR, COUNCIL, "feed-1"])
        assert hashes[HARBOUR] == CONTENT_ID_MARK + HARBOUR and hashes[COUNCIL] == CONTENT_ID_MARK + COUNCIL
        assert len(hashes["feed-1"]) == 32
        # and new documents are written next to the old ones
        new = AnalyzedDocument(id="new-1", source="n.txt", article=Article(id="new-1", source="n.txt", body="New."))
        assert store.write_batch([new]).stored == ["new-1"]
        assert store.get("new-1") == new

    # the migrated database has the schema a new one gets (except what it holds)
    Store(tmp_path / "fresh.duckdb").close()
    assert describe(old_db) == describe(tmp_path / "fresh.duckdb")
