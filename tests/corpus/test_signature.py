"""Story signatures built from stored analyses, and stories from them (invented articles)."""

from __future__ import annotations

from newsgraph.corpus.signature import signature
from newsgraph.corpus.stories import StoryIndex
from newsgraph.records import AnalyzedDocument, Article, Entity, Mention, TimeExpression


def analysed(
    doc_id: str,
    body: str,
    *,
    title: str | None = None,
    published: str | None = None,
    names: tuple[tuple[str, str], ...] = (),
    dates: tuple[str, ...] = (),
) -> AnalyzedDocument:
    """An analysis as the pipeline stores it: each (type, name) one entity with its name
    mentions at their places in the body, each date one resolved DATE expression."""
    entities = []
    for k, (kind, name) in enumerate(names):
        mentions = []
        start = body.find(name)
        while start >= 0:
            mentions.append(Mention(start, start + len(name), name))
            start = body.find(name, start + 1)
        entities.append(Entity(f"{doc_id}-e{k}", name, kind, mentions=mentions))
    times = [TimeExpression(0, 1, value, "DATE", value) for value in dates]
    article = Article(doc_id, "invented", body, title=title, published=published)
    return AnalyzedDocument(doc_id, "invented", article, entities=entities, times=times)


QUAKE = analysed(
    "quake-1",
    "A strong earthquake shook Orvanne on Monday. Mayor Petra Lindqvist said 14 people died "
    "and the old market of Orvanne collapsed. Rescue teams of the Orvanne Civil Guard searched the rubble.",
    title="Earthquake kills 14 in Orvanne",
    published="2031-05-12T08:00:00",
    names=(("GPE", "Orvanne"), ("PERSON", "Petra Lindqvist"), ("ORG", "Orvanne Civil Guard")),
    dates=("2031-05-12",),
)


def test_signature_reads_names_dates_and_weighs_the_title():
    sig = signature(QUAKE)
    assert sig.id == "quake-1"
    assert sig.published is not None and sig.published.isoformat() == "2031-05-12"
    assert sig.title == "Earthquake kills 14 in Orvanne"
    assert sig.people == ("Petra Lindqvist",)
    assert sig.entities == ("Orvanne Civil Guard",)
    assert sig.places == ("Orvanne", "Orvanne", "Orvanne")  # one per name mention
    assert sig.dates == ("2031-05-12",)
    assert sig.terms["earthquake"] > sig.terms["rubble"]  # title word over body word


def test_signature_of_an_article_with_no_date_no_names_and_no_body():
    bare = signature(analysed("bare", ""))
    assert (bare.published, bare.title, dict(bare.terms)) == (None, "", {})
    assert bare.people == bare.entities == bare.places == bare.dates == ()
    odd_date = analysed("odd", "Some words here.", published="not a date")
    assert signature(odd_date).published is None
    index = StoryIndex()
    first, second = index.add(bare), index.add(signature(odd_date))
    assert first != second and len(index) == 2


def test_two_reports_of_one_invented_event_join_and_a_year_later_one_does_not():
    second = analysed(
        "quake-2",
        "Rescuers in Orvanne pulled two survivors from the collapsed market on Tuesday, a day after "
        "the earthquake. Lindqvist put the toll at 15 dead. The Orvanne Civil Guard kept searching.",
        title="Survivors found in Orvanne rubble",
        published="2031-05-13",
        names=(("GPE", "Orvanne"), ("PERSON", "Lindqvist"), ("ORG", "Orvanne Civil Guard")),
        dates=("2031-05-12", "2031-05-13"),
    )
    other = analysed(
        "fair-1",
        "The spring book fair of Castel Dorn opened with 300 stalls; organiser Jonas Ebbe expects record crowds.",
        title="Castel Dorn book fair opens",
        published="2031-05-13",
        names=(("GPE", "Castel Dorn"), ("PERSON", "Jonas Ebbe")),
    )
    year_later = analysed(
        "quake-3",
        QUAKE.article.body.replace("14", "9"),
        title="Earthquake kills 9 in Orvanne",
        published="2032-06-02",
        names=(("GPE", "Orvanne"), ("PERSON", "Petra Lindqvist"), ("ORG", "Orvanne Civil Guard")),
        dates=("2032-06-02",),
    )
    index = StoryIndex()
    ids = [index.add(signature(doc)) for doc in (QUAKE, other, second, year_later)]
    assert ids[0] == ids[2]
    assert len({ids[0], ids[1], ids[3]}) == 3
    # The same articles in the same order give the same stories; an article added again changes nothing.
    again = StoryIndex()
    assert [again.add(signature(doc)) for doc in (QUAKE, other, second, year_later)] == ids
    assert again.add(signature(second)) == ids[2]
    assert again.assignments() == index.assignments()
