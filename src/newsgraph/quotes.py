"""Quotations and reported speech, with their speakers.

Three kinds of ``Quote`` come out, all with offsets into ``Article.body``:

``direct``
    A whole quoted passage attributed by an adjacent cue: ``“…,” X said``,
    ``X said: “…”``, ``“…,” said X``. Passages that run over several
    paragraphs (newswire convention: the closing mark is left off a quoted
    paragraph when the quote continues, and the next paragraph opens with a
    quote mark) come out as one quote.
``partial``
    A quoted fragment embedded in a sentence of reported speech:
    ``X told reporters that the plan is “dead on arrival”``. The cue is found in
    the dependency parse: the nearest speech verb above the fragment.
``indirect``
    The clausal complement of a speech verb (``X said that …``,
    ``X wrote on social media that …``) or a clause with ``according to X``.

A quotation mark is not enough: scare quotes and titles (a “peace”
plan) have no cue, and a quoted word modifying a noun is never a quote.
A quoted passage needs a cue in its own sentence, or, for a paragraph that
is entirely a quote, a speaker in the neighbouring sentence: the previous
paragraph ending in a colon, or a quote of that speaker just before it.

Everything is rules over the spaCy parse plus a lexicon of reporting verbs,
so it holds on any English news text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .nlp import doc_text
from .records import Entity, Quote
from .resources.lexicons import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs that report speech or writing. They attribute quoted passages,
# partial quotes and (with a clausal complement) indirect speech.
SPEECH_VERBS: frozenset[str] = word_list("quotes/speech_verbs")

# Verbs with which a writer characterises someone's words or views; they
# govern partial quotes ("dismissed the report as “fake news”", "likened
# the tax to “daylight robbery”") but do not
# introduce reported clauses.
CHARACTERISING_VERBS: frozenset[str] = word_list("quotes/characterising_verbs")

# Verbs that attribute only a quote right next to them ("The senator continued:",
# "“…,” she laughed"): with a clausal complement they mean something else.
ADJACENT_CUE_VERBS: frozenset[str] = word_list("quotes/adjacent_cue_verbs")

# Speech verbs that take a clausal complement as what was said. "call",
# "describe" and the like label a thing; they attribute partial quotes only.
_INDIRECT_EXCLUDED: frozenset[str] = word_list("quotes/indirect_excluded_verbs")

# Opening mark -> closing marks that end it.
# Typography is often mixed ("“…," or "\"…”"), so a curly quote may close a
# straight one and vice versa; "”" opens a quote at a paragraph start in
# some sources.
_DOUBLE_OPEN = {"“": "”\"", "«": "»", "„": "“”", '"': '"”', "”": "”\""}
_SINGLE_OPEN = {"‘": "’", "'": "'"}
_ALL_MARKS = set("“”«»„\"‘’'")
# Characters after which an opening mark starts a sentence-level quote.
_SENTENCE_START = set(".!?:;")
_CLAUSE_BREAK = set(",—–-(")
_SENTENCE_FINAL = {".", "!", "?"}
_RELATIVE_PRONOUNS = word_list("common/relative_pronouns")
_PERSONAL_PRONOUNS = word_list("quotes/personal_pronouns")
_GROUP_PRONOUNS = word_list("quotes/group_pronouns")
# Dependency labels that make a quoted fragment a modifier inside a noun
# phrase ("a “peace” plan"): a scare quote, not speech.
_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod"}
# A fragment reached through these labels sits in the cue's subject, not in
# what the cue reports.
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
_REGION_CAP = 40  # tokens looked at on either side of a passage


@dataclass
class _Passage:
    """A stretch of text between quotation marks (top level only)."""

    outer_start: int  # at the opening mark
    outer_end: int  # after the closing mark (or at the paragraph end)
    start: int  # content, marks excluded
    end: int
    para_start: int  # the paragraph the opening mark is in
    para_end: int  # the paragraph the passage ends in
    context: str  # "start" | "colon" | "comma" | "embedded": what precedes it
    # filled by attribution
    kind: str | None = None
    speaker: "Span | None" = None
    cue: "Token | None" = None
    cue_text: tuple[int, int] | None = None
    attribution_end: int | None = None  # end of the attribution clause after it


def extract_quotes(doc: "Doc", entities: list[Entity]) -> list[Quote]:
    """Find direct, partial and indirect quotes in a parsed article body.

    ``doc`` is the spaCy ``Doc`` of ``Article.body`` (its character offsets
    are body offsets). ``entities`` are the document's entities: a speaker
    is linked to the entity one of whose mentions overlaps the speaker span.
    With no entities, quotes still carry ``speaker_text`` and its span.
    """
    text = doc_text(doc)
    if not text.strip():
        return []
    passages = _find_passages(text)
    passage_of = _token_passages(doc, passages)
    linker = _SpeakerLinker(doc, entities)

    quotes: list[Quote] = []
    for index, passage in enumerate(passages):
        _attribute_passage(doc, passages, index, passage_of)
        if passage.kind is None or (passage.cue is None and passage.speaker is None):
            continue
        content_start, content_end = _trim(text, passage.start, passage.end)
        if content_end <= content_start:
            continue
        quotes.append(_make_quote(doc, passage.kind, content_start, content_end,
                                  passage.speaker, passage.cue, passage.cue_text, linker))

    for start, end, speaker, cue, cue_text in _indirect_speech(doc, passage_of, passages):
        quotes.append(_make_quote(doc, "indirect", start, end, speaker, cue, cue_text, linker))

    return _deduplicate(quotes)


# ---------------------------------------------------------------------------
# Finding quoted passages


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line-delimited paragraphs (start, end) that hold some text."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def _opening_context(text: str, para_start: int, mark_at: int) -> str:
    """What precedes an opening mark: decides direct vs embedded quotes."""
    i = mark_at - 1
    while i >= para_start and text[i].isspace():
        i -= 1
    if i < para_start:
        return "start"
    ch = text[i]
    if ch in _SENTENCE_START or ch in "”»\"’)":
        return "colon" if ch in ":" else "start"
    if ch in _CLAUSE_BREAK:
        return "comma"
    return "embedded"


def _is_opening(text: str, i: int, para_start: int) -> bool:
    """Whether the mark at ``i`` opens a quote (rather than closes or elides)."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > para_start else " "
    if ch in ("“", "«", "„"):
        return not nxt.isspace()
    if ch == "”":
        return (i == para_start or prev.isspace()) and (nxt.isalnum() or nxt == "…")
    if ch == '"':
        return (prev.isspace() or prev in "([{—–-/“‘" or i == para_start) and not nxt.isspace()
    if ch in ("‘", "'"):
        # ‘90s and rock 'n' roll elide letters; a quote opens before a letter
        # or a quote mark, after a space or punctuation.
        return (i == para_start or not prev.isalnum()) and (nxt.isalpha() or nxt in "“\"")
    return False


