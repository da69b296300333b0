"""Quote records: the entry point, trimming of spans, and deduplication."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ...records import Entity, Quote, QuoteKind
from ..nlp import doc_text
from .attribution import _attribute_passage, _cue_lemma
from .frames import _framed_contents
from .indirect import _indirect_speech
from .passages import _find_passages, _token_passages, _trim
from .speakers import _SpeakerLinker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
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
        quotes.append(
            _make_quote(
                doc,
                cast(QuoteKind, passage.kind),
                content_start,
                content_end,
                passage.speaker,
                passage.cue,
                passage.cue_text,
                linker,
            )
        )

    for start, end, speaker, cue, cue_text in _indirect_speech(doc, passage_of, passages):
        quotes.append(_make_quote(doc, "indirect", start, end, speaker, cue, cue_text, linker))
    for start, end, speaker, cue, cue_text in _framed_contents(doc, passage_of, passages):
        quotes.append(_make_quote(doc, "indirect", start, end, speaker, cue, cue_text, linker))

    return _deduplicate(quotes)


def _make_quote(
    doc: Doc,
    kind: QuoteKind,
    start: int,
    end: int,
    speaker: Span | None,
    cue: Token | None,
    cue_text: tuple[int, int] | None,
    linker: _SpeakerLinker,
) -> Quote:
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
