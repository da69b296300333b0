"""HTML extraction: metadata cascade, title cleaning, empty and foreign pages."""

from __future__ import annotations

import json

from newsgraph.extract import extract_article
from newsgraph.extract.html import MAX_HTML_CHARS, clean_title, prepare_html
from newsgraph.records import RawDocument

PARAGRAPHS = [
    "Rescue teams worked through the night as the river burst its banks after three days of heavy rain, officials said on Thursday.",
    "More than 4,000 residents were moved to temporary shelters in schools and sports halls, according to the regional emergency service.",
    "Forecasters expect the rain to ease by the weekend, but warned that water levels would stay high for several days in low-lying areas.",
    "The regional governor said damage to roads and bridges would be assessed once the water receded, and promised compensation to farmers.",
]


def _page(head: str, article: str, *, lang: str = "en") -> str:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article>{article}</article></main>"
        '<footer><p>© 2023 Example Media Group. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>'
        "</body></html>"
    )


def _raw(html: str, url: str | None = "https://www.dailyplanet.example/world/floods") -> RawDocument:
    return RawDocument(id="h1", source="test.html", format="html", content=html, kind="html", url=url)


def _article_html(h1: str) -> str:
    return f"<h1>{h1}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def test_json_ld_headline_date_and_authors() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Daily Planet"},
            {
                "@type": "NewsArticle",
                "headline": "Flooding forces thousands from homes",
                "datePublished": "2023-01-05T08:30:00+01:00",
                "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
            },
        ],
    }
    head = f'<title>Flooding forces thousands from homes | The Daily Planet</title><script type="application/ld+json">{json.dumps(ld)}</script>'
    article = extract_article(_raw(_page(head, "".join(f"<p>{p}</p>" for p in PARAGRAPHS))))
    assert article.title == "Flooding forces thousands from homes"
    assert article.methods["title"] == "json-ld"
    assert article.published == "2023-01-05T08:30:00"
    assert article.published_precision == "second"
    assert article.methods["published"] == "json-ld"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.site == "www.dailyplanet.example"
    assert article.id == "h1" and article.source == "test.html"


def test_og_tags_and_visible_h1_with_body_paragraphs() -> None:
    head = (
        '<meta property="og:title" content="Flooding forces thousands from homes - The Daily Planet">'
        '<meta property="og:site_name" content="The Daily Planet">'
        '<meta property="article:published_time" content="2023-01-05T08:30:00Z">'
        "<title>Flooding forces thousands from homes - The Daily Planet</title>"
    )
    article = extract_article(_raw(_page(head, _article_html("Flooding forces thousands from homes"))))
    assert article.title == "Flooding forces thousands from homes"
    assert article.published is not None and article.published.startswith("2023-01-05")
    assert article.body.split("\n\n") == PARAGRAPHS
    assert "Section 3" not in article.body and "rights reserved" not in article.body
    assert article.language == "en" and article.flags == []
    assert article.methods["body"].startswith("trafilatura")


def test_title_suffix_cleaning() -> None:
    assert clean_title("Talks fail again | The Daily Planet", site_name="The Daily Planet") == "Talks fail again"
    assert clean_title("Talks fail again - Daily Planet", host="www.dailyplanet.com") == "Talks fail again"
    assert (
        clean_title("Daily Planet | Talks fail again on Monday", host="dailyplanet.com") == "Talks fail again on Monday"
    )
    # A colon or dash inside a real headline stays.
    assert clean_title("Ukraine war: Talks fail again - analysis") == "Ukraine war: Talks fail again - analysis"


def test_page_without_article_is_flagged_empty() -> None:
    html = "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a></nav><form><input name='q'></form></body></html>"
    article = extract_article(_raw(html))
    assert article.body == ""
    assert article.flags == ["empty"]
    assert article.language is None


def test_non_english_page_gets_language_and_flag() -> None:
    paragraphs = [
        "Les équipes de secours ont travaillé toute la nuit après la crue de la rivière, ont indiqué jeudi les autorités régionales.",
        "Plus de quatre mille habitants ont été relogés dans des écoles et des gymnases, selon le service départemental d'urgence.",
        "Les prévisionnistes attendent une accalmie pour le week-end, mais le niveau de l'eau devrait rester élevé plusieurs jours.",
    ]
    html = _page(
        "<title>Inondations : des milliers d'habitants évacués</title>",
        "<h1>Inondations : des milliers d'habitants évacués</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs),
        lang="fr",
    )
    article = extract_article(_raw(html))
    assert article.language == "fr"
    assert "non-english" in article.flags
    assert article.body.startswith("Les équipes de secours")


