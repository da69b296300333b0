"""The annotation stages keep the import surface the pipeline, the CLI, the
exports and the evaluation rely on. (Module sizes: tests/test_architecture.py.)"""

from __future__ import annotations

import importlib


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
