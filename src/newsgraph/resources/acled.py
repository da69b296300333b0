"""The ACLED event type and sub-event type of a PLOVER-coded event.

ACLED codes political violence and protest by who acts against whom and
how: one-sided violence against civilians, battles between armed groups,
remote violence by instrument, protests and riots by their conduct. The
mapping is data, not code:

* ``data/acled_subevents.tsv``: ACLED's event types and sub-event types with
  ACLED's own definitions and the CASE-2021 code of each;
* ``data/acled_rules.tsv``: ordered rules from a PLOVER type, a cue (the
  event's mode, a cue class found in its sentence, ``lethal``) and the actor
  and target sector classes to a sub-event;
* ``data/lexicons/events/acled_cues.tsv``: the cue phrases (instruments such
  as "air strike", "roadside bomb", "grenade"; a protest's conduct such as
  "tear gas", "torched"; "clashed"; "defused"; "recaptured").

Both the event coder (which stores the label on each event, passing the cues
of the event's sentence) and the ACLED export layout (for events stored
without one, from type, mode and sectors alone) use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from ..records import Event, Participant
from .actors import is_security
from .lexicons import data_text, pairs, word_list

ACLED_EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

# The rules' last resort for violence: it says least about what happened.
CATCH_ALL = "Violence against civilians/Attack"
# Cue classes naming the means of an attack; only the first found in a sentence counts.
INSTRUMENTS: frozenset[str] = frozenset({"chemical", "suicide", "drone", "air", "artillery", "grenade", "ied"})
_NONSTATE = frozenset({"rebels", "unidentified armed", "criminals"})
# Cue classes that tell how an incident went rather than how one act was done: a report
# names them anywhere ("clashes erupted later", "after the troops withdrew"), so the
# main event of a text reads them from all of its sentences (annotate.events.main).
INCIDENT_CLASSES: frozenset[str] = frozenset({"violent", "intervention", "excessive", "injuring", "handover", "clash"})


@dataclass(frozen=True)
class SubEvent:
    code: str  # CASE-2021 code, e.g. "AIR_STRIKE"
    label: str  # "Explosions/Remote violence/Air/drone strike"
    definition: str


@dataclass(frozen=True)
class _Rule:
    type: str
    cue: str
    actor: str
    target: str
    label: str | None


def _rows(text: str, path: str, columns: int) -> list[list[str]]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise ValueError(f"data/{path} line {number}: {len(cells)} columns, expected {columns}: {line!r}")
        out.append(cells)
    return out


@cache
def sub_events() -> tuple[SubEvent, ...]:
    """ACLED's sub-event types in ``acled_subevents.tsv`` order."""
    return tuple(SubEvent(*row) for row in _rows(data_text("acled_subevents.tsv"), "acled_subevents.tsv", 3))


@cache
def code_of_label() -> dict[str, str]:
    """ACLED label -> CASE-2021 code."""
    return {s.label: s.code for s in sub_events()}


@cache
def _rules() -> tuple[_Rule, ...]:
    known = set(code_of_label())
    rules = []
    for t, cue, actor, target, label in _rows(data_text("acled_rules.tsv"), "acled_rules.tsv", 5):
        if label != "-" and label not in known:
            raise ValueError(f"data/acled_rules.tsv: unknown ACLED label {label!r}")
        rules.append(_Rule(t, cue, actor, target, None if label == "-" else label))
    return tuple(rules)


