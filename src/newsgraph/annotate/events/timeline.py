"""A plain-text timeline of coded events."""

from __future__ import annotations

import textwrap

from ...records import Event, Participant


def _participant_label(p: Participant | None) -> str:
    if p is None:
        return "?"
    extra = ", ".join(x for x in (p.country, p.sector) if x)
    return f"{p.text} ({extra})" if extra else p.text


def format_timeline(events: list[Event], *, width: int = 100) -> str:
    """A readable timeline: date, TYPE/mode, actor -> target, factuality, evidence.

    Events are sorted by date (undated last), then by position in the text.
    """

    def sort_key(e: Event) -> tuple[str, int]:
        pos = e.evidence[0].trigger.start if e.evidence else 0
        return (e.date or "9999", pos)

    lines: list[str] = []
    for e in sorted(events, key=sort_key):
        date = e.date or "????-??-??"
        if e.date_precision == "publication":
            date += "~"
        kind = e.type + (f"/{e.mode}" if e.mode else "")
        flag = ""
        if e.factuality != "asserted":
            flag = f" [{e.factuality}" + (f" by {e.reported_by}" if e.reported_by else "") + "]"
        counts = "".join(f" #{c.text}" for c in e.counts)
        lines.append(
            f"{date:<12} {kind:<24} {_participant_label(e.actor)} -> {_participant_label(e.target)}{flag}{counts}"
        )
        for ev in e.evidence:
            snippet = " ".join(ev.text.split())
            lines.append("             " + textwrap.shorten(f"“{snippet}”", width=width, placeholder=" …"))
    return "\n".join(lines)
