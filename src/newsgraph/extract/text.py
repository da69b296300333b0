"""Article extraction from flattened page text (a crawler's text dump).

Such text keeps the page's chrome as lines: icon-name lists, menus, share
buttons, cookie notices, teasers, footers. Each line is described by
features (word count, ending punctuation, stopword ratio, capitalised-word
ratio, icon/link-like tokens, position) and assigned a role:

* the **dateline**: a short line near the top carrying a date;
* the **headline**: a line printed twice near the top (pages repeat it in
  the header and above the body), else the first headline-shaped line;
* the **standfirst**: a short non-sentence line right after the headline;
* **bylines** ("By Jane Doe");
* **chrome**: lines whose shape is not prose (lists of icon names, menu
  entries, buttons) or that open with a generic interface phrase ("Share
  this article", "Read more:", "We use cookies", "©");
* **body**: the prose paragraphs, plus short subheadings between them.

Nothing here knows any particular site: the interface phrases are those of
English web pages in general.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import find_dateline

_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_STOPWORDS = frozenset(
    """a an the of to in on at for from by with and or but as is are was were be been being has have had
    that this these those it its he she they we you i his her their our your him them who which what when
    where after before over under about into than then there not no will would could should can may might
    said says also while during against between through up out more most all some any one two""".split()
)
# Interface phrases opening a chrome line (case-insensitive, at line start).
_CHROME_OPENERS = re.compile(
    r"^(?:read more|read also|read next|see also|related(?: articles?| stories| news| topics)?\b|more from|more on this|"
    r"recommended|you may also like|you might also like|most (?:read|popular)|trending|"
    r"share(?: this)?(?: article| story| on)?\b|follow us|subscribe|sign (?:up|in)|log ?in\b|register\b|newsletter|"
    r"advertisement|sponsored|we use cookies|this (?:web)?site uses cookies|cookie|accept(?: all)?(?: cookies)?$|"
    r"privacy policy|terms of (?:use|service)|©|\(c\)|copyright|all rights reserved|click here|tap here|"
    r"tags?:|topics?:|filed under|comments?\b|leave a (?:comment|reply)|print\b|email\b|e-mail\b|"
    r"listen to (?:this|the) article|skip to|back to top|previous article|next article|"
    r"photo:|image:|video:|watch:|getty images|download (?:the|our) app|get the app|"
    r"join (?:us|our)|support (?:us|our)|donate)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"©|\ball rights reserved\b|\bcopyright\b", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?i:by|written by|words by|reporting by|author:)\s+(?P<names>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*)",
)
_DATE_PREFIX = re.compile(r"^(?:published|updated|posted|last updated|first published|modified|date)\s*(?:on|at)?\s*:?\s*", re.IGNORECASE)
_SENTENCE_END = ("." , "!", "?", "\"", "”", "’", "'", ":", ")", "…")

# Lines searched for the header (dateline, headline, standfirst, byline).
HEADER_LINES = 25


@dataclass
class LineFeatures:
    """What a line looks like, independent of what it says."""

    text: str
    words: int
    ends_sentence: bool
    stopword_ratio: float
    capitalised_ratio: float
    icon_ratio: float
    link_like: bool

    @property
    def is_prose(self) -> bool:
        """A paragraph: long enough, ends like a sentence, reads like language."""
        return self.words >= 8 and self.ends_sentence and self.stopword_ratio >= 0.12

    @property
    def is_menu_like(self) -> bool:
        """A run of labels: many words, no sentence shape, few function words."""
        return self.words >= 6 and not self.ends_sentence and self.stopword_ratio < 0.08


def line_features(text: str) -> LineFeatures:
    """Compute the features of one (stripped) line."""
    tokens = text.split()
    words = _WORD.findall(text)
    n_words = len(words)
    stop = sum(w.lower() in _STOPWORDS for w in words)
    capitalised = sum(w[:1].isupper() for w in words)
    icons = sum("icon" in t.lower() for t in tokens)
    return LineFeatures(
        text=text,
        words=n_words,
        ends_sentence=text.rstrip().endswith(_SENTENCE_END),
        stopword_ratio=stop / n_words if n_words else 0.0,
        capitalised_ratio=capitalised / n_words if n_words else 0.0,
        icon_ratio=icons / len(tokens) if tokens else 0.0,
        link_like=bool(re.search(r"https?://|www\.|\.(?:com|org|net)\b|@\w", text)) and n_words < 8,
    )


def is_chrome(features: LineFeatures) -> bool:
    """Page furniture rather than article text."""
    if features.icon_ratio >= 0.2 or features.link_like:
        return True
    if _COPYRIGHT.search(features.text) and features.words < 25:
        return True
    if _CHROME_OPENERS.match(features.text) and (features.words < 20 or not features.is_prose):
        return True
    if features.is_menu_like and features.words >= 8:
        return True
    return features.words == 0


# A line ending in sentence punctuation, bare or inside a closing quote mark
# (“We will not go back,”), is speech or prose, not a headline. A question
# mark stays allowed: headlines ask questions.
_PROSE_END = re.compile(r"""[.,;:!]\s*["'”’»]*$""")