def _find_close(text: str, open_at: int, end: int, para_start: int) -> int | None:
    """Index of the mark that closes the quote opened at ``open_at``, if in [.., end)."""
    ch = text[open_at]
    single = ch in _SINGLE_OPEN
    closers = _SINGLE_OPEN[ch] if single else _DOUBLE_OPEN[ch]
    i = open_at + 1
    while i < end:
        c = text[i]
        if not single and c == "“" and ch in "“”" and text[i - 1].isspace() and _is_opening(text, i, para_start):
            # “…“nested”…”: skip the inner pair when an outer closer follows.
            inner = _find_close(text, i, end, para_start)
            if inner is not None and any(x in closers for x in text[inner + 1:end]):
                i = inner + 1
                continue
        if not single and c in "“\"" and c != ch and _is_opening(text, i, para_start) \
                and text[i - 1].isspace():
            # A quote nested in another of the other family ("… “Meet the Press” …"
            # inside straight marks): skip it whole.
            inner = _find_close(text, i, end, para_start) if c == "“" else text.find('"', i + 1, end)
            if inner is not None and inner > i:
                i = inner + 1
                continue
        if c in closers:
            nxt = text[i + 1] if i + 1 < len(text) else " "
            prev = text[i - 1]
            if single:
                # An apostrophe sits between letters (didn’t); a closing
                # single quote is followed by a non-letter.
                if not nxt.isalnum() and not prev.isspace():
                    return i
            elif c == '"' and prev.isspace() and not nxt.isspace() and i + 1 < end:
                # A straight mark after a space opens a nested quote: skip it.
                inner = text.find('"', i + 1, end)
                if inner == -1:
                    return None
                i = inner + 1
                continue
            else:
                return i
        i += 1
    return None


