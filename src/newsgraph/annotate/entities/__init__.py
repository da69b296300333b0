"""Named entities: refining spaCy's labels, roles, within-document linking.

Two public steps, run right after the spaCy pass:

* :func:`refine_entities` fixes ``doc.ents`` in place. The small English
  model makes errors of a few recurring kinds, each corrected here by a
  general rule rather than by names: titles glued to names ("Foreign Minister
  Jane Doe" as ORG), places and demonyms labelled as people, "the"/"'s" in
  span boundaries, ALL-CAPS headlines (re-tagged after a cheap truecasing of
  only those lines), sports clubs named after cities, junk spans, and names
  whose label flips between mentions of the same document.
* :func:`extract_entities` groups mentions into :class:`~newsgraph.records.Entity`
  records with roles (titles, occupations, organisations, countries), short
  and descriptive mentions linked to the full name, and gazetteer facts for
  places. :func:`resolve_pronoun` links a he/she to a person for callers
  such as quote attribution.

Modules: ``refine`` and ``context`` (label fixes), ``link`` (records and
linking), ``roles``, ``names`` (shared name tests), ``lexicon`` (word lists
from ``data/lexicons/entities``).
"""

from .link import entity_id, extract_entities, resolve_pronoun
from .refine import refine_entities

__all__ = ["entity_id", "extract_entities", "refine_entities", "resolve_pronoun"]
