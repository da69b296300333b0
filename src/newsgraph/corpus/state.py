"""The corpus layer's in-memory state saved to a file, so that the next run starts
where the last one ended instead of replaying every stored article.

The file is a cache: a JSON header line (format, newsgraph version, layer
parameters, the arrival number it covers and the id of the last article it
placed), then the pickled ``CorpusLayer``. Whoever loads it checks the header
against the database; on any mismatch, or any error reading it, the state is
rebuilt by replay, which is always correct. Deleting the file only costs time.

Unpickling runs code named in the file, so the loader allows only the classes
a ``CorpusLayer`` is made of (newsgraph's corpus and record classes, datasketch's
LSH storage, numpy arrays, a few containers) and ``getattr`` only for the one
bound method datasketch keeps: a file made by anyone else cannot run anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .layer import CorpusLayer

__all__ = ["FORMAT", "StateHeader", "load", "save"]

FORMAT = 2  # 2: stories close when they leave the window

StateHeader = dict[str, Any]

_ALLOWED: dict[str, frozenset[str]] = {
    "builtins": frozenset({"list", "set", "frozenset", "dict", "tuple", "bytearray", "getattr"}),
    "collections": frozenset({"Counter", "defaultdict", "deque", "OrderedDict"}),
    "datetime": frozenset({"date", "datetime", "timedelta"}),
    "array": frozenset({"array", "_array_reconstructor"}),
    "numpy": frozenset({"dtype", "ndarray"}),
    "numpy._core.numeric": frozenset({"_frombuffer"}),
    "numpy.core.numeric": frozenset({"_frombuffer"}),
    "numpy._core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "numpy.core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "datasketch.lsh": frozenset({"MinHashLSH"}),
    "datasketch.storage": frozenset({"DictListStorage", "DictSetStorage"}),
}
# newsgraph's own modules whose classes make up the layer.
_OWN_PREFIXES = ("newsgraph.corpus.", "newsgraph.records")


def _safe_getattr(obj: Any, name: str) -> Any:
    from datasketch.lsh import MinHashLSH

    if not isinstance(obj, MinHashLSH) or not isinstance(name, str) or name.startswith("__"):
        raise pickle.UnpicklingError(f"getattr({type(obj).__name__}, {name!r}) is not allowed")
    return getattr(obj, name)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name == "getattr":
            return _safe_getattr
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        if module.startswith(_OWN_PREFIXES) or module == "newsgraph.records":
            found = super().find_class(module, name)
            # Only classes defined there: never a function or a module it imported.
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a corpus layer state")


def _version() -> str:
    try:
        return version("newsgraph")
    except PackageNotFoundError:  # run from a source tree
        return "unknown"


def header_for(layer: CorpusLayer, last_id: str | None) -> StateHeader:
    return {
        "format": FORMAT,
        "version": _version(),
        "params": repr(layer.params),
        "seq": layer.seq,
        "last_id": last_id,
    }


def save(path: Path, layer: CorpusLayer, last_id: str | None) -> None:
    """Write the state atomically (a temporary file renamed over the old one)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("wb") as out:
            out.write(json.dumps(header_for(layer, last_id)).encode("utf-8") + b"\n")
            pickle.dump(layer, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def read_header(path: Path) -> StateHeader | None:
    """The header of a state file, None when there is none or it is unreadable."""
    try:
        with path.open("rb") as handle:
            header = json.loads(handle.readline())
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def load(path: Path, expected: StateHeader) -> CorpusLayer | None:
    """The layer saved in ``path`` if its header has every ``expected`` value, else None."""
    try:
        with path.open("rb") as handle:
            header = json.loads(handle.readline())
            if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
                return None
            layer = _Unpickler(handle).load()
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return layer if isinstance(layer, CorpusLayer) else None
