"""Syndication groups over invented wire copy: copies join, independent reports do not."""

import random

import pytest

from newsgraph.corpus.syndication import (
    MIN_SHINGLES,
    THRESHOLD,
    SyndicationIndex,
    normalise,
    shingle_hashes,
)

HEADLINE = "Ferry strike halts crossings to Velmora Island for a third day"
BYLINE = "By Odile Varnak, Northwire Press"
PARAGRAPHS = [
    "VELMORA HARBOUR (Northwire) — Ferry crews on the Velmora Island route stayed off work for a third "
    "straight day on Thursday, leaving about 4,000 residents without a regular link to the mainland and "
    "stranding dozens of delivery lorries at the port of Castrelle.",
    "The Velmora Maritime Workers Union said its members would not return until the operator, Bluegate "
    "Shipping, restored the night-shift allowance it cut in March. Union secretary Pell Andrask told "
    "reporters outside the terminal that crews had worked unpaid overtime all winter.",
    "Bluegate Shipping said in a statement that the allowance had been replaced by a new rota that "
    "reduced night crossings, and that it had offered talks on Monday. The company chartered two small "
    "passenger boats to carry patients and schoolchildren, but freight remained stuck on the quay.",
    "Shopkeepers on the island said fresh milk and bread had run out by Wednesday evening. The island "
    "council opened the community hall as a store for medicines flown in by a regional rescue helicopter, "
    "and asked residents not to buy more fuel than they needed.",
    "Regional transport minister Hesna Darrow urged both sides to accept mediation and said the "
    "government would not rule out emergency legislation if the crossings did not resume by the weekend. "
    "The last strike on the route, in 2019, lasted nine days and ended with a pay settlement.",
    "Tourism operators on the island, who depend on day visitors from April onwards, said bookings for "
    "the coming holiday weekend had already fallen by half. The owner of a guesthouse near the old "
    "lighthouse said she had refunded eleven families since Monday and feared that the season would "
    "start late for the second time in five years if the dispute dragged on into the spring.",
]


def wire_story(headline=HEADLINE, byline=BYLINE, paragraphs=PARAGRAPHS):
    return "\n\n".join([headline, byline, *paragraphs])


ORIGINAL = wire_story()
NEW_HEADLINE = wire_story(headline="Island cut off as ferry crews strike again")
TRIMMED = wire_story(paragraphs=PARAGRAPHS[:-1])
OTHER_BYLINE = wire_story(byline="Staff and agencies | The Castrelle Courier")
TYPOS = (
    ORIGINAL.replace("residents without", "residnets without")
    .replace("chartered two", "charterd two")
    .replace("council opened", "counsil opened")
)
# The same invented event, told by a reporter on the spot in words of her own.
INDEPENDENT = """Velmora islanders ration bread as ferry walkout drags on

By Maret Solvig, Castrelle Evening Post

Nobody on Velmora can remember the harbour this quiet. On the third day of the ferry walkout the
quay was lined with lorries that had nowhere to go, and the island's two grocers had put handwritten
signs in their windows apologising for empty shelves. "We had milk until Tuesday," said one of them.

The dispute is about money for night work. Crew members who spoke to the Post said their extra pay
for overnight sailings vanished in the spring, and that management has ignored their letters since.
Bluegate, which runs the service, insists its new timetable needs fewer night sailings anyway and
that it is ready to sit down with the union early next week.

Meanwhile, small hired boats are ferrying the sick and pupils across the strait, and a rescue
helicopter has brought in medicines, which the council is keeping in the community hall. Ministers
have hinted that they could legislate if the boats are not running again soon."""
UNRELATED = [
    """Orchard growers report record pear harvest after mild spring

Growers in the Tarnow valley picked more pears this season than in any year since records began,
helped by a spring without late frost and a dry, warm September. The valley cooperative said its
cold stores were full by the second week of October and that it had rented extra space from a dairy
in the next town. Prices at the wholesale market fell by a fifth as the fruit arrived, and several
smaller farms said they would turn part of the crop into juice and cider rather than sell at a loss.""",
    """City library extends opening hours for exam season

The central library of Orvale will stay open until midnight from next Monday until the end of June,
the city's culture office said, after students complained that reading rooms filled up before noon.
Extra staff will be hired on short contracts, and the café on the ground floor will serve hot meals
in the evening. The office said the cost would be covered by a grant from a local foundation and
that it would review the late hours in the autumn, depending on how many people used them.""",
]


def test_normalise_and_shingles():
    assert normalise("  The Ferry—STRIKE,\nday 3!  ") == "the ferry strike day 3"
    assert shingle_hashes("one two three four") == []
    assert len(shingle_hashes("a b c d e f")) == 2
    assert shingle_hashes("A b, c. D e!") == shingle_hashes("a b c d e")
    assert len(ORIGINAL.split()) >= 300


