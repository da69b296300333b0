"""PLOVER typing across the ontology on invented sentences: commitments,
threats, refusals, demands told in reported speech, and the top event."""

from __future__ import annotations

import pytest

from newsgraph.annotate.events import extract_events
from newsgraph.evaluation.events import top_event
from newsgraph.records import Event


def _top(nlp, text: str) -> Event | None:
    doc = nlp(text)
    events = [
        e for e in extract_events(doc, entities=[], times=[], counts=[], published=None) if e.factuality != "negated"
    ]
    return top_event(doc, events)


@pytest.mark.parametrize(
    ("text", "etype", "mode"),
    [
        # A cooperative act in the future is a commitment (manual, AGREE).
        ("The foreign minister of Veltria will visit Ostrava next week.", "AGREE", None),
        ("The rebels said they will free the hostages on Sunday.", "AGREE", None),
        ("The governor is willing to lift the curfew.", "AGREE", None),
        # A conflict act announced is a threat; its mode is the content.
        ("The farmers' union said it would blockade the ring road around the capital.", "THREATEN", "restrict"),
        (
            "The northern militia will withdraw its fighters from the valley unless the army halts its offensive.",
            "THREATEN",
            None,
        ),
        ("The insurgents have sworn to fight on until they capture the fort.", "THREATEN", "violence"),
        ("Veltria said it would withdraw its ambassador from Dorsk.", "THREATEN", "relations"),
        # A cooperative act declined is a refusal.
        ("The ministry will not release the detained sailors.", "REJECT", "yield"),
        # "X said Y must do Z" is a demand by X.
        ("The council said the province must hand back the seized trucks.", "REQUEST", None),
    ],
)
def test_modality_gives_the_plover_type(nlp, text, etype, mode):
    top = _top(nlp, text)
    assert top is not None, text
    assert (top.type, top.mode) == (etype, mode), text
    assert top.factuality in ("asserted", "reported")


@pytest.mark.parametrize(
    "text",
    [
        "The army could withdraw from the border town.",  # a possibility, not a commitment
        "If the rebels withdraw, the siege of Ostrava ends.",  # a condition
    ],
)
def test_possibilities_and_conditions_stay_hypothetical(nlp, text):
    events = extract_events(nlp(text), entities=[], times=[], counts=[], published=None)
    retreats = [e for e in events if e.type == "RETREAT"]
    assert retreats and all(e.factuality == "hypothetical" for e in retreats)


def test_forcing_a_way_out_is_no_expulsion(nlp):
    assert _top(nlp, "Two stewards forced their way out of a packed hall.") is None


