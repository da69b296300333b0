"""Instrument and manner modes, ACLED sub-events and the main event, on invented sentences."""

from __future__ import annotations

import pytest

from newsgraph.annotate.events import extract_events, main_event
from newsgraph.records import Event, Evidence, Span


def _code(nlp, text: str) -> list[Event]:
    return extract_events(nlp(text), entities=[], times=[], counts=[], published=None)


def _assaults(nlp, text: str) -> list[Event]:
    return [e for e in _code(nlp, text) if e.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "mode", "acled"),
    [
        (
            "Government jets killed nine people in an air strike on the market of Pellor.",
            "aerial",
            "Explosions/Remote violence/Air/drone strike",
        ),
        (
            "Two farmers were killed when rockets hit the village of Arnsk.",
            "heavy-weapons",
            "Explosions/Remote violence/Shelling/artillery/missile attack",
        ),
        (
            "A roadside bomb killed four travellers near Quenby.",
            "explosives",
            "Explosions/Remote violence/Remote explosive/landmine/IED",
        ),
        (
            "Unknown men attacked a tea stall in Morrow with a grenade, wounding six.",
            "explosives",
            "Explosions/Remote violence/Grenade",
        ),
        (
            "A suicide bomber killed eleven worshippers at a shrine in Dask.",
            "suicide-attack",
            "Explosions/Remote violence/Suicide bomb",
        ),
    ],
)
def test_instrument_sets_mode_and_acled_sub_event(nlp, text, mode, acled):
    events = _assaults(nlp, text)
    assert events, text
    assert (events[0].mode, events[0].acled) == (mode, acled)


def test_a_stated_means_is_kept(nlp):
    events = _assaults(nlp, "Gunmen shot dead a trader in Holm before a bomb went off nearby.")
    assert events and events[0].mode == "firearms"


def test_a_protest_turned_violent_is_a_riot(nlp):
    events = [
        e for e in _code(nlp, "Hundreds of students protested in Vell and torched two buses.") if e.type == "PROTEST"
    ]
    assert events and events[0].acled == "Riots/Violent demonstration"


def test_a_protest_met_with_tear_gas_is_a_protest_with_intervention(nlp):
    text = "Teachers protested outside the Ostra assembly until police fired tear gas to disperse them."
    events = [e for e in _code(nlp, text) if e.type == "PROTEST"]
    assert events and events[0].acled == "Protests/Protest with intervention"


def _ev(
    eid: str, etype: str, sentence: int, trigger: int, factuality: str = "asserted", acled: str | None = None
) -> Event:
    return Event(
        id=eid,
        type=etype,
        factuality=factuality,  # type: ignore[arg-type]
        acled=acled,
        evidence=[Evidence(Span(trigger, trigger + 3), Span(sentence, sentence + 50), "x")],
    )


def test_main_event_prefers_the_lead_then_acled_kinds_then_asserted():
    said = _ev("said", "ACCUSE", 0, 5)
    attack = _ev("attack", "ASSAULT", 0, 30, factuality="reported", acled="Violence against civilians/Attack")
    arrest = _ev("arrest", "COERCE", 60, 65, acled="Strategic developments/Arrests")
    assert main_event([said, attack, arrest]) is attack
    assert main_event([said, arrest]) is said
    denied = _ev("denied", "ASSAULT", 0, 10, factuality="negated", acled="Battles/Armed clash")
    assert main_event([denied, arrest]) is arrest
    assert main_event([denied]) is None and main_event([]) is None


