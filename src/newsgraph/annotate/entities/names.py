"""Name-shape tests and the mention cluster shared by the entity passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...records import Role
from ...resources import gazetteer
from .lexicon import _PERSON_NAME_PARTICLES, ORG_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _person_name_tokens(doc: Doc, spans: list[list]) -> set[str]:
    """Tokens of multi-token PERSON names, so "Jordan" of "Michael Jordan" stays a person."""
    names: set[str] = set()
    for s, e, label in spans:
        if label == "PERSON" and e - s >= 2:
            names.update(t.text for t in doc[s:e] if t.is_alpha)
    return names


def _is_name_word(token: Token) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and not token.is_punct


def _looks_like_person_name(tokens: list[Token]) -> bool:
    if not 1 <= len(tokens) <= 5:
        return False
    for token in tokens:
        text = token.text
        if text in {"-", "'", "."}:
            continue
        if not text[0].isupper() or not any(c.isalpha() for c in text):
            if text.lower() not in _PERSON_NAME_PARTICLES:
                return False
        if text.lower() in ORG_WORDS:
            return False
    joined = " ".join(t.text for t in tokens)
    return gazetteer.lookup_place(joined) is None and gazetteer.demonym_country(joined) is None


def _is_country(text: str) -> bool:
    place = gazetteer.lookup_place(text)
    return place is not None and place.feature == "country"


def _country_code(text: str) -> str | None:
    """The country's code when ``text`` names a country."""
    place = gazetteer.lookup_place(text)
    return place.country if place is not None and place.feature == "country" else None


@dataclass
class _Cluster:
    """Mentions of one entity while a document is being read."""

    label: str
    key: str
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # token span, kind
    roles: list[Role] = field(default_factory=list)
    role_words: set[str] = field(default_factory=set)  # words of the role phrases
