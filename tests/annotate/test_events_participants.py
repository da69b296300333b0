"""Actors and targets of events on invented sentences: the right span, country and sector."""

from __future__ import annotations

from newsgraph.annotate.events import extract_events
from newsgraph.records import Event


def _code(nlp, text: str) -> list[Event]:
    from newsgraph.annotate import counts as count_module, entities as entity_module

    doc = nlp(text)
    entity_module.refine_entities(doc, nlp=nlp)
    return extract_events(
        doc,
        entities=entity_module.extract_entities(doc),
        times=[],
        counts=count_module.extract_counts(doc),
        published=None,
    )


def _event(nlp, text: str, type_: str | None, trigger: str | None = None) -> Event:
    """The first event of a type (any type when None) and trigger lemma in a text."""
    found = [
        e for e in _code(nlp, text) if type_ in (None, e.type) and (trigger is None or e.trigger.startswith(trigger))
    ]
    assert found, f"no {type_} event in {text!r}"
    return found[0]


# ---- pronouns stand for their antecedent in the same sentence


def test_reported_pronoun_actor_is_the_speaker(nlp):
    e = _event(nlp, "Portugal said on Monday that it would expel two Chilean diplomats.", "SANCTION")
    assert e.actor is not None and e.actor.text == "Portugal" and e.actor.country == "PT"
    assert e.target is not None and e.target.country == "CL"


def test_possessive_pronoun_actor_is_the_clause_subject(nlp):
    e = _event(nlp, "Chilean dock workers called off their strike after a week.", "PROTEST")
    assert e.actor is not None and "dock workers" in e.actor.text and e.actor.country == "CL"


def test_pronoun_subject_of_a_controlled_adjective(nlp):
    e = _event(nlp, "Chile says it is ready to withdraw its warships from the disputed bay.", None, "withdraw")
    assert e.actor is not None and e.actor.text == "Chile" and e.actor.country == "CL"


def test_cataphoric_possessive_is_not_the_later_subject(nlp):
    # "after his arrest, the minister said": "his" is someone told before, not the minister.
    e = _event(nlp, "After his arrest, the interior minister told reporters the man was innocent.", "COERCE")
    assert e.target is None or "minister" not in e.target.text


def test_object_pronoun_is_not_its_own_clause_subject(nlp):
    e = _event(nlp, "The guards said the prisoners attacked them with knives.", "ASSAULT")
    assert e.actor is not None and e.actor.text == "prisoners"
    assert e.target is not None and e.target.text == "guards"


# ---- times are never participants


def test_weekday_is_not_a_target(nlp):
    e = _event(nlp, "Peru on Friday demanded that Ecuador free the fishermen.", "REQUEST")
    assert e.target is not None and e.target.text == "Ecuador"


# ---- the noun phrase carries the country


def test_coordinated_demonyms_stay_in_the_phrase(nlp):
    e = _event(nlp, "Senior Danish and Swedish officials agreed to share fishing data.", "AGREE")
    assert e.actor is not None and "Danish and Swedish officials" in e.actor.text
    assert e.actor.country == "DK" and e.actor.sector == "government"


def test_country_of_a_place_phrase(nlp):
    e = _event(nlp, "Gunmen in Mali attacked a bus carrying traders.", "ASSAULT")
    assert e.actor is not None and e.actor.text == "Gunmen" and e.actor.country == "ML"


def test_noun_named_for_a_country_is_a_recipient(nlp):
    e = _event(nlp, "The minister threatened to ban Bolivian opposition candidates.", "THREATEN")
    assert e.target is not None and "Bolivian opposition candidates" in e.target.text
    assert e.target.country == "BO"


# ---- targets given by the context


def test_protest_target_is_the_addressee_of_its_demand(nlp):
    e = _event(
        nlp, "Teachers went on a hunger strike to demand the dismissal of the Ghanaian education minister.", "PROTEST"
    )
    assert e.target is not None and "minister" in e.target.text and e.target.country == "GH"


def test_protest_in_protest_of(nlp):
    e = _event(
        nlp, "Miners continued their strike in protest against the Peruvian government's tax plan.", "PROTEST", "strike"
    )
    assert e.target is not None and e.target.text == "Peruvian government" and e.target.country == "PE"


