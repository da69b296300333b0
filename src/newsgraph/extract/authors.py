"""The article's authors, from every place a page names them, cleaned of what is no person.

Sources, strongest first: JSON-LD ``author`` and ``<meta name="author">``
(what the publisher declares); the byline in the markup (``rel="author"``,
``itemprop="author"``, an element whose class or id is ``byline`` or
``author``, a "By NAME" line under the headline); and trafilatura's own
author extraction, which reads the same places with other rules. Every
candidate is cleaned: e-mail addresses, URLs, handles such as "Staff" or
"Admin" are dropped, as are strings too long to be names, and text picked
from the page must look like a name.

The declared names are kept when any remain and they are not just the
publisher's or the site's name; a declared organisation yields to a person
named by the markup or by trafilatura (agreeing, else the markup first),
and stays when no person is found: company blogs sign as the company, and
readers (and WCXB's annotators) take that for the author.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

from ..resources.lexicons import entries
from .blocks import block_lines

# Not a person: a role, a desk or a machine account.
_HANDLES = re.compile(r"^(?:the\s+)?(?:" + "|".join(entries("extract/author_handles")) + r")$", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co|io)\b", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:" + "|".join(map(re.escape, entries("extract/byline_labels"))) + r")\s+", re.IGNORECASE)
# Punctuation, then the conjunctions as whole words: no two alternatives
# match at one place, so their order does not matter.
_SEPARATORS = re.compile(
    r"\s*(?:,|;|\||&|" + "|".join(rf"\b{re.escape(word)}\b" for word in entries("extract/name_conjunctions")) + r")\s*",
    re.IGNORECASE,
)
_BYLINE_NAMES = re.compile(
    r"(?<![a-z])(?:" + "|".join(entries("extract/byline_class_names")) + r")(?![a-z])", re.IGNORECASE
)
# A byline line under the headline: "By" and one to four capitalised names.
_BYLINE_LINE = re.compile(
    r"^(?i:by)\s+(?P<names>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*)"
)
MAX_NAME_WORDS = 5
LINES_AFTER_HEADLINE = 6


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def clean_names(values: Iterable[str], *, name_like: bool = False) -> list[str]:
    """Names from ``values``, split at separators, without handles, e-mail addresses and URLs.

    With ``name_like`` (text picked from the page rather than declared), a
    name must also look like one: up to five words, capitalised, no digits.

    >>> clean_names(["By Jane Doe and John Roe", "Staff", "news@example.org"])
    ['Jane Doe', 'John Roe']
    """
    names: dict[str, str] = {}
    for value in values:
        value = " ".join(str(value).split())
        if not value or (_URL.search(value) and " " not in value.strip()):
            continue
        for part in _SEPARATORS.split(_BY.sub("", value)):
            part = _EMAIL.sub("", part).strip(" -–—:|·•,.()[]")
            part = _BY.sub("", part).strip()
            if not part or _URL.search(part) or _HANDLES.match(part):
                continue
            if len(part.split()) > MAX_NAME_WORDS or not any(ch.isalpha() for ch in part):
                continue
            if name_like and (
                any(ch.isdigit() for ch in part)
                or not all(w[:1].isupper() for w in part.split() if w[:1].isalpha())
                or not part[:1].isupper()
                or part.endswith("*")
            ):
                continue
            names.setdefault(_comparable(part), part)
    return list(names.values())


def _is_organisation(names: list[str], organisations: set[str]) -> bool:
    """Whether every one of ``names`` is the publisher's or the site's name."""
    return bool(names) and all(
        any(key == org or (len(org) >= 4 and org in key) for org in organisations) for key in map(_comparable, names)
    )


def markup_authors(tree: HtmlElement, headline: HtmlElement | None = None) -> list[str]:
    """Names the markup marks as the author's: ``rel``/``itemprop``/class/id
    ``author``/``byline``, or "By NAME" under the headline."""
    found: list[str] = []
    for element in tree.iterfind(".//*[@rel]"):
        if "author" in (element.get("rel") or "").lower().split():
            found.append(element.text_content())
    for element in tree.iterfind(".//*[@itemprop]"):
        if (element.get("itemprop") or "").lower() == "author":
            name = element.find(".//*[@itemprop='name']")
            found.append(
                name.get("content") or name.text_content()
                if name is not None
                else element.get("content") or element.text_content()
            )
    if not found:
        for element in tree.iter():
            # Containers of the whole page or article, and elements with no text, are no byline.
            if not isinstance(element.tag, str) or element.tag in ("body", "html", "article", "main", "meta", "script"):
                continue
            names = f"{element.get('class') or ''} {element.get('id') or ''}"
            if names.strip() and _BYLINE_NAMES.search(names):
                text = " ".join(element.text_content().split())
                if 0 < len(text.split()) <= 12:
                    found.append(text)
                    break
    if not found and headline is not None:
        found.extend(_byline_under(tree, headline))
    return found[:10]


def _byline_under(tree: HtmlElement, headline: HtmlElement) -> list[str]:
    body = tree.find(".//body")
    seen = False
    after = 0
    for text, element in block_lines(body if body is not None else tree):
        if element is headline or any(a is headline for a in element.iterancestors()):
            seen = True
            continue
        if not seen:
            continue
        after += 1
        if after > LINES_AFTER_HEADLINE:
            break
        match = _BYLINE_LINE.match(text)
        if match and len(text.split()) <= 15:
            return [match.group("names")]
    return []


def trafilatura_authors(tree: HtmlElement, url: str | None) -> list[str]:
    """trafilatura's author metadata, split into names ("" on any failure)."""
    from copy import deepcopy

    try:
        from trafilatura.metadata import extract_metadata

        document = extract_metadata(deepcopy(tree), default_url=url)
    except Exception:  # noqa: BLE001 - a failing second opinion is no opinion
        return []
    author = getattr(document, "author", None) if document is not None else None
    return [part for part in (author or "").split(";") if part.strip()]


def _agree(first: list[str], second: list[str]) -> bool:
    return bool(first) and {_comparable(n) for n in first} == {_comparable(n) for n in second}


def choose_authors(
    declared: list[str],
    declared_method: str | None,
    tree: HtmlElement,
    headline: HtmlElement | None,
    url: str | None,
    organisations: Iterable[str | None],
) -> tuple[list[str], str | None]:
    """The authors and the source that gave them (see the module docstring).

    ``organisations`` are the publisher's and the site's names: declared as
    the author, they yield to a person the page's byline or trafilatura
    names, but stay when nothing else is found (company blogs sign as the
    company).
    """
    orgs = {_comparable(name) for name in organisations if name}
    orgs.discard("")
    declared = clean_names(declared)
    if declared and not _is_organisation(declared, orgs):
        return declared, declared_method
    markup = clean_names(markup_authors(tree, headline), name_like=True)
    other = clean_names(trafilatura_authors(tree, url))
    people = [
        (names, method)
        for names, method in ((markup, "markup"), (other, "trafilatura"))
        if names and not _is_organisation(names, orgs)
    ]
    if declared and not people:
        return declared, declared_method
    if _agree(markup, other):
        return markup, "markup+trafilatura"
    if people:
        return people[0]
    if declared:
        return declared, declared_method
    if markup or other:
        return (markup, "markup") if markup else (other, "trafilatura")
    return [], None
