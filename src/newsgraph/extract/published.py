"""The publication date of an HTML page, chosen from all the evidence it carries.

A page states its date several times, and the statements disagree: meta tags
and JSON-LD give machine-readable published and modified times, htmldate
guesses from the whole page, and the page prints a date by its headline for
readers. Which of these is "the" date is a convention, and the one that
human annotators (and readers) follow is the date printed with the headline.
The rules, measured on WCXB-dev (587 pages with a gold date; 0.850 with
machine-readable sources and htmldate alone, see docs/benchmarks.md):

1. A date printed within a few lines of the headline is the article's date.
   When several are printed, the first one is taken, except that a date
   labelled "Published"/"Posted" beats one labelled "Updated". A date
   right after a verb or preposition ("the deadline is April 15, 2025") is
   one the text talks about, not a dateline; ``<time datetime>`` says which
   date its printed text means; a numeric date that reads both ways
   ("09.10.2024") counts only when a machine-readable date settles it.
2. A printed date labelled "Updated" yields to ``article:published_time``
   when the page has one: pages that declare their publication time in
   Open Graph are dated by it, however prominently they print the update.
3. A printed date within a day of ``article:published_time`` is that
   moment seen in another time zone: the declared publication time wins.
   It also wins over a printed date equal to a declared modification time
   (the page's "last changed" stamp) unless that one is labelled
   "Published", and over an unlabelled date printed above the headline,
   where tickers and teasers for other stories put theirs.
4. With no date printed near the headline, JSON-LD ``datePublished``, then
   the earlier cascade (htmldate's day, refined by an agreeing structured
   source; a structured date that is htmldate's day with month and day
   swapped wins, as htmldate misreads "10/12/2023" the European way).
5. A full date in the URL's path ("/2025/12/18/slug") is the day the
   publisher's own clock gave the article. A chosen date a day off it is
   that moment in another time zone (a UTC timestamp of an evening post):
   the URL's day wins, at day precision. (WCXB-dev: 32 pages with a gold
   date carry one in their URL; it is the gold day on all 32, and this
   mends the 2 our other rules dated a day late.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml.html import HtmlElement

from ..resources.lexicons import entries
from .dates import NUMERIC_DATE, find_dates, parse_date

# Elements whose text no reader sees: part of the HTML model, not vocabulary.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "option", "select"})
# Captions and photo credits print the day a picture was taken, not the
# article's: a figure, its caption, an element carrying a ``data-caption``
# and anything classed as a caption or credit are no dateline.
_CAPTION_TAGS = frozenset({"figure", "figcaption"})
_CAPTION_CLASS = re.compile("|".join(map(re.escape, entries("extract/caption_class_names"))), re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"\W*(?:last\s+)?(?:" + "|".join(entries("extract/caption_date_labels")) + r")\b", re.IGNORECASE
)
# "Photo: A. Name, 3 March 2019", "(Photograph by A. Name on ...)", "Image credit / ...".
_PHOTO_CREDIT = re.compile(
    r"^\W*(?:" + "|".join(entries("extract/photo_credit_labels")) + r")s?\s*(?::|by\b|credits?\b|/|©|\|)",
    re.IGNORECASE,
)
# Elements whose first child may carry a credit's label ("<p><b>Photo:</b> ...").
_CREDIT_HOLDERS = frozenset({"p", "span", "small", "em", "i", "cite", "div"})
# Stands for the headline's position while the text is built (never in HTML text).
_HEADLINE_MARK = "\x00"
# How far from the headline's first character a printed date still belongs
# to the article's header (characters of whitespace-collapsed page text).
BEFORE_HEADLINE = 100
AFTER_HEADLINE = 600
_UPDATED = re.compile(r"\b(?:" + "|".join(map(re.escape, entries("extract/updated_labels"))) + r")\b", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"\b(?:" + "|".join(map(re.escape, entries("extract/published_labels"))) + r")\b", re.IGNORECASE
)
# The label of a printed date is in the words just before it.
_LABEL_SPAN = 25
_SPACES = re.compile(r"\s+")
# A date right after a verb or preposition of running text is one the
# article talks about, not its dateline.
_IN_PROSE = re.compile(r"\b(?:" + "|".join(map(re.escape, entries("extract/prose_words_before_date"))) + r")\s*$")


@dataclass(frozen=True)
class PrintedDate:
    """A date in the page's visible text, placed relative to the headline."""

    value: str
    precision: str
    offset: int  # characters from the headline's start (negative: before it)
    label: str | None  # "published" | "updated" | None

    @property
    def day(self) -> str:
        return self.value[:10]


