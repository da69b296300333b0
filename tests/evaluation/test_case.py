"""CASE-2021 ACLED sub-event evaluation: on an invented snippet file, and a small run on the dev set."""

from __future__ import annotations

import json
import logging

from typer.testing import CliRunner

from newsgraph.evaluation.case import NONE, evaluate_case, load_snippets, predicted_code, score, summary_line
from newsgraph.records import Event, Evidence, Span

from ..conftest import MODEL, floor

_ROWS = [
    ("id", "EventSnippet", "SubType"),
    ("1", "Jets bombed the depot of Varnel.", "AIR_STRIKE"),
    ("2", "Rebels and soldiers fought near Osk.", "ARMED_CLASH"),
    ("3", "The envoys of Ketria and Lune met in Sarn.", "DIPLO"),
    ("4", "Students marched through Vell.", "PEACE_PROTEST"),
]


def _write(tmp_path, rows, extra: str = ""):
    path = tmp_path / "snippets.tsv"
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n" + extra, encoding="utf-8")
    return path


def _ev(acled: str | None, factuality: str = "asserted", start: int = 0) -> Event:
    return Event(
        id="e",
        type="ASSAULT",
        acled=acled,
        factuality=factuality,  # type: ignore[arg-type]
        evidence=[Evidence(Span(start, start + 3), Span(0, 40), "x")],
    )


def test_bad_rows_are_one_line_errors_and_skipped(tmp_path, caplog):
    path = _write(tmp_path, _ROWS, extra="5\tno type here\n")
    with caplog.at_level(logging.ERROR):
        rows = load_snippets(tmp_path)
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert (
        len(caplog.records) == 1
        and "line 6" in caplog.records[0].getMessage()
        and str(path) in caplog.records[0].getMessage()
    )


def test_scores_main_events_with_halves_baselines_and_confusions(tmp_path):
    _write(tmp_path, _ROWS)
    canned = [
        [_ev("Explosions/Remote violence/Air/drone strike")],
        [_ev("Violence against civilians/Attack", start=0), _ev("Battles/Armed clash", factuality="negated", start=9)],
        [_ev("Battles/Armed clash")],  # a non-ACLED snippet given an ACLED label
        [],
    ]
    report = evaluate_case(tmp_path, model="unused", events_of=lambda texts: canned[: len(texts)])
    assert report["snippets"] == 3 and report["accuracy"] == round(1 / 3, 4)
    assert report["per_type"]["AIR_STRIKE"]["f1"] == 1.0 and report["per_type"]["ARMED_CLASH"]["f1"] == 0.0
    assert report["confusions"][0] == {"gold": "ARMED_CLASH", "predicted": "ATTACK", "n": 1}
    assert report["halves"]["odd"]["snippets"] == 1 and report["halves"]["even"]["snippets"] == 2
    assert report["non_acled_snippets"] == {"snippets": 1, "given_acled_label": 1}
    assert report["no_main_event"] == 1
    assert report["baseline"]["majority_type"]["snippets"] == 3
    assert "accuracy 0.333" in summary_line(report)


def test_macro_f1_averages_over_all_types():
    result = score([("A", "A"), ("B", "A")], ["A", "B"])
    assert result["per_type"]["A"]["f1"] == round(2 / 3, 4) and result["macro_f1"] == round(1 / 3, 4)
    assert predicted_code(None) == NONE and predicted_code(_ev(None)) == NONE


def test_cli_reads_the_gold_folder(tmp_path, monkeypatch):
    from newsgraph.cli import app
    from newsgraph.evaluation import case

    _write(tmp_path, _ROWS)
    monkeypatch.setattr(case, "analyse", lambda texts, model: [[_ev("Protests/Peaceful protest")] for _ in texts])
    result = CliRunner().invoke(app, ["eval", "case", "--gold", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output[: result.output.rindex("}") + 1])["per_type"]["PEACE_PROTEST"]["tp"] == 1
    assert result.output.strip().splitlines()[-1].startswith("CASE-2021 ACLED sub-event: accuracy 0.333")


def test_case_dev_small_run(gold):
    report = evaluate_case(gold("case"), model=MODEL, limit=120)
    assert report["accuracy"] >= floor("case", "sample_accuracy")
    assert report["macro_f1"] >= floor("case", "sample_macro_f1")


def test_snippets_outside_acled_are_reported_by_type_against_the_plover_types_that_cover_them(tmp_path):
    rows = [
        ("id", "EventSnippet", "SubType"),
        ("1", "The envoys of Ketria and Lune met in Sarn.", "DIPLO"),
        ("2", "Lune expelled two Ketrian diplomats.", "DIPLO"),
        ("3", "A flood swept through the Osk valley.", "NATURAL_DISASTER"),
        ("4", "Students marched through Vell.", "PEACE_PROTEST"),
    ]
    _write(tmp_path, rows)
    meeting = _ev(None)
    meeting.type = "CONSULT"
    canned = [[meeting], [_ev("Battles/Armed clash")], [], [_ev("Protests/Peaceful protest")]]
    report = evaluate_case(tmp_path, model="unused", events_of=lambda texts: canned[: len(texts)])
    diplo = report["non_acled_types"]["DIPLO"]
    assert diplo["snippets"] == 2 and diplo["main_event_in_plover_types"] == 1 and diplo["given_acled_label"] == 1
    assert "CONSULT" in diplo["plover_types"] and diplo["main_event_types"] == {"CONSULT": 1, "ASSAULT": 1}
    flood = report["non_acled_types"]["NATURAL_DISASTER"]
    assert flood["plover_types"] == "out of scope" and flood["main_event_in_plover_types"] is None
    assert flood["main_event_types"] == {NONE: 1}
    assert summary_line(report).endswith(
        "outside ACLED 1/3 given an ACLED label, main event of a covering PLOVER type: DIPLO 1/2"
    )
