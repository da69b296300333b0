"""Named entities: refining spaCy's labels, roles, within-document linking.

Two public steps, run right after the spaCy pass:

* :func:`refine_entities` fixes ``doc.ents`` in place. The small English
  model makes errors of a few recurring kinds, each corrected here by a
  general rule rather than by names: titles glued to names ("Foreign Minister
  Jane Doe" as ORG), places and demonyms labelled as people, "the"/"'s" in
  span boundaries, ALL-CAPS headlines (re-tagged after a cheap truecasing of
  only those lines), sports clubs named after cities, junk spans, and names
  whose label flips between mentions of the same document.
* :func:`extract_entities` groups mentions into :class:`~newsgraph.records.Entity`
  records with roles (titles, occupations, organisations, countries), short
  and descriptive mentions linked to the full name, and gazetteer facts for
  places. :func:`resolve_pronoun` links a he/she to a person for callers
  such as quote attribution.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from . import gazetteer
from .resources.lexicons import pairs, table, word_list
from .records import Entity, Mention, Role

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# ---------------------------------------------------------------- lexicons

# Labels whose spans are names (the others are numbers, dates, amounts).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART",
     "LAW", "LANGUAGE"}
)

# Honorifics: never part of a person's name span.
HONORIFICS = word_list("entities/honorifics")

# Office titles that precede a name ("President X", "Gov. Y").
TITLES = word_list("entities/titles")

# Occupations: a role when the text ties them to one person.
OCCUPATIONS = word_list("entities/occupations")

# Hypernyms of roles, so "the performer" can refer to a musician. Keys are
# the descriptor's head; values the role heads it may stand for.
ROLE_HYPERNYMS: dict[str, frozenset[str]] = {k: frozenset(heads) for k, heads in table("entities/role_hypernyms").items()}

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


# ------------------------------------------------------------ refinement


def refine_entities(doc: "Doc", nlp: "Language | None" = None) -> None:
    """Fix ``doc.ents`` in place (labels, boundaries, missing and junk spans).

    ``nlp`` is the pipeline that made ``doc``; it is used only to re-tag
    ALL-CAPS lines after truecasing them. When omitted, the configured model
    is used if ``doc`` was made by it, else ALL-CAPS lines keep their tags.
    """
    if nlp is None:
        nlp = _model_for(doc)
    spans: list[list] = [[e.start, e.end, e.label_] for e in doc.ents]
    if nlp is not None:
        spans = _retag_all_caps_lines(doc, nlp, spans)
    persons = _person_name_tokens(doc, spans)
    refined: list[list] = []
    for span in spans:
        refined.extend(_fix_span(doc, span, persons) or ())
    refined = _club_names(doc, refined)
    refined = _context_labels(doc, refined)
    refined = _propagate_names(doc, refined)
    refined = _gazetteer_names(doc, refined)
    refined = _names_with_country(doc, refined)
    if _is_sports_report(doc):
        refined = sorted(_sports_teams(doc, refined), key=lambda span: span[0])
        refined = _score_line_teams(doc, refined)
    _set_ents(doc, refined)


def _model_for(doc: "Doc") -> "Language | None":
    """The configured pipeline when it shares ``doc``'s vocabulary, else None."""
    try:
        from .config import Settings
        from .nlp import load_model

        nlp = load_model(Settings.from_env().model)
    except Exception:  # noqa: BLE001 - refinement must not fail over truecasing
        return None
    return nlp if nlp.vocab is doc.vocab else None


def _set_ents(doc: "Doc", spans: list[list]) -> None:
    from spacy.tokens import Span
    from spacy.util import filter_spans

    built = [Span(doc, s, e, label=label) for s, e, label in spans if e > s]
    # Keep the numeric entities spaCy found where no name span now sits.
    doc.ents = filter_spans(built)


# ---- ALL-CAPS lines


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
def _lexicon(nlp: "Language") -> frozenset[str]:
    """Common English words (the lemmatizer's WordNet index), lower-case."""
    words: set[str] = set()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        for pos in ("noun", "verb", "adj", "adv"):
            words.update(w for w in table.get(pos, ()) if "_" not in w)
    except (KeyError, ValueError):
        pass
    return frozenset(words)


def _case_evidence(doc: "Doc", caps: list[tuple[int, int]]) -> dict[str, str]:
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


def _retag_all_caps_lines(doc: "Doc", nlp: "Language", spans: list[list]) -> list[list]:
    caps = _all_caps_lines(doc.text)
    if not caps or "ner" not in nlp.pipe_names:
        return spans
    evidence = _case_evidence(doc, caps)
    lexicon = _lexicon(nlp)
    texts = []
    for start, end in caps:
        words = doc.text[start:end].split(" ")
        cased = [
            _truecase_word(w, i == 0, evidence, lexicon) if w else w for i, w in enumerate(words)
        ]
        texts.append(" ".join(cased))
    kept = [s for s in spans if not _inside_any(doc[s[0]].idx, caps)]
    others = [p for p in nlp.pipe_names if p != "ner"]
    with nlp.select_pipes(disable=others):
        line_docs = list(nlp.pipe(texts))
    for (start, _end), line_doc in zip(caps, line_docs):
        for ent in line_doc.ents:
            span = doc.char_span(start + ent.start_char, start + ent.end_char)
            if span is not None:
                kept.append([span.start, span.end, ent.label_])
    kept.sort(key=lambda s: s[0])
    return kept


