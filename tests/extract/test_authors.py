"""Authors: bylines in ordinary markup are found; handles, addresses and a publisher yielding to a person."""

from __future__ import annotations

import json

import pytest

from newsgraph.extract.authors import clean_names
from newsgraph.extract.html import extract_html

PARAS = "".join(
    f"<p>{p}</p>"
    for p in (
        "The harbour authority opened the new ferry terminal on Tuesday after four years of delays and two changes of contractor.",
        "Commuters crossing the bay will save about twenty minutes a day, the authority said, as larger boats can now dock at low tide.",
        "Local traders welcomed the opening but complained that parking around the terminal remained scarce and expensive.",
    )
)


def _page(byline: str, head: str = "") -> str:
    return (
        f'<html><head><title>Ferry terminal opens</title><meta property="og:site_name" content="Bay Courier">{head}</head>'
        f"<body><article><h1>Ferry terminal opens</h1>{byline}{PARAS}</article></body></html>"
    )


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="byline">By Maren Oakfield</span>',
        '<a rel="author" href="/people/maren">Maren Oakfield</a>',
        '<span itemprop="author" itemscope><span itemprop="name">Maren Oakfield</span></span>',
        '<div class="author-name">Maren Oakfield</div>',
        "<p>By Maren Oakfield</p>",
    ],
)
def test_bylines_in_markup_are_found(byline: str) -> None:
    assert extract_html(_page(byline), "https://baycourier.example/ferry").metadata.authors == ["Maren Oakfield"]


def test_a_declared_publisher_yields_to_the_person_in_the_byline() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Ferry terminal opens",
        "author": {"@type": "Organization", "name": "Bay Courier"},
        "publisher": {"name": "Bay Courier"},
    }
    html = _page(
        '<span class="byline">By Maren Oakfield</span>', f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    assert extract_html(html, "https://baycourier.example/ferry").metadata.authors == ["Maren Oakfield"]
    # With no person named anywhere, the company signing its own post stays.
    alone = _page("", f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    assert extract_html(alone, "https://baycourier.example/ferry").metadata.authors == ["Bay Courier"]


def test_handles_addresses_and_urls_are_no_authors() -> None:
    html = _page("", '<meta name="author" content="Staff">')
    assert extract_html(html).metadata.authors == []
    assert clean_names(
        ["desk@baycourier.example", "https://baycourier.example/people/x", "Admin", "Maren Oakfield; Tomas Reed"]
    ) == [
        "Maren Oakfield",
        "Tomas Reed",
    ]
    assert clean_names(["Name *", "2022 • 10 mins read", "full bio"], name_like=True) == []