def test_container_hints_fill_missing_fields() -> None:
    raw = _raw(_page("", "".join(f"<p>{p}</p>" for p in PARAGRAPHS)), url=None)
    raw.title, raw.published = "Hinted title", "2020-06-01T10:00:00Z"
    article = extract_article(raw)
    assert article.title == "Hinted title" and article.methods["title"] == "container"
    assert article.published == "2020-06-01T10:00:00"
    assert article.site is None


def test_huge_page_is_bounded() -> None:
    filler = "<script>" + "x" * (MAX_HTML_CHARS + 10) + "</script>"
    html = _page("<title>Big page</title>", filler + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    prepared, truncated = prepare_html(html)
    assert len(prepared) <= MAX_HTML_CHARS and not truncated
    assert PARAGRAPHS[0] in prepared  # scripts went first, the article stayed


def test_inline_images_do_not_push_the_article_past_the_cut() -> None:
    image = '<img src="data:image/png;base64,' + "A" * (MAX_HTML_CHARS + 10) + '">'
    html = _page(
        "<title>Big page</title>", "<header>" + image + "</header>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    )
    article = extract_article(RawDocument(id="d", source="d.html", format="html", content=html, kind="html"))
    assert article.body.startswith(PARAGRAPHS[0][:40])
    assert "truncated" not in article.flags


def test_a_page_cut_short_is_flagged() -> None:
    paragraphs = "".join(
        f"<p>{PARAGRAPHS[0]} Paragraph {i}.</p>" for i in range(MAX_HTML_CHARS // len(PARAGRAPHS[0]) + 10)
    )
    article = extract_article(
        RawDocument(
            id="d", source="d.html", format="html", content=_page("<title>Long</title>", paragraphs), kind="html"
        )
    )
    assert article.body and "truncated" in article.flags


def test_block_paragraphs_keep_each_text_once_in_order() -> None:
    from lxml.html import fromstring

    from newsgraph.extract.html import block_paragraphs

    element = fromstring(
        "<div><p>One <b>two</b> words</p>tail text<ul><li>three</li><li>four <a href='/x'>five</a></li></ul><script>var x;</script></div>"
    )
    assert block_paragraphs(element) == ["One two words", "tail text", "three", "four five"]


def test_json_ld_article_body_wins_when_long_and_consistent() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Flooding forces thousands from homes",
        "articleBody": " ".join(PARAGRAPHS),
    }
    head = f'<title>Flooding forces thousands from homes</title><script type="application/ld+json">{json.dumps(ld)}</script>'
    article = extract_article(_raw(_page(head, _article_html("Flooding forces thousands from homes"))))
    assert article.methods["body"] == "json-ld:articleBody"
    assert article.body.startswith(PARAGRAPHS[0]) and article.body.rstrip().endswith(PARAGRAPHS[-1])


def test_agreement_vote_overrides_only_the_odd_one_out() -> None:
    from newsgraph.extract.consensus import pick_by_agreement, word_bag

    article = " ".join(PARAGRAPHS)
    sub_container = PARAGRAPHS[0]  # the primary extractor kept one block of four
    bags = {
        "primary": word_bag(sub_container),
        "a": word_bag(article),
        "b": word_bag(article + " Share this"),
        "c": word_bag(article),
    }
    assert pick_by_agreement(bags, prior="primary", head_start=0.1) in {"a", "c"}
    # Close to the others: the primary keeps its place.
    bags["primary"] = word_bag(article + " Related stories")
    assert pick_by_agreement(bags, prior="primary", head_start=0.1) == "primary"


# --- furniture pruning and end-matter trimming ---------------------------

TEASER = (
    "Our editors picked these stories for you because readers who liked this one spent a long time on them last week."
)
BIO = "Jane Doe has covered weather and climate for the paper since 2009 and previously reported from the regional desk in the capital."


def test_promo_carousel_and_author_box_are_cut_from_the_body() -> None:
    article = (
        "<h1>Flooding forces thousands from homes</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + f'<div class="promo-carousel"><p>{TEASER}</p></div>'
        + f'<div class="author-bio"><p>{BIO}</p></div>'
    )
    body = extract_article(_raw(_page("<title>Flooding forces thousands from homes</title>", article))).body
    assert PARAGRAPHS[0] in body and PARAGRAPHS[-1] in body
    assert "Our editors picked" not in body
    assert "covered weather and climate" not in body


def test_furniture_name_on_a_page_wrapper_keeps_the_article() -> None:
    from lxml.html import fromstring

    from newsgraph.extract.boilerplate import prune_furniture

    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    tree = fromstring(
        f'<html><body><div class="modal-open"><h1>Headline</h1>{paragraphs}</div><div class="c-modal">Sign up now</div></body></html>'
    )
    assert prune_furniture(tree) == 1  # the dialog, not the wrapper holding the <h1>
    text = tree.text_content()
    assert PARAGRAPHS[1] in text and "Sign up now" not in text


def test_furniture_names_match_whole_tokens_only() -> None:
    from lxml.html import fromstring

    from newsgraph.extract.boilerplate import is_furniture

    assert is_furniture(fromstring('<div class="site-promo__inner">x</div>'))
    assert is_furniture(fromstring('<aside id="newsletter_signup">x</aside>'))
    # "octa" and "bannered" only contain the words; <article> is never cut.
    assert not is_furniture(fromstring('<div class="octa bannered">x</div>'))
    assert not is_furniture(fromstring('<article class="promo">x</article>'))


def test_end_matter_heading_in_second_half_cuts_the_rest() -> None:
    from newsgraph.extract.boilerplate import trim_end_matter

    body = "\n\n".join([*PARAGRAPHS, "About the author", BIO])
    assert trim_end_matter(body) == "\n\n".join(PARAGRAPHS)
    # Near the top it is a subheading of the article, and a sentence that
    # merely starts like a heading is prose.
    early = "\n\n".join(["More from the hearing", *PARAGRAPHS])
    assert trim_end_matter(early) == early
    sentence = "\n\n".join(
        [*PARAGRAPHS, "Share this article with a neighbour who lives near the river, officials urged."]
    )
    assert trim_end_matter(sentence) == sentence


def test_document_title_pipe_tail_and_leading_dateline_are_dropped() -> None:
    # No <h1>: the title comes from <title>, whose tail after a pipe is a section name.
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = _page("<title>Flooding forces thousands from homes | Regional News</title>", article)
    assert extract_article(_raw(page, url=None)).title == "Flooding forces thousands from homes"
    dated = _page("", _article_html("Jan 5 2023 Flooding forces thousands from homes"))
    assert extract_article(_raw(dated, url=None)).title == "Flooding forces thousands from homes"


def test_headline_split_by_inline_markup_keeps_its_words_whole() -> None:
    page = _page(
        "",
        '<h1>Flooding forces thousands from h<span class="x">omes</span></h1>'
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
    )
    assert extract_article(_raw(page, url=None)).title == "Flooding forces thousands from homes"


def test_a_month_named_at_the_start_of_a_headline_is_not_a_dateline() -> None:
    page = _page("", _article_html("May 2024 jobs report beats forecasts"))
    assert extract_article(_raw(page, url=None)).title == "May 2024 jobs report beats forecasts"


def test_json_ld_article_body_with_markup_is_read_as_html() -> None:
    from newsgraph.extract.html import json_ld_article_body, parse_html

    body = "<p>The ferry&nbsp;terminal opened on Tuesday &amp; commuters cheered.</p><p>Officials said the <b>second</b> phase starts next year.</p>"
    page = f'<html><head><script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "articleBody": body})}</script></head><body><p>x</p></body></html>'
    text = json_ld_article_body(parse_html(page))
    assert (
        text
        == "The ferry terminal opened on Tuesday & commuters cheered.\nOfficials said the second phase starts next year."
    )
    plain = f'<html><head><script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "articleBody": "Tom &amp; Ann said 3 < 4."})}</script></head><body></body></html>'
    assert json_ld_article_body(parse_html(plain)) == "Tom & Ann said 3 < 4."


def test_an_article_body_with_markup_becomes_the_body_without_tags() -> None:
    body = (
        "".join(f"<p>{p} <a href='/x'>More</a></p>" for p in PARAGRAPHS)
        + "<p>Reporting by the desk &amp; agencies.</p>"
    )
    ld = {"@type": "NewsArticle", "headline": "Floods", "articleBody": body}
    html = _page(
        f'<title>Floods</title><script type="application/ld+json">{json.dumps(ld)}</script>',
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
    )
    article = extract_article(_raw(html))
    assert "<p>" not in article.body and "&amp;" not in article.body and "href" not in article.body
    assert PARAGRAPHS[0] in article.body
