"""ACLED sub-event typing on CASE-2021 task 2 snippets.

The gold set (``events/case2021-dev/snippets.tsv``: ``id``, ``EventSnippet``,
``SubType``) gives each news snippet one fine-grained event type: the 25
ACLED sub-event types (``data/acled_subevents.tsv``, CASE codes such as
``AIR_STRIKE``) and five types outside ACLED (``DIPLO``, ``ATTRIB``,
``ORG_CRIME``, ``NATURAL_DISASTER``, ``MAN_MADE_DISASTER``).

Each snippet is analysed in plain mode, as ``eval events`` does (one spaCy
pass, entities and counts, the event coder), its main event is chosen
(``annotate.events.main``) and its ACLED label mapped to the CASE code
(``NONE`` where the main event has no ACLED label or there is no event).

Scored on the snippets whose gold type is one of the 25 ACLED types:
accuracy, macro-F1 over those types, per-type precision/recall/F1, the most
frequent confusions, and the same on the odd and even numeric ids, so that a
rule that only fits one half shows. The snippets of the five other types are
counted apart: how many got an ACLED label (a false alarm: ACLED would not
code them) and, per type, the PLOVER types of their main events and how many
fall in the PLOVER types that cover the type (``OUTSIDE_ACLED``; the scope
decision is documented in ``data/acled_subevents.tsv``). Two baselines beside
it: the majority type, and the first asserted event's label (what the
main-event rule replaces).
"""

from __future__ import annotations

import csv
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..records import Event
from ..resources.acled import code_of_label, sub_events
from .metrics import prf

log = logging.getLogger(__name__)

SNIPPETS = "snippets.tsv"
NONE = "NONE"
_FIELDS = ("id", "EventSnippet", "SubType")

# CASE-2021 types outside ACLED -> the PLOVER types that code them; empty: out of
# scope (no PLOVER type; the right output is no ACLED label). See the header of
# data/acled_subevents.tsv for the reasons.
OUTSIDE_ACLED: dict[str, frozenset[str]] = {
    # Relations between states: meetings, deals, appeals, protests of word, expulsions, sanctions.
    "DIPLO": frozenset(
        {
            "CONSULT",
            "AGREE",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "REQUEST",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "SANCTION",
        }
    ),
    # Blame laid or denied; a claim of responsibility is reported speech about the attack.
    "ATTRIB": frozenset({"ACCUSE", "REJECT"}),
    # Crime enters PLOVER only as the state's action against it: arrests, seizures and raids
    # (COERCE), investigations and charges (ACCUSE).
    "ORG_CRIME": frozenset({"COERCE", "ACCUSE"}),
    "NATURAL_DISASTER": frozenset(),
    "MAN_MADE_DISASTER": frozenset(),
}


def load_snippets(path: Path) -> list[tuple[str, str, str]]:
    """``(id, text, gold code)`` rows of ``snippets.tsv`` (``path`` is the file
    or its folder); a malformed row is logged in one line and skipped."""
    if path.is_dir():
        path = path / SNIPPETS
    if not path.is_file():
        raise EvaluationError(f"missing {path}")
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(header[:3]) != _FIELDS:
            raise EvaluationError(f"{path}: header is {header!r}, expected {'/'.join(_FIELDS)}")
        for number, cells in enumerate(reader, 2):
            if len(cells) != 3 or not cells[1].strip() or not cells[2].strip():
                log.error("%s line %d: expected id, snippet and type, got %d cells; skipped", path, number, len(cells))
                continue
            rows.append((cells[0].strip(), cells[1], cells[2].strip()))
    return rows


def analyse(texts: Sequence[str], *, model: str) -> list[list[Event]]:
    """The events of each text, coded as ``eval events`` codes them."""
    from ..annotate.events import extract_events
    from ..annotate.nlp import load_model
    from .events import _annotate

    nlp = load_model(model)
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        entities, counts = _annotate(doc, nlp)
        out.append(extract_events(doc, entities=entities, times=[], counts=counts, published=None))
    return out


def first_asserted(events: Sequence[Event]) -> Event | None:
    """The baseline's pick: the first asserted event in the text."""
    return next((e for e in events if e.factuality == "asserted"), None)


def predicted_code(event: Event | None) -> str:
    """CASE code of an event's ACLED label, ``NONE`` without one."""
    if event is None or not event.acled:
        return NONE
    return code_of_label().get(event.acled, NONE)


def _half(snippet_id: str) -> str:
    return "odd" if snippet_id.isdigit() and int(snippet_id) % 2 else "even"


def _overall(scores: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in scores.items() if k != "per_type"}


