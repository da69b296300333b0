"""Cell-level rules of the CSV and GDELT writers."""

from newsgraph.records import Event, Participant
from newsgraph.store.layouts import GDELT_COLUMNS, acled_row, csv_safe, gdelt_field, write_gdelt_tsv


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


def test_an_acled_row_for_an_event_without_evidence_has_empty_notes():
    event = Event(id="e", type="PROTEST", actor=Participant("farmers", sector="civilians"))
    row = acled_row(event)
    assert row["notes"] == "" and row["event_type"] == "Protests"
