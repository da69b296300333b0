"""One cached loader for the vocabulary the annotation stages use.

Word lists and rule tables live as files under ``newsgraph/data/`` so that a
reader can check and extend them without reading Python:

* ``lexicons/<stage>/<name>.txt``: one entry a line, in order. Blank lines
  and lines starting with ``# `` (hash, space) are comments; a lone ``#`` is
  an entry (a numbering sign). Read with :func:`entries` (a tuple, when
  order matters: first-match rules) or :func:`word_list` (a frozenset, for
  membership tests).
* ``lexicons/<stage>/<name>.tsv``: ``key<TAB>value`` lines, same comment
  rules, read with :func:`pairs` (a dict in file order).
* ``lexicons/<stage>/<name>.json``: tables with structure (numbers, lists),
  read with :func:`table`.

Names are paths below ``data/lexicons`` without the extension, e.g.
``word_list("entities/titles")``. Each file is read once per process; the
returned objects are shared, so callers must not mutate them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

LEXICON_DIR = "lexicons"


def data_text(path: str) -> str:
    """The text of ``newsgraph/data/<path>`` (``/``-separated), read as UTF-8."""
    node = resources.files("newsgraph").joinpath("data")
    for part in path.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def _lines(name: str, suffix: str) -> list[str]:
    text = data_text(f"{LEXICON_DIR}/{name}{suffix}")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        out.append(line)
    return out


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/<name>.txt`` in file order, without duplicates."""
    return tuple(dict.fromkeys(line.strip() for line in _lines(name, ".txt")))


@cache
def word_list(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt`` as a set."""
    return frozenset(entries(name))


@cache
def pairs(name: str) -> dict[str, str]:
    """``key -> value`` from the two tab-separated columns of ``lexicons/<name>.tsv``."""
    out: dict[str, str] = {}
    for line in _lines(name, ".tsv"):
        key, sep, value = line.partition("\t")
        if not sep:
            raise ValueError(f"lexicons/{name}.tsv: line without a tab: {line!r}")
        out[key] = value
    return out


@cache
def table(name: str) -> Any:
    """The parsed content of ``lexicons/<name>.json``."""
    return json.loads(data_text(f"{LEXICON_DIR}/{name}.json"))
