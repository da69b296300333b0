"""Quote and speaker evaluation on PolNeAR (brat standoff attributions).

Gold: ``attributions/NAME.ann`` beside ``text/NAME.txt``. Text-bound lines
``T1<TAB>Source|Cue|Content START END[;START END...]<TAB>text`` give spans
(discontinuous spans as ``;``-separated fragments); event lines
``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`` tie them into one
attribution (``Attribution-no-source`` has no Source). Attributions without
a Content are skipped; ``Discard``/``Discuss`` spans are not attributions.

Definitions (all character offsets into the article text):

* **overlap**: two spans overlap when they share at least one character that
  is not whitespace or punctuation (a shared quote mark or comma does not
  count). A discontinuous gold span overlaps when any fragment does.
* **quoted gold attribution**: its Content contains a double quotation mark
  (``" “ ” « » „``) or an opening single curly quote ``‘`` (a bare ``’`` is
  an apostrophe and does not count).
* **quoted recall**: share of quoted gold attributions whose Content is
  overlapped by at least one predicted quote (any kind).
* **speaker accuracy**: among matched quoted gold attributions that have a
  Source, the share where the predicted quote with the largest content
  overlap has a speaker span (``speaker_start``/``speaker_end``) overlapping
  the gold Source.
* **quoted recall, half covered** (stricter): share of quoted gold
  attributions at least half of whose word characters lie inside the union
  of the predicted quotes' content spans.
* **indirect recall**: the same matching for gold attributions without
  quote marks.
* **precision**: share of predicted quotes overlapping any gold Content.
* **halves**: the same measures on the documents at odd (1st, 3rd, …) and
  even file positions in name order, each scored on its own, so that a rule
  fitted to part of the set shows as a gap between them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..records import Entity, Quote

log = logging.getLogger(__name__)

QUOTE_MARKS = set('"“”«»„‘')

Fragments = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    content: Fragments
    source: Fragments | None = None
    cue: Fragments | None = None
    quoted: bool = False


@dataclass
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def read_polnear(gold_dir: Path, *, limit: int | None = None) -> list[GoldDocument]:
    """Read ``text/*.txt`` and their ``attributions/*.ann`` from a PolNeAR split."""
    text_dir = gold_dir / "text"
    ann_dir = gold_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationError("expected text/ and attributions/ folders", source=str(gold_dir))
    # Annotation files carry an annotator suffix: NAME_ab12.ann for NAME.txt.
    ann_by_stem: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        ann_by_stem.setdefault(ann.stem, ann)
        ann_by_stem.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    documents: list[GoldDocument] = []
    for text_path in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(documents) >= limit:
            break
        ann_path = ann_by_stem.get(text_path.stem)
        if ann_path is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        documents.append(GoldDocument(text_path.stem, text, _read_ann(ann_path, text)))
    if not documents:
        raise EvaluationError("no annotated texts found", source=str(gold_dir))
    return documents


def _read_ann(path: Path, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            fragments: Fragments = []
            for piece in offsets.split(";"):
                try:
                    a, b = piece.split()
                    fragments.append((int(a), int(b)))
                except ValueError:
                    fragments = []
                    break
            if not fragments:
                log.error("%s: bad span line, skipped: %.120r", path, line)
                continue
            if (
                len(parts) >= 3
                and fragments
                and _squeezed("".join(text[a:b] for a, b in fragments)) != _squeezed(parts[2])
            ):
                # A bad span is the annotation's problem, not the whole set's: skip it, go on.
                log.error("%s: span text does not match the article, skipped: %.120r", path, line)
                continue
            spans[parts[0]] = (label, fragments)
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, str] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append(roles)
    attributions: list[GoldAttribution] = []
    for roles in events:
        content_ref = roles.get("Content")
        if content_ref is None or content_ref not in spans:
            continue
        content = spans[content_ref][1]
        source = spans[roles["Source"]][1] if roles.get("Source") in spans else None
        cue = spans[roles["Cue"]][1] if roles.get("Cue") in spans else None
        quoted = any(ch in QUOTE_MARKS for a, b in content for ch in text[a:b])
        attributions.append(GoldAttribution(content, source, cue, quoted))
    return attributions


def _squeezed(text: str) -> str:
    """Text without whitespace: fragments of a discontinuous span are joined
    with or without a space, depending on the annotation tool."""
    return "".join(text.split())


def _overlap(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of shared word characters (not whitespace, not punctuation)."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if hi <= lo:
        return 0
    return sum(1 for ch in text[lo:hi] if ch.isalnum())


def _fragments_overlap(text: str, fragments: Fragments, span: tuple[int, int]) -> int:
    return sum(_overlap(text, f, span) for f in fragments)


def _covered_share(text: str, fragments: Fragments, spans: list[tuple[int, int]]) -> float:
    """Share of a gold span's word characters inside any of ``spans``."""
    total = covered = 0
    for a, b in fragments:
        for i in range(a, b):
            if text[i].isalnum():
                total += 1
                covered += any(s <= i < e for s, e in spans)
    return covered / total if total else 0.0


def _analyse(doc: Any, nlp: Any) -> tuple[list[Entity], list[Quote]]:
    """Entities and quotes for one doc, as the pipeline makes them; ``nlp``
    is the pipeline that made ``doc`` (entity refinement re-tags with it)."""
    from ..annotate.entities import extract_entities, refine_entities
    from ..annotate.quotes import extract_quotes

    refine_entities(doc, nlp=nlp)
    entities = extract_entities(doc) or []
    return entities, extract_quotes(doc, entities)


def evaluate_quotes(gold_dir: Path, *, model: str, limit: int | None = None) -> dict:
    """Score :func:`newsgraph.annotate.quotes.extract_quotes` against PolNeAR gold.

    Returns counts and rates: ``quoted_recall``, ``speaker_accuracy``,
    ``indirect_recall``, ``precision`` (see the module docstring for the
    definitions), per-kind prediction counts and timing, and the same rates
    on the odd and even halves of the documents (``halves``) so that a change
    fitted to part of the set shows as a gap between them.
    """
    from ..annotate.nlp import load_model

    documents = read_polnear(Path(gold_dir), limit=limit)
    nlp = load_model(model)
    started = time.perf_counter()
    predictions: list[list[Quote]] = []
    used_entities = False
    for doc in nlp.pipe(d.text for d in documents):
        entities, quotes = _analyse(doc, nlp)
        used_entities = used_entities or bool(entities)
        predictions.append(quotes)
    seconds = round(time.perf_counter() - started, 2)
    scores = score_quotes(documents, predictions)
    result: dict[str, Any] = {"documents": len(documents), "model": model, "entities_used": used_entities}
    result.update(scores)
    result["seconds"] = seconds
    # Halves by file position in name order (1st, 3rd, … odd), as the other evaluations split.
    result["halves"] = {
        name: _headline(score_quotes(documents[first::2], predictions[first::2]))
        for name, first in (("odd", 0), ("even", 1))
    }
    misses = result.pop("missed_examples")
    wrong = result.pop("wrong_speaker_examples")
    result["missed_examples"] = misses
    result["wrong_speaker_examples"] = wrong
    return result


_HEADLINE = (
    "quoted_recall",
    "speaker_accuracy",
    "indirect_gold",
    "indirect_matched",
    "indirect_recall",
    "predicted",
    "precision",
)


def _headline(scores: dict[str, Any]) -> dict[str, Any]:
    return {key: scores[key] for key in _HEADLINE}


def score_quotes(documents: list[GoldDocument], predictions: list[list[Quote]]) -> dict[str, Any]:
    """The scores of predicted quotes (one list per document) against gold."""
    quoted_total = quoted_matched = quoted_half = 0
    speaker_total = speaker_correct = 0
    indirect_total = indirect_matched = 0
    predicted_total = predicted_matched = 0
    by_kind: dict[str, list[int]] = {}
    misses: list[dict[str, str]] = []
    wrong_speakers: list[dict[str, str]] = []

    for gold, quotes in zip(documents, predictions, strict=True):
        text = gold.text
        for quote in quotes:
            hit = any(_fragments_overlap(text, g.content, (quote.start, quote.end)) for g in gold.attributions)
            predicted_total += 1
            predicted_matched += hit
            counts = by_kind.setdefault(quote.kind, [0, 0])
            counts[0] += 1
            counts[1] += hit
        for attribution in gold.attributions:
            scored = [(_fragments_overlap(text, attribution.content, (q.start, q.end)), q) for q in quotes]
            scored = [(s, q) for s, q in scored if s > 0]
            if not attribution.quoted:
                indirect_total += 1
                indirect_matched += bool(scored)
                continue
            quoted_total += 1
            content_text = " … ".join(text[a:b] for a, b in attribution.content)
            if not scored:
                misses.append({"document": gold.name, "content": content_text[:200]})
                continue
            quoted_matched += 1
            if _covered_share(text, attribution.content, [(q.start, q.end) for _, q in scored]) >= 0.5:
                quoted_half += 1
            if attribution.source is None:
                continue
            speaker_total += 1
            best = max(scored, key=lambda sq: sq[0])[1]
            if (
                best.speaker_start is not None
                and best.speaker_end is not None
                and _fragments_overlap(text, attribution.source, (best.speaker_start, best.speaker_end))
            ):
                speaker_correct += 1
            else:
                wrong_speakers.append(
                    {
                        "document": gold.name,
                        "content": content_text[:120],
                        "gold_source": " … ".join(text[a:b] for a, b in attribution.source),
                        "predicted": best.speaker_text or "",
                    }
                )

    def rate(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    return {
        "quoted_gold": quoted_total,
        "quoted_matched": quoted_matched,
        "quoted_recall": rate(quoted_matched, quoted_total),
        "quoted_recall_half_covered": rate(quoted_half, quoted_total),
        "speaker_gold": speaker_total,
        "speaker_correct": speaker_correct,
        "speaker_accuracy": rate(speaker_correct, speaker_total),
        "indirect_gold": indirect_total,
        "indirect_matched": indirect_matched,
        "indirect_recall": rate(indirect_matched, indirect_total),
        "predicted": predicted_total,
        "predicted_matched": predicted_matched,
        "precision": rate(predicted_matched, predicted_total),
        "precision_by_kind": {k: rate(v[1], v[0]) for k, v in sorted(by_kind.items())},
        "predicted_by_kind": {k: v[0] for k, v in sorted(by_kind.items())},
        "missed_examples": misses[:20],
        "wrong_speaker_examples": wrong_speakers[:20],
    }
