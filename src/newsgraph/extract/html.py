"""Article extraction from HTML: a cascade of cheap-to-expensive strategies.

The page is parsed once (lxml via trafilatura's loader) and that tree feeds
every strategy:

* metadata: JSON-LD (schema.org ``NewsArticle``/``Article``/``BlogPosting``)
  first, then ``<meta>`` tags (Open Graph, ``article:published_time``,
  Dublin Core, Parse.ly...), then the page itself (``<h1>``, ``<time>``,
  ``<title>``), then htmldate's heuristics for dates;
* body: trafilatura in its balanced mode with comments excluded, its
  recall-oriented pass when that finds clearly more of the same text, the
  JSON-LD ``articleBody`` when long and consistent, and otherwise a vote with
  trafilatura's baseline, readability and jusText (``consensus``) that
  overrides the primary body only when it is clearly the odd one out.

Titles are cleaned of the site-name suffixes pages append to ``<title>`` and
``og:title`` ("Headline | Site", "Headline - Site"); dates are bounded to
1990..tomorrow (see ``dates``).
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..resources.lexicons import entries, word_list
from .alignment import align_with_page
from .blocks import block_lines, block_paragraphs
from .bounds import MAX_HTML_CHARS, STRIP_ABOVE, cut_by_structure, json_ld_items, load_page, parse_json_ld, strip_page
from .dates import find_date, parse_date, parse_timestamp
from .published import choose_published, printed_dates, settle_with_url
from .standfirst import find_standfirst
from .words import count_words

# Fewer words than this is no article (a menu label, a button).
MIN_BODY_WORDS = 8

# schema.org types of a JSON-LD object that describes the article (lower-cased).
_ARTICLE_TYPES = word_list("extract/article_types")
# Meta tags naming the publication date, best first.
_DATE_META = entries("extract/date_meta")
_MODIFIED_META = entries("extract/modified_meta")
_AUTHOR_META = entries("extract/author_meta")
_HOST_PREFIXES = word_list("extract/host_prefixes")
_TITLE_SEPARATORS = re.compile(r"\s+(?:" + "|".join(map(re.escape, entries("extract/title_separators"))) + r")\s+")
_SPACES = re.compile(r"\s+")


@dataclass
class PageMetadata:
    """What the page says about itself, each value with the strategy that found it."""

    title: str | None = None
    title_method: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_method: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_method: str | None = None
    site_name: str | None = None
    language: str | None = None
    subtitle: str | None = None
    subtitle_method: str | None = None
    # For the standfirst: where the headline is.
    headline: HtmlElement | None = None


@dataclass
class HtmlExtraction:
    """The result of the HTML cascade, before it becomes an ``Article``."""

    body: str
    body_method: str
    metadata: PageMetadata
    truncated: bool = False  # the page was too large and only its start was read


def normalize_space(text: str | None) -> str:
    """Collapse runs of whitespace (incl. non-breaking spaces) to one space."""
    return _SPACES.sub(" ", text or "").strip()


def prepare_html(html: str) -> tuple[str, bool]:
    """The page the body extractors may read (see ``bounds``) and whether it had to be cut short."""
    if len(html) <= STRIP_ABOVE:
        return html, False
    from trafilatura.utils import load_html

    html = strip_page(html)
    if len(html) <= MAX_HTML_CHARS:
        return html, False
    tree = load_html(html)
    return (cut_by_structure(tree) if tree is not None else html[:MAX_HTML_CHARS]), True


def parse_html(html: str, *, prepared: bool = False) -> HtmlElement | None:
    """Parse a page once (bounded by ``prepare_html`` unless ``prepared``); ``None`` when it is not HTML at all."""
    from trafilatura.utils import load_html

    try:
        return load_html(html if prepared else prepare_html(html)[0])
    except (TypeError, ValueError):
        return None


# --- metadata ------------------------------------------------------------


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members flattened."""
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = parse_json_ld(script.text or "")
        if data is not None:
            yield from json_ld_items(data)


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower() for v in values if v}


