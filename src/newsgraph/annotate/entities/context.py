"""Labels decided by context: place nouns, datelines, gazetteer names,
sports reports and their team names, names followed by a country."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeGuard

from ...resources import gazetteer
from .lexicon import (
    _DIRECTIONS,
    _EMPLOYEE_TITLES,
    _NAME_PARTICLES,
    _NOT_TEAMS,
    _PLACE_NOUNS,
    _SPORTS_WORDS,
    _VERSUS,
    CLUB_PREFIXES,
    CLUB_SUFFIXES,
    NAME_LABELS,
    ORG_WORDS,
)
from .names import _is_country, _looks_like_person_name, _person_name_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_DATE_TOKEN = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(/\d{2,4})?)$")


def _context_labels(doc: Doc, spans: list[list]) -> list[list]:
    """Labels the words around a name decide.

    * "the town of X", "X province", "20 km east of X": X is a place;
    * a line that opens with a name and a date is a dateline: a place;
    * "D. Smith" (initial and capitalised word) is a person;
    * "Jane Doe ( Kenya )": a name with a country in brackets is a person
      (results lists), unless the name has an organisation word;
    * "Acme spokesman John Doe": a name before a job title and a person is
      the person's employer, an organisation.
    """
    out: list[list] = []
    for start, end, label in spans:
        if label not in NAME_LABELS:
            out.append([start, end, label])
            continue
        tokens = doc[start:end]
        prev = doc[start - 1] if start > 0 else None
        prev2 = doc[start - 2] if start > 1 else None
        nxt = doc[end] if end < len(doc) else None
        has_org_word = any(t.lower_ in ORG_WORDS for t in tokens)
        new = label
        if label in {"ORG", "PERSON", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"} and not has_org_word:
            if prev is not None and prev.lower_ == "of" and prev2 is not None and prev2.lower_ in _PLACE_NOUNS:
                new = "GPE"
            elif prev is not None and prev.lower_ == "of" and prev2 is not None and prev2.lower_ in _DIRECTIONS:
                new = "GPE"
            elif nxt is not None and nxt.lower_ in _PLACE_NOUNS - {"state", "capital", "area"} and nxt.is_lower:
                new = "GPE"
            elif _is_dateline(doc, start, end):
                new = "GPE"
        if label in {"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"} and not has_org_word:
            words = [t for t in tokens if not t.is_punct]
            if len(words) >= 2 and re.fullmatch(r"[A-Z]\.", words[0].text) and all(w.text[:1].isupper() for w in words):
                new = "PERSON"
            elif (
                label in {"ORG", "GPE"}
                and 2 <= len(words) <= 3
                and nxt is not None
                and nxt.text == "("
                and end + 2 < len(doc)
                and doc[end + 2].text == ")"
                and _is_country(doc[end + 1].text)
                and _looks_like_person_name(list(tokens))
            ):
                new = "PERSON"
        if (
            label == "PERSON"
            and len(tokens) == 1
            and nxt is not None
            and nxt.lower_ in _EMPLOYEE_TITLES
            and end + 1 < len(doc)
            and doc[end + 1].ent_type_ == "PERSON"
        ):
            new = "ORG"
        out.append([start, end, new])
    return out


_DATELINE_REST = re.compile(
    r"[ \t]*(?:,[ \t]*[A-Z][A-Za-z.' -]*?[ \t]*)?(?:\d{4}-\d{2}-\d{2}|\((?:AP|AFP|Reuters|[A-Z][A-Za-z]+)\)|-|\u2014)"
)


def _is_dateline(doc: Doc, start: int, end: int) -> bool:
    """A name that opens a line and is followed by a date or an agency: a dateline."""
    # Only local token text is read: building doc.text per call is costly.
    if start > 0:
        prev = doc[start - 1]
        if not (prev.text_with_ws.endswith("\n") or (prev.is_space and "\n" in prev.text)):
            return False
    after = doc[end - 1 : min(len(doc), end + 12)].text
    return _DATELINE_REST.match(after, len(doc[end - 1].text)) is not None


def _gazetteer_names(doc: Doc, spans: list[list]) -> list[list]:
    """Country names the model left untagged ("GERMANY BEAT ENGLAND")."""
    taken = [False] * len(doc)
    for s, e, _ in spans:
        for i in range(s, e):
            taken[i] = True
    persons = _person_name_tokens(doc, spans)
    added: list[list] = []
    i = 0
    while i < len(doc):
        if taken[i] or not doc[i].text[:1].isupper():
            i += 1
            continue
        for length in (3, 2, 1):
            end = i + length
            if end > len(doc) or any(taken[i:end]):
                continue
            tokens = doc[i:end]
            if not all(t.text[:1].isupper() or t.lower_ in {"of", "and"} for t in tokens):
                continue
            if length == 1 and doc[i].text in persons:
                continue
            continues = (
                end < len(doc) and doc[end].text[:1].isupper() and not doc[end].is_punct and not doc[end].is_upper
            )
            known = _is_country(tokens.text) or (
                gazetteer.lookup_place(tokens.text) is not None and _is_dateline(doc, i, end)
            )
            if known and not continues:
                added.append([i, end, "GPE"])
                i = end - 1
                break
        i += 1
    return sorted(spans + added, key=lambda s: s[0])


_SCORE = re.compile(r"^\d{1,3}(-\d{1,3})?$")


def _is_sports_report(doc: Doc) -> bool:
    """Sports results and reports: many sports words, or a sports headline."""
    first_line = doc.text.split("\n", 1)[0].lower()
    if any(w in _SPORTS_WORDS for w in re.findall(r"[a-z-]+", first_line)[:3]):
        return True
    count = sum(1 for t in doc[:400] if t.lower_ in _SPORTS_WORDS)
    return count >= 6


def _sports_teams(doc: Doc, spans: list[list]) -> list[list]:
    """In sports reports a town or region next to a score or a "beat" is a team (ORG).

    Countries stay places: national sides are named by their country, and
    news corpora (CoNLL) tag them as locations.
    """
    out: list[list] = []
    for start, end, label in spans:
        if label not in {"GPE", "LOC", "PERSON", "NORP", "FAC"}:
            out.append([start, end, label])
            continue
        text = doc[start:end].text
        place = gazetteer.lookup_place(text)
        is_place = (place is not None and place.feature not in {"country", "continent"}) or (
            label in {"GPE", "LOC"} and place is None
        )
        if label == "PERSON" and (place is None or end - start > 1):
            is_place = is_place and False
        if not is_place or (place is not None and place.feature == "country"):
            out.append([start, end, label])
            continue
        if _team_context(doc, start, end):
            out.append([start, end, "ORG"])
        else:
            out.append([start, end, label])
    return out + _table_row_teams(doc, out)


def _table_row_teams(doc: Doc, spans: list[list]) -> list[list]:
    """Untagged names that open a results-table row ("Derbyshire 4 ...") are teams."""
    taken: set[int] = set()
    for s, e, _ in spans:
        taken.update(range(s, e))
    added = []
    for token in doc:
        i = token.i
        if i in taken or not token.is_alpha or not token.text[:1].isupper() or i + 1 >= len(doc):
            continue
        line_start = i == 0 or doc[i - 1].text_with_ws.endswith("\n") or doc[i - 1].text in {":"}
        nxt = doc[i + 1]
        if (
            line_start
            and re.fullmatch(r"\d{1,3}", nxt.text)
            and gazetteer.lookup_place(token.text) is None
            and token.lower_ not in _SPORTS_WORDS
        ):
            added.append([i, i + 1, "ORG"])
    return added


def _on_this_line(token: Token | None) -> TypeGuard[Token]:
    return token is not None and "\n" not in token.text


def _team_context(doc: Doc, start: int, end: int) -> bool:
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if _on_this_line(after) and _SCORE.match(after.text):
        return True
    if _on_this_line(before) and _SCORE.match(before.text) and before.i > 0 and doc[before.i - 1].text[:1].isupper():
        return True  # "... Bath 56 Orrell 13"
    if _on_this_line(before) and before.lower_ in _VERSUS:
        return True
    return bool(_on_this_line(after) and (after.lower_ in _VERSUS or (after.lower_ == "at" and after.is_upper)))


def _name_run_end(doc: Doc, i: int, limit: int) -> int:
    """End of the run of name words starting at token ``i`` ("Queen of South", "St Pauli")."""
    j = i
    while j < limit and j - i < 4:
        token = doc[j]
        if token.text[:1].isupper() and not token.is_space and re.fullmatch(r"[A-Z][\w.'&-]*", token.text):
            j += 1
        elif j > i and token.text in {"of", "'s"} and j + 1 < limit and doc[j + 1].text[:1].isupper():
            j += 1
        else:
            break
    return j


def _score_line_teams(doc: Doc, spans: list[list]) -> list[list]:
    """Teams in results lines of sports reports: "Puchon 2 Chonbuk 1", "Essex 22 points".

    A run of name words that opens a line, or follows a score on the line,
    and is itself followed by a score is a team (ORG). Countries stay places
    (national sides are tagged by their country), and a full name the model
    calls a person stays one (golf leaderboards: "Ian Woosnam 70 76").
    """
    persons = {(s, e) for s, e, label in spans if label == "PERSON" and e - s >= 2}
    added: list[list] = []
    n = len(doc)
    i = 0
    line_start = True
    after_score = False
    while i < n:
        token = doc[i]
        if token.is_space or "\n" in token.text:
            line_start, after_score = True, False
            i += 1
            continue
        if (line_start or after_score) and token.text[:1].isupper():
            end = _name_run_end(doc, i, n)
            if (
                end > i
                and end < n
                and _SCORE.match(doc[end].text)
                and doc[i].lower_ not in _NOT_TEAMS
                and (i, end) not in persons
                and not _is_country(doc[i:end].text)
                and not (end - i >= 2 and re.fullmatch(r"[A-Z]\.", doc[i].text))
            ):
                added.append([i, end, "ORG"])
                line_start, after_score = False, True
                i = end + 1
                continue
        after_score = bool(_SCORE.match(token.text)) and (after_score or not line_start)
        line_start = False
        i += 1
    return _override(spans, added)


def _override(spans: list[list], added: list[list]) -> list[list]:
    """``spans`` with ``added`` in place of every span they overlap, in order."""
    if not added:
        return spans
    covered: set[int] = set()
    for s, e, _ in added:
        covered.update(range(s, e))
    kept = [span for span in spans if not covered.intersection(range(span[0], span[1]))]
    return sorted(kept + added, key=lambda span: span[0])


def _names_with_country(doc: Doc, spans: list[list]) -> list[list]:
    """A two- or three-word name followed by a country in brackets is a person.

    Results lists and tennis draws write "Jane Doe ( Kenya )"; organisations
    are followed by their acronym instead, and clubs ("Red Star ( Yugoslavia )")
    are recognised by their club words.
    """
    added: list[list] = []
    for token in doc:
        if token.text != "(" or token.i < 2:
            continue
        close = next((k for k in range(token.i + 2, min(len(doc), token.i + 5)) if doc[k].text == ")"), None)
        if close is None or not _is_country(doc[token.i + 1 : close].text):
            continue
        start = token.i
        while start > 0 and token.i - start < 6:
            prev = doc[start - 1]
            # A hyphen joins a double name ("Anne-Gaelle") only when unspaced.
            joined = prev.text == "-" and not prev.whitespace_ and start >= 2 and not doc[start - 2].whitespace_
            if (
                re.fullmatch(r"[A-Z][\w.'-]*", prev.text)
                or joined
                or (prev.lower_ in _NAME_PARTICLES and start < token.i)
            ):
                start -= 1
            else:
                break
        if start < token.i and not doc[start].text[:1].isupper():
            start += 1  # a run never opens on a particle or a hyphen
        words = doc[start : token.i].text.split()
        tokens = [t for t in doc[start : token.i] if t.text != "-"]
        if (
            not 2 <= len(words) <= 3
            or not tokens
            or not tokens[0].text[:1].isupper()
            or tokens[0].lower_ in CLUB_PREFIXES
            or tokens[-1].lower_ in CLUB_SUFFIXES
            or any(t.lower_ in ORG_WORDS or t.lower_ in _NOT_TEAMS for t in tokens)
            or gazetteer.lookup_place(doc[start : token.i].text) is not None
        ):
            continue
        added.append([start, token.i, "PERSON"])
    return _override(spans, added)
