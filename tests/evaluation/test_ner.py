"""CoNLL-2003 NER evaluation: reading IOB1, scoring, and a small real run."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import EvaluationError
from newsgraph.evaluation.ner import evaluate_ner, read_conll, score

from ..conftest import MODEL, floor

SAMPLE = """-DOCSTART- -X- -X- O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
met NNP I-NP O
Anna NNP I-NP I-PER
Lee NNP I-NP B-PER
in IN I-PP O
New NNP I-NP I-LOC
York NNP I-NP I-LOC
. . O O

-DOCSTART- -X- -X- O

BRUSSELS NNP I-NP I-LOC
1996-08-22 CD I-NP O
"""


def test_read_conll_rebuilds_text_and_iob1_spans(tmp_path: Path) -> None:
    path = tmp_path / "sample.conll"
    path.write_text(SAMPLE, encoding="utf-8")
    docs = read_conll(path)
    assert len(docs) == 2
    text = docs[0].text
    assert text.split("\n")[1] == "Peter Blackburn met Anna Lee in New York ."
    spans = {(text[s:e], t) for s, e, t in docs[0].gold}
    # MISC is dropped; B- splits two adjacent names of the same type.
    assert spans == {("EU", "ORG"), ("Peter Blackburn", "PER"), ("Anna", "PER"), ("Lee", "PER"), ("New York", "LOC")}
    assert {(docs[1].text[s:e], t) for s, e, t in docs[1].gold} == {("BRUSSELS", "LOC")}


def test_score_is_exact_span() -> None:
    gold = [{(0, 5, "PER"), (10, 15, "LOC")}]
    predicted = [{(0, 5, "PER"), (10, 14, "LOC"), (20, 25, "ORG")}]
    result = score(gold, predicted)
    assert result["PER"]["f1"] == 1.0
    assert result["LOC"]["tp"] == 0 and result["LOC"]["fn"] == 1
    assert result["micro"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["micro"]["recall"] == 0.5


def test_missing_file_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError):
        read_conll(tmp_path / "absent.conll")


def test_refined_beats_bare_on_conll_sample(gold) -> None:
    result = evaluate_ner(gold("ner"), model=MODEL, limit=25)
    assert result["documents"] == 25
    assert result["refined"]["micro"]["f1"] >= floor("ner", "refined_micro_f1")
    # A margin between two systems on the same sample, not a score floor.
    assert result["refined"]["micro"]["f1"] > result["bare"]["micro"]["f1"] + 0.05
