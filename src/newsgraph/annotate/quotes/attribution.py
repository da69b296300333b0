"""Attributing quoted passages: the speech cue next to a passage or above a
fragment, dash attributions, and passages that inherit the previous speaker."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..nlp import doc_text
from .lexicon import (
    _MODIFIER_DEPS,
    _REGION_CAP,
    _SENTENCE_FINAL,
    _SUBJECT_DEPS,
    _TITLE_SMALL_WORDS,
    ADJACENT_CUE_VERBS,
    CHARACTERISING_VERBS,
    LEMMA_FIXES,
    SPEECH_VERBS,
)
from .passages import _opening_context, _Passage
from .speakers import _speaker_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _is_cue(token: Token, *, adjacent: bool, characterising: bool = False) -> bool:
    """A reporting verb (or "according to"). ``adjacent`` admits the verbs
    that only attribute a quote right beside them, ``characterising`` those
    that govern partial quotes."""
    if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
        return True
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    if token.pos_ == "AUX":
        return False
    lemma = token.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    if lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return True
    if lemma == "put" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
        return True  # "as an internal memo put it"
    if characterising and lemma in CHARACTERISING_VERBS:
        return True
    return adjacent and lemma in ADJACENT_CUE_VERBS


def _cue_span(token: Token) -> tuple[int, int]:
    """Character span of a cue: the verb, or "according to", or "pointed out"."""
    if token.lower_ == "according":
        nxt = token.nbor(1)
        return token.idx, nxt.idx + len(nxt.text)
    return token.idx, token.idx + len(token.text)


def lemma(token: Token) -> str:
    """The token's lemma, mended where the tagger's lemmatiser is known to
    slip ("hoping" -> "hop")."""
    return LEMMA_FIXES.get(token.lower_) or token.lemma_.lower()


def _cue_lemma(token: Token) -> str:
    if token.lower_ == "according":
        return "according to"
    return lemma(token)


def _region_after(doc: Doc, passage: _Passage, passage_of: list[int]) -> list[Token]:
    """Tokens after the closing mark up to the end of that sentence."""
    tokens: list[Token] = []
    i = _first_token_at(doc, passage.outer_end)
    while i < len(doc) and len(tokens) < _REGION_CAP:
        token = doc[i]
        if passage_of[i] != -1 or "\n" in token.text or token.idx >= passage.para_end:
            break
        tokens.append(token)
        if token.text in _SENTENCE_FINAL:
            break
        i += 1
    return tokens


def _region_before(doc: Doc, passage: _Passage, passage_of: list[int]) -> list[Token]:
    """Tokens from the start of the sentence up to the opening mark."""
    tokens: list[Token] = []
    i = _first_token_at(doc, passage.outer_start) - 1
    while i >= 0 and len(tokens) < _REGION_CAP:
        token = doc[i]
        if passage_of[i] != -1 or "\n" in token.text or token.idx < passage.para_start:
            break
        if token.text in _SENTENCE_FINAL:
            break
        tokens.append(token)
        i -= 1
    tokens.reverse()
    return tokens


def _first_token_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after ``char``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _passage_tokens(doc: Doc, passage: _Passage) -> Span | None:
    return doc.char_span(passage.start, passage.end, alignment_mode="expand")


def _fragment_root(fragment: Span) -> Token | None:
    """The token of a fragment whose head lies outside it (the first such)."""
    for token in fragment:
        if token.is_punct or token.is_space:
            continue
        if not (fragment.start <= token.head.i < fragment.end) or token.head.i == token.i:
            return token
    return None


def _ancestor_cue(root: Token, fragment: Span) -> Token | None:
    """The nearest speech verb above a fragment, not reached via a subject."""
    child = root
    for ancestor in root.ancestors:
        if fragment.start <= ancestor.i < fragment.end:
            child = ancestor
            continue
        if _is_cue(ancestor, adjacent=False, characterising=True):
            if child.dep_ in _SUBJECT_DEPS:
                return None
            return ancestor
        child = ancestor
    return None


def _attribute_passage(doc: Doc, passages: list[_Passage], index: int, passage_of: list[int]) -> None:
    """Decide whether a passage is a quote, of which kind, and who said it."""
    passage = passages[index]
    fragment = _passage_tokens(doc, passage)
    if fragment is None or not any(t.is_alpha or t.is_digit for t in fragment):
        return
    root = _fragment_root(fragment)
    word_count = sum(1 for t in fragment if not (t.is_punct or t.is_space))
    if _looks_like_title(fragment) and root is not None and root.dep_ in ("pobj", "appos", "compound", "nmod"):
        return  # a show, book or song title: “Good Morning America”, “War and Peace”

    if passage.context == "embedded" or (
        passage.context == "comma" and not _cue_ends_region(_region_before(doc, passage, passage_of))
    ):
        # A fragment inside a sentence: a partial quote if a speech verb
        # governs it, never when it merely modifies a noun (scare quotes).
        if root is not None and root.dep_ in _MODIFIER_DEPS and word_count <= 4:
            return
        cue = _ancestor_cue(root, fragment) if root is not None else None
        if cue is None:
            cue = _region_cue(doc, passage, passage_of)
        if cue is not None:
            _set_attribution(passage, "partial", cue, passage_of)
        return

    # A passage that opens a sentence or follows a colon/comma: direct if a
    # cue stands beside it.
    before = _region_before(doc, passage, passage_of)
    after = _region_after(doc, passage, passage_of)
    cue = None
    if passage.context == "colon" or (passage.context == "comma" and _cue_ends_region(before)):
        cue = _last_cue(before, passage_of)
    if cue is None:
        cue = _after_cue(doc, passage, after, root, passage_of)
    if cue is None and passage.context in ("colon", "comma"):
        cue = _last_cue(before, passage_of)
    if cue is not None:
        _set_attribution(passage, "direct", cue, passage_of)
        if after and cue in after:
            passage.attribution_end = after[-1].idx + len(after[-1].text)
        return
    byline = _dash_attribution(doc, passage)
    if byline is not None:
        passage.kind = "direct"
        passage.speaker = byline
        passage.attribution_end = byline.end_char
        return
    _inherit(doc, passages, index, passage_of)


_DASH_NAME = re.compile(r"[^\S\n]*(?:[―—–]|--?)[^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4})")


def _dash_attribution(doc: Doc, passage: _Passage) -> Span | None:
    """A name after a dash closing a quote ("“…” ― Jane Doe"), as in
    collected reader comments and epigraphs."""
    match = _DASH_NAME.match(doc_text(doc), passage.outer_end, passage.para_end)
    if match is None:
        return None
    rest = doc_text(doc)[match.end() : passage.para_end].strip()
    if rest not in ("", ".", ","):
        return None  # the dash opens an aside, not a byline
    start, end = match.span(1)
    name = doc_text(doc)[start:end].rstrip(".")
    return doc.char_span(start, start + len(name), alignment_mode="expand")


def _looks_like_title(fragment: Span) -> bool:
    """Short and in title case: a name of a work or programme, not speech."""
    words = [t for t in fragment if t.is_alpha or (t.text[:1].isalpha() and not t.is_punct)]
    if not 2 <= len(words) <= 8:
        return False
    capitalised = 0
    for index, token in enumerate(words):
        if token.text[:1].isupper():
            capitalised += 1
        elif index == 0 or token.lower_ not in _TITLE_SMALL_WORDS:
            return False
    # "I" and names alone do not make a title: need most words capitalised.
    return capitalised >= 2 and not any(t.lower_ in ("i", "you", "we") for t in words[:1])


def _cue_ends_region(tokens: list[Token]) -> bool:
    """Whether a cue sits right before a passage ("X said, “…”")."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    return any(_is_cue(t, adjacent=True) for t in words[-4:])