def score(pairs: Sequence[tuple[str, str]], types: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over ``types`` and per-type scores of (gold, predicted) pairs."""
    n = len(pairs)
    correct = sum(g == p for g, p in pairs)
    per_type = {}
    for t in types:
        tp = sum(g == t and p == t for g, p in pairs)
        fp = sum(g != t and p == t for g, p in pairs)
        fn = sum(g == t and p != t for g, p in pairs)
        per_type[t] = {**prf(tp, fp, fn), "support": tp + fn}
    return {
        "snippets": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_f1": round(sum(s["f1"] for s in per_type.values()) / len(types), 4) if types else 0.0,
        "per_type": per_type,
    }


def evaluate_case(
    path: Path,
    *,
    model: str,
    limit: int | None = None,
    events_of: Callable[[Sequence[str]], list[list[Event]]] | None = None,
) -> dict[str, Any]:
    """Scores of the main event's ACLED sub-event on CASE-2021 snippets (module doc).

    ``events_of`` replaces the analysis (tests, cached analyses)."""
    from ..annotate.events import main_event

    rows = load_snippets(path)
    if limit:
        rows = rows[:limit]
    acled_types = [s.code for s in sub_events()]
    t0 = time.perf_counter()
    analyses = (events_of or (lambda texts: analyse(texts, model=model)))([text for _, text, _ in rows])
    seconds = time.perf_counter() - t0
    main: list[tuple[str, str, str]] = []
    first: list[tuple[str, str, str]] = []
    outside: Counter[str] = Counter()
    outside_types: dict[str, dict[str, Any]] = {}
    no_event = 0
    for (sid, _, gold), events in zip(rows, analyses, strict=True):
        # Before main_event: it settles the main event's label from the whole text.
        baseline_code = predicted_code(first_asserted(events))
        pick = main_event(events)
        no_event += pick is None
        if gold not in acled_types:
            outside["snippets"] += 1
            outside["given_acled_label"] += predicted_code(pick) != NONE
            _count_outside(outside_types, gold, pick)
            continue
        main.append((sid, gold, predicted_code(pick)))
        first.append((sid, gold, baseline_code))
    pairs = [(g, p) for _, g, p in main]
    report = score(pairs, acled_types)
    confusions = Counter((g, p) for g, p in pairs if g != p)
    report["confusions"] = [{"gold": g, "predicted": p, "n": k} for (g, p), k in confusions.most_common(15)]
    report["halves"] = {
        half: _overall(score([(g, p) for s, g, p in main if _half(s) == half], acled_types)) for half in ("odd", "even")
    }
    majority = Counter(g for g, _ in pairs).most_common(1)
    majority_type = majority[0][0] if majority else NONE
    baseline_first = score([(g, p) for _, g, p in first], acled_types)
    report["baseline"] = {
        "first_asserted_event": {"accuracy": baseline_first["accuracy"], "macro_f1": baseline_first["macro_f1"]},
        "majority_type": {
            "type": majority_type,
            **_overall(score([(g, majority_type) for g, _ in pairs], acled_types)),
        },
    }
    report["no_main_event"] = no_event
    report["non_acled_snippets"] = dict(outside)
    report["non_acled_types"] = {t: _outside_summary(t, c) for t, c in sorted(outside_types.items())}
    report["analysis_seconds"] = round(seconds, 2)
    return report


def _count_outside(counts: dict[str, dict[str, Any]], gold: str, pick: Event | None) -> None:
    entry = counts.setdefault(gold, {"snippets": 0, "given_acled_label": 0, "main_types": Counter()})
    entry["snippets"] += 1
    entry["given_acled_label"] += predicted_code(pick) != NONE
    entry["main_types"][pick.type if pick is not None else NONE] += 1


def _outside_summary(gold: str, entry: dict[str, Any]) -> dict[str, Any]:
    """How a non-ACLED type's snippets were coded: main event types, how many a
    covering PLOVER type has (``None``: out of scope), how many ACLED labels."""
    covering = OUTSIDE_ACLED.get(gold)
    types: Counter[str] = entry["main_types"]
    return {
        "snippets": entry["snippets"],
        "plover_types": sorted(covering) if covering else "out of scope",
        "main_event_in_plover_types": sum(types[t] for t in covering) if covering else None,
        "given_acled_label": entry["given_acled_label"],
        "main_event_types": dict(types.most_common(6)),
    }


def summary_line(report: dict[str, Any]) -> str:
    """One line: accuracy and macro-F1, with halves and the baselines."""
    h = report["halves"]
    b = report["baseline"]
    return (
        f"CASE-2021 ACLED sub-event: accuracy {report['accuracy']:.3f} macro-F1 {report['macro_f1']:.3f} "
        f"(odd {h['odd']['accuracy']:.3f}/{h['odd']['macro_f1']:.3f}, even {h['even']['accuracy']:.3f}/"
        f"{h['even']['macro_f1']:.3f}) on {report['snippets']} snippets; baseline first asserted event "
        f"{b['first_asserted_event']['accuracy']:.3f}/{b['first_asserted_event']['macro_f1']:.3f}, majority "
        f"{b['majority_type']['accuracy']:.3f}/{b['majority_type']['macro_f1']:.3f}" + _outside_line(report)
    )


def _outside_line(report: dict[str, Any]) -> str:
    outside = report.get("non_acled_snippets") or {}
    if not outside.get("snippets"):
        return ""
    covered = [
        f"{t} {e['main_event_in_plover_types']}/{e['snippets']}"
        for t, e in report.get("non_acled_types", {}).items()
        if e["main_event_in_plover_types"] is not None
    ]
    return f"; outside ACLED {outside['given_acled_label']}/{outside['snippets']} given an ACLED label" + (
        f", main event of a covering PLOVER type: {', '.join(covered)}" if covered else ""
    )
