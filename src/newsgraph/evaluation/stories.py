"""Story clustering evaluation on the cross-document gold sets (ECB+ dev, GVC dev).

A gold folder holds ``docs.jsonl`` (``id``, ``text``, where known ``title``,
``published``, ``url``) and ``gold.jsonl`` (``doc_id``, ``cluster``). Documents
are fed to :class:`newsgraph.corpus.stories.StoryIndex` in publication order
(file order among equal or missing dates: ECB+ has no dates, so its order is the
file's, topic by topic); ECB+ is also run in a fixed shuffled order, since the
file order puts a story's articles close together.

Signatures: those the corpus layer builds, :func:`newsgraph.corpus.signature.signature`
over each document's analysis by the pipeline itself, run in this process in
plain mode (the body is the gold text; ECB+ documents have no title field, so
they have no title). A document the pipeline fails on is scored with a words-only
signature and named in ``failures``. With ``nlp=False`` every signature is
words only (the first line as title, no names, no dates).

Score: B-cubed precision, recall and F1 over documents (per-document averages,
F1 from the averaged P and R). Baseline, same run: tf-idf cosine between whole
documents (lower-cased words, smooth idf, L2), average-linkage agglomerative
clustering cut at the threshold that scores best on the same documents.

Halves: the documents at odd and even positions of the file (1st, 3rd, ... and
2nd, 4th, ...), each half clustered on its own, so a parameter that only fits
one half shows; a split by position keeps ECB+'s paired similar stories (the
hard negatives) in both halves.
The baseline's threshold is reported tuned on the half itself and tuned on
the other half.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Settings
from ..corpus.signature import signature
from ..corpus.stories import ArticleSignature, StoryIndex, StoryParams, weigh_terms, words
from ..errors import EvaluationError
from ..records import AnalyzedDocument

LEAD_CHARS = 400
SHUFFLE_SEED = 12


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    title: str
    published: date | None
    cluster: str


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read {path.name}: {exc}", source=str(path)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"line {number}: not JSON ({exc.msg})", source=str(path)) from exc
        if not isinstance(row, dict):
            raise EvaluationError(f"line {number}: not a JSON object", source=str(path))
        rows.append(row)
    return rows


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_gold(folder: Path) -> list[GoldDocument]:
    """The documents of a gold folder with their clusters, in file order."""
    folder = Path(folder)
    clusters = {str(r.get("doc_id")): str(r.get("cluster")) for r in _read_jsonl(folder / "gold.jsonl")}
    documents = []
    for row in _read_jsonl(folder / "docs.jsonl"):
        doc_id, text = str(row.get("id", "")), row.get("text")
        if doc_id not in clusters or not isinstance(text, str):
            raise EvaluationError(f"document {doc_id!r}: no gold cluster or no text", source=str(folder))
        title = row.get("title") if isinstance(row.get("title"), str) else text.strip().split("\n", 1)[0]
        documents.append(GoldDocument(doc_id, text, str(title), _date(row.get("published")), clusters[doc_id]))
    if not documents:
        raise EvaluationError("no documents", source=str(folder))
    return documents


def _title_end(doc: GoldDocument) -> int:
    found = doc.text.find(doc.title) if doc.title else -1
    return found + len(doc.title) if found >= 0 else 0


def plain_signature(doc: GoldDocument) -> ArticleSignature:
    """A signature from words alone (no model, no entities)."""
    end = _title_end(doc)
    rest = doc.text[end:]
    terms = weigh_terms(words(doc.title), words(rest[:LEAD_CHARS]), words(rest[LEAD_CHARS:]))
    return ArticleSignature(doc.id, doc.published, doc.title, terms)


def pipeline_analyses(folder: Path, model: str) -> tuple[dict[str, AnalyzedDocument], list[str]]:
    """The pipeline's analysis of each document of ``folder/docs.jsonl`` by id (plain mode,
    in this process, no time budget) and one line per document it failed on."""
    from ..ingest import analyze

    settings = Settings(plain=True, doc_timeout=0, model=model)
    found: dict[str, AnalyzedDocument] = {}
    failures: list[str] = []
    for outcome in analyze([str(Path(folder) / "docs.jsonl")], settings):
        if isinstance(outcome, AnalyzedDocument):
            found[outcome.id] = outcome
        else:
            failures.append(f"{outcome.source}: {outcome.message}")
    return found, failures


def pipeline_signatures(
    documents: Sequence[GoldDocument], analyses: Mapping[str, AnalyzedDocument]
) -> tuple[list[ArticleSignature], list[str]]:
    """The corpus layer's signature of each document, words only where there is no analysis
    (those ids are returned too)."""
    signatures, missing = [], []
    for doc in documents:
        analysed = analyses.get(doc.id)
        if analysed is None:
            missing.append(doc.id)
            signatures.append(plain_signature(doc))
        else:
            signatures.append(signature(analysed))
    return signatures, missing


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items of ``gold`` (each item's share of
    its predicted cluster that is in its gold cluster, and the other way round)."""
    if not gold:
        raise EvaluationError("B-cubed over no items")
    missing = sorted(set(gold) - set(predicted))
    if missing:
        raise EvaluationError(f"{len(missing)} items have no predicted cluster, e.g. {missing[0]!r}")
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        pred, true = by_pred[predicted[item]], by_gold[gold[item]]
        shared = len(pred & true)
        precision += shared / len(pred)
        recall += shared / len(true)
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def publication_order(documents: Sequence[GoldDocument]) -> list[int]:
    """Indexes of ``documents`` by date, file order among equal dates; undated ones keep
    their file position relative to each other and come after the dated ones."""
    return sorted(
        range(len(documents)), key=lambda i: (documents[i].published is None, documents[i].published or date.min, i)
    )


