"""Event coding evaluation on IndiaPoliceEvents and the PLOVER gold standard records.

(a) IndiaPoliceEvents (``india-police-events/``: ``docs.jsonl``,
``sents.jsonl`` with adjudicated ``sent_labels``). Each document is parsed
once and coded whole (more context than sentence by sentence); an event
belongs to the gold sentence that contains its trigger. Negated and
hypothetical events do not count. A sentence is predicted

* ARREST when it has a COERCE event with an arrest/detain mode
  (``arrest``);
* KILL when it has an ASSAULT by a security force (police, military,
  paramilitary, intelligence) that kills (``events.is_lethal``);
* FORCE (the issue's definition, the headline number) when it has an ASSAULT
  by a security force, or a COERCE by a security force other than arrest
  that is *force applied to people*. Of the PLOVER COERCE modes (manual,
  table "COERCE modes") that is ``deport`` (people are physically removed)
  and ``seize`` (search, raid, confiscation) when its target is a person or
  a group of people ("raided the protesters", "searched the suspects");
  raids on premises and seizures of goods are not force against people.
  ``curfew``, ``restrict`` (bans, prohibitory orders, cordons),
  ``martial-law``, ``censor``, ``withhold``, ``cyber`` and
  ``misinformation`` are administrative or informational measures: a
  security force announcing a curfew uses no force on anyone, so they do
  not count.

Secondary variants, reported but not averaged: ``FORCE_ASSAULT`` (ASSAULT by
a security force only) and ``FORCE_ANY_COERCE`` (ASSAULT or any non-arrest
COERCE by a security force).

Per label: precision, recall, F1 over sentences. The dataset paper's keyword
baseline F1: ARREST 0.46, KILL 0.48, FORCE 0.65.

(b) PLOVER GSR (``plover-gsr/PLOVER_GSR_dev.json``): each record's text is
coded; the *top* event is the one whose trigger is highest in the
dependency tree, then first in the text (``top_event``). The accuracy of
the main event as ``annotate.events.main_event`` picks it (for articles:
the lead, the most specific kind) is reported beside it. Gold labels are PLOVER 0.5; older
types are mapped to the current 16 by ``plover.json`` ``legacy_types``:
DEMAND -> REQUEST, DISAPPROVE -> ACCUSE (disapprove), INVESTIGATE -> ACCUSE
(investigate), FIGHT -> ASSAULT, YIELD -> CONCEDE, and older modes by
``legacy_modes`` (strike-hun -> hunger, assassinate -> targeted, ...).
Reported: type accuracy over all records and over the odd and even records
(file order), the worst gold -> predicted confusions, the records with no
event, mode accuracy over the records whose type is right and whose gold has
a mode, and actor/target match rates over records whose gold has a
source/target: our participant text overlaps a gold ``actorText`` (case-
insensitive containment either way) or our participant country (as ISO3)
equals the gold ``code``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..records import Count, Entity, Event, Participant
from ..resources.actors import is_security
from ..resources.gazetteer import alpha3
from .metrics import prf
from .paths import events_dir

LABELS = ("ARREST", "KILL", "FORCE")
# Scored alongside, not in the macro average (see the module doc).
_VARIANTS = ("FORCE_ASSAULT", "FORCE_ANY_COERCE")
# Non-arrest COERCE modes that are force applied to people; "seize" only
# when its target is people (see the module doc).
_FORCE_COERCE_MODES = frozenset({"deport"})
_NOT_OCCURRED = ("negated", "hypothetical")


def _annotate(doc: Any, nlp: Any) -> tuple[list[Entity], list[Count]]:
    """Entities and counts as the pipeline makes them (times are not needed:
    sentence labels do not depend on dates)."""
    from ..annotate import counts as count_module, entities as entity_module

    entity_module.refine_entities(doc, nlp=nlp)
    return entity_module.extract_entities(doc), count_module.extract_counts(doc)


def _targets_people(event: Event) -> bool:
    """Whether a COERCE event's target is a person or group rather than a place or goods."""
    from ..annotate.events import is_person_participant

    return event.target is not None and is_person_participant(event.target)


