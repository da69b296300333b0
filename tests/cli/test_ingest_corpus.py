"""`ingest --no-corpus` stores articles only; the next ingest with the corpus layer places them; ingest says
when the search index fails to take a batch."""

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import StoreError
from newsgraph.store import Store
from newsgraph.store.search import SearchIndex

from ..corpus.newsroom import ARTICLES, write_jsonl

runner = CliRunner()


def test_no_corpus_then_corpus(tmp_path):
    db = str(tmp_path / "db.duckdb")
    first = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:3])
    second = write_jsonl(tmp_path / "b.jsonl", ARTICLES[3:5])
    result = runner.invoke(app, ["ingest", "--quiet", "--no-corpus", "--db", db, str(first)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert (store.count("articles"), store.count("corpus_articles")) == (3, 0)
    result = runner.invoke(app, ["ingest", "--quiet", "--db", db, str(second)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert (store.count("articles"), store.count("corpus_articles")) == (5, 5)
        # The earlier articles were placed first, in the order they were stored.
        order = [r[0] for r in store.con.execute("SELECT article_id FROM corpus_articles ORDER BY seq").fetchall()]
        assert order == [a[0] for a in ARTICLES[:5]]


def test_corpus_rebuild_recomputes_the_tables_ingest_built(tmp_path):
    from ..corpus.newsroom import corpus_tables

    db = str(tmp_path / "db.duckdb")
    source = write_jsonl(tmp_path / "week.jsonl")
    assert runner.invoke(app, ["ingest", "--quiet", "--db", db, str(source)]).exit_code == 0
    with Store(db) as store:
        built = corpus_tables(store)
        store.con.execute("DELETE FROM stories")  # damage one table
    result = runner.invoke(app, ["corpus", "rebuild", "--quiet", "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"placed {len(ARTICLES)} articles" in result.output
    with Store(db) as store:
        assert corpus_tables(store) == built


def test_corpus_rebuild_of_a_missing_database_is_one_line(tmp_path):
    result = runner.invoke(app, ["corpus", "rebuild", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no such database" in result.output and "Traceback" not in result.output


def test_ingest_says_when_the_search_index_fails_to_take_a_batch(tmp_path, monkeypatch):
    """The batch is stored (the database is the truth) but search would miss it: one
    warning line per failed batch, even with --quiet; the next open indexes it."""
    db = str(tmp_path / "db.duckdb")
    source = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:3])

    def refuse(self, docs):
        raise StoreError(f"disk full while indexing {len(docs)} articles")

    with monkeypatch.context() as m:
        m.setattr(SearchIndex, "add", refuse)
        result = runner.invoke(
            app, ["ingest", "--quiet", "--batch-size", "2", "--db", db, str(source)], catch_exceptions=False
        )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: search index")]
    assert len(warnings) == 2, result.stderr
    assert "2 stored articles not indexed yet" in warnings[0] and "disk full" in warnings[0]
    with Store(db) as store:
        assert store.count("articles") == 3
        assert len(store.search("Velmora OR police OR protesters")["hits"]) >= 1
        assert store.search_index().ids() == {a[0] for a in ARTICLES[:3]}
