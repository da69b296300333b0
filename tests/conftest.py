from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "examples" / "kazakhstan-musician.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("development gold sets not found at ../shared (only CI and developers have them)")
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.config import DEFAULT_MODEL
    from newsgraph.annotate.nlp import load_model

    return load_model(DEFAULT_MODEL)