def _inside_any(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


# ---- per-span fixes


def _person_name_tokens(doc: "Doc", spans: list[list]) -> set[str]:
    """Tokens of multi-token PERSON names, so "Jordan" of "Michael Jordan" stays a person."""
    names: set[str] = set()
    for s, e, label in spans:
        if label == "PERSON" and e - s >= 2:
            names.update(t.text for t in doc[s:e] if t.is_alpha)
    return names


def _is_name_word(token: "Token") -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or text[0].isdigit()) and not token.is_punct


def _looks_like_person_name(tokens: list["Token"]) -> bool:
    if not 1 <= len(tokens) <= 5:
        return False
    for token in tokens:
        text = token.text
        if text in {"-", "'", "."}:
            continue
        if not text[0].isupper() or not any(c.isalpha() for c in text):
            if text.lower() not in {"de", "van", "von", "der", "al", "bin", "ibn", "da",
                                    "di", "du", "la", "le", "dos", "das", "del", "y"}:
                return False
        if text.lower() in ORG_WORDS:
            return False
    joined = " ".join(t.text for t in tokens)
    return gazetteer.lookup_place(joined) is None and gazetteer.demonym_country(joined) is None


def _is_title_token(token: "Token") -> bool:
    return token.lower_ in TITLES or token.lower_.rstrip(".") in TITLES


def _fix_span(doc: "Doc", span: list, persons: set[str]) -> list[list] | None:
    """The corrected span(s) for one entity span (None: drop it)."""
    fixed = _fix_one(doc, span, persons)
    if fixed is None or not fixed or isinstance(fixed[0], list):
        return fixed  # type: ignore[return-value]
    return [fixed]


def _fix_one(doc: "Doc", span: list, persons: set[str]) -> list | None:
    start, end, label = span
    if label not in NAME_LABELS:
        return span
    # Boundaries: no leading determiner, no trailing possessive/punctuation.
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    # A spaced dash or a score separates two names ("Romania - Jane Doe",
    # "Durham 114"): keep the first name part.
    for i in range(start, end):
        if doc[i].text in {"-", "--", "\u2013", "\u2014"} and i > start and doc[i - 1].whitespace_ \
                and doc[i].whitespace_:
            parts = [_fix_span(doc, [start, i, label], persons),
                     _fix_span(doc, [i + 1, end, label], persons)]
            return [p for part in parts if part for p in part]
        if doc[i].like_num and i > start:
            end = i
            break
    # Names end in a capitalised word: "Interfax news agency" -> "Interfax".
    while end > start and (doc[end - 1].is_punct or doc[end - 1].like_num or
                           (doc[end - 1].is_lower and doc[end - 1].is_alpha and end - start > 1)):
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
        if demonym and label != "ORG" or (demonym and label == "ORG" and len(tokens) == 1):
            return [start, end, "NORP"]
    place = gazetteer.lookup_place(text)
    if place is not None and label != "GPE":
        relabel = _place_label(doc, start, end, label, place, persons)
        if relabel:
            return [start, end, relabel]
    if label in {"GPE", "LOC"} and place is None and any(t.lower_ in ORG_WORDS for t in tokens):
        label = "ORG"
    return [start, end, label]


def _title_prefix_length(tokens: list["Token"]) -> int:
    """How many leading tokens are a title phrase ("French President", "Gov.")."""
    i = 0
    n = len(tokens)
    # Optional country qualifier: a demonym or a country name.
    while i < n and (gazetteer.demonym_country(tokens[i].text) or
                     _is_country(tokens[i].text)):
        i += 1
    j = i
    saw_title = False
    while j < n:
        lower = tokens[j].lower_
        if _is_title_token(tokens[j]) and tokens[j].text[:1].isupper():
            saw_title = True
            j += 1
        elif lower in PORTFOLIO_WORDS and j + 1 < n and (
            _is_title_token(tokens[j + 1]) or tokens[j + 1].lower_ in PORTFOLIO_WORDS
        ):
            j += 1
        elif lower == "of" and saw_title and j + 1 < n and tokens[j + 1].lower_ in PORTFOLIO_WORDS:
            j += 1
        elif saw_title and lower in PORTFOLIO_WORDS and tokens[j - 1].lower_ == "of":
            j += 1
        else:
            break
    return j if saw_title else 0


def _is_country(text: str) -> bool:
    place = gazetteer.lookup_place(text)
    return place is not None and place.feature == "country"


def _is_junk(text: str, tokens: list["Token"]) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 and not (len(letters) == 1 and len(tokens) > 1):
        return True
    if text == text.lower():
        return True  # "the ministry", "police": a name has a capital somewhere
    return all(t.like_num for t in tokens)


def _place_label(doc: "Doc", start: int, end: int, label: str, place: gazetteer.PlaceInfo,
                 persons: set[str]) -> str | None:
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
    if end - start == 1 and doc[start].lower_ in _common_words(doc):
        return None
    if label == "PERSON" and text in persons:
        return None
    return new


