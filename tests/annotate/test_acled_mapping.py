"""ACLED sub-events from the mapping data (acled_rules.tsv, acled_cues.tsv), on invented sentences.

Each case states ACLED's own distinction (Codebook definitions in acled_subevents.tsv)."""

from __future__ import annotations

import pytest

from newsgraph.records import Event, Evidence, Participant, Span
from newsgraph.resources.acled import acled_label, find_cues

POLICE = Participant("riot police", sector="police")
REBELS = Participant("the insurgents", sector="rebels")


def _event(text: str = "x", **kw) -> Event:
    base = dict(id="ev_1", type="ASSAULT", mode=None, evidence=[Evidence(Span(0, 1), Span(0, len(text)), text)])
    base.update(kw)
    return Event(**base)


def _crowd_control(sentence: str, actor: Participant | None = POLICE, lethal: bool = False) -> str | None:
    cues = set(find_cues(sentence)) | ({"lethal"} if lethal else set())
    return acled_label(_event(sentence, mode="crowd-control", actor=actor), cues)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # Dispersed without serious injury: a protest with intervention, not excessive force.
        (
            "Police used water cannon and tear gas to scatter striking nurses outside the Calder clinic.",
            "Protests/Protest with intervention",
        ),
        # Serious injuries: excessive force.
        (
            "Police fired rubber bullets at marchers in Osterby, leaving eleven in hospital.",
            "Protests/Excessive force against protesters",
        ),
        (
            "Troops opened fire on the crowd at the Vell crossroads, wounding dozens.",
            "Protests/Excessive force against protesters",
        ),
        # Demonstrators who are violent make it a riot, whatever the police do.
        (
            "Police used water cannon on youths who hurled stones at shops in Marrow.",
            "Riots/Violent demonstration",
        ),
        # A petrol bomb thrown in a crowd is not remote violence.
        (
            "Police dispersed the crowd as protesters threw petrol bombs at the Tarn town hall.",
            "Riots/Violent demonstration",
        ),
    ],
)
def test_force_on_a_crowd_by_its_outcome_and_the_crowd_s_conduct(sentence, label):
    assert _crowd_control(sentence) == label


def test_force_on_a_crowd_that_kills_is_excessive():
    assert (
        _crowd_control("Soldiers broke up the sit-in at the Pell square.", lethal=True)
        == "Protests/Excessive force against protesters"
    )


def test_shells_fired_are_remote_violence_even_when_the_verb_reads_as_crowd_control():
    sentence = "The insurgents fired mortar shells at the Ostra garrison."
    assert _crowd_control(sentence, actor=REBELS) == "Explosions/Remote violence/Shelling/artillery/missile attack"


def test_poisonous_gas_is_a_chemical_weapon():
    assert "chemical" in find_cues("Medics said the shells released a poisonous gas over Amsel.")


def test_a_context_topic_is_no_cue():
    # Soldiers firing on insurgents in a border dispute: a clash, not territory regained.
    event = _event(
        "Border troops opened fire on insurgents crossing into the disputed Harl strip.",
        mode="firearms",
        actor=Participant("border troops", sector="military"),
        target=REBELS,
        context=["territory", "military"],
    )
    assert acled_label(event) == "Battles/Armed clash"


def test_a_masking_cue_is_none_of_the_shorter_cues_it_begins_with():
    assert "violent" not in find_cues("Riot police lined the road to the Harl stadium.")
    assert "violent" not in find_cues("Guards violently dispersed the sit-in at the Osk mill.")
    assert "violent" in find_cues("The march through Osk turned violent after dusk.")


def test_violent_demonstrators_make_a_riot_whatever_force_met_them():
    sentence = "Two marchers were killed as protesters torched cars and stoned the Pell police station."
    event = _event(sentence, type="PROTEST", mode="demo")
    assert acled_label(event, find_cues(sentence)) == "Riots/Violent demonstration"


def test_territory_taken_after_its_holders_withdrew_changed_hands_without_fighting():
    sentence = "The militia took control of the Varn depot after the army pulled out of the valley."
    event = _event(sentence, actor=Participant("the militia", sector="rebels"))
    assert acled_label(event, find_cues(sentence)) == "Strategic developments/Non-violent transfer of territory"


def test_an_armed_group_named_without_a_sector_is_armed():
    # A militia is an armed, organised group even where its phrase reads as civil society.
    event = _event(
        "The insurgents attacked a militia loyal to the Harl governor.",
        actor=REBELS,
        target=Participant("a militia loyal to the Harl governor", sector="civil society"),
    )
    assert acled_label(event) == "Battles/Armed clash"


@pytest.mark.parametrize(
    "sentence",
    [
        "Nine people were killed when a landslide buried houses in the Osk valley.",
        "Four workers died after a chemical leak at the Tarn fertiliser plant.",
        "Twelve passengers were killed when their bus plunged into the Vell river after a collision.",
    ],
)
def test_deaths_no_one_inflicted_are_no_acled_event(sentence):
    assert acled_label(_event(sentence, mode=None), find_cues(sentence)) is None


