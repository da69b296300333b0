"""Cell-level rules of the CSV and GDELT writers."""

from newsgraph.records import AnalyzedDocument, Article, Event, Evidence, Participant, Span
from newsgraph.store import Store
from newsgraph.store.layouts import (
    GDELT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    acled_row,
    article_events,
    csv_safe,
    gdelt_field,
    write_gdelt_tsv,
)


def test_csv_safe_neutralises_formula_starts_and_leaves_numbers():
    for cell in ("=1+2", "+cmd", "-x", "@SUM(A1)", "\t=1", "\r=1", "-P3D"):
        assert csv_safe(cell) == "'" + cell
    for cell in ("-7", "+3", "-43.2500", "1e5", "plain", "", "a=b", "'quoted"):
        assert csv_safe(cell) == cell


def test_gdelt_fields_have_no_breaks_quotes_added_or_none():
    assert gdelt_field(None) == "" and gdelt_field("") == ""
    assert gdelt_field('a\tb\r\nc "d"\x00\x1b\x7f\x85\u2028e') == 'a b  c "d"     e'
    assert gdelt_field("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_gdelt_file_splits_into_61_fields_on_every_line(tmp_path):
    rows = [["1"] + ["x\ty\nz"] * 59 + [None], [""] * 61]
    path = tmp_path / "g.csv"
    write_gdelt_tsv(path, rows)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert all(len(line.split("\t")) == len(GDELT_COLUMNS) == 61 for line in lines[:-1])


def test_an_acled_row_for_an_event_without_evidence_has_no_sentence_in_its_notes():
    doc = AnalyzedDocument(
        "a", "s", Article("a", "s", "Farmers marched."),
        events=[Event(id="e", type="PROTEST", actor=Participant("farmers", sector="civilians"))],
    )  # fmt: skip
    (exported,) = article_events(doc)
    row = acled_row(exported)
    assert row["event_type"] == "Protests"
    assert row["notes"] == "Reported in 1 article from 1 independent source: no site (a, ?)."


def test_a_hostile_article_id_is_neutralised_in_the_mentions_file(tmp_path):
    # With no URL, a mention names its article by id; a JSONL id can be anything.
    body = "Riot police dispersed the crowd.\tThen\nthey left."
    nasty = '=HYPERLINK("http://evil.example","x")'
    event = Event(
        id="ev1", type="ASSAULT", mode="crowd-control", evidence=[Evidence(Span(5, 11), Span(0, 32), body[:32])]
    )
    with Store(tmp_path / "h.duckdb") as store:
        store.write_batch([AnalyzedDocument(nasty, "s", Article(nasty, "s", body, site="@site"), events=[event])])
        target = store.export_events(tmp_path, "csv", "gdelt-mentions")
    (line,) = target.read_text(encoding="utf-8").splitlines()
    fields = dict(zip(GDELT_MENTION_COLUMNS, line.split("\t"), strict=True))
    assert fields["MentionIdentifier"] == "'" + nasty
    assert fields["MentionSourceName"] == "'@site"
    assert fields["ActionCharOffset"] == "5" and fields["SentenceID"] == "1"