def _element_text(element: HtmlElement, tag: str) -> str:
    """The text an element prints before its first child."""
    printed = element.text or ""
    machine = parse_date(element.get("datetime")) if tag == "time" and len(element) == 0 else None
    if machine is not None and machine[1] not in ("year", "month"):
        # <time datetime="2017-03-01">Updated 03/01/2017</time>: the
        # attribute says which date the printed text means; its label
        # words stay.
        kept, at = [], 0
        for found in find_dates(printed):  # in order, not overlapping
            kept.append(printed[at : found.start])
            at = found.end
        kept.append(printed[at:])
        printed = f"{NUMERIC_DATE.sub(' ', ''.join(kept))} {machine[0][:10]}"
    return printed


def _is_caption(element: HtmlElement, tag: str) -> bool:
    """Whether ``element`` holds a picture's caption or credit rather than the page's text."""
    if tag in _CAPTION_TAGS or element.get("data-caption") is not None:
        return True
    if _CAPTION_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
        # Some sites style their dateline with a "caption" class: one that
        # opens with a date label is the page's own.
        return _DATE_LABEL.match(element.text_content()) is None
    lead = (element.text or "").strip()
    if not lead and tag in _CREDIT_HOLDERS and len(element) and isinstance(element[0].tag, str):
        lead = element[0].text or ""
    return bool(lead) and _PHOTO_CREDIT.match(lead) is not None


def _holds_headline(element: HtmlElement, headline: HtmlElement | None, *, first_h1: bool) -> bool:
    if headline is not None:
        return element is headline or any(ancestor is element for ancestor in headline.iterancestors())
    return first_h1 and (element.tag == "h1" or element.find(".//h1") is not None)


