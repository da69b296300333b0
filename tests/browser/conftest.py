"""Fixtures of the explorer's browser tests: the corpus, a real server, a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import browser, corpus
from .server import serving


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.build(tmp_path_factory.mktemp("explorer"))


@pytest.fixture(scope="session")
def base_url(explorer_db: Path) -> Iterator[str]:
    with serving(explorer_db, corpus.SETTINGS) as url:
        yield url


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    why = browser.missing()
    if why:
        pytest.skip(why)
    chrome = browser.chrome(tmp_path_factory.mktemp("chrome-profile"))
    try:
        yield chrome
    finally:
        chrome.quit()
