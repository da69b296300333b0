"""The dependency rule of docs/architecture.md, read from every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"

KERNEL = {"config", "errors", "records"}
# What each layer may import, besides itself (and besides the standard library
# and third-party packages, which this test does not look at).
ALLOWED = {
    "kernel": set(),
    "data": set(),
    "resources": {"kernel"},
    "io": {"kernel", "resources"},
    "extract": {"kernel", "resources"},
    "annotate": {"kernel", "resources"},
    "store": {"kernel", "resources"},
    "corpus": {"kernel", "resources"},
}
ON_TOP = {"ingest", "corpus_sync", "workers", "cli", "evaluation", "service", "__main__", "__init__"}
MAX_LINES = 900


def _layer(module: str) -> str:
    head = module.split(".")[1] if module.count(".") >= 1 else "__init__"
    if head in KERNEL:
        return "kernel"
    return head


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Modules of newsgraph that ``path`` imports, as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
                    continue
            else:
                target = node.module or ""
            if target == "newsgraph" or target.startswith("newsgraph."):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("newsgraph.")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_known_layer():
    layers = {_layer(_module_name(p)) for p in MODULES}
    assert layers <= set(ALLOWED) | ON_TOP, layers - set(ALLOWED) - ON_TOP


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_dependency_rule(path):
    layer = _layer(_module_name(path))
    if layer in ON_TOP:
        return
    allowed = ALLOWED[layer] | {layer}
    broken = [
        f"line {line}: {target}"
        for line, target in _imports(path)
        if target != "newsgraph" and _layer(target) not in allowed
    ]
    assert not broken, f"{layer} may import only {sorted(allowed)}; {path.name} imports {broken}"


def test_there_are_no_import_cycles_between_modules():
    graph: dict[str, set[str]] = {}
    names = {_module_name(p) for p in MODULES}
    for p in MODULES:
        deps = set()
        for _, target in _imports(p):
            # "from .pkg import name" names a module or something inside one.
            while target not in names and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in names and target != _module_name(p):
                deps.add(target)
        graph[_module_name(p)] = deps
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if seen.get(dep) == 1:
                cycle = [*stack[stack.index(dep) :], dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            elif dep not in seen:
                visit(dep)
        stack.pop()
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_900_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
