"""Experiment (not shipped): does a model over the merger's own signals beat its rules?

``EventMerger`` decides with hand rules: the same story and type, a trigger family, at most one
conflicting value, the best score of shared values. This script replaces that decision with a
logistic regression over the same signals and one more (the cosine between the words of the
event's evidence sentences and those of the corpus event's), trained with 2-fold
cross-validation on the document halves: fitted on the odd files of ECB+ dev and GVC dev
together, tested on the even ones, and the other way round. Training pairs: each detected
article event (its tellings' majority gold chain) against each candidate corpus event of its
story and type, corpus events grown along the gold chains; label: same chain. Test: the merger
run online with the model (join the most probable candidate at or above ``--threshold``),
scored as ``newsgraph eval merge`` scores; the rules' score on the same half beside it.

Result (docs/benchmarks.md, "Cross-document event merging"): no better than the rules, so the
rules stay.

    python bench/merge_learned.py [--ecbplus-analysed ecb.jsonl] [--gvc-analysed gvc.jsonl] \
        [--threshold 0.2 0.3 0.5]
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.config import Settings
from newsgraph.corpus import events as ce
from newsgraph.corpus.stories import words
from newsgraph.evaluation import merge as mg
from newsgraph.evaluation.stories import GoldDocument, publication_order, read_gold
from newsgraph.records import AnalyzedDocument, Event

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "corpus"
SETS = {"ecbplus": "ecbplus-dev", "gvc": "gvc-dev"}
FEATURES = (
    "same family",
    "same lemma",
    "other family",
    "mode aspect conflict",
    "same mode",
    "actor same",
    "actor may be",
    "actor conflict",
    "target same",
    "target may be",
    "target conflict",
    "place same",
    "place may be",
    "place conflict",
    "date agrees",
    "date conflicts",
    "sentence cosine",
    "log articles",
)


def _cosine(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _three(verdict: int | None) -> list[bool]:
    return [verdict == 1, verdict == 0, verdict is None]


class LearnedMerger(ce.EventMerger):
    """The merger with its join decision made by a model, or (``labels`` and ``record`` set)
    following the gold chains and recording each candidate's features and label."""

    def __init__(self) -> None:
        super().__init__()
        self.model: tuple[float, np.ndarray] | None = None
        self.threshold = 0.5
        self.labels: Mapping[tuple[str, str], str] | None = None
        self.record: list[tuple[np.ndarray, float]] | None = None
        self.group_words: dict[str, Counter[str]] = {}
        self.group_chain: dict[str, str | None] = {}
        self._words: Counter[str] = Counter()
        self._key: tuple[str, str] = ("", "")

    def features(self, group: Any, event: Event, actor: Any, target: Any, where: Any, when: Any) -> np.ndarray:
        family = ce.trigger_family(event.trigger)
        modes = group.modes
        aspect = ce._mode_aspect(event.mode) if event.mode else None
        row = [
            bool(family and family in group.families),
            bool(event.trigger and ce._norm(event.trigger) in group.triggers),
            bool(family and group.families and family not in group.families),
            bool(event.mode and modes and event.mode not in modes and any(ce._mode_aspect(m) == aspect for m in modes)),
            bool(event.mode and event.mode in modes),
        ]
        for who, table in ((actor, group.actors), (target, group.targets)):
            row += [False] * 3 if who is None or not table else _three(self._who_compatible(who, table))
        places = group.place_info
        row += [False] * 3 if where is None or not places else _three(self._where_compatible(where, places))
        chosen = group.chosen_date()
        group_date = chosen[2] if chosen else None
        if when is None or group_date is None:
            row += [False, False]
        else:
            p = self.params
            agrees = ce.dates_compatible(when, group_date, p.date_days, p.before_publication, p.coarse_dates)
            row += [agrees, not agrees]
        row += [_cosine(self._words, self.group_words.get(group.id, Counter())), math.log(1 + len(group.articles))]
        return np.array(row, dtype=float)

    def _place(self, event: Event, doc: AnalyzedDocument, story_id: str, members: Mapping[str, str], seq: int) -> Any:
        body = doc.article.body or ""
        self._words = Counter(
            w for e in event.evidence if e.sentence for w in words(body[e.sentence.start : e.sentence.end])
        )
        self._key = (doc.id, event.id)
        group = super()._place(event, doc, story_id, members, seq)
        self.group_words.setdefault(group.id, Counter()).update(self._words)
        if self.labels is not None and self.group_chain.get(group.id) is None:
            self.group_chain[group.id] = self.labels.get(self._key)
        return group

    def _compatible(self, group: Any, event: Event, actor: Any, target: Any, where: Any, when: Any) -> Any:
        x = self.features(group, event, actor, target, where, when)
        if self.record is not None and self.labels is not None:
            label, chain = self.labels.get(self._key), self.group_chain.get(group.id)
            if label is not None and chain is not None:
                self.record.append((x, float(label == chain)))
            if label is not None:
                return 1 if label == chain else None
            return super()._compatible(group, event, actor, target, where, when)
        assert self.model is not None
        probability = 1 / (1 + math.exp(-(self.model[0] + float(x @ self.model[1]))))
        return probability if probability >= self.threshold else None


