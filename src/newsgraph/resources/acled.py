"""The ACLED event type and sub-event type of a PLOVER-coded event.

ACLED codes political violence and protest by who acts against whom and
how: one-sided violence against civilians, battles between armed groups,
remote violence by instrument, protests and riots by their conduct. The
rules read the PLOVER type and mode and the actor sectors the coder
assigned. Both the event coder (which stores the label on each event) and
the ACLED export layout (for events stored without one) use it.
"""

from __future__ import annotations

from ..records import Event
from .actors import is_security

ACLED_EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

_ARMED = {"military", "police", "paramilitary", "rebels", "unidentified armed", "intelligence"}


def acled_label(event: Event) -> str | None:
    """ACLED "Event type/Sub-event type" for violent events, protests and arrests; else None."""
    actor_sector = event.actor.sector if event.actor else None
    target_sector = event.target.sector if event.target else None
    if event.type == "PROTEST":
        if event.mode in ("riot", "vandalize"):
            return "Riots/Violent demonstration"
        return "Protests/Peaceful protest"
    if event.type == "ASSAULT":
        mode = event.mode
        if mode in ("aerial", "drone"):
            return "Explosions/Remote violence/Air/drone strike"
        if mode == "heavy-weapons":
            return "Explosions/Remote violence/Shelling/artillery/missile attack"
        if mode == "suicide-attack":
            return "Explosions/Remote violence/Suicide bomb"
        if mode in ("explosives",):
            return "Explosions/Remote violence/Remote explosive/landmine/IED"
        if mode == "unconventional":
            return "Explosions/Remote violence/Chemical weapon"
        if mode == "crowd-control":
            if target_sector in (None, "civilians"):
                return (
                    "Protests/Excessive force against protesters" if is_security(actor_sector) else "Riots/Mob violence"
                )
        if mode == "abduct":
            return "Violence against civilians/Abduction/forced disappearance"
        if mode == "sexual":
            return "Violence against civilians/Sexual violence"
        if actor_sector in _ARMED and target_sector in _ARMED:
            return "Battles/Armed clash"
        if actor_sector in ("civilians",) and target_sector in (None, "civilians"):
            return "Riots/Mob violence"
        if mode == "destroy":
            return "Strategic developments/Looting/property destruction"
        return "Violence against civilians/Attack"
    if event.type == "COERCE":
        if event.mode == "arrest":
            return "Strategic developments/Arrests"
        if event.mode == "seize":
            return "Strategic developments/Looting/property destruction"
        return None
    if event.type == "MOBILIZE":
        return "Strategic developments/Change to group/activity"
    if event.type == "RETREAT" and event.mode == "withdraw":
        return "Strategic developments/Non-violent transfer of territory"
    if event.type == "AGREE" and event.context and "military" in event.context:
        return "Strategic developments/Agreement"
    return None