@pytest.mark.parametrize(
    ("variant", "floor"),
    [(NEW_HEADLINE, 0.85), (TRIMMED, 0.7), (OTHER_BYLINE, 0.85), (TYPOS, 0.8), (ORIGINAL, 1.0)],
    ids=["new-headline", "trimmed-paragraph", "other-byline", "three-typos", "exact-copy"],
)
def test_copies_join_the_original(variant, floor):
    index = SyndicationIndex()
    index.add("wire-1", ORIGINAL, "northwire.example", 1)
    got = index.add("copy-1", variant, "courier.example", 2)
    assert got.group_id == "wire-1"
    assert got.original_id == "wire-1"
    assert got.matched_id == "wire-1"
    assert got.is_duplicate
    assert got.similarity >= floor


def test_an_independent_report_of_the_same_event_and_unrelated_stories_start_their_own_groups():
    index = SyndicationIndex()
    index.add("wire-1", ORIGINAL, "northwire.example", 1)
    got = index.add("post-1", INDEPENDENT, "eveningpost.example", 2)
    assert (got.group_id, got.original_id, got.is_duplicate, got.matched_id) == ("post-1", "post-1", False, None)
    assert got.similarity < THRESHOLD
    for i, text in enumerate(UNRELATED):
        other = index.add(f"other-{i}", text, "other.example", 3 + i)
        assert other.group_id == f"other-{i}" and not other.is_duplicate


def corpus():
    """One wire story, its republished variants, an independent report, unrelated stories, empty bodies."""
    return [
        ("wire-1", ORIGINAL, "https://www.northwire-press.com/world/ferry", 1),
        ("c-headline", NEW_HEADLINE, "https://news.harbour-times-online.com/a", 2),
        ("c-trimmed", TRIMMED, "https://www.castrelle-courier.co.uk/b", 3),
        ("post-1", INDEPENDENT, "https://castrelle-evening-post.com/c", 4),
        ("c-byline", OTHER_BYLINE, "https://www.castrelle-courier.co.uk/d", 5),
        ("c-typos", TYPOS, "https://island.velmora-news.co.uk/e", 6),
        ("empty-1", "", "https://blank-pages-news.com/1", 7),
        ("empty-2", "", "https://blank-pages-news.com/2", 8),
        ("short-1", "Ferry strike continues.", "https://brief-wire-news.com/1", 9),
        ("short-2", "Ferry strike continues.", "https://brief-wire-news.com/2", 10),
        ("other-0", UNRELATED[0], "https://tarnow-farming-news.com/p", 11),
        ("other-1", UNRELATED[1], "https://orvale-city-news.com/l", 12),
    ]


def run(items):
    from newsgraph.resources.sites import registered_domain

    index = SyndicationIndex()
    results = {a: index.add(a, body, registered_domain(url), order) for a, body, url, order in items}
    return index, results


def test_groups_originals_and_counts_over_a_mixed_corpus():
    index, results = run(corpus())
    groups = {a: r.group_id for a, r in results.items()}
    wire = ["wire-1", "c-headline", "c-trimmed", "c-byline", "c-typos"]
    assert {groups[a] for a in wire} == {"wire-1"}
    assert all(results[a].original_id == "wire-1" for a in wire)
    assert [a for a in wire if results[a].is_duplicate] == wire[1:]
    alone = ["post-1", "empty-1", "empty-2", "short-1", "short-2", "other-0", "other-1"]
    assert all(groups[a] == a and not results[a].is_duplicate for a in alone)
    assert index.group_size("wire-1") == 5
    # The wire story and the independent report: 6 articles on 5 sites (the courier twice), 2 sources.
    assert index.counts([*wire, "post-1"]) == (6, 5, 2)


def test_empty_and_short_bodies_never_join_even_each_other():
    assert len(shingle_hashes("Ferry strike continues.")) < MIN_SHINGLES
    index = SyndicationIndex()
    for i in range(5):
        assert index.add(f"e{i}", "", "blank.example", i).group_id == f"e{i}"
    assert index.add("n", None, None, 9).group_id == "n"  # type: ignore[arg-type]
    assert index.indexed == 0


def test_one_wire_story_republished_by_40_sites_is_41_articles_and_1_independent_source():
    index = SyndicationIndex()
    index.add("ap", ORIGINAL, "wire.example", 0)
    ids = ["ap"]
    for i in range(40):
        variant = wire_story(headline=f"Ferry strike: day three (site {i})") if i % 2 else ORIGINAL
        ids.append(f"r{i}")
        assert index.add(f"r{i}", variant, f"site{i}.example", i + 1).original_id == "ap"
    counts = index.counts(ids)
    assert (counts.articles, counts.sites, counts.independent_sources) == (41, 41, 1)