def _find_passages(text: str) -> list[_Passage]:
    """Top-level quoted passages, joining quotes that run over paragraphs."""
    paragraphs = _paragraphs(text)
    passages: list[_Passage] = []
    p_index = 0
    while p_index < len(paragraphs):
        para_start, para_end = paragraphs[p_index]
        i = para_start
        next_index = p_index + 1
        while i < para_end:
            if text[i] not in _ALL_MARKS or not _is_opening(text, i, para_start):
                i += 1
                continue
            close = _find_close(text, i, para_end, para_start)
            context = _opening_context(text, para_start, i)
            if close is not None:
                passages.append(_Passage(i, close + 1, i + 1, close, para_start, para_end, context))
                i = close + 1
                continue
            if text[i] in _SINGLE_OPEN:
                i += 1  # an unclosed single mark is an apostrophe, not a quote
                continue
            # Unclosed double quote: it continues while the next paragraph
            # opens with a quote mark (and ends where that one closes).
            start_mark = i
            end_para = p_index
            close_at: int | None = None
            while end_para + 1 < len(paragraphs):
                n_start, n_end = paragraphs[end_para + 1]
                j = n_start
                while j < n_end and text[j].isspace():
                    j += 1
                if j >= n_end or text[j] not in _DOUBLE_OPEN:
                    break
                end_para += 1
                close_at = _find_close(text, j, n_end, n_start)
                if close_at is not None:
                    break
            last_start, last_end = paragraphs[end_para]
            outer_end = close_at + 1 if close_at is not None else last_end
            content_end = close_at if close_at is not None else last_end
            passages.append(
                _Passage(start_mark, outer_end, start_mark + 1, content_end, para_start, last_end, context)
            )
            if end_para != p_index:
                # Resume scanning the last paragraph after the closing mark.
                next_index = end_para + 1
                if close_at is not None:
                    passages_tail = _scan_tail(text, outer_end, last_start, last_end)
                    passages.extend(passages_tail)
            break
        p_index = next_index
    return passages


def _scan_tail(text: str, start: int, para_start: int, para_end: int) -> list[_Passage]:
    """Closed passages in the rest of a paragraph after a multi-paragraph quote."""
    found: list[_Passage] = []
    i = start
    while i < para_end:
        if text[i] in _ALL_MARKS and _is_opening(text, i, para_start):
            close = _find_close(text, i, para_end, para_start)
            if close is None:
                break
            found.append(
                _Passage(i, close + 1, i + 1, close, para_start, para_end,
                         _opening_context(text, para_start, i))
            )
            i = close + 1
        else:
            i += 1
    return found


def _token_passages(doc: "Doc", passages: Sequence[_Passage]) -> list[int]:
    """For each token, the index of the passage it lies in (marks included), or -1."""
    passage_of = [-1] * len(doc)
    if not passages:
        return passage_of
    k = 0
    for token in doc:
        while k < len(passages) and passages[k].outer_end <= token.idx:
            k += 1
        if k < len(passages) and passages[k].outer_start <= token.idx < passages[k].outer_end:
            passage_of[token.i] = k
    return passage_of


# ---------------------------------------------------------------------------
# Attribution of quoted passages


def _is_cue(token: "Token", *, adjacent: bool, characterising: bool = False) -> bool:
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


