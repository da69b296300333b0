"""Section headings put back between extracted paragraphs."""

from __future__ import annotations

from newsgraph.extract.alignment import align_with_page
from newsgraph.extract.html import parse_html

PAGE = """<html><body><div class="page"><h1>How cloud storage works</h1>
<section><div><h1 class="x">Storage defined</h1></div><p>Cloud storage keeps files on servers run by a provider.</p></section>
<section><div><h2>Costs</h2></div><p>Providers charge for space and for traffic out of their network.</p></section>
</div><aside><h2>Newsletter</h2></aside><p>Unrelated footer words here.</p></body></html>"""


def test_headings_between_extracted_paragraphs_come_back_in_place() -> None:
    text = "Cloud storage keeps files on servers run by a provider.\nProviders charge for space and for traffic out of their network."
    restored = align_with_page(parse_html(PAGE), text, title="How cloud storage works")
    assert restored.split("\n") == [
        "Cloud storage keeps files on servers run by a provider.",
        "Costs",
        "Providers charge for space and for traffic out of their network.",
    ]


def test_the_title_and_headings_already_kept_are_not_put_back_twice() -> None:
    page = """<html><body><article><p>Cloud storage keeps files on servers run by a provider.</p>
    <h2>How cloud storage works</h2><h2>Pricing explained</h2><h2>Costs</h2>
    <p>Providers charge for space and for traffic out of their network.</p></article></body></html>"""
    text = "Cloud storage keeps files on servers run by a provider.\nProviders charge for space and for traffic out of their network.\nPricing explained"
    restored = align_with_page(parse_html(page), text, title="How cloud storage works")
    # The headline and a heading the text already has stay out; "Costs" comes back.
    assert restored.split("\n") == [
        "Cloud storage keeps files on servers run by a provider.",
        "Costs",
        "Providers charge for space and for traffic out of their network.",
        "Pricing explained",
    ]


def test_a_short_heading_comes_back_even_when_its_word_occurs_in_the_text() -> None:
    page = """<html><body><article><p>Prices and costs vary a lot between providers of storage.</p>
    <h2>Costs</h2><p>Providers charge for space and for traffic out of their network.</p></article></body></html>"""
    text = "Prices and costs vary a lot between providers of storage.\nProviders charge for space and for traffic out of their network."
    assert "Costs" in align_with_page(parse_html(page), text).split("\n")


def test_a_heading_far_from_the_text_around_it_is_not_inserted() -> None:
    page = """<html><body><p>First paragraph of the story goes here.</p>
    <div><div><div><div><h3>Recommended for you</h3></div></div></div></div>
    <p>Second paragraph of the story goes here.</p></body></html>"""
    tree = parse_html(page)
    text = "First paragraph of the story goes here.\nSecond paragraph of the story goes here."
    assert align_with_page(tree, text) == text


def test_lines_outside_the_article_at_the_edges_are_cut() -> None:
    story = "".join(
        f"<p>Paragraph {n} of the report on the harbour strike, with enough words to count.</p>" for n in range(30)
    )
    page = f"""<html><body><div class="teasers"><p>Other story teaser you might like.</p></div>
    <article>{story}</article><footer><p>Copyright line of the site.</p></footer></body></html>"""
    tree = parse_html(page)
    paragraphs = [f"Paragraph {n} of the report on the harbour strike, with enough words to count." for n in range(30)]
    text = "\n".join(["Other story teaser you might like.", *paragraphs, "Copyright line of the site."])
    assert align_with_page(tree, text).split("\n") == paragraphs


def test_lines_whose_control_characters_the_extractor_dropped_are_still_found_on_the_page() -> None:
    # A double-encoded page prints an apostrophe as "â" plus two C1 controls;
    # trafilatura drops the controls, the page's blocks keep them.
    lines = [
        "The ferry timetable changes on the first day of spring for every route.",
        "Commuters say they canâ\x80\x99t plan their week around the new crossings at all.",
        "The operator says the winter boats need three weeks of repairs in dock.",
    ]
    page = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in lines) + "</article></body></html>"
    extracted = "\n".join(line.replace("\x80", "").replace("\x99", "") for line in lines)
    assert align_with_page(parse_html(page), extracted) == extracted
