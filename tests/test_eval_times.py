"""evaluate_times on a few TempEval-3 documents (skipped without ../shared)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.evaluation.paths import gold_path
from newsgraph.evaluation.times import evaluate_times, read_tml

# The gold sets where `newsgraph eval` looks for them (NEWSGRAPH_GOLD, else ../shared/data).
GOLD = gold_path("times", Settings())
DOCS = [
    ("TimeBank", "wsj_0006.tml"),
    ("TimeBank", "AP900815-0044.tml"),
    ("AQUAINT", "APW19980807.0261.tml"),
]


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    if not GOLD.is_dir():
        pytest.skip("TempEval-3 gold not available (../shared/data/time/tempeval3-tbaq)")
    for corpus, name in DOCS:
        (tmp_path / corpus).mkdir(exist_ok=True)
        shutil.copy(GOLD / corpus / name, tmp_path / corpus / name)
    return tmp_path


def test_read_tml_strips_tags_and_keeps_offsets(sample: Path) -> None:
    doc = read_tml(sample / "AQUAINT" / "APW19980807.0261.tml", "AQUAINT")
    assert doc.dct == "1998-08-07"
    assert "<" not in doc.text
    friday = [t for t in doc.timexes if doc.text[t.start : t.end] == "Friday"]
    assert friday and friday[0].value == "1998-08-07"


def test_evaluate_times_on_three_documents(sample: Path) -> None:
    result = evaluate_times(sample)
    assert result["documents"] == 3
    assert set(result["by_corpus"]) == {"AQUAINT", "TimeBank"}
    overall = result["overall"]
    assert overall["gold"] == sum(r["gold"] for r in result["by_corpus"].values())
    assert overall["relaxed"]["f1"] >= 0.8
    assert overall["strict"]["f1"] <= overall["relaxed"]["f1"]
    assert overall["value_accuracy"] >= 0.7
