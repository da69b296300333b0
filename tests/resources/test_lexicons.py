"""The data files under newsgraph/data and the one loader that reads them."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

from newsgraph.resources import lexicons

PACKAGE = Path(lexicons.__file__).resolve().parents[1]
DATA = PACKAGE / "data"
ROOT = PACKAGE.parents[1]

_SUFFIX = {"word_list": ".txt", "entries": ".txt", "pairs": ".tsv", "table": ".json"}


def _loader_calls() -> set[Path]:
    """Every data file named by a loader call with a literal name in the package."""
    used: set[Path] = set()
    for module in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            arg = node.args[0]
            if name not in (*_SUFFIX, "data_text") or not isinstance(arg, ast.Constant):
                continue
            if name == "data_text":
                used.add(DATA / arg.value)
            else:
                used.add(DATA / lexicons.LEXICON_DIR / f"{arg.value}{_SUFFIX[name]}")
    return used


def _data_files() -> set[Path]:
    return {p for p in DATA.rglob("*") if p.is_file() and p.suffix in (".txt", ".tsv", ".json")}


def test_every_data_file_is_loaded_and_every_loaded_name_exists():
    used = _loader_calls()
    files = _data_files()
    assert sorted(str(p.relative_to(DATA)) for p in files - used) == []
    assert sorted(str(p.relative_to(DATA)) for p in used - files) == []


def test_package_data_globs_ship_exactly_the_data_files():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["newsgraph"]
    shipped = {
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and any(fnmatch.fnmatch(str(p.relative_to(PACKAGE)), g) for g in globs)
    }
    assert {p for p in shipped if DATA in p.parents} == _data_files()
    # The explorer's templates, scripts, styles and vendored libraries ship whole
    # (the static folder's .gitkeep is the one file that need not).
    service = PACKAGE / "service"
    explorer = {
        p
        for folder in (service / "templates", service / "static")
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".gitkeep"
    }
    assert explorer and {p for p in shipped if service in p.parents} == explorer
    for pattern in globs:
        assert any(fnmatch.fnmatch(str(p.relative_to(PACKAGE)), pattern) for p in shipped), pattern


def test_every_lexicon_parses():
    for path in (DATA / lexicons.LEXICON_DIR).rglob("*.*"):
        name = str(path.relative_to(DATA / lexicons.LEXICON_DIR).with_suffix(""))
        loaded = {".txt": lexicons.entries, ".tsv": lexicons.pairs, ".json": lexicons.table}[path.suffix](name)
        assert loaded, name
        if path.suffix == ".txt":
            assert all(entry == entry.strip() and entry for entry in loaded), name


def test_entries_skip_comments_keep_order_and_a_lone_hash(tmp_path, monkeypatch):
    (tmp_path / "lexicons" / "demo").mkdir(parents=True)
    (tmp_path / "lexicons" / "demo" / "words.txt").write_text(
        "# Header comment.\nzulu\n\nalpha\n#\nmore than\nalpha\n", encoding="utf-8"
    )
    (tmp_path / "lexicons" / "demo" / "map.tsv").write_text(
        "# key -> value\nfoo\tbar\nbaz\tqux quux\n", encoding="utf-8"
    )
    (tmp_path / "lexicons" / "demo" / "broken.tsv").write_text("no tab here\n", encoding="utf-8")
    monkeypatch.setattr(lexicons, "data_text", lambda path: (tmp_path / path).read_text("utf-8"))
    for loader in (lexicons.entries, lexicons.word_list, lexicons.pairs):
        loader.cache_clear()
    try:
        assert lexicons.entries("demo/words") == ("zulu", "alpha", "#", "more than")
        assert lexicons.word_list("demo/words") == frozenset({"zulu", "alpha", "#", "more than"})
        assert list(lexicons.pairs("demo/map").items()) == [("foo", "bar"), ("baz", "qux quux")]
        with pytest.raises(ValueError, match=r"demo/broken\.tsv: line without a tab"):
            lexicons.pairs("demo/broken")
    finally:
        for loader in (lexicons.entries, lexicons.word_list, lexicons.pairs):
            loader.cache_clear()


def test_loaders_are_cached():
    assert lexicons.word_list("entities/titles") is lexicons.word_list("entities/titles")
    assert "president" in lexicons.word_list("entities/titles")
