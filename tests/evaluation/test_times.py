"""evaluate_times on a few TempEval-3 documents (skipped without the gold sets)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsgraph.evaluation.times import evaluate_times, read_tml

from ..conftest import floor

DOCS = [
    ("TimeBank", "wsj_0006.tml"),
    ("TimeBank", "AP900815-0044.tml"),
    ("AQUAINT", "APW19980807.0261.tml"),
]


@pytest.fixture()
def sample(tmp_path: Path, gold) -> Path:
    for corpus, name in DOCS:
        (tmp_path / corpus).mkdir(exist_ok=True)
        shutil.copy(gold("times", corpus, name), tmp_path / corpus / name)
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
    assert overall["relaxed"]["f1"] >= floor("times", "sample_relaxed_f1")
    assert overall["strict"]["f1"] <= overall["relaxed"]["f1"]
    assert overall["value_accuracy"] >= floor("times", "sample_value_accuracy")
