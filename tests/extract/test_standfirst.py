"""The standfirst under an HTML headline: its own field, not the body's first paragraph."""

from __future__ import annotations

from newsgraph.extract.html import extract_html, parse_html
from newsgraph.extract.standfirst import find_standfirst

BODY = "".join(
    f"<p>{text}</p>"
    for text in (
        "The port authority said on Monday that dock workers would return to work after a deal on pay was reached overnight.",
        "The strike had kept more than forty ships waiting outside the harbour for nine days, according to shipping agents.",
        "Union leaders said the agreement raised wages by six percent over two years and would be put to a vote next week.",
    )
)


def _page(header: str) -> str:
    return f"<html><head><title>Dock strike ends</title></head><body><article><header><h1>Dock strike ends after pay deal</h1>{header}</header>{BODY}</article></body></html>"


def test_a_named_standfirst_becomes_the_subtitle_and_leaves_the_body() -> None:
    result = extract_html(
        _page('<p class="article-dek">Ships start moving again as workers accept a six percent rise over two years</p>')
    )
    assert result.metadata.subtitle == "Ships start moving again as workers accept a six percent rise over two years"
    assert result.metadata.subtitle_method == "html:standfirst-class"
    assert "Ships start moving" not in result.body
    assert result.body.startswith("The port authority said on Monday")


def test_a_sentence_long_h2_under_the_headline_is_a_standfirst() -> None:
    tree = parse_html(_page("<h2>Ships start moving again as workers accept a six percent rise</h2>"))
    found = find_standfirst(tree, tree.find(".//h1"))
    assert found == ("Ships start moving again as workers accept a six percent rise", "html:after-headline")


def test_a_lead_paragraph_or_a_short_section_heading_is_not_a_standfirst() -> None:
    tree = parse_html(_page("<h2>Background</h2>"))
    assert find_standfirst(tree, tree.find(".//h1")) is None
    tree = parse_html(_page(""))
    assert find_standfirst(tree, tree.find(".//h1")) is None
