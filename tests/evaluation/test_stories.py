"""Story clustering evaluation: B-cubed on hand-computed examples, the baseline's
clustering, and the GVC dev set (skipped without the gold sets)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluation.stories import (
    GoldDocument,
    average_linkage_merges,
    baseline,
    bcubed,
    cut,
    evaluate_stories,
    pipeline_analyses,
    publication_order,
    read_gold,
)

from ..conftest import MODEL, floor


def test_bcubed_perfect_and_all_in_one():
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed({"a": "x", "b": "x", "c": "y"}, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    # One predicted cluster: precision a,b 2/3, c 1/3 -> 5/9; recall 1.
    merged = bcubed({"a": "x", "b": "x", "c": "x"}, gold)
    assert merged["precision"] == round(5 / 9, 4)
    assert merged["recall"] == 1.0
    assert merged["f1"] == round(2 * (5 / 9) / (5 / 9 + 1), 4)


def test_bcubed_all_singletons():
    # Precision 1; recall a,b 1/2, c 1 -> 2/3.
    scores = bcubed({"a": "x", "b": "y", "c": "z"}, {"a": "1", "b": "1", "c": "2"})
    assert scores == {"precision": 1.0, "recall": round(2 / 3, 4), "f1": 0.8}


def test_bcubed_refuses_a_missing_item():
    with pytest.raises(EvaluationError, match="no predicted cluster"):
        bcubed({"a": "x"}, {"a": "1", "b": "1"})


def doc(doc_id: str, text: str, cluster: str, published: date | None = None) -> GoldDocument:
    return GoldDocument(doc_id, text, text.split("\n")[0], published, cluster)


DOCS = [
    doc("d1", "Ferry sinks off Corvey island\nA ferry sank off Corvey island, coast guard says.", "ferry"),
    doc("d2", "Orchard blight spreads in Lusk\nBlight hit the apple orchards of Lusk valley.", "blight"),
    doc(
        "d3",
        "Corvey ferry sinking: coast guard rescues crew\nThe coast guard rescued the ferry crew off Corvey.",
        "ferry",
    ),
    doc("d4", "Lusk apple growers fight orchard blight\nApple growers in Lusk valley fight the blight.", "blight"),
]


def test_average_linkage_baseline_separates_two_invented_stories():
    merges = average_linkage_merges(DOCS)
    assert [s for s, _, _ in merges] == sorted((s for s, _, _ in merges), reverse=True)
    labels = cut(merges, len(DOCS), 0.2)
    assert labels[0] == labels[2] != labels[1] == labels[3]
    assert baseline(DOCS)["f1"] == 1.0


def test_publication_order_dates_first_then_file_order():
    dated = [
        doc("late", "x", "c", date(2030, 5, 2)),
        doc("undated", "x", "c"),
        doc("early", "x", "c", date(2030, 5, 1)),
    ]
    assert publication_order(dated) == [2, 0, 1]


def test_read_gold_names_a_bad_line(tmp_path: Path):
    (tmp_path / "gold.jsonl").write_text('{"doc_id": "a", "cluster": "1"}\n', encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text('{"id": "a", "text": "Title\\nbody"}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="line 2: not JSON"):
        read_gold(tmp_path)


def test_evaluate_stories_words_only_on_an_invented_folder(tmp_path: Path):
    lines = [json.dumps({"id": d.id, "text": d.text}) for d in DOCS]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines), encoding="utf-8")
    gold = [json.dumps({"doc_id": d.id, "cluster": d.cluster}) for d in DOCS]
    (tmp_path / "gold.jsonl").write_text("\n".join(gold), encoding="utf-8")
    result = evaluate_stories(tmp_path, model=MODEL, nlp=False)
    assert result["documents"] == 4 and result["gold_stories"] == 2
    assert result["newsgraph"]["f1"] == 1.0
    assert "newsgraph_shuffled_order" in result  # undated: the order is also shuffled
    assert set(result["halves_by_position"]) == {"odd", "even"}


def test_evaluate_stories_runs_the_pipeline_and_scores_the_corpus_layer_signatures(tmp_path: Path):
    lines = [json.dumps({"id": d.id, "text": d.text, "title": d.title}) for d in DOCS]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines), encoding="utf-8")
    gold = [json.dumps({"doc_id": d.id, "cluster": d.cluster}) for d in DOCS]
    (tmp_path / "gold.jsonl").write_text("\n".join(gold), encoding="utf-8")
    analyses, failures = pipeline_analyses(tmp_path, MODEL)
    assert sorted(analyses) == ["d1", "d2", "d3", "d4"] and failures == []
    assert analyses["d1"].article.body == DOCS[0].text  # plain mode: the gold text is the body
    result = evaluate_stories(tmp_path, model=MODEL, analyses=analyses)
    assert result["signatures"] == "pipeline" and "failures" not in result
    assert result["newsgraph"]["f1"] == 1.0
    # A document the pipeline gave nothing for is still scored (by its words) and named.
    partial = {k: v for k, v in analyses.items() if k != "d4"}
    result = evaluate_stories(tmp_path, model=MODEL, analyses=partial)
    assert result["failures"] == ["d4: no analysis, scored by its words only"]
    assert result["newsgraph"]["f1"] == 1.0


def test_gvc_dev_story_clustering(gold):
    result = evaluate_stories(gold("stories-gvc"), model=MODEL)
    assert result["documents"] == 78
    assert result["newsgraph"]["f1"] >= floor("stories", "gvc_bcubed_f1")
    assert result["baseline"]["f1"] > 0.9
