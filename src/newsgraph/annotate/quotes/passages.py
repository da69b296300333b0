"""Finding quoted passages: opening and closing marks, paragraphs, passages
that run over several paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import (
    _ALL_MARKS,
    _CLAUSE_BREAK,
    _DOUBLE_OPEN,
    _SENTENCE_START,
    _SINGLE_OPEN,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


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
    speaker: Span | None = None
    cue: Token | None = None
    cue_text: tuple[int, int] | None = None
    attribution_end: int | None = None  # end of the attribution clause after it


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
    if ch in _SENTENCE_START or ch in '”»"’)':
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
        return (i == para_start or not prev.isalnum()) and (nxt.isalpha() or nxt in '“"')
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
            if inner is not None and any(x in closers for x in text[inner + 1 : end]):
                i = inner + 1
                continue
        if not single and c in '“"' and c != ch and _is_opening(text, i, para_start) and text[i - 1].isspace():
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
            passages.append(_Passage(start_mark, outer_end, start_mark + 1, content_end, para_start, last_end, context))
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
                _Passage(i, close + 1, i + 1, close, para_start, para_end, _opening_context(text, para_start, i))
            )
            i = close + 1
        else:
            i += 1
    return found


def _token_passages(doc: Doc, passages: Sequence[_Passage]) -> list[int]:
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, commas and unpaired quote marks from a content span's edges.

    A period stays: it is part of the quoted sentence; the comma before
    ", X said" is the attribution's. A mark that pairs with one inside the
    span (an indirect clause ending in a partial quote) stays too.
    """
    while start < end:
        ch = text[start]
        if ch.isspace() or ch in ",;:" or (ch in _ALL_MARKS and ch not in "'’" and not _pairs_inside(text, start, end)):
            start += 1
        else:
            break
    while end > start:
        ch = text[end - 1]
        if (
            ch.isspace()
            or ch in ",;:—–-"
            or (ch in _ALL_MARKS and ch not in "'’" and not _pairs_inside(text, end - 1, end, start))
        ):
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
        return any(c in '”»"' for c in text[at + 1 : end])
    return any(c in '“«„"' for c in text[start:at])