def test_curfew_target_is_the_place(nlp):
    e = _event(nlp, "The authorities imposed a curfew in Nairobi after the riots.", "COERCE")
    assert e.target is not None and e.target.text == "Nairobi" and e.target.country == "KE"


def test_demonstration_place_is_its_target(nlp):
    e = _event(nlp, "Hundreds of teachers demonstrated in Lisbon on Sunday.", "PROTEST")
    assert e.target is not None and e.target.text == "Lisbon" and e.target.country == "PT"


def test_place_in_the_actor_phrase_is_not_the_target(nlp):
    e = _event(nlp, "Teachers in Lisbon demonstrated on Sunday.", "PROTEST")
    assert e.target is None


# ---- objects that are not targets, and targets inside abstract objects


def test_munition_object_is_not_the_target(nlp):
    e = _event(nlp, "Artillery units fired shells at a school in Mosul.", "ASSAULT", "fire")
    assert e.target is not None and e.target.text == "school" and e.target.country == "IQ"


def test_own_troops_are_not_the_target(nlp):
    e = _event(nlp, "Chad will withdraw its troops from Niger.", None, "withdraw")
    assert e.target is not None and e.target.text == "Niger"


def test_up_to_a_number_is_still_the_object(nlp):
    # The parser sometimes reads "up to 16" as a particle and a preposition
    # ("kidnapped up / to 16 engineers"); the object is still the engineers.
    from spacy.tokens import Doc

    from newsgraph.annotate.events.participants import _objects

    words = ["Gunmen", "kidnapped", "up", "to", "16", "engineers", "."]
    heads = [1, 1, 1, 2, 5, 3, 1]
    deps = ["nsubj", "ROOT", "prt", "prep", "nummod", "pobj", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert [t.text for t in _objects(doc[1])] == ["engineers"]


def test_recipient_inside_an_abstract_nominal_target(nlp):
    e = _event(nlp, "Peru announced a suspension of flights with Chile.", None, "suspension")
    assert e.target is not None and e.target.text == "Chile"


def test_clause_of_a_nominal_demand(nlp):
    e = _event(nlp, "The union repeated its demand that Spain lower the fuel tax.", "REQUEST", "demand")
    assert e.actor is not None and e.actor.text == "union"
    assert e.target is not None and e.target.text == "Spain"


def test_allowed_one_is_the_target(nlp):
    e = _event(nlp, "The court decided to allow candidate Mary Jones to run in the election.", None, "allow")
    assert e.target is not None and "Mary Jones" in e.target.text


def test_purpose_object_is_the_target_of_a_firing(nlp):
    e = _event(nlp, "Police opened fire to disperse the striking miners.", "ASSAULT", "open")
    assert e.target is not None and "miners" in e.target.text


def test_against_phrase_below_the_trigger(nlp):
    e = _event(nlp, "Portugal mobilized its reserve units for an expected war against Morocco.", "MOBILIZE")
    assert e.target is not None and e.target.text == "Morocco"


def test_place_of_a_threatened_measure(nlp):
    e = _event(nlp, "The governor threatened to impose a curfew in Mombasa.", "THREATEN")
    assert e.target is not None and e.target.text == "Mombasa" and e.target.country == "KE"


# ---- two sides: every side named is an actor


def test_fighting_between_two_sides_codes_both_as_actors(nlp):
    events = [
        e for e in _code(nlp, "Fighting between the army and Tuareg militants resumed.") if e.trigger == "fighting"
    ]
    assert {e.actor.text for e in events if e.actor} == {"army", "Tuareg militants"}
    assert all(e.target is None for e in events)


def test_talks_between_two_states(nlp):
    events = [e for e in _code(nlp, "Talks between Egypt and Sudan ended without agreement.") if e.type == "CONSULT"]
    assert {e.actor.country for e in events if e.actor} == {"EG", "SD"}


def test_clash_place_is_not_a_side(nlp):
    events = [e for e in _code(nlp, "Police and farmers clashed in Nairobi.") if e.type == "ASSAULT"]
    assert {e.actor.text for e in events if e.actor} == {"Police", "farmers"}
    assert all(e.target is None for e in events)


def test_event_noun_subject_gives_its_actor(nlp):
    e = _event(nlp, "An attack by Islamist militants on a police post killed four officers.", "ASSAULT", "kill")
    assert e.actor is not None and e.actor.text == "Islamist militants" and e.actor.sector == "rebels"


# ---- nominal events: who staged, issued or deployed them


def test_light_verb_subject_when_the_lemma_slips(nlp):
    # The lemmatiser reads "staged" as "stag"; the protest is still the subject's.
    e = _event(nlp, "Thousands of nurses staged mass demonstrations to demand better pay.", "PROTEST")
    assert e.actor is not None and "nurses" in e.actor.text


def test_message_noun_author_is_the_actor(nlp):
    e = _event(nlp, "The Basque party issued a statement demanding that Madrid release the prisoners.", "REQUEST")
    assert e.actor is not None and "party" in e.actor.text
    assert e.target is not None and e.target.text == "Madrid"


def test_official_protest_is_not_an_official_actor(nlp):
    e = _event(nlp, "Chile lodged an official protest with Peru on Monday.", None, "protest")
    assert e.actor is not None and e.actor.text == "Chile"


def test_deployment_of_troops_is_the_troops_act(nlp):
    e = _event(nlp, "The deployment of French troops in the capital began on Monday.", "MOBILIZE", "deployment")
    assert e.actor is not None and "French troops" in e.actor.text and e.actor.country == "FR"


def test_possessive_pronoun_gives_its_country(nlp):
    e = _event(nlp, "Serbian leaders said their forces had completed their withdrawal.", None, "withdrawal")
    assert e.actor is not None and e.actor.text == "their forces" and e.actor.country == "RS"


def test_clause_of_a_demand_hanging_from_the_verb(nlp):
    e = _event(nlp, "The union reiterated its demand today that Spain lower the fuel tax.", "REQUEST", "demand")
    assert e.target is not None and e.target.text == "Spain"


def test_refusal_takes_the_place_of_the_refused_act(nlp):
    e = _event(nlp, "Brazil has refused to build the dam in Bolivia.", "REJECT")
    assert e.target is not None and e.target.text == "Bolivia"


def test_place_stands_in_for_a_thing_target(nlp):
    e = _event(nlp, "Thousands of Syrian families sought refuge in Jordan last month.", "REQUEST")
    assert e.target is not None and e.target.text == "Jordan" and e.target.country == "JO"


# ---- sectors


def test_reflexive_target_stays_the_reflexive(nlp):
    # "blew themselves up": the bombers are actor and target; the event is kept.
    e = _event(nlp, "Three suicide attackers blew themselves up near a crowded bus depot.", "ASSAULT", "blow")
    assert e.actor is not None and "attackers" in e.actor.text
    assert e.target is not None and e.target.text == "themselves"


def test_modifier_sector_outranks_a_generic_head(nlp):
    e = _event(nlp, "The extremist group said it had killed two traders.", "ASSAULT")
    assert e.actor is not None and e.actor.sector == "rebels"


def test_place_target_is_not_its_government(nlp):
    e = _event(nlp, "Hundreds of teachers demonstrated in Lisbon on Sunday.", "PROTEST")
    assert e.target is not None and e.target.country == "PT" and e.target.sector is None


# ---- the whole name


def test_name_set_after_its_noun_is_in_the_phrase(nlp):
    e = _event(nlp, "The government ordered the opposition newspaper El Tiempo to close.", None, "order")
    assert e.target is not None and e.target.text == "opposition newspaper El Tiempo"


def test_hyphenated_name_is_one_word(nlp):
    # The parser may split "Abd-el-Nour" and hang its pieces elsewhere; the
    # phrase still takes the whole hyphenated name.
    from spacy.tokens import Doc

    from newsgraph.annotate.events.participants import _phrase_tokens

    words = ["Police", "held", "Karim", "Abd", "-", "el", "-", "Nour", "."]
    spaces = [True, True, True, False, False, False, False, False, False]
    heads = [1, 1, 3, 1, 3, 1, 1, 1, 1]
    deps = ["nsubj", "ROOT", "compound", "dobj", "punct", "dep", "punct", "dep", "punct"]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert " ".join(t.text for t in _phrase_tokens(doc[3])) == "Karim Abd - el - Nour"
