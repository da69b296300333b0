"""The agreement vote: a shorter voter replaces trafilatura's text only when what it lacks is outside the article."""

from __future__ import annotations

import pytest

import newsgraph.extract.html as html_extract
from newsgraph.extract.consensus import shared_lines, word_bag

INTRO = [
    "Ten gardens open their gates to the public this weekend for the annual spring trail around the old market town.",
    "Volunteers have spent the winter preparing borders, ponds and orchards, and the trail map is free at the library.",
]
SLIDES = [
    "The walled plot behind the mill house was replanted with hardy shrubs after the flood two winters ago.",
    "A cottage garden on Bridge Lane mixes foxgloves, lupins and a vegetable patch run by three neighbours.",
    "Sixty apple trees stand in the orchard, several of them varieties grown nowhere else in the county.",
    "Herb borders at the almshouses supply a local bakery with rosemary, thyme and wild garlic each spring.",
    "Frogs, newts and dragonflies returned to the water garden once its owners stopped using pesticides.",
    "Visitors finish at a hay meadow where orchids flower in early June if the weather stays mild enough.",
]
COMMENTS = [
    "Posted by a reader: we walked the whole trail last year and the teas at the chapel were excellent value.",
    "Another reader: please add more benches near the meadow, my father found the slope hard going.",
    "Parking at the library fills up before ten, so take the bus from the station if you can manage it.",
    "Does anyone know whether dogs are allowed on the trail this time? The leaflet does not say.",
    "The orchard owners sold cider last spring and it sold out within an hour of opening.",
    "I volunteered at the herb border and can recommend the guided walk that starts at noon.",
    "Shame the castle gardens are not part of it any more, they used to be the highlight.",
    "Bring boots: the lane to the water garden turns to mud after even a little rain.",
    "Tickets for children are free, but the organisers ask families to register online first.",
    "Wonderful event every year, thanks to everyone who gives up their weekend to run it.",
]


def _page(blocks: list[str], comments: tuple[str, ...] | list[str] = ()) -> str:
    body = "".join(f'<div class="slide"><p>{text}</p></div>' for text in blocks)
    thread = "".join(f"<div><p>{text}</p></div>" for text in comments)
    return (
        "<html><head><title>Spring garden trail</title></head><body>"
        f"<article><h1>Spring garden trail</h1>{body}</article><section>{thread}</section></body></html>"
    )


def _fake_voters(monkeypatch: pytest.MonkeyPatch, primary: list[str], voters: list[str]) -> None:
    # trafilatura's baseline abstains (an output it chose would be aligned
    # with the page, which puts skipped blocks back); readability and
    # jusText agree with each other.
    monkeypatch.setattr(html_extract, "_trafilatura_text", lambda tree, url, **options: "\n".join(primary))
    monkeypatch.setattr(html_extract, "_baseline_text", lambda tree: "")
    monkeypatch.setattr(html_extract, "_readability_text", lambda tree: "\n".join(voters))
    monkeypatch.setattr(html_extract, "_justext_text", lambda tree, language: "\n".join(voters))


def test_a_slideshow_keeps_trafilaturas_full_text_over_voters_that_found_only_the_intro(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Readability and the others agree on the slideshow's intro; the slides
    # between the intro and the last slide are what they lack.
    full = INTRO + SLIDES
    _fake_voters(monkeypatch, full, INTRO + SLIDES[-1:])
    text, method = html_extract.extract_body(html_extract.parse_html(_page(full)))
    assert method.startswith("trafilatura")
    assert all(slide in text for slide in SLIDES)


def test_voters_still_cut_a_block_appended_after_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_voters(monkeypatch, INTRO + SLIDES + COMMENTS, INTRO + SLIDES)
    text, method = html_extract.extract_body(html_extract.parse_html(_page(INTRO + SLIDES, COMMENTS)))
    assert method == "readability"
    assert SLIDES[-1] in text and COMMENTS[0] not in text


def test_shared_lines_use_each_word_once() -> None:
    lines = INTRO + SLIDES
    assert shared_lines(lines, word_bag(" ".join(INTRO + SLIDES[-1:]))) == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    # A line's common words, once matched, do not make a second printing shared.
    assert shared_lines([INTRO[0], INTRO[0]], word_bag(INTRO[0])) == [True, False]
    assert shared_lines(["", INTRO[0]], word_bag("")) == [False, False]
