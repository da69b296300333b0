"""Removing page furniture that extractors mistake for article text.

trafilatura, readability and jusText judge blocks by their text (length,
link density, stop words). Some furniture reads exactly like prose: a
carousel of teasers for other stories, a promotional banner, a modal
newsletter sign-up, an author biography box, a legal disclosure. Its
markup names it, so it is cut from the tree by the class or id of its
container before any extractor sees the page.

The names are generic web-design vocabulary, not any site's, and only
names that pages reserve for furniture: a name that also wraps article
text would cut the article with it. So these are not in the list
(``data/lexicons/extract/furniture_names.txt``):
"related"/"recommended" (readers count some in-article related-links lists
as part of the article), "share"/"social", "breadcrumb"/"byline"/"tags",
"ad"/"sponsor"/"partner", "footnote", "widget"/"sidebar" (themes wrap the
article itself in them), "bio"/"profile", "reviews"/"testimonials",
"overlay"/"dialog".
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..resources.lexicons import entries

# A whole token of a class or id attribute ("promo-bar", "c-modal__inner",
# "newsletter_signup"): letters may not continue it on either side.
FURNITURE_NAMES = re.compile(
    r"(?<![a-z])(?:" + "|".join(entries("extract/furniture_names")) + r")(?![a-z])",
    re.IGNORECASE,
)
# A container holding more than this share of the page's text, its <h1>, or
# many paragraphs wraps the article itself (themes put "modal-open" or
# "has-banner" on page wrappers), so it is never cut; nor is an element that
# the document's structure makes the page or the article.
_MAX_SHARE = 0.3
_MAX_PARAGRAPHS = 10
_NEVER_CUT = frozenset({"html", "body", "head", "main", "article"})


def is_furniture(element: HtmlElement) -> bool:
    """Whether ``element``'s class or id names it as page furniture."""
    if not isinstance(element.tag, str) or element.tag in _NEVER_CUT:
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and FURNITURE_NAMES.search(names) is not None


def prune_furniture(tree: HtmlElement) -> int:
    """Cut furniture containers out of ``tree`` in place; the number cut."""
    total = len(tree.text_content()) or 1
    found = [element for element in tree.iter() if is_furniture(element)]
    cut = 0
    for element in found:
        parent = element.getparent()
        if parent is None:
            continue  # already inside a cut container
        if element.find(".//h1") is not None or len(element.findall(".//p")) > _MAX_PARAGRAPHS:
            continue
        if len(element.text_content()) > _MAX_SHARE * total:
            continue
        # Keep the tail: it is text of the parent that follows the element.
        if element.tail and element.tail.strip():
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
        cut += 1
    return cut


# Headings that open the end matter after an article: the author's bio, the
# source list, teasers for other stories, the sign-up box. The whole line
# must be the heading (at most ``_MAX_HEADING_WORDS`` words), so a sentence
# that merely starts "Share this..." is kept. The headings, and those left
# out, are in ``data/lexicons/extract/end_matter_headings.txt``.
_END_MATTER_HEADING = re.compile(
    r"(?:" + "|".join(entries("extract/end_matter_headings")) + r")\s*[:.]?",
    re.IGNORECASE,
)
_MAX_HEADING_WORDS = 6


def trim_end_matter(body: str) -> str:
    """Cut ``body`` (paragraphs separated by blank lines) at an end-matter heading.

    Only a heading in the second half counts: one near the top is a section
    of the article ("More from the hearing" as a subheading) or a teaser box
    that the rest of the article follows.
    """
    paragraphs = body.split("\n\n")
    for index in range(max(1, len(paragraphs) // 2), len(paragraphs)):
        line = paragraphs[index].strip()
        if len(line.split()) <= _MAX_HEADING_WORDS and _END_MATTER_HEADING.fullmatch(line):
            return "\n\n".join(paragraphs[:index])
    return body
