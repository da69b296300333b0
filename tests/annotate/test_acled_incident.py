"""The main event's ACLED sub-event reads how the whole report's incident went, on invented texts."""

from __future__ import annotations

from newsgraph.annotate.events import main_event
from newsgraph.records import Event, Evidence, Participant, Span
from newsgraph.resources.acled import acled_label, find_cues


def _at(eid: str, text: str, start: int, **kw) -> Event:
    event = Event(id=eid, evidence=[Evidence(Span(start, start + 4), Span(start, start + len(text)), text)], **kw)
    event.acled = acled_label(event, find_cues(text))
    return event


def test_clashes_told_after_a_march_make_the_march_a_riot():
    lead = "Thousands of teachers marched through Vell on Monday."
    later = "Clashes broke out near the assembly and shop windows were smashed."
    march = _at("march", lead, 0, type="PROTEST", mode="demo")
    assert march.acled == "Protests/Peaceful protest"
    other = _at("note", later, len(lead) + 1, type="ACCUSE", mode=None)
    top = main_event([march, other])
    assert top is march and top.acled == "Riots/Violent demonstration"


def test_a_withdrawal_told_after_a_capture_makes_it_a_transfer_without_fighting():
    lead = "Insurgents took control of the town of Harl on Friday."
    later = "The army had pulled out its garrison the night before."
    rebels = Participant("Insurgents", sector="rebels")
    capture = _at("capture", lead, 0, type="ASSAULT", mode=None, actor=rebels)
    assert capture.acled == "Battles/Non-state actor overtakes territory"
    pullout = _at("pullout", later, len(lead) + 1, type="RETREAT", mode="withdraw")
    top = main_event([capture, pullout])
    assert top is capture and top.acled == "Strategic developments/Non-violent transfer of territory"


def test_an_instrument_in_another_sentence_does_not_change_the_main_event():
    lead = "Gunmen shot two guards at the Osk checkpoint."
    later = "A week earlier an air strike had hit the nearby depot."
    guards = Participant("two guards", sector="police")
    shooting = _at(
        "shooting",
        lead,
        0,
        type="ASSAULT",
        mode="firearms",
        actor=Participant("Gunmen", sector="unidentified armed"),
        target=guards,
    )
    strike = _at("strike", later, len(lead) + 1, type="ASSAULT", mode=None)
    top = main_event([shooting, strike])
    assert top is shooting and top.acled == "Battles/Armed clash"


def test_a_lead_attack_with_no_victim_leaves_the_main_event_to_the_sentence_that_tells_the_sides():
    lead = "An attack was reported near Osk on Tuesday."
    later = "Insurgents stormed an army outpost and fought the soldiers for hours."
    vague = _at("vague", lead, 0, type="ASSAULT", mode=None)
    assert vague.acled == "Violence against civilians/Attack"
    battle = _at(
        "battle",
        later,
        len(lead) + 1,
        type="ASSAULT",
        mode=None,
        actor=Participant("Insurgents", sector="rebels"),
        target=Participant("an army outpost", sector="military"),
    )
    assert main_event([vague, battle]) is battle


def test_a_lead_attack_on_named_civilians_stays_the_main_event():
    lead = "Gunmen attacked villagers in Osk on Tuesday."
    later = "Soldiers later fought the gunmen outside the village."
    gunmen = Participant("Gunmen", sector="unidentified armed")
    raid = _at(
        "raid", lead, 0, type="ASSAULT", mode=None, actor=gunmen, target=Participant("villagers", sector="civilians")
    )
    battle = _at(
        "battle",
        later,
        len(lead) + 1,
        type="ASSAULT",
        mode=None,
        actor=Participant("Soldiers", sector="military"),
        target=gunmen,
    )
    assert main_event([raid, battle]) is raid
