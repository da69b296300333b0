"""Event merging evaluation: the pairwise scorer on hand-counted examples, the driver on an
invented gold folder, and the GVC dev set through the pipeline (skipped without the gold sets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.errors import EvaluationError
from newsgraph.evaluation.merge import detect, evaluate_merge, pairwise, read_gold_mentions, score_merge
from newsgraph.records import AnalyzedDocument, Article, Event, Evidence, Span

from ..conftest import MODEL, floor


def test_pairwise_counts_pairs_across_documents_only() -> None:
    # (document, gold chain, predicted label)
    items = [("d1", "A", "x"), ("d2", "A", "x"), ("d3", "A", "y"), ("d1", "B", "x"), ("d1", "A", "x")]
    scores = pairwise(items)
    # Gold pairs across documents: chain A has d1,d2,d3,d1 -> 6 pairs minus the d1-d1 pair = 5.
    # Predicted: x has d1,d2,d1,d1 -> 6 pairs minus 3 within d1 = 3. Both: A&x has d1,d2,d1 -> 3 - 1 = 2.
    assert (scores["tp"], scores["fp"], scores["fn"]) == (2, 1, 3)
    assert scores["precision"] == round(2 / 3, 4) and scores["recall"] == 0.4


def test_detect_keeps_one_trigger_per_gold_mention_and_the_biggest_overlap() -> None:
    gold = {
        "d1": [{"start": 10, "end": 18, "chain": "A"}, {"start": 18, "end": 30, "chain": "B"}],
        "d2": [{"start": 0, "end": 5, "chain": "A"}],
    }
    events = [
        {"id": "e2", "mentions": [{"article_id": "d1", "trigger_start": 12, "trigger_end": 16}]},
        {
            "id": "e1",
            "mentions": [
                {"article_id": "d1", "trigger_start": 15, "trigger_end": 28},  # mostly B
                {"article_id": "d1", "trigger_start": 40, "trigger_end": 45},  # no gold
                {"article_id": "d2", "trigger_start": 0, "trigger_end": 3},
                {"article_id": "d9", "trigger_start": None, "trigger_end": None},
            ],
        },
        {"id": "e3", "mentions": [{"article_id": "d1", "trigger_start": 11, "trigger_end": 12}]},
    ]
    found = detect(events, gold)
    assert found == {("d1", 1): ("e1", 0), ("d2", 0): ("e1", 2), ("d1", 0): ("e2", 0)}
    scores = score_merge(events, gold)
    # d1/A (e2) with d2/A (e1): a gold pair not predicted; d1/B (e1) with d2/A (e1): predicted, not gold.
    assert (scores["tp"], scores["fp"], scores["fn"], scores["detected_mentions"]) == (0, 1, 1, 3)


def test_gold_mentions_keep_validated_event_mentions_only(tmp_path: Path) -> None:
    rows = [
        {"doc_id": "a", "start": 0, "end": 3, "chain": "c1", "kind": "event", "validated_sentence": True},
        {"doc_id": "a", "start": 5, "end": 8, "chain": "c2", "kind": "event", "validated_sentence": False},
        {"doc_id": "a", "start": 9, "end": 12, "chain": "c3", "kind": "entity"},
        {"doc_id": "b", "start": 1, "end": 4, "chain": "c1", "kind": "event"},
    ]
    (tmp_path / "gold_mentions.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert read_gold_mentions(tmp_path) == {
        "a": [{"start": 0, "end": 3, "chain": "c1"}],
        "b": [{"start": 1, "end": 4, "chain": "c1"}],
    }
    (tmp_path / "gold_mentions.jsonl").write_text('{"doc_id": "a", "kind": "event"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="line 1"):
        read_gold_mentions(tmp_path)


# An invented gold folder: two stories (a harbour fire in Quellmouth, a strike at the Tarvik mill), two
# articles each, and the analyses the pipeline would give, written by hand.
TEXTS = {
    "f1": "Fire sweeps Quellmouth harbour warehouses\nA fire destroyed three Quellmouth harbour warehouses on Monday, "
    "harbour master Ines Corvald said.",
    "s1": "Tarvik mill workers strike over wages\nWorkers at the Tarvik mill strike over unpaid wages, union leader "
    "Bram Olsted said.",
    "f2": "Fire destroys Quellmouth harbour warehouses\nThe fire destroyed three warehouses at Quellmouth harbour, "
    "harbour master Ines Corvald said on Monday.",
    "s2": "Tarvik mill strike over unpaid wages\nThe strike at the Tarvik mill over unpaid wages went on, union "
    "leader Bram Olsted said.",
}
EVENTS = {  # trigger word, chain, PLOVER type, lemma
    "f1": ("destroyed", "fire", "ASSAULT", "destroy"),
    "f2": ("destroyed", "fire", "ASSAULT", "destroy"),
    "s1": ("strike", "strike", "PROTEST", "strike"),
    "s2": ("strike", "strike", "PROTEST", "strike"),
}


def _invented_folder(folder: Path) -> Path:
    docs, gold, mentions, analyses = [], [], [], []
    for doc_id, text in TEXTS.items():
        word, chain, plover, lemma = EVENTS[doc_id]
        start = text.index(word, text.index("\n"))
        docs.append({"id": doc_id, "text": text})
        gold.append({"doc_id": doc_id, "cluster": doc_id[0]})
        mentions.append({"doc_id": doc_id, "start": start, "end": start + len(word), "chain": chain, "kind": "event"})
        sentence = Span(text.index("\n") + 1, len(text))
        event = Event(
            id="ev",
            type=plover,
            trigger=lemma,
            evidence=[Evidence(trigger=Span(start, start + len(word)), sentence=sentence, text=text[sentence.start :])],
        )
        article = Article(id=doc_id, source=doc_id, body=text, title=text.split("\n")[0])
        analyses.append(AnalyzedDocument(id=doc_id, source=doc_id, article=article, events=[event]).to_output())
    for name, rows in (("docs", docs), ("gold", gold), ("gold_mentions", mentions), ("analyses", analyses)):
        (folder / f"{name}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


def test_evaluate_merge_on_an_invented_folder(tmp_path: Path) -> None:
    folder = _invented_folder(tmp_path)
    result = evaluate_merge(folder, settings=Settings(model=MODEL), analysed=folder / "analyses.jsonl")
    assert result["gold_mentions"] == result["gold_mentions_detected"] == 4
    assert result["newsgraph"]["detected_mentions"] == 4
    assert (result["newsgraph"]["tp"], result["newsgraph"]["fp"], result["newsgraph"]["fn"]) == (2, 0, 0)
    assert result["newsgraph"]["corpus_events"] == 2
    assert result["baseline"]["f1"] == 1.0
    assert set(result["halves_by_position"]) == {"odd", "even"}
    # By file position: the fire's two articles are the odd half, the strike's the even half.
    for half in ("odd", "even"):
        assert result["halves_by_position"][half]["documents"] == 2
        assert result["halves_by_position"][half]["newsgraph"]["tp"] == 1
    assert result["memory"]["corpus_events"] >= 1 and result["memory"]["bytes_per_event"] > 0


def test_evaluate_merge_names_a_missing_analysis(tmp_path: Path) -> None:
    folder = _invented_folder(tmp_path)
    lines = (folder / "analyses.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "analyses.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    result = evaluate_merge(folder, settings=Settings(model=MODEL), analysed=folder / "analyses.jsonl")
    assert result["failures"] == ["s2: no analysis"]
    assert result["documents"] == 3


def test_gvc_dev_event_merging(gold):
    result = evaluate_merge(gold("stories-gvc"), settings=Settings(model=MODEL))
    assert result["documents"] == 78 and not result["failures"]
    assert result["gold_mentions_detected"] == result["newsgraph"]["detected_mentions"] > 400
    assert result["newsgraph"]["f1"] >= floor("merge", "gvc_pairwise_f1")
    assert result["baseline"]["detected_mentions"] == result["newsgraph"]["detected_mentions"]