def chains(docs: Sequence[GoldDocument], analysed: Mapping[str, AnalyzedDocument], gold: Mapping) -> dict:
    """(article id, article event id) -> the gold chain most of the event's detected tellings are in."""
    out = {}
    for d in docs:
        for event in analysed[d.id].events:
            chain = mg.majority_chain(event, gold.get(d.id, ()))
            if chain is not None:
                out[(d.id, event.id)] = chain
    return out


def run(merger: ce.EventMerger, docs: Sequence[GoldDocument], analysed: Mapping[str, AnalyzedDocument], gold) -> float:
    mg.merge(mg.place([analysed[d.id] for d in docs], publication_order(docs)), merger=merger)
    return float(mg.score_merge(mg.merger_events(merger), gold)["f1"])


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 2000) -> tuple[float, np.ndarray]:
    """L2-regularised logistic regression by gradient descent (features are 0/1 or small)."""
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= (x.T @ (p - y) + l2 * w) / len(y)
        b -= float((p - y).mean())
    return b, w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ecbplus-analysed", type=Path, help="'analyze --plain' JSONL of ECB+ dev's docs.jsonl")
    parser.add_argument("--gvc-analysed", type=Path, help="'analyze --plain' JSONL of GVC dev's docs.jsonl")
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.2, 0.3, 0.5])
    args = parser.parse_args()
    halves: dict[tuple[str, str], tuple] = {}
    for name, folder in SETS.items():
        cached = getattr(args, f"{name}_analysed")
        found = mg.read_analyses(cached) if cached else mg.analyses(SHARED / folder, Settings())[0]
        analysed = {d.id: d for d in found}
        documents = [d for d in read_gold(SHARED / folder) if d.id in analysed]
        gold_all = mg.read_gold_mentions(SHARED / folder)
        for half, start in (("odd", 0), ("even", 1)):
            docs = documents[start::2]
            gold = {d.id: gold_all[d.id] for d in docs if d.id in gold_all}
            halves[(name, half)] = (docs, analysed, gold, chains(docs, analysed, gold))
    for test, train in (("even", "odd"), ("odd", "even")):
        rows: list[tuple[np.ndarray, float]] = []
        for name in SETS:
            docs, analysed, gold, labels = halves[(name, train)]
            recorder = LearnedMerger()
            recorder.labels, recorder.record = labels, rows
            run(recorder, docs, analysed, gold)
        model = fit(np.array([r[0] for r in rows]), np.array([r[1] for r in rows]))
        print(f"fitted on the {train} halves ({len(rows)} candidate pairs, {int(sum(r[1] for r in rows))} same chain)")
        print("  weights:", ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, model[1], strict=True)))
        for name in SETS:
            docs, analysed, gold, _ = halves[(name, test)]
            rules = run(ce.EventMerger(), docs, analysed, gold)
            scores = []
            for threshold in args.threshold:
                learned = LearnedMerger()
                learned.model, learned.threshold = model, threshold
                scores.append(f"{threshold}: {run(learned, docs, analysed, gold):.4f}")
            print(f"  {name} {test}: rules {rules:.4f}; model at threshold " + ", ".join(scores))


if __name__ == "__main__":
    main()