def _is_headline_shaped(features: LineFeatures) -> bool:
    return (
        3 <= features.words <= 25
        and not _PROSE_END.search(features.text.rstrip())
        and features.icon_ratio == 0
    )


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


@dataclass
class TextExtraction:
    """Fields found in a flattened page, each with the strategy that found it."""

    body: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_precision: str | None = None
    methods: dict[str, str] = field(default_factory=dict)


def extract_text(content: str) -> TextExtraction:
    """Split a flattened page into headline, standfirst, date, byline and body."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in content.replace("\r\n", "\n").split("\n")]
    entries = [(i, line) for i, line in enumerate(lines) if line]
    features = {i: line_features(line) for i, line in entries}
    result = TextExtraction(body="")
    used: set[int] = set()
    header = [i for i, _ in entries[:HEADER_LINES]]

    # Dateline: a short line near the top that is mostly a date.
    for i in header:
        feat = features[i]
        if feat.words > 14 or feat.is_prose and feat.words > 10:
            continue
        found = find_dateline(_DATE_PREFIX.sub("", feat.text))
        if found is not None:
            result.published, result.published_precision = found.value, found.precision
            result.methods["published"] = "dateline"
            used.add(i)
            break

    # Headline: a line repeated near the top is the page's strongest cue.
    seen: dict[str, int] = {}
    title_index: int | None = None
    for i in header:
        if i in used or is_chrome(features[i]) or not _is_headline_shaped(features[i]):
            continue
        key = _key(lines[i])
        if key in seen:
            title_index = seen[key]
            result.methods["title"] = "repeated-line"
            break
        seen[key] = i
    if title_index is None:
        for i in header:
            feat = features[i]
            if i in used or is_chrome(feat) or _BYLINE.match(feat.text) or feat.is_menu_like:
                continue
            if feat.is_prose and feat.words > 25:
                break  # the body began: this page shows no headline
            if _is_headline_shaped(feat):
                title_index = i
                result.methods["title"] = "first-headline-line"
                break
    if title_index is not None:
        result.title = lines[title_index]
        title_key = _key(result.title)
        used.update(i for i, line in entries if _key(line) == title_key)

        # Standfirst: the next short non-sentence line after the headline.
        for i, line in entries:
            if i <= title_index or i in used:
                continue
            feat = features[i]
            if _BYLINE.match(line) or is_chrome(feat):
                continue
            if 4 <= feat.words <= 40 and not line.endswith((".", "!", "?")) and not feat.is_menu_like:
                result.subtitle = line
                result.methods["subtitle"] = "line-after-headline"
                used.add(i)
            break

    # Bylines near the top.
    for i in header:
        if i in used:
            continue
        match = _BYLINE.match(lines[i])
        if match and features[i].words <= 12:
            names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
            result.authors = [n.strip() for n in names if n.strip()]
            result.methods["authors"] = "byline"
            used.add(i)
            break

    result.body = "\n\n".join(_body_lines(entries, features, used))
    if not result.body and result.title is not None:
        # A headline that would leave no body was the body's only line.
        used.difference_update(i for i, line in entries if _key(line) == _key(result.title))
        result.title = None
        result.methods.pop("title", None)
        result.body = "\n\n".join(_body_lines(entries, features, used))
    if result.body:
        result.methods["body"] = "line-scoring"
    return result


def _body_lines(entries: list[tuple[int, str]], features: dict[int, LineFeatures], used: set[int]) -> list[str]:
    """Prose paragraphs, and subheadings standing between two of them."""
    candidates = [(i, line) for i, line in entries if i not in used and not is_chrome(features[i])]
    prose = [i for i, _ in candidates if features[i].is_prose]
    if not prose:
        # A text with no sentence-shaped line (a list, a caption): keep
        # whatever is not chrome rather than nothing.
        return [line for _, line in candidates if features[_].words >= 3]
    first, last = prose[0], prose[-1]
    positions = [i for i, _ in candidates]
    # Short sentences just before the first prose line open the body too
    # (a one-line quote as the first paragraph); chrome seldom ends in a
    # full stop.
    at = positions.index(first)
    while at > 0 and features[positions[at - 1]].ends_sentence and features[positions[at - 1]].words >= 3:
        at -= 1
    first = positions[at]
    kept: list[str] = []
    for index, (i, line) in enumerate(candidates):
        if i < first or i > last:
            continue
        feat = features[i]
        if feat.is_prose or feat.ends_sentence and feat.words >= 4:
            kept.append(line)
            continue
        # A short line inside the body: a subheading if prose follows it
        # directly; a run of short lines is a teaser list.
        following = positions[index + 1] if index + 1 < len(positions) else None
        if following is not None and features[following].is_prose and 2 <= feat.words <= 15 and not feat.is_menu_like:
            previous = positions[index - 1] if index > 0 else None
            if previous is None or features[previous].is_prose or features[previous].ends_sentence:
                kept.append(line)
    return kept
