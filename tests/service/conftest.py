"""A store built once per session from the invented newsroom week, and a test
client over the service reading it. The explorer's page tests use these too:
keep ``store_path`` and ``client`` stable."""

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

# The cheapest settings that still run the whole pipeline: in this process, small batches.
SETTINGS = Settings(batch_size=4, doc_timeout=0)


def build_store(path: Path, source: Path) -> Path:
    with Store(path) as store:
        report = ingest([str(source)], store, SETTINGS)
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
