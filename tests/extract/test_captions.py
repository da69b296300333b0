"""Issue 10, C.6: caption dates, Unix-time JSON-LD dates, headlines cut with an ellipsis."""

from __future__ import annotations

import json

from newsgraph.extract.html import extract_html, parse_html
from newsgraph.extract.published import printed_dates

BODY = "<p>" + "The harbour board spent the evening arguing about dredging the silted east channel. " * 6 + "</p>"
HEADLINE = "Harbour board approves dredging of the east channel"


def _page(head: str = "", header: str = "", headline: str = HEADLINE) -> str:
    return f"<html><head>{head}</head><body><nav>Home Ports</nav><article><h1>{headline}</h1>{header}{BODY}</article></body></html>"


def _ld(**fields: object) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **fields})}</script>'


# --- 1. dates in captions and photo credits --------------------------------


def test_a_figcaption_date_does_not_beat_json_ld() -> None:
    figure = "<figure><img src='a.jpg'><figcaption>Dredgers at work, 14 August 2011</figcaption></figure>"
    metadata = extract_html(_page(_ld(datePublished="2024-02-09T10:00:00"), figure)).metadata
    assert metadata.published == "2024-02-09T10:00:00"


def test_a_date_anywhere_in_a_figure_does_not_beat_article_published_time() -> None:
    figure = "<figure><img src='a.jpg'><div class='pic-note'><span>Taken March 3, 2016</span></div></figure>"
    head = '<meta property="article:published_time" content="2023-11-20T07:45:00+00:00">'
    metadata = extract_html(_page(head, figure)).metadata
    assert (metadata.published, metadata.published_method) == ("2023-11-20T07:45:00", "meta:article:published_time")


def test_an_element_carrying_a_data_caption_is_no_dateline() -> None:
    image = "<div class='lead-image' data-caption='The channel in May 2015'><img src='b.jpg'><span>The channel, May 4, 2015</span></div>"
    metadata = extract_html(_page(_ld(datePublished="2022-06-30"), image)).metadata
    assert metadata.published == "2022-06-30"


def test_a_photo_credit_line_is_skipped_for_the_printed_date_after_it() -> None:
    header = "<p>Photo: R. Lens / Coastal Wire, 3 March 2019</p><p class='meta'>June 5, 2024</p>"
    tree = parse_html(_page(header=header))
    assert [p.day for p in printed_dates(tree)] == ["2024-06-05"]
    credit = "<p>(Photograph by R. Lens on April 9, 2018)</p>"
    assert extract_html(_page(_ld(datePublished="2024-06-05"), credit)).metadata.published == "2024-06-05"


def test_a_printed_dateline_outside_the_figure_still_counts() -> None:
    header = "<figure><img src='a.jpg'><figcaption>Archive picture, 1 May 2010</figcaption></figure><p>Published 8 January 2025</p>"
    metadata = extract_html(_page(_ld(datePublished="2025-01-07T23:30:00"), header)).metadata
    assert metadata.published and metadata.published.startswith("2025-01-08")


# --- 2. JSON-LD dates as Unix times --------------------------------------------


def test_unix_times_are_read_in_seconds_or_milliseconds_as_utc() -> None:
    from newsgraph.extract.dates import parse_timestamp

    assert parse_timestamp(1700000000) == ("2023-11-14T22:13:20", "second")
    assert parse_timestamp("1700000000000") == ("2023-11-14T22:13:20", "second")
    assert parse_timestamp(1700000000.5) == ("2023-11-14T22:13:20", "second")
    assert parse_timestamp("17000") is None  # 1970: outside the window
    assert parse_timestamp("9999999999999999") is None
    assert parse_timestamp("2024-01-01") is None
    assert parse_timestamp(True) is None


def test_json_ld_unix_dates_are_used() -> None:
    assert extract_html(_page(_ld(datePublished=1700000000))).metadata.published == "2023-11-14T22:13:20"
    assert extract_html(_page(_ld(datePublished="1700000000000"))).metadata.published == "2023-11-14T22:13:20"


# --- 3. headlines cut with an ellipsis ------------------------------------------

FULL = "Harbour board approves dredging of the east channel after a decade of silt complaints"


def test_an_h1_cut_with_an_ellipsis_yields_to_the_complete_og_title() -> None:
    head = f'<meta property="og:title" content="{FULL}">'
    assert (
        extract_html(
            _page(head, headline="Harbour board approves dredging of the east channel after a…")
        ).metadata.title
        == FULL
    )


def test_a_cut_headline_yields_to_the_document_title_without_its_site_name() -> None:
    head = f"<title>{FULL} | Coastal Courier</title><meta property='og:site_name' content='Coastal Courier'>"
    metadata = extract_html(_page(head, headline="Harbour board approves dredging of the east chan...")).metadata
    assert metadata.title == FULL


def test_a_cut_og_title_yields_to_the_twitter_title() -> None:
    head = f"<meta property='og:title' content='Harbour board approves dredging of the…'><meta name='twitter:title' content='{FULL}'>"
    page = f"<html><head>{head}</head><body>{BODY}</body></html>"
    assert extract_html(page).metadata.title == FULL


def test_an_ellipsis_without_a_longer_title_stays() -> None:
    head = "<meta property='og:title' content='Something else entirely about ports and ships'>"
    title = "And then the water came…"
    assert extract_html(_page(head, headline=title)).metadata.title == title


def test_a_headline_inside_a_caption_classed_header_still_anchors_the_dates() -> None:
    page = f"<html><body><div class='hero has-caption'><h1>{HEADLINE}</h1><p>Published 8 January 2025</p></div>{BODY}</body></html>"
    assert [p.day for p in printed_dates(parse_html(page))] == ["2025-01-08"]


def test_a_dateline_styled_with_a_caption_class_is_still_read() -> None:
    head = '<meta property="article:published_time" content="2023-01-10T09:00:00+00:00">'
    header = "<div class='caption byline-date'>Updated: Feb 14, 2023 8:51pm UTC</div>"
    found = printed_dates(parse_html(_page(head, header)))
    assert [(p.day, p.label) for p in found] == [("2023-02-14", "updated")]
    assert extract_html(_page(head, header)).metadata.published == "2023-01-10T09:00:00"
    credit = "<div class='wp-caption-text'>The old quay, 2 May 2012</div>"
    assert printed_dates(parse_html(_page(head, credit))) == []
