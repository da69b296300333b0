"""Flattened-text extraction: the seed page and imitations of other sites."""

from __future__ import annotations

import pytest

from newsgraph.extract import extract_article
from newsgraph.extract.dates import find_date, find_dateline, parse_date
from newsgraph.extract.text import body_span, extract_text, is_chrome, line_features
from newsgraph.records import RawDocument

from ..conftest import floor


def _raw(content: str, **kwargs: object) -> RawDocument:
    return RawDocument(id="t1", source="test", format="text", content=content, kind="text", **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seed_article(seed_text):
    return extract_article(_raw(seed_text))


def test_seed_header_fields(seed_article) -> None:
    assert seed_article.title == "‘Terrorist’ jazz musician released by Kazakhstan"
    assert seed_article.subtitle == "Vikram Ruzakhunov set free after uproar in neighboring Kyrgyzstan"
    assert seed_article.published == "2022-01-10T09:03"
    assert seed_article.published_precision == "minute"
    assert seed_article.language == "en"
    assert seed_article.flags == []
    assert seed_article.methods["title"] == "repeated-line"


def test_seed_body_is_clean(seed_article) -> None:
    body = seed_article.body
    assert body.startswith("A Kyrgyz jazz musician has been released")
    assert body.endswith("to help quell the unrest.")
    assert "icon" not in body  # the icon-name line is chrome
    assert "jazz musician released by Kazakhstan" not in body  # the repeated headline left
    assert "set free after uproar" not in body  # the standfirst is not body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 9
    assert all(p.strip() == p and p for p in paragraphs)
    assert "\n\n\n" not in body


NEWS_SITE = """Menu
Home World Business Sport Culture Opinion Video Podcasts Newsletters
Accept all cookies
We use cookies to improve your experience on our site. By continuing you agree to our cookie policy.
Published: January 5, 2023
Flooding forces thousands from homes in river valley
By Jane Doe and John Roe
Share this article
Rescue teams worked through the night as the river burst its banks after three days of heavy rain, officials said on Thursday.

More than 4,000 residents were moved to temporary shelters in schools and sports halls, according to the regional emergency service.

What happens next

Forecasters expect the rain to ease by the weekend, but warned that water levels would stay high for several days.
Read more: Storm season arrives early across the region
Related
Drought fears ease after wet spring
Farmers count cost of late frost
© 2023 Example Media Group. All rights reserved.
Terms of use
"""


def test_cookie_banner_share_buttons_teasers_and_footer_are_dropped() -> None:
    result = extract_text(NEWS_SITE)
    assert result.title == "Flooding forces thousands from homes in river valley"
    assert result.methods["title"] == "headline-line"
    assert result.published == "2023-01-05"
    assert result.published_precision == "day"
    assert result.authors == ["Jane Doe", "John Roe"]
    paragraphs = result.body.split("\n\n")
    assert paragraphs[0].startswith("Rescue teams worked through the night")
    assert paragraphs[-1].startswith("Forecasters expect the rain")
    assert "What happens next" in paragraphs  # a subheading between paragraphs stays
    for chrome in ("cookie", "Share this", "Read more", "Drought fears", "rights reserved", "Terms of use", "Menu"):
        assert chrome not in result.body


WIRE_SITE = """Skip to main content
Updated 14:05 GMT, Tue 7 March 2023
Parliament votes to extend emergency powers
Parliament votes to extend emergency powers
Lawmakers split along party lines after a heated debate
The assembly approved the measure by 212 votes to 190 late on Monday, extending the powers for another six months.
"This is a necessary step to protect the public," the interior minister told lawmakers before the vote.
Opposition parties said they would challenge the decision in the constitutional court.
Subscribe to our newsletter for the latest updates
Follow us on social media
"""


def test_repeated_headline_standfirst_and_time_first_dateline() -> None:
    result = extract_text(WIRE_SITE)
    assert result.title == "Parliament votes to extend emergency powers"
    assert result.subtitle == "Lawmakers split along party lines after a heated debate"
    assert result.published == "2023-03-07T14:05"
    assert result.published_precision == "minute"
    assert "Parliament votes to extend" not in result.body
    assert result.body.split("\n\n") == [
        "The assembly approved the measure by 212 votes to 190 late on Monday, extending the powers for another six months.",
        '"This is a necessary step to protect the public," the interior minister told lawmakers before the vote.',
        "Opposition parties said they would challenge the decision in the constitutional court.",
    ]


def test_iso_dateline_and_no_header_still_gives_body() -> None:
    text = "2021-11-30T18:45\nCity council approves new budget plan for schools\nThe council voted on Tuesday to raise spending on schools by five percent next year.\n"
    result = extract_text(text)
    assert result.published == "2021-11-30T18:45"
    assert result.title == "City council approves new budget plan for schools"
    assert result.body == "The council voted on Tuesday to raise spending on schools by five percent next year."


def test_line_features_tell_chrome_from_prose() -> None:
    icons = line_features("icon bookmark-bicon cameraicon closeicon fbicon mailicon searchicon shareicon twicon")
    assert is_chrome(icons)
    prose = line_features("The minister said the talks would resume next week in the capital.")
    assert prose.is_prose and not is_chrome(prose)
    assert is_chrome(line_features("Share this article"))
    assert is_chrome(line_features("Copyright 2024 Some Publisher Ltd"))


def test_dates_in_common_formats() -> None:
    assert find_date("10 Jan, 2022 09:03").value == "2022-01-10T09:03"  # type: ignore[union-attr]
    assert find_date("January 10, 2022").value == "2022-01-10"  # type: ignore[union-attr]
    assert find_date("Jan. 10, 2022 at 9:03 pm").value == "2022-01-10T21:03"  # type: ignore[union-attr]
    assert parse_date("2022-01-10T09:03:00+06:00") == ("2022-01-10T09:03:00", "second")
    assert parse_date("2021") == ("2021", "year")
    assert parse_date("1985-03-01") is None  # before the sane window
    assert parse_date("2999-01-01") is None  # in the future
    assert parse_date("not a date") is None


def test_empty_text_is_flagged_not_raised() -> None:
    article = extract_article(_raw("Home\nMenu\n© 2024 Example\n"))
    assert article.body == ""
    assert "empty" in article.flags
    assert article.language is None


def test_plain_keeps_content_exactly_and_uses_hints() -> None:
    content = "  Already clean body.\n\nSecond paragraph with   odd spacing. \n"
    article = extract_article(_raw(content, title="Given title", published="2020-02-03"), plain=True)
    assert article.body == content
    assert article.title == "Given title"
    assert article.published == "2020-02-03"
    assert article.methods["body"] == "plain"
    assert article.methods["title"] == "container"


def test_non_english_text_is_flagged() -> None:
    text = (
        "Le gouvernement annonce de nouvelles mesures\n"
        "Le gouvernement a annoncé mardi une série de mesures pour soutenir les ménages face à la hausse des prix de l'énergie.\n"
        "Les associations de consommateurs ont salué une décision attendue depuis plusieurs mois.\n"
    )
    article = extract_article(_raw(text))
    assert article.language == "fr"
    assert "non-english" in article.flags


def test_a_quoted_first_paragraph_is_not_taken_for_a_headline() -> None:
    result = extract_text("“We will not go back,”\n\n“Never,” she said as the crowd cheered outside the court.")
    assert result.title is None
    assert result.body.startswith("“We will not go back,”")


def test_a_single_line_item_keeps_its_body() -> None:
    line = 'Protesters "marched" through the old town in Paris on Saturday evening'
    result = extract_text(line)
    assert result.body == line


# A whole page as a crawler's text dump has it: a long menu, teasers with
# sentences, the article with a list and headings, then more teasers and a
# footer. Nothing repeats the headline.
MENU = "\n".join(["Skip to content", "Home", "About Us", "Services", "Pricing Plans", "Contact Us"] * 5)
FULL_PAGE = f"""{MENU}
Our team helps families find the right home with care and experience.
Get a Free Quote
Blog
Rural Schools Turn To Solar Power As Energy Bills Climb
By Maria Lopez
Published: 27/05/2024
Dozens of rural schools have installed solar panels this year as heating and electricity costs rose faster than their budgets.
The schools say the panels will pay for themselves within eight years, according to figures shared by the regional education office.
What the schools installed
- Rooftop panels on gymnasiums
- Battery storage for the winter months
- Smart meters in every classroom
Head teachers said the savings would be spent on books, trips and extra staff for pupils who need help with reading.
Find Us
Call Us
Request a Demo
Follow Us
Newsletter
Terms
Sitemap
Careers
We are a family business that has served the valley for thirty years and we love what we do every day.
"""


def test_a_whole_flattened_page_gives_the_article_between_its_menus() -> None:
    result = extract_text(FULL_PAGE)
    assert result.title == "Rural Schools Turn To Solar Power As Energy Bills Climb"
    assert result.methods["title"] == "headline-line"
    # The dateline sits far below the page's first lines, next to the headline.
    assert (result.published, result.published_precision) == ("2024-05-27", "day")
    assert result.authors == ["Maria Lopez"]
    paragraphs = result.body.split("\n\n")
    assert paragraphs[0].startswith("Dozens of rural schools")
    assert paragraphs[-1].startswith("Head teachers said")
    # The list and the heading inside the article stay; the teaser and footer sentences go.
    assert "- Battery storage for the winter months" in paragraphs
    assert "What the schools installed" in paragraphs
    assert "family business" not in result.body and "Free Quote" not in result.body


def test_the_body_span_is_the_stretch_with_most_prose() -> None:
    lines = [
        "Home",
        "News",
        "A short teaser sentence about something else entirely.",
        "Sport",
        "Weather",
        "Video",
        "Podcasts",
        "The first paragraph of the story is long enough to be prose and ends like a sentence.",
        "Subheading",
        "The second paragraph also reads like running text written for the readers of the article.",
        "Privacy policy",
        "Terms of use",
    ]
    assert body_span([line_features(line) for line in lines]) == (7, 9)
    assert body_span([line_features(line) for line in ["Home", "News"]]) is None


def test_a_date_in_the_url_dates_a_text_that_prints_none() -> None:
    text = "Council approves new budget plan for schools\nThe council voted on Tuesday to raise spending on schools by five percent next year."
    raw = RawDocument(
        id="u1", source="wet", format="wet", content=text, kind="text", url="https://news.example.com/2024/03/07/budget"
    )
    article = extract_article(raw)
    assert (article.published, article.published_precision, article.methods["published"]) == (
        "2024-03-07",
        "day",
        "url",
    )
    undated = extract_article(
        RawDocument(
            id="u2", source="wet", format="wet", content=text, kind="text", url="https://news.example.com/budget"
        )
    )
    assert undated.published is None


def test_clean_article_text_goes_through_nearly_whole(gold) -> None:
    # A JSON Lines "text" or a .txt that is already the article must not be
    # cut down as if it were page chrome (84 PolNeAR dev articles: 0.995 of
    # their shingles kept at the time of writing).
    folder = gold("quotes", "text")
    from newsgraph.evaluation.extraction import shingle_scores

    recalls = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        recalls.append(shingle_scores(text, extract_text(text).body)[1] or 0.0)
    assert len(recalls) >= 80
    assert sum(recalls) / len(recalls) >= floor("flattened", "clean_text_shingle_recall")


PROSE = "\n".join(
    f"Paragraph {n} of the report describes how the river rose through the night and what the town did next."
    for n in range(1, 8)
)


def test_dated_sentences_of_the_body_stay_in_it() -> None:
    text = f"Home\nWorld\nSport\nRiver Floods Force Evacuation Of Northern Town\n{PROSE}\nThe ministry updated its guidance on 4 May 2023 after the vote.\n{PROSE}\n"
    result = extract_text(text)
    assert result.published is None  # a sentence that mentions a date is no dateline
    assert "The ministry updated its guidance on 4 May 2023 after the vote." in result.body.split("\n\n")
    opening = "Home\nRiver Floods Force Evacuation Of Northern Town\nThe vote was held on March 3, 2024.\n" + PROSE
    result = extract_text(opening)
    assert result.published is None and result.body.startswith("The vote was held on March 3, 2024.")


def test_the_dateline_under_the_headline_beats_the_header_bars_date() -> None:
    text = f"Thursday, November 28, 2024\nHome\nWorld\nRiver Floods Force Evacuation Of Northern Town\nBy Jane Doe\nMarch 3, 2024\n{PROSE}\n"
    result = extract_text(text)
    assert (result.title, result.published) == ("River Floods Force Evacuation Of Northern Town", "2024-03-03")


def test_a_text_without_prose_takes_its_headline_from_the_top() -> None:
    text = "Floods Hit Northern Towns As Rivers Rise\nRescue Teams Reach Villages\nShelters Open In Schools\nRoads Closed Across The Valley\nPower Cut For Thousands\nAbout Our Newsroom And Team Members"
    assert extract_text(text).title == "Floods Hit Northern Towns As Rivers Rise"


# A guide page: the headline sits above an author box and a table of
# contents; a call to action and a section title sit closer to the text.
GUIDE_PAGE = """Home
Guides
Reviews
Deals
Choosing A Heat Pump For An Old House
Written by our home energy team
Fact checked
Contents
Sizing the pump
Insulation first
Costs and grants
Get Three Free Quotes From Installers Today
Sizing the pump
A heat pump for an old house has to be sized for the heat the house loses on the coldest days, not for its floor area.
Older houses lose more heat through walls and windows, so an installer should measure each room before choosing a pump.
Insulation first
Adding loft insulation and draught proofing before the pump goes in lets a smaller and cheaper pump heat the house.
Costs and grants
A pump for an old house costs more to install, but grants cover part of the cost in many regions.
"""


def test_the_headline_is_the_line_the_article_is_about() -> None:
    # Without its words recurring in the text, the call to action nearest
    # the body would win on shape and distance.
    result = extract_text(GUIDE_PAGE)
    assert result.title == "Choosing A Heat Pump For An Old House"


def test_the_urls_slug_points_at_the_headline() -> None:
    page = """News
Opinion
Markets Brace For A Volatile Week
Shipping Costs Rise Again As Ports Stay Congested
Container freight rates rose for the third week in a row as congestion at major ports delayed ships and raised costs.
Shippers said rates would stay high until the backlog at the ports is cleared, which could take several weeks.
"""
    # Both lines share words with the body; the slug says which one is this article's.
    slugged = extract_text(
        page, url="https://news.example.com/business/shipping-costs-rise-again-as-ports-stay-congested"
    )
    assert slugged.title == "Shipping Costs Rise Again As Ports Stay Congested"
    other = extract_text(page, url="https://news.example.com/markets/markets-brace-for-a-volatile-week")
    assert other.title == "Markets Brace For A Volatile Week"


def test_dates_glued_to_words_by_flattening_are_read() -> None:
    # Element boundaries lost in a text dump run words into dates.
    assert find_dateline("Local NewsMARCH 4, 2023Updated: APRIL 2, 2024").value == "2023-03-04"
    assert find_dateline("Posted on October 7, 2023November 1, 2023 in Science").value == "2023-10-07"
    assert find_dateline("RECIPESmaria loweJuly 3, 2023baking, bread").value == "2023-07-03"
    # A month glued to a capital, a word ending in "may", a decade: no dates.
    assert find_dateline("the dismay 5, 2024 figures") is None
    assert find_dateline("DISMAY 5, 2024") is None
    assert find_dateline("since Dec 5, 2020s") is None


def test_a_line_that_is_only_a_date_dates_the_text_when_no_dateline_is_by_the_headline() -> None:
    # The date printed on its own between a gallery and the text, far from the headline.
    paragraphs = [
        f"The committee met for the {n}th time this year and heard evidence from residents of the valley."
        for n in range(4, 14)
    ]
    gallery = [f"Photo {n} of 10" for n in range(1, 11)]
    page = "\n".join(
        [
            "Home",
            "Letters",
            *[f"Related letter {n}" for n in range(30)],
            "A Letter On The Valley Bypass",
            *gallery,
            "March 4, 2025",
            "Share",
            "Print",
            "Email",
            "Save",
            "Listen",
            "Comment",
            *paragraphs,
        ]
    )
    result = extract_text(page)
    assert result.title == "A Letter On The Valley Bypass"
    assert (result.published, result.methods["published"]) == ("2025-03-04", "dateline")
    assert result.body.split("\n\n") == paragraphs


def test_a_comment_thread_after_the_article_is_cut_from_the_body() -> None:
    article = [
        "The city council voted on Tuesday to close the old bridge to cars while engineers repair its supports.",
        "Cyclists and people on foot will still be able to cross, the council said in a statement after the vote.",
        "Repairs are expected to take eight months and to cost about four million pounds, paid from the roads budget.",
    ]
    comments = [
        "14 Comments",
        "Jane Doe",
        "March 5, 2025 at 8:14 am",
        "I cross this bridge every day and it has felt unsafe for years, so this is overdue in my opinion.",
        "Reply",
        "Tom Smith says:",
        "March 5, 2025 at 9:40 am",
        "Eight months is far too long for a bridge this size, and the council should explain why it takes so long.",
        "Reply",
    ]
    page = "\n".join(
        ["Home", "Local news", "Old Bridge To Close To Cars For Repairs", *article, *comments, "Privacy policy"]
    )
    result = extract_text(page)
    assert result.body.split("\n\n") == article
    # Without the thread's furniture the same sentences are the article's own.
    plain = extract_text(
        "\n".join(["Old Bridge To Close To Cars For Repairs", *article, *(c for c in comments if c.endswith("."))])
    )
    assert "far too long" in plain.body


def test_hard_wrapped_paragraphs_are_joined_and_kept() -> None:
    wrapped = """Home
News
Water Board Approves New Reservoir
photo: staff/agency
The regional water board approved plans on Thursday for a new reservoir north
of the city, ending a decade of debate over how to supply the growing suburbs
with drinking water during dry summers.
Construction is expected to begin next spring and to take four years, the
board said, with most of the cost covered by a national infrastructure fund
and the rest by a small rise in water bills.
Contact us
"""
    result = extract_text(wrapped)
    assert result.title == "Water Board Approves New Reservoir"
    assert result.body.split("\n\n") == [
        "The regional water board approved plans on Thursday for a new reservoir north of the city, ending a decade "
        "of debate over how to supply the growing suburbs with drinking water during dry summers.",
        "Construction is expected to begin next spring and to take four years, the board said, with most of the cost "
        "covered by a national infrastructure fund and the rest by a small rise in water bills.",
    ]


def test_a_table_of_figures_inside_the_article_does_not_split_it() -> None:
    before = ["Home prices rose again last month in most regions, according to the national statistics office."] * 3
    table = ["Median price change by month"] + [
        cell for month in range(1, 13) for cell in (f"{month}/1/2024", f"+{month % 5 + 2}.1%")
    ]
    after = ["Economists said the rise would slow as mortgage rates stay high through the rest of the year."] * 3
    lines = ["Home", "Markets", *before, *table, *after, "Privacy policy"]
    assert body_span([line_features(line) for line in lines]) == (2, 2 + len(before) + len(table) + len(after) - 1)


def test_quoted_writers_are_not_a_comment_thread() -> None:
    paragraphs = [
        "The council published two letters on Monday about the plan to close the old bridge to cars.",
        "The council leader wrote:",
        "We cannot keep a bridge open that engineers say is no longer safe for heavy traffic.",
        "She wrote:",
        "The repairs will take eight months and we will publish a timetable for every stage.",
        "Residents have until the end of the month to respond to the plan, the council said.",
    ]
    result = extract_text("\n".join(["Home", "Bridge Plan Letters Published", *paragraphs, "Privacy policy"]))
    assert result.body.split("\n\n") == paragraphs


def test_a_dated_heading_deep_in_the_article_neither_dates_it_nor_leaves_it() -> None:
    intro = [
        f"The festival programme for day {n} brings bands, food stalls and a parade through the old town."
        for n in range(1, 30)
    ]
    page = "\n".join(
        [
            "Home",
            "Summer Festival Programme Announced",
            *intro,
            "Saturday, August 9, 2025",
            "The parade starts at noon by the river and ends in the main square an hour later.",
        ]
    )
    result = extract_text(page)
    assert result.published is None
    assert "Saturday, August 9, 2025" in result.body.split("\n\n")


def test_the_headline_loses_its_breadcrumb_trail_and_the_sites_name() -> None:
    body = "The regional water board approved plans on Thursday for a new reservoir north of the city, ending years of debate."
    crumbs = extract_text(f"Home » Environment » Water Board Approves New Reservoir\n{body}")
    assert crumbs.title == "Water Board Approves New Reservoir"
    named = extract_text(
        f"Water Board Approves New Reservoir - Valley Gazette\n{body}",
        url="https://www.valleygazette.com/news/reservoir",
    )
    assert named.title == "Water Board Approves New Reservoir"
    # Without the URL nothing says which dash-separated part is the site.
    assert extract_text(f"Water Board Approves New Reservoir - Valley Gazette\n{body}").title.endswith("Valley Gazette")


def test_a_cleaned_headline_printed_again_is_still_kept_out_of_the_body() -> None:
    body = "The regional water board approved plans on Thursday for a new reservoir north of the city, ending years of debate."
    printed = "Home » Environment » Water Board Approves New Reservoir"
    result = extract_text("\n".join(["Menu", printed, body, printed, body]))
    assert result.title == "Water Board Approves New Reservoir"
    assert printed not in result.body