def test_the_top_event_is_the_highest_in_the_tree(nlp):
    # The attack is the news; the earlier threat only describes it.
    top = _top(nlp, "The militia finally mounted its long-threatened assault on the depot.")
    assert top is not None and top.type == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # Light verbs and event nouns.
        ("Envoys from Veltria and Dorsk travelled to Ostrava for talks on the river dispute.", "CONSULT"),
        ("The emir launched a mediation effort between the two neighbouring republics.", "CONSULT"),
        ("The supreme court opened a hearing into the conduct of the prison guards.", "ACCUSE"),
        ("Veltria announced a suspension of flights to Dorsk.", "SANCTION"),
        ("The ministry ordered patrols by police in the old town.", "MOBILIZE"),
        ("Navies of the two countries began joint exercises in the gulf.", "COOPERATE"),
        # What a measure or part names is the thing given or lifted.
        ("The agency provided 3,000 tonnes of grain aid to the flooded province.", "AID"),
        ("The kingdom gave the island republic 8 million euros of aid for its schools.", "AID"),
        ("The governor lifted the state of emergency in the northern districts.", "CONCEDE"),
        # Verbs across the cooperative and conflict types.
        ("Veltria established full diplomatic relations with Dorsk in May.", "SUPPORT"),
        ("The government defended its decision to close the border.", "SUPPORT"),
        ("Veltrian officials shared evidence with their Dorskian counterparts.", "COOPERATE"),
        ("The court allowed the opposition leader to contest the election.", "CONCEDE"),
        ("The governor shortened the curfew by two hours.", "CONCEDE"),
        ("The cabinet accepted the strikers' demands.", "CONCEDE"),
        ("The army lifted its blockade of the port.", "RETREAT"),
        ("The junta will not accept more migrants from the north.", "REJECT"),
        ("The two parties failed to reach an agreement on the border.", "REJECT"),
        ("The gang leaders dismissed a plea from the bishop to give up their guns.", "REJECT"),
        ("A weekly paper in Ostrava breached a ban imposed by the interior ministry.", "REJECT"),
        ("The president has reneged on his pledge to hold early elections.", "REJECT"),
        ("The emir ended his mediation between the feuding clans.", "SANCTION"),
        ("Truckers blocked transport into the capital.", "PROTEST"),
        ("The ministry issued a warning to Dorsk over its troop movements.", "THREATEN"),
        # Recalling an envoy cuts relations (manual, SANCTION withdraw); withdrawing troops is a retreat.
        ("Veltria recalled its ambassador from Dorsk.", "SANCTION"),
        ("Veltria withdrew its ambassador from Dorsk.", "SANCTION"),
        ("The army withdrew its troops from the valley.", "RETREAT"),
        # A protest lodged with a government is a diplomatic one (manual, ACCUSE); held in the street, a demonstration.
        ("Veltria filed a formal protest with Dorsk about the shooting at the border post.", "ACCUSE"),
        ("Students held a protest outside the ministry.", "PROTEST"),
        # Expulsion (manual, COERCE deport), but not a way forced through a crowd.
        ("Soldiers forced out 300 villagers from their homes.", "COERCE"),
        # Material aid (manual, AID): sums of money, debt relief, rescues.
        ("Veltria gave $5 million in medical equipment to Dorsk.", "AID"),
        ("The creditor states have forgiven the debts of the three poorest countries.", "AID"),
        ("Coast guards rescued 40 migrants off the island.", "AID"),
    ],
)
def test_the_top_event_has_the_plover_type(nlp, text, etype):
    top = _top(nlp, text)
    assert top is not None and top.type == etype, (text, top and top.type)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Veltria has threatened to halt the negotiations with Dorsk.", "relations"),
        ("The militia threatened to deliver crushing blows to the garrison.", "violence"),
    ],
)
def test_a_threat_mode_is_its_content(nlp, text, mode):
    top = _top(nlp, text)
    assert top is not None and (top.type, top.mode) == ("THREATEN", mode)


@pytest.mark.parametrize(
    ("text", "not_type"),
    [
        # A plan told after the fact is no threat made now.
        ("The militia intended to seize the hill but was pushed back by the army.", "THREATEN"),
        # What must be the case is no demand.
        ("Police said the victim must have died hours earlier.", "REQUEST"),
        ("The minister said it must be a mistake.", "REQUEST"),
        # A noun modifying another names no event of its own.
        ("Gunmen torched two patrol cars outside the station.", "MOBILIZE"),
        # A month in a date that states a day or year is no march.
        ("On 14 March 2020, artillery shelled the outskirts of Dravnik.", "PROTEST"),
        ("March 9, 2018: a roadside bomb hit a bus near Olsenby.", "PROTEST"),
    ],
)
def test_no_event_of_the_wrong_kind(nlp, text, not_type):
    events = extract_events(nlp(text), entities=[], times=[], counts=[], published=None)
    assert not_type not in {e.type for e in events}


def test_a_named_march_the_tagger_reads_as_a_date_is_still_a_protest(nlp):
    # No day or year stated: "March" here names the event, whatever the tagger says.
    events = extract_events(
        nlp("Hundreds joined what organisers called the Silent March of Veldhaven on Friday night."),
        entities=[],
        times=[],
        counts=[],
        published=None,
    )
    assert "PROTEST" in {e.type for e in events}
