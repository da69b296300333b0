"""Cross-document event merging evaluation on ECB+ dev and GVC dev.

Measure: pairwise precision, recall and F1 over pairs of *detected* event
mentions in different documents. A detected mention is a report trigger
(``trigger_start``/``trigger_end`` of a corpus event's mention) that overlaps a
gold event mention (ECB+: only mentions with ``validated_sentence: true``; GVC:
all). A trigger overlapping several gold mentions stands for the one it
overlaps most (ties: the earliest); when several triggers stand for one gold
mention, the first (corpus events by id, mentions in order) is kept, so each
gold mention counts once. A gold pair: the two gold mentions are in the same
chain; a predicted pair: the two triggers are in the same corpus event.

The scorer reads corpus events as the JSONL dicts of the output contract
(``{"id", "type", "mode", "num_mentions", "num_articles", "num_sources",
"mentions": [{"article_id", "trigger_start", "trigger_end", "source"}],
"disagreements": [...]}``), so that a held-out run over ``newsgraph events
--format jsonl`` scores the same way.

Driver (:func:`evaluate_merge`): the pipeline analyses the documents
in-process (plain mode: body == gold text, offsets match), documents go in
publication order (file order among undated ones) through story assignment
(:class:`StoryIndex` over :func:`corpus.signature.signature`) and
:class:`EventMerger`. Baseline, same run, over the same detected mentions: same
story from the tf-idf average-linkage clustering of ``evaluation.stories``
(threshold tuned on the same documents) + same trigger lemma + same PLOVER
type. Halves: the documents at odd and even file positions, each run on its own.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..corpus.events import EventMerger, MergeParams
from ..corpus.signature import signature
from ..corpus.stories import StoryIndex
from ..errors import EvaluationError
from ..records import AnalyzedDocument, CorpusEvent, Event, EventReport
from .metrics import prf
from .stories import GoldDocument, average_linkage_merges, baseline, cut, publication_order, read_gold

__all__ = [
    "evaluate_merge",
    "event_json",
    "gold_of",
    "majority_chain",
    "merge",
    "merger_events",
    "place",
    "read_analyses",
    "read_gold_mentions",
    "run_merge",
    "score_merge",
]


def event_json(event: CorpusEvent, reports: Sequence[EventReport]) -> dict[str, Any]:
    """A corpus event as the output contract's JSONL dict."""
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "num_mentions": event.num_mentions,
        "num_articles": event.num_articles,
        "num_sources": event.num_sources,
        "factuality": event.factuality,
        "mentions": [
            {
                "article_id": r.article_id,
                "trigger_start": r.trigger_start,
                "trigger_end": r.trigger_end,
                "source": r.source,
            }
            for r in reports
        ],
        "disagreements": [d.to_dict() for d in event.disagreements],
    }


