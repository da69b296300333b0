"""Extraction evaluation: the shingle scorer by hand, and a run on 5 WCXB pages."""

from __future__ import annotations

import pytest

from newsgraph.evaluation.extraction import (
    author_tokens,
    evaluate_extraction,
    flatten_page,
    normalize_title,
    page_f1,
    shingle_scores,
    shingles,
    word_scores,
)

from ..conftest import floor


def test_shingles_are_case_sensitive_4grams_like_scrapinghub() -> None:
    assert shingles("The cat sat on the mat") == {
        ("The", "cat", "sat", "on"): 1,
        ("cat", "sat", "on", "the"): 1,
        ("sat", "on", "the", "mat"): 1,
    }
    assert shingles("Two words") == {("Two", "words"): 1}  # shorter than 4: one shingle
    assert shingles("") == {}


def test_shingle_scores_on_hand_made_strings() -> None:
    gold = "one two three four five six"  # 3 shingles
    assert shingle_scores(gold, gold) == (1.0, 1.0)
    assert shingle_scores(gold, "one two, three-four!  five six") == (1.0, 1.0)  # punctuation
    assert shingle_scores(gold, gold.upper()) == (0.0, 0.0)  # the reference keeps case
    # Prediction with 2 extra tokens: 5 shingles, 3 correct.
    precision, recall = shingle_scores(gold, gold + " menu login")
    assert precision == pytest.approx(3 / 5) and recall == 1.0
    # Prediction missing the last two tokens: 1 shingle, correct; recall 1/3.
    precision, recall = shingle_scores(gold, "one two three four")
    assert precision == 1.0 and recall == pytest.approx(1 / 3)


def test_shingle_score_edge_cases() -> None:
    assert shingle_scores("", "") == (None, None)  # in neither average
    assert shingle_scores(None, "  ") == (None, None)
    assert shingle_scores("one two three four", "") == (None, 0.0)  # precision undefined
    assert shingle_scores("", "one two three four") == (0.0, None)  # recall undefined


def test_word_scores_follow_wcxb() -> None:
    gold = "The cat sat on the mat"
    assert word_scores(gold, "the CAT sat on the mat!") == (1.0, 1.0, 1.0)  # lower-cased
    precision, recall, f1 = word_scores(gold, "the cat sat menu")  # 3 of 4 right, 3 of 6 found
    assert (precision, recall) == (pytest.approx(3 / 4), pytest.approx(3 / 6))
    assert f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert word_scores(gold, "sat the on cat mat the") == (1.0, 1.0, 1.0)  # a bag: order is free
    assert word_scores(gold, "") == (0.0, 0.0, 0.0)  # an empty prediction counts, as zero
    assert word_scores("", "") == (1.0, 1.0, 1.0)
    assert word_scores(None, "anything") == (0.0, 0.0, 0.0)


def test_title_normalisation() -> None:
    assert normalize_title("  The Adult’s  Guide – Part 1. ") == normalize_title("The adult's guide - part 1")
    assert normalize_title("Talks fail") != normalize_title("Talks fail again")


def test_author_normalisation() -> None:
    assert author_tokens("By Jane Doe and John Roe") == author_tokens(["John Roe", "Jane Doe"])
    assert author_tokens("JANE DOE") == author_tokens(["Jane Doe"])
    assert author_tokens("Jane Doe") != author_tokens(["Jane Doe", "John Roe"])  # an extra name is wrong
    assert author_tokens(None) == author_tokens([]) == frozenset()


def test_page_f1() -> None:
    assert page_f1("one two three four five", "one two three four five") == 1.0
    assert page_f1("one two three four five", "") == 0.0
    assert page_f1("", "") == 1.0


def test_evaluation_on_five_wcxb_pages(gold) -> None:
    report = evaluate_extraction(gold("extraction"), limit=5, workers=1)
    assert report["documents"] == 5
    ours, theirs = report["newsgraph"], report["trafilatura"]
    for system in (ours, theirs):
        assert floor("extraction", "body_precision") <= system["body_precision"] <= 1.0
        assert floor("extraction", "body_recall") <= system["body_recall"] <= 1.0
        assert system["title_n"] == 5
        assert system["errors"] == 0
        assert system["author_n"] <= 5 and 0.0 <= (system["author_accuracy"] or 0.0) <= 1.0
    assert ours["body_f1"] >= floor("extraction", "body_f1")
    assert ours["wcxb_word_f1"] >= floor("extraction", "wcxb_word_f1")
    assert ours["title_accuracy"] >= floor("extraction", "title_accuracy")
    halves = report["halves"]
    assert halves["odd"]["newsgraph"]["title_n"] + halves["even"]["newsgraph"]["title_n"] == 5
    for page in report["behind_trafilatura"]:  # the page-by-page comparison
        assert page["newsgraph"] < page["trafilatura"] - 0.1


def test_flattened_page_is_every_visible_block_a_line() -> None:
    html = "<html><head><title>T</title><script>var x = 1;</script></head><body><nav><a>Home</a> <a>News</a></nav><h1>Headline here</h1><p>First <b>bold</b> paragraph.</p><div>Footer text</div></body></html>"
    assert flatten_page(html) == "Home News\nHeadline here\nFirst bold paragraph.\nFooter text"


def test_flattened_evaluation_on_twenty_wcxb_pages(gold) -> None:
    report = evaluate_extraction(gold("extraction"), limit=20, workers=1, flatten=True)
    assert report["input"] == "flattened text"
    ours, whole = report["newsgraph"], report["flattened_page"]
    assert ours["errors"] == 0 and ours["title_n"] == 20
    # The extractor must beat keeping the whole dump, and find titles the dump cannot give.
    assert ours["body_f1"] > whole["body_f1"] + 0.03
    assert whole["body_recall"] > 0.9 and whole["title_accuracy"] == 0.0
    assert ours["title_accuracy"] >= floor("flattened", "title_accuracy")