def _names(value: Any) -> list[str]:
    """Author names from a schema.org ``author`` value (string, object, list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """Headline, date and authors of the page's best schema.org article object.

    Specific article types beat the generic ``WebPage``, which sites use for
    every page, listing pages included.
    """
    best: dict[str, Any] | None = None
    best_rank = -1
    for obj in _json_ld_objects(tree):
        types = _types(obj)
        if not types & _ARTICLE_TYPES:
            continue
        rank = 1 if types <= {"webpage"} else 2
        if rank > best_rank:
            best, best_rank = obj, rank
    if best is None:
        return {}
    headline = best.get("headline") or (best.get("name") if best_rank == 2 else None)
    if isinstance(headline, list):
        headline = headline[0] if headline else None
    return {
        "headline": normalize_space(html_lib.unescape(str(headline))) if headline else None,
        "datePublished": _json_ld_date(best.get("datePublished") or best.get("dateCreated")),
        "dateModified": _json_ld_date(best.get("dateModified")),
        "authors": [normalize_space(html_lib.unescape(n)) for n in _names(best.get("author")) if normalize_space(n)],
        "publisher": next(iter(_names(best.get("publisher"))), None),
        "type": sorted(_types(best))[0],
    }


def _json_ld_date(value: Any) -> Any:
    """A JSON-LD date, with a Unix time (some CMSs write one) turned into ISO 8601 UTC."""
    timestamp = parse_timestamp(value)
    return timestamp[0] if timestamp is not None else value


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` values keyed by lower-cased name/property/itemprop (first wins)."""
    tags: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key:
                tags.setdefault(key.strip().lower(), content.strip())
    return tags


def _first_text(tree: HtmlElement, path: str) -> str | None:
    for element in tree.iterfind(path):
        text = normalize_space(element.text_content())
        if text:
            return text
    return None


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _host_label(host: str | None) -> str:
    """The name part of a host: "www.example.co.uk" -> "example"."""
    labels = [label for label in (host or "").lower().split(".") if label not in _HOST_PREFIXES]
    return _comparable(labels[0]) if len(labels) > 1 else ""


def clean_title(title: str, *, site_name: str | None = None, host: str | None = None, h1: str | None = None) -> str:
    """Strip the site name a page appends to (or prefixes) its headline.

    Uses, in order: the page's ``<h1>`` when the title starts or ends with it;
    the site name (``og:site_name`` or the host) when it is one of the
    separator-delimited segments; and otherwise keeps the title whole, since a
    colon or dash inside a real headline is common.

    >>> clean_title("Talks fail again | The Daily Planet", site_name="The Daily Planet")
    'Talks fail again'
    """
    title = normalize_space(title)
    if h1:
        comparable_h1, comparable_title = _comparable(h1), _comparable(title)
        if comparable_h1 and comparable_h1 != comparable_title and len(comparable_h1) >= 10:
            if comparable_title.startswith(comparable_h1) or comparable_title.endswith(comparable_h1):
                return normalize_space(h1)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    markers = {_comparable(m) for m in (site_name, host) if m}
    markers.add(_host_label(host))
    markers.discard("")

    def is_site(part: str) -> bool:
        comparable = _comparable(part)
        return bool(comparable) and any(
            m == comparable or (len(m) >= 4 and m in comparable and len(comparable) <= len(m) + 12) for m in markers
        )

    if is_site(parts[-1]):
        kept = parts[:-1]
        # "Headline - Section - Site": a short last segment left is a section.
        while len(kept) > 1 and count_words(kept[-1]) <= 2 and count_words(kept[0]) >= 4:
            kept = kept[:-1]
        return _rejoin(title, kept)
    if is_site(parts[0]):
        return _rejoin(title, parts[1:])
    return title


