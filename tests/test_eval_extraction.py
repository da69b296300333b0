"""Extraction evaluation: the shingle scorer by hand, and a run on 5 WCXB pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.evaluation.extraction import evaluate_extraction, normalize_title, shingle_scores, shingles

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WCXB = SHARED / "data" / "extraction" / "wcxb-dev"


def test_shingles_are_lowercased_4grams() -> None:
    assert shingles("The cat sat on the mat") == {
        ("the", "cat", "sat", "on"): 1,
        ("cat", "sat", "on", "the"): 1,
        ("sat", "on", "the", "mat"): 1,
    }
    assert shingles("Two words") == {("two", "words"): 1}  # shorter than 4: one shingle
    assert shingles("") == {}


def test_shingle_scores_on_hand_made_strings() -> None:
    gold = "one two three four five six"  # 3 shingles
    assert shingle_scores(gold, gold) == (1.0, 1.0)
    assert shingle_scores(gold, "ONE two, three-four!  five six") == (1.0, 1.0)  # case and punctuation
    # Prediction with 2 extra tokens: 5 shingles, 3 correct.
    precision, recall = shingle_scores(gold, gold + " menu login")
    assert precision == pytest.approx(3 / 5) and recall == 1.0
    # Prediction missing the last two tokens: 1 shingle, correct; recall 1/3.
    precision, recall = shingle_scores(gold, "one two three four")
    assert precision == 1.0 and recall == pytest.approx(1 / 3)


def test_shingle_score_edge_cases() -> None:
    assert shingle_scores("", "") == (1.0, 1.0)
    assert shingle_scores(None, "  ") == (1.0, 1.0)
    assert shingle_scores("one two three four", "") == (None, 0.0)  # precision undefined
    assert shingle_scores("", "one two three four") == (0.0, None)  # recall undefined


def test_title_normalisation() -> None:
    assert normalize_title("  The Adult’s  Guide – Part 1. ") == normalize_title("The adult's guide - part 1")
    assert normalize_title("Talks fail") != normalize_title("Talks fail again")


def test_evaluation_on_five_wcxb_pages() -> None:
    if not WCXB.is_dir():
        pytest.skip("../shared/data/extraction/wcxb-dev is absent (shared data is not shipped)")
    report = evaluate_extraction(WCXB, limit=5, workers=1)
    assert report["documents"] == 5
    ours, theirs = report["newsgraph"], report["trafilatura"]
    for system in (ours, theirs):
        assert 0.6 <= system["body_precision"] <= 1.0
        assert 0.6 <= system["body_recall"] <= 1.0
        assert system["title_n"] == 5
        assert system["errors"] == 0
    assert ours["body_f1"] >= 0.8
    assert ours["title_accuracy"] >= 0.6
