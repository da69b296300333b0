"""Instrument and manner of an event, read from the cue phrases of its sentence.

A trigger word says *that* there was an attack or a protest; ACLED and the
PLOVER modes also need *how*: an air strike, shelling, a roadside bomb, a
grenade, a suicide bomber, a chemical weapon; a protest dispersed with tear
gas or turned violent. The cues are phrases of ``acled_cues.tsv`` found in
the event's sentence; the first instrument listed wins, so "suicide car bomb"
is a suicide bombing, not an IED.

An instrument sets the ASSAULT mode (``instrument_modes.tsv``) only where the
trigger left the means open (no mode, or destruction); a mode the trigger
states ("shot": firearms, "abducted", "raped", "assassinated": targeted)
stands, and the ACLED label still reads the instrument from the cues.
"""

from __future__ import annotations

from ...records import Event
from ...resources.acled import INSTRUMENTS, acled_label, find_cues, instrument_mode
from ...resources.ontology import load_ontology
from .lexicon import is_lethal

# ASSAULT modes that name the act, not the means: an instrument in the sentence refines them.
_OPEN_MODES = frozenset({None, "destroy"})


def event_cues(event: Event) -> set[str]:
    """Cue classes of the event's first sentence, plus ``lethal`` when it kills."""
    cues = set(find_cues(event.evidence[0].text)) if event.evidence else set()
    if is_lethal(event):
        cues.add("lethal")
    return cues


def apply_instruments(event: Event) -> None:
    """Set the instrument's ASSAULT mode and the ACLED label from the sentence's cues."""
    cues = event_cues(event)
    if event.type == "ASSAULT" and event.mode in _OPEN_MODES:
        instrument = next((c for c in cues if c in INSTRUMENTS), None)
        mode = instrument_mode(instrument) if instrument else None
        if mode:
            event.mode = mode
            event.cameo = load_ontology().cameo_root(event.type, mode)
    event.acled = acled_label(event, cues)
