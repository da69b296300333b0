"""Quotations and reported speech, with their speakers.

Three kinds of ``Quote`` come out, all with offsets into ``Article.body``:

``direct``
    A whole quoted passage attributed by an adjacent cue: ``“…,” X said``,
    ``X said: “…”``, ``“…,” said X``. Passages that run over several
    paragraphs (newswire convention: the closing mark is left off a quoted
    paragraph when the quote continues, and the next paragraph opens with a
    quote mark) come out as one quote.
``partial``
    A quoted fragment embedded in a sentence of reported speech:
    ``X told reporters that the plan is “dead on arrival”``. The cue is found in
    the dependency parse: the nearest speech verb above the fragment.
``indirect``
    The clausal complement of a speech verb (``X said that …``,
    ``X wrote on social media that …``) or a clause with ``according to X``;
    and, as news attributes more than speech, what a source believes
    (``officials believe the pier is unsafe``), intends (``X plans to …``),
    stands for or against (``X opposed the bill``) or talks about
    (``X spoke about the drought``), and the content of reporting nouns
    (``X's claim that …``, ``X's plan to …``, ``support for …``).

A quotation mark is not enough: scare quotes and titles (a “peace”
plan) have no cue, and a quoted word modifying a noun is never a quote.
A quoted passage needs a cue in its own sentence, or, for a paragraph that
is entirely a quote, a speaker in the neighbouring sentence: the previous
paragraph ending in a colon, or a quote of that speaker just before it.

Everything is rules over the spaCy parse plus a lexicon of reporting verbs,
so it holds on any English news text.

Modules: ``passages`` (quote marks and passages), ``attribution`` (cues),
``speakers``, ``indirect`` (reported clauses), ``frames`` (attitudes and
reporting nouns, from the verb and noun frames in the lexicon),
``assemble`` (the entry
point and the records), ``lexicon`` (word lists from ``data/lexicons/quotes``).
"""

from .assemble import extract_quotes

__all__ = ["extract_quotes"]
