import json
import signal
import subprocess
import sys
import textwrap

import duckdb
import pytest

from newsgraph.records import AnalyzedDocument, Article, Entity, Mention
from newsgraph.store import MIGRATIONS, TABLES, Store, migrations

from ..conftest import kill_once_committed
from .databases import at_version


def doc(i: int, body: str = "Some body text.") -> AnalyzedDocument:
    e = Entity(
        id=f"ent_{i % 3}",
        name=f"Name {i % 3}",
        type="PERSON",
        mentions=[Mention(start=0, end=4, text="Some", entity_id=f"ent_{i % 3}")],
    )
    return AnalyzedDocument(
        id=f"doc{i}",
        source=f"f{i}.txt",
        article=Article(id=f"doc{i}", source=f"f{i}.txt", body=body, title=f"Title {i}"),
        entities=[e],
    )


def test_migrations_are_versioned_and_idempotent(tmp_path):
    path = tmp_path / "db.duckdb"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    with Store(path) as store:  # reopening applies nothing twice
        assert store.schema_version == len(MIGRATIONS)
        assert store.count() == 0


def test_write_batch_skips_duplicates_within_and_across_batches(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        stored, dup, clashing = store.write_batch([doc(1), doc(2), doc(1)])
        assert stored == ["doc1", "doc2"] and dup == 1 and clashing == []
        stored, dup, clashing = store.write_batch([doc(2), doc(3)])
        assert stored == ["doc3"] and dup == 1 and clashing == []
        assert store.count("articles") == 3
        # entity 1 appears in docs 1 (ent_1) ; shared ids across documents are stored once
        assert store.count("entities") == 3
        assert store.get("doc3").article.title == "Title 3"
    with Store(tmp_path / "db.duckdb") as store, pytest.raises(Exception, match="ambiguous"):
        store.resolve_id("doc")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_every_table(tmp_path, fmt):
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([doc(1), doc(2)])
        written = store.export(tmp_path / "out", fmt)
    assert sorted(p.stem for p in written) == sorted(TABLES)
    articles = tmp_path / "out" / f"articles.{fmt}"
    assert articles.exists()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in articles.read_text().splitlines()]
        assert {r["id"] for r in rows} == {"doc1", "doc2"}
    else:
        n = duckdb.sql(f"SELECT count(*) FROM '{articles}'").fetchall()[0][0]
        assert n == 2


DRIVER = textwrap.dedent(
    """
    import sys
    from newsgraph.config import Settings
    from newsgraph.ingest import ingest
    from newsgraph.store import Store

    def progress(report):
        print("committed", report.stored, flush=True)

    with Store(sys.argv[1]) as store:
        ingest([sys.argv[2]], store, Settings(plain=True, batch_size=5), on_progress=progress)
    print("finished", flush=True)
    """
)


def test_sigkill_mid_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n_docs = 120
    for i in range(n_docs):
        (corpus / f"{i:04d}.txt").write_text(
            f"Report number {i}. Officials in the capital said on Monday that {i} people were detained.\n"
        )
    db = tmp_path / "db.duckdb"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    killed_at, status = kill_once_committed(
        [sys.executable, str(driver), str(db), str(corpus)], lambda stored: 0 < stored < n_docs
    )
    assert killed_at is not None, "the ingest finished before it could be killed"
    assert status == -signal.SIGKILL

    with Store(db) as store:
        partial = store.count()
        assert killed_at <= partial < n_docs  # committed batches survived the kill

    result = subprocess.run(
        [sys.executable, str(driver), str(db), str(corpus)], capture_output=True, text=True, timeout=300
    )
    assert "finished" in result.stdout, result.stderr
    with Store(db) as store:
        assert store.count() == n_docs
        ids = [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()]
        assert len(ids) == len(set(ids))
        assert store.count("analyses") == n_docs
        bodies = {r[0] for r in store.con.execute("SELECT body FROM articles").fetchall()}
        assert len(bodies) == n_docs


def test_entities_shared_by_documents_are_stored_once_and_completed(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([doc(1)])
        later = doc(4)  # same entity id as doc(1), now with a country
        later.entities[0].country = "PE"
        store.write_batch([later, doc(7)])
        rows = store.con.execute("SELECT id, country FROM entities WHERE id = 'ent_1'").fetchall()
        assert rows == [("ent_1", "PE")]
        assert store.count("mentions") == 3  # one per document


def test_a_version_1_database_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    with at_version(path, 1) as old:
        assert migrations.version_of(old) == 1
        # Rows as version 1 wrote them: no content_hash column yet.
        old.execute(
            "INSERT INTO articles (id, source, title, body) VALUES ('doc1', 'f1.txt', 'Title 1', 'Some body text.')"
        )
        old.execute("INSERT INTO mentions VALUES ('doc1', 'ent_1', 0, 4, 'Some', 'name')")
        record = doc(1).to_dict()
        old.execute("INSERT INTO analyses VALUES ('doc1', ?)", [json.dumps(record)])
    with Store(path) as new:
        assert new.schema_version == len(MIGRATIONS) >= 3
        assert new.count("mentions") == 1 and new.get("doc1").article.title == "Title 1"
        assert new.stored_hashes(["doc1", "doc9"]) == {"doc1": None}
        new.write_batch([doc(2)])
        assert new.count("mentions") == 2


def test_a_reused_id_with_other_content_is_a_conflict_not_a_duplicate(tmp_path):
    def hashed(i: int, content_hash: str | None) -> AnalyzedDocument:
        d = doc(i)
        d.article.content_hash = content_hash
        return d

    with Store(tmp_path / "db.duckdb") as store:
        stored, dup, clashing = store.write_batch([hashed(1, "aaa"), hashed(1, "aaa"), hashed(1, "bbb")])
        assert stored == ["doc1"] and dup == 1 and [d.article.content_hash for d in clashing] == ["bbb"]
        stored, dup, clashing = store.write_batch([hashed(1, "ccc"), hashed(1, None), hashed(2, "ddd")])
        # an unknown hash (a content-derived id) never conflicts
        assert stored == ["doc2"] and dup == 1 and [d.article.content_hash for d in clashing] == ["ccc"]
        assert store.stored_hashes(["doc1", "doc2"]) == {"doc1": "aaa", "doc2": "ddd"}