def _cue_span(token: "Token") -> tuple[int, int]:
    """Character span of a cue: the verb, or "according to", or "pointed out"."""
    if token.lower_ == "according":
        nxt = token.nbor(1)
        return token.idx, nxt.idx + len(nxt.text)
    return token.idx, token.idx + len(token.text)


def _cue_lemma(token: "Token") -> str:
    if token.lower_ == "according":
        return "according to"
    return token.lemma_.lower()


def _region_after(doc: "Doc", passage: _Passage, passage_of: list[int]) -> list["Token"]:
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


def _region_before(doc: "Doc", passage: _Passage, passage_of: list[int]) -> list["Token"]:
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


def _first_token_at(doc: "Doc", char: int) -> int:
    """Index of the first token starting at or after ``char``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _passage_tokens(doc: "Doc", passage: _Passage) -> "Span | None":
    return doc.char_span(passage.start, passage.end, alignment_mode="expand")


def _fragment_root(fragment: "Span") -> "Token | None":
    """The token of a fragment whose head lies outside it (the first such)."""
    for token in fragment:
        if token.is_punct or token.is_space:
            continue
        if not (fragment.start <= token.head.i < fragment.end) or token.head.i == token.i:
            return token
    return None


def _ancestor_cue(root: "Token", fragment: "Span") -> "Token | None":
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


def _attribute_passage(doc: "Doc", passages: list[_Passage], index: int, passage_of: list[int]) -> None:
    """Decide whether a passage is a quote, of which kind, and who said it."""
    passage = passages[index]
    fragment = _passage_tokens(doc, passage)
    if fragment is None or not any(t.is_alpha or t.is_digit for t in fragment):
        return
    root = _fragment_root(fragment)
    word_count = sum(1 for t in fragment if not (t.is_punct or t.is_space))
    if _looks_like_title(fragment) and root is not None and root.dep_ in ("pobj", "appos", "compound", "nmod"):
        return  # a show, book or song title: “Good Morning America”, “War and Peace”

    if passage.context == "embedded" or (passage.context == "comma" and not _cue_ends_region(
            _region_before(doc, passage, passage_of))):
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


def _dash_attribution(doc: "Doc", passage: _Passage) -> "Span | None":
    """A name after a dash closing a quote ("“…” ― Jane Doe"), as in
    collected reader comments and epigraphs."""
    match = _DASH_NAME.match(doc_text(doc), passage.outer_end, passage.para_end)
    if match is None:
        return None
    rest = doc_text(doc)[match.end():passage.para_end].strip()
    if rest not in ("", ".", ","):
        return None  # the dash opens an aside, not a byline
    start, end = match.span(1)
    name = doc_text(doc)[start:end].rstrip(".")
    return doc.char_span(start, start + len(name), alignment_mode="expand")


# Function words left lower-case in headline-style titles.
_TITLE_SMALL_WORDS = word_list("quotes/title_small_words")


def _looks_like_title(fragment: "Span") -> bool:
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


def _cue_ends_region(tokens: list["Token"]) -> bool:
    """Whether a cue sits right before a passage ("X said, “…”")."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    return any(_is_cue(t, adjacent=True) for t in words[-4:])


def _last_cue(tokens: list["Token"], passage_of: list[int]) -> "Token | None":
    for token in reversed(tokens):
        if _is_cue(token, adjacent=True) and _speaker_of(token, passage_of) is not None:
            return token
    return None


def _after_cue(doc: "Doc", passage: _Passage, after: list["Token"],
               root: "Token | None", passage_of: list[int]) -> "Token | None":
    """The cue after a passage ("“…,” X said"), preferring the one the parse
    puts above the quoted words."""
    if not after:
        return None
    cues = [t for t in after if _is_cue(t, adjacent=True)]
    if not cues:
        return None
    content = doc_text(doc)[passage.start:passage.end].rstrip()
    if content[-1:] in ".!?":
        # The quote closed its own sentence: only a short tag ("he said.")
        # after it is its attribution, not a new sentence about something else.
        first = cues[0]
        words = [t for t in after if not (t.is_punct or t.is_space)]
        # Another verb before the cue means a new clause about something else.
        if any(t.pos_ in ("VERB", "AUX") for t in words[:words.index(first)]) or \
                any(c.dep_ in ("ccomp", "xcomp") and c.i > first.i for c in first.children):
            return None
        if content[-1:] == "." and not words[0].is_lower and words[0] is not first and \
                words[0].pos_ not in ("PRON", "PROPN"):
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


