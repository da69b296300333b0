"""An extractor's output aligned with the page's own blocks, and repaired by that alignment.

Two repairs need to know where each extracted line sits on the page:
putting back blocks the extractor skipped inside the article, and dropping
stray lines at the edges that come from elsewhere on the page.

Skipped blocks.
trafilatura keeps ``<h2>``/``<h3>`` in most pages, but drops headings that
are styled as ``<h1>`` inside the article, or that sit in wrappers it
judges as boilerplate (a heading alone in a ``<div>`` has no text density).
Readers, and WCXB's annotators, count section headings as part of the
article. This step aligns the extracted lines with the page's own block
lines, and inserts a heading found between two extracted lines when it is
structurally part of the same stretch of the page: its lowest common
ancestor with the preceding extracted line is at most ``MAX_HEADING_DEPTH``
levels above its parent (0: they share the parent); a heading further up
the tree belongs to another part of the page (a teaser row's or a
sidebar's title). Other skipped blocks (pros and cons lists, score tables,
a paragraph in a styled box) come back under stricter conditions: within
``MAX_BLOCK_DEPTH`` levels of the kept lines on both sides (counted the
same way), at least five words, under 30% link text. Most blocks an
extractor skips between two kept lines are furniture (share rows, ads,
teasers), so putting back every one costs far more precision than it
gains in recall.

Stray edges. The article is the deepest element holding ``CORE_SHARE`` of
the extracted words that could be placed on the page; leading and trailing
lines outside it (a teaser row, a sign-up line, a footer sentence) are
dropped.
Lines in the middle stay: the article can embed boxes the way pages lay out.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lxml.html import HtmlElement

from .blocks import block_lines
from .words import TOKEN, count_words

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MAX_HEADING_DEPTH = 2
# Other skipped blocks (a pros/cons list, a score table, a paragraph in a
# styled box) come back only when they sit as close to the kept lines on
# both sides, say something (MIN_BLOCK_WORDS) and are not mostly links.
MAX_BLOCK_DEPTH = 2
MIN_BLOCK_WORDS = 5
MAX_LINK_DENSITY = 0.3
_NEVER_RESTORED = frozenset({"figcaption", "pre"})
CORE_SHARE = 0.95
# A skipped block whose text the extracted text already holds inside another
# line is not put back; shorter texts ("Costs") are compared line to line only.
_QUOTED_WORDS = 4
# Invisible characters inside words (C0/C1 controls, soft hyphens, zero-width
# marks): trafilatura drops them from its text, the page's blocks keep them,
# and a word split by one would keep an extracted line from being found on the
# page (a double-encoded apostrophe is "â" plus two C1 controls).
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u200b-\u200d\u2060\ufeff]")


def _key(text: str) -> str:
    return " ".join(TOKEN.findall(_INVISIBLE.sub("", text.lower())))


def _depth_below(element: HtmlElement, ancestors: set[HtmlElement]) -> int:
    """How far up from ``element`` its lowest common ancestor with a block (given by that block's ancestors) is.

    0 when they share the parent, 1 the grandparent, and so on.
    """
    return next((depth for depth, ancestor in enumerate(element.iterancestors()) if ancestor in ancestors), 1_000)


def _link_density(element: HtmlElement, cache: dict[HtmlElement, float]) -> float:
    if element not in cache:
        text = len(element.text_content()) or 1
        cache[element] = sum(len(link.text_content()) for link in element.iter("a")) / text
    return cache[element]


def _belongs(
    element: HtmlElement,
    key: str,
    before: set[HtmlElement],
    after: set[HtmlElement],
    densities: dict[HtmlElement, float],
) -> bool:
    """Whether a block the extractor skipped between two kept lines is article text."""
    if element.tag in HEADING_TAGS:
        return _depth_below(element, before) <= MAX_HEADING_DEPTH
    if element.tag in _NEVER_RESTORED or count_words(key) < MIN_BLOCK_WORDS:
        return False
    return (
        _depth_below(element, before) <= MAX_BLOCK_DEPTH
        and _depth_below(element, after) <= MAX_BLOCK_DEPTH
        and _link_density(element, densities) < MAX_LINK_DENSITY
    )


def align_with_page(root: HtmlElement, text: str, *, title: str | None = None) -> str:
    """``text`` (an extractor's output, one block a line) with skipped blocks put back and stray edges cut.

    ``root`` is the tree the text was extracted from; ``title`` (the
    article's headline) is never inserted.
    """
    body = root.find(".//body")
    blocks = list(block_lines(body if body is not None else root))
    if not blocks:
        return text
    keys = [_key(line) for line, _ in blocks]
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        positions.setdefault(key, []).append(index)

    lines = [line for line in text.split("\n") if line.strip()]
    present = {_key(line) for line in lines}
    everything = f" {_key(text)} "
    title_key = _key(title or "")
    result: list[tuple[str, HtmlElement | None]] = []
    densities: dict[HtmlElement, float] = {}
    previous: int | None = None  # block index of the last extracted line found on the page
    for line in lines:
        key = _key(line)
        found = None
        if key and key in positions:
            candidates = positions[key]
            at = bisect_right(candidates, previous) if previous is not None else 0
            found = candidates[at] if at < len(candidates) else None
        if found is not None and previous is not None and found > previous + 1:
            before = set(blocks[previous][1].iterancestors())
            after = set(blocks[found][1].iterancestors())
            for index in range(previous + 1, found):
                block_text, element = blocks[index]
                block_key = keys[index]
                if not block_key or block_key == title_key or block_key in present:
                    continue
                if len(block_key.split()) >= _QUOTED_WORDS and f" {block_key} " in everything:
                    continue  # the extractor kept it inside another line (a table row, a merged block)
                if _belongs(element, block_key, before, after, densities):
                    result.append((block_text, element))
                    present.add(block_key)
        result.append((line, blocks[found][1] if found is not None else None))
        if found is not None:
            previous = found
    return "\n".join(line for line, _ in _without_stray_edges(result))


def _without_stray_edges(lines: list[tuple[str, HtmlElement | None]]) -> list[tuple[str, HtmlElement | None]]:
    """``lines`` less the leading and trailing ones placed outside the article's element."""
    words = [count_words(_key(line)) for line, _ in lines]
    placed = sum(count for count, (_, element) in zip(words, lines, strict=True) if element is not None)
    if not placed:
        return lines
    held: dict[HtmlElement, int] = {}
    for count, (_, element) in zip(words, lines, strict=True):
        if element is not None:
            for holder in (element, *element.iterancestors()):
                held[holder] = held.get(holder, 0) + count
    core = max(
        (holder for holder, count in held.items() if count >= CORE_SHARE * placed),
        key=lambda holder: sum(1 for _ in holder.iterancestors()),
        default=None,
    )
    if core is None:
        return lines

    def inside(element: HtmlElement | None) -> bool:
        return element is None or element is core or any(ancestor is core for ancestor in element.iterancestors())

    start, end = 0, len(lines)
    while start < end and not inside(lines[start][1]):
        start += 1
    while end > start and not inside(lines[end - 1][1]):
        end -= 1
    return lines[start:end]
