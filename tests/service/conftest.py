"""Stores built once per session, and test clients over the service reading
them: the invented newsroom week (``store_path``, ``client``) and the hostile
corpus of ``hostile.py`` (``hostile_store_path``, ``hostile_client``). The
explorer's page tests use these too: keep them stable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.config import Settings
from newsgraph.ingest import ingest
from newsgraph.service import create_app
from newsgraph.store import Store
from tests.corpus.newsroom import write_jsonl

from . import hostile

# The cheapest settings that still run the whole pipeline: in this process, small batches.
SETTINGS = Settings(batch_size=4, doc_timeout=0)
# The hostile corpus holds a million-character body: analysing its first 20,000
# characters is enough to put hostile text into spans, and keeps the build short.
HOSTILE_SETTINGS = Settings(batch_size=4, doc_timeout=0, max_analysis_chars=20_000)


def build_store(path: Path, source: Path, settings: Settings = SETTINGS) -> Path:
    with Store(path) as store:
        report = ingest([str(source)], store, settings)
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The newsroom week ingested into a database file (do not write to it)."""
    root = tmp_path_factory.mktemp("service")
    return build_store(root / "newsroom.duckdb", write_jsonl(root / "newsroom.jsonl"))


@pytest.fixture(scope="session")
def client(store_path: Path) -> Iterator[TestClient]:
    """A client of the service over ``store_path``, read-only and without a token."""
    app = create_app(str(store_path), settings=SETTINGS)
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def hostile_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus ingested into a database file (every article is stored)."""
    root = tmp_path_factory.mktemp("hostile")
    return build_store(root / "hostile.duckdb", hostile.write_jsonl(root / "hostile.jsonl"), HOSTILE_SETTINGS)


@pytest.fixture(scope="session")
def hostile_client(hostile_store_path: Path) -> Iterator[TestClient]:
    """A client of the service over ``hostile_store_path``."""
    app = create_app(str(hostile_store_path), settings=HOSTILE_SETTINGS)
    with TestClient(app) as client:
        yield client
