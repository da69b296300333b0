"""The main event of a text: the one a headline would report.

A snippet or an article tells many events: the attack, the arrests after
it, officials condemning it, an earlier clash recalled. Its main event is

1. one that happened: negated and hypothetical events never are;
2. told in the lead (the first sentence that reports any event), the way a
   news report opens on its news;
3. of the most specific kind: an event ACLED codes with a sub-event that
   says how or what (an air strike, a clash, a riot, an arrest, a seizure, a
   deployment), then one ACLED codes only as the catch-all attack on
   civilians, then any other conflict event (threats, coercion, sanctions),
   then talk (statements, accusations, requests, meetings);
4. asserted before reported ("according to officials", "X said that");
5. then the first in the text.

A lead that reports only ACLED's catch-all attack on civilians and names no
victim ("an attack was reported near the town") says least of all; when a
later sentence codes an attack with its sides or its means, that one is the
main event.

ACLED codes one event per report, and a report tells how its incident went
anywhere in it: a march in the lead, "clashes erupted" two sentences on; the
town taken, "after the troops withdrew". So the main event's ACLED sub-event
reads the incident cues (``INCIDENT_CLASSES``: conduct, force, injuries,
clashes, handovers; not instruments, which belong to one act) of every
sentence with an event, beside the cues of its own sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...records import Event
from ...resources.acled import CATCH_ALL, INCIDENT_CLASSES, acled_label, find_cues, participant_class
from .instruments import event_cues

_NOT_OCCURRED = ("negated", "hypothetical")
# Conflict types that are not talk; ranked after ACLED-coded events.
_MATERIAL = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "SANCTION", "THREATEN", "SEIZE"})


def _kind_rank(event: Event) -> int:
    if event.acled:
        return 1 if event.acled == CATCH_ALL else 0
    return 2 if event.type in _MATERIAL else 3


def main_event(events: Sequence[Event]) -> Event | None:
    """The main event of a text's events (module doc), or None when none happened."""
    live = [e for e in events if e.factuality not in _NOT_OCCURRED and e.evidence]
    if not live:
        return None
    lead_start = min(e.evidence[0].sentence.start for e in live)

    def key(e: Event) -> tuple[int, int, int, int]:
        ev = e.evidence[0]
        return (
            0 if ev.sentence.start == lead_start else 1,
            _kind_rank(e),
            0 if e.factuality == "asserted" else 1,
            ev.trigger.start,
        )

    main = min(live, key=key)
    if main.acled == CATCH_ALL and participant_class(main.target) == "none":
        # ACLED's attack is on civilians; a lead that names no victim leaves the
        # report's later sentences to tell how, or between whom, it was fought.
        told = [e for e in live if e.type == "ASSAULT" and e.acled and e.acled != CATCH_ALL]
        if told:
            main = min(told, key=lambda e: e.evidence[0].trigger.start)
    if main.acled:
        incident: set[str] = set()
        for text in {e.evidence[0].text for e in events if e.evidence}:
            incident |= find_cues(text) & INCIDENT_CLASSES
        own = event_cues(main)
        if incident - own:
            main.acled = acled_label(main, own | incident)
    return main
