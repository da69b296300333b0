"""The CLI under hostile conditions: id clashes, damaged or busy databases, bad
settings and models, hostile text in what is printed and exported."""

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.records import AnalyzedDocument, Article, Event, Evidence, Participant, Place, Span, content_id
from newsgraph.store import Store

from ..conftest import database_held_by_another_process

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


SUMMARY = re.compile(r"stored (\d+), duplicate (\d+), empty (\d+), failed (\d+) \(of (\d+) read\)")

PAGE = "Rescue teams reached the flooded villages in the valley on Wednesday, officials said.\n"


def _summary(stderr: str) -> tuple[int, ...]:
    found = SUMMARY.search(stderr)
    assert found, stderr
    return tuple(int(g) for g in found.groups())


def _feed(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- A.4: JSONL ids and content ids ----------------------------------------


def test_a_jsonl_id_equal_to_a_stored_pages_content_id_is_a_conflict(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "a.duckdb"
    first = run("ingest", str(page), "--db", str(db), "--plain", "--quiet")
    assert first.exit_code == 0, first.stderr
    page_id = content_id(page.read_bytes())
    with Store(db) as store:
        assert [a.id for a in store.articles()] == [page_id]
    feed = _feed(
        tmp_path / "f.jsonl", {"id": page_id, "text": "Talks on the new trade agreement resumed in the port city."}
    )
    result = run("ingest", str(feed), "--db", str(db), "--plain", "--quiet")
    assert result.exit_code == 1
    assert _summary(result.stderr) == (0, 0, 0, 1, 1)
    assert (
        f"{feed}#1: id '{page_id}' is the content id of another stored document; the first one is kept" in result.stderr
    )
    with Store(db) as store:
        assert store.count() == 1 and store.get(page_id).article.body == PAGE


def test_a_page_whose_content_id_a_jsonl_line_took_is_a_conflict_not_a_duplicate(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    page_id = content_id(page.read_bytes())
    feed = _feed(
        tmp_path / "f.jsonl", {"id": page_id, "text": "Talks on the new trade agreement resumed in the port city."}
    )
    db = tmp_path / "b.duckdb"
    first = run("ingest", str(feed), "--db", str(db), "--plain", "--quiet")
    assert first.exit_code == 0, first.stderr
    result = run("ingest", str(page), "--db", str(db), "--plain", "--quiet")
    assert result.exit_code == 1
    assert _summary(result.stderr) == (0, 0, 0, 1, 1)  # a failure, not a duplicate, not silence
    assert f"{page}: this document's content id '{page_id}' was already given by a JSONL line" in result.stderr
    with Store(db) as store:
        assert store.count() == 1 and "trade agreement" in store.get(page_id).article.body


def test_a_jsonl_documents_own_id_is_its_id_everywhere(tmp_path):
    given = "0123456789abcdef"  # looks like a content id, but the input named it
    feed = _feed(tmp_path / "f.jsonl", {"id": given, "text": "The harbour reopened on Friday after the storm."})
    analyzed = run("analyze", str(feed), "--plain", "--quiet")
    assert json.loads(analyzed.stdout)["id"] == given
    db = tmp_path / "c.duckdb"
    first = run("ingest", str(feed), "--db", str(db), "--plain", "--quiet")
    assert first.exit_code == 0, first.stderr
    assert json.loads(run("show", given, "--db", str(db), "--json").stdout)["id"] == given
    assert run("export", "--db", str(db), "--out", str(tmp_path / "x"), "--format", "jsonl").exit_code == 0
    exported = [json.loads(line) for line in (tmp_path / "x" / "articles.jsonl").read_text().splitlines()]
    assert [a["id"] for a in exported] == [given]
    again = run("ingest", str(feed), "--db", str(db), "--plain")
    assert again.exit_code == 0 and _summary(again.stderr) == (0, 1, 0, 0, 1)


# -- A.5: database errors after opening -------------------------------------


def _one_error_line(result, code: str = "NG400") -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error [{code}] ")
    assert "Traceback" not in result.output
    return lines[0]


def _damaged_databases(tmp_path: Path) -> list[Path]:
    feed = _feed(
        tmp_path / "f.jsonl",
        *(
            {"id": f"d{k}", "text": f"Report {k}: the river rose by {k} centimetres overnight in the valley."}
            for k in range(40)
        ),
    )
    good = tmp_path / "good.duckdb"
    assert run("ingest", str(feed), "--db", str(good), "--plain", "--quiet").exit_code == 0
    data = good.read_bytes()
    half = tmp_path / "half.duckdb"
    # Cut inside the first data block (after the 12 KiB of headers), so no table is whole.
    half.write_bytes(data[: 12288 + 131072])
    overwritten = bytearray(data)
    for start in range(12288, len(data) - 4096, 262144):  # garbage over every block's checksum
        overwritten[start : start + 4096] = b"\xa5" * 4096
    spoilt = tmp_path / "spoilt.duckdb"
    spoilt.write_bytes(bytes(overwritten))
    text = tmp_path / "notes.duckdb"
    text.write_text("these are my notes, not a database\n")
    return [half, spoilt, text]


def test_damaged_databases_give_one_ng400_line_and_exit_2_in_every_command(tmp_path):
    more = _feed(tmp_path / "more.jsonl", {"id": "new1", "text": "A bridge collapsed in the north on Sunday."})
    for db in _damaged_databases(tmp_path):
        for args in (("articles",), ("show", "d3"), ("export", "--out", str(tmp_path / "out"))):
            line = _one_error_line(run(*args, "--db", str(db)))
            assert str(db) in line
        result = run("ingest", str(more), "--db", str(db), "--plain", "--quiet")
        line = _one_error_line(result)
        assert str(db) in line and not SUMMARY.search(result.stderr)  # never reported as a success


def test_a_raw_database_error_reaching_the_cli_is_one_line(tmp_path, monkeypatch):
    import duckdb

    db = tmp_path / "ok.duckdb"
    Store(db).close()

    def broken(self, **kw):
        raise duckdb.IOException("IO Error: Could not read from file: Input/output error\nLINE 1: SELECT")

    monkeypatch.setattr(Store, "articles", broken)
    line = _one_error_line(run("articles", "--db", str(db)))
    assert str(db) in line and "Input/output error" in line


def test_a_failing_commit_stops_ingest_with_its_cause_and_keeps_earlier_batches(tmp_path, monkeypatch):
    import duckdb

    feed = _feed(
        tmp_path / "f.jsonl",
        *({"id": f"c{k}", "text": f"Report {k}: the market reopened on Monday after {k} days."} for k in range(3)),
    )
    db = tmp_path / "full.duckdb"
    Store(db).close()  # migrated: from here on every COMMIT is a batch's
    real_connect = duckdb.connect
    commits = []

    class FullDisk:
        """The second batch's COMMIT fails as on a full disk; DuckDB has then
        ended the transaction, so the ROLLBACK after it fails too."""

        def __init__(self, con):
            self._con = con

        def execute(self, sql, *args):
            if sql == "COMMIT":
                commits.append(sql)
                if len(commits) == 2:
                    self._con.execute("ROLLBACK")
                    raise duckdb.TransactionException(
                        'Failed to commit: Could not write file "full.duckdb.wal": No space left on device'
                    )
            if sql == "ROLLBACK" and len(commits) >= 2:
                raise duckdb.TransactionException("cannot rollback - no transaction is active")
            return self._con.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._con, name)

    monkeypatch.setattr(duckdb, "connect", lambda *a, **kw: FullDisk(real_connect(*a, **kw)))
    result = run("ingest", str(feed), "--db", str(db), "--plain", "--quiet", "--batch-size", "1")
    line = _one_error_line(result)
    assert "No space left on device" in line and "no transaction" not in line and str(db) in line
    monkeypatch.setattr(duckdb, "connect", real_connect)
    with Store(db, read_only=True) as store:
        assert store.count() == 1  # the first batch's commit stays


def test_an_export_folder_that_cannot_be_made_is_one_line(tmp_path):
    db = tmp_path / "e.duckdb"
    Store(db).close()
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    line = _one_error_line(run("export", "--db", str(db), "--out", str(a_file / "sub")))
    assert str(a_file / "sub") in line and "Not a directory" in line
    blocked = tmp_path / "blocked"
    (blocked / "events_acled.csv").mkdir(parents=True)
    line = _one_error_line(
        run("export", "--db", str(db), "--out", str(blocked), "--layout", "acled", "--format", "csv")
    )
    assert "events_acled.csv" in line and "Is a directory" in line


# -- B: reading while an ingest holds the database ----------------------------


def test_commands_on_a_database_an_ingest_holds_say_it_is_busy(tmp_path):
    feed = _feed(tmp_path / "f.jsonl", {"id": "h1", "text": "Farmers blocked the highway on Thursday."})
    db = tmp_path / "held.duckdb"
    first = run("ingest", str(feed), "--db", str(db), "--plain", "--quiet")
    assert first.exit_code == 0, first.stderr
    # the reading commands work with no one else holding it (read-only)
    assert run("articles", "--db", str(db)).exit_code == 0
    with database_held_by_another_process(db) as pid:
        for args in (
            ("articles",),
            ("show", "h1"),
            ("export", "--out", str(tmp_path / "o")),
            ("ingest", str(feed), "--plain", "--quiet"),
        ):
            line = _one_error_line(run(*args, "--db", str(db)), "NG401")
            assert f"{db}: database is busy: another process (PID {pid})" in line
            assert "wait for it to finish" in line
    assert run("articles", "--db", str(db)).exit_code == 0


# -- B: CSV and GDELT exports -------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturned",
]


def test_csv_export_neutralises_formula_cells(tmp_path):
    db = tmp_path / "csv.duckdb"
    docs = [
        AnalyzedDocument(
            id=f"h{k}",
            source=f"s{k}",
            article=Article(
                id=f"h{k}", source=f"s{k}", body="Protesters gathered in the square.", title=title, authors=[title]
            ),
        )
        for k, title in enumerate(HOSTILE)
    ]
    docs.append(
        AnalyzedDocument(
            id="plain",
            source="-1",
            article=Article(id="plain", source="-1", body="Markets were calm.", title="An ordinary headline"),
        )
    )
    with Store(db) as store:
        store.write_batch(docs)
    assert run("export", "--db", str(db), "--out", str(tmp_path / "x"), "--format", "csv").exit_code == 0
    with open(tmp_path / "x" / "articles.csv", newline="", encoding="utf-8") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    for k, title in enumerate(HOSTILE):
        assert rows[f"h{k}"]["title"] == "'" + title
    assert rows["plain"]["title"] == "An ordinary headline"
    assert rows["plain"]["source"] == "-1"  # a number is no formula
    # JSONL keeps the text as it is
    assert run("export", "--db", str(db), "--out", str(tmp_path / "j"), "--format", "jsonl").exit_code == 0
    exported = [json.loads(line) for line in (tmp_path / "j" / "articles.jsonl").read_text().splitlines()]
    assert {r["title"] for r in exported} >= set(HOSTILE)


def _store_hostile_events(db: Path) -> None:
    nasty = 'Riot\tpolice\n"chief"\r\x0bunit\x85'
    body = "Riot police dispersed the crowd in the square."
    event = Event(
        id="ev1",
        type="ASSAULT",
        mode="crowd-control",
        actor=Participant(nasty, country="KZ", sector="police"),
        target=Participant("=cmd|' /C calc'!A0", country="KZ", sector="civilians"),
        location=Place("Old\tSquare\nNorth", country="KZ", latitude=-43.25, longitude=76.95),
        date="2022-01-09",
        evidence=[Evidence(Span(0, 11), Span(0, len(body)), body)],
    )
    article = Article(
        id="x1",
        source="s",
        body=body,
        title='A\ttitle\nwith "quotes"',
        published="2022-01-10T09:03",
        url="https://example.org/a?b=1\tc",
    )
    with Store(db) as store:
        store.write_batch([AnalyzedDocument(id="x1", source="s", article=article, events=[event])])


def test_gdelt_export_is_tab_separated_with_61_fields_on_every_line(tmp_path):
    from newsgraph.store.layouts import GDELT_COLUMNS

    db = tmp_path / "g.duckdb"
    _store_hostile_events(db)
    assert run("export", "--db", str(db), "--out", str(tmp_path), "--layout", "gdelt", "--format", "csv").exit_code == 0
    text = (tmp_path / "events_gdelt.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 2  # one event, one line, no header
    fields = dict(zip(GDELT_COLUMNS, lines[0].split("\t"), strict=True))
    assert len(lines[0].split("\t")) == 61
    assert fields["Actor1Name"] == 'RIOT POLICE "CHIEF"  UNIT '  # no quoting, breaks turned to spaces
    assert fields["Actor2Name"].startswith("'=CMD")
    assert fields["ActionGeo_FullName"] == "Old Square North"
    assert fields["ActionGeo_Lat"] == "-43.2500"  # a number is no formula
    assert fields["SOURCEURL"] == "https://example.org/a?b=1 c"
    assert fields["AvgTone"] == "" and "None" not in lines[0]


def test_acled_export_is_proper_csv(tmp_path):
    from newsgraph.store.layouts import ACLED_COLUMNS

    db = tmp_path / "a.duckdb"
    _store_hostile_events(db)
    assert run("export", "--db", str(db), "--out", str(tmp_path), "--layout", "acled", "--format", "csv").exit_code == 0
    with open(tmp_path / "events_acled.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(ACLED_COLUMNS) and len(rows) == 2
    row = dict(zip(ACLED_COLUMNS, rows[1], strict=True))
    assert row["actor1"] == 'Riot\tpolice\n"chief"\r\x0bunit\x85'  # quoted, read back whole
    assert row["actor2"].startswith("'=cmd")
    assert row["latitude"] == "-43.2500" and row["event_type"] == "Protests"


# -- B: settings and models ---------------------------------------------------


@pytest.mark.parametrize(
    "value, problem",
    [
        ("1e20", "is not a whole number"),
        ("99999999999999999999999", "must be at most"),
        ("-5", "must be at least 1"),
        ("0", "must be at least 1"),
    ],
)
def test_bad_numeric_settings_are_one_line(tmp_path, monkeypatch, value, problem):
    monkeypatch.setenv("NEWSGRAPH_MAX_BYTES", value)
    db = tmp_path / "s.duckdb"
    line = _one_error_line(run("ingest", str(tmp_path), "--db", str(db), "--quiet"), "NG010")
    assert f"NEWSGRAPH_MAX_BYTES='{value}' {problem}" in line
    assert not db.exists()


def test_doc_timeout_accepts_zero_and_refuses_negatives(tmp_path, monkeypatch):
    feed = _feed(tmp_path / "f.jsonl", {"id": "t1", "text": "The ferry left the port on time."})
    monkeypatch.setenv("NEWSGRAPH_DOC_TIMEOUT", "0")
    assert run("analyze", str(feed), "--plain", "--quiet").exit_code == 0
    monkeypatch.setenv("NEWSGRAPH_DOC_TIMEOUT", "-1")
    assert "NEWSGRAPH_DOC_TIMEOUT='-1' must be at least 0" in _one_error_line(
        run("analyze", str(feed), "--quiet"), "NG010"
    )
    monkeypatch.delenv("NEWSGRAPH_DOC_TIMEOUT")
    assert run("analyze", str(feed), "--plain", "--quiet", "--doc-timeout", "0").exit_code == 0
    db = tmp_path / "t.duckdb"
    assert "doc_timeout=-3 must be at least 0" in _one_error_line(
        run("ingest", str(feed), "--db", str(db), "--doc-timeout", "-3", "--quiet"), "NG010"
    )
    assert not db.exists()
    assert run("ingest", str(feed), "--db", str(db), "--plain", "--doc-timeout", "0", "--quiet").exit_code == 0


def test_a_model_path_that_is_no_spacy_pipeline_creates_no_database(tmp_path):
    empty = tmp_path / "empty-model"
    empty.mkdir()
    text = tmp_path / "model.txt"
    text.write_text("not a model")
    bogus = tmp_path / "bogus-model"
    bogus.mkdir()
    (bogus / "config.cfg").write_text('[nlp]\nlang = "xx_nope"\npipeline = ["zzz"]\n[components\n')
    (bogus / "meta.json").write_text('{"lang": "xx_nope", "name": "bogus"}')
    feed = _feed(tmp_path / "f.jsonl", {"id": "m1", "text": "Snow closed the mountain pass."})
    for model in (empty, text, bogus):
        db = tmp_path / f"{model.name}.duckdb"
        line = _one_error_line(run("ingest", str(feed), "--db", str(db), "--model", str(model), "--quiet"), "NG300")
        assert str(model) in line
        assert not db.exists()
        line = _one_error_line(run("analyze", str(feed), "--model", str(model), "--quiet"), "NG300")


# -- B: nothing stored reaches the terminal raw ------------------------------

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_control_characters_in_stored_text_are_printed_escaped(tmp_path):
    from newsgraph.records import Entity, Mention, Quote

    body = "Officials said\x1b]0;owned\x07 the dam held.\n\nSecond paragraph\x9b31m here."
    article = Article(
        id="e1",
        source="feed\x1b[5m.jsonl#1",
        body=body,
        title="Clear \x1b[2J screen \u202eevil",
        subtitle="Sub\x1b[1A",
        authors=["Ann\x1b[8m Lee"],
        url="https://example.org/\x07bell",
    )
    doc = AnalyzedDocument(
        id="e1",
        source=article.source,
        article=article,
        entities=[Entity(id="p1", name="Lee\u2066\x1b[0m", type="PERSON", mentions=[Mention(0, 9, "Officials", "p1")])],
        quotes=[Quote(0, 9, "held\x1b[2K", "direct", speaker_text="Lee\x1b[7m", cue="say")],
    )
    db = tmp_path / "esc.duckdb"
    with Store(db) as store:
        store.write_batch([doc])
    listing = run("articles", "--db", str(db))
    shown = run("show", "e1", "--db", str(db))
    for output in (listing.stdout, shown.stdout):
        assert not UNSAFE.search(output), output
    assert "\\x1b[2J" in listing.stdout and "\\u202e" in listing.stdout
    assert "Clear \\x1b[2J screen \\u202eevil" in shown.stdout
    for escaped in (
        "\\x1b]0;owned\\x07",
        "\\x9b31m",
        "\\x07bell",
        "Sub\\x1b[1A",
        "Ann\\x1b[8m Lee",
        "feed\\x1b[5m.jsonl",
        "Lee\\u2066\\x1b[0m",
        "held\\x1b[2K",
        "Lee\\x1b[7m",
    ):
        assert escaped in shown.stdout, escaped
    assert "\nSecond paragraph" in shown.stdout  # the body keeps its paragraphs
    # --json is for programs: JSON escapes the C0 controls, the rest stays as it is
    as_json = run("show", "e1", "--db", str(db), "--json").stdout
    assert "\x1b" not in as_json and json.loads(as_json)["title"] == "Clear \x1b[2J screen \u202eevil"
    # ingest --show prints what it stored the same way
    feed = _feed(tmp_path / "f.jsonl", {"id": "e2", "title": "Title \x1b[2J here", "text": "The dam held\x1b[31m."})
    result = run("ingest", str(feed), "--db", str(tmp_path / "e2.duckdb"), "--plain", "--show", "--quiet")
    assert result.exit_code == 0 and not UNSAFE.search(result.output)
    assert "Title \\x1b[2J here" in result.output and "The dam held\\x1b[31m." in result.output


def test_failures_are_one_line_each_and_the_summary_adds_up(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _feed(
        inputs / "a.jsonl",
        {"id": "s1", "text": "Police detained forty protesters in the capital on Monday."},
        {"id": "s1", "text": "Police detained forty protesters in the capital on Monday."},  # duplicate
        {"id": "s1", "text": "A different story about the harvest."},  # conflict
        {"id": "s2", "\x1b[31mkey\nwith newline": 1},  # bad line
        {"id": "s3", "text": "   "},
    )  # empty
    (inputs / "empty.txt").write_text("")
    (inputs / "good.txt").write_text(PAGE)
    db = tmp_path / "sum.duckdb"
    result = run("ingest", str(inputs), "--db", str(db), "--plain", "--quiet", "--batch-size", "2")
    assert result.exit_code == 1
    stored, duplicate, empty, failed, read = _summary(result.stderr)
    assert stored + duplicate + empty + failed == read == 7
    assert (stored, duplicate, failed) == (2, 1, 2)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    failure_lines = lines[:-1]
    assert len(failure_lines) == failed + empty  # one line per failure, empties named too
    assert all(line.startswith(str(inputs)) for line in failure_lines), failure_lines
    assert "\x1b" not in result.stderr
