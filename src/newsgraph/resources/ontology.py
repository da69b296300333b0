"""The PLOVER event ontology and the trigger lexicon, loaded from package data.

The ontology (types, modes, contexts, quad classes, conflict-cooperation
scores) lives in ``data/plover.json``; the CAMEO correspondence in
``data/cameo2plover.tsv`` (derived from the PLOVER project's CAMEO2PLOVER
table); the words that signal events, contexts and actor sectors in
``data/event_lexicon.json``. Keeping them as data means a coder can extend the
vocabulary without touching the event-coding logic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicons import data_text

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True)
class CameoRow:
    """One row of the CAMEO -> PLOVER table."""

    code: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Ontology:
    """PLOVER types with their modes, the contexts, and the CAMEO table."""

    types: dict[str, dict[str, Any]]
    contexts: dict[str, str]
    legacy_types: dict[str, tuple[str, str | None]]
    mode_contexts: dict[str, list[str]]
    cameo: tuple[CameoRow, ...]

    def modes(self, event_type: str) -> dict[str, Any]:
        """The modes PLOVER defines for a type (empty for types without modes)."""
        return self.types.get(event_type, {}).get("modes", {})

    def quad_class(self, event_type: str) -> int | None:
        """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
        entry = self.types.get(event_type)
        return int(entry["quad"]) if entry else None

    def score(self, event_type: str, mode: str | None = None) -> float | None:
        """PLOVER conflict-cooperation score (-10..10), mode-specific where defined."""
        entry = self.types.get(event_type)
        if entry is None:
            return None
        if mode and mode in entry.get("modes", {}):
            return float(entry["modes"][mode]["score"])
        return float(entry["score"])

    def normalize(self, label: str) -> tuple[str, str | None]:
        """Map a PLOVER label, possibly from an older version (DEMAND, FIGHT...), to (type, mode)."""
        label = label.strip().upper()
        if label in self.types:
            return label, None
        if label in self.legacy_types:
            return self.legacy_types[label]
        raise KeyError(label)

    def cameo_code(self, event_type: str, mode: str | None = None) -> str | None:
        """Best CAMEO code for a PLOVER type+mode (the inverse of CAMEO2PLOVER).

        Among rows of the same type, a row with the same mode wins; among
        those, the most general (shortest) code, then the first listed.
        Falls back to the type's most general code when the mode has no row.
        """
        rows = [r for r in self.cameo if r.type == event_type]
        if not rows:
            return None
        same_mode = [r for r in rows if mode and r.mode == mode]
        pool = same_mode or [r for r in rows if not r.mode] or rows
        return min(pool, key=lambda r: (len(r.code), self.cameo.index(r))).code

    def cameo_root(self, event_type: str, mode: str | None = None) -> str | None:
        """The two-digit CAMEO root code of ``cameo_code``."""
        code = self.cameo_code(event_type, mode)
        return code[:2] if code else None


def _parse_cameo(text: str) -> tuple[CameoRow, ...]:
    rows: list[CameoRow] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, ptype, mode, contexts, description = (line.split("\t") + [""] * 5)[:5]
        rows.append(
            CameoRow(
                code=code.strip(),
                type=ptype.strip(),
                mode=mode.strip() or None,
                contexts=tuple(c for c in contexts.split(";") if c),
                description=description.strip(),
            )
        )
    return tuple(rows)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The PLOVER ontology and CAMEO table, parsed once per process."""
    data = json.loads(data_text("plover.json"))
    legacy = {k: (v[0], v[1]) for k, v in data.get("legacy_types", {}).items()}
    return Ontology(
        types=data["types"],
        contexts=data["contexts"],
        legacy_types=legacy,
        mode_contexts=data.get("mode_contexts", {}),
        cameo=_parse_cameo(data_text("cameo2plover.tsv")),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    """The trigger / context / sector lexicon (``data/event_lexicon.json``)."""
    return json.loads(data_text("event_lexicon.json"))
