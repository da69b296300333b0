"""Refining spaCy's entity labels in place: titles glued to names, ALL-CAPS
lines, span boundaries, junk spans, and labels that flip between mentions."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING

from ...resources import gazetteer
from .context import (
    _context_labels,
    _gazetteer_names,
    _is_sports_report,
    _names_with_country,
    _score_line_teams,
    _sports_teams,
)
from .lexicon import (
    _DETERMINERS,
    _FUNCTION_WORDS,
    CLUB_PREFIXES,
    CLUB_SUFFIXES,
    HONORIFICS,
    NAME_LABELS,
    ORG_WORDS,
    PORTFOLIO_WORDS,
    TITLES,
)
from .names import (
    _is_country,
    _is_name_word,
    _looks_like_person_name,
    _person_name_tokens,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token


def refine_entities(doc: Doc, nlp: Language | None = None) -> None:
    """Fix ``doc.ents`` in place (labels, boundaries, missing and junk spans).

    ``nlp`` is the pipeline that made ``doc``; it re-tags ALL-CAPS lines
    after truecasing them, and its lexicon tells common words from names.
    Without it, ALL-CAPS lines keep their tags and no word counts as common.
    """
    common = _lexicon(nlp) if nlp is not None and nlp.vocab is doc.vocab else frozenset()
    spans: list[list] = [[e.start, e.end, e.label_] for e in doc.ents]
    if nlp is not None:
        spans = _retag_all_caps_lines(doc, nlp, spans)
    persons = _person_name_tokens(doc, spans)
    refined: list[list] = []
    for span in spans:
        refined.extend(_fix_span(doc, span, persons, common) or ())
    refined = _club_names(doc, refined)
    refined = _context_labels(doc, refined)
    refined = _propagate_names(doc, refined)
    refined = _gazetteer_names(doc, refined)
    refined = _names_with_country(doc, refined)
    if _is_sports_report(doc):
        refined = sorted(_sports_teams(doc, refined), key=lambda span: span[0])
        refined = _score_line_teams(doc, refined)
    _set_ents(doc, refined)


def _set_ents(doc: Doc, spans: list[list]) -> None:
    from spacy.tokens import Span
    from spacy.util import filter_spans

    built = [Span(doc, s, e, label=label) for s, e, label in spans if e > s]
    # Keep the numeric entities spaCy found where no name span now sits.
    doc.ents = filter_spans(built)


def _all_caps_lines(text: str) -> list[tuple[int, int]]:
    """Char ranges of lines written in capitals (headlines, datelines)."""
    ranges = []
    offset = 0
    for line in text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 3 and not any(c.islower() for c in letters):
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


@lru_cache(maxsize=4)
def _lexicon(nlp: Language) -> frozenset[str]:
    """Common English words (the lemmatizer's WordNet index), lower-case."""
    words: set[str] = set()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]  # get_pipe is typed as a bare callable
        for pos in ("noun", "verb", "adj", "adv"):
            words.update(w for w in table.get(pos, ()) if "_" not in w)
    except (KeyError, ValueError):
        pass
    return frozenset(words)


def _case_evidence(doc: Doc, caps: list[tuple[int, int]]) -> dict[str, str]:
    """How each word is spelled in the document's mixed-case text, mid-sentence."""
    votes: dict[str, Counter] = defaultdict(Counter)
    caps_iter = iter(caps)
    current = next(caps_iter, None)
    for token in doc:
        while current is not None and token.idx >= current[1]:
            current = next(caps_iter, None)
        if current is not None and current[0] <= token.idx < current[1]:
            continue
        if not token.is_alpha or token.is_sent_start:
            continue
        prev = doc[token.i - 1] if token.i else None
        if prev is not None and (prev.text in {".", "!", "?", ":", '"', "\n"} or "\n" in prev.text):
            continue
        votes[token.lower_][token.text] += 1
    return {word: forms.most_common(1)[0][0] for word, forms in votes.items()}


def _truecase_word(word: str, first: bool, evidence: dict[str, str], lexicon: frozenset[str]) -> str:
    lower = word.lower()
    if not any(c.isalpha() for c in word):
        return word
    if lower in evidence:
        form = evidence[lower]
        return form if len(form) == len(word) else word
    if gazetteer.lookup_place(word) is not None or gazetteer.demonym_country(word):
        return word.title() if "." not in word and len(word) > 3 else word
    if lower in _FUNCTION_WORDS:
        return word.capitalize() if first else lower
    stem = lower
    for suffix in ("ing", "ed", "es", "s", "'s"):
        if lower.endswith(suffix) and lower[: -len(suffix)] in lexicon:
            stem = lower[: -len(suffix)]
            break
    if stem in lexicon or lower in lexicon:
        return word.capitalize() if first else lower
    if len(word) <= 3 and word.isalpha():
        return word  # acronyms: "UN", "EU", "BBC"
    return "-".join(p.capitalize() for p in word.split("-"))