def _common_words(doc: "Doc") -> frozenset[str]:
    nlp = _model_for(doc)
    return _lexicon(nlp) if nlp is not None else frozenset()


# ---- document-level passes


def _club_names(doc: "Doc", spans: list[list]) -> list[list]:
    """Join a place with a club word into an ORG ("Manchester United", "Real Madrid")."""
    out: list[list] = []
    for span in spans:
        start, end, label = span
        if label in {"GPE", "LOC", "ORG", "PERSON", "NORP"} and end - start <= 3:
            tokens = doc[start:end]
            first = tokens[0].lower_
            last = tokens[-1].lower_
            if end - start >= 2 and (first in CLUB_PREFIXES or last in CLUB_SUFFIXES) and \
                    all(_is_name_word(t) for t in tokens):
                out.append([start, end, "ORG"])
                continue
            if end < len(doc) and doc[end].lower_ in CLUB_SUFFIXES and _is_name_word(doc[end]) \
                    and doc[end].text[0].isupper() and label != "PERSON":
                out.append([start, end + 1, "ORG"])
                continue
            if start > 0 and doc[start - 1].lower_ in CLUB_PREFIXES and \
                    doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start \
                    and label != "PERSON":
                out.append([start - 1, end, "ORG"])
                continue
        out.append(span)
    return out


def _propagate_names(doc: "Doc", spans: list[list]) -> list[list]:
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
            key = tuple(t.text for t in doc[i:i + length])
            if key in names and not any(taken[i:i + length]):
                out.append([i, i + length, names[key]])
                for k in range(i, i + length):
                    taken[k] = True
                matched = True
                break
        if not matched and token.text in surnames and token.pos_ in {"PROPN", ""} \
                and (i + 1 >= len(doc) or not doc[i + 1].text[:1].isupper()) \
                and (i == 0 or not doc[i - 1].text[:1].isupper() or doc[i - 1].lower_ in _FUNCTION_WORDS):
            out.append([i, i + 1, "PERSON"])
            taken[i] = True
    out.sort(key=lambda s: s[0])
    return out


# ------------------------------------------------------------ extraction


@dataclass
class _Cluster:
    """Mentions of one entity while a document is being read."""

    label: str
    key: str
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # token span, kind
    roles: list[Role] = field(default_factory=list)
    role_words: set[str] = field(default_factory=set)  # words of the role phrases


def entity_id(label: str, name: str) -> str:
    """Stable id for an entity: the same type and normalised name give the same id."""
    key = f"{label}|{gazetteer.normalize_name(name)}"
    return "ent_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def extract_entities(doc: "Doc") -> list[Entity]:
    """Entities of a refined ``doc`` with mentions, roles and place facts.

    Offsets are character offsets into ``doc.text`` (the article body).
    """
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    ents = [e for e in doc.ents if e.label_ in NAME_LABELS]

    def cluster_for(label: str, key: str) -> _Cluster:
        found = by_key.get((label, key))
        if found is None:
            found = _Cluster(label=label, key=key)
            by_key[(label, key)] = found
            clusters.append(found)
        return found

    # Full names first, so shorter mentions can find them.
    persons_full = [e for e in ents if e.label_ == "PERSON" and len(e) >= 2]
    for ent in persons_full:
        cluster_for("PERSON", _person_key(ent)).mentions.append((ent.start, ent.end, "name"))
    orgs_full = [e for e in ents if e.label_ == "ORG"]
    org_keys = {_org_core(e): _name_key(e) for e in orgs_full if len(e) >= 2}
    acronyms = {_acronym(e): _name_key(e) for e in orgs_full if len(e) >= 3}

    for ent in ents:
        label = ent.label_
        if label == "PERSON":
            if len(ent) >= 2:
                continue
            target = _person_for_short_name(doc, ent, persons_full)
            if target is not None:
                cluster_for("PERSON", target).mentions.append((ent.start, ent.end, "short"))
            else:
                cluster_for("PERSON", _name_key(ent)).mentions.append((ent.start, ent.end, "name"))
        elif label == "ORG":
            key = _name_key(ent)
            kind = "name"
            if len(ent) == 1 and ent.text.isupper() and ent.text in acronyms:
                key, kind = acronyms[ent.text], "short"
            elif _org_core(ent) in org_keys and org_keys[_org_core(ent)] != key and \
                    len(org_keys[_org_core(ent)]) > len(key):
                key, kind = org_keys[_org_core(ent)], "short"
            cluster_for("ORG", key).mentions.append((ent.start, ent.end, kind))
        elif label in {"GPE", "LOC", "FAC"}:
            place = gazetteer.lookup_place(ent.text)
            key = gazetteer.normalize_name(place.name if place else ent.text)
            cluster_for(label, key).mentions.append((ent.start, ent.end, "name"))
        elif label == "NORP":
            iso = gazetteer.demonym_country(ent.text)
            key = f"country:{iso}" if iso else _name_key(ent)
            cluster_for("NORP", key).mentions.append((ent.start, ent.end, "name"))
        else:
            cluster_for(label, _name_key(ent)).mentions.append((ent.start, ent.end, "name"))

    person_clusters = [c for c in clusters if c.label == "PERSON"]
    role_spans = _attach_roles(doc, person_clusters)
    _link_descriptors(doc, person_clusters, role_spans)
    return [_build_entity(doc, c) for c in clusters if c.mentions]