@cache
def _cue_table() -> tuple[re.Pattern[str], dict[str, tuple[tuple[int, str], ...]]]:
    """One pattern that finds, at every word start, the longest cue there, and
    for each cue the (file position, class) of it and of every cue it begins
    with ("suicide bomber" also begins with "suicide bomb"), except those that
    a masking cue (class ``-``) it begins with covers ("riot police" is no riot)."""
    ranked: list[tuple[str, int, str]] = []
    for line in data_text("lexicons/events/acled_cues.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cue, _, cls = line.partition("\t")
        ranked.append((cue.strip().lower(), len(ranked), cls.strip()))
    names = {cue for cue, _, _ in ranked}
    masks = [cue for cue, _, cls in ranked if cls == "-"]

    def classes(name: str) -> tuple[tuple[int, str], ...]:
        covering = [m for m in masks if name.startswith(m)]
        return tuple(
            (rank, cls)
            for cue, rank, cls in ranked
            if cls != "-" and name.startswith(cue) and not any(m.startswith(cue) for m in covering)
        )

    table = {name: classes(name) for name in names}
    alternation = "|".join(re.escape(c) for c in sorted(names, key=len, reverse=True))
    # A look-ahead match is empty, so cues that overlap ("rubber bullets", "bullets") are all found.
    return re.compile(rf"(?<![\w-])(?=({alternation}))"), table


def instrument_mode(instrument: str) -> str | None:
    """The PLOVER ASSAULT mode of an instrument class ("grenade" -> "explosives")."""
    return pairs("events/instrument_modes").get(instrument)


@lru_cache(maxsize=4096)
def find_cues(text: str, start: int = 0, end: int | None = None) -> frozenset[str]:
    """Cue classes named in ``text[start:end]``; of the instruments only the
    first listed one found ("suicide car bomb" is suicide, not IED)."""
    pattern, table = _cue_table()
    found: set[str] = set()
    instrument: tuple[int, str] | None = None
    for match in pattern.finditer(text[start:end].lower()):
        for rank, cls in table[match.group(1)]:
            if cls not in INSTRUMENTS:
                found.add(cls)
            elif instrument is None or rank < instrument[0]:
                instrument = (rank, cls)
    if instrument:
        found.add(instrument[1])
    return frozenset(found)


def sector_class(sector: str | None) -> str:
    """The rules' sector class: state, nonstate, civilian or none."""
    if not sector:
        return "none"
    if is_security(sector) or sector == "government":
        return "state"
    if sector in _NONSTATE:
        return "nonstate"
    return "civilian"


def participant_class(participant: Participant | None) -> str:
    """A participant's sector class ("government" for the state's officials and
    offices); a phrase without a sector that names an armed place or unit ("a
    checkpoint", "military positions") is "armed"."""
    if participant is None:
        return "none"
    # A government acts through its forces, but its officials and offices are unarmed.
    cls = "government" if participant.sector == "government" else sector_class(participant.sector)
    if cls in ("none", "civilian", "government") and participant.sector != "civilians":
        words = re.findall(r"[a-z]+", participant.text.lower())
        if any(w in word_list("events/armed_places") for w in words):
            return "armed"
    return cls


def _cue_holds(cue: str, have: set[str]) -> bool:
    """``*``; a cue; ``a+b``: all of them; ``!a``: not a."""
    if cue == "*":
        return True
    return all((part[1:] not in have) if part.startswith("!") else (part in have) for part in cue.split("+"))


def _fits(want: str, have: str) -> bool:
    """A rule's sector class against a participant's: "state" takes a government
    (it acts through its forces); "armed" does not (ACLED counts unarmed
    officials and offices as civilians)."""
    if want == "*":
        return True
    if want == "armed":
        return have in ("state", "nonstate", "armed")
    if want == "state":
        return have in ("state", "government")
    return want == have


def acled_label(event: Event, cues: Iterable[str] = ()) -> str | None:
    """ACLED "Event type/Sub-event type" of ``event``, or None where ACLED has none.

    ``cues``: cue classes of the event (``find_cues`` on its sentence;
    ``lethal``); without them the label rests on type, mode and sectors. The
    event's context topics are not cues: a report about a territorial
    dispute tells nothing of how an attack in it was carried out."""
    have = set(cues)
    if event.mode:
        have.add(event.mode)
    actor = participant_class(event.actor)
    target = participant_class(event.target)
    for rule in _rules():
        if rule.type != event.type:
            continue
        if not _cue_holds(rule.cue, have):
            continue
        if _fits(rule.actor, actor) and _fits(rule.target, target):
            return rule.label
    return None