def _region_cue(doc: "Doc", passage: _Passage, passage_of: list[int]) -> "Token | None":
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


def _set_attribution(passage: _Passage, kind: str, cue: "Token", passage_of: list[int]) -> None:
    passage.kind = kind
    passage.cue = cue
    passage.cue_text = _cue_span(cue)
    passage.speaker = _speaker_of(cue, passage_of)


def _inherit(doc: "Doc", passages: list[_Passage], index: int, passage_of: list[int]) -> None:
    """Attribute a quote with no cue of its own from its neighbours.

    Newswire quotes run on: “…,” X said. “More.” -- the second quote is X's;
    a paragraph that is all quote continues the previous paragraph's speaker
    or follows an introduction ending in a colon ("X continued:").
    """
    passage = passages[index]
    text = doc_text(doc)
    previous = passages[index - 1] if index > 0 else None
    if previous is not None and previous.para_end >= passage.para_start and previous.cue is not None \
            and previous.outer_end <= passage.outer_start:
        between = doc.char_span(previous.outer_end, passage.outer_start, alignment_mode="expand")
        if previous.para_start == passage.para_start or previous.para_end == passage.para_end or \
                previous.para_end >= passage.para_start:
            if between is None or not any(_is_cue(t, adjacent=False) and t not in _attribution_tokens(
                    doc, previous) for t in between):
                _copy_attribution(passage, previous)
                return
    if passage.context != "start" or _opening_context(text, passage.para_start, passage.outer_start) != "start":
        return
    if text[passage.para_start:passage.outer_start].strip():
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


def _attribution_tokens(doc: "Doc", passage: _Passage) -> set["Token"]:
    if passage.attribution_end is None:
        return {passage.cue} if passage.cue is not None else set()
    span = doc.char_span(passage.outer_end, passage.attribution_end, alignment_mode="expand")
    return set(span) if span is not None else set()


def _copy_attribution(passage: _Passage, source: _Passage) -> None:
    passage.kind = "direct"
    passage.cue = source.cue
    passage.cue_text = source.cue_text
    passage.speaker = source.speaker


def _previous_sentence_cue(doc: "Doc", passage: _Passage, passage_of: list[int]) -> "Token | None":
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
        if passage_of[token.i] == -1 and _is_cue(token, adjacent=False) and token.dep_ == "ROOT" \
                and _speaker_of(token, passage_of) is not None:
            return token
    return None


# ---------------------------------------------------------------------------
# Speakers


def _speaker_of(cue: "Token", passage_of: Sequence[int] | None = None) -> "Span | None":
    """The speaker mention of a cue: its subject noun phrase, following
    relative pronouns and shared subjects up the tree. A subject inside a
    quoted passage is the quote's own ("“We tried…,” X said") and skipped."""
    doc = cue.doc

    def quoted(token: "Token") -> bool:
        return passage_of is not None and passage_of[token.i] != -1

    if cue.lower_ == "according":
        to = cue.nbor(1)
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            objects = [c for c in cue.children if c.dep_ == "pobj"]
        return _mention_span(objects[0]) if objects else None
    verb = cue
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not quoted(c)]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE_PRONOUNS:
                if verb.dep_ == "relcl":
                    return _source_noun(verb.head, quoted)
                return None
            return _mention_span(subject)
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents and verb.tag_ == "VBN":
            objects = [c for c in agents[0].children if c.dep_ == "pobj"]
            if objects and verb is cue and verb.lemma_.lower() in ("quote", "report"):
                return _mention_span(objects[0])
        head = verb.head
        if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head  # "began by saying": the subject of "began"
        if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and head.i != verb.i and \
                head.pos_ in ("VERB", "AUX"):
            verb = head
            continue
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "a statement calling …", "footage of the mayor asking …"
            return _source_noun(head, quoted)
        break
    # "“…,” said Smith", "Said Smith: …": parsers sometimes attach an
    # inverted subject as an object or make the verb its modifier.
    if cue.i + 1 < len(doc):
        nxt = cue.nbor(1)
        head = nxt
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        if nxt.pos_ in ("PROPN", "PRON") and not quoted(nxt) and nxt.ent_type_ not in ("DATE", "TIME") \
                and (head.head.i == cue.i or cue.head.i == head.i):
            return _mention_span(head)
    return None