def is_force(event: Event) -> bool:
    """FORCE under the issue's definition (module doc): the actor's sector is not checked here."""
    if event.type == "ASSAULT":
        return True
    if event.type != "COERCE" or event.mode == "arrest":
        return False
    return event.mode in _FORCE_COERCE_MODES or (event.mode == "seize" and _targets_people(event))


def predicted_labels(events: Iterable[Event]) -> set[str]:
    """IndiaPoliceEvents labels implied by a sentence's events."""
    from ..annotate.events import is_lethal

    labels: set[str] = set()
    for e in events:
        if e.factuality in _NOT_OCCURRED:
            continue
        security = e.actor is not None and is_security(e.actor.sector)
        if e.type == "COERCE" and e.mode == "arrest":
            labels.add("ARREST")
        if not security:
            continue
        if e.type == "ASSAULT":
            labels.add("FORCE_ASSAULT")
            if is_lethal(e):
                labels.add("KILL")
        if is_force(e):
            labels.add("FORCE")
        if e.type == "ASSAULT" or (e.type == "COERCE" and e.mode != "arrest"):
            labels.add("FORCE_ANY_COERCE")
    return labels


def evaluate_india_police(
    folder: Path,
    *,
    model: str,
    limit: int | None = None,
    parsed: Iterable[tuple[Any, list[Entity], list[Count]]] | None = None,
) -> dict[str, Any]:
    """Sentence-level ARREST/KILL/FORCE scores on IndiaPoliceEvents (see module doc).

    ``parsed`` may give each document's doc, entities and counts (a cache).
    """
    from ..annotate.events import extract_events
    from ..annotate.nlp import load_model

    docs_path, sents_path = folder / "docs.jsonl", folder / "sents.jsonl"
    if not docs_path.is_file() or not sents_path.is_file():
        raise EvaluationError(f"missing docs.jsonl or sents.jsonl in {folder}")
    docs = [json.loads(line) for line in docs_path.open(encoding="utf-8") if line.strip()]
    if limit:
        docs = docs[:limit]
    sents_by_doc: dict[Any, list[dict[str, Any]]] = {}
    for line in sents_path.open(encoding="utf-8"):
        if line.strip():
            rec = json.loads(line)
            sents_by_doc.setdefault(rec["doc_id"], []).append(rec)
    counts = {label: [0, 0, 0] for label in LABELS + _VARIANTS}
    parse_s = code_s = 0.0
    n_sents = n_events = 0
    errors: list[dict[str, Any]] = []
    texts = [d["doc_text"] for d in docs]
    t0 = time.perf_counter()
    if parsed is None:
        nlp = load_model(model)
        parsed = ((doc, *_annotate(doc, nlp)) for doc in nlp.pipe(texts, batch_size=16))
    for rec, (doc, entities, doc_counts) in zip(docs, parsed, strict=True):
        t1 = time.perf_counter()
        parse_s += t1 - t0
        t2 = time.perf_counter()
        events = extract_events(doc, entities=entities, times=[], counts=doc_counts, published=None)
        t3 = time.perf_counter()
        code_s += t3 - t2
        n_events += len(events)
        text = rec["doc_text"]
        cursor = 0
        for sent in sorted(sents_by_doc.get(rec["doc_id"], []), key=lambda s: s["sent_id"]):
            stext = sent["sent_text"].strip()
            start = text.find(stext, cursor) if stext else -1
            if start < 0:
                continue
            end = start + len(stext)
            cursor = end
            n_sents += 1
            in_sent = [e for e in events if any(start <= ev.trigger.start < end for ev in e.evidence)]
            predicted = predicted_labels(in_sent)
            gold = set(sent["sent_labels"]) & set(LABELS)
            if "FORCE" in gold:
                gold.update(_VARIANTS)
            for label in LABELS + _VARIANTS:
                if label in predicted and label in gold:
                    counts[label][0] += 1
                elif label in predicted:
                    counts[label][1] += 1
                    if len(errors) < 400:
                        errors.append({"label": label, "kind": "fp", "text": stext[:300]})
                elif label in gold:
                    counts[label][2] += 1
                    if len(errors) < 400:
                        errors.append({"label": label, "kind": "fn", "text": stext[:300]})
        t0 = time.perf_counter()
    scores = {label: prf(*counts[label]) for label in LABELS + _VARIANTS}
    return {
        "documents": len(docs),
        "sentences": n_sents,
        "events": n_events,
        "labels": scores,
        "macro_f1": round(sum(scores[label]["f1"] for label in LABELS) / len(LABELS), 4),
        "baseline_f1": {"ARREST": 0.46, "KILL": 0.48, "FORCE": 0.65},
        "parse_seconds": round(parse_s, 2),
        "event_seconds": round(code_s, 2),
        "event_overhead": round(code_s / parse_s, 4) if parse_s else None,
        "errors": errors,
    }


