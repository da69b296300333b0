"""Named-entity evaluation on CoNLL-2003 style data (IOB1/IOB2, token per line).

Each CoNLL document is rebuilt as plain text (tokens joined by single spaces,
one sentence per line), run through the spaCy model, and scored twice in the
same run: the bare model's entities and the entities after
:func:`newsgraph.annotate.entities.refine_entities`.

Label mapping (predicted -> CoNLL): PERSON -> PER; ORG -> ORG; GPE, LOC,
FAC -> LOC. NORP is *not* mapped: CoNLL tags nationalities and demonyms
("German", "Brazilian") as MISC, and MISC is dropped from the gold, so NORP
predictions are ignored rather than counted as ORG errors. Every other
predicted label (DATE, EVENT, PRODUCT...) is ignored as well. Scores are
exact-span (character offsets) precision/recall/F1 per type and micro-averaged
over PER, ORG and LOC.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvaluationError
from .metrics import prf

TYPES = ("PER", "ORG", "LOC")
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

Span = tuple[int, int, str]


@dataclass
class ConllDocument:
    """One rebuilt document: its text and its gold spans (char offsets)."""

    text: str
    gold: set[Span] = field(default_factory=set)


def read_conll(path: Path) -> list[ConllDocument]:
    """Read a CoNLL-2003 file into documents with character-offset gold spans.

    Accepts IOB1 (``I-`` opens an entity unless it continues one of the same
    type) and IOB2 (``B-`` always opens one).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read CoNLL file: {exc}", source=str(path)) from exc
    documents: list[ConllDocument] = []
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def close_document() -> None:
        if current:
            sentences.append(list(current))
            current.clear()
        if sentences:
            documents.append(_build_document(sentences))
            sentences.clear()

    for number, line in enumerate(lines, 1):
        line = line.rstrip()
        if line.startswith("-DOCSTART-"):
            close_document()
            continue
        if not line:
            if current:
                sentences.append(list(current))
                current.clear()
            continue
        parts = line.split()
        if len(parts) < 2:
            raise EvaluationError(f"line {number}: expected 'token ... tag'", source=str(path))
        current.append((parts[0], parts[-1]))
    close_document()
    if not documents:
        raise EvaluationError("no documents found", source=str(path))
    return documents


def _build_document(sentences: list[list[tuple[str, str]]]) -> ConllDocument:
    pieces: list[str] = []
    gold: set[Span] = set()
    offset = 0
    for s_index, sentence in enumerate(sentences):
        if s_index:
            pieces.append("\n")
            offset += 1
        open_span: list = []  # [start, end, type]
        for t_index, (token, tag) in enumerate(sentence):
            if t_index:
                pieces.append(" ")
                offset += 1
            start, end = offset, offset + len(token)
            pieces.append(token)
            offset = end
            prefix, _, etype = tag.partition("-")
            if tag == "O" or not etype:
                if open_span:
                    gold.add(tuple(open_span))
                    open_span = []
                continue
            continues = open_span and open_span[2] == etype and prefix == "I"
            if continues:
                open_span[1] = end
            else:
                if open_span:
                    gold.add(tuple(open_span))
                open_span = [start, end, etype]
        if open_span:
            gold.add(tuple(open_span))
    gold = {s for s in gold if s[2] in TYPES}
    return ConllDocument(text="".join(pieces), gold=gold)


def _predicted(doc) -> set[Span]:
    spans: set[Span] = set()
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_)
        if label is not None:
            spans.add((ent.start_char, ent.end_char, label))
    return spans


def score(gold: list[set[Span]], predicted: list[set[Span]]) -> dict[str, dict[str, float]]:
    """Exact-span P/R/F1 per type and micro over :data:`TYPES`."""
    counts = {t: [0, 0, 0] for t in TYPES}  # tp, fp, fn
    for g, p in zip(gold, predicted, strict=True):
        for t in TYPES:
            gt = {s for s in g if s[2] == t}
            pt = {s for s in p if s[2] == t}
            counts[t][0] += len(gt & pt)
            counts[t][1] += len(pt - gt)
            counts[t][2] += len(gt - pt)
    result: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0]
    for t in TYPES:
        result[t] = prf(*counts[t])
        totals = [a + b for a, b in zip(totals, counts[t], strict=True)]
    result["micro"] = prf(*totals)
    return result


def evaluate_ner(conll_path: Path, *, model: str, limit: int | None = None) -> dict:
    """Score bare spaCy and refined entities on a CoNLL-2003 file.

    Returns ``{"documents", "bare", "refined", "seconds"}`` where ``bare`` and
    ``refined`` hold per-type and micro P/R/F1, and ``seconds`` the wall time of
    the spaCy pass (``bare``), of :func:`refine_entities` alone (``refine``)
    and their ratio ``refined_over_bare`` = (bare + refine) / bare.
    """
    from ..annotate.entities import refine_entities
    from ..annotate.nlp import load_model

    documents = read_conll(Path(conll_path))
    if limit is not None:
        documents = documents[:limit]
    nlp = load_model(model)
    gold = [d.gold for d in documents]

    # One-time costs (gazetteer index, word lexicon) are paid once per
    # process, not per document: pay them before the clock starts.
    t0 = time.perf_counter()
    refine_entities(nlp("WARM UP IN PARIS\nWarm up in Paris."), nlp=nlp)
    setup_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    docs = list(nlp.pipe((d.text for d in documents), batch_size=32))
    bare_seconds = time.perf_counter() - t0
    bare = [_predicted(doc) for doc in docs]

    t0 = time.perf_counter()
    for doc in docs:
        refine_entities(doc, nlp=nlp)
    refine_seconds = time.perf_counter() - t0
    refined = [_predicted(doc) for doc in docs]

    return {
        "documents": len(documents),
        "gold_entities": sum(len(g) for g in gold),
        "bare": score(gold, bare),
        "refined": score(gold, refined),
        "seconds": {
            "bare": round(bare_seconds, 2),
            "refine": round(refine_seconds, 2),
            "refine_setup_once": round(setup_seconds, 2),
            "refined_over_bare": round((bare_seconds + refine_seconds) / bare_seconds, 3),
        },
    }
