"""Evaluate ``extract_times`` on TimeML gold (TempEval-3 TimeBank + AQUAINT).

For each ``.tml`` file the DCT (the TIMEX3 with
``functionInDocument="CREATION_TIME"``) is the anchor; the system runs on the
content of the ``TEXT`` element with tags stripped and entities decoded, and
is scored against the TIMEX3 spans inside it, as in TempEval-3:

* strict span P/R/F1 (exact offsets) and relaxed span P/R/F1 (any overlap,
  one-to-one);
* value and type accuracy over relaxed matches, and the TempEval-3 attribute
  F1 (``value_f1``: correct values over system and over gold counts).

Usage: ``evaluate_times(gold_path("times", Settings()))`` (see ``evaluation.paths``).
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotate.times import extract_times
from .metrics import prf

_TOKEN = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>|&#?\w+;|[^<&]+|[<&]")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class GoldDocument:
    name: str
    corpus: str
    dct: str | None
    text: str
    timexes: list[GoldTimex]


def _strip_tags(markup: str) -> tuple[str, list[GoldTimex]]:
    """Plain text of a TimeML fragment and the TIMEX3 spans in it."""
    out: list[str] = []
    pos = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    for m in _TOKEN.finditer(markup):
        if m.group(2) is not None:
            if m.group(2) != "TIMEX3":
                continue
            if m.group(1):
                if open_timex:
                    start, attrs = open_timex.pop()
                    timexes.append(GoldTimex(start, pos, attrs.get("type", ""), attrs.get("value", "")))
            elif not m.group(3).rstrip().endswith("/"):
                open_timex.append((pos, dict(_ATTR.findall(m.group(3)))))
            continue
        piece = m.group(0)
        if piece.startswith("&"):
            piece = html.unescape(piece)
        out.append(piece)
        pos += len(piece)
    return "".join(out), timexes


def read_tml(path: Path, corpus: str = "") -> GoldDocument:
    """One TimeML document: its DCT value, TEXT content and gold TIMEX3s."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    dct = dict(_ATTR.findall(dct_match.group(0))).get("value") if dct_match else None
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    text, timexes = _strip_tags(body.group(1) if body else "")
    return GoldDocument(path.stem, corpus, dct, text, timexes)


def load_gold(gold_dir: Path) -> list[GoldDocument]:
    """All ``.tml`` documents under ``gold_dir``; the sub-folder names the sub-corpus."""
    docs = []
    for path in sorted(Path(gold_dir).rglob("*.tml")):
        corpus = path.parent.name if path.parent != Path(gold_dir) else ""
        docs.append(read_tml(path, corpus))
    return docs


@dataclass
class _Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: _Tally) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, Any]:
        def scores(hit: int) -> dict[str, float]:
            # hits can be fewer than matched spans (value, type), so the
            # system and gold totals give the denominators
            s = prf(hit, self.system - hit, self.gold - hit)
            return {k: s[k] for k in ("precision", "recall", "f1")}

        return {
            "gold": self.gold,
            "system": self.system,
            "strict": scores(self.strict),
            "relaxed": scores(self.relaxed),
            "value_accuracy": round(self.value / self.relaxed, 4) if self.relaxed else 0.0,
            "type_accuracy": round(self.type / self.relaxed, 4) if self.relaxed else 0.0,
            "value_f1": scores(self.value)["f1"],
            "type_f1": scores(self.type)["f1"],
        }


_UNPADDED_WEEK = re.compile(r"-W(\d)(?!\d)")


def same_value(system: str | None, gold: str) -> bool:
    """Value equality, forgiving only the gold's unpadded week numbers ("2000-W7")."""
    if system is None:
        return False
    return system == gold or system == _UNPADDED_WEEK.sub(r"-W0\1", gold)


def score_document(doc: GoldDocument, errors: list[dict[str, Any]] | None = None) -> _Tally:
    """Match system output to gold on one document (one-to-one, exact first)."""
    system = extract_times(doc.text, doc.dct)
    tally = _Tally(gold=len(doc.timexes), system=len(system))
    used: set[int] = set()
    pairs: list[tuple[GoldTimex, int]] = []
    gold_left = []
    for g in doc.timexes:
        exact = next((i for i, s in enumerate(system) if i not in used and s.start == g.start and s.end == g.end), None)
        if exact is not None:
            used.add(exact)
            tally.strict += 1
            pairs.append((g, exact))
        else:
            gold_left.append(g)
    for g in gold_left:
        overlap = next((i for i, s in enumerate(system) if i not in used and s.start < g.end and g.start < s.end), None)
        if overlap is not None:
            used.add(overlap)
            pairs.append((g, overlap))
        elif errors is not None:
            errors.append({"doc": doc.name, "kind": "missed", "gold": doc.text[g.start : g.end], "value": g.value})
    tally.relaxed = len(pairs)
    for g, i in pairs:
        s = system[i]
        if same_value(s.value, g.value):
            tally.value += 1
        elif errors is not None:
            errors.append(
                {
                    "doc": doc.name,
                    "kind": "value",
                    "gold": doc.text[g.start : g.end],
                    "value": g.value,
                    "system": s.text,
                    "system_value": s.value,
                    "dct": doc.dct,
                }
            )
        if s.type == g.type:
            tally.type += 1
    if errors is not None:
        for i, s in enumerate(system):
            if i not in used:
                errors.append({"doc": doc.name, "kind": "spurious", "system": s.text, "system_value": s.value})
    return tally


def evaluate_times(gold_dir: Path, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """TempEval-3 style scores of ``extract_times`` on the ``.tml`` files under ``gold_dir``.

    Returns ``{"overall": {...}, "by_corpus": {name: {...}}, "documents": n,
    "seconds": t}``; each block has counts, strict and relaxed span P/R/F1,
    value and type accuracy over relaxed matches, and value/type F1. Pass a
    list as ``errors`` to collect missed, spurious and wrongly valued spans.
    """
    docs = load_gold(Path(gold_dir))
    started = time.perf_counter()
    overall = _Tally()
    by_corpus: dict[str, _Tally] = {}
    for doc in docs:
        tally = score_document(doc, errors)
        overall.add(tally)
        by_corpus.setdefault(doc.corpus or "all", _Tally()).add(tally)
    return {
        "documents": len(docs),
        "seconds": round(time.perf_counter() - started, 3),
        "overall": overall.metrics(),
        "by_corpus": {name: t.metrics() for name, t in sorted(by_corpus.items())},
    }
