"""Counts: "more than 300 people arrested" -> value, qualifier, unit, action, category.

One pass over the tokens of a parsed spaCy ``Doc`` finds number phrases, reads
their value, and links each to what is counted (the *unit*) and to the event it
reports (the *action*) through the dependency parse. It runs on every document,
so it only looks at tokens that can start a number and walks a few arcs from
each.

Conventions (decided here, relied on by ``events`` and the store):

Span
    ``start``/``end`` cover the qualifier, the number and the counted noun when
    that noun follows the number in the same phrase: "more than 300 people",
    "thousands of demonstrators", "between 200 and 300 protesters". The action
    word is never in the span (it may be far away or before the number:
    "killing 12"); it is given as ``action``.
Value
    Digits ("5,000", "1.5"), digits with a scale ("1.5 million", "5k", "2bn",
    "3 lakh"), written numbers ("five", "twenty-three", "two hundred and
    fifty", "a dozen", "half a dozen"). Vague plurals are read as twice their
    base with qualifier "at least": "dozens" -> 24, "scores of" -> 40,
    "hundreds" -> 200, "thousands" -> 2000, "tens of thousands" -> 20,000,
    "hundreds of thousands" -> 200,000. "several" -> 3 and "multiple" -> 2
    (qualifier "at least") are kept only when the count has a category
    ("multiple casualties", "several people were killed"), since elsewhere
    they are not counts of anything reported.
Ranges
    "between 10 and 20", "10-20", "10 to 20", "two or three" -> ``value`` 10,
    ``value_max`` 20. "from 10 to 40" under a verb of change ("the toll rose
    from 10 to 40") is a change, not a range: the count is the new value, 40.
Qualifier
    The lower-cased surface words before the number ("over", "more than",
    "at least", "about", "around", "nearly", "almost", "up to", "some",
    "an estimated", "fewer than", ...), or after it ("or more", "or so",
    "plus"); intensifiers ("just", "well") are dropped.
Unit
    The noun the number modifies (``nummod``/``quantmod``), or the object of a
    partitive "of" ("thousands of demonstrators", "12 of the victims"), with
    its compound modifiers ("riot police"). "The death toll rose to 37" gives
    unit "death toll" (the subject of the change verb). A bare number that
    reports an event ("... and 40 injured") takes the unit of the count before
    it in the same sentence.
Action
    The lemma of the verb the counted noun attaches to: its subject or object
    ("12 people were killed", "killing 12", "5 ministers resigned"), a
    participle or relative clause on the noun ("people detained", "protesters
    who gathered"), through raising verbs ("were reported killed", "were feared
    dead"). Particles stay ("round up"); a custody phrase gives
    "take into custody". Adjectives map to their verb ("3 dead" -> "die",
    "40 wounded" -> "wound"). Event nouns give their verb when no verb does
    ("12 deaths" -> "die", "the death toll" -> "die"). Copulas and light
    verbs ("be", "have", "lead to") give no action.
Category
    One of ``CATEGORIES``, from the action first, then from the unit:

    =========== ==============================================================
    killed      kill, murder, die, dead, deaths, fatalities, death toll, shot dead
    injured     injure, wound, hurt, injuries, hospitalised
    casualties  casualties, shot (killed or injured, the text does not say)
    arrested    arrest, detain, held (passive), jail, custody, detainees
    crowd       protesters, demonstrators, marchers, rioters, rally, gather,
                march, take to the streets, "a 5,000-strong crowd"
    missing     missing, disappeared
    kidnapped   kidnap, abduct, hostages, held hostage
    displaced   displaced, evacuated, fled, refugees, homeless
    =========== ==============================================================

    The category goes to the people the event happened to: the agent of a
    transitive verb ("4 gunmen killed 12 people", "shot by four officers")
    gets the action but no category, and so does a place ("took to the
    streets in several market towns").

    Any other count keeps ``category`` None but still gets unit and action
    ("5 ministers resigned").
Skipped
    Numbers spaCy labels DATE, TIME, MONEY, PERCENT, ORDINAL or QUANTITY, or
    that sit inside a name (PERSON, ORG, GPE, FAC, PRODUCT, EVENT, LAW, ...);
    years; ages ("a 34-year-old", "aged 34", "Smith, 34,"); numbers glued into
    a word ("COVID-19", "a 5-day strike"); list numbering ("1." at a line
    start); phone numbers; numbers after a numbering word ("No. 5",
    "Article 5", "Flight 370") or after a proper name ("Apollo 11");
    measurements, durations, money, scores and votes written as nouns
    ("5 miles", "3 decades", "10 dollars", "an 80-19 vote"); frequencies
    ("three times"); "one" used as a pronoun ("one of them", "no one").
    "one", "several", "multiple" and year-like numbers ("1995 tax filings")
    are kept only with a category; with a parse, a number with no unit, no
    action and no category ("Forty-three, yes") is dropped as counting
    nothing nameable. Without a parse (``Doc`` from ``make_doc``) numbers
    are still read, without unit, action or category.

Modules: ``numbers`` (reading number phrases and skip rules), ``attach``
(what a number counts), ``build`` (the passes that make a Count),
``evaluate``, ``lexicon`` (word lists from ``data/lexicons/counts``).
"""

from .build import extract_counts
from .evaluate import evaluate_counts
from .lexicon import CATEGORIES

__all__ = ["CATEGORIES", "evaluate_counts", "extract_counts"]
