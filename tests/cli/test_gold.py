"""Where `newsgraph eval` finds its gold sets: --gold, NEWSGRAPH_GOLD, then
shared/data beside the checkout (newsgraph.evaluation.paths)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.config import Settings
from newsgraph.evaluation.paths import GOLD_SETS, gold_path, gold_root

runner = CliRunner()

# An invented TimeML document: one date the system should find.
TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>invented-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2031-04-02" temporalFunction="false" functionInDocument="CREATION_TIME">2031-04-02</TIMEX3></DCT>
<TEXT>
The lantern festival in Brindlemoor opened on <TIMEX3 tid="t1" type="DATE" value="2031-03-30">March 30, 2031</TIMEX3>.
</TEXT>
</TimeML>
"""


def _gold_folder(root: Path) -> Path:
    folder = root / GOLD_SETS["times"] / "Invented"
    folder.mkdir(parents=True)
    (folder / "lantern.tml").write_text(TML, encoding="utf-8")
    return root


def test_newsgraph_gold_names_the_folder_of_gold_sets(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_GOLD", str(_gold_folder(tmp_path / "gold")))
    result = runner.invoke(app, ["eval", "times"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["documents"] == 1
    assert list(metrics["by_corpus"]) == ["Invented"]


def test_newsgraph_gold_without_the_set_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_GOLD", str(tmp_path))
    result = runner.invoke(app, ["eval", "times"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == f"error: gold data not found at {tmp_path / 'time' / 'tempeval3-tbaq'}; pass --gold\n"


def test_gold_overrides_newsgraph_gold(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_GOLD", str(tmp_path / "elsewhere"))
    gold = _gold_folder(tmp_path / "gold") / GOLD_SETS["times"]
    result = runner.invoke(app, ["eval", "times", "--gold", str(gold)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 1


def test_gold_paths_resolve_in_order(tmp_path, monkeypatch):
    given = tmp_path / "given"
    assert gold_path("ner", Settings(gold=str(tmp_path)), given) == given
    assert gold_path("ner", Settings(gold=str(tmp_path))) == tmp_path / "ner" / "conll2003" / "eng.testa"
    # Unset: shared/data beside the directory the command runs in.
    (tmp_path / "shared" / "data").mkdir(parents=True)
    (tmp_path / "checkout").mkdir()
    monkeypatch.chdir(tmp_path / "checkout")
    assert gold_root(Settings()) == tmp_path / "shared" / "data"
    assert gold_path("events", Settings()) == tmp_path / "shared" / "data" / "events"


def test_the_events_gold_is_found_from_the_gold_folder_or_above(tmp_path):
    from newsgraph.errors import EvaluationError
    from newsgraph.evaluation.paths import events_dir

    (tmp_path / "data" / "events" / "plover-gsr").mkdir(parents=True)
    data = tmp_path / "data"
    for given in (tmp_path, data, data / "events"):
        assert events_dir(given) == data / "events"
    with pytest.raises(EvaluationError, match="no india-police-events/ or plover-gsr/ under"):
        events_dir(tmp_path / "data" / "events" / "plover-gsr")