def _last_cue(tokens: list[Token], passage_of: list[int]) -> Token | None:
    for token in reversed(tokens):
        if _is_cue(token, adjacent=True) and _speaker_of(token, passage_of) is not None:
            return token
    return None


def _after_cue(
    doc: Doc, passage: _Passage, after: list[Token], root: Token | None, passage_of: list[int]
) -> Token | None:
    """The cue after a passage ("“…,” X said"), preferring the one the parse
    puts above the quoted words."""
    if not after:
        return None
    cues = [t for t in after if _is_cue(t, adjacent=True)]
    if not cues:
        return None
    content = doc_text(doc)[passage.start : passage.end].rstrip()
    if content[-1:] in ".!?":
        # The quote closed its own sentence: only a short tag ("he said.")
        # after it is its attribution, not a new sentence about something else.
        first = cues[0]
        words = [t for t in after if not (t.is_punct or t.is_space)]
        # Another verb before the cue means a new clause about something else.
        if any(t.pos_ in ("VERB", "AUX") for t in words[: words.index(first)]) or any(
            c.dep_ in ("ccomp", "xcomp") and c.i > first.i for c in first.children
        ):
            return None
        if (
            content[-1:] == "."
            and not words[0].is_lower
            and words[0] is not first
            and words[0].pos_ not in ("PRON", "PROPN")
        ):
            return None
        return first if _speaker_of(first, passage_of) is not None else None
    if root is not None:
        for ancestor in root.ancestors:
            if ancestor in cues:
                return ancestor
    for cue in cues:
        if _speaker_of(cue, passage_of) is not None:
            return cue
    return None


