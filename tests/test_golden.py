"""The full `analyze` output for the bundled example, compared field by field
with tests/golden/example.json.

Any change to what newsgraph writes for the example fails here, naming the
key path that differs (``[0].entities[3].mentions[0].start``). When the
change is intended, regenerate the file on purpose and review its diff:

    NEWSGRAPH_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py

That run rewrites tests/golden/example.json and then fails ("regenerated,
review the diff and commit"): a regeneration never passes silently. Run the
test again without the variable to see it pass, then commit the file with
the change that caused it. See tests/golden/README.md.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

from .conftest import REPO, TESTS

GOLDEN = TESTS / "golden" / "example.json"
REGENERATE = "NEWSGRAPH_REGEN_GOLDEN"
# The command the file records, run from the repository root so that each
# document's `source` is the path as a user would type it.
COMMAND = ["analyze", "examples/", "--quiet"]
MAX_REPORTED = 25


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every place where ``actual`` differs from ``expected``, as a key path and both values."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in expected.keys() | actual.keys():
            where = f"{path}.{key}"
            if key not in actual:
                found.append(f"{where}: missing (expected {expected[key]!r})")
            elif key not in expected:
                found.append(f"{where}: unexpected key (got {actual[key]!r})")
            else:
                found += differences(expected[key], actual[key], where)
        if not found and list(expected) != list(actual):
            found.append(f"{path or '.'}: key order {list(actual)} (expected {list(expected)})")
        return sorted(found)
    if isinstance(expected, list) and isinstance(actual, list):
        found = []
        for i, (want, got) in enumerate(zip(expected, actual, strict=False)):
            found += differences(want, got, f"{path}[{i}]")
        if len(expected) != len(actual):
            found.append(f"{path}: {len(actual)} items (expected {len(expected)})")
        return found
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path or '.'}: got {actual!r} (expected {expected!r})"]
    return []


@pytest.fixture(scope="module")
def output() -> list[dict[str, Any]]:
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(app, COMMAND, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_analyze_output_matches_the_golden_file(output):
    if os.environ.get(REGENERATE):
        GOLDEN.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.fail(f"regenerated {GOLDEN.relative_to(REPO)}, review the diff and commit")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    found = differences(expected, output)
    shown = "\n".join(found[:MAX_REPORTED]) + (
        f"\n... and {len(found) - MAX_REPORTED} more" if len(found) > MAX_REPORTED else ""
    )
    assert not found, (
        f"`newsgraph {' '.join(COMMAND)}` differs from {GOLDEN.relative_to(REPO)} in {len(found)} places "
        f"(if intended: {REGENERATE}=1 python -m pytest tests/test_golden.py):\n{shown}"
    )


def test_the_golden_file_is_the_output_contract():
    """The file holds one example document with every key analyze writes."""
    from newsgraph.records import OUTPUT_KEYS

    (doc,) = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert list(doc) == list(OUTPUT_KEYS)
    assert doc["source"] == "examples/kazakhstan-musician.txt"
    assert all(doc[kind] for kind in ("entities", "quotes", "events", "counts", "times"))


def test_differences_name_the_key_path():
    expected = {"a": 1, "b": [{"start": 3, "text": "x"}], "c": None}
    actual = {"a": 1, "b": [{"start": 4, "text": "x"}, {}], "d": 2}
    assert differences(expected, actual) == [
        ".b: 2 items (expected 1)",
        ".b[0].start: got 4 (expected 3)",
        ".c: missing (expected None)",
        ".d: unexpected key (got 2)",
    ]
    assert differences({"x": 1, "y": 2}, {"y": 2, "x": 1}) == [".: key order ['y', 'x'] (expected ['x', 'y'])"]
    assert differences([1.0], [1]) == ["[0]: got 1 (expected 1.0)"]
    assert differences(expected, expected) == []