def _rejoin(title: str, parts: list[str]) -> str:
    """The span of ``title`` covering ``parts`` (keeps the original separators)."""
    if not parts:
        return title
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _choose_h1(
    tree: HtmlElement, references: list[str], site_name: str | None, host: str | None = None
) -> tuple[str, HtmlElement] | None:
    """The page's visible headline: the ``<h1>`` that is not a logo or site name.

    Pages repeat their headline in ``<title>``/``og:title``/JSON-LD, often
    reworded for search engines; the on-page ``<h1>`` is what readers see.
    Several ``<h1>`` (logo, sidebar widgets) are told apart by their word
    overlap with those reference titles.
    """
    site_markers = {_comparable(site_name)} if site_name else set()
    host_label = _host_label(host)
    for reference in references:
        parts = _TITLE_SEPARATORS.split(reference)
        if len(parts) > 1:
            # The shorter end of a composite title is usually the site name.
            first, last = _comparable(parts[0]), _comparable(parts[-1])
            shorter, longer = sorted((first, last), key=len)
            if len(shorter) < 0.7 * len(longer):
                site_markers.add(shorter)
    site_markers.discard("")
    reference_words = [_words(r) for r in references]
    best: tuple[str, HtmlElement] | None = None
    best_score = -1.0
    for index, element in enumerate(tree.iterfind(".//h1")):
        if index >= 10:
            break
        # Block lines: "<h1>Title<div>Sub</div></h1>" must not glue words,
        # "<h1>C<span>ycle</span></h1>" must not split one.
        text = normalize_space(html_lib.unescape(" ".join(block_paragraphs(element))))
        # Over 25 words is a standfirst or a teaser styled as <h1>.
        if len(text) < 3 or count_words(text) > 25:
            continue
        comparable = _comparable(text)
        if host_label and comparable == host_label:
            continue
        if comparable in site_markers and not any(comparable == _comparable(r) for r in references):
            continue
        words = _words(text)
        overlap = max((len(words & ref) / len(words | ref) for ref in reference_words if ref), default=0.0)
        if best is None and not references:
            return text, element
        # The first plausible <h1> wins unless a later one matches the
        # references clearly better.
        score = overlap - 0.05 * index
        if score > best_score:
            best, best_score = (text, element), score
    if best is not None and reference_words and best_score <= 0.0:
        # Shares no word with any title the page gives itself: a section
        # label or a widget heading, not the headline.
        return None
    return best


def _clean_candidate(method: str, value: str, references: list[str], site_name: str | None, host: str | None) -> str:
    """A title candidate cleaned of site names, pipe tails and a leading dateline."""
    cleaned = clean_title(html_lib.unescape(value), site_name=site_name, host=host, h1=None)
    if method == "h1":
        # "<h1>Headline <span>Posted on ... by ...</span></h1>": the
        # page's own title marks where the headline ends.
        for reference in references:
            reference = clean_title(reference, site_name=site_name, host=host)
            ref_key, h1_key = _comparable(reference), _comparable(cleaned)
            if len(ref_key) >= 20 and h1_key.startswith(ref_key) and len(h1_key) > len(ref_key) + 10:
                cleaned = reference
                break
    if method != "h1" and " | " in cleaned:
        # What follows a pipe in a document title is a section, a
        # tagline or a site name the markers above did not recognise
        # ("Climate Change | Economic Research Service"); headlines do not
        # use pipes.
        cleaned = cleaned.split(" | ")[0].strip()
    leading_date = find_date(cleaned)
    if (
        leading_date is not None
        and leading_date.start == 0
        and leading_date.precision not in ("year", "month")
        and count_words(cleaned[leading_date.end :]) >= 3
    ):
        # "Dec 18 2025 Preparing a transition": a dateline run into the headline.
        cleaned = cleaned[leading_date.end :].strip(" -–—|:·•")
    return cleaned


# A headline cut for length: "…" or "..." at its end.
_CUT_TITLE = re.compile(r"\s*(?:…|\.\.\.)\s*$")


def _choose_title(
    candidates: list[tuple[str, str | None]], references: list[str], site_name: str | None, host: str | None
) -> tuple[str, str] | None:
    """The first usable title candidate, unless it is visibly cut and another one completes it."""
    cleaned = [
        (method, _clean_candidate(method, value, references, site_name, host))
        for method, value in ((m, normalize_space(v)) for m, v in candidates)
        if value and len(value) >= 3
    ]
    cleaned = [(method, value) for method, value in cleaned if value]
    if not cleaned:
        return None
    method, title = cleaned[0]
    if _CUT_TITLE.search(title):
        # "Council votes to close the…" beside the page's full headline in
        # og:title or JSON-LD: take the complete one.
        stem = _comparable(_CUT_TITLE.sub("", title))
        for other_method, other in cleaned[1:]:
            key = _comparable(other)
            if len(stem) >= 10 and not _CUT_TITLE.search(other) and key.startswith(stem) and len(key) > len(stem):
                return other, other_method
    return title, method