def read_gold_mentions(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Gold event mentions by document (ECB+: the validated sentences only)."""
    path = Path(folder) / "gold_mentions.jsonl"
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read {path.name}: {exc}", source=str(path)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row.get("kind") != "event" or row.get("validated_sentence") is False:
                continue
            out[str(row["doc_id"])].append(
                {"start": int(row["start"]), "end": int(row["end"]), "chain": str(row["chain"])}
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise EvaluationError(f"line {number}: not a gold mention ({exc})", source=str(path)) from exc
    return dict(out)


def gold_of(mention: Mapping[str, Any], gold: Sequence[Mapping[str, Any]]) -> int | None:
    """The index of the gold mention ``mention``'s trigger overlaps most (ties: the earliest), or None."""
    start, end = mention.get("trigger_start"), mention.get("trigger_end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    best: tuple[int, int, int] | None = None
    for i, g in enumerate(gold):
        overlap = min(end, g["end"]) - max(start, g["start"])
        if overlap > 0 and (best is None or (overlap, -g["start"]) > (best[0], -best[1])):
            best = (overlap, g["start"], i)
    return best[2] if best is not None else None


def majority_chain(event: Event, gold: Sequence[Mapping[str, Any]]) -> str | None:
    """The gold chain most of an article event's tellings overlap (ties: the first
    found), None when no telling overlaps a gold mention."""
    chains = Counter(gold[i]["chain"] for i in _telling_golds(event, gold))
    return chains.most_common(1)[0][0] if chains else None


def _telling_golds(event: Event, gold: Sequence[Mapping[str, Any]]) -> list[int]:
    """For each telling of ``event`` that overlaps a gold mention, that mention's index."""
    found = (gold_of({"trigger_start": e.trigger.start, "trigger_end": e.trigger.end}, gold) for e in event.evidence)
    return [i for i in found if i is not None]


def detect(
    events: Iterable[Mapping[str, Any]], gold: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[tuple[str, int], tuple[str, int]]:
    """``(article id, gold mention index) -> (corpus event id, position in its mentions)``
    for every gold mention some trigger overlaps."""
    found: dict[tuple[str, int], tuple[str, int]] = {}
    for event in sorted(events, key=lambda e: str(e["id"])):
        for position, mention in enumerate(event.get("mentions") or []):
            article = str(mention.get("article_id"))
            index = gold_of(mention, gold.get(article, ()))
            if index is not None:
                found.setdefault((article, index), (str(event["id"]), position))
    return found


def _pairs(labels: Iterable[tuple[str, str]]) -> int:
    """Pairs of items with the same label in different documents, from (label, document) per item."""
    by_label: Counter[str] = Counter()
    by_label_doc: Counter[tuple[str, str]] = Counter()
    for label, doc in labels:
        by_label[label] += 1
        by_label_doc[(label, doc)] += 1
    same = sum(n * (n - 1) // 2 for n in by_label.values())
    return same - sum(n * (n - 1) // 2 for n in by_label_doc.values())


def pairwise(items: Sequence[tuple[str, str, str]]) -> dict[str, float | int]:
    """Pairwise P/R/F1 over items ``(document, gold chain, predicted label)``, pairs across documents only."""
    gold = _pairs((chain, doc) for doc, chain, _ in items)
    predicted = _pairs((label, doc) for doc, _, label in items)
    both = _pairs((f"{chain}\x00{label}", doc) for doc, chain, label in items)
    return prf(both, predicted - both, gold - both)


def score_merge(events: Iterable[Mapping[str, Any]], gold: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    """The pairwise scores of corpus-event JSONL dicts against gold mentions by document."""
    found = detect(events, gold)
    items = [(article, gold[article][index]["chain"], event_id) for (article, index), (event_id, _) in found.items()]
    return {**pairwise(items), "detected_mentions": len(items)}


def _site(doc: AnalyzedDocument) -> str | None:
    if doc.article.site:
        return doc.article.site
    if doc.article.url:
        from ..resources.sites import registered_domain

        return registered_domain(doc.article.url)
    return None


@dataclass(frozen=True)
class Placed:
    """What the corpus layer knows of one article before event merging."""

    doc: AnalyzedDocument
    story_id: str
    members: dict[str, str]
    site: str | None


def place(docs: Sequence[AnalyzedDocument], order: Sequence[int], *, entities: bool = True) -> list[Placed]:
    """Stories, then corpus entities (unless ``entities`` is false), for ``docs`` in ``order``."""
    from ..corpus.entities import EntityResolver

    stories = StoryIndex()
    resolver = EntityResolver() if entities else None
    placed = []
    for seq, i in enumerate(order):
        doc = docs[i]
        story = stories.add(signature(doc))
        members: dict[str, str] = {}
        if resolver is not None:
            members = {m.entity_id: m.corpus_entity_id for m in resolver.add(doc, story_id=story, seq=seq)}
        placed.append(Placed(doc, story, members, _site(doc)))
    return placed


def merge(
    placed: Sequence[Placed], params: MergeParams | None = None, *, merger: EventMerger | None = None
) -> tuple[EventMerger, float]:
    """The merger (a new one with ``params``, or ``merger``) after adding ``placed`` in
    order, and the milliseconds per ``add``."""
    merger = merger if merger is not None else EventMerger(params)
    started = time.perf_counter()
    for seq, p in enumerate(placed):
        merger.add(
            p.doc, story_id=p.story_id, members=p.members, site=p.site, independent_source=p.site or p.doc.id, seq=seq
        )
    return merger, 1000 * (time.perf_counter() - started) / max(len(placed), 1)


def run_merge(
    docs: Sequence[AnalyzedDocument],
    order: Sequence[int],
    params: MergeParams | None = None,
    *,
    entities: bool = True,
) -> tuple[list[dict[str, Any]], float]:
    """The corpus-event dicts of ``docs`` added in ``order``, and the ms per ``EventMerger.add``."""
    merger, per_article = merge(place(docs, order, entities=entities), params)
    return merger_events(merger), per_article


def merger_events(merger: EventMerger) -> list[dict[str, Any]]:
    """Every corpus event of ``merger`` as the output contract's JSONL dict, in creation order."""
    return [event_json(merger.event(i), merger.reports(i)) for i in merger.ids()]


def _baseline_events(documents: Sequence[GoldDocument], docs: Sequence[AnalyzedDocument]) -> tuple[list[dict], float]:
    """Corpus events of the baseline: tf-idf story + trigger lemma + PLOVER type."""
    threshold = baseline(documents)["threshold"]
    labels = cut(average_linkage_merges(documents), len(documents), threshold)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc, label in zip(docs, labels, strict=True):
        for event in doc.events:
            key = f"{label}\x00{(event.trigger or '').lower()}\x00{event.type}"
            for e in event.evidence or []:
                grouped[key].append(
                    {"article_id": doc.id, "trigger_start": e.trigger.start, "trigger_end": e.trigger.end}
                )
    return [{"id": key, "mentions": mentions} for key, mentions in sorted(grouped.items())], threshold


def _evaluate_part(
    documents: Sequence[GoldDocument],
    docs: Sequence[AnalyzedDocument],
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
    params: MergeParams | None,
    entities: bool,
) -> dict[str, Any]:
    ids = {d.id for d in documents}
    part_gold = {k: v for k, v in gold.items() if k in ids}
    events, per_article = run_merge(docs, publication_order(documents), params, entities=entities)
    base_events, threshold = _baseline_events(documents, docs)
    return {
        "documents": len(documents),
        "gold_mentions": sum(len(v) for v in part_gold.values()),
        "newsgraph": {**score_merge(events, part_gold), "corpus_events": len(events)},
        "baseline": {**score_merge(base_events, part_gold), "story_threshold": threshold},
        "add_ms_per_article": round(per_article, 3),
    }


def analyses(folder: Path, settings: Settings) -> tuple[list[AnalyzedDocument], list[str]]:
    """The pipeline's analyses of ``folder/docs.jsonl`` (plain mode, in this process) and one line per failure."""
    from ..ingest import analyze

    run = Settings(plain=True, doc_timeout=0, model=settings.model)
    docs, failures = [], []
    for outcome in analyze([str(Path(folder) / "docs.jsonl")], run):
        if isinstance(outcome, AnalyzedDocument):
            docs.append(outcome)
        else:
            failures.append(f"{outcome.source}: {outcome.message}")
    return docs, failures


def read_analyses(path: Path) -> list[AnalyzedDocument]:
    """The documents of an ``analyze --plain --format jsonl`` output file."""
    docs = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                docs.append(AnalyzedDocument.from_output(json.loads(line)))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise EvaluationError(f"line {number}: not an analysed document ({exc})", source=str(path)) from exc
    return docs


def memory_per_event(placed: Sequence[Placed], params: MergeParams | None = None) -> dict[str, float]:
    """Bytes the merger holds after adding ``placed`` (traced allocations), per corpus event and per report."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    merger, _ = merge(placed, params)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    reports = sum(len(merger.reports(i)) for i in merger.ids())
    return {
        "corpus_events": len(merger),
        "reports": reports,
        "bytes_per_event": round(used / max(len(merger), 1)),
        "bytes_per_report": round(used / max(reports, 1)),
    }


def evaluate_merge(
    folder: Path,
    *,
    settings: Settings,
    params: MergeParams | None = None,
    analysed: Path | None = None,
    entities: bool = True,
) -> dict[str, Any]:
    """Event merging on one gold folder (``ecbplus-dev`` or ``gvc-dev``): all documents and
    the odd/even halves, newsgraph beside the baseline. ``analysed`` reads earlier
    ``analyze --plain --format jsonl`` output of the same documents instead of running the pipeline."""
    folder = Path(folder)
    started = time.perf_counter()
    documents = read_gold(folder)
    gold = read_gold_mentions(folder)
    failures: list[str] = []
    if analysed is not None:
        found = read_analyses(analysed)
    else:
        found, failures = analyses(folder, settings)
    by_id = {d.id: d for d in found}
    kept = [d for d in documents if d.id in by_id]
    failures += [f"{d.id}: no analysis" for d in documents if d.id not in by_id and not failures]
    if not kept:
        raise EvaluationError("no document was analysed", source=str(folder))
    docs = [by_id[d.id] for d in kept]
    analysed_at = time.perf_counter()
    result: dict[str, Any] = {"gold": folder.name, "failures": failures}
    all_gold = {k: v for k, v in gold.items() if k in by_id}
    part = _evaluate_part(kept, docs, all_gold, params, entities)
    ceiling = sum(1 for d in docs for _ in _detectable(d, all_gold.get(d.id, ())))
    result.update(part)
    result["gold_mentions_detected"] = ceiling
    halves: dict[str, Any] = {}
    for name, start in (("odd", 0), ("even", 1)):
        members = list(range(start, len(kept), 2))
        halves[name] = _evaluate_part(
            [kept[i] for i in members], [docs[i] for i in members], all_gold, params, entities
        )
    result["halves_by_position"] = halves
    result["params"] = dict(vars(params or MergeParams()))
    result["corpus_entities"] = entities
    result["memory"] = memory_per_event(place(docs, publication_order(kept), entities=entities), params)
    result["seconds"] = {
        "analysis": round(analysed_at - started, 1),
        "total": round(time.perf_counter() - started, 1),
    }
    return result


def _detectable(doc: AnalyzedDocument, gold: Sequence[Mapping[str, Any]]) -> list[int]:
    """Gold mentions of ``doc`` that some trigger of its events overlaps."""
    return sorted({i for event in doc.events for i in _telling_golds(event, gold)})