def _retag_all_caps_lines(doc: Doc, nlp: Language, spans: list[list]) -> list[list]:
    caps = _all_caps_lines(doc.text)
    if not caps or "ner" not in nlp.pipe_names:
        return spans
    evidence = _case_evidence(doc, caps)
    lexicon = _lexicon(nlp)
    texts = []
    for start, end in caps:
        words = doc.text[start:end].split(" ")
        cased = [_truecase_word(w, i == 0, evidence, lexicon) if w else w for i, w in enumerate(words)]
        texts.append(" ".join(cased))
    kept = [s for s in spans if not _inside_any(doc[s[0]].idx, caps)]
    others = [p for p in nlp.pipe_names if p != "ner"]
    with nlp.select_pipes(disable=others):
        line_docs = list(nlp.pipe(texts))
    for (start, _end), line_doc in zip(caps, line_docs, strict=True):
        for ent in line_doc.ents:
            span = doc.char_span(start + ent.start_char, start + ent.end_char)
            if span is not None:
                kept.append([span.start, span.end, ent.label_])
    kept.sort(key=lambda s: s[0])
    return kept


def _inside_any(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _is_title_token(token: Token) -> bool:
    return token.lower_ in TITLES or token.lower_.rstrip(".") in TITLES


def _fix_span(doc: Doc, span: list, persons: set[str], common: frozenset[str]) -> list[list] | None:
    """The corrected span(s) for one entity span (None: drop it); ``common``: the model's common words."""
    fixed = _fix_one(doc, span, persons, common)
    if fixed is None or not fixed or isinstance(fixed[0], list):
        return fixed
    return [fixed]


def _fix_one(doc: Doc, span: list, persons: set[str], common: frozenset[str]) -> list | None:
    start, end, label = span
    if label not in NAME_LABELS:
        return span
    # Boundaries: no leading determiner, no trailing possessive/punctuation.
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    # A spaced dash or a score separates two names ("Romania - Jane Doe",
    # "Durham 114"): keep the first name part.
    for i in range(start, end):
        if (
            doc[i].text in {"-", "--", "\u2013", "\u2014"}
            and i > start
            and doc[i - 1].whitespace_
            and doc[i].whitespace_
        ):
            parts = [
                _fix_span(doc, [start, i, label], persons, common),
                _fix_span(doc, [i + 1, end, label], persons, common),
            ]
            return [p for part in parts if part for p in part]
        if doc[i].like_num and i > start:
            end = i
            break
    # Names end in a capitalised word: "Interfax news agency" -> "Interfax".
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].like_num
        or (doc[end - 1].is_lower and doc[end - 1].is_alpha and end - start > 1)
    ):
        end -= 1
    if start >= end:
        return None
    tokens = list(doc[start:end])

    # A title (with demonym or portfolio words) glued to a name: keep the name.
    split = _title_prefix_length(tokens)
    if split and split < len(tokens):
        rest = tokens[split:]
        if _looks_like_person_name(rest):
            start += split
            tokens = rest
            label = "PERSON"
    elif split == len(tokens):
        return None  # just a title: "President", "Prime Minister"
    while tokens and tokens[0].lower_ in HONORIFICS and len(tokens) > 1:
        start += 1
        tokens = tokens[1:]
        label = "PERSON"

    text = doc[start:end].text
    if _is_junk(text, tokens):
        return None

    if len(tokens) == 1 or "-" in text or " " in text:
        demonym = gazetteer.demonym_country(text)
        if (demonym and label != "ORG") or (demonym and label == "ORG" and len(tokens) == 1):
            return [start, end, "NORP"]
    place = gazetteer.lookup_place(text)
    if place is not None and label != "GPE":
        relabel = _place_label(doc, start, end, label, place, persons, common)
        if relabel:
            return [start, end, relabel]
    if label in {"GPE", "LOC"} and place is None and any(t.lower_ in ORG_WORDS for t in tokens):
        label = "ORG"
    return [start, end, label]


def _title_prefix_length(tokens: list[Token]) -> int:
    """How many leading tokens are a title phrase ("French President", "Gov.")."""
    i = 0
    n = len(tokens)
    # Optional country qualifier: a demonym or a country name.
    while i < n and (gazetteer.demonym_country(tokens[i].text) or _is_country(tokens[i].text)):
        i += 1
    j = i
    saw_title = False
    while j < n:
        lower = tokens[j].lower_
        if _is_title_token(tokens[j]) and tokens[j].text[:1].isupper():
            saw_title = True
            j += 1
        elif (
            lower in PORTFOLIO_WORDS
            and j + 1 < n
            and (_is_title_token(tokens[j + 1]) or tokens[j + 1].lower_ in PORTFOLIO_WORDS)
        ):
            j += 1
        elif lower == "of" and saw_title and j + 1 < n and tokens[j + 1].lower_ in PORTFOLIO_WORDS:
            j += 1
        elif saw_title and lower in PORTFOLIO_WORDS and tokens[j - 1].lower_ == "of":
            j += 1
        else:
            break
    return j if saw_title else 0


