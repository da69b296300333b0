"""Event evaluation: label mapping on constructed events, and a small run on the shared gold sets."""

from __future__ import annotations

from newsgraph.evaluation.events import (
    _halves,
    evaluate_india_police,
    evaluate_plover_gsr,
    predicted_labels,
    worst_confusions,
)
from newsgraph.records import Event, Participant

from ..conftest import MODEL, floor


def test_predicted_labels_need_security_actors_and_real_events():
    police = Participant("police", sector="police")
    mob = Participant("the mob", sector="civilians")
    assert predicted_labels([Event(id="1", type="COERCE", mode="arrest")]) == {"ARREST"}
    assert predicted_labels([Event(id="2", type="ASSAULT", mode="firearms", trigger="shoot dead", actor=police)]) == {
        "KILL",
        "FORCE",
        "FORCE_ASSAULT",
        "FORCE_ANY_COERCE",
    }
    assert predicted_labels([Event(id="3", type="ASSAULT", mode="firearms", trigger="kill", actor=mob)]) == set()
    assert (
        predicted_labels([Event(id="4", type="ASSAULT", trigger="kill", actor=police, factuality="negated")]) == set()
    )


def test_india_police_events_small_run(gold):
    folder = gold("events", "india-police-events")
    result = evaluate_india_police(folder, model=MODEL, limit=25)
    assert result["documents"] == 25 and result["sentences"] > 200
    arrest = result["labels"]["ARREST"]
    assert arrest["tp"] > 0 and arrest["f1"] >= floor("events", "india_police_arrest_f1")


def test_plover_gsr_run(gold):
    path = gold("events", "plover-gsr", "PLOVER_GSR_dev.json")
    result = evaluate_plover_gsr(path, model=MODEL)
    assert result["records"] == 161
    assert result["type_accuracy"] >= floor("events", "plover_type_accuracy")
    assert result["actor_match"] >= floor("events", "plover_actor_match")
    assert result["target_match"] >= floor("events", "plover_target_match")
    assert min(result["actor_match_halves"].values()) >= floor("events", "plover_actor_match")
    assert min(result["target_match_halves"].values()) >= floor("events", "plover_target_match")
    halves = result["type_accuracy_halves"]
    assert set(halves) == {"odd", "even"} and min(halves.values()) >= floor("events", "plover_type_accuracy")
    assert result["no_event_halves"]["odd"] + result["no_event_halves"]["even"] == result["no_event"]
    assert all(" -> " in pair for pair in result["worst_confusions"])
    # Older gold modes are read under their current names (strike-hun -> hunger).
    assert result["mode_records"] > 30 and result["mode_accuracy"] >= 0.5


def test_halves_count_only_records_with_gold():
    # Records 1, 3 (odd) and 2, 4 (even); None = no gold actor on that record.
    assert _halves([True, None, False, True]) == {"odd": 0.5, "even": 1.0}
    assert _halves([None, None]) == {"odd": 0.0, "even": 0.0}


def test_worst_confusions_are_the_most_frequent_errors():
    confusion = {"AGREE": {"AGREE": 9, "NONE": 1, "CONSULT": 3}, "REJECT": {"REQUEST": 2, "REJECT": 5}}
    assert worst_confusions(confusion) == ["AGREE -> CONSULT: 3", "REJECT -> REQUEST: 2", "AGREE -> NONE: 1"]


def test_force_counts_only_coercion_of_people():
    police = Participant("police", sector="police")
    curfew = Event(id="5", type="COERCE", mode="curfew", actor=police)
    deport = Event(
        id="6", type="COERCE", mode="deport", actor=police, target=Participant("the migrants", sector="civilians")
    )
    raid_house = Event(id="7", type="COERCE", mode="seize", actor=police, target=Participant("the house"))
    raid_people = Event(
        id="8", type="COERCE", mode="seize", actor=police, target=Participant("the protesters", sector="civilians")
    )
    assert predicted_labels([curfew]) == {"FORCE_ANY_COERCE"}
    assert predicted_labels([deport]) == {"FORCE", "FORCE_ANY_COERCE"}
    assert predicted_labels([raid_house]) == {"FORCE_ANY_COERCE"}
    assert "FORCE" in predicted_labels([raid_people])
