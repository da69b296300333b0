"""Worker processes: a stuck or crashing document costs itself, not the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsgraph import workers
from newsgraph.config import Settings
from newsgraph.ingest import analyze, ingest
from newsgraph.records import RawDocument
from newsgraph.store import Store
from newsgraph.workers import Failure, WorkerPool


def _raw(i: int, text: str) -> RawDocument:
    return RawDocument(id=f"doc{i}", source=f"doc{i}.txt", format="text", content=text)


def _fake_analyze(raw: RawDocument, settings: Settings):
    """Stands in for extraction and analysis; the children inherit it through fork."""
    if "STALL" in raw.content:
        time.sleep(600)
    if "CRASH" in raw.content:
        os.kill(os.getpid(), signal.SIGKILL)
    return Failure(raw.source, f"analysed {raw.content}", reason="empty")


@pytest.fixture
def fake_analysis(monkeypatch):
    monkeypatch.setattr(workers, "analyze_document", _fake_analyze)


@pytest.mark.parametrize("n_workers", [1, 2])
def test_a_stuck_document_fails_alone_and_the_chunk_goes_on(fake_analysis, n_workers):
    chunks = [[_raw(0, "a"), _raw(1, "STALL"), _raw(2, "b")], [_raw(3, "c")]]
    started = time.monotonic()
    with WorkerPool(Settings(doc_timeout=1), n_workers) as pool:
        results = list(pool.run(chunks))
    assert time.monotonic() - started < 60
    messages = [[o.message for o in chunk] for chunk in results]
    assert messages[0][0] == "analysed a" and messages[0][2] == "analysed b"
    assert "took too long" in messages[0][1] and results[0][1].source == "doc1.txt"
    assert messages[1] == ["analysed c"]


def test_a_worker_that_dies_costs_only_its_document(fake_analysis):
    chunks = [[_raw(0, "a"), _raw(1, "CRASH"), _raw(2, "b")]]
    with WorkerPool(Settings(doc_timeout=30), 1) as pool:
        (results,) = list(pool.run(chunks))
    assert [o.source for o in results] == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert results[0].message == "analysed a" and results[2].message == "analysed b"
    assert "worker process died" in results[1].message and "signal 9" in results[1].message


def test_outcomes_keep_input_order_across_many_chunks(fake_analysis):
    chunks = [[_raw(i * 3 + j, f"t{i * 3 + j}") for j in range(3)] for i in range(7)]
    with WorkerPool(Settings(doc_timeout=30), 2) as pool:
        results = [o.message for chunk in pool.run(chunks) for o in chunk]
    assert results == [f"analysed t{i}" for i in range(21)]


def test_ingest_stores_the_documents_around_a_stuck_one(fake_analysis, tmp_path):
    for name, text in [("a.txt", "STALL here"), ("b.txt", "other")]:
        (tmp_path / name).write_text(text)
    with Store(str(tmp_path / "x.duckdb")) as store:
        report = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store, Settings(doc_timeout=1, plain=True))
    assert report.read == 2 and report.failed == 1 and report.empty == 1
    assert "took too long" in report.failures[0].message


def test_without_a_budget_the_work_runs_in_process(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Monday in the town hall and voted on the budget.")
    (outcome,) = list(analyze([str(tmp_path / "a.txt")], Settings(doc_timeout=0, plain=True)))
    assert outcome.article.body.startswith("The council met")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in "ZX"  # a zombie has exited; only its parent's reaping is missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see processes")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    pid_file = tmp_path / "worker.pid"
    script = textwrap.dedent(
        f"""
        import os, time
        from newsgraph import workers
        from newsgraph.config import Settings
        from newsgraph.records import RawDocument

        def stall(raw, settings):
            open({str(pid_file)!r}, "w").write(str(os.getpid()))
            time.sleep(600)

        workers.analyze_document = stall
        raws = [RawDocument(id="d", source="d", format="text", content="x")]
        with workers.WorkerPool(Settings(doc_timeout=600), 1) as pool:
            list(pool.run([raws]))
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(600):  # the worker writes its pid once it is working
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.1)
        worker_pid = int(pid_file.read_text())
        assert _alive(worker_pid)
        parent.kill()
        parent.wait(timeout=10)
        for _ in range(100):
            if not _alive(worker_pid):
                break
            time.sleep(0.1)
        assert not _alive(worker_pid)
    finally:
        parent.kill()
        if pid_file.exists() and pid_file.read_text() and _alive(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)


def test_long_bodies_are_parsed_in_pieces_that_join_to_the_same_text(monkeypatch, nlp):
    monkeypatch.setattr(workers, "SEGMENT_CHARS", 400)
    paragraph = "Maria Keller, the mayor of Lindholm, said on Tuesday that the bridge would reopen in May.\n"
    text = paragraph * 30 + "x" * 1000 + " tail"  # a run with no break at all is cut mid-word
    pieces = workers._segments(text, 400)
    assert "".join(pieces) == text and max(map(len, pieces)) <= 400 and len(pieces) >= 10
    doc = workers.parse(nlp, text)
    assert doc.text == text
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    assert len(people) >= 25
    assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
    assert sum(1 for s in doc.sents if "bridge" in s.text) == 30