def test_an_attack_by_a_named_actor_in_a_disaster_area_stands():
    sentence = "Gunmen killed two aid workers at a flood relief camp near Osk."
    event = _event(
        sentence,
        actor=Participant("Gunmen", sector="unidentified armed"),
        target=Participant("two aid workers", sector="civilians"),
    )
    assert acled_label(event, find_cues(sentence)) == "Violence against civilians/Attack"


def test_a_bombing_with_a_disaster_word_stays_a_bombing():
    sentence = "A roadside bomb killed three soldiers of the Storm brigade after a crash on the Harl road."
    assert acled_label(_event(sentence), find_cues(sentence)) == (
        "Explosions/Remote violence/Remote explosive/landmine/IED"
    )


@pytest.mark.parametrize(
    ("sentence", "instrument"),
    [
        ("Militants detonated a suicide vehicle-borne device at the gate of the Osk hotel.", "suicide"),
        ("Two kamikaze attackers went off near the Vell bus station.", "suicide"),
        # Bombers are people who carry bombs unless they fly.
        ("Police said both bombers died in the blast outside the Harl market.", "ied"),
        ("Strategic bombers struck the Tarn depot overnight.", "air"),
    ],
)
def test_suicide_devices_and_bombers(sentence, instrument):
    assert find_cues(sentence) & {"air", "artillery", "ied", "grenade", "suicide", "chemical", "drone"} == {instrument}


def test_a_mob_without_a_state_actor_is_mob_violence():
    sentence = "A man accused of theft died after an angry mob beat him in the Osk market."
    assert acled_label(_event(sentence, mode="beat"), find_cues(sentence)) == "Riots/Mob violence"


def test_mobilisation_is_no_mob():
    assert "mob" not in find_cues("The mobilisation of reservists in Harl began on Monday.")


def test_an_attack_on_unarmed_officials_is_violence_against_civilians():
    # ACLED: a government's officials and offices are unarmed; only its forces make a battle.
    event = _event(
        "Gunmen stormed the Harl land registry office.",
        mode="firearms",
        actor=Participant("Gunmen", sector="unidentified armed"),
        target=Participant("the Harl land registry office", sector="government"),
    )
    assert acled_label(event) == "Violence against civilians/Attack"


def test_a_government_still_regains_territory():
    sentence = "The government recaptured the town of Osk from the insurgents."
    event = _event(sentence, actor=Participant("The government", sector="government"), target=REBELS)
    assert acled_label(event, find_cues(sentence)) == "Battles/Government regains territory"


def test_rioters_fighting_troops_are_a_violent_demonstration():
    sentence = "Stone-throwing youths fought soldiers at the Vell crossing."
    event = _event(
        sentence,
        actor=Participant("Stone-throwing youths", sector="civilians"),
        target=Participant("soldiers", sector="military"),
    )
    assert acled_label(event, find_cues(sentence)) == "Riots/Violent demonstration"


def test_clashes_at_a_protest_with_no_sides_named_are_a_violent_demonstration():
    sentence = "Clashes broke out at the protest outside the Osk courthouse."
    assert acled_label(_event(sentence), find_cues(sentence)) == "Riots/Violent demonstration"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Police beat students at the Osk sit-in, leaving nine injured.",
            "Protests/Excessive force against protesters",
        ),
        ("Police pushed students away from the Osk sit-in.", "Protests/Protest with intervention"),
        ("Police fought students who pelted them with stones at the Osk sit-in.", "Riots/Violent demonstration"),
    ],
)
def test_security_forces_turning_on_a_crowd_by_its_conduct_and_outcome(sentence, label):
    event = _event(sentence, actor=POLICE, target=Participant("students", sector="civilians"))
    assert acled_label(event, find_cues(sentence)) == label


def test_a_suppressed_march_is_a_protest_with_intervention():
    sentence = "Police suppressed a march of nurses in Vell."
    assert acled_label(_event(sentence, type="PROTEST", mode="demo"), find_cues(sentence)) == (
        "Protests/Protest with intervention"
    )


def test_a_protest_about_deaths_in_an_accident_is_peaceful():
    sentence = "Students held demonstrations over two classmates killed in a road accident in Harl."
    assert acled_label(_event(sentence, type="PROTEST", mode="demo"), find_cues(sentence)) == (
        "Protests/Peaceful protest"
    )


def test_a_raid_from_the_air_or_with_poison_gas_is_remote_violence():
    air = "Army helicopters carried out raids on the Osk hills overnight."
    gas = "Residents of Vell said the raid left a cloud of poison gas over the market."
    assert acled_label(_event(air, type="COERCE", mode="seize"), find_cues(air)) == (
        "Explosions/Remote violence/Air/drone strike"
    )
    assert acled_label(_event(gas, type="COERCE", mode="seize"), find_cues(gas)) == (
        "Explosions/Remote violence/Chemical weapon"
    )


def test_a_helicopter_hit_by_a_rocket_is_no_air_strike():
    sentence = "Rebels fired a rocket that brought down an army helicopter near Harl."
    assert find_cues(sentence) & {"air", "artillery"} == {"artillery"}


def test_fighters_surrendering_are_an_acled_agreement():
    sentence = "Forty insurgents surrendered to the army in the Harl hills."
    event = _event(sentence, type="RETREAT", mode="disarm", actor=REBELS)
    assert acled_label(event, find_cues(sentence)) == "Strategic developments/Agreement"
