"""Temporal expressions: find dates, times, durations and sets in an article body.

``extract_times(body, anchor)`` runs the rule grammar of ``newsgraph.annotate.timex``
over raw text (no tokenisation: it costs a few regex passes) and returns
``TimeExpression`` records with TimeML (TIMEX3) values resolved against the
publication date, e.g. "on Sunday" -> "2022-01-09", "last week" -> "2022-W01".

Overlapping matches are settled longest-first, so "Monday morning" beats
"Monday" and "the past three years" beats "the past".
"""

from __future__ import annotations

import re
from typing import cast

from ..records import TimeExpression, TimeType
from .timex.anchor import Anchor
from .timex.grammar import Context
from .timex.rules import RULES

__all__ = ["extract_times"]

_Chosen = tuple[int, int, tuple[str, str | None, str | None]]

# A paragraph opening that starts an unrelated item in a news round-up.
_NEW_ITEM = re.compile(r"\n\s*(?:Separately|Elsewhere|In\s+a\s+separate\s+\w+|In\s+other\s+news)\b")


def _reanchor_quarters(chosen: list[_Chosen], ctx: Context) -> list[_Chosen]:
    """Resolve 'the quarter', 'a year earlier', 'the 1988 period' against the story's quarter.

    Their resolvers fall back on the latest completed quarter before
    publication; once the text has named a recently reported quarter ("fiscal
    first quarter"), later back-references mean that one (HeidelTime's
    reference-time tracking, restricted to quarters, where earnings news
    relies on it). A round-up's next item ("Separately, ...") starts afresh.
    """
    last: tuple[int, int] | None = None
    out: list[_Chosen] = []
    previous_end = 0
    for start, end, (kind, value, granularity) in chosen:
        named = ctx.quarters_named.get((start, end))
        ref = ctx.quarter_refs.get((start, end))
        if _NEW_ITEM.search(ctx.text, previous_end, start):
            last = None  # a round-up moves on to another company's results
        previous_end = end
        if named is not None:
            # The story's quarter is the first one it names; later mentions
            # ("after a flat second quarter") are asides.
            last = last or named
        elif ref is not None and last is not None:
            how, n = ref
            year = n if how == "year" else last[0] + n
            value = f"{year:04d}-Q{last[1]}"
        out.append((start, end, (kind, value, granularity)))
    return out


def extract_times(text: str, anchor: str | None) -> list[TimeExpression]:
    """Every temporal expression in ``text``, in order, with a normalised value.

    ``anchor`` is the publication date-time (ISO 8601). Without it, relative
    expressions ("yesterday", "last week") get value None while absolute
    dates, durations and sets are still normalised.
    """
    if not text:
        return []
    ctx = Context(text, Anchor.parse(anchor))
    candidates: list[tuple[int, int, int, tuple[str, str | None, str | None]]] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                resolution = rule.resolve(m, ctx)
            except (ValueError, OverflowError):
                # "2,500 years ago": arithmetic beyond the calendar Python
                # can represent. A date nobody can normalise is left out
                # rather than failing the whole article.
                continue
            if resolution is not None:
                # A rule may match context it does not annotate: group "span".
                start, end = m.span("span") if "span" in rule.pattern.groupindex else m.span()
                candidates.append((start, end, rule.priority, resolution))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, tuple[str, str | None, str | None]]] = []
    for start, end, _, resolution in candidates:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, resolution))
    chosen.sort(key=lambda c: c[0])
    chosen = _reanchor_quarters(chosen, ctx)
    return [
        TimeExpression(
            start=start,
            end=end,
            text=text[start:end],
            type=cast(TimeType, kind),
            value=value,
            granularity=granularity,
        )
        for start, end, (kind, value, granularity) in chosen
    ]
