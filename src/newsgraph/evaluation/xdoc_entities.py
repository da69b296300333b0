"""Cross-document entity resolution evaluation on MEANTIME and ECB+ dev.

Gold: the ``kind: entity`` rows of ``gold_mentions.jsonl``; two mentions
corefer when they carry the same ``chain``. ECB+: only the mentions of
validated sentences (``validated_sentence: true``, the standard ECB+
evaluation subset: outside them ECB+ leaves mentions of one entity unlinked,
so "the same name in two documents" would count as wrong). Time expressions
(ECB+ ``TIME_*``) are left out: they are not entities of ours.

Neither set marks which mentions are names, so a gold mention is **named**
when its *head word* starts with a capital letter and is not a function word
or a pronoun. The head is the last word before the first comma, parenthesis
or post-modifier word (who, which, of, in, with, ...), a possessive dropped:
"the Marrowby council's Varga" and "Quillon Aerospace" are named, "Quillon
executive", "the company" and "she" are not. A mention that coordinates
several things ("Quillon and Marrowby", "Quillon, Marrowby") has no one head
and is left out.

Items are the named gold mentions; pairs are two of them in **different
documents**. A gold pair: same chain. A predicted pair: both mentions are
*detected* and their predicted mentions lie in the same corpus entity. A gold
mention is detected by a predicted mention (any mention in a corpus entity's
``mentions``) that overlaps its head word; among several, the one that
overlaps the whole gold span most (ties: the earliest). A gold mention with no
such predicted mention is undetected: it is in no predicted pair, so its gold
pairs count against recall (for newsgraph and the baseline alike).

Score: pairwise precision, recall and F1 (counted from cluster sizes, so a
chain of hundreds of mentions costs nothing). Baseline, same run, over the
same detected mentions: two mentions corefer when the names of their
article entities are equal after normalising (case folded, punctuation and
spacing dropped). Halves: the documents at odd and even file positions,
each half resolved on its own. Documents come in publication order (file
order among undated ones); an undated set (ECB+) is also run in a fixed
shuffled order, since its file order keeps each story's articles together.

Input of the scorer: corpus entities as the ``newsgraph entity --format
jsonl`` contract gives them, ``{"id", "name", "type", "aliases",
"mentions": [{"article_id", "start", "end"}]}``.
"""

from __future__ import annotations

import random
import re
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import EvaluationError
from ..records import AnalyzedDocument
from ..resources.lexicons import word_list
from .stories import SHUFFLE_SEED, GoldDocument, _halves, _read_jsonl, publication_order, read_gold

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_NOT_ALNUM = re.compile(r"[\W_]+")
# A mention of several things ("Quillon and Marrowby", "Quillon, Marrowby"): no one head.
_COORDINATION = re.compile(r"\s(?:and|or|&)\s|,\s*[A-Z]")
# Where a noun phrase's post-modifiers begin: its head is the last word before.
_POST = re.compile(
    r",|\(|\s(?:who|whom|whose|which|that|of|in|at|for|from|with|on|worth|to|by|as|near|after|under)\s", re.I
)


@dataclass(frozen=True)
class GoldMention:
    doc_id: str
    start: int
    end: int
    chain: str
    text: str
    head_start: int
    head_end: int


def head(text: str) -> tuple[int, int] | None:
    """The span (within ``text``) of a mention's head word: the last word before the first comma,
    parenthesis or post-modifier word ("Varga, 61, who ..." -> "Varga"; "the mayor of Marrowby" ->
    "mayor"), a possessive 's dropped; None when there is no word."""
    cut = len(text)
    found = _POST.search(text)
    if found:
        cut = found.start()
    found_words = list(_WORD.finditer(text[:cut]))
    if not found_words:
        return None
    last = found_words[-1]
    word = last.group()
    for suffix in ("'s", "’s", "'", "’", "."):
        if word.endswith(suffix) and len(word) > len(suffix):
            word = word[: -len(suffix)]
            break
    return last.start(), last.start() + len(word)


def is_named(text: str) -> bool:
    """Whether a gold mention's text names something: its head word is capitalised and not a
    function word or a pronoun ("Quillon Aerospace", "the Quillon plant's Varga"; not "Quillon
    executive", "she")."""
    span = head(text)
    if span is None:
        return False
    word = text[span[0] : span[1]]
    stop = word_list("extract/stopwords") | word_list("quotes/personal_pronouns")
    return word[0].isupper() and word.lower() not in stop


