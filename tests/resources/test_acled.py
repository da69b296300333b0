"""The ACLED mapping data: sub-event table, rules and cue phrases, on invented sentences."""

from __future__ import annotations

import pytest

from newsgraph.records import Event, Evidence, Participant, Span
from newsgraph.resources.acled import (
    ACLED_EVENT_TYPES,
    acled_label,
    code_of_label,
    find_cues,
    instrument_mode,
    sector_class,
    sub_events,
)


def _event(text: str = "x", **kw) -> Event:
    base = dict(id="ev_1", type="ASSAULT", mode=None, evidence=[Evidence(Span(0, 1), Span(0, len(text)), text)])
    base.update(kw)
    return Event(**base)


def test_the_sub_event_table_has_acled_s_25_types_with_definitions():
    subs = sub_events()
    assert len(subs) == 25 and len({s.code for s in subs}) == 25
    assert all(
        s.label.split("/")[0] in ACLED_EVENT_TYPES or s.label.startswith("Explosions/Remote violence") for s in subs
    )
    assert all(len(s.definition) > 20 for s in subs)
    assert code_of_label()["Explosions/Remote violence/Air/drone strike"] == "AIR_STRIKE"


@pytest.mark.parametrize(
    ("sentence", "instrument"),
    [
        ("Jets from the northern command carried out an air strike on the depot of Varnel.", "air"),
        ("The rebels shelled the outskirts of Tolvik overnight.", "artillery"),
        ("A roadside bomb hit a patrol near the Osk bridge.", "ied"),
        ("An attacker lobbed a grenade into the crowded Merrow bus stand.", "grenade"),
        ("A suicide bomber drove a car bomb into the Kelp barracks.", "suicide"),
        ("Doctors said the villagers of Amsel were exposed to chlorine.", "chemical"),
        ("Unidentified gunmen shot a shopkeeper in Darrow.", None),
    ],
)
def test_the_first_listed_instrument_of_a_sentence_is_its_cue(sentence, instrument):
    found = find_cues(sentence) & {"air", "artillery", "ied", "grenade", "suicide", "chemical", "drone"}
    assert found == ({instrument} if instrument else set())


def test_cues_match_at_word_starts_only():
    assert "ied" not in find_cues("The mayor denied the report and replied in writing.")
    assert "artillery" in find_cues("Troops came under shelling at dawn.")


def test_instruments_give_plover_assault_modes():
    assert instrument_mode("grenade") == "explosives"
    assert instrument_mode("air") == "aerial"
    assert instrument_mode("artillery") == "heavy-weapons"
    assert instrument_mode("clash") is None


def test_sector_classes():
    assert sector_class("military") == "state" and sector_class("government") == "state"
    assert sector_class("rebels") == "nonstate" and sector_class("unidentified armed") == "nonstate"
    assert sector_class("civilians") == "civilian" and sector_class(None) == "none"


def test_labels_follow_instrument_then_sides_then_default():
    soldiers = Participant("soldiers", sector="military")
    rebels = Participant("rebels", sector="rebels")
    villagers = Participant("villagers", sector="civilians")
    assert acled_label(_event(), {"air"}) == "Explosions/Remote violence/Air/drone strike"
    assert acled_label(_event(mode="heavy-weapons")) == "Explosions/Remote violence/Shelling/artillery/missile attack"
    assert acled_label(_event(), {"grenade"}) == "Explosions/Remote violence/Grenade"
    assert acled_label(_event(actor=soldiers, target=rebels)) == "Battles/Armed clash"
    assert acled_label(_event(actor=rebels, target=villagers)) == "Violence against civilians/Attack"
    assert acled_label(_event(actor=villagers, target=villagers)) == "Riots/Mob violence"
    assert (
        acled_label(_event(mode="abduct", actor=rebels)) == "Violence against civilians/Abduction/forced disappearance"
    )


def test_protest_conduct_and_strategic_developments():
    assert acled_label(_event(type="PROTEST", mode="demo")) == "Protests/Peaceful protest"
    assert acled_label(_event(type="PROTEST", mode="demo"), {"violent"}) == "Riots/Violent demonstration"
    assert acled_label(_event(type="PROTEST", mode="demo"), {"intervention"}) == "Protests/Protest with intervention"
    assert (
        acled_label(_event(type="PROTEST", mode="demo"), {"excessive"}) == "Protests/Excessive force against protesters"
    )
    assert acled_label(_event(type="COERCE", mode="arrest")) == "Strategic developments/Arrests"
    assert acled_label(_event(type="CONSULT")) is None


def test_an_attack_on_an_armed_place_is_a_battle():
    rebels = Participant("rebels", sector="rebels")
    post = Participant("a hill checkpoint near Brisk", sector=None)
    assert acled_label(_event(actor=rebels, target=post)) == "Battles/Armed clash"
    assert acled_label(_event(target=Participant("the northern outpost"))) == "Battles/Armed clash"
    assert acled_label(_event(target=Participant("a grain store"))) == "Violence against civilians/Attack"
    assert acled_label(_event(), {"clash"}) == "Battles/Armed clash"


def test_demonstrators_fighting_police_riot():
    text = "Stone-throwing demonstrators clashed with riot police outside the Hallow ministry."
    crowd = Participant("demonstrators", sector="civilians")
    police = Participant("riot police", sector="police")
    cues = find_cues(text)
    assert {"protest", "violent", "clash"} <= cues
    assert acled_label(_event(text, actor=crowd, target=police), cues) == "Riots/Violent demonstration"
    assert acled_label(_event(type="PROTEST", mode="demo"), find_cues("A violent demonstration shook Kell.")) == (
        "Riots/Violent demonstration"
    )


def test_a_defused_bomb_is_disrupted_weapons_use():
    cues = find_cues("Army engineers defused a bomb left under the Tarrow bridge.")
    assert acled_label(_event(type="COERCE", mode="seize"), cues) == "Strategic developments/Disrupted weapons use"
    assert acled_label(_event(type="COERCE", mode="seize")) == "Strategic developments/Looting/property destruction"


def test_looting_without_a_demonstration_is_looting():
    shop = find_cues("Several shops were looted in the Kessel market overnight.")
    march = find_cues("Protesters looted shops after the Kessel march turned violent.")
    riot = _event(type="PROTEST", mode="riot")
    assert acled_label(riot, shop) == "Strategic developments/Looting/property destruction"
    assert acled_label(riot, march) == "Riots/Violent demonstration"


def test_crowd_control_with_no_named_actor_is_protest_policing():
    text = "Tear gas and rubber bullets were fired at the marchers in Orrin, and two of them died."
    assert acled_label(_event(text, mode="crowd-control"), find_cues(text)) == (
        "Protests/Excessive force against protesters"
    )
    assert acled_label(_event(type="PROTEST", mode="demo"), find_cues(text)) == (
        "Protests/Excessive force against protesters"
    )


def test_overlapping_cues_are_all_found():
    cues = find_cues("Troops seized grenades and fired rubber bullets in Amber.")
    assert {"grenade", "disrupted", "intervention"} <= cues
