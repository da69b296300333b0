"""tests/baselines.json agrees with docs/benchmarks.md and with the tests that read it.

Each floor is at most the full-set number docs/benchmarks.md reports for that
measure, and that number is printed in the measure's section there: a floor
cannot quietly exceed what the project claims, and re-measuring the docs
without updating the baselines (or the other way round) fails here.
"""

from __future__ import annotations

import re

import pytest

from ..conftest import REPO, TESTS, baselines

BENCHMARKS = REPO / "docs" / "benchmarks.md"

FLOORS = [(measure, key, entry) for measure, spec in baselines().items() for key, entry in spec["floors"].items()]


def _section(heading: str) -> str:
    """The text of the level-2 section of docs/benchmarks.md whose heading contains ``heading``."""
    parts = re.split(r"^## ", BENCHMARKS.read_text(encoding="utf-8"), flags=re.MULTILINE)
    found = [part for part in parts[1:] if heading in part.splitlines()[0]]
    assert len(found) == 1, f"docs/benchmarks.md has {len(found)} sections headed {heading!r}"
    return found[0]


def _printed(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text`` (0.93 matches "0.930", not "0.9305")."""
    return re.search(rf"(?<![\d.]){re.escape(repr(value))}0*(?![\d])", text) is not None


def test_every_measure_names_a_section_and_has_floors():
    assert FLOORS
    for measure, spec in baselines().items():
        assert spec["floors"], measure
        _section(spec["section"])


@pytest.mark.parametrize(("measure", "key", "entry"), FLOORS, ids=[f"{m}.{k}" for m, k, _ in FLOORS])
def test_floor_is_at_most_the_reported_number(measure, key, entry):
    assert 0.0 < entry["floor"] <= entry["reported"] <= 1.0, f"{measure}.{key}: {entry}"
    section = baselines()[measure]["section"]
    assert _printed(entry["reported"], _section(section)), (
        f"{measure}.{key}: docs/benchmarks.md section {section!r} does not print {entry['reported']}"
    )


def test_every_floor_is_asserted_by_a_test():
    sources = "\n".join(
        path.read_text(encoding="utf-8") for path in TESTS.rglob("test_*.py") if path.name != "test_baselines.py"
    )
    unused = [f"{m}.{k}" for m, k, _ in FLOORS if f'floor("{m}", "{k}")' not in sources]
    assert unused == [], "floors in tests/baselines.json no test reads"


def test_printed_matches_whole_numbers_only():
    assert _printed(0.93, "recall **0.930** (593/638)")
    assert not _printed(0.93, "recall 0.9305")
    assert not _printed(0.93, "recall 10.93")