def read_gold_mentions(folder: Path, *, validated_only: bool = True) -> list[GoldMention]:
    """The named entity mentions of a gold folder, in file order (ECB+: those of validated
    sentences only, unless ``validated_only`` is false)."""
    out = []
    for number, row in enumerate(_read_jsonl(Path(folder) / "gold_mentions.jsonl"), 1):
        if row.get("kind") != "entity" or str(row.get("type", "")).startswith("TIME"):
            continue
        if validated_only and row.get("validated_sentence") is False:
            continue
        try:
            start, end, text = int(row["start"]), int(row["end"]), str(row["text"])
            chain, doc_id = str(row["chain"]), str(row["doc_id"])
        except (KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(f"gold mention {number}: missing or bad field ({exc})", source=str(folder)) from exc
        span = head(text)
        if span is None or not is_named(text) or _COORDINATION.search(text):
            continue
        out.append(GoldMention(doc_id, start, end, chain, text, start + span[0], start + span[1]))
    return out


def _cross_pairs(groups: Mapping[Any, Mapping[str, int]]) -> int:
    """Pairs of items in different documents within each group ({group: {doc: count}})."""
    total = 0
    for by_doc in groups.values():
        n = sum(by_doc.values())
        total += (n * n - sum(c * c for c in by_doc.values())) // 2
    return total


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def detect(gold: Sequence[GoldMention], spans: Mapping[str, Sequence[tuple[int, int, str]]]) -> list[str | None]:
    """For each gold mention, the label of the predicted span that detects it (None: undetected):
    among the predicted spans that overlap the gold head word, the one that overlaps the gold span
    most (ties: the earliest). ``spans``: per document, sorted (start, end, label)."""
    out: list[str | None] = []
    for g in gold:
        found = spans.get(g.doc_id, ())
        starts = [s for s, _, _ in found]
        best: tuple[int, int] | None = None
        label = None
        # Predicted spans are short: look back a bounded distance from the head's end.
        for i in range(bisect_right(starts, g.head_end - 1) - 1, -1, -1):
            start, end, lab = found[i]
            if g.head_start - start > 400:
                break
            if min(end, g.head_end) <= max(start, g.head_start):
                continue
            rank = (-(min(end, g.end) - max(start, g.start)), start)
            if best is None or rank < best:
                best, label = rank, lab
        out.append(label)
    return out


def score_pairs(gold: Sequence[GoldMention], labels: Sequence[str | None]) -> dict[str, Any]:
    """Pairwise P/R/F1 over gold mentions in different documents, given each mention's predicted label."""
    by_chain: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_label: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_both: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g, label in zip(gold, labels, strict=True):
        by_chain[g.chain][g.doc_id] += 1
        if label is not None:
            by_label[label][g.doc_id] += 1
            by_both[(g.chain, label)][g.doc_id] += 1
    gold_pairs, predicted_pairs, tp = _cross_pairs(by_chain), _cross_pairs(by_label), _cross_pairs(by_both)
    return {
        **_prf(tp, predicted_pairs, gold_pairs),
        "gold_pairs": gold_pairs,
        "predicted_pairs": predicted_pairs,
        "detected": round(sum(1 for x in labels if x is not None) / len(labels), 4) if labels else 0.0,
    }


def _spans(entities: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[int, int, str]]]:
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for entity in entities:
        for m in entity.get("mentions", ()):
            spans[str(m["article_id"])].append((int(m["start"]), int(m["end"]), str(entity["id"])))
    for found in spans.values():
        found.sort()
    return spans