def _region_cue(doc: Doc, passage: _Passage, passage_of: list[int]) -> Token | None:
    """A cue elsewhere in the sentence when the parse does not link it."""
    before = _region_before(doc, passage, passage_of)
    after = _region_after(doc, passage, passage_of)
    for token in reversed(before):
        if _is_cue(token, adjacent=False) and _speaker_of(token, passage_of) is not None:
            if token.dep_ not in _MODIFIER_DEPS:
                return token
    for token in after:
        if _is_cue(token, adjacent=False) and _speaker_of(token, passage_of) is not None:
            return token
    return None


def _set_attribution(passage: _Passage, kind: str, cue: Token, passage_of: list[int]) -> None:
    passage.kind = kind
    passage.cue = cue
    passage.cue_text = _cue_span(cue)
    passage.speaker = _speaker_of(cue, passage_of)


def _inherit(doc: Doc, passages: list[_Passage], index: int, passage_of: list[int]) -> None:
    """Attribute a quote with no cue of its own from its neighbours.

    Newswire quotes run on: “…,” X said. “More.” -- the second quote is X's;
    a paragraph that is all quote continues the previous paragraph's speaker
    or follows an introduction ending in a colon ("X continued:").
    """
    passage = passages[index]
    text = doc_text(doc)
    previous = passages[index - 1] if index > 0 else None
    if (
        previous is not None
        and previous.para_end >= passage.para_start
        and previous.cue is not None
        and previous.outer_end <= passage.outer_start
    ):
        between = doc.char_span(previous.outer_end, passage.outer_start, alignment_mode="expand")
        if (
            previous.para_start == passage.para_start
            or previous.para_end == passage.para_end
            or previous.para_end >= passage.para_start
        ):
            if between is None or not any(
                _is_cue(t, adjacent=False) and t not in _attribution_tokens(doc, previous) for t in between
            ):
                _copy_attribution(passage, previous)
                return
    if passage.context != "start" or _opening_context(text, passage.para_start, passage.outer_start) != "start":
        return
    if text[passage.para_start : passage.outer_start].strip():
        # Mid-paragraph: the previous sentence may name the speaker.
        cue = _previous_sentence_cue(doc, passage, passage_of)
        if cue is not None:
            _set_attribution(passage, "direct", cue, passage_of)
        return
    # The passage opens its paragraph: look at the paragraph before.
    prev_end = passage.para_start - 1
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end <= 0:
        return
    if text[prev_end - 1] == ":":
        i = _first_token_at(doc, prev_end) - 1
        tokens: list[Token] = []
        while i >= 0 and len(tokens) < _REGION_CAP:
            token = doc[i]
            if "\n" in token.text or token.text in _SENTENCE_FINAL or passage_of[i] != -1:
                break
            tokens.append(token)
            i -= 1
        cue = _last_cue(list(reversed(tokens)), passage_of)
        if cue is not None:
            _set_attribution(passage, "direct", cue, passage_of)
        return
    if previous is not None and previous.cue is not None:
        attribution_end = max(previous.outer_end, previous.attribution_end or 0)
        tail = text[attribution_end:prev_end]
        if not any(ch.isalnum() for ch in tail):
            _copy_attribution(passage, previous)


def _attribution_tokens(doc: Doc, passage: _Passage) -> set[Token]:
    if passage.attribution_end is None:
        return {passage.cue} if passage.cue is not None else set()
    span = doc.char_span(passage.outer_end, passage.attribution_end, alignment_mode="expand")
    return set(span) if span is not None else set()


def _copy_attribution(passage: _Passage, source: _Passage) -> None:
    passage.kind = "direct"
    passage.cue = source.cue
    passage.cue_text = source.cue_text
    passage.speaker = source.speaker


def _previous_sentence_cue(doc: Doc, passage: _Passage, passage_of: list[int]) -> Token | None:
    """A speaker-bearing cue in the sentence just before, same paragraph."""
    i = _first_token_at(doc, passage.outer_start) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text not in _SENTENCE_FINAL:
        return None
    i -= 1
    tokens: list[Token] = []
    while i >= 0 and len(tokens) < _REGION_CAP:
        token = doc[i]
        if "\n" in token.text or token.text in _SENTENCE_FINAL or token.idx < passage.para_start:
            break
        tokens.append(token)
        i -= 1
    for token in reversed(tokens):
        if (
            passage_of[token.i] == -1
            and _is_cue(token, adjacent=False)
            and token.dep_ == "ROOT"
            and _speaker_of(token, passage_of) is not None
        ):
            return token
    return None
