"""The annotation stages keep their import surface and stay in small modules."""

from __future__ import annotations

import importlib
from pathlib import Path

import newsgraph

PACKAGE = Path(newsgraph.__file__).resolve().parent
STAGE_PACKAGES = ("entities", "events", "counts", "quotes", "timex", "resources")
MAX_LINES = 900


def test_stage_modules_stay_under_the_size_limit():
    too_long = []
    for name in STAGE_PACKAGES:
        for module in (PACKAGE / name).rglob("*.py"):
            lines = len(module.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long.append(f"{module.relative_to(PACKAGE)}: {lines}")
    assert too_long == []


def test_stage_import_surface():
    """Names the pipeline, the CLI, the exports and the evaluation import from the stages."""
    surface = {
        "newsgraph.annotate.entities": ["entity_id", "extract_entities", "refine_entities", "resolve_pronoun"],
        "newsgraph.annotate.events": ["extract_events", "format_timeline", "is_lethal", "is_person_participant"],
        "newsgraph.annotate.counts": ["CATEGORIES", "evaluate_counts", "extract_counts"],
        "newsgraph.annotate.quotes": ["extract_quotes"],
        "newsgraph.annotate.times": ["extract_times"],
        "newsgraph.resources.actors": ["is_security"],
        "newsgraph.resources.gazetteer": ["alpha3"],
        "newsgraph.resources.ontology": ["load_ontology"],
        "newsgraph.annotate.pipeline": ["analyze_article"],
    }
    missing = [
        f"{module}.{name}"
        for module, names in surface.items()
        for name in names
        if not callable(getattr(importlib.import_module(module), name, None))
        and not isinstance(getattr(importlib.import_module(module), name, None), tuple)
    ]
    assert missing == []