def test_200_identical_copies_under_different_urls_form_one_group_with_one_index_entry():
    index, results = run([(f"copy-{i}", ORIGINAL, f"https://www.outlet{i}-news.com/story/{i}", i) for i in range(200)])
    assert {r.group_id for r in results.values()} == {"copy-0"}
    assert sum(r.is_duplicate for r in results.values()) == 199
    assert all(r.similarity == 1.0 for r in list(results.values())[1:])
    assert index.indexed == 1
    assert index.counts(results) == (200, 200, 1)


def test_same_input_order_gives_the_same_groups():
    first = run(corpus())[1]
    second = run(corpus())[1]
    assert first == second


def test_adding_an_article_twice_changes_nothing():
    index, results = run(corpus())
    before = (len(index), index.group_size("wire-1"), index.indexed)
    assert index.add("c-typos", TYPOS, "island.example.co.uk", 6) == results["c-typos"]
    assert index.add("c-typos", "something else entirely", None, 99) == results["c-typos"]
    assert (len(index), index.group_size("wire-1"), index.indexed) == before


def test_an_earlier_seen_copy_arriving_late_becomes_the_original_but_the_group_keeps_its_id():
    index = SyndicationIndex()
    index.add("late-copy", NEW_HEADLINE, "courier.example", 10)
    got = index.add("wire-1", ORIGINAL, "northwire.example", 5)
    assert (got.group_id, got.original_id, got.is_duplicate) == ("late-copy", "wire-1", False)
    assert index.result("late-copy").is_duplicate
    assert index.counts(["late-copy", "wire-1"]).independent_sources == 1


def test_an_original_without_a_site_counts_as_a_source_of_its_own():
    index = SyndicationIndex()
    index.add("a", ORIGINAL, None, 1)
    index.add("b", NEW_HEADLINE, "courier.example", 2)
    index.add("c", INDEPENDENT, None, 3)
    assert index.counts(["a", "b", "c"]) == (3, 1, 2)


def test_a_copy_joins_its_most_similar_earlier_member():
    # Two unrelated stories glued together give a body that resembles both; the copy of the
    # glued body must pick the glued body, not either half.
    glued = ORIGINAL + "\n\n" + UNRELATED[0]
    index = SyndicationIndex()
    index.add("wire-1", ORIGINAL, "a.example", 1)
    index.add("glued", glued, "b.example", 2)
    got = index.add("glued-copy", glued.replace("Thursday", "Thursday morning"), "c.example", 3)
    assert got.matched_id == "glued"


def test_many_near_copies_do_not_all_enter_the_index():
    rng = random.Random(7)
    words = ORIGINAL.split()
    index = SyndicationIndex()
    for i in range(300):
        edited = list(words)
        edited[rng.randrange(len(edited))] = f"typo{i}"
        index.add(f"n{i}", " ".join(edited), f"s{i}.example", i)
    assert len({index.result(f"n{i}").group_id for i in range(300)}) == 1
    # One edited word leaves an estimate near 0.93, so most copies are not indexed.
    assert index.indexed < 60


def test_copies_are_looked_for_in_a_window_of_recent_articles_only():
    fillers = [f"Filler number {i} " + " ".join(f"w{i}x{j}" for j in range(40)) for i in range(6)]
    index = SyndicationIndex(window=3)
    index.add("wire", ORIGINAL, "wire.example", 0)
    index.add("near", wire_story(headline="Another headline for the ferry strike"), "a.example", 1)
    assert index.result("near").group_id == "wire"
    for i, text in enumerate(fillers):
        index.add(f"f{i}", text, None, i + 2)
    # The wire story fell out of the window: a late copy starts a group of its own ...
    late = index.add("late", wire_story(headline="Ferry strike, days later"), "b.example", 9)
    assert late.group_id == "late"
    assert index.indexed <= 3 + 1
    # ... while a text republished inside the window keeps its group however old its first copy.
    index = SyndicationIndex(window=3)
    for i in range(10):
        index.add(f"copy{i}", ORIGINAL, f"s{i}.example", 2 * i)
        index.add(f"other{i}", fillers[i % 6] + f" {i}", None, 2 * i + 1)
    assert {index.result(f"copy{i}").group_id for i in range(10)} == {"copy0"}


def test_the_window_must_hold_an_article():
    with pytest.raises(ValueError, match="window"):
        SyndicationIndex(window=0)