def _name_key(span: "Span") -> str:
    return gazetteer.normalize_name(span.text)


def _person_key(span: "Span") -> str:
    return gazetteer.normalize_name(span.text)


def _org_core(span: "Span") -> str:
    """An organisation's name without a leading nationality ("Kenyan Army" -> "army")."""
    tokens = list(span)
    while tokens and (gazetteer.demonym_country(tokens[0].text) or _is_country(tokens[0].text)
                      or tokens[0].lower_ in _DETERMINERS):
        tokens = tokens[1:]
    return gazetteer.normalize_name(" ".join(t.text for t in tokens)) if tokens else ""


def _acronym(span: "Span") -> str:
    words = [t.text for t in span if t.is_alpha and t.text[0].isupper()]
    return "".join(w[0] for w in words)


def _person_for_short_name(doc: "Doc", ent: "Span", full: list["Span"]) -> str | None:
    """Key of the full-named person a one-word name refers to, if clear."""
    word = ent.text
    surname = [f for f in full if f[-1].text == word]
    candidates = surname or [f for f in full if f[0].text == word]
    keys = {_person_key(f) for f in candidates}
    if len(keys) == 1:
        return keys.pop()
    if not keys:
        return None
    # Several people share the name: news style re-introduces a person in full
    # before using the short form, so take the nearest preceding full name.
    before = [f for f in candidates if f.start < ent.start]
    return _person_key(max(before, key=lambda f: f.start)) if before else None


# ---- roles


def _is_role_noun(token: "Token") -> bool:
    lower = token.lower_
    lemma = token.lemma_.lower()
    if token.tag_ in {"NNS", "NNPS"}:
        return False
    return lower in TITLES or lower in OCCUPATIONS or lemma in TITLES or lemma in OCCUPATIONS \
        or lower.rstrip(".") in TITLES


def _ent_at(doc: "Doc", index: int) -> "Span | None":
    token = doc[index]
    if not token.ent_type_:
        return None
    for ent in doc.ents:
        if ent.start <= index < ent.end:
            return ent
    return None


def _attach_roles(doc: "Doc", persons: list[_Cluster]) -> list[tuple[int, int]]:
    """Find role phrases for each person; returns the token spans they cover."""
    covered: list[tuple[int, int]] = []
    for cluster in persons:
        for start, end, kind in cluster.mentions:
            if kind != "name" and kind != "short":
                continue
            for finder in (_role_before, _role_apposition_after, _role_apposition_before,
                           _role_copula):
                found = finder(doc, start, end)
                if found is not None:
                    role, span, words = found
                    _add_role(cluster, role, words)
                    covered.append(span)
    for cluster, role, span, words in _lede_roles(doc, persons):
        _add_role(cluster, role, words)
        covered.append(span)
        cluster.mentions.append((span[0], span[1], "descriptor"))
    return covered


def _add_role(cluster: _Cluster, role: Role, words: set[str]) -> None:
    cluster.role_words.update(words)
    for held in cluster.roles:
        if held.title.lower() == role.title.lower() and (
            held.organization == role.organization or role.organization is None
        ):
            if held.country is None:
                held.country = role.country
            return
    cluster.roles.append(role)


def _role_from_tokens(doc: "Doc", tokens: list["Token"], organization: "Span | None",
                      first: int, last: int) -> tuple[Role, tuple[int, int], set[str]] | None:
    """Build a role from the words of a role phrase (title, qualifiers, org)."""
    title_tokens = [t for t in tokens if _is_role_noun(t)
                    or (t.text[:1].isupper() and t.lower_ in PORTFOLIO_WORDS)]
    heads = [t for t in tokens if _is_role_noun(t)]
    if not heads:
        return None
    head = heads[-1]
    if head.text[:1].isupper():
        # An office written as a proper title: keep the whole phrase
        # ("Foreign Minister", "Prime Minister").
        run = [t for t in title_tokens if t.i <= head.i]
        phrase: list[Token] = []
        for t in reversed(run):
            if phrase and phrase[0].i - t.i > 1:
                break
            phrase.insert(0, t)
        title = " ".join(t.text for t in phrase)
    else:
        title = head.lemma_.lower() if head.lemma_ else head.lower_
    country = None
    for t in tokens:
        country = country or gazetteer.demonym_country(t.text) or (
            gazetteer.lookup_place(t.text).country if _is_country(t.text) else None)
    org_name = None
    if organization is not None:
        if organization.label_ in {"GPE"} and _is_country(organization.text):
            country = country or gazetteer.lookup_place(organization.text).country
        elif organization.label_ == "ORG":
            org_tokens = list(organization)
            while org_tokens and org_tokens[0].lower_ in _DETERMINERS:
                org_tokens = org_tokens[1:]
            while org_tokens and (gazetteer.demonym_country(org_tokens[0].text)
                                  or _is_country(org_tokens[0].text)):
                country = country or gazetteer.country_code(org_tokens[0].text)
                org_tokens = org_tokens[1:]
            if org_tokens:
                org_name = doc[org_tokens[0].i:org_tokens[-1].i + 1].text
    words = {t.lower_ for t in doc[first:last]}
    role = Role(title=title, organization=org_name, country=country,
                start=doc[first].idx, end=doc[last - 1].idx + len(doc[last - 1].text))
    return role, (first, last), words


