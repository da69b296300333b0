"""Article extraction: raw document -> ``Article`` (title, date, clean body).

``extract_article`` dispatches on ``RawDocument.kind``: HTML goes through the
trafilatura-based cascade in ``html``, flattened page text through the
line-scoring extractor in ``text``. Both end here, where the container's
hints fill the gaps, the language is identified and flags are set.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit

from ..records import Article, Precision, RawDocument
from .dates import parse_date
from .language import detect_language
from .published import date_in_url

__all__ = ["extract_article"]


def _site(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return host or None


def _apply_hints(article: Article, raw: RawDocument) -> None:
    """Fill title and date from the container when extraction found none.

    The container's date comes first; then a date the URL's path spells out
    ("/2024/03/07/"), which news sites put there on publication.
    """
    if not article.title and raw.title and raw.title.strip():
        article.title = raw.title.strip()
        article.methods["title"] = "container"
    coarse = article.published_precision in (None, "year", "month")
    if coarse and raw.published:
        parsed = parse_date(raw.published)
        if parsed is not None and (article.published is None or parsed[1] not in ("year", "month")):
            article.published, article.published_precision = parsed[0], cast(Precision, parsed[1])
            article.methods["published"] = "container"
    if article.published is None:
        day = date_in_url(raw.url)
        if day is not None:
            article.published, article.published_precision = day, "day"
            article.methods["published"] = "url"


def _finish(article: Article) -> Article:
    """Language and flags, the same for every extractor."""
    article.language = detect_language(article.body)
    if not article.body.strip():
        article.flags.append("empty")
    if article.language is not None and article.language != "en":
        article.flags.append("non-english")
    return article


def extract_article(raw: RawDocument, *, plain: bool = False) -> Article:
    """Extract the article in ``raw``; never raises for an empty page.

    With ``plain=True`` the content is taken as an already clean body, kept
    byte for byte; only the container's title/date hints and the language
    are added.
    """
    article = Article(
        id=raw.id, source=raw.source, body="", url=raw.url, site=_site(raw.url), content_hash=raw.content_hash
    )
    article.flags.extend(raw.flags)
    if plain:
        article.body = raw.content
        article.methods["body"] = "plain"
    elif raw.kind == "html":
        from .html import extract_html

        result = extract_html(raw.content, raw.url)
        meta = result.metadata
        article.body = result.body
        article.methods["body"] = result.body_method
        if result.truncated:
            article.flags.append("truncated")  # the page was cut to its article's container (see extract.bounds)
        article.title = meta.title
        if meta.title_method:
            article.methods["title"] = meta.title_method
        article.subtitle = meta.subtitle
        if meta.subtitle_method:
            article.methods["subtitle"] = meta.subtitle_method
        article.authors = list(meta.authors)
        if meta.authors_method:
            article.methods["authors"] = meta.authors_method
        article.published = meta.published
        article.published_precision = cast(Precision | None, meta.published_precision)
        if meta.published_method:
            article.methods["published"] = meta.published_method
    else:
        from .text import extract_text

        extracted = extract_text(raw.content, raw.url)
        article.body = extracted.body
        article.title = extracted.title
        article.subtitle = extracted.subtitle
        article.authors = list(extracted.authors)
        article.published = extracted.published
        article.published_precision = cast(Precision | None, extracted.published_precision)
        article.methods.update(extracted.methods)
        if extracted.truncated:
            article.flags.append("truncated")  # only the first MAX_TEXT_CHARS were read
    _apply_hints(article, raw)
    return _finish(article)
