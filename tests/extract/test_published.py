"""The publication date chosen from printed and machine-readable evidence."""

from __future__ import annotations

from newsgraph.extract.html import extract_html, parse_html
from newsgraph.extract.published import choose_published, date_in_url, printed_dates, settle_with_url

BODY = "<p>" + "The council met on a wet evening to argue about the budget for the new library. " * 6 + "</p>"


def _page(head: str = "", header: str = "") -> str:
    return f"<html><head>{head}</head><body><nav>Home News</nav><article><h1>Council argues over library budget</h1>{header}{BODY}</article></body></html>"


def test_printed_dates_are_placed_and_labelled() -> None:
    tree = parse_html(
        _page(header="<div class='meta'><span>Published May 2, 2024</span> <span>Updated: 3 June 2024</span></div>")
    )
    found = printed_dates(tree)
    assert [(p.day, p.label) for p in found] == [("2024-05-02", "published"), ("2024-06-03", "updated")]
    assert all(0 < p.offset < 200 for p in found)


def test_a_date_far_below_the_headline_is_not_the_articles() -> None:
    filler = "<p>" + "More words about the plans. " * 40 + "</p>"
    tree = parse_html(_page(header=filler + "<p>Comment posted January 5, 2025</p>"))
    assert printed_dates(tree) == []


def test_printed_updated_date_is_taken_when_the_page_declares_no_publication_time() -> None:
    html = _page(
        head='<script type="application/ld+json">{"@type": "Article", "datePublished": "2021-03-01", "dateModified": "2024-06-03"}</script>',
        header="<p>By A. Writer · Last updated June 3, 2024</p>",
    )
    metadata = extract_html(html).metadata
    assert metadata.published and metadata.published.startswith("2024-06-03")


def test_open_graph_publication_time_beats_a_printed_update() -> None:
    html = _page(
        head='<meta property="article:published_time" content="2021-03-01T08:30:00+00:00">',
        header="<p>By A. Writer · Updated June 3, 2024</p>",
    )
    metadata = extract_html(html).metadata
    assert metadata.published == "2021-03-01T08:30:00"
    assert metadata.published_method == "meta:article:published_time"


def test_printed_published_date_beats_printed_update_and_takes_the_time_of_day() -> None:
    printed = printed_dates(
        parse_html(_page(header="<p>Updated 3 June 2024</p><p>Originally published 2 May 2024</p>"))
    )
    chosen = choose_published(
        printed, og_published=None, modified=[], structured=[("json-ld", ("2024-05-02T07:15", "minute"))]
    )
    assert chosen == ("printed+structured", ("2024-05-02T07:15", "minute"))


def test_a_printed_date_a_day_from_the_declared_time_is_the_same_moment() -> None:
    printed = printed_dates(parse_html(_page(header="<p>July 4, 2025</p>")))
    chosen = choose_published(printed, og_published=("2025-07-05T01:10:00", "second"), modified=[], structured=[])
    assert chosen == ("meta:article:published_time", ("2025-07-05T01:10:00", "second"))


def test_no_printed_date_leaves_the_choice_to_the_cascade() -> None:
    assert choose_published([], og_published=None, modified=[], structured=[]) is None


def test_a_year_only_declaration_is_not_compared_with_a_printed_day() -> None:
    printed = printed_dates(parse_html(_page(header="<p>July 4, 2025</p>")))
    chosen = choose_published(printed, og_published=("2025", "year"), modified=[], structured=[])
    assert chosen == ("printed", ("2025-07-04", "day"))


def test_a_time_element_lends_its_machine_date_but_keeps_its_label() -> None:
    found = printed_dates(
        parse_html(_page(header='<p><time datetime="2017-03-01T12:00:00Z">Updated 03/01/2017</time></p>'))
    )
    assert [(p.day, p.label) for p in found] == [("2017-03-01", "updated")]
    # A datetime attribute that is not a day leaves the printed date alone.
    found = printed_dates(parse_html(_page(header='<p><time datetime="2017">March 1, 2017</time></p>')))
    assert [p.day for p in found] == ["2017-03-01"]


def test_a_utc_timestamp_a_day_after_the_urls_date_yields_to_the_url() -> None:
    html = _page(
        head='<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">',
        header="<p>December 18, 2025</p>",
    )
    metadata = extract_html(html, "https://blog.example.org/2025/12/18/council-library/").metadata
    assert (metadata.published, metadata.published_precision) == ("2025-12-18", "day")
    assert metadata.published_method == "url+meta:article:published_time"
    # Without a date in the URL the declared moment stands.
    assert extract_html(html, "https://blog.example.org/council-library/").metadata.published == "2025-12-19T02:41:41"


def test_dates_in_urls() -> None:
    assert date_in_url("https://example.org/news/2024/3/7/story") == "2024-03-07"
    assert date_in_url("https://example.org/2024-03-07-story.html") == "2024-03-07"
    assert date_in_url("https://example.org/2024/02/30/story") is None  # not a calendar day
    assert date_in_url("https://example.org/items/20240307/story") is None
    # A number opening the slug after year and month is no day.
    assert date_in_url("https://example.org/2024/05/10-things-to-know/") is None
    assert date_in_url("https://example.org/2024/05/3-ways-to-save/") is None
    assert date_in_url(None) is None
    # A date further off than a time-zone shift is a different claim, left alone.
    assert settle_with_url(("json-ld", ("2024-03-10", "day")), "https://example.org/2024/03/07/x") == (
        "json-ld",
        ("2024-03-10", "day"),
    )
