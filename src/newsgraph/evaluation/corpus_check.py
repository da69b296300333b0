"""The cross-document measures read from the store, as the held-out measurement reads them.

``eval stories``, ``eval merge`` and ``eval entities-xdoc`` drive the corpus
components directly, beside their baselines. This check runs the whole corpus
layer through a temporary store (``corpus_run``) and scores the JSONL objects
of ``stories``, ``events`` and ``entities``: the numbers a user gets from
``newsgraph ingest`` and the corpus commands. Two arrival orders: the file's
(what ``newsgraph ingest docs.jsonl`` does) and publication order (what the
issue specifies: dated articles by date, undated ones after, in file order).
Odd/even halves are by file position, each half run on its own.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..config import Settings
from ..records import AnalyzedDocument
from .corpus_run import analysed, publication_order, run_corpus
from .merge import read_gold_mentions as read_event_mentions, score_merge
from .stories import bcubed, read_gold
from .xdoc_entities import read_gold_mentions as read_entity_mentions, score_entities

# MEANTIME's clusters are four broad topics, not stories, and its event chains are not the
# ones this measure is for: only its entity chains are scored.
ENTITIES_ONLY = {"meantime"}


def _score(folder: Path, documents: list[AnalyzedDocument], order: list[int]) -> dict[str, Any]:
    outputs = run_corpus(documents, order)
    ids = {d.id for d in documents}
    result: dict[str, Any] = {"documents": len(documents)}
    if folder.name not in ENTITIES_ONLY:
        clusters = {d.id: d.cluster for d in read_gold(folder) if d.id in ids}
        predicted = {article: story["id"] for story in outputs.stories for article in story["articles"]}
        result["stories_bcubed"] = {**bcubed(predicted, clusters), "stories": len(outputs.stories)}
        events = {k: v for k, v in read_event_mentions(folder).items() if k in ids}
        if events:
            result["merge_pairwise"] = score_merge(outputs.events, events)
    entities = [m for m in read_entity_mentions(folder) if m.doc_id in ids]
    if entities:
        result["entities_pairwise"] = score_entities(entities, outputs.entities)
    result["corpus_ms_per_article"] = round(1000 * outputs.seconds_per_article, 2)
    return result


def check_corpus(
    folder: Path, *, settings: Settings, documents: list[AnalyzedDocument] | None = None
) -> dict[str, Any]:
    """Stories, event merging and entities through the store, in file and publication order, with halves."""
    folder = Path(folder)
    started = time.perf_counter()
    docs = documents if documents is not None else analysed(folder, settings)
    result: dict[str, Any] = {"gold": folder.name}
    result["file_order"] = _score(folder, docs, list(range(len(docs))))
    result["publication_order"] = _score(folder, docs, publication_order(docs))
    for name, start in (("odd", 0), ("even", 1)):
        half = docs[start::2]
        result[f"{name}_half_publication_order"] = _score(folder, half, publication_order(half))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result