# Nouns for what was said or written: the speaker of "a statement calling…"
# is whoever issued the statement.
_STATEMENT_NOUNS = word_list("quotes/statement_nouns")


def _source_noun(noun: "Token", quoted: "object") -> "Span":
    """The speaker for a cue attached to a noun: the noun itself, or for a
    statement noun the subject of the verb that produced it ("He released a
    letter that says …")."""
    if noun.lemma_.lower() in _STATEMENT_NOUNS:
        governor = noun.head
        while governor.pos_ == "ADP" and governor.head.i != governor.i:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "pobj"):
            for child in governor.children:
                if child.dep_ == "nsubj" and child.lower_ not in _RELATIVE_PRONOUNS \
                        and not quoted(child):  # type: ignore[operator]
                    return _mention_span(child)
    return _mention_span(noun)


def _mention_span(token: "Token") -> "Span":
    """The noun phrase of a speaker head: a named entity when there is one
    (preferring a person named in apposition: "the head of X, Jane Doe"),
    else the head with its left modifiers ("the police chief")."""
    doc = token.doc
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        ent = _entity_of(token)
        if ent is not None:
            return ent
    if token.pos_ != "PRON":
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = _entity_of(child)
                if ent is not None:
                    return ent
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nummod", "nmod", "quantmod") and \
                not child.is_punct:
            start = min(start, child.left_edge.i if child.dep_ == "poss" else child.i)
            break
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat") and child.i == end:
            end = child.i + 1
    return doc[start:end]