def run_stories(
    signatures: Sequence[ArticleSignature], order: Iterable[int], params: StoryParams | None = None
) -> dict[str, str]:
    """Article id -> story id, adding the signatures in ``order``."""
    index = StoryIndex(params)
    return {signatures[i].id: index.add(signatures[i]) for i in order}


def _tfidf(documents: Sequence[GoldDocument]) -> Any:
    import numpy as np

    vocab: dict[str, int] = {}
    counts = []
    for doc in documents:
        row: dict[int, int] = defaultdict(int)
        for word in words(doc.text):
            row[vocab.setdefault(word, len(vocab))] += 1
        counts.append(row)
    matrix = np.zeros((len(documents), max(len(vocab), 1)))
    for i, row in enumerate(counts):
        for j, c in row.items():
            matrix[i, j] = c
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(documents)) / (1 + df)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def average_linkage_merges(documents: Sequence[GoldDocument]) -> list[tuple[float, int, int]]:
    """The merges of average-linkage clustering over tf-idf cosine, most similar first:
    (similarity, kept cluster, absorbed cluster), clusters named by a member index."""
    import numpy as np

    vectors = _tfidf(documents)
    sim = vectors @ vectors.T
    n = len(documents)
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges = []
    for _ in range(n - 1):
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        best = float(sim[i, j])
        if best <= 0 or not np.isfinite(best):
            break
        i, j = min(i, j), max(i, j)
        merges.append((best, i, j))
        row = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[i], sim[:, i] = row, row
        sim[i, i] = -np.inf
        sim[j], sim[:, j] = -np.inf, -np.inf
        sizes[i] += sizes[j]
        active[j] = False
    return merges