def _visible_text(root: HtmlElement, headline: HtmlElement | None, *, first_h1: bool = True) -> tuple[str, int | None]:
    """The page's visible text, whitespace collapsed, and where the headline starts in it.

    Iterative: page DOMs can nest deeper than Python's recursion limit.
    """
    parts: list[str] = []
    marked = False
    body = root.find(".//body")
    # Events: an element to render, or a string (a tail, a boundary) to add.
    stack: list[HtmlElement | str] = [body if body is not None else root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        tag = item.tag.lower() if isinstance(item.tag, str) else ""
        if tag in _INVISIBLE or not tag:
            continue
        if _is_caption(item, tag) and not _holds_headline(item, headline, first_h1=first_h1 and not marked):
            stack.append(" ")  # the caption's place still separates words
            continue
        if not marked and (item is headline or (headline is None and first_h1 and tag == "h1")):
            parts.append(_HEADLINE_MARK)
            marked = True
        # Element boundaries separate words ("<b>May 1, 2024</b><i>Updated").
        parts.append(" ")
        parts.append(_element_text(item, tag))
        stack.append(" ")
        for child in reversed(item):
            stack.append(child.tail or "")
            stack.append(child)
    text = _SPACES.sub(" ", "".join(parts))
    headline_at = text.find(_HEADLINE_MARK)
    if headline_at < 0:
        return text, None
    text = text[:headline_at] + text[headline_at + 1 :]
    if text[headline_at - 1 : headline_at + 1] == "  ":
        text = text[:headline_at] + text[headline_at + 1 :]  # keep the collapsed spacing
    return text, headline_at


def printed_dates(
    root: HtmlElement,
    headline: HtmlElement | None = None,
    *,
    known_days: frozenset[str] = frozenset(),
    first_h1: bool = True,
) -> list[PrintedDate]:
    """Dates printed near the headline (``headline``, else the first ``<h1>`` if ``first_h1``), in page order.

    ``known_days`` (the days machine-readable sources give) settle numeric
    dates that read both ways ("09.10.2024").
    """
    text, headline_at = _visible_text(root, headline, first_h1=first_h1)
    if headline_at is None:
        return []
    window_start = max(0, headline_at - BEFORE_HEADLINE)
    window = text[window_start : headline_at + AFTER_HEADLINE + 40]
    found: list[PrintedDate] = []
    for match in find_dates(window, known_days=known_days):
        offset = window_start + match.start - headline_at
        if offset > AFTER_HEADLINE:
            break
        before = text[max(0, window_start + match.start - _LABEL_SPAN) : window_start + match.start]
        label = "updated" if _UPDATED.search(before) else "published" if _PUBLISHED.search(before) else None
        if label is None and _IN_PROSE.search(before):
            continue  # "the deadline is April 15, 2025": a date the text talks about
        found.append(PrintedDate(match.value, match.precision, offset, label))
    return found


# "/2025/12/18/", ".../2025/1/5": year, month and day as path segments (a
# number after the month that opens a slug, "/2024/05/10-things-to-know",
# is no day); or "/2025-12-18-slug", written with dashes throughout.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)(?=/|$)|/((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


def date_in_url(url: str | None) -> str | None:
    """The ISO day a URL's path spells out, if it is a real calendar day."""
    from urllib.parse import urlsplit

    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    year, month, day = match.groups()[:3] if match[1] else match.groups()[3:]
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def settle_with_url(chosen: tuple[str, tuple[str, str]], url: str | None) -> tuple[str, tuple[str, str]]:
    """Rule 5: a chosen day one off the URL's day yields to the URL's day."""
    method, (value, precision) = chosen
    url_day = date_in_url(url)
    if url_day is None or precision in ("year", "month") or value[:10] == url_day or _days_apart(value, url_day) != 1:
        return chosen
    return f"url+{method}", (url_day, "day")


def _days_apart(first: str, second: str) -> int:
    return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days)


def choose_published(
    printed: list[PrintedDate],
    *,
    og_published: tuple[str, str] | None,
    modified: list[tuple[str, str]],
    structured: list[tuple[str, tuple[str, str]]],
) -> tuple[str, tuple[str, str]] | None:
    """Apply rules 1-3 of the module docstring; ``None`` leaves the choice to rule 4.

    ``og_published`` is the parsed ``article:published_time``, ``modified``
    the parsed modification times, ``structured`` every machine-readable
    ``(method, (value, precision))`` (to lend a printed day its time of day).
    """
    if not printed:
        return None
    chosen = printed[0]
    if chosen.label == "updated":
        chosen = next((p for p in printed if p.label == "published"), chosen)
    # Only a day-precise declaration can be compared with a printed day.
    og = og_published if og_published is not None and og_published[1] not in ("year", "month") else None
    if og is not None:
        modified_days = {value[:10] for value, _ in modified}
        if (
            chosen.label == "updated"
            or _days_apart(chosen.day, og[0]) <= 1
            or (chosen.day in modified_days and chosen.label != "published")
            or (chosen.offset < 0 and chosen.label is None)
        ):
            return "meta:article:published_time", (og[0], og[1])
    # A machine-readable source that agrees on the day supplies the time.
    agreeing = next(
        (found for _, found in structured if found[0][:10] == chosen.day and len(found[0]) > len(chosen.value)), None
    )
    if agreeing is not None:
        return "printed+structured", agreeing
    return "printed", (chosen.value, chosen.precision)