def score_entities(gold: Sequence[GoldMention], entities: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Pairwise scores of corpus entities (JSONL dicts) against the named gold mentions."""
    return score_pairs(gold, detect(gold, _spans(entities)))


def normalised_name(name: str) -> str:
    return _NOT_ALNUM.sub("", name.casefold())


def baseline_entities(analyses: Sequence[AnalyzedDocument]) -> list[dict[str, Any]]:
    """The baseline's corpus entities: article entities grouped by normalised name."""
    groups: dict[str, dict[str, Any]] = {}
    for doc in analyses:
        for e in doc.entities:
            key = normalised_name(e.name) or f"{doc.id}\x00{e.id}"
            group = groups.setdefault(key, {"id": key, "name": e.name, "type": e.type, "aliases": [], "mentions": []})
            group["mentions"].extend({"article_id": doc.id, "start": m.start, "end": m.end} for m in e.mentions)
    return list(groups.values())


def resolve_entities(analyses: Sequence[AnalyzedDocument], params: Any = None) -> tuple[list[dict[str, Any]], float]:
    """newsgraph's corpus entities of ``analyses`` (given in corpus order) as JSONL dicts, and
    the milliseconds per article that ``EntityResolver.add`` took."""
    from ..corpus.entities import EntityResolver
    from ..corpus.signature import signature
    from ..corpus.stories import StoryIndex

    stories = StoryIndex()
    resolver = EntityResolver(params)
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    spent = 0.0
    for seq, doc in enumerate(analyses):
        story = stories.add(signature(doc))
        started = time.perf_counter()
        members = resolver.add(doc, story_id=story, seq=seq)
        spent += time.perf_counter() - started
        by_id = {e.id: e for e in doc.entities}
        for member in members:
            mentions[member.corpus_entity_id].extend(
                {"article_id": doc.id, "start": m.start, "end": m.end} for m in by_id[member.entity_id].mentions
            )
    out = []
    for cid in resolver.ids():
        record = resolver.entity(cid)
        out.append(
            {"id": cid, "name": record.name, "type": record.type, "aliases": record.aliases, "mentions": mentions[cid]}
        )
    return out, 1000 * spent / max(len(analyses), 1)


def _ordered(documents: Sequence[GoldDocument], analyses: Mapping[str, AnalyzedDocument]) -> list[AnalyzedDocument]:
    return [analyses[documents[i].id] for i in publication_order(documents) if documents[i].id in analyses]


def score_analyses(
    documents: Sequence[GoldDocument],
    analyses: Mapping[str, AnalyzedDocument],
    gold: Sequence[GoldMention],
    params: Any = None,
) -> dict[str, Any]:
    """newsgraph and the baseline on all documents and on the odd/even halves."""
    result: dict[str, Any] = {"documents": len(documents), "named_gold_mentions": len(gold)}
    parts = {"all": list(range(len(documents))), **_halves(documents)}
    for name, members in parts.items():
        docs = [documents[i] for i in members]
        ids = {d.id for d in docs}
        part_gold = [g for g in gold if g.doc_id in ids]
        ordered = _ordered(docs, analyses)
        entities, per_article_ms = resolve_entities(ordered, params)
        scores: dict[str, Any] = {
            "documents": len(docs),
            "newsgraph": score_entities(part_gold, entities),
            "baseline": score_entities(part_gold, baseline_entities(ordered)),
        }
        scores["gain_f1"] = round(scores["newsgraph"]["f1"] - scores["baseline"]["f1"], 4)
        if name == "all":
            result.update(scores)
            result["add_ms_per_article"] = round(per_article_ms, 3)
            result["corpus_entities"] = len(entities)
            if all(d.published is None for d in documents):
                # Undated (ECB+): the file order puts a story's articles together, so also a fixed shuffle.
                order = [i for i in publication_order(documents) if documents[i].id in analyses]
                random.Random(SHUFFLE_SEED).shuffle(order)
                shuffled, _ = resolve_entities([analyses[documents[i].id] for i in order], params)
                result["newsgraph_shuffled_order"] = score_entities(gold, shuffled)
        else:
            result.setdefault("halves_by_position", {})[name] = scores
    return result


def analyse(
    documents: Sequence[GoldDocument], folder: Path, settings: Settings
) -> tuple[dict[str, AnalyzedDocument], list[str]]:
    """The pipeline's analyses of the gold documents (plain mode: offsets match the gold's), and a
    one-line error for each document that failed (it is left out; its gold pairs count as missed)."""
    from ..ingest import analyze

    paths = [str(Path(folder) / "docs.jsonl")]
    out: dict[str, AnalyzedDocument] = {}
    failures: list[str] = []
    for outcome in analyze(paths, Settings(plain=True, doc_timeout=0, model=settings.model)):
        if isinstance(outcome, AnalyzedDocument):
            out[outcome.id] = outcome
        else:
            failures.append(f"{outcome.source}: {outcome.message}")
    if not out:
        raise EvaluationError("no document could be analysed", source=str(folder))
    known = {d.id for d in documents}
    if not known & set(out):
        raise EvaluationError("analysed ids do not match the gold ids", source=str(folder))
    return out, failures


def evaluate_entities_xdoc(folder: Path, *, settings: Settings, params: Any = None) -> dict[str, Any]:
    """Cross-document entity resolution on one gold folder (``meantime`` or ``ecbplus-dev``)."""
    folder = Path(folder)
    started = time.perf_counter()
    documents = read_gold(folder)
    gold = read_gold_mentions(folder)
    analyses, failures = analyse(documents, folder, settings)
    analysed = time.perf_counter()
    result: dict[str, Any] = {"gold": folder.name, "analysed": len(analyses), "failures": failures}
    result.update(score_analyses(documents, analyses, gold, params))
    result["seconds"] = {"analysis": round(analysed - started, 1), "total": round(time.perf_counter() - started, 1)}
    return result