def cut(merges: Sequence[tuple[float, int, int]], n: int, threshold: float) -> list[int]:
    """Cluster label (a member index) of each of ``n`` items after the merges at or above ``threshold``."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for similarity, i, j in merges:
        if similarity < threshold:
            break
        parent[find(j)] = find(i)
    return [find(x) for x in range(n)]


THRESHOLDS = [round(0.02 * k, 2) for k in range(1, 50)]


def baseline(documents: Sequence[GoldDocument], fixed: float | None = None) -> dict[str, Any]:
    """The tf-idf average-linkage baseline: the best threshold on these documents (or
    ``fixed``) and its B-cubed scores."""
    gold = {d.id: d.cluster for d in documents}
    merges = average_linkage_merges(documents)
    best: dict[str, Any] = {}
    for threshold in [fixed] if fixed is not None else THRESHOLDS:
        labels = cut(merges, len(documents), threshold)
        scores = bcubed({d.id: str(label) for d, label in zip(documents, labels, strict=True)}, gold)
        if not best or scores["f1"] > best["f1"]:
            best = {**scores, "threshold": threshold}
    return best


def _halves(documents: Sequence[GoldDocument]) -> dict[str, list[int]]:
    # By file position, not by cluster: ECB+ pairs two similar stories per topic, and a split
    # by cluster would part each pair and drop the hard negatives from both halves.
    return {"odd": list(range(0, len(documents), 2)), "even": list(range(1, len(documents), 2))}


def score_stories(
    documents: Sequence[GoldDocument], signatures: Sequence[ArticleSignature], params: StoryParams | None = None
) -> dict[str, Any]:
    """newsgraph and the baseline on all documents and on the odd/even halves."""
    gold = {d.id: d.cluster for d in documents}
    result: dict[str, Any] = {"documents": len(documents), "gold_stories": len(set(gold.values()))}
    order = publication_order(documents)
    predicted = run_stories(signatures, order, params)
    result["newsgraph"] = {**bcubed(predicted, gold), "stories": len(set(predicted.values()))}
    if all(d.published is None for d in documents):
        shuffled = list(order)
        random.Random(SHUFFLE_SEED).shuffle(shuffled)
        result["newsgraph_shuffled_order"] = bcubed(run_stories(signatures, shuffled, params), gold)
    result["baseline"] = baseline(documents)
    halves: dict[str, Any] = {}
    tuned: dict[str, float] = {}
    for name, members in _halves(documents).items():
        docs = [documents[i] for i in members]
        sigs = [signatures[i] for i in members]
        half_gold = {d.id: d.cluster for d in docs}
        half_pred = run_stories(sigs, publication_order(docs), params)
        halves[name] = {"documents": len(docs), "newsgraph": bcubed(half_pred, half_gold), "baseline": baseline(docs)}
        tuned[name] = halves[name]["baseline"]["threshold"]
    for name, other in (("odd", "even"), ("even", "odd")):
        members = _halves(documents)[name]
        fixed = baseline([documents[i] for i in members], fixed=tuned[other])
        halves[name]["baseline_threshold_from_other_half"] = fixed
    result["halves_by_position"] = halves
    return result


def evaluate_stories(
    folder: Path,
    *,
    model: str,
    nlp: bool = True,
    params: StoryParams | None = None,
    analyses: Mapping[str, AnalyzedDocument] | None = None,
) -> dict[str, Any]:
    """Story clustering on one gold folder (``ecbplus-dev`` or ``gvc-dev``), with timings.

    ``analyses`` (document id -> analysis) stands in for the pipeline run when given."""
    documents = read_gold(Path(folder))
    started = time.perf_counter()
    failures: list[str] = []
    if nlp:
        if analyses is None:
            analyses, failures = pipeline_analyses(Path(folder), model)
        analysed = time.perf_counter()
        signatures, missing = pipeline_signatures(documents, analyses)
        failures += [f"{doc_id}: no analysis, scored by its words only" for doc_id in missing]
    else:
        analysed = time.perf_counter()
        signatures = [plain_signature(d) for d in documents]
    signed = time.perf_counter()
    result: dict[str, Any] = {"gold": Path(folder).name, "signatures": "pipeline" if nlp else "words"}
    if failures:
        result["failures"] = failures
    result.update(score_stories(documents, signatures, params))
    assign_started = time.perf_counter()
    run_stories(signatures, publication_order(documents), params)
    assigned = time.perf_counter()
    result["params"] = dict(vars(params or StoryParams()))
    result["seconds"] = {
        "analysis": round(analysed - started, 1),
        "signatures_per_article_ms": round(1000 * (signed - analysed) / len(documents), 3),
        "assignment_per_article_ms": round(1000 * (assigned - assign_started) / len(documents), 3),
        "total": round(time.perf_counter() - started, 1),
    }
    return result
