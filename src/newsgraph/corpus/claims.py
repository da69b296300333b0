"""Values that the reports of one corpus event give, and how one is chosen.

Disagreements are kept, not averaged: a :class:`ClaimBook` holds every
distinct value of one field (a date, a place, the count of one category) with
its wordings, independent sources, articles and one evidence span per article.
The value a corpus event reports is the one most independent sources give;
ties go to the more precise value (the caller says what precise means for the
field), then to the value reported first. When the reports give more than one
value, :meth:`ClaimBook.disagreement` lists them all with the chosen one and
the rule in words.

Factuality (:class:`FactualityBook`): when some reports assert the event
(``asserted`` or ``reported``: told as fact, or as what a source says) and
others deny it (``negated``), the corpus event is ``contested`` and a
disagreement on ``factuality`` links both sides. Otherwise it takes the
factuality most articles give; ties: asserted, reported, hypothetical, negated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..records import Claim, CorpusFactuality, Disagreement, Span

__all__ = ["ClaimBook", "FactualityBook", "choose_majority"]

_AFFIRM = ("asserted", "reported")
_FACTUALITY_ORDER = ("asserted", "reported", "hypothetical", "negated")
FACTUALITY_RULE = (
    "contested when some reports assert the event (asserted or reported) and others deny it (negated); "
    "otherwise the factuality most articles give, ties: asserted, reported, hypothetical, negated"
)


def choose_majority(counter: Counter[str]) -> str | None:
    """The most frequent key; ties: the one counted first."""
    if not counter:
        return None
    order = {key: i for i, key in enumerate(counter)}
    return min(counter, key=lambda k: (-counter[k], order[k]))


@dataclass
class _Entry:
    display: str
    order: int
    texts: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)
    articles: dict[str, Span | None] = field(default_factory=dict)

    def claim(self) -> Claim:
        return Claim(
            value=self.display,
            text=list(self.texts),
            sources=list(self.sources),
            articles=list(self.articles),
            evidence=list(self.articles.values()),
        )


class ClaimBook:
    """Every distinct value one field of a corpus event is given, in first-seen order."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(
        self, key: str, text: str | None, source: str, article: str, span: Span | None, display: str | None = None
    ) -> None:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry(display or key, len(self._entries))
        if text:
            entry.texts.setdefault(text, None)
        entry.sources.setdefault(source, None)
        entry.articles.setdefault(article, span)

    def chosen(self, precision: Callable[[str], int]) -> str | None:
        """The key most independent sources give; ties: higher ``precision``, then first seen."""
        if not self._entries:
            return None
        return min(self._entries, key=lambda k: (-len(self._entries[k].sources), -precision(k), self._entries[k].order))

    def claim(self, key: str) -> Claim:
        return self._entries[key].claim()

    def disagreement(self, name: str, chosen: str | None, rule: str) -> Disagreement | None:
        """Every value with its sources and evidence, when there is more than one."""
        if len(self._entries) < 2:
            return None
        shown = self._entries[chosen].display if chosen is not None else None
        return Disagreement(field=name, values=[e.claim() for e in self._entries.values()], chosen=shown, rule=rule)


class FactualityBook:
    """The factuality each article gives a corpus event."""

    def __init__(self) -> None:
        self._book = ClaimBook()
        self._articles: Counter[str] = Counter()

    def add(self, factuality: str, source: str, article: str, span: Span | None) -> None:
        self._book.add(factuality, factuality, source, article, span)
        self._articles[factuality] += 1

    def verdict(self) -> tuple[CorpusFactuality, Disagreement | None]:
        if not self._articles:
            return "asserted", None
        if "negated" in self._articles and any(f in self._articles for f in _AFFIRM):
            found = self._book.disagreement("factuality", None, FACTUALITY_RULE)
            if found is not None:
                found.chosen = "contested"
            return "contested", found
        rank = {f: i for i, f in enumerate(_FACTUALITY_ORDER)}
        best = min(self._articles, key=lambda f: (-self._articles[f], rank.get(f, len(rank))))
        return best, None  # type: ignore[return-value]
