"""A page rendered as lines of text, one per block element, each with its element.

Several extraction steps need the page as a reader sees it, line by line,
and also need to know which element each line came from (to compare an
extractor's output with the page's structure). Both come from one walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

# Elements whose text is one paragraph of a rendered body.
BLOCK_TAGS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 td th blockquote pre dd dt figcaption div section article ul ol table tr "
    "main header footer nav aside form dl figure tbody thead caption details summary br".split()
)
UNRENDERED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})


def _normalize_space(text: str) -> str:
    return " ".join(text.split())


def block_lines(element: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """Each line of ``element``'s text with the innermost block element it belongs to.

    Every block element (and ``<br>``) ends the line before it and the line
    inside it, so text is never counted twice and inline markup never
    splits a sentence. Iterative: page DOMs can nest deeper than Python's
    recursion limit.
    """
    buffer: list[str] = []
    open_blocks: list[HtmlElement] = [element]

    def flush() -> tuple[str, HtmlElement] | None:
        line = _normalize_space("".join(buffer))
        buffer.clear()
        return (line, open_blocks[-1]) if line else None

    # Events: ("open", node) renders a node's start and children, ("close",
    # node) its end, ("text", str) a tail.
    stack: list[tuple[str, Any]] = [("open", element)]
    while stack:
        event, item = stack.pop()
        if event == "text":
            buffer.append(item)
            continue
        is_block = item.tag in BLOCK_TAGS and item is not element
        if event == "close":
            if is_block:
                line = flush()
                if line:
                    yield line
                open_blocks.pop()
            continue
        if is_block:
            line = flush()
            if line:
                yield line
            open_blocks.append(item)
        buffer.append(item.text or "")
        stack.append(("close", item))
        for child in reversed(item):
            stack.append(("text", child.tail or ""))
            if isinstance(child.tag, str) and child.tag not in UNRENDERED:
                stack.append(("open", child))
    line = flush()
    if line:
        yield line


def block_paragraphs(element: HtmlElement) -> list[str]:
    """The text of ``element`` as one line per block, in document order."""
    return [line for line, _block in block_lines(element)]
