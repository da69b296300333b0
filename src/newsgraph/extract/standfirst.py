"""The standfirst (dek, subtitle) of an HTML article.

News pages print a sentence or two under the headline that sums the story
up ("Ferry captain freed after protest in harbour town"). Where it is,
from most to least certain:

1. An element right under the headline whose class or id names it
   (``dek``, ``standfirst``, ``subtitle``, ``strapline``, ``summary``,
   ``excerpt``…).
2. A sentence-long ``<h2>`` immediately under the headline, in the same
   header container: section headings are shorter and sit further down (a
   ``<p>`` there is the lead paragraph, part of the body).

The page's meta description is not used: it is what the page tells search
engines, often a sales line ("Call us at ..."), not what readers see.

The standfirst is its own field: when the extracted body opens with it, the
body starts after it, as on the flattened-text path.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..resources.lexicons import entries
from .blocks import block_lines
from .words import count_words

STANDFIRST_NAMES = re.compile(
    r"(?<![a-z])(?:" + "|".join(entries("extract/standfirst_class_names")) + r")(?![a-z])",
    re.IGNORECASE,
)
MIN_WORDS = 6
MAX_WORDS = 70
# How many lines under the headline a standfirst may be (a byline or a
# date line can come first).
LINES_AFTER_HEADLINE = 4


def _named(element: HtmlElement) -> bool:
    for holder in (element, element.getparent()):
        if holder is None or not isinstance(holder.tag, str):
            continue
        names = f"{holder.get('class') or ''} {holder.get('id') or ''}"
        if STANDFIRST_NAMES.search(names):
            return True
    return False


def _sized(text: str) -> bool:
    return MIN_WORDS <= count_words(text) <= MAX_WORDS


def find_standfirst(root: HtmlElement, headline: HtmlElement | None) -> tuple[str, str] | None:
    """``(standfirst, method)`` found under ``headline``, or ``None``."""
    if headline is None:
        return None

    def in_headline(element: HtmlElement) -> bool:
        return element is headline or any(ancestor is headline for ancestor in element.iterancestors())

    # Only the few lines under the headline are needed: stop reading there.
    following: list[tuple[str, HtmlElement]] = []
    seen_headline = False
    for text, element in block_lines(root):
        if in_headline(element):
            seen_headline = True
        elif seen_headline:
            following.append((text, element))
            if len(following) == LINES_AFTER_HEADLINE:
                break
    for text, element in following:
        if _sized(text) and _named(element):
            return text, "html:standfirst-class"
    if following:
        text, element = following[0]
        header = headline.getparent()
        containers = {header, header.getparent() if header is not None else None} - {None}
        if (
            element.tag == "h2"
            and element.getparent() in containers
            and _sized(text)
            and count_words(text) >= 8
            and not text.rstrip().endswith(":")
        ):
            return text, "html:after-headline"
    return None