def test_main_event_on_a_snippet(nlp):
    text = (
        "Officials said on Sunday that militants stormed a police post in Rindel and killed three officers. "
        "Police later arrested two suspects."
    )
    top = main_event(_code(nlp, text))
    assert top is not None and top.type == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        (
            "Government troops recaptured the town of Ellis from the rebels on Friday.",
            "Battles/Government regains territory",
        ),
        (
            "Insurgents captured the village of Norn after a night of fighting.",
            "Battles/Non-state actor overtakes territory",
        ),
        ("The army took control of the Varro district on Tuesday.", "Battles/Government regains territory"),
        ("The two militias agreed a ceasefire in the Pell valley.", "Strategic developments/Agreement"),
        ("The rival factions exchanged prisoners near Sorl.", "Strategic developments/Agreement"),
    ],
)
def test_territory_and_agreements(nlp, text, acled):
    top = main_event(_code(nlp, text))
    assert top is not None and top.acled == acled


def test_a_captured_person_is_not_territory(nlp):
    assert not any(e.acled and e.acled.startswith("Battles") for e in _code(nlp, "Police captured the thief in Marl."))


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        (
            "Soldiers found a cache of rifles and grenades in a barn near Tulse.",
            "Strategic developments/Disrupted weapons use",
        ),
        ("Engineers defused a bomb under the Harrow road bridge.", "Strategic developments/Disrupted weapons use"),
        (
            "Two explosive devices were discovered at the Crane bus depot.",
            "Strategic developments/Disrupted weapons use",
        ),
        (
            "The navy has set up a new base on the island of Pell.",
            "Strategic developments/Headquarters or base established",
        ),
        (
            "Foreign troops established a military post near Dorrin.",
            "Strategic developments/Headquarters or base established",
        ),
    ],
)
def test_disrupted_weapons_and_new_bases(nlp, text, acled):
    top = main_event(_code(nlp, text))
    assert top is not None and top.acled == acled


def test_found_dead_is_not_a_weapons_find(nlp):
    assert not any(e.type == "COERCE" for e in _code(nlp, "A farmer was found dead near Ostby."))


def test_main_event_prefers_a_specific_sub_event_to_the_catch_all_attack():
    attack = _ev("attack", "ASSAULT", 0, 4, acled="Violence against civilians/Attack")
    strike = _ev("strike", "ASSAULT", 0, 40, acled="Explosions/Remote violence/Air/drone strike")
    assert main_event([attack, strike]) is strike


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("Air force jets destroyed a weapons depot near Harl.", "Explosions/Remote violence/Air/drone strike"),
        ("The rebels formed a new brigade in the hills of Tarn.", "Strategic developments/Change to group/activity"),
    ],
)
def test_destruction_and_new_units(nlp, text, acled):
    top = main_event(_code(nlp, text))
    assert top is not None and top.acled == acled


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        (
            "A grenade exploded at the gate of the Lisk court, wounding three guards.",
            "Explosions/Remote violence/Grenade",
        ),
        (
            "Mortar rounds landed near the Ferro barracks on Monday.",
            "Explosions/Remote violence/Shelling/artillery/missile attack",
        ),
        (
            "A roadside bomb went off beside a bus in Kadder.",
            "Explosions/Remote violence/Remote explosive/landmine/IED",
        ),
        ("The militia handed over the town to the army.", "Strategic developments/Non-violent transfer of territory"),
        ("Government troops took full control of the Brann valley.", "Battles/Government regains territory"),
    ],
)
def test_munitions_as_subjects_and_transfers(nlp, text, acled):
    top = main_event(_code(nlp, text))
    assert top is not None and top.acled == acled


def test_a_price_hit_is_no_attack(nlp):
    assert not any(e.type == "ASSAULT" for e in _code(nlp, "Rising prices hit the traders of Sallow hard."))


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        (
            "Army engineers destroyed forty landmines near the Orsk crossing.",
            "Strategic developments/Disrupted weapons use",
        ),
        (
            "Customs officers captured two hundred rifles at the port of Lemm.",
            "Strategic developments/Disrupted weapons use",
        ),
        ("Demonstrators gathered outside the Pallin town hall on Friday.", "Protests/Peaceful protest"),
    ],
)
def test_weapons_destroyed_or_captured_and_gatherings(nlp, text, acled):
    top = main_event(_code(nlp, text))
    assert top is not None and top.acled == acled
