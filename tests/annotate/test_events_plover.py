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
        e
        for e in extract_events(doc, entities=[], times=[], counts=[], published=None)
        if e.factuality != "negated"
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
        ("The northern militia will withdraw its fighters from the valley unless the army halts its offensive.",
         "THREATEN", None),
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


def test_the_top_event_is_the_highest_in_the_tree(nlp):
    # The attack is the news; the earlier threat only describes it.
    top = _top(nlp, "The army mounted its long-threatened invasion of the valley.")
    assert top is not None and top.type == "ASSAULT"
