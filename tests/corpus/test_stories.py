"""Online story assignment on invented mini-corpora."""

from __future__ import annotations

import time
from datetime import date, timedelta

from newsgraph.corpus.stories import ArticleSignature, StoryIndex, StoryParams, story_id, weigh_terms, words


def sig(
    article_id: str,
    title: str,
    body: str,
    published: date | None = None,
    entities: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
) -> ArticleSignature:
    terms = weigh_terms(words(title), words(body[:200]), words(body[200:]))
    return ArticleSignature(article_id, published, title, terms, entities, places)


D = date(2031, 3, 10)

# Three invented stories, four articles each told in different words, and one unrelated article.
CORPUS = [
    sig(
        "flood-1",
        "River Quell bursts its banks in Marrowby",
        "The river Quell flooded the lower town of Marrowby overnight; 300 homes evacuated, said mayor Ilse Varga.",
        D,
        ("Ilse Varga",),
        ("Marrowby",),
    ),
    sig(
        "vote-1",
        "Tarnland parliament rejects pension bill",
        "Lawmakers in Tarnland voted 61 to 52 against the pension bill of finance minister Oskar Brenn.",
        D,
        ("Oskar Brenn", "Tarnland parliament"),
        ("Tarnland",),
    ),
    sig(
        "heist-1",
        "Gallery robbed of Pellworth paintings",
        "Thieves took three Pellworth paintings from the Ostrava Lane gallery in Dunmere, police said.",
        D,
        ("Pellworth", "Ostrava Lane gallery"),
        ("Dunmere",),
    ),
    sig(
        "flood-2",
        "Marrowby flood: hundreds leave their homes",
        "Rising water from the Quell forced families in Marrowby to leave; Varga asked for army help.",
        D + timedelta(days=1),
        ("Varga",),
        ("Marrowby",),
    ),
    sig(
        "vote-2",
        "Brenn's pension reform voted down",
        "The Tarnland parliament defeated Oskar Brenn's pension reform bill on Tuesday by nine votes.",
        D + timedelta(days=1),
        ("Oskar Brenn", "Tarnland parliament"),
        ("Tarnland",),
    ),
    sig(
        "heist-2",
        "Police hunt thieves after Dunmere art theft",
        "Police in Dunmere are searching for the thieves who stole Pellworth paintings from a gallery.",
        D + timedelta(days=1),
        ("Pellworth",),
        ("Dunmere",),
    ),
    sig(
        "cheese-1",
        "Cheese festival draws record crowd",
        "A record 40,000 visitors tasted cheese at the annual festival in Brindle valley.",
        D + timedelta(days=2),
        (),
        ("Brindle",),
    ),
    sig(
        "flood-3",
        "Quell water recedes, Marrowby counts damage",
        "Mayor Ilse Varga said the flood damage in Marrowby reaches millions as the river Quell recedes.",
        D + timedelta(days=3),
        ("Ilse Varga",),
        ("Marrowby",),
    ),
    sig(
        "vote-3",
        "What the failed pension bill means for Tarnland",
        "After parliament rejected the pension bill, Brenn said he would bring a new bill to lawmakers.",
        D + timedelta(days=3),
        ("Brenn",),
        ("Tarnland",),
    ),
    sig(
        "heist-3",
        "Two arrested over stolen Pellworth paintings",
        "Dunmere police arrested two men and recovered the Pellworth paintings stolen from the gallery.",
        D + timedelta(days=6),
        ("Pellworth",),
        ("Dunmere",),
    ),
    sig(
        "flood-4",
        "Army helps Marrowby clean up after flood",
        "Soldiers cleared mud from Marrowby streets after the Quell flood, Varga thanked them.",
        D + timedelta(days=8),
        ("Varga",),
        ("Marrowby",),
    ),
    sig(
        "vote-4",
        "Brenn to retable pension reform",
        "Finance minister Oskar Brenn will bring the pension reform back to the Tarnland parliament.",
        D + timedelta(days=9),
        ("Oskar Brenn",),
        ("Tarnland",),
    ),
    sig(
        "heist-4",
        "Recovered Pellworth paintings return to gallery",
        "The Pellworth paintings stolen in Dunmere are back on the gallery walls after the arrest of the thieves.",
        D + timedelta(days=12),
        ("Pellworth",),
        ("Dunmere",),
    ),
]