def _role_before(doc: "Doc", start: int, end: int):
    """Pre-modifier roles: "French President X", "rock singer X", "Acme CEO X"."""
    j = start - 1
    sent_start = doc[start].sent.start
    tokens: list[Token] = []
    organization = None
    while j >= sent_start:
        t = doc[j]
        if _is_role_noun(t) or (t.text[:1].isupper() and t.lower_ in PORTFOLIO_WORDS and tokens):
            tokens.insert(0, t)
            j -= 1
        elif gazetteer.demonym_country(t.text) or (_is_country(t.text) and tokens):
            tokens.insert(0, t)
            j -= 1
        elif tokens and t.ent_type_ in {"ORG", "GPE"} and organization is None:
            ent = _ent_at(doc, j)
            if ent is None:
                break
            organization = ent
            j = ent.start - 1
        elif tokens and t.pos_ in {"NOUN", "ADJ"} and t.is_lower and t.dep_ in {"compound", "amod"}:
            tokens.insert(0, t)
            j -= 1
        elif tokens and t.lower_ == "of" and j - 1 >= sent_start and _is_role_noun(doc[j - 1]):
            tokens.insert(0, t)
            j -= 1
        else:
            break
    if not tokens or not any(_is_role_noun(t) for t in tokens):
        return None
    first = organization.start if organization is not None else tokens[0].i
    return _role_from_tokens(doc, tokens, organization, first, tokens[-1].i + 1)


_ROLE_PREPOSITIONS = word_list("entities/role_prepositions")


