"""PLOVER event coding over the dependency parse.

One walk over each sentence finds event triggers by dictionary lookup
(``data/event_lexicon.json``: verb and noun lemmas with optional particle,
preposition, object and modifier constraints -> PLOVER type and mode), then
reads the participants off the parse:

* active verbs: ``nsubj`` -> actor, ``dobj`` (or a ``pobj`` of at/on/against)
  -> target;
* passives: ``nsubjpass`` -> target, the ``agent`` ("by X") -> actor; a
  passive without an agent takes its actor from a cause nominal ("killed in
  police firing" -> actor police);
* subjects missing from conjoined, controlled (xcomp) or adverbial clauses are
  inherited from the governing verb; relative pronouns resolve to their
  antecedent;
* nominalisations ("his detention", "a request from X", "the deployment of a
  force") take actor/target from possessors, compounds, "of"/"by"/"from"
  phrases and the subject of a support verb ("sent a request");
* coordinated actors or targets give one event each;
* instrument phrases read off the surface ("killed in police firing", "fell
  to police bullets", "deaths in police firing", "firing by the police")
  give an agentless casualty its security-force actor, even where the
  parser splits "police firing";
* an agentless casualty with no other means named in its sentence (no
  stabbing, bombing or riot) takes the actor of a security force's firing
  in the same sentence or the two before ("Police opened fire. Two were
  killed.");
* a verb that needs an object, with a subject and no object or auxiliary
  ("four policemen killed"), is a headline passive: the subject is the
  victim;
* a pronoun actor of firing or crowd control ("they opened fire") takes the
  sector of its antecedent: the subject of the reporting verb above it, else
  the last actor with a sector in the two sentences before;
* where the direct object is missing or abstract, the target is the
  recipient: a dative, an actor-like object of to/with/against/on, an
  actor-like phrase inside the object ("a truce with Moslem forces"), the
  same within controlled verbs ("offered to negotiate with X"), or the
  subject of a "that"-clause for REQUEST/THREATEN/ACCUSE/REJECT/AGREE.

Each event gets factuality (negated, hypothetical, reported with the
claimant), a location (a place entity in the sentence, preferring "in X"),
a date (the sentence's time expression nearest the trigger, else the
publication date with precision ``"publication"``), linked counts, contexts,
a CAMEO root code and an ACLED sub-event (``instruments``: the instrument
and manner cues of its sentence refine the ASSAULT mode and tell ACLED's
sub-events apart). ``main`` picks a text's main event. The same event told twice in an
article (same type, mode, actor entity and target entity) becomes one event
with two pieces of evidence.

No second spaCy pass is made: the cost is one pass over tokens with dict
lookups plus a short walk up the tree from each trigger.

Modules, in the order of the coding: ``lexicon`` (senses and word lists),
``syntax`` (readings of the parse), ``triggers``, ``participants``,
``factuality``, ``setting`` (date, place, contexts), ``code`` (the passes
per sentence and the entry point), ``timeline`` (display).
"""

from .code import extract_events
from .lexicon import is_lethal, is_person_participant
from .main import main_event
from .timeline import format_timeline

__all__ = ["extract_events", "format_timeline", "is_lethal", "is_person_participant", "main_event"]
