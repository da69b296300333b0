"""The corpus tables kept in step with ingest: same transaction, a real kill, rebuild equal to
the incremental path, articles stored before the corpus layer, bad input."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from newsgraph.config import Settings
from newsgraph.corpus_sync import rebuild
from newsgraph.ingest import ingest
from newsgraph.store import Store

from ..conftest import kill_once_committed
from .newsroom import ARTICLES, corpus_tables, write_jsonl

SETTINGS = Settings(batch_size=2, doc_timeout=0)


@pytest.fixture(scope="module")
def fresh_tables(tmp_path_factory):
    """The corpus tables of one uninterrupted ingest of the invented week."""
    root = tmp_path_factory.mktemp("fresh")
    source = write_jsonl(root / "week.jsonl")
    with Store(root / "db.duckdb") as store:
        report = ingest([str(source)], store, SETTINGS)
        assert report.ok and report.stored == len(ARTICLES)
        return corpus_tables(store)


def test_every_stored_article_is_placed_once_with_consistent_counts(fresh_tables):
    placed = fresh_tables["corpus_articles"]
    assert sorted(row[0] for row in placed) == sorted(a[0] for a in ARTICLES)
    assert sorted(row[1] for row in placed) == list(range(len(ARTICLES)))  # seq 0..n-1
    stories = {row[0]: row for row in fresh_tables["stories"]}
    assert set(stories) == {row[7] for row in placed}
    # A story's article count is the number of articles placed in it.
    for story_id, row in stories.items():
        assert row[4] == sum(1 for p in placed if p[7] == story_id)
    # Every report points at a stored corpus event, and every member at a stored corpus entity.
    events = {row[0] for row in fresh_tables["corpus_events"]}
    assert {row[0] for row in fresh_tables["event_reports"]} == events
    entities = {row[0] for row in fresh_tables["corpus_entities"]}
    assert {row[0] for row in fresh_tables["entity_members"]} == entities


def test_a_republished_wire_copy_is_one_independent_source(fresh_tables):
    placed = {row[0]: row for row in fresh_tables["corpus_articles"]}
    wire, copy = placed["wire-1"], placed["copy-1"]
    assert copy[4] == wire[4] == "wire-1"  # same syndication group, started by the wire
    assert copy[6] == wire[6] == "northlinenews.org"  # the original's site
    assert placed["harbour-1"][4] != wire[4]


def test_the_same_happening_told_by_several_outlets_is_one_story(fresh_tables):
    placed = {row[0]: row for row in fresh_tables["corpus_articles"]}
    assert placed["harbour-1"][7] == placed["ledger-1"][7]
    assert placed["harbour-2"][7] == placed["ledger-2"][7]
    assert placed["harbour-1"][7] != placed["harbour-2"][7]
    assert placed["undated-1"][7] not in {placed["harbour-1"][7], placed["harbour-2"][7]}


DRIVER = textwrap.dedent(
    """
    import sys
    from newsgraph.config import Settings
    from newsgraph.ingest import ingest
    from newsgraph.store import Store

    def progress(report):
        print("committed", report.stored, flush=True)

    with Store(sys.argv[1]) as store:
        ingest([sys.argv[2]], store, Settings(batch_size=1, doc_timeout=0), on_progress=progress)
    print("finished", flush=True)
    """
)


def test_sigkill_mid_ingest_then_rerun_gives_the_uninterrupted_corpus_tables(tmp_path, fresh_tables):
    source = write_jsonl(tmp_path / "week.jsonl")
    db = tmp_path / "db.duckdb"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    killed_at, status = kill_once_committed(
        [sys.executable, str(driver), str(db), str(source)], lambda stored: 3 <= stored < len(ARTICLES)
    )
    assert killed_at is not None, "the ingest finished before it could be killed"
    assert status == -signal.SIGKILL
    with Store(db) as store:
        stored = store.count()
        assert killed_at <= stored < len(ARTICLES)
        # Articles and their corpus rows were committed together.
        assert store.count("corpus_articles") == stored
    rerun = subprocess.run(
        [sys.executable, str(driver), str(db), str(source)], capture_output=True, text=True, timeout=300
    )
    assert "finished" in rerun.stdout, rerun.stderr
    with Store(db) as store:
        assert store.count() == len(ARTICLES)
        assert corpus_tables(store) == fresh_tables


def test_rebuild_gives_the_tables_of_the_incremental_path(tmp_path, fresh_tables):
    # Ingested in three runs; the rebuild replays the same arrival order.
    parts = [ARTICLES[:3], ARTICLES[3:5], ARTICLES[5:]]
    with Store(tmp_path / "db.duckdb") as store:
        for n, part in enumerate(parts):
            ingest([str(write_jsonl(tmp_path / f"part{n}.jsonl", part))], store, SETTINGS)
        incremental = corpus_tables(store)
        assert incremental == fresh_tables
        seen: list[tuple[int, int]] = []
        assert rebuild(store, on_progress=lambda done, total: seen.append((done, total))) == len(ARTICLES)
        assert seen[-1] == (len(ARTICLES), len(ARTICLES))
        assert corpus_tables(store) == incremental


def test_articles_stored_without_the_corpus_layer_are_placed_by_the_next_ingest(tmp_path, fresh_tables):
    with Store(tmp_path / "db.duckdb") as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", ARTICLES[:4]))], store, SETTINGS, corpus=False)
        assert store.count("corpus_articles") == 0
        ingest([str(write_jsonl(tmp_path / "b.jsonl", ARTICLES[4:]))], store, SETTINGS)
        assert corpus_tables(store) == fresh_tables


def test_the_same_article_twice_and_identical_bodies_under_many_urls(tmp_path):
    wire = ARTICLES[2]
    copies = [(f"copy-{i}", f"https://site{i}.com/a", wire[2], f"Headline {i}", wire[4]) for i in range(12)]
    source = write_jsonl(tmp_path / "copies.jsonl", [wire, *copies, wire])
    with Store(tmp_path / "db.duckdb") as store:
        report = ingest([str(source)], store, SETTINGS)
        assert report.stored == 13 and report.duplicate == 1
        ingest([str(source)], store, SETTINGS)  # all of it again
        assert store.count("corpus_articles") == 13
        groups = store.con.execute("SELECT id, original, num_articles, num_sites FROM syndication_groups").fetchall()
        assert groups == [("wire-1", "wire-1", 13, 13)]
        (story,) = store.con.execute("SELECT num_articles, num_sites, num_sources FROM stories").fetchall()
        assert story == (13, 13, 1)


def test_undated_entityless_eventless_and_empty_articles_are_placed(tmp_path):
    rows = [
        ("bare-1", "", "", "", "Nothing much happened here today at all, the weather was mild and grey."),
        ("bare-2", "https://quiet.com/x", "", "", "..."),
        ("bare-3", "not a url", "2025-13-45", "Odd date", "A short note without names or events in it."),
    ]
    with Store(tmp_path / "db.duckdb") as store:
        report = ingest([str(write_jsonl(tmp_path / "bare.jsonl", rows))], store, SETTINGS)
        assert report.failed == 0
        assert store.count("corpus_articles") == store.count("articles") == report.stored + report.empty
        assert store.count("stories") >= 1


def test_the_saved_state_spares_the_next_run_a_replay(tmp_path, fresh_tables, monkeypatch):
    from newsgraph.corpus_sync import CorpusSync, state_path

    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", ARTICLES[:4]))], store, SETTINGS)
        saved = state_path(store)
        assert saved is not None and saved.exists()
        replayed: list[list[str]] = []
        real = store.documents
        monkeypatch.setattr(store, "documents", lambda ids: replayed.append(list(ids)) or real(ids))
        assert len(CorpusSync(store).layer()) == 4
        assert replayed and not any(replayed)  # nothing read: the state covered every placed article
        monkeypatch.undo()
        ingest([str(write_jsonl(tmp_path / "b.jsonl", ARTICLES[4:]))], store, SETTINGS)
        assert corpus_tables(store) == fresh_tables


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-database", "hostile"])
def test_a_bad_state_file_is_ignored_and_the_store_replayed(tmp_path, fresh_tables, damage):
    import json
    import pickle

    from newsgraph.corpus_sync import state_path

    db = tmp_path / "db.duckdb"
    marker = tmp_path / "ran"
    with Store(db) as store:
        ingest([str(write_jsonl(tmp_path / "a.jsonl", ARTICLES[:4]))], store, SETTINGS)
        path = state_path(store)
        assert path is not None
        header, _, body = path.read_bytes().partition(b"\n")
        if damage == "garbage":
            path.write_bytes(b"\x00\xff not a state file")
        elif damage == "truncated":
            path.write_bytes(header + b"\n" + body[: len(body) // 2])
        elif damage == "other-database":
            fields = json.loads(header)
            fields["last_id"] = "some-other-article"
            path.write_bytes(json.dumps(fields).encode() + b"\n" + body)
        else:

            class Hostile:
                def __reduce__(self):
                    return (open, (str(marker), "w"))

            path.write_bytes(header + b"\n" + pickle.dumps(Hostile()))
        ingest([str(write_jsonl(tmp_path / "b.jsonl", ARTICLES[4:]))], store, SETTINGS)
        assert corpus_tables(store) == fresh_tables
    assert not marker.exists()