def _role_apposition_after(doc: "Doc", start: int, end: int):
    """Appositions after the name: "X, a spokesman for Y," / "X, president of Y"."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    sent_end = doc[start].sent.end
    tokens: list[Token] = []
    k = end + 1
    while k < min(sent_end, end + 10):
        t = doc[k]
        if _is_role_noun(t):
            tokens.append(t)
            k += 1
            if k < sent_end and _is_role_noun(doc[k]):
                continue
            break
        if t.lower_ in _DETERMINERS or t.pos_ in {"ADJ", "NOUN", "PROPN"} or t.tag_ == "POS" \
                or gazetteer.demonym_country(t.text):
            if t.ent_type_ in {"PERSON"}:
                return None
            tokens.append(t)
            k += 1
            continue
        return None
    if not tokens or not _is_role_noun(tokens[-1]):
        return None
    organization = None
    last = tokens[-1].i + 1
    if k < sent_end and doc[k].lower_ in _ROLE_PREPOSITIONS:
        m = k + 1
        if m < sent_end and doc[m].lower_ in _DETERMINERS:
            m += 1
        if m < sent_end:
            ent = _ent_at(doc, m)
            if ent is not None and ent.label_ in {"ORG", "GPE"}:
                organization = ent
                last = ent.end
    return _role_from_tokens(doc, tokens, organization, end + 1, last)


def _role_apposition_before(doc: "Doc", start: int, end: int):
    """Appositions before the name: "the head of Y, X" / "the musician, X"."""
    if start < 2 or doc[start - 1].text != ",":
        return None
    sent_start = doc[start].sent.start
    k = start - 2
    organization = None
    ent = _ent_at(doc, k)
    if ent is not None and ent.label_ in {"ORG", "GPE"}:
        organization = ent
        k = ent.start - 1
        if k >= sent_start and doc[k].lower_ in _DETERMINERS:
            k -= 1
        if k < sent_start or doc[k].lower_ not in _ROLE_PREPOSITIONS:
            return None
        k -= 1
    if k < sent_start or not _is_role_noun(doc[k]):
        return None
    head = doc[k]
    tokens = [head]
    j = k - 1
    while j >= sent_start and (doc[j].dep_ in {"compound", "amod"} or doc[j].lower_ in _DETERMINERS
                               or gazetteer.demonym_country(doc[j].text)) \
            and doc[j].head.i >= j and not doc[j].ent_type_ == "PERSON":
        tokens.insert(0, doc[j])
        if doc[j].lower_ in _DETERMINERS:
            break
        j -= 1
    last = organization.end if organization is not None else head.i + 1
    return _role_from_tokens(doc, tokens, organization, tokens[0].i, last)


def _role_copula(doc: "Doc", start: int, end: int):
    """Predicates: "X is a musician", "X, who is the party's leader"."""
    root = doc[start:end].root
    verb = root.head
    if root.dep_ not in {"nsubj"} or verb.lemma_ not in {"be", "become", "remain"}:
        return None
    negated = any(c.dep_ == "neg" for c in verb.children)
    queue = [(c, False) for c in verb.children if c.dep_ in {"attr", "acomp"}]
    while queue:
        noun, via_conj = queue.pop(0)
        if _is_role_noun(noun) and (via_conj or not negated) and \
                not any(c.dep_ == "neg" for c in noun.children):
            tokens = [t for t in noun.lefts if t.dep_ in {"compound", "amod", "det"}] + [noun]
            return _role_from_tokens(doc, tokens, None, tokens[0].i, noun.i + 1)
        queue.extend((c, True) for c in noun.children if c.dep_ in {"conj", "appos"})
    return None


def _lede_roles(doc: "Doc", persons: list[_Cluster]):
    """News ledes that name a person one sentence late.

    "A [nationality] [occupation] has been ..." followed by a sentence whose
    subject is a newly named person: the occupation is that person's role
    and the indefinite phrase a mention of them.
    """
    sentences = [s for s in doc.sents if s.text.strip()]
    mention_of = {}
    for cluster in persons:
        for start, end, kind in cluster.mentions:
            if kind in {"name", "short"}:
                mention_of[start] = (cluster, end)
    for first, second in zip(sentences, sentences[1:]):
        if any(first.start <= i < first.end for i in mention_of):
            continue
        subjects = [t for t in first if t.dep_ in {"nsubj", "nsubjpass"} and _is_role_noun(t)
                    and t.head.dep_ in {"ROOT", "ccomp"}]
        if not subjects:
            continue
        head = subjects[0]
        dets = [c for c in head.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ not in {"a", "an"}:
            continue
        for start in sorted(i for i in mention_of if second.start <= i < second.end):
            cluster, end = mention_of[start]
            root = doc[start:end].root
            if root.dep_ in {"nsubj", "nsubjpass"}:
                left = head.left_edge.i
                tokens = list(doc[left:head.i + 1])
                built = _role_from_tokens(doc, tokens, None, left, head.i + 1)
                if built is not None:
                    role, span, words = built
                    yield cluster, role, span, words
            break


# ---- descriptors


def _link_descriptors(doc: "Doc", persons: list[_Cluster], role_spans: list[tuple[int, int]]) -> None:
    """Definite descriptions ("the rock singer", "the performer") -> the one person they fit."""
    covered = set()
    for a, b in role_spans:
        covered.update(range(a, b))
    for cluster in persons:
        for a, b, _ in cluster.mentions:
            covered.update(range(a, b))
    for token in doc:
        if token.i in covered or token.ent_type_ or token.tag_ not in {"NN", "NNP"}:
            continue
        lemma = token.lemma_.lower() or token.lower_
        if lemma not in TITLES and lemma not in OCCUPATIONS and lemma not in ROLE_HYPERNYMS:
            continue
        lefts = [t for t in token.lefts if t.i < token.i]
        dets = [t for t in lefts if t.dep_ == "det"]
        if not dets or dets[0].lower_ not in {"the", "this", "that"}:
            continue
        if any(c.dep_ == "prep" for c in token.rights):
            continue  # "the head of ..." names its own referent
        modifiers = [t for t in lefts if t.dep_ in {"compound", "amod", "nmod"}]
        candidates = [c for c in persons if c.roles and _fits(lemma, modifiers, c)]
        if len(candidates) != 1:
            continue
        start = dets[0].i
        candidates[0].mentions.append((start, token.i + 1, "descriptor"))


def _fits(lemma: str, modifiers: list["Token"], cluster: _Cluster) -> bool:
    for role in cluster.roles:
        head = role.title.lower().split()[-1]
        if not (lemma == head or head in ROLE_HYPERNYMS.get(lemma, ())
                or lemma == role.title.lower()):
            continue
        org_words = set((role.organization or "").lower().split()) | cluster.role_words
        if all(_modifier_fits(m, role, org_words) for m in modifiers):
            return True
    return False


def _modifier_fits(modifier: "Token", role: Role, org_words: set[str]) -> bool:
    word = modifier.lower_
    if word in _NEUTRAL_MODIFIERS or word in org_words:
        return True
    iso = gazetteer.demonym_country(modifier.text) or (
        gazetteer.lookup_place(modifier.text).country if _is_country(modifier.text) else None)
    if iso is not None:
        return iso == role.country
    return any(word in domain and org_words & domain for domain in _DOMAINS)


# ---- records


def _build_entity(doc: "Doc", cluster: _Cluster) -> Entity:
    mentions = sorted(set(cluster.mentions))
    names = [doc[a:b].text for a, b, kind in mentions if kind == "name"] or \
            [doc[a:b].text for a, b, _ in mentions]
    name = max(names, key=lambda n: (len(n.split()), names.count(n), -names.index(n)))
    place = gazetteer.lookup_place(name) if cluster.label in {"GPE", "LOC", "FAC"} else None
    id_name = place.name if place is not None else name
    if cluster.label == "NORP" and cluster.key.startswith("country:"):
        id_name = cluster.key
    aliases = sorted({doc[a:b].text for a, b, kind in mentions if kind != "descriptor"} | (
        {place.name} if place is not None else set()))
    entity = Entity(
        id=entity_id(cluster.label, id_name),
        name=name,
        type=cluster.label,
        aliases=aliases,
        mentions=[
            Mention(start=doc[a].idx, end=doc[b - 1].idx + len(doc[b - 1].text),
                    text=doc[a:b].text, kind=kind)
            for a, b, kind in mentions
        ],
        roles=list(cluster.roles),
    )
    for mention in entity.mentions:
        mention.entity_id = entity.id
    if place is not None:
        entity.country = place.country
        entity.latitude = place.latitude
        entity.longitude = place.longitude
        entity.feature = place.feature
    elif cluster.label == "NORP":
        entity.country = gazetteer.demonym_country(name)
    elif cluster.label == "ORG":
        entity.country = _org_country(name)
    elif cluster.label == "PERSON":
        entity.country = next((r.country for r in entity.roles if r.country), None)
    return entity


def _org_country(name: str) -> str | None:
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for size in (3, 2, 1):
        if len(words) > size:
            iso = gazetteer.country_code(" ".join(words[:size]))
            if iso:
                return iso
    match = re.search(r"\bof (?:the )?([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})$", name)
    if match:
        return gazetteer.country_code(match.group(1))
    return None


# ---- pronouns


def resolve_pronoun(doc: "Doc", token_index: int, entities: list[Entity]) -> str | None:
    """Entity id of the person a he/she pronoun most likely refers to, or None.

    The nearest preceding PERSON mention within the last three sentences,
    preferring one that is a grammatical subject (news style keeps the
    speaker as subject).
    """
    token = doc[token_index]
    if token.lower_ not in _PRONOUNS:
        return None
    sentences = list(doc.sents)
    sent_index = next((i for i, s in enumerate(sentences) if s.start <= token_index < s.end), 0)
    window_start = sentences[max(0, sent_index - 3)].start_char
    candidates: list[tuple[int, bool, str]] = []
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            if not window_start <= mention.start < token.idx:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            is_subject = span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}
            candidates.append((mention.start, is_subject, entity.id))
    if not candidates:
        return None
    subjects = [c for c in candidates if c[1]]
    pool = subjects or candidates
    return max(pool, key=lambda c: c[0])[2]


# ---- context rules


# Nouns that, before "of", introduce a place ("the town of X").
_PLACE_NOUNS = word_list("entities/place_nouns")
_DIRECTIONS = word_list("entities/directions")
_DATE_TOKEN = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(/\d{2,4})?)$")


def _context_labels(doc: "Doc", spans: list[list]) -> list[list]:
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
            if prev is not None and prev.lower_ == "of" and prev2 is not None and \
                    prev2.lower_ in _PLACE_NOUNS:
                new = "GPE"
            elif prev is not None and prev.lower_ == "of" and prev2 is not None and \
                    prev2.lower_ in _DIRECTIONS:
                new = "GPE"
            elif nxt is not None and nxt.lower_ in _PLACE_NOUNS - {"state", "capital", "area"} \
                    and nxt.is_lower:
                new = "GPE"
            elif _is_dateline(doc, start, end):
                new = "GPE"
        if label in {"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"} and \
                not has_org_word:
            words = [t for t in tokens if not t.is_punct]
            if len(words) >= 2 and re.fullmatch(r"[A-Z]\.", words[0].text) and \
                    all(w.text[:1].isupper() for w in words):
                new = "PERSON"
            elif label in {"ORG", "GPE"} and 2 <= len(words) <= 3 and nxt is not None and nxt.text == "(" \
                    and end + 2 < len(doc) and doc[end + 2].text == ")" \
                    and _is_country(doc[end + 1].text) and _looks_like_person_name(list(tokens)):
                new = "PERSON"
        if label == "PERSON" and len(tokens) == 1 and nxt is not None and \
                nxt.lower_ in _EMPLOYEE_TITLES and end + 1 < len(doc) and \
                doc[end + 1].ent_type_ == "PERSON":
            new = "ORG"
        out.append([start, end, new])
    return out


_EMPLOYEE_TITLES = word_list("entities/employee_titles")


_DATELINE_REST = re.compile(
    r"[ \t]*(?:,[ \t]*[A-Z][A-Za-z.' -]*?[ \t]*)?(?:\d{4}-\d{2}-\d{2}|\((?:AP|AFP|Reuters|[A-Z][A-Za-z]+)\)|-|\u2014)"
)


def _is_dateline(doc: "Doc", start: int, end: int) -> bool:
    """A name that opens a line and is followed by a date or an agency: a dateline."""
    # Only local token text is read: building doc.text per call is costly.
    if start > 0:
        prev = doc[start - 1]
        if not (prev.text_with_ws.endswith("\n") or prev.is_space and "\n" in prev.text):
            return False
    after = doc[end - 1:min(len(doc), end + 12)].text
    return _DATELINE_REST.match(after, len(doc[end - 1].text)) is not None


def _gazetteer_names(doc: "Doc", spans: list[list]) -> list[list]:
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
            continues = end < len(doc) and doc[end].text[:1].isupper() and \
                not doc[end].is_punct and not doc[end].is_upper
            known = _is_country(tokens.text) or (
                gazetteer.lookup_place(tokens.text) is not None and _is_dateline(doc, i, end))
            if known and not continues:
                added.append([i, end, "GPE"])
                i = end - 1
                break
        i += 1
    return sorted(spans + added, key=lambda s: s[0])


# ---- sports reports

_SPORTS_WORDS = word_list("entities/sports_words")
_VERSUS = word_list("entities/versus_words")
_SCORE = re.compile(r"^\d{1,3}(-\d{1,3})?$")


def _is_sports_report(doc: "Doc") -> bool:
    """Sports results and reports: many sports words, or a sports headline."""
    first_line = doc.text.split("\n", 1)[0].lower()
    if any(w in _SPORTS_WORDS for w in re.findall(r"[a-z-]+", first_line)[:3]):
        return True
    count = sum(1 for t in doc[:400] if t.lower_ in _SPORTS_WORDS)
    return count >= 6


def _sports_teams(doc: "Doc", spans: list[list]) -> list[list]:
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
            label in {"GPE", "LOC"} and place is None)
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


def _table_row_teams(doc: "Doc", spans: list[list]) -> list[list]:
    """Untagged names that open a results-table row ("Derbyshire 4 ...") are teams."""
    taken = set()
    for s, e, _ in spans:
        taken.update(range(s, e))
    added = []
    for token in doc:
        i = token.i
        if i in taken or not token.is_alpha or not token.text[:1].isupper() or i + 1 >= len(doc):
            continue
        line_start = i == 0 or doc[i - 1].text_with_ws.endswith("\n") or doc[i - 1].text in {":"}
        nxt = doc[i + 1]
        if line_start and re.fullmatch(r"\d{1,3}", nxt.text) and \
                gazetteer.lookup_place(token.text) is None and token.lower_ not in _SPORTS_WORDS:
            added.append([i, i + 1, "ORG"])
    return added


def _team_context(doc: "Doc", start: int, end: int) -> bool:
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    same_line = lambda t: t is not None and "\n" not in t.text  # noqa: E731
    if same_line(after) and _SCORE.match(after.text):
        return True
    if same_line(before) and _SCORE.match(before.text) and before.i > 0 and \
            doc[before.i - 1].text[:1].isupper():
        return True  # "... Bath 56 Orrell 13"
    if same_line(before) and before.lower_ in _VERSUS:
        return True
    if same_line(after) and (after.lower_ in _VERSUS or (after.lower_ == "at" and after.is_upper)):
        return True
    return False


# Capitalised words that open a results line with a number but name no team
# ("June 14", "Group 4", "Round 2").
_NOT_TEAMS = (
    word_list("entities/not_teams")
    | frozenset(table("common/months"))
    | frozenset(table("common/weekday_names"))
)


def _name_run_end(doc: "Doc", i: int, limit: int) -> int:
    """End of the run of name words starting at token ``i`` ("Queen of South", "St Pauli")."""
    j = i
    while j < limit and j - i < 4:
        token = doc[j]
        if token.text[:1].isupper() and not token.is_space and \
                re.fullmatch(r"[A-Z][\w.'&-]*", token.text):
            j += 1
        elif j > i and token.text in {"of", "'s"} and j + 1 < limit and doc[j + 1].text[:1].isupper():
            j += 1
        else:
            break
    return j


def _score_line_teams(doc: "Doc", spans: list[list]) -> list[list]:
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
            if end > i and end < n and _SCORE.match(doc[end].text) and \
                    doc[i].lower_ not in _NOT_TEAMS and (i, end) not in persons and \
                    not _is_country(doc[i:end].text) and \
                    not (end - i >= 2 and re.fullmatch(r"[A-Z]\.", doc[i].text)):
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
    covered = set()
    for s, e, _ in added:
        covered.update(range(s, e))
    kept = [span for span in spans if not covered.intersection(range(span[0], span[1]))]
    return sorted(kept + added, key=lambda span: span[0])


_NAME_PARTICLES = word_list("entities/name_particles")


def _names_with_country(doc: "Doc", spans: list[list]) -> list[list]:
    """A two- or three-word name followed by a country in brackets is a person.

    Results lists and tennis draws write "Jane Doe ( Kenya )"; organisations
    are followed by their acronym instead, and clubs ("Red Star ( Yugoslavia )")
    are recognised by their club words.
    """
    added: list[list] = []
    for token in doc:
        if token.text != "(" or token.i < 2:
            continue
        close = next((k for k in range(token.i + 2, min(len(doc), token.i + 5))
                      if doc[k].text == ")"), None)
        if close is None or not _is_country(doc[token.i + 1:close].text):
            continue
        start = token.i
        while start > 0 and token.i - start < 6:
            prev = doc[start - 1]
            # A hyphen joins a double name ("Anne-Gaelle") only when unspaced.
            joined = prev.text == "-" and not prev.whitespace_ and start >= 2 \
                and not doc[start - 2].whitespace_
            if re.fullmatch(r"[A-Z][\w.'-]*", prev.text) or joined or (
                    prev.lower_ in _NAME_PARTICLES and start < token.i):
                start -= 1
            else:
                break
        if start < token.i and not doc[start].text[:1].isupper():
            start += 1  # a run never opens on a particle or a hyphen
        words = doc[start:token.i].text.split()
        tokens = [t for t in doc[start:token.i] if t.text != "-"]
        if not 2 <= len(words) <= 3 or not tokens or not tokens[0].text[:1].isupper() \
                or tokens[0].lower_ in CLUB_PREFIXES or tokens[-1].lower_ in CLUB_SUFFIXES \
                or any(t.lower_ in ORG_WORDS or t.lower_ in _NOT_TEAMS for t in tokens) \
                or gazetteer.lookup_place(doc[start:token.i].text) is not None:
            continue
        added.append([start, token.i, "PERSON"])
    return _override(spans, added)
