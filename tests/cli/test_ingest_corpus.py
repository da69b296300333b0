"""`ingest --no-corpus` stores articles only; the next ingest with the corpus layer places them."""

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import Store

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