def _entity_of(token: "Token") -> "Span | None":
    """The named-entity span a token is in, from its IOB tags (``doc.ents``
    builds every span on each access)."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


class _SpeakerLinker:
    """Links speaker spans to entity ids, resolving pronouns."""

    def __init__(self, doc: "Doc", entities: Iterable[Entity]) -> None:
        self.doc = doc
        self.entities = list(entities)
        self.mentions = sorted(
            ((m.start, m.end, e) for e in self.entities for m in e.mentions), key=lambda x: x[0]
        )
        from .entities import resolve_pronoun

        self.resolve_pronoun = resolve_pronoun

    def link(self, span: "Span") -> str | None:
        start = span.start_char
        end = span.end_char
        if len(span) == 1 and span[0].pos_ == "PRON":
            return self._pronoun(span[0])
        best: tuple[int, int, str] | None = None
        for m_start, m_end, entity in self.mentions:
            if m_start >= end:
                break
            overlap = min(end, m_end) - max(start, m_start)
            if overlap <= 0:
                continue
            rank = (overlap, 1 if entity.type == "PERSON" else 0, entity.id)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return best[2] if best else None

    def _pronoun(self, token: "Token") -> str | None:
        resolved = self.resolve_pronoun(self.doc, token.i, self.entities)
        if resolved is not None:
            return resolved
        # What the entity linker leaves unresolved (group pronouns such as
        # "they", or no fitting subject): the nearest fitting mention before.
        lower = token.lower_
        if lower in _PERSONAL_PRONOUNS or lower in ("i",):
            wanted = {"PERSON"}
        elif lower in _GROUP_PRONOUNS:
            wanted = {"ORG", "NORP", "GPE"}
        else:
            return None
        # Nearest preceding mention of a fitting entity.
        best_id: str | None = None
        best_end = -1
        for m_start, m_end, entity in self.mentions:
            if m_start >= token.idx:
                break
            if entity.type in wanted and m_end > best_end:
                best_end, best_id = m_end, entity.id
        return best_id


# ---------------------------------------------------------------------------
# Indirect speech


def _indirect_speech(doc: "Doc", passage_of: list[int], passages: list[_Passage]
                     ) -> Iterable[tuple[int, int, "Span", "Token", tuple[int, int]]]:
    """(start, end, speaker, cue, cue span) of each reported clause."""
    text = doc_text(doc)
    direct_spans = [(p.start, p.end) for p in passages if p.kind == "direct"]
    for token in doc:
        if passage_of[token.i] != -1:
            continue
        if token.lower_ == "according" and _is_cue(token, adjacent=False):
            found = _according_to(doc, token)
            if found is not None:
                yield found
            continue
        if not _is_cue(token, adjacent=False) or token.lemma_.lower() in _INDIRECT_EXCLUDED:
            continue
        clauses = [c for c in token.children if c.dep_ == "ccomp" or (
            c.dep_ in ("advcl", "dep", "parataxis") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children))]
        parenthetical = None if clauses else _parenthetical_host(token)
        if not clauses and parenthetical is None:
            continue
        speaker = _speaker_of(token, passage_of)
        if speaker is None:
            continue
        if parenthetical is not None:
            if passage_of[parenthetical.i] != -1:
                continue
            span = _host_span(parenthetical, token)
            if span is None:
                continue
            start, end = _trim(text, *_clip_to_paragraph(text, token.idx, *span))
            if end - start >= 3 and not any(s < end and start < e for s, e in direct_spans):
                yield start, end, speaker, token, _cue_span(token)
            continue
        for clause in clauses:
            start, end = _extend_over_passages(_clause_span(clause), passages)
            start, end = _clip_to_paragraph(text, token.idx, start, end)
            start, end = _trim(text, start, end)
            if end - start < 3 or any(s < end and start < e for s, e in direct_spans):
                continue
            if clause.i < token.i and speaker.start < clause.left_edge.i:
                continue  # parse confusion: the clause swallowed the speaker
            yield start, end, speaker, token, _cue_span(token)


def _parenthetical_host(cue: "Token") -> "Token | None":
    """The clause a parenthetical cue interrupts: "The plan, he said,
    failed …", "… should be careful, Smith said." The cue has a
    subject, no complement of its own, and is set off by a comma."""
    head = cue.head
    if head.i == cue.i or cue.dep_ not in ("parataxis", "advcl", "ccomp", "conj", "dep"):
        return None
    if head.pos_ not in ("VERB", "AUX") or _is_cue(head, adjacent=False):
        return None
    if not any(c.dep_ == "nsubj" for c in cue.children):
        return None
    doc = cue.doc
    left = cue.left_edge.i
    right = cue.right_edge.i
    before = doc[left - 1].text if left > 0 else ""
    after = doc[right + 1].text if right + 1 < len(doc) else ""
    if before != "," and after != ",":
        return None
    return head


def _host_span(host: "Token", cue: "Token") -> tuple[int, int] | None:
    """The host clause's span without the parenthetical cue phrase when the
    phrase sits at either edge."""
    doc = host.doc
    start, end = host.left_edge.i, host.right_edge.i + 1
    cue_start, cue_end = cue.left_edge.i, cue.right_edge.i + 1
    if cue_start <= start + 1:
        start = cue_end
    elif cue_end >= end - 1:
        end = cue_start
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _clip_to_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Keep a clause inside the paragraph of its cue: parses run over
    paragraph breaks when a sentence ends in a closing quote mark."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    if para_end == -1:
        para_end = len(text)
    return max(start, para_start), min(end, para_end)


def _extend_over_passages(span: tuple[int, int], passages: list[_Passage]) -> tuple[int, int]:
    """Widen a clause span so that it never cuts a quoted passage in two."""
    start, end = span
    for passage in passages:
        if passage.outer_start < end and start < passage.outer_end:
            if passage.outer_start < start < passage.end:
                start = passage.outer_start
            if passage.start < end < passage.outer_end:
                end = passage.outer_end
    return start, end


def _clause_span(clause: "Token") -> tuple[int, int]:
    left = clause.left_edge
    doc = clause.doc
    i = left.i
    # Drop the complementiser: "that" is the cue's, not the speaker's words.
    while i < clause.i and (doc[i].is_punct or doc[i].is_space or
                            (doc[i].dep_ == "mark" and doc[i].lower_ == "that")):
        i += 1
    right = clause.right_edge
    return doc[i].idx, right.idx + len(right.text)


def _according_to(doc: "Doc", token: "Token") -> tuple[int, int, "Span", "Token", tuple[int, int]] | None:
    """"According to X, …": the clause the phrase attaches to is X's."""
    speaker = _speaker_of(token)
    if speaker is None:
        return None
    head = token.head
    if head.i == token.i:
        return None
    phrase_start = token.i
    phrase_end = max(token.right_edge.i, token.nbor(1).right_edge.i) + 1
    clause_start, clause_end = head.left_edge.i, head.right_edge.i + 1
    if phrase_start <= clause_start:
        clause_start = phrase_end
    elif phrase_end >= clause_end:
        clause_end = phrase_start
    if clause_end <= clause_start:
        return None
    span = doc[clause_start:clause_end]
    start, end = _trim(doc_text(doc), span.start_char, span.end_char)
    if end - start < 3:
        return None
    return start, end, speaker, token, _cue_span(token)