def groups(index: StoryIndex) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in index.stories.values()}


def run(signatures: list[ArticleSignature], params: StoryParams | None = None) -> StoryIndex:
    index = StoryIndex(params)
    for signature in signatures:
        index.add(signature)
    return index


def test_three_stories_and_an_unrelated_article():
    index = run(CORPUS)
    expected = {frozenset(f"{name}-{n}" for n in range(1, 5)) for name in ("flood", "vote", "heist")} | {
        frozenset({"cheese-1"})
    }
    assert groups(index) == expected


def test_story_summary_has_id_headline_dates_and_top_names():
    index = run(CORPUS)
    flood = index.summary(index.story_of("flood-3") or "")
    assert flood["id"] == story_id("flood-1")
    assert flood["title"] in {a.title for a in CORPUS if a.id.startswith("flood")}
    assert flood["first_seen"] == D.isoformat()
    assert flood["last_seen"] == (D + timedelta(days=8)).isoformat()
    assert flood["articles"] == ["flood-1", "flood-2", "flood-3", "flood-4"]
    assert flood["places"] == ["marrowby"]
    assert flood["entities"][:2] == ["ilse varga", "varga"]


def test_same_order_same_stories():
    first, second = run(CORPUS), run(CORPUS)
    assert first.assignments() == second.assignments()
    assert [first.summary(s) for s in first.stories] == [second.summary(s) for s in second.stories]


def test_same_article_twice_changes_nothing():
    index = run(CORPUS)
    before = index.assignments()
    assert index.add(CORPUS[4]) == before["vote-2"]
    assert index.assignments() == before
    assert index.summary(before["vote-2"])["articles"].count("vote-2") == 1


def protest(article_id: str, day: date) -> ArticleSignature:
    return sig(
        article_id,
        "Thousands march in Velmora against fuel prices",
        "Thousands of protesters marched through central Velmora against the rise in fuel prices, police said.",
        day,
        ("Velmora Workers Union",),
        ("Velmora",),
    )


def test_two_protests_in_the_same_city_a_year_apart_are_two_stories():
    index = run(
        [protest("march-a", D), protest("march-a2", D + timedelta(days=2)), protest("march-b", D + timedelta(days=365))]
    )
    assert groups(index) == {frozenset({"march-a", "march-a2"}), frozenset({"march-b"})}


def test_a_story_can_run_for_weeks():
    days = [D + timedelta(days=10 * k) for k in range(8)]
    index = run([protest(f"weekly-{k}", day) for k, day in enumerate(days)])
    assert len(index) == 1


def test_undated_articles_join_by_content():
    undated = [sig(a.id + "-undated", a.title, "", None, a.entities, a.places) for a in CORPUS if a.id.endswith("-2")]
    index = run(CORPUS + undated)
    assert index.story_of("flood-2-undated") == index.story_of("flood-1")
    assert index.story_of("heist-2-undated") == index.story_of("heist-1")
    assert index.summary(index.story_of("flood-1") or "")["last_seen"] == (D + timedelta(days=8)).isoformat()


def test_articles_without_entities_or_terms():
    no_entities = [ArticleSignature(a.id, a.published, a.title, a.terms) for a in CORPUS]
    assert groups(run(no_entities)) == groups(run(CORPUS))
    index = run([ArticleSignature("empty-1", D, "", {}), ArticleSignature("empty-2", D, "", {})])
    assert len(index) == 2
    assert index.summary(index.story_of("empty-1") or "")["title"] == ""


