"""The cross-document measures read from a store, on an invented gold folder."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.config import Settings
from newsgraph.evaluation.corpus_check import check_corpus

from ..corpus.newsroom import ARTICLES, write_jsonl

STORY = {"harbour-1": "march", "ledger-1": "march", "wire-1": "march", "copy-1": "march", "mirror-1": "march"}
STORY |= {"harbour-2": "quake", "ledger-2": "quake", "undated-1": "festival"}


def _mention(doc_id: str, word: str, chain: str, kind: str) -> dict:
    text = next(a[4] for a in ARTICLES if a[0] == doc_id)
    start = text.index(word)
    return {"doc_id": doc_id, "start": start, "end": start + len(word), "text": word, "chain": chain, "kind": kind}


def _gold_folder(tmp_path):
    folder = tmp_path / "invented-dev"
    folder.mkdir()
    write_jsonl(folder / "docs.jsonl")
    (folder / "gold.jsonl").write_text(
        "".join(json.dumps({"doc_id": d, "cluster": c}) + "\n" for d, c in STORY.items())
    )
    mentions = [
        _mention("harbour-1", "detained", "arrests", "event"),
        _mention("ledger-1", "arrested", "arrests", "event"),
        _mention("harbour-2", "killing", "deaths", "event"),
        _mention("ledger-2", "killed", "deaths", "event"),
        _mention("harbour-1", "Andrik Solvay", "solvay", "entity"),
        _mention("ledger-1", "Andrik Solvay", "solvay", "entity"),
        _mention("wire-1", "Andrik Solvay", "solvay", "entity"),
        _mention("harbour-2", "Teodor Brannik", "brannik", "entity"),
        _mention("ledger-2", "Teodor Brannik", "brannik", "entity"),
    ]
    (folder / "gold_mentions.jsonl").write_text("".join(json.dumps(m) + "\n" for m in mentions))
    return folder


def test_check_corpus_scores_what_the_store_holds(tmp_path):
    result = check_corpus(_gold_folder(tmp_path), settings=Settings())
    whole = result["file_order"]
    assert whole["documents"] == len(ARTICLES)
    assert whole["stories_bcubed"]["f1"] == 1.0 and whole["stories_bcubed"]["stories"] == 3
    # Each outlet's trigger is found and the two tellings of each happening are one corpus event.
    assert whole["merge_pairwise"]["detected_mentions"] == 4
    assert whole["merge_pairwise"]["tp"] == 2 and whole["merge_pairwise"]["fp"] == 0
    assert whole["entities_pairwise"]["f1"] == 1.0
    assert {"odd_half_publication_order", "even_half_publication_order"} <= set(result)


def test_eval_corpus_command_prints_the_scores(tmp_path):
    folder = _gold_folder(tmp_path)
    result = CliRunner().invoke(app, ["eval", "corpus", "--gold", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert '"stories_bcubed"' in result.output and '"merge_pairwise"' in result.output
    bad = CliRunner().invoke(app, ["eval", "corpus", "--set", "nope"])
    assert bad.exit_code == 2 and "expected ecbplus or gvc or meantime" in bad.output


def test_meantime_entities_read_from_a_store_beat_their_floor(gold):
    from ..conftest import floor

    result = check_corpus(gold("corpus-meantime"), settings=Settings())
    assert "stories_bcubed" not in result["file_order"]  # MEANTIME's clusters are topics, not stories
    scores = result["publication_order"]["entities_pairwise"]
    assert scores["f1"] >= floor("entities_xdoc", "meantime_pairwise_f1")
