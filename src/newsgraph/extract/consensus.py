"""Choosing an article body among several extractors' outputs by agreement.

Each boilerplate remover fails in its own way: trafilatura sometimes settles
on a sub-container of the article (a lead box, one of several sibling rich
text blocks), readability on a neighbouring block, jusText drops short
paragraphs. Where they disagree, the output that shares most words with the
others is the likeliest to be the article (a medoid), and the primary
extractor keeps a head start so that the vote overrides it only when it is
clearly the odd one out.

Texts are compared as bags of lower-cased ``\\w+`` words (single characters
of scripts written without spaces: see ``words``), which ignores the line
breaks and spacing each extractor renders differently.

A shorter winner replaces the primary's text only with evidence that what
it lacks is no part of the article: those lines sit on the page outside the
element holding the lines both share (a comment block, a teaser row after
the article's container). When they sit inside it or cannot be placed (the
slides of a slideshow, the later sections of a long article that another
extractor cut after its intro), the longer text is the article and stays
(see ``html.extract_body``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from .words import TOKEN as _WORD


def word_bag(text: str | None) -> Counter[str]:
    """The multiset of lower-cased words in ``text``."""
    return Counter(_WORD.findall((text or "").lower()))


def bag_f1(first: Counter[str], second: Counter[str]) -> float:
    """Word-overlap F1 of two bags (0.0 when either is empty)."""
    total = sum(first.values()) + sum(second.values())
    if not first or not second:
        return 0.0
    return 2 * sum((first & second).values()) / total


def containment(inner: Counter[str], outer: Counter[str]) -> float:
    """Share of ``inner``'s words that ``outer`` also has (1.0 for an empty ``inner``)."""
    size = sum(inner.values())
    return sum((inner & outer).values()) / size if size else 1.0


def pick_by_agreement(candidates: Mapping[str, Counter[str]], prior: str, head_start: float) -> str:
    """The name of the candidate agreeing best, on average, with all the others.

    ``prior`` gets ``head_start`` added to its mean agreement. Empty
    candidates cannot win but still count in the others' averages (as
    disagreeing with everyone equally). With fewer than two candidates the
    prior wins.

    >>> bags = {"a": word_bag("x y z w"), "b": word_bag("x y z w"), "c": word_bag("q r s")}
    >>> pick_by_agreement(bags, prior="c", head_start=0.1)
    'a'
    """
    names = list(candidates)
    if len(names) < 2:
        return prior
    best, best_score = prior, float("-inf")
    for name in names:
        bag = candidates[name]
        if not bag:
            continue
        score = sum(bag_f1(bag, candidates[other]) for other in names if other != name) / (len(names) - 1)
        if name == prior:
            score += head_start
        if score > best_score:
            best, best_score = name, score
    return best


def shared_lines(lines: list[str], candidate: Counter[str]) -> list[bool]:
    """For each of ``lines`` (one text's lines, in order), whether ``candidate`` holds it too.

    Lines are matched in order against what is left of ``candidate``'s
    words: a line is shared when at least half of its words are left, and
    its words are then used up, so that common words cannot make every line
    look shared.
    """
    left = Counter(candidate)
    shared = []
    for line in lines:
        bag = word_bag(line)
        common = bag & left
        shared.append(bool(bag) and 2 * sum(common.values()) >= sum(bag.values()))
        if shared[-1]:
            left -= common
    return shared