def extract_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, authors, date and site name, trying the strongest evidence first."""
    result = PageMetadata()
    ld = _json_ld_article(tree)
    meta = _meta_tags(tree)
    host = urlsplit(url).hostname if url else None
    result.site_name = meta.get("og:site_name") or meta.get("application-name")
    html_lang = tree.get("lang") or meta.get("og:locale") or meta.get("content-language")
    result.language = html_lang.split("-")[0].split("_")[0].lower() if html_lang else None

    references = [
        normalize_space(v)
        for v in (ld.get("headline"), meta.get("og:title"), meta.get("twitter:title"), _first_text(tree, ".//title"))
        if v
    ]
    headline = _choose_h1(tree, references, result.site_name, host)
    h1 = headline[0] if headline else None
    result.headline = headline[1] if headline else None
    candidates: list[tuple[str, str | None]] = [
        ("h1", h1),
        ("json-ld", ld.get("headline")),
        ("meta:og:title", meta.get("og:title")),
        ("meta:twitter:title", meta.get("twitter:title")),
        ("title", references[-1] if references else None),
    ]
    chosen_title = _choose_title(candidates, references, result.site_name, host)
    if chosen_title is not None:
        result.title, result.title_method = chosen_title

    # Dates: the date printed by the headline, weighed against the
    # machine-readable ones (rules in ``published``); then JSON-LD, then
    # htmldate's page heuristics, whose day an agreeing structured source
    # refines with a time of day.
    date_sources: list[tuple[str, str | None]] = [("meta:article:published_time", meta.get("article:published_time"))]
    date_sources.append(("json-ld", ld.get("datePublished")))
    date_sources += [(f"meta:{key}", meta.get(key)) for key in _DATE_META[1:]]
    for element in tree.iterfind(".//*[@itemprop]"):
        if (element.get("itemprop") or "").lower() == "datepublished":
            date_sources.append(
                ("itemprop:datePublished", element.get("content") or element.get("datetime") or element.text_content())
            )
            break
    for element in tree.iterfind(".//time[@datetime]"):
        date_sources.append(("time", element.get("datetime")))
        break
    parsed_sources = [(method, parse_date(value)) for method, value in date_sources if isinstance(value, str)]
    structured = [(method, found) for method, found in parsed_sources if found is not None]
    modified_values = [ld.get("dateModified")] + [meta.get(k) for k in _MODIFIED_META]
    modified = [found for found in (parse_date(v) for v in modified_values if isinstance(v, str)) if found is not None]
    og_published = dict(structured).get("meta:article:published_time")
    known_days = frozenset(value[:10] for value, _ in [found for _, found in structured] + modified)
    # With no <h1> accepted as the headline, the first <h1> still anchors the
    # printed dates: pages whose <h1> shares no word with their titles still
    # print their date by it.
    printed = printed_dates(tree, headline[1] if headline else None, known_days=known_days)
    chosen = choose_published(printed, og_published=og_published, modified=modified, structured=structured)
    if chosen is None:
        chosen = next(((m, f) for m, f in structured if m == "json-ld"), None)
    day = _htmldate(tree, url) if chosen is None else None
    if chosen is None and day is not None:
        swapped = f"{day[:4]}-{day[8:10]}-{day[5:7]}"
        chosen = next(((m, f) for m, f in structured if f[0][:10] == day), None) or next(
            ((m, f) for m, f in structured if f[0][:10] == swapped), None
        )
    if chosen is None and day is not None:
        # htmldate's last resort is a bare year (a copyright line) dated
        # January 1st: keep only the year, so that a finer container hint
        # can replace it.
        chosen = ("htmldate", (day[:4], "year") if day.endswith("-01-01") else (day, "day"))
    if chosen is None and structured:
        chosen = structured[0]
    if chosen is not None:
        chosen = settle_with_url(chosen, url)
        result.published_method, (result.published, result.published_precision) = chosen[0], chosen[1]
    if result.published is None and modified:
        result.published, result.published_precision = modified[0]
        result.published_method = "modified"

    from .authors import choose_authors

    authors, authors_method = ld.get("authors") or [], "json-ld"
    if not authors:
        author = next((value for key in _AUTHOR_META if (value := meta.get(key))), None)
        authors, authors_method = ([author] if author else []), "meta"
    not_names = [result.site_name, ld.get("publisher"), _host_label(host)]
    result.authors, result.authors_method = choose_authors(
        authors, authors_method, tree, result.headline, url, not_names
    )
    return result


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date

    from .dates import EARLIEST, latest_allowed

    try:
        return find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=True,
            min_date=EARLIEST,
            max_date=latest_allowed().strftime("%Y-%m-%d"),
        )
    except (ValueError, TypeError):  # htmldate raises on odd trees
        return None


# --- body ----------------------------------------------------------------


def _trafilatura_text(tree: HtmlElement, url: str | None, **options: Any) -> str:
    from trafilatura import bare_extraction

    document = bare_extraction(tree, url=url, include_comments=False, include_tables=True, **options)
    if document is None:
        return ""
    return document.text or ""  # type: ignore[union-attr]


def to_paragraphs(text: str, *, drop: str | None = None) -> str:
    """One paragraph per non-empty line, separated by exactly one blank line.

    ``drop``: a headline to remove when it opens the body, since the body is
    the text under the headline.
    """
    lines = [normalize_space(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if drop and lines and _comparable(lines[0]) == _comparable(drop):
        lines = lines[1:]
    return "\n\n".join(lines)


# A recall-oriented trafilatura pass replaces the balanced one when it finds
# this many times the words while keeping most of them. Any gain counts:
# the result is then aligned with the page (``alignment``), which cuts the
# stray lines a recall pass brings in at the edges, and the pages where it
# finds the most are those where the balanced pass missed the most.
_RECALL_GAIN = 1.0
_RECALL_KEEPS = 0.8
# Head start of the primary body in the agreement vote: the mean word-F1
# margin another extractor's output needs over it: the primary is the best
# extractor alone, so another output must agree with the rest clearly
# better to replace it. Higher leaves the primary alone; 0 overrides it too
# often.
_AGREEMENT_HEAD_START = 0.1
# JSON-LD ``articleBody`` is the publisher's own copy of the text: taken when
# it has at least this many words and shares over half of the primary's.
_ARTICLE_BODY_WORDS = 50


def _baseline_text(tree: HtmlElement) -> str:
    from trafilatura import baseline

    postbody, text, _ = baseline(tree)
    lines = block_paragraphs(postbody) if postbody is not None else []
    return "\n".join(lines) if lines else text


def _readability_text(tree: HtmlElement) -> str:
    from copy import deepcopy

    from trafilatura.external import try_readability

    summary = try_readability(deepcopy(tree))  # readability rewrites the tree it is given
    return "\n".join(block_paragraphs(summary)) if summary is not None and len(summary) else ""


def _justext_stoplist(language: str | None) -> frozenset[str] | None:
    """jusText's stop-word list for an ISO 639-1 code (English when unknown)."""
    import justext

    name = "English"
    if language and language != "en":
        import pycountry

        found = pycountry.languages.get(alpha_2=language)
        name = found.name if found is not None else ""
    try:
        return frozenset(justext.get_stoplist(name))
    except (ValueError, KeyError):
        return None


