"""The store under hostile conditions: id kinds, failing commits, damaged files, a held lock."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import duckdb
import pytest

from newsgraph.errors import StoreBusyError, StoreError
from newsgraph.records import CONTENT_ID_MARK, AnalyzedDocument, Article
from newsgraph.store import MIGRATIONS, Store, conflict_message, migrations

from ..conftest import database_held_by_another_process
from .databases import at_version


def doc(i: int, body: str = "Some body text.", *, title: str | None = None, content_hash: str | None = None):
    return AnalyzedDocument(
        id=f"doc{i}",
        source=f"f{i}.txt",
        article=Article(
            id=f"doc{i}", source=f"f{i}.txt", body=body, title=title or f"Title {i}", content_hash=content_hash
        ),
    )


# -- ids: content-derived and given ids -------------------------------------


def test_migration_4_marks_content_ids_of_a_schema_3_database(tmp_path):
    path = tmp_path / "v3.duckdb"
    with at_version(path, 3) as old:
        assert migrations.version_of(old) == 3
        rows = [
            ("0123456789abcdef", None),  # a page's content id, stored before schema 3
            ("gold-17", None),  # a JSONL id, stored before schema 3
            ("fedcba9876543210", "ab" * 16),  # a JSONL line stored under schema 3
            ("0123456789ABCDEF", None),  # upper case: no content id
        ]
        for article_id, content_hash in rows:
            old.execute(
                "INSERT INTO articles (id, source, body, content_hash) VALUES (?, 'f', 'Body.', ?)",
                [article_id, content_hash],
            )
    with Store(path) as new:
        assert new.schema_version == len(MIGRATIONS) >= 4
        assert new.stored_hashes([r[0] for r in rows]) == {
            "0123456789abcdef": CONTENT_ID_MARK + "0123456789abcdef",
            "gold-17": None,
            "fedcba9876543210": "ab" * 16,
            "0123456789ABCDEF": None,
        }
        # a JSONL document reusing the old page's id is now a conflict
        clash = AnalyzedDocument(
            id="0123456789abcdef",
            source="feed.jsonl#1",
            article=Article(id="0123456789abcdef", source="feed.jsonl#1", body="Other.", content_hash="cd" * 16),
        )
        assert new.write_batch([clash]).conflicts == [clash]


def test_conflict_messages_name_the_kinds_of_id_that_clash():
    given, content = "ab" * 16, CONTENT_ID_MARK + "0123456789abcdef"
    page_first = conflict_message("0123456789abcdef", content, given)
    assert page_first == ("id '0123456789abcdef' is the content id of another stored document; the first one is kept")
    jsonl_first = conflict_message("0123456789abcdef", given, content)
    assert "content id '0123456789abcdef'" in jsonl_first and "JSONL" in jsonl_first
    both_given = conflict_message("r1", given, "cd" * 16)
    assert both_given == "id 'r1' was already given to a document with different content; the first one is kept"
    # unknown stored hash: still told apart by what came in
    assert "JSONL" in conflict_message("x", None, content)
    for message in (page_first, jsonl_first, both_given):
        assert "\n" not in message


# -- errors after opening ---------------------------------------------------


class _FailingCommit:
    """A connection whose COMMIT fails as on a full disk, and whose ROLLBACK
    then fails because DuckDB already ended the transaction."""

    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args):
        if sql.strip().upper() == "COMMIT":
            self._con.execute("ROLLBACK")
            raise duckdb.IOException('Could not write file "x.wal": No space left on device')
        if sql.strip().upper() == "ROLLBACK":
            raise duckdb.TransactionException("TransactionContext Error: cannot rollback - no transaction is active")
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_failed_commit_names_its_cause_not_the_rollbacks_and_keeps_earlier_batches(tmp_path):
    path = tmp_path / "db.duckdb"
    store = Store(path)
    store.write_batch([doc(1), doc(2)])
    real = store.con
    store.con = _FailingCommit(real)
    with pytest.raises(StoreError) as caught:
        store.write_batch([doc(3)])
    message = str(caught.value)
    assert message.startswith(f"[NG400] {path}: write failed: ")
    assert "No space left on device" in message and "rollback" not in message
    assert "\n" not in message
    store.con = real
    store.close()
    with Store(path, read_only=True) as again:
        assert again.count() == 2 and again.get("doc2").article.title == "Title 2"


@pytest.fixture
def small_disk():
    """A 2 MiB tmpfs, where a database soon fills the disk (needs root and mount)."""
    where = Path(f"/tmp/newsgraph-full-{uuid.uuid4().hex[:8]}")
    where.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        where.rmdir()
        pytest.skip("a small filesystem needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)
        where.rmdir()


def test_a_full_disk_during_commit_is_one_line_and_loses_nothing_committed(small_disk):
    path = small_disk / "full.duckdb"
    committed = 0
    with Store(path) as store, pytest.raises(StoreError) as caught:
        for batch in range(200):
            store.write_batch([doc(batch * 10 + k, os.urandom(20_000).hex()) for k in range(10)])
            committed += 10
    message = str(caught.value)
    assert committed > 0 and "No space left on device" in message and "\n" not in message
    assert "no transaction is active" not in message
    with Store(path, read_only=True) as again:
        assert again.count() == committed


def _damaged(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.duckdb"
    with Store(good) as store:
        for batch in range(20):
            store.write_batch([doc(batch * 10 + k, os.urandom(2000).hex()) for k in range(10)])
    data = good.read_bytes()
    files = {
        "truncated": tmp_path / "half.duckdb",
        "overwritten": tmp_path / "mid.duckdb",
        "text": tmp_path / "text.duckdb",
    }
    files["truncated"].write_bytes(data[: len(data) // 2])
    # garbage over the start of every storage block after the first
    # (DuckDB: three 4 KiB headers, then 256 KiB blocks, each checksummed)
    middle = bytearray(data)
    for start in range(12288 + 262144, len(data) - 4096, 262144):
        middle[start : start + 4096] = bytes(range(256)) * 16
    files["overwritten"].write_bytes(bytes(middle))
    files["text"].write_text("this is a shopping list, not a database\n" * 20)
    return files


def test_a_damaged_database_gives_store_errors_never_other_exceptions(tmp_path):
    for kind, path in _damaged(tmp_path).items():
        for read_only in (True, False):
            outcomes = []
            try:
                store = Store(path, read_only=read_only)
            except StoreError as exc:
                outcomes.append(str(exc))
            else:
                # Bound as defaults: each call runs in this iteration, against this store.
                calls = [
                    store.count,
                    store.articles,
                    lambda store=store: store.get("doc105"),
                    lambda store=store: list(store.iter_documents()),
                ]
                if not read_only:
                    calls.append(lambda store=store: store.write_batch([doc(9999)]))
                calls.append(lambda store=store, kind=kind: store.export(tmp_path / f"out-{kind}", "csv"))
                for call in calls:
                    try:
                        call()
                    except StoreError as exc:
                        outcomes.append(str(exc))
                store.close()
            # every failure is one NG400 line naming the file
            assert all(o.startswith("[NG400] ") and str(path) in o and "\n" not in o for o in outcomes), outcomes
            assert outcomes, f"{kind} database read without any error"


def test_exporting_where_no_file_can_be_written_is_a_store_error(tmp_path):
    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        store.write_batch([doc(1)])
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    with Store(db, read_only=True) as store:
        with pytest.raises(StoreError, match="Not a directory"):
            store.export(a_file / "sub", "csv")
        # a target that cannot be opened for writing (root ignores chmod, so a folder stands in the way)
        out = tmp_path / "out"
        (out / "articles.csv").mkdir(parents=True)
        with pytest.raises(StoreError) as caught:
            store.export(out, "csv", ["articles"])
        assert "articles.csv" in str(caught.value) and "\n" not in str(caught.value)
        (out / "events_gdelt.csv").mkdir()
        with pytest.raises(StoreError) as caught:
            store.export_events(out, "csv", "gdelt")
        assert "events_gdelt.csv" in str(caught.value) and "Is a directory" in str(caught.value)


def test_a_folder_without_write_permission_is_named(tmp_path, monkeypatch):
    import newsgraph.store.export as store_module

    db = tmp_path / "db.duckdb"
    Store(db).close()
    monkeypatch.setattr(store_module.os, "access", lambda path, mode: False)
    with (
        Store(db, read_only=True) as store,
        pytest.raises(StoreError, match=r"cannot write into export folder .*permission denied"),
    ):
        store.export(tmp_path / "ro", "csv")


# -- a database held by another process --------------------------------------


@pytest.fixture
def held_database(tmp_path):
    db = tmp_path / "held.duckdb"
    with Store(db) as store:
        store.write_batch([doc(1)])
    with database_held_by_another_process(db) as pid:
        yield db, pid


def test_a_database_held_by_another_process_is_busy_not_a_traceback(held_database):
    db, pid = held_database
    for read_only in (True, False):
        with pytest.raises(StoreBusyError) as caught:
            Store(db, read_only=read_only)
        message = str(caught.value)
        assert message.startswith(f"[NG401] {db}: database is busy: another process (PID {pid})")
        assert "wait for it to finish" in message and "\n" not in message


def test_reading_opens_read_only_and_several_readers_may_share(tmp_path):
    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        store.write_batch([doc(1)])
    with Store(db, read_only=True) as one, Store(db, read_only=True) as two:
        assert one.count() == two.count() == 1
        with pytest.raises(duckdb.Error, match="read-only"):
            one.con.execute("INSERT INTO articles (id, source, body) VALUES ('x', 'y', 'z')")
