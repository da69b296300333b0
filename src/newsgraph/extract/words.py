"""Counting words in any script, including those written without spaces.

Chinese, Japanese and Thai put no spaces between words, so a paragraph of
them is one "word" to ``str.split``: every minimum-length rule would take a
whole article for a label. Their characters are counted instead, two to a
word (the mean length of a Chinese or Japanese word is about 1.5 to 2
characters; a Thai syllable is a few characters, and a word one or two
syllables). Korean spaces its words and is counted like Latin script.
"""

from __future__ import annotations

import re

# Han ideographs (with extensions and compatibility forms), kana, and Thai.
SPACELESS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
_SPACELESS_CHAR = re.compile(f"[{SPACELESS}]")
# A word of a spaced script: a run of word characters that are not spaceless ones.
_SPACED_WORD = re.compile(f"(?:(?![{SPACELESS}])\\w)+")
# One token a word for the spaced scripts, one a character for the others:
# what bags of words are built from.
TOKEN = re.compile(f"[{SPACELESS}]|(?:(?![{SPACELESS}])\\w)+")
CHARACTERS_PER_WORD = 2


def spaceless_characters(text: str) -> int:
    """How many characters of ``text`` are of a script written without spaces."""
    return len(_SPACELESS_CHAR.findall(text))


def count_words(text: str) -> int:
    """Words in ``text``: its spaced words plus its spaceless characters two to a word.

    >>> count_words("Talks fail again")
    3
    >>> count_words("東京で新しい駅が開業した")
    6
    """
    spaceless = spaceless_characters(text)
    if not spaceless:
        return len(text.split())
    return len(_SPACED_WORD.findall(text)) + -(-spaceless // CHARACTERS_PER_WORD)
