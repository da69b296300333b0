"""Scoring counts against gold annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .build import extract_counts

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from spacy.language import Language


_GOLD_FIELDS: tuple[str, ...] = ("value_max", "qualifier", "unit", "action", "category", "text")


def evaluate_counts(examples: Iterable[tuple[str, list[dict[str, Any]]]], nlp: Language) -> dict[str, float]:
    """Score ``extract_counts`` against hand-labelled counts.

    ``examples`` pairs a text with its gold counts; each gold count is a dict
    with ``value`` and any of ``value_max``, ``qualifier``, ``unit``,
    ``action``, ``category``, ``text`` (fields left out are not scored). A
    predicted count matches a gold one with the same value and value_max;
    each field is then scored on the matched pairs where the gold gives it.

    Returns precision, recall and F1 of the matching, ``<field>_accuracy``
    for each scored field, the counts of gold and predicted items, and
    ``seconds_per_doc`` of extraction alone (the spaCy pass not included).
    """
    import time

    texts: list[str] = []
    golds: list[list[dict[str, Any]]] = []
    for text, gold in examples:
        texts.append(text)
        golds.append(gold)
    n_gold = n_pred = n_match = 0
    field_right: dict[str, int] = dict.fromkeys(_GOLD_FIELDS, 0)
    field_total: dict[str, int] = dict.fromkeys(_GOLD_FIELDS, 0)
    elapsed = 0.0
    for doc, gold in zip(nlp.pipe(texts), golds, strict=True):
        started = time.perf_counter()
        predicted = extract_counts(doc)
        elapsed += time.perf_counter() - started
        n_gold += len(gold)
        n_pred += len(predicted)
        unused = list(predicted)
        for item in gold:
            match = next(
                (
                    c
                    for c in unused
                    if c.value == float(item["value"])
                    and c.value_max == (None if item.get("value_max") is None else float(item["value_max"]))
                ),
                None,
            )
            if match is None:
                continue
            unused.remove(match)
            n_match += 1
            for name in _GOLD_FIELDS:
                if name in item and name != "value_max":
                    field_total[name] += 1
                    field_right[name] += int(getattr(match, name) == item[name])
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics: dict[str, float] = {
        "gold": float(n_gold),
        "predicted": float(n_pred),
        "matched": float(n_match),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "seconds_per_doc": elapsed / len(texts) if texts else 0.0,
    }
    for name in _GOLD_FIELDS:
        if field_total[name]:
            metrics[f"{name}_accuracy"] = round(field_right[name] / field_total[name], 4)
    return metrics