def top_event(doc: Any, events: list[Event]) -> Event | None:
    """The event a short record is about: the one whose trigger is highest in
    the dependency tree, then first in the text.

    Reported events need no special case: a reporting verb is no trigger, so
    "X said it would withdraw" is about the withdrawal, which the coder has
    already recoded as the commitment it is; "X said Y must withdraw" is a
    demand coded on "said" itself.
    """
    best: tuple[int, int, Event] | None = None
    for e in events:
        start = e.evidence[0].trigger.start
        span = doc.char_span(start, e.evidence[0].trigger.end, alignment_mode="expand")
        depth = 0
        if span is not None:
            tok = span.root
            while tok.head.i != tok.i and depth < 50:
                tok = tok.head
                depth += 1
        key = (depth, start)
        if best is None or key < best[:2]:
            best = (depth, start, e)
    return best[2] if best else None


_top_event = top_event


def _matches(ours: Participant | None, gold: list[dict[str, Any]]) -> bool:
    if ours is None:
        return False
    text = ours.text.lower()
    code = alpha3(ours.country)
    for g in gold:
        gtext = str(g.get("actorText") or "").lower().strip()
        if gtext and (gtext in text or text in gtext):
            return True
        if code and code == g.get("code"):
            return True
    return False


def _halves(flags: Sequence[bool | None]) -> dict[str, float]:
    """Accuracy over the odd (1st, 3rd, ...) and even records in file order, so over-fitting shows;
    a record with nothing to score (None: no gold actor, say) keeps its position but is not counted."""
    return {"odd": _share(flags[0::2]), "even": _share(flags[1::2])}


def _share(flags: Sequence[bool | None]) -> float:
    """The share of true flags among those that are not None (0.0 when none is scored)."""
    scored = [f for f in flags if f is not None]
    return round(sum(scored) / len(scored), 4) if scored else 0.0


def worst_confusions(confusion: dict[str, dict[str, int]], top: int = 15) -> list[str]:
    """The most frequent gold -> predicted errors, as ``"GOLD -> PRED: n"``."""
    pairs = [(n, g, p) for g, row in confusion.items() for p, n in row.items() if p != g]
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    return [f"{g} -> {p}: {n}" for n, g, p in pairs[:top]]


def _legacy_modes() -> dict[str, str]:
    from ..resources.lexicons import data_text

    table = json.loads(data_text("plover.json")).get("legacy_modes", {})
    return {k: v for k, v in table.items() if k != "about"}


