"""Where the gold sets are.

They live outside the package (they are not ours to ship): in the folder
named by ``NEWSGRAPH_GOLD`` (``Settings.gold``), else in ``shared/data``
beside the checkout, looked for first above the current directory, then
above the repository this module sits in.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import Settings
from ..errors import EvaluationError

log = logging.getLogger(__name__)

# Each evaluation's gold set, relative to the gold folder.
GOLD_SETS = {
    "extraction": "extraction/wcxb-dev",
    "ner": "ner/conll2003/eng.testa",
    "quotes": "quotes/polnear/dev",
    "times": "time/tempeval3-tbaq",
    "events": "events",
    "case": "events/case2021-dev",
    "stories-ecbplus": "corpus/ecbplus-dev",
    "stories-gvc": "corpus/gvc-dev",
    "corpus-ecbplus": "corpus/ecbplus-dev",
    "corpus-gvc": "corpus/gvc-dev",
    "corpus-meantime": "corpus/meantime",
}


def gold_root(settings: Settings) -> Path:
    """The folder holding the gold sets (it may not exist)."""
    if settings.gold:
        return Path(settings.gold)
    repo_parent = Path(__file__).resolve().parents[4]
    for root in (Path.cwd().parent, repo_parent):
        if (root / "shared" / "data").is_dir():
            return root / "shared" / "data"
    log.debug("no shared/data above %s or %s", Path.cwd(), repo_parent)
    return Path.cwd().parent / "shared" / "data"


def gold_path(name: str, settings: Settings, given: Path | None = None) -> Path:
    """The gold set of evaluation ``name``: ``given`` when set, else its
    place under :func:`gold_root`. Whether it exists is the caller's check."""
    if given is not None:
        return given
    return gold_root(settings) / GOLD_SETS[name]


def events_dir(data_dir: Path) -> Path:
    """The folder holding ``india-police-events/`` and ``plover-gsr/``:
    ``data_dir`` itself, its ``events/`` (a gold folder) or its
    ``data/events/`` (the folder above one)."""
    for candidate in (data_dir, data_dir / "events", data_dir / "data" / "events"):
        if (candidate / "india-police-events").is_dir() or (candidate / "plover-gsr").is_dir():
            return candidate
    raise EvaluationError(f"no india-police-events/ or plover-gsr/ under {data_dir}")
