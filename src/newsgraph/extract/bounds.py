"""Bounding the work one huge page can cause, without losing its article.

trafilatura's passes are superlinear on giant DOMs (a 300 KB page of 7,000
sibling ``<div>``s takes ~7 s), while article pages stripped of scripts stay
under ~500 KB (WCXB-dev: median 78 KB, max 505 KB). So a page above
``STRIP_ABOVE`` characters is, in this order:

1. stripped of comments, scripts, styles, inline SVG, ``<noscript>`` and
   ``<template>`` in one linear scan (``strip_heavy``); JSON-LD is taken
   out whole on the way;
2. given its JSON-LD back in compact form: only what the metadata and body
   steps read (type, headline, dates, authors, publisher, ``articleBody``),
   so a live blog's megabytes of ``liveBlogUpdate`` entries are gone while
   its metadata stays (``compact_json_ld``);
3. stripped of data that is no text: long ``data-*``/``style``/``srcset``
   attribute values and inline ``data:`` URIs;
4. measured, and if still over ``MAX_HTML_CHARS``, cut by structure: the
   ``<head>`` plus the element holding the article (``<article>``,
   ``<main>``, or the block with the most paragraph text and as much around
   it as fits), not the page's first characters (``cut_by_structure``).

The page's metadata is read from the page after step 3, before the cut
(``load_page``); only the body extractors see the cut page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

STRIP_ABOVE = 500_000
MAX_HTML_CHARS = 750_000
# A page still this large after stripping is cut at a tag boundary before it
# is parsed at all: parsing costs about ten bytes of memory per character.
MAX_PARSED_CHARS = 8 * MAX_HTML_CHARS

# An opener whose content no reader sees. Browsers read an unclosed comment,
# script, style, noscript or template to the end of the page; an unclosed
# <svg> ends where the next HTML block starts, so only its tag goes.
_OPENER = re.compile(r"<(?:(!--)|(script|style|svg|noscript|template)(?=[\s/>]|\Z))", re.IGNORECASE)
_CLOSERS = {
    name: re.compile(rf"</{name}(?=[\s/>]|\Z)", re.IGNORECASE)
    for name in ("script", "style", "svg", "noscript", "template")
}
_HEAD = re.compile(r"<head(?=[\s>])[^>]*>", re.IGNORECASE)
# Inline images ("src=\"data:image/png;base64,...\"") can weigh megabytes on
# their own; so can state serialised into data-* attributes.
_DATA_URIS = re.compile(r"""(\s(?:src|href|srcset|poster)\s*=\s*)(["'])data:[^"']{256,}\2""", re.IGNORECASE)
_BIG_ATTRIBUTES = re.compile(r"""(\s(?:data-[\w.:-]*|style|srcset|sizes)\s*=\s*)(["'])[^"']{2000,}\2""", re.IGNORECASE)
# What the metadata and body steps read from a JSON-LD object.
_KEPT_KEYS = (
    "@type",
    "headline",
    "name",
    "alternativeHeadline",
    "datePublished",
    "dateCreated",
    "dateModified",
    "author",
    "creator",
    "publisher",
    "articleBody",
    "url",
)
_MAX_KEPT_VALUE = 200_000


def strip_heavy(html: str) -> tuple[str, list[str]]:
    """``html`` without comments, scripts, styles, SVG, noscript and templates; and the JSON-LD texts taken out.

    One pass: each opener's closer is searched for once, from the opener
    on, and the scan resumes after it, so no character is read more than
    a few times however many openers are left unclosed.
    """
    out: list[str] = []
    json_ld: list[str] = []
    missing: set[str] = set()  # closers known to be absent from the rest of the page
    position = 0
    while True:
        match = _OPENER.search(html, position)
        if match is None:
            out.append(html[position:])
            break
        out.append(html[position : match.start()])
        out.append(" ")
        if match.group(1):
            end = html.find("-->", match.end())
            if end < 0:
                break  # an unclosed comment runs to the end of the page
            position = end + 3
            continue
        name = match.group(2).lower()
        tag_end = html.find(">", match.end())
        if tag_end < 0:
            break  # an unclosed tag: the rest of the page is its attributes
        closer = None if name in missing else _CLOSERS[name].search(html, tag_end + 1)
        if closer is None:
            missing.add(name)
            if name == "svg":
                position = tag_end + 1
                continue
            break  # raw text runs to the end of the page
        if name == "script" and "ld+json" in html[match.end() : tag_end].lower():
            json_ld.append(html[tag_end + 1 : closer.start()])
        close_end = html.find(">", closer.end())
        position = len(html) if close_end < 0 else close_end + 1
    return "".join(out), json_ld


def parse_json_ld(text: str) -> Any:
    """The JSON in a JSON-LD script, ``None`` when it is not JSON (or nests too deep to read)."""
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    except RecursionError:
        return None
    # Some CMSs emit trailing commas or control characters.
    try:
        return json.loads(re.sub(r",\s*([\]}])", r"\1", text.replace("\n", " ")), strict=False)
    except (ValueError, RecursionError):
        return None


def json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of parsed JSON-LD, ``@graph`` and ``mainEntity`` members flattened."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, (dict, list)):
                stack.append(graph)
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)


def _small(value: Any, budget: int) -> bool:
    try:
        return len(json.dumps(value, ensure_ascii=False)) <= budget
    except (TypeError, ValueError, RecursionError):
        return False


def compact_json_ld(texts: list[str]) -> str:
    """One ``<script type="application/ld+json">`` holding only the fields read from ``texts``' objects ("" if none)."""
    kept: list[dict[str, Any]] = []
    for text in texts:
        for item in json_ld_items(parse_json_ld(text)):
            compact = {key: item[key] for key in _KEPT_KEYS if key in item and _small(item[key], _MAX_KEPT_VALUE)}
            if compact.get("@type"):
                kept.append(compact)
    if not kept:
        return ""
    payload = json.dumps({"@graph": kept}, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{payload}</script>'


def strip_page(html: str) -> str:
    """Steps 1-3 of the module docstring: the page less everything that is no text, JSON-LD compacted."""
    html, json_ld = strip_heavy(html)
    html = _BIG_ATTRIBUTES.sub(r"\1\2\2", _DATA_URIS.sub(r"\1\2\2", html))
    script = compact_json_ld(json_ld)
    if script:
        head = _HEAD.search(html)
        at = head.end() if head is not None else 0
        html = html[:at] + script + html[at:]
    return html


def cut_at_tag(html: str, limit: int) -> str:
    """At most ``limit`` characters of ``html``, ending before a tag rather than inside one."""
    if len(html) <= limit:
        return html
    cut = html.rfind("<", 0, limit)
    return html[: cut if cut > limit // 2 else limit]


def _serialized_length(element: HtmlElement) -> int:
    from lxml.html import tostring

    return len(tostring(element, encoding="unicode"))


def article_container(tree: HtmlElement, budget: int) -> HtmlElement | None:
    """The element that holds the article and fits in ``budget`` characters of markup.

    The block whose ``<p>`` children hold the most text is the article's
    core; its nearest ``<article>`` or ``<main>`` is taken when it fits,
    else the core grows by ancestors while they fit.
    """
    held: dict[HtmlElement, int] = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            held[parent] = held.get(parent, 0) + len(paragraph.text_content())
    if not held:
        candidates = [element for element in tree.iter("article", "main")]
        return max(candidates, key=lambda element: len(element.text_content()), default=None)
    core = max(held, key=held.__getitem__)
    for ancestor in (core, *core.iterancestors()):
        if ancestor.tag in ("body", "html"):
            break
        if ancestor.tag in ("article", "main"):
            if _serialized_length(ancestor) <= budget:
                return ancestor
            break
    chosen = core
    for ancestor in list(core.iterancestors())[:8]:
        if ancestor.tag in ("body", "html") or _serialized_length(ancestor) > budget:
            break
        chosen = ancestor
    return chosen


def cut_by_structure(tree: HtmlElement, limit: int = MAX_HTML_CHARS) -> str:
    """The page's ``<head>`` and article container as a page of at most ``limit`` characters.

    The page's first ``<h1>`` comes along when the container lacks it: the
    headline sits above the article block on many pages.
    """
    from lxml.html import tostring

    head = tree.find(".//head")
    head_html = tostring(head, encoding="unicode") if head is not None else ""
    if len(head_html) > limit // 4:
        head_html = cut_at_tag(head_html, limit // 4)
    budget = limit - len(head_html) - 100
    container = article_container(tree, budget)
    if container is None:
        body = tree.find(".//body")
        body_html = tostring(body if body is not None else tree, encoding="unicode")
        return cut_at_tag(head_html + body_html, limit)
    parts = [head_html, "<body>"]
    h1 = tree.find(".//h1")
    if h1 is not None and h1 is not container and not any(a is container for a in h1.iterancestors()):
        parts.append(f"<h1>{_escape(h1.text_content())}</h1>")
    parts.append(tostring(container, encoding="unicode", with_tail=False))
    parts.append("</body>")
    return cut_at_tag("".join(parts), limit)


def _escape(text: str) -> str:
    import html as html_lib

    return html_lib.escape(" ".join(text.split()), quote=False)


@dataclass
class LoadedPage:
    """A page parsed for metadata (``tree``) and, when it had to be cut, the smaller page for the body extractors."""

    tree: HtmlElement
    body_tree: HtmlElement
    truncated: bool


def load_page(html: str) -> LoadedPage | None:
    """Parse a page within the bounds of the module docstring; ``None`` when it is not HTML at all."""
    from trafilatura.utils import load_html

    truncated = False
    if len(html) > STRIP_ABOVE:
        html = strip_page(html)
        if len(html) > MAX_PARSED_CHARS:
            html, truncated = cut_at_tag(html, MAX_PARSED_CHARS), True
    try:
        tree = load_html(html)
    except (TypeError, ValueError):
        return None
    if tree is None:
        return None
    if len(html) <= MAX_HTML_CHARS:
        return LoadedPage(tree, tree, truncated)
    body_tree = None
    for cut in (lambda: cut_by_structure(tree), lambda: cut_at_tag(html, MAX_HTML_CHARS)):
        try:
            body_tree = load_html(cut())
        except (TypeError, ValueError):
            continue
        if body_tree is not None:
            break
    return LoadedPage(tree, body_tree if body_tree is not None else tree, True)
