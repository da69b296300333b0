"""Cross-document entity evaluation: named mentions, detection, pairwise counts on hand-computed
examples, the baseline, and a run over an invented gold folder (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.errors import EvaluationError
from newsgraph.evaluation.stories import read_gold
from newsgraph.evaluation.xdoc_entities import (
    GoldMention,
    baseline_entities,
    detect,
    evaluate_entities_xdoc,
    head,
    is_named,
    normalised_name,
    read_gold_mentions,
    score_analyses,
    score_entities,
    score_pairs,
)
from newsgraph.records import AnalyzedDocument, Article, Entity, Mention

from ..conftest import MODEL


def test_head_word_and_named_mentions():
    text = "Ilse Varga, 61, who chairs the council"
    assert text[slice(*head(text))] == "Varga"
    assert "the mayor of Marrowby"[slice(*head("the mayor of Marrowby"))] == "mayor"
    assert "Quillon's"[slice(*head("Quillon's"))] == "Quillon"
    assert is_named("Quillon Aerospace")
    assert is_named("the Marrowby council's Varga")
    assert not is_named("Quillon executive")
    assert not is_named("the company")
    assert not is_named("She")
    assert not is_named("The")
    assert head("...") is None


def g(doc: str, start: int, end: int, chain: str, head_at: tuple[int, int] | None = None) -> GoldMention:
    hs, he = head_at or (start, end)
    return GoldMention(doc, start, end, chain, "x" * (end - start), hs, he)


def test_pairs_count_only_mentions_in_different_documents():
    gold = [g("d1", 0, 5, "A"), g("d1", 10, 15, "A"), g("d2", 0, 5, "A"), g("d2", 10, 15, "B"), g("d3", 0, 5, "B")]
    # Gold pairs across documents: chain A: d1 x2, d2 x1 -> 2; chain B: d2, d3 -> 1. Total 3.
    perfect = score_pairs(gold, ["a", "a", "a", "b", "b"])
    assert (perfect["gold_pairs"], perfect["predicted_pairs"]) == (3, 3)
    assert perfect["f1"] == 1.0
    # All in one cluster: predicted pairs = C(5,2) - same-document pairs (d1: 1, d2: 1) = 8; true 3.
    merged = score_pairs(gold, ["x"] * 5)
    assert merged["predicted_pairs"] == 8 and merged["precision"] == round(3 / 8, 4) and merged["recall"] == 1.0
    # An undetected mention is in no predicted pair, and its gold pairs count against recall.
    missed = score_pairs(gold, ["a", "a", None, "b", "b"])
    assert (missed["predicted_pairs"], missed["precision"], missed["recall"]) == (1, 1.0, round(1 / 3, 4))
    assert missed["detected"] == 0.8


def test_detection_needs_the_head_word():
    # "Quillon executive Varga" (0-23), head "Varga" at 18-23; "Quillon executive" (30-47), head "executive".
    gold = [g("d1", 0, 23, "P", (18, 23)), g("d1", 30, 47, "Q", (38, 47))]
    spans = {"d1": [(0, 7, "org"), (18, 23, "person"), (30, 37, "org")]}
    assert detect(gold, spans) == ["person", None]


def test_scorer_reads_the_jsonl_shape():
    gold = [g("d1", 0, 5, "A"), g("d2", 3, 8, "A")]
    entities = [
        {
            "id": "ce1",
            "name": "Varga",
            "type": "PERSON",
            "aliases": ["Varga"],
            "mentions": [{"article_id": "d1", "start": 0, "end": 5}, {"article_id": "d2", "start": 3, "end": 8}],
        },
    ]
    assert score_entities(gold, entities)["f1"] == 1.0
    split = [
        dict(entities[0], mentions=entities[0]["mentions"][:1]),
        {"id": "ce2", "mentions": [{"article_id": "d2", "start": 3, "end": 8}]},
    ]
    assert score_entities(gold, split)["recall"] == 0.0


def test_normalised_name():
    assert (
        normalised_name(" Quillon-Aerospace, Inc. ")
        == normalised_name("quillon aerospace inc")
        == "quillonaerospaceinc"
    )


# An invented gold folder: two outlets on one story, a third on another.
DOCS = [
    {"id": "n1", "published": "2031-05-01", "text": "Dorzhan Makhtiyev visited Port Sarkand.\nMakhtiyev spoke."},
    {"id": "n2", "published": "2031-05-02", "text": "Minister Makhtiev arrived in Port Sarkand on Friday."},
    {"id": "n3", "published": "2031-05-03", "text": "Lena Brask won the Quillon prize."},
    {"id": "n4", "published": "2031-05-04", "text": "Brask thanked Quillon University."},
]


def _mention(doc: dict, text: str, chain: str, **extra: object) -> dict:
    start = doc["text"].index(text)
    return {
        "doc_id": doc["id"],
        "start": start,
        "end": start + len(text),
        "text": text,
        "chain": chain,
        "kind": "entity",
        "type": "PERSON",
        **extra,
    }


GOLD_MENTIONS = [
    _mention(DOCS[0], "Dorzhan Makhtiyev", "P1"),
    _mention(DOCS[0], "Port Sarkand", "L1"),
    _mention(DOCS[1], "Minister Makhtiev", "P1"),
    _mention(DOCS[1], "Port Sarkand", "L1"),
    _mention(DOCS[1], "Friday", "T1", type="TIME_DATE"),
    _mention(DOCS[2], "Lena Brask", "P2"),
    _mention(DOCS[3], "Brask", "P2"),
    _mention(DOCS[3], "Quillon University", "O1", validated_sentence=False),
    {**_mention(DOCS[0], "visited", "E1"), "kind": "event"},
]


def _entity(doc: dict, eid: str, name: str, type_: str, *texts: str) -> Entity:
    mentions = []
    for text in texts:
        start = doc["text"].index(text)
        mentions.append(Mention(start=start, end=start + len(text), text=text))
    return Entity(id=eid, name=name, type=type_, aliases=sorted(set(texts)), mentions=mentions)


def _analysis(doc: dict, *entities: Entity) -> AnalyzedDocument:
    article = Article(id=doc["id"], source="docs.jsonl", body=doc["text"], published=doc["published"])
    return AnalyzedDocument(id=doc["id"], source="docs.jsonl", article=article, entities=list(entities))


ANALYSES = {
    "n1": _analysis(
        DOCS[0],
        _entity(DOCS[0], "e1", "Dorzhan Makhtiyev", "PERSON", "Dorzhan Makhtiyev", "Makhtiyev"),
        _entity(DOCS[0], "e2", "Port Sarkand", "GPE", "Port Sarkand"),
    ),
    "n2": _analysis(
        DOCS[1],
        _entity(DOCS[1], "e1", "Makhtiev", "PERSON", "Makhtiev"),
        _entity(DOCS[1], "e2", "Port Sarkand", "GPE", "Port Sarkand"),
    ),
    "n3": _analysis(DOCS[2], _entity(DOCS[2], "e1", "Lena Brask", "PERSON", "Lena Brask")),
    "n4": _analysis(DOCS[3], _entity(DOCS[3], "e1", "Brask", "PERSON", "Brask")),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    clusters = ["s1", "s1", "s2", "s2"]
    (tmp_path / "gold.jsonl").write_text(
        "".join(json.dumps({"doc_id": d["id"], "cluster": c}) + "\n" for d, c in zip(DOCS, clusters, strict=True)),
        encoding="utf-8",
    )
    (tmp_path / "gold_mentions.jsonl").write_text(
        "".join(json.dumps(m) + "\n" for m in GOLD_MENTIONS), encoding="utf-8"
    )
    return tmp_path


def test_gold_mentions_named_entities_of_validated_sentences(folder: Path):
    found = read_gold_mentions(folder)
    # Not the event, not the time, not the mention outside a validated sentence.
    assert [(m.doc_id, m.text) for m in found] == [
        ("n1", "Dorzhan Makhtiyev"),
        ("n1", "Port Sarkand"),
        ("n2", "Minister Makhtiev"),
        ("n2", "Port Sarkand"),
        ("n3", "Lena Brask"),
        ("n4", "Brask"),
    ]
    assert len(read_gold_mentions(folder, validated_only=False)) == 7


def test_a_bad_gold_mention_is_a_one_line_error(tmp_path: Path):
    (tmp_path / "gold_mentions.jsonl").write_text(json.dumps({"kind": "entity", "text": "Varga"}) + "\n")
    with pytest.raises(EvaluationError, match="gold mention 1: missing or bad field"):
        read_gold_mentions(tmp_path)


def test_newsgraph_and_baseline_on_an_invented_folder(folder: Path):
    documents = read_gold(folder)
    result = score_analyses(documents, ANALYSES, read_gold_mentions(folder))
    # Gold pairs: Makhtiyev n1-n2, Port Sarkand n1-n2, Brask n3-n4 = 3. The baseline joins only Port Sarkand;
    # newsgraph also joins the transliteration (same story, same place) and the surname alone (same story).
    assert result["baseline"]["gold_pairs"] == 3
    assert (result["baseline"]["precision"], result["baseline"]["recall"]) == (1.0, round(1 / 3, 4))
    assert result["newsgraph"]["f1"] == 1.0
    assert result["gain_f1"] == 0.5
    assert set(result["halves_by_position"]) == {"odd", "even"}
    # Each half holds one article per story: no pair within a half is the same-story kind.
    assert result["halves_by_position"]["odd"]["documents"] == 2


def test_baseline_groups_article_entities_by_normalised_name():
    groups = baseline_entities([ANALYSES["n1"], ANALYSES["n2"]])
    by_name = {g["name"]: g for g in groups}
    assert len(by_name["Port Sarkand"]["mentions"]) == 2
    assert "Makhtiev" in by_name and "Dorzhan Makhtiyev" in by_name


def test_dev_sets_named_mention_counts(shared: Path):
    for name, expected in (("meantime", 1637), ("ecbplus-dev", 2294)):
        folder = shared / "corpus" / name
        if not folder.is_dir():
            pytest.skip(f"gold set {name} not found at {folder}")
        mentions = read_gold_mentions(folder)
        assert len(mentions) == expected
        assert all(is_named(m.text) for m in mentions)


def test_an_undated_set_is_also_run_in_a_shuffled_order(folder: Path):
    assert "newsgraph_shuffled_order" not in score_analyses(read_gold(folder), ANALYSES, read_gold_mentions(folder))
    undated = [{k: v for k, v in d.items() if k != "published"} for d in DOCS]
    (folder / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in undated), encoding="utf-8")
    result = score_analyses(read_gold(folder), ANALYSES, read_gold_mentions(folder))
    assert result["newsgraph_shuffled_order"]["gold_pairs"] == 3


def test_evaluate_runs_the_pipeline_in_process(folder: Path):
    result = evaluate_entities_xdoc(folder, settings=Settings(model=MODEL))
    assert (result["gold"], result["analysed"], result["failures"]) == (folder.name, 4, [])
    assert result["newsgraph"]["gold_pairs"] == result["baseline"]["gold_pairs"] == 3
    # Same detected mentions for both: the pipeline's entity mentions.
    assert result["newsgraph"]["detected"] == result["baseline"]["detected"] > 0
    assert result["newsgraph"]["f1"] >= result["baseline"]["f1"]
    assert set(result["halves_by_position"]) == {"odd", "even"}