def test_ten_thousand_articles_of_one_story_stay_fast_and_one_story():
    base = protest("same", D)
    extra = ["crowd", "police", "fuel", "price", "march", "union", "minister", "street", "night", "square"]
    signatures = []
    for k in range(10_000):
        terms = dict(base.terms)
        terms[extra[k % len(extra)]] = terms.get(extra[k % len(extra)], 0.0) + 1.0
        terms[f"detail{k}"] = 1.0  # each article adds one word no other has
        signatures.append(
            ArticleSignature(f"same-{k}", D + timedelta(days=k // 500), base.title, terms, base.entities, base.places)
        )
    started = time.perf_counter()
    index = run(signatures)
    elapsed = time.perf_counter() - started
    assert len(index) == 1
    assert elapsed < 20, elapsed
    story = next(iter(index.stories.values()))
    assert len(story.centroid) <= 2 * StoryParams().max_centroid_keys


def letters(k: int) -> str:
    return chr(97 + k // 26 // 26 % 26) + chr(97 + k // 26 % 26) + chr(97 + k % 26)


def test_candidates_come_from_the_window_only():
    # 300 stories long gone, then one new article: the postings of the old stories are dropped, not scanned.
    old = [
        ArticleSignature(
            f"old-{k}", D, f"Fair {k}", {f"fair{letters(k)}": 2.0, f"stall{letters(k)}": 1.0}, (), ("Hesk",)
        )
        for k in range(300)
    ]
    index = run(old)
    assert len(index) == 300
    assert len(index._postings["p:hesk"]) == 300
    index.add(ArticleSignature("late", D + timedelta(days=400), "Fair", {"fair": 1.0}, (), ("Hesk",)))
    assert list(index._postings["p:hesk"]) == [index.story_of("late")]
    assert len(index) == 301


def test_a_story_behind_the_window_is_closed_and_keeps_its_summary():
    index = run(CORPUS)
    before = {sid: index.summary(sid) for sid in index.stories}
    # Two months later, every story of March is behind the 30-day window for good.
    index.add(protest("may-march", D + timedelta(days=60)))
    new = index.story_of("may-march")
    for sid, summary in before.items():
        story = index.stories[sid]
        assert story.closed and not story.centroid
        assert index.summary(sid) == summary  # headline, dates, articles, top names unchanged
        assert all(sid not in posting for posting in index._postings.values())
    assert not index.stories[new].closed
    # The same words again open a new story: a closed one takes no article.
    again = sig("flood-again", CORPUS[0].title, "The river Quell flooded Marrowby again.", D + timedelta(days=61))
    assert index.add(again) not in before


def test_closing_stories_changes_no_assignment_in_publication_order():
    days = [D + timedelta(days=k * k) for k in range(12)]  # gaps of 1 to 21 days, then a month and more
    articles = (
        [protest(f"p-{k}", day) for k, day in enumerate(days)]
        + CORPUS
        + [
            sig(f"{a.id}-late", a.title, "", a.published + timedelta(days=200), a.entities, a.places)  # type: ignore[operator]
            for a in CORPUS
        ]
    )
    articles.sort(key=lambda a: (a.published, a.id))
    closing = run(articles)

    class NeverClosing(StoryIndex):
        def _close_gone(self, published: date | None) -> None:
            return None

    kept = NeverClosing()
    for article in articles:
        kept.add(article)
    assert closing.assignments() == kept.assignments()
    assert [closing.summary(s) for s in closing.stories] == [kept.summary(s) for s in kept.stories]
    assert any(story.closed for story in closing.stories.values())


def test_words_drop_function_words_and_case():
    assert words("The Mayor of Marrowby and the river") == ["mayor", "marrowby", "river"]


def test_weigh_terms_favours_title_and_damps_repetition():
    terms = weigh_terms(["flood"], ["flood"], ["mayor", "mayor", "mud"])
    assert terms["mud"] == 1.0
    assert terms["flood"] > terms["mayor"] > terms["mud"]


def ferry(article_id: str, body: str, people: tuple[str, ...], places: tuple[str, ...], dates: tuple[str, ...]):
    title, _, rest = body.partition(". ")
    terms = weigh_terms(words(title), words(rest[:200]), words(rest[200:]))
    return ArticleSignature(article_id, None, title, terms, (), places, people, dates)


# Two invented ferry disasters told in much the same words, undated: who, where, how many and
# the dates the texts state tell them apart (reports of each arrive interleaved).
FERRIES = [
    ferry(
        "aurel-1",
        "Ferry Aurel sinks in a storm off Corvey. The coast guard said the ferry sank in heavy seas on "
        "Monday with 212 passengers aboard; captain Mikkel Holm radioed for help before the ferry capsized. "
        "Rescue boats and divers searched the water through the night, and 31 bodies were recovered.",
        ("Mikkel Holm",),
        ("Corvey",),
        ("2029-04-02",),
    ),
    ferry(
        "brisa-1",
        "Ferry Brisa capsizes near Tarsk harbour. A ferry carrying 87 passengers overturned on Friday as "
        "a storm swept the strait, the coast guard said; captain Adaeze Oduya had turned back toward Tarsk. "
        "Fishing boats joined the rescue and 9 bodies were recovered by morning.",
        ("Adaeze Oduya",),
        ("Tarsk",),
        ("2031-08-15",),
    ),
    ferry(
        "aurel-2",
        "Corvey mourns the dead of the Aurel. Divers recovered more bodies from the ferry that sank off "
        "Corvey in the storm; the coast guard now counts 38 dead among the 212 passengers. Holm survived.",
        ("Holm",),
        ("Corvey", "Corvey"),
        ("2029-04-03",),
    ),
    ferry(
        "brisa-2",
        "Brisa toll rises to 11. Families waited at Tarsk harbour as the coast guard raised the toll of the "
        "capsized ferry to 11; Oduya and 76 passengers were rescued.",
        ("Oduya",),
        ("Tarsk", "Tarsk"),
        ("2031-08-16",),
    ),
    ferry(
        "aurel-3",
        "Inquiry into the Aurel sinking opens. Captain Mikkel Holm told the inquiry in Corvey the ferry "
        "was overloaded when the storm hit; 38 passengers died.",
        ("Mikkel Holm",),
        ("Corvey",),
        ("2029-05-20",),
    ),
    ferry(
        "brisa-3",
        "Brisa captain blames the weather service. Adaeze Oduya told reporters in Tarsk no storm warning "
        "reached the ferry before it overturned with 87 passengers.",
        ("Adaeze Oduya",),
        ("Tarsk",),
        ("2031-09-30",),
    ),
]


def test_two_similar_happenings_told_in_the_same_words_stay_apart():
    index = run(FERRIES)
    assert groups(index) == {frozenset({"aurel-1", "aurel-2", "aurel-3"}), frozenset({"brisa-1", "brisa-2", "brisa-3"})}


def test_a_person_is_keyed_by_surname():
    index = StoryIndex()
    vector = index._vector(FERRIES[0])
    assert vector["h:holm"] == 1.0 and "h:mikkel holm" not in vector
    assert index.summary(index.add(FERRIES[0]))["entities"] == ["mikkel holm"]


def test_one_shared_place_on_the_same_day_is_not_a_story():
    a = sig(
        "market",
        "Farmers market moves to Velmora square",
        "Stalls of apples and cheese fill the square.",
        D,
        places=("Velmora",),
    )
    b = sig(
        "council",
        "Council approves new bus depot",
        "The transport committee voted for the depot plan.",
        D,
        places=("Velmora",),
    )
    index = run([a, b])
    assert index.story_of("market") != index.story_of("council")
