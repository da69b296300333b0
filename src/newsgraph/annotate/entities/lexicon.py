"""Vocabulary of the entity rules, loaded from ``data/lexicons/entities``."""

from __future__ import annotations

from ...resources.lexicons import pairs, table, word_list

# Labels whose spans are names (the others are numbers, dates, amounts).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

# Honorifics: never part of a person's name span.
HONORIFICS = word_list("entities/honorifics")

# Office titles that precede a name ("President X", "Gov. Y").
TITLES = word_list("entities/titles")

# Occupations: a role when the text ties them to one person.
OCCUPATIONS = word_list("entities/occupations")

# Hypernyms of roles, so "the performer" can refer to a musician. Keys are
# the descriptor's head; values the role heads it may stand for.
ROLE_HYPERNYMS: dict[str, frozenset[str]] = {
    k: frozenset(heads) for k, heads in table("entities/role_hypernyms").items()
}

# Modifier words grouped by domain, so "the spy chief" fits the director
# of a "National Intelligence Agency" and "the army chief" a "Defence
# Ministry" role.
_DOMAINS: tuple[frozenset[str], ...] = tuple(frozenset(words) for words in table("entities/modifier_domains"))

# Modifiers that say nothing about which person is meant ("the former head").
_NEUTRAL_MODIFIERS = word_list("entities/neutral_modifiers")

# Capitalised words that sit between a demonym and an office title
# ("Foreign Minister", "Deputy Prime Minister").
PORTFOLIO_WORDS = word_list("entities/portfolio_words")

# Words that make a span an organisation, not a person, whatever spaCy says.
ORG_WORDS = word_list("entities/org_words")

# Words naming sports clubs when joined to a place ("Manchester United",
# "Bayern Munich", "Real Madrid"): after the place, or before it.
CLUB_SUFFIXES = word_list("entities/club_suffixes")
CLUB_PREFIXES = word_list("entities/club_prefixes")

# Function words kept lower-case when truecasing an ALL-CAPS line.
_FUNCTION_WORDS = word_list("entities/headline_function_words")

_PRONOUNS = pairs("entities/pronoun_genders")

_DETERMINERS = word_list("entities/determiners")

_ROLE_PREPOSITIONS = word_list("entities/role_prepositions")

# Nouns that, before "of", introduce a place ("the town of X").
_PLACE_NOUNS = word_list("entities/place_nouns")
_DIRECTIONS = word_list("entities/directions")

_EMPLOYEE_TITLES = word_list("entities/employee_titles")

_SPORTS_WORDS = word_list("entities/sports_words")
_VERSUS = word_list("entities/versus_words")

# Capitalised words that open a results line with a number but name no team
# ("June 14", "Group 4", "Round 2").
_NOT_TEAMS = (
    word_list("entities/not_teams") | frozenset(table("common/months")) | frozenset(table("common/weekday_names"))
)

_NAME_PARTICLES = word_list("entities/name_particles")
# The person-name test accepts the same particles except "den" and "ter";
# one list for both would change which spans count as person names.
_PERSON_NAME_PARTICLES = _NAME_PARTICLES - {"den", "ter"}