# ---------------------------------------------------------------------------
# Output


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, commas and unpaired quote marks from a content span's edges.

    A period stays: it is part of the quoted sentence; the comma before
    ", X said" is the attribution's. A mark that pairs with one inside the
    span (an indirect clause ending in a partial quote) stays too.
    """
    while start < end:
        ch = text[start]
        if ch.isspace() or ch in ",;:" or (ch in _ALL_MARKS and ch not in "'’"
                                          and not _pairs_inside(text, start, end)):
            start += 1
        else:
            break
    while end > start:
        ch = text[end - 1]
        if ch.isspace() or ch in ",;:—–-" or (ch in _ALL_MARKS and ch not in "'’"
                                              and not _pairs_inside(text, end - 1, end, start)):
            end -= 1
        else:
            break
    return start, end


def _pairs_inside(text: str, at: int, end: int, start: int | None = None) -> bool:
    """Whether the double quote mark at ``at`` has its partner within the span.

    For a leading mark pass the span end; for a trailing mark pass
    ``start`` too (the partner must lie in [start, at)).
    """
    if start is None:
        return any(c in "”»\"" for c in text[at + 1:end])
    return any(c in "“«„\"" for c in text[start:at])


def _make_quote(doc: "Doc", kind: str, start: int, end: int, speaker: "Span | None",
                cue: "Token | None", cue_text: tuple[int, int] | None,
                linker: _SpeakerLinker) -> Quote:
    text = doc_text(doc)
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker=linker.link(speaker) if speaker is not None else None,
        speaker_text=speaker.text if speaker is not None else None,
        speaker_start=speaker.start_char if speaker is not None else None,
        speaker_end=speaker.end_char if speaker is not None else None,
        cue=_cue_lemma(cue) if cue is not None else None,
        cue_start=cue_text[0] if cue_text else None,
        cue_end=cue_text[1] if cue_text else None,
    )


_KIND_RANK = {"direct": 0, "partial": 1, "indirect": 2}


def _deduplicate(quotes: list[Quote]) -> list[Quote]:
    """One quote per content span, the most specific kind kept; in text order."""
    best: dict[tuple[int, int], Quote] = {}
    for quote in quotes:
        key = (quote.start, quote.end)
        kept = best.get(key)
        if kept is None or _KIND_RANK[quote.kind] < _KIND_RANK[kept.kind]:
            best[key] = quote
    return sorted(best.values(), key=lambda q: (q.start, q.end, _KIND_RANK[q.kind]))