def _justext_text(tree: HtmlElement, language: str | None) -> str:
    import justext
    from lxml.html import tostring

    stoplist = _justext_stoplist(language)
    if stoplist is None:
        return ""
    paragraphs = justext.justext(tostring(tree), stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


# Share of the placed words a shorter winner lacks that must sit outside the
# element holding the shared lines.
_OUTSIDE_SHARE = 0.9


def _lacks_only_outside(tree: HtmlElement, primary: str, candidate: Counter[str]) -> bool:
    """Whether the lines of ``primary`` that ``candidate`` lacks sit outside the element holding those it shares.

    That element is the lowest common ancestor, on the page, of the shared
    lines. Most of the lacked words must be placed on the page (an
    extractor's line that is no block of the page says nothing), and
    ``_OUTSIDE_SHARE`` of those placed must be outside. A shorter output that
    lacks a block outside that element has left out furniture; one that
    lacks slides or sections inside it has left out part of the article.
    """
    from .alignment import _key
    from .consensus import shared_lines

    lines = [line for line in primary.splitlines() if line.strip()]
    shared = shared_lines(lines, candidate)
    body = tree.find(".//body")
    placed: dict[str, HtmlElement] = {}
    for line, element in block_lines(body if body is not None else tree):
        placed.setdefault(_key(line), element)
    holders: set[HtmlElement] | None = None
    for line, is_shared in zip(lines, shared, strict=True):
        element = placed.get(_key(line))
        if is_shared and element is not None:
            chain = {element, *element.iterancestors()}
            holders = chain if holders is None else holders & chain
    if not holders:
        return False
    core = max(holders, key=lambda element: sum(1 for _ in element.iterancestors()))
    lacked = found = outside = 0
    for line, is_shared in zip(lines, shared, strict=True):
        if is_shared:
            continue
        words = count_words(line)
        lacked += words
        element = placed.get(_key(line))
        if element is not None:
            found += words
            if element is not core and core not in set(element.iterancestors()):
                outside += words
    return found > 0 and 2 * found >= lacked and outside >= _OUTSIDE_SHARE * found


_MARKUP = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")


def json_ld_article_body(tree: HtmlElement) -> str:
    """The longest schema.org ``articleBody`` on the page ("" if none)."""
    best = ""
    for obj in _json_ld_objects(tree):
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) > len(best):
            best = body
    if _MARKUP.search(best):
        # Some CMSs put the article's HTML there: tags, entities and all.
        from lxml.etree import ParserError
        from lxml.html import fragment_fromstring

        try:
            return "\n".join(block_paragraphs(fragment_fromstring(best, create_parent="div"))).strip()
        except (ParserError, ValueError):
            pass
    return html_lib.unescape(best).strip()


