"""Vocabulary of the count rules, loaded from ``data/lexicons/counts``."""

from __future__ import annotations

from ...resources.lexicons import pairs, table, word_list

CATEGORIES: tuple[str, ...] = (
    "killed",
    "injured",
    "casualties",
    "arrested",
    "crowd",
    "missing",
    "kidnapped",
    "displaced",
)

_UNITS: dict[str, int] = table("common/number_words_units")
_TENS: dict[str, int] = table("common/number_words_tens")
# Scale words; South Asian news writes "lakh" and "crore" as often as "million".
_SCALES: dict[str, float] = table("counts/scales")
_DOZEN = "dozen"
# Vague plurals: the base that "twice the base, at least" is read from.
# "tens" and "scores" count only as "tens of ..." / "scores of ..." (_NEEDS_OF):
# alone they are other words.
_VAGUE_PLURALS: dict[str, float] = table("counts/vague_plurals")
_NEEDS_OF = word_list("counts/needs_of")
# Vague determiners kept only when the count has a category.
_VAGUE_DETERMINERS: dict[str, float] = table("counts/vague_determiners")

_SUFFIX_SCALE = table("counts/suffix_scales")

_QUALIFIERS_BEFORE: frozenset[str] = word_list("counts/qualifiers_before")
_QUALIFIER_MAX_WORDS = 3
_INTENSIFIERS = word_list("counts/intensifiers")
# Qualifier words after a number (space-separated tokens) -> the qualifier.
_QUALIFIERS_AFTER: dict[tuple[str, ...], str] = {
    tuple(words.split(" ")): qualifier for words, qualifier in table("counts/qualifiers_after")
}
_VAGUE_QUALIFIER = "at least"

# Entity labels whose numbers are dates, money, measures or parts of names.
_SKIP_ENTS = frozenset(
    {
        "MONEY",
        "PERCENT",
        "ORDINAL",
        "QUANTITY",
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
# The small model often calls "between 1 and 2 million" or "3,000" a DATE: these
# labels are trusted only when nothing countable follows the number.
_SOFT_SKIP_ENTS = frozenset({"DATE", "TIME"})
# A number right after one of these is a label, not a count.
_NUMBERING_WORDS = word_list("counts/numbering_words")
# Nouns that make the number a measure, duration, amount or frequency.
_NON_COUNT_UNITS = word_list("counts/non_count_units")
_CURRENCY_SIGNS = word_list("counts/currency_signs")
_AGE_WORDS = word_list("counts/age_words")

_ACTION_CATEGORY: dict[str, str] = pairs("counts/action_categories")
_UNIT_CATEGORY: dict[str, str] = pairs("counts/unit_categories")
# Nouns that name the event they count: their verb is the action.
_NOUN_ACTION: dict[str, str] = pairs("counts/noun_actions")
# Adjectives (and participles the tagger calls adjectives) of casualty reports.
_ADJ_ACTION: dict[str, tuple[str, str]] = {
    word: (action, category) for word, (action, category) in table("counts/adjective_actions").items()
}
# Category verbs whose subject is the one counted ("12 people died"); for the
# others the active subject is the agent ("4 gunmen killed ...").
_INTRANSITIVE = word_list("counts/intransitive_verbs")
# Verbs that pass the report on to their complement: "were reported killed".
_RAISING_VERBS = word_list("counts/raising_verbs")
# Verbs that carry no event of their own.
_LIGHT_VERBS = word_list("counts/light_verbs")
# "the toll rose to 37", "deaths reached 40", "the number stood at 12".
_CHANGE_VERBS = word_list("counts/change_verbs")
# Prepositional objects that make a verb an arrest or a crowd.
_CUSTODY_NOUNS = word_list("counts/custody_nouns")
_CROWD_EVENT_NOUNS = word_list("counts/crowd_event_nouns")
_CROWD_LINK_VERBS = word_list("counts/crowd_link_verbs")
_TARGET_PREPOSITIONS = word_list("counts/target_prepositions")
_INJURY_NOUNS = word_list("counts/injury_nouns")
# Passive "held" is an arrest unless what is held is an event.
_HELD_EVENTS = word_list("counts/held_events")
_PARTITIVE_SKIP_POS = frozenset({"PRON", "DET"})
