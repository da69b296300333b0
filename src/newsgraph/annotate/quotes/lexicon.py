"""Reporting verbs, quotation marks and the other word lists of quote finding."""

from __future__ import annotations

from ...resources.lexicons import pairs, word_list

# Verbs that report speech or writing. They attribute quoted passages,
# partial quotes and (with a clausal complement) indirect speech.
SPEECH_VERBS: frozenset[str] = word_list("quotes/speech_verbs")

# Verbs with which a writer characterises someone's words or views; they
# govern partial quotes ("dismissed the report as “fake news”", "likened
# the tax to “daylight robbery”") but do not
# introduce reported clauses.
CHARACTERISING_VERBS: frozenset[str] = word_list("quotes/characterising_verbs")

# Verbs that attribute only a quote right next to them ("The senator continued:",
# "“…,” she laughed"): with a clausal complement they mean something else.
ADJACENT_CUE_VERBS: frozenset[str] = word_list("quotes/adjacent_cue_verbs")

# Speech verbs that take a clausal complement as what was said. "call",
# "describe" and the like label a thing; they attribute partial quotes only.
_INDIRECT_EXCLUDED: frozenset[str] = word_list("quotes/indirect_excluded_verbs")

# Opening mark -> closing marks that end it.
# Typography is often mixed ("“…," or "\"…”"), so a curly quote may close a
# straight one and vice versa; "”" opens a quote at a paragraph start in
# some sources.
_DOUBLE_OPEN = {"“": '”"', "«": "»", "„": "“”", '"': '"”', "”": '”"'}
_SINGLE_OPEN = {"‘": "’", "'": "'"}
_ALL_MARKS = set("“”«»„\"‘’'")
# Characters after which an opening mark starts a sentence-level quote.
_SENTENCE_START = set(".!?:;")
_CLAUSE_BREAK = set(",—–-(")
_SENTENCE_FINAL = {".", "!", "?"}
_RELATIVE_PRONOUNS = word_list("common/relative_pronouns")
_PERSONAL_PRONOUNS = word_list("quotes/personal_pronouns")
_GROUP_PRONOUNS = word_list("quotes/group_pronouns")
# Dependency labels that make a quoted fragment a modifier inside a noun
# phrase ("a “peace” plan"): a scare quote, not speech.
_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod"}
# A fragment reached through these labels sits in the cue's subject, not in
# what the cue reports.
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
_REGION_CAP = 40  # tokens looked at on either side of a passage

# Function words left lower-case in headline-style titles.
_TITLE_SMALL_WORDS = word_list("quotes/title_small_words")

# Nouns for what was said or written: the speaker of "a statement calling…"
# is whoever issued the statement.
_STATEMENT_NOUNS = word_list("quotes/statement_nouns")


def _frame_table(rows: dict[str, str]) -> dict[str, frozenset[str]]:
    """A word -> its complement frames (space-separated in the file)."""
    return {word: frozenset(frames.split()) for word, frames in rows.items()}


# Verbs of cognition, intention and stance and the complements that hold
# what their subject believes, wants or says about something: ``clause``,
# ``to`` (an infinitive), ``object`` or a preposition ("talk about").
ATTRIBUTION_FRAMES = _frame_table(pairs("quotes/attribution_frames"))

# Nouns that report what someone claims, plans or stands for, with the
# complements holding it: ``that`` (a clause), ``to`` (an infinitive) or a
# preposition ("support for the bill").
ATTRIBUTION_NOUNS = _frame_table(pairs("quotes/attribution_nouns"))

# Verbs whose subject voices the reporting noun they take: "expressed
# support for", "made the claim that".
SOURCE_VERBS: frozenset[str] = word_list("quotes/source_verbs")

# Word forms the tagger lemmatises wrongly ("hoping" -> "hop").
LEMMA_FIXES: dict[str, str] = pairs("quotes/lemma_fixes")

# Adjectives of attitude after a copula ("is critical of", "are confident
# that", "was eager to"), by word form, with their complements.
ATTRIBUTION_ADJECTIVES = _frame_table(pairs("quotes/attribution_adjectives"))