def extract_body(
    tree: HtmlElement, url: str | None = None, language: str | None = None, title: str | None = None
) -> tuple[str, str]:
    """The article body and the strategy that produced it ("" if none found).

    A cascade, cheap first: trafilatura's balanced pass; its recall pass
    when that finds clearly more of the same text; the page's JSON-LD
    ``articleBody`` when long and consistent with it; and a vote with three
    independent extractors (trafilatura's baseline, readability, jusText)
    that replaces the body only when another output agrees with the rest by
    a clear margin more (see ``consensus``). Before any of them runs, a copy
    of the tree is cut of containers named as furniture (carousels, modals,
    promos, author boxes, disclaimers; see ``boilerplate``), which read like
    prose to extractors that judge blocks by their text. A trafilatura
    result is then aligned with the page's blocks to put back skipped
    headings and blocks and cut stray edges (``alignment``).
    docs/benchmarks.md gives what each step gained.
    """
    from copy import deepcopy

    from .boilerplate import prune_furniture
    from .consensus import containment, pick_by_agreement, word_bag

    # The JSON-LD articleBody lives in a <script>, which pruning never cuts;
    # the copy leaves the caller's tree whole.
    tree = deepcopy(tree)
    prune_furniture(tree)
    text, method = _trafilatura_text(tree, url), "trafilatura"
    bag = word_bag(text)
    recall = _trafilatura_text(tree, url, favor_recall=True)
    recall_bag = word_bag(recall)
    if (
        sum(recall_bag.values()) >= _RECALL_GAIN * sum(bag.values())
        and containment(bag, recall_bag) >= _RECALL_KEEPS
        and recall_bag
    ):
        text, method, bag = recall, "trafilatura:recall", recall_bag
    article_body = json_ld_article_body(tree)
    article_bag = word_bag(article_body)
    if sum(article_bag.values()) >= _ARTICLE_BODY_WORDS and containment(bag, article_bag) > 0.5:
        text, method = article_body, "json-ld:articleBody"
    else:
        outputs = {method: text}
        for name, produce in (
            ("trafilatura:baseline", lambda: _baseline_text(tree)),
            ("readability", lambda: _readability_text(tree)),
            ("justext", lambda: _justext_text(tree, language)),
        ):
            try:
                outputs[name] = produce()
            except Exception:  # noqa: BLE001 - a crashing voter abstains, the others decide
                outputs[name] = ""
        bags = {name: word_bag(value) for name, value in outputs.items()}
        chosen = pick_by_agreement(bags, prior=method, head_start=_AGREEMENT_HEAD_START)
        if sum(bags[chosen].values()) < sum(bag.values()) and not _lacks_only_outside(tree, text, bags[chosen]):
            chosen = method  # no evidence that what the winner lacks is not article: the longer text stays
        text, method = outputs[chosen], chosen
    if method.startswith("trafilatura") and text:
        text = align_with_page(tree, text, title=title)
    if count_words(text) < MIN_BODY_WORDS:
        # A login form or an error page: a few stray labels are not an article.
        return "", "none"
    return text, method


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Run the cascade on one page."""
    page = load_page(html)
    if page is None:
        return HtmlExtraction(body="", body_method="none", metadata=PageMetadata())
    tree, truncated = page.tree, page.truncated
    metadata = extract_metadata(tree, url)
    text, method = extract_body(page.body_tree, url, metadata.language, metadata.title)
    from .boilerplate import trim_end_matter

    body = trim_end_matter(to_paragraphs(text, drop=metadata.title))
    standfirst = find_standfirst(tree, metadata.headline)
    if standfirst is not None:
        metadata.subtitle, metadata.subtitle_method = standfirst
        first, _, rest = body.partition("\n\n")
        if rest and _comparable(first) == _comparable(metadata.subtitle):
            body = rest  # the body is the text under the headline and the standfirst
    return HtmlExtraction(body=body, body_method=method, metadata=metadata, truncated=truncated)
