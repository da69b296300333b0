"""Language identification of article bodies with py3langid.

py3langid is fast (a naive Bayes model over byte n-grams) and covers 97
languages; its guesses on very short strings are noise, so texts below
``MIN_CHARS`` letters get no language at all rather than a wrong one.
"""

from __future__ import annotations

# Below this many letters a guess is unreliable (a headline fragment or a
# caption can look like anything).
MIN_CHARS = 20
# The model's cost grows with the text; the first 20k characters decide the
# language of any article as well as the whole body would.
_SAMPLE_CHARS = 20_000


def detect_language(text: str | None) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when too short.

    >>> detect_language("The president said on Monday that the talks had failed.")
    'en'
    """
    if not text:
        return None
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None
    # Imported here: loading the model takes ~0.3 s, paid only when needed.
    import py3langid

    code, _score = py3langid.classify(sample)
    return str(code)