def _is_junk(text: str, tokens: list[Token]) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 and not (len(letters) == 1 and len(tokens) > 1):
        return True
    if text == text.lower():
        return True  # "the ministry", "police": a name has a capital somewhere
    return all(t.like_num for t in tokens)


def _place_label(
    doc: Doc, start: int, end: int, label: str, place: gazetteer.PlaceInfo, persons: set[str], common: frozenset[str]
) -> str | None:
    """The label a span that names a known place should carry, or None to keep it."""
    text = doc[start:end].text
    new = "LOC" if place.feature in {"continent", "region"} and place.country is None else "GPE"
    if label == "PERSON" and end - start == 1 and text in persons:
        return None  # the surname of a person named in full elsewhere
    if place.feature in {"country", "continent"}:
        return new
    if place.feature == "region" and place.country is None:
        return new if label in {"PERSON", "ORG", "NORP", "GPE", "FAC"} else None
    # A city or US state. Common words ("Mobile", "Reading") need more than a
    # capital letter; ORG on a city is often a club or a government
    # ("Moscow said"), so it is kept.
    if label == "ORG":
        return None
    if end - start == 1 and doc[start].lower_ in common:
        return None
    if label == "PERSON" and text in persons:
        return None
    return new


def _club_names(doc: Doc, spans: list[list]) -> list[list]:
    """Join a place with a club word into an ORG ("Manchester United", "Real Madrid")."""
    out: list[list] = []
    for span in spans:
        start, end, label = span
        if label in {"GPE", "LOC", "ORG", "PERSON", "NORP"} and end - start <= 3:
            tokens = doc[start:end]
            first = tokens[0].lower_
            last = tokens[-1].lower_
            if (
                end - start >= 2
                and (first in CLUB_PREFIXES or last in CLUB_SUFFIXES)
                and all(_is_name_word(t) for t in tokens)
            ):
                out.append([start, end, "ORG"])
                continue
            if (
                end < len(doc)
                and doc[end].lower_ in CLUB_SUFFIXES
                and _is_name_word(doc[end])
                and doc[end].text[0].isupper()
                and label != "PERSON"
            ):
                out.append([start, end + 1, "ORG"])
                continue
            if (
                start > 0
                and doc[start - 1].lower_ in CLUB_PREFIXES
                and doc[start - 1].text[:1].isupper()
                and not doc[start - 1].is_sent_start
                and label != "PERSON"
            ):
                out.append([start - 1, end, "ORG"])
                continue
        out.append(span)
    return out


def _propagate_names(doc: Doc, spans: list[list]) -> list[list]:
    """Make a document agree with itself about its names.

    A surname or full name that was tagged once is tagged again where the
    model missed it or gave it another label; a string tagged several times
    takes its majority label.
    """
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for s, e, label in spans:
        if label in {"PERSON", "ORG", "GPE", "LOC"}:
            votes[tuple(t.text for t in doc[s:e])][label] += 1
    surnames: dict[str, str] = {}
    for key, counter in votes.items():
        if counter.get("PERSON") and len(key) >= 2 and key[-1][:1].isupper() and key[-1].isalpha():
            surnames.setdefault(key[-1], "PERSON")
    majority = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}

    out: list[list] = []
    taken = [False] * len(doc)
    for s, e, label in spans:
        key = tuple(t.text for t in doc[s:e])
        if label in {"PERSON", "ORG", "GPE", "LOC"}:
            if len(key) == 1 and key[0] in surnames and label != "PERSON" and not _is_country(key[0]):
                label = "PERSON"
            elif majority.get(key, label) != label and sum(votes[key].values()) >= 2:
                counter = votes[key]
                if counter[majority[key]] > counter[label]:
                    label = majority[key]
        out.append([s, e, label])
        for i in range(s, e):
            taken[i] = True

    # Unlabelled repeats of a multi-token name or of a known surname.
    names = {k: v for k, v in majority.items() if len(k) >= 2 and v in {"PERSON", "ORG"}}
    longest = max((len(k) for k in names), default=0)
    for i, token in enumerate(doc):
        if taken[i] or not token.text[:1].isupper():
            continue
        matched = False
        for length in range(min(longest, len(doc) - i), 1, -1):
            key = tuple(t.text for t in doc[i : i + length])
            if key in names and not any(taken[i : i + length]):
                out.append([i, i + length, names[key]])
                for k in range(i, i + length):
                    taken[k] = True
                matched = True
                break
        if (
            not matched
            and token.text in surnames
            and token.pos_ in {"PROPN", ""}
            and (i + 1 >= len(doc) or not doc[i + 1].text[:1].isupper())
            and (i == 0 or not doc[i - 1].text[:1].isupper() or doc[i - 1].lower_ in _FUNCTION_WORDS)
        ):
            out.append([i, i + 1, "PERSON"])
            taken[i] = True
    out.sort(key=lambda s: s[0])
    return out
