"""Actor classification: the sector and country of an actor phrase.

Sector comes from a keyword lexicon (``event_lexicon.json`` -> ``sectors``)
applied to the words of the phrase: multi-word phrases first ("security
officials", "rapid action force"), then the head noun ("the Ministry of
Justice" is government because its head is "ministry"), then the other
words. This works on lower-cased, badly recognised text too, where named
entity recognition gives little.

Country comes from a demonym or country name in the phrase. The shared
gazetteer (``newsgraph.resources.gazetteer``) is used when installed; otherwise a small
fallback matches the word against ISO 3166 country names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from . import gazetteer
from .ontology import load_lexicon

SECURITY_SECTORS: frozenset[str] = frozenset({"police", "military", "paramilitary", "intelligence"})


@lru_cache(maxsize=1)
def _sector_tables() -> tuple[dict[str, str], dict[str, str], int]:
    sectors = load_lexicon()["sectors"]
    phrases = {k.lower(): v for k, v in sectors["phrases"].items()}
    words = {k.lower(): v for k, v in sectors["words"].items()}
    longest = max((len(k.split()) for k in phrases), default=1)
    return phrases, words, longest


def sector_of(words: Sequence[str], head: str | None = None) -> str | None:
    """Sector of an actor phrase given its words (surface or lemma) and head noun.

    >>> sector_of(["Peruvian", "security", "officials"], "officials")
    'police'
    >>> sector_of(["the", "Peru", "Ministry", "of", "Justice"], "Ministry")
    'government'
    """
    phrases, words_table, longest = _sector_tables()
    lowered = [w.lower() for w in words]
    # Longest phrase first, so "treaty organization" beats "security".
    for size in range(min(longest, len(lowered)), 1, -1):
        for i in range(len(lowered) - size + 1):
            sector = phrases.get(" ".join(lowered[i : i + size]))
            if sector:
                return sector
    if head:
        sector = words_table.get(head.lower())
        if sector:
            return sector
    for word in lowered:
        sector = words_table.get(word)
        if sector:
            return sector
    return None


def sector_of_text(text: str) -> str | None:
    """Sector of a free-text actor phrase; the last word is taken as its head."""
    words = re.findall(r"[\w'-]+", text)
    return sector_of(words, words[-1] if words else None)


def is_security(sector: str | None) -> bool:
    """Whether a sector is a state security force (police, military, paramilitary, intelligence)."""
    return sector in SECURITY_SECTORS


@lru_cache(maxsize=4096)
def country_of_word(word: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or demonym, or None."""
    if not word or not word[:1].isalpha() or len(word) < 4:
        return None
    return gazetteer.country_code(word)