def evaluate_plover_gsr(
    path: Path,
    *,
    model: str,
    parsed: Iterable[tuple[Any, list[Entity], list[Count]]] | None = None,
) -> dict[str, Any]:
    """Type accuracy and actor/target match rates on the PLOVER gold standard records.

    ``parsed`` may give each record's doc, entities and counts (a cache);
    otherwise the texts are parsed with ``model``.
    """
    from ..annotate.events import extract_events, main_event
    from ..resources.ontology import load_ontology

    if not path.is_file():
        raise EvaluationError(f"missing {path}")
    records = json.loads(path.read_text(encoding="utf-8"))
    ontology = load_ontology()
    if parsed is None:
        from ..annotate.nlp import load_model

        nlp = load_model(model)
        parsed = ((doc, *_annotate(doc, nlp)) for doc in nlp.pipe([r["text"] for r in records], batch_size=32))
    legacy_modes = _legacy_modes()
    mode_hits: list[bool] = []
    hits: list[bool] = []
    main_hits: list[bool] = []
    empty: list[bool] = []
    actor_flags: list[bool | None] = []
    target_flags: list[bool | None] = []
    confusion: dict[str, dict[str, int]] = {}
    for rec, (doc, entities, doc_counts) in zip(records, parsed, strict=True):
        gold_type, _ = ontology.normalize(rec["event"])
        events = [
            e
            for e in extract_events(doc, entities=entities, times=[], counts=doc_counts, published=rec.get("date"))
            if e.factuality != "negated"
        ]
        top = _top_event(doc, events)
        predicted = top.type if top else "NONE"
        main = main_event(events)
        main_hits.append((main.type if main else "NONE") == gold_type)
        empty.append(top is None)
        hits.append(predicted == gold_type)
        gold_mode = (rec.get("mode") or "").strip() or None
        if top is not None and predicted == gold_type and gold_mode:
            gold_mode = legacy_modes.get(f"{gold_type}/{gold_mode}", gold_mode)
            mode_hits.append(top.mode == gold_mode)
        confusion.setdefault(gold_type, {}).setdefault(predicted, 0)
        confusion[gold_type][predicted] += 1
        sources = [s for s in rec.get("source") or [] if isinstance(s, dict)]
        targets = [t for t in rec.get("target") or [] if isinstance(t, dict)]
        actor_flags.append(top is not None and _matches(top.actor, sources) if sources else None)
        target_flags.append(top is not None and _matches(top.target, targets) if targets else None)
    n = len(records)
    return {
        "records": n,
        "type_accuracy": round(sum(hits) / n, 4) if n else 0.0,
        "type_accuracy_halves": _halves(hits),
        "main_event_type_accuracy": round(sum(main_hits) / n, 4) if n else 0.0,
        "main_event_type_accuracy_halves": _halves(main_hits),
        "mode_accuracy": round(sum(mode_hits) / len(mode_hits), 4) if mode_hits else 0.0,
        "mode_records": len(mode_hits),
        "no_event": sum(empty),
        "no_event_halves": {"odd": sum(empty[0::2]), "even": sum(empty[1::2])},
        "actor_match": _share(actor_flags),
        "actor_match_halves": _halves(actor_flags),
        "target_match": _share(target_flags),
        "target_match_halves": _halves(target_flags),
        "actor_records": sum(f is not None for f in actor_flags),
        "target_records": sum(f is not None for f in target_flags),
        "worst_confusions": worst_confusions(confusion),
        "confusion": confusion,
        "legacy_type_map": {k: list(v) for k, v in ontology.legacy_types.items()},
    }


def evaluate_events(data_dir: Path, *, model: str, limit: int | None = None) -> dict[str, Any]:
    """Both event evaluations; ``data_dir`` is ``shared/data`` or its ``events/`` folder."""
    root = events_dir(Path(data_dir))
    result: dict[str, Any] = {}
    ipe = root / "india-police-events"
    if ipe.is_dir():
        result["india_police_events"] = evaluate_india_police(ipe, model=model, limit=limit)
    gsr = root / "plover-gsr" / "PLOVER_GSR_dev.json"
    if gsr.is_file():
        result["plover_gsr"] = evaluate_plover_gsr(gsr, model=model)
    if not result:
        raise EvaluationError(f"no event gold data under {root}")
    return result
