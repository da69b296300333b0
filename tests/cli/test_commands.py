"""End-to-end tests of the CLI on real inputs, through the library it wraps."""

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph import __version__
from newsgraph.cli import app
from newsgraph.store import Store

from ..conftest import SEED, floor

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_analyze_seed_prints_the_output_contract():
    result = run("analyze", str(SEED), "--format", "jsonl", "--quiet")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["title"] == "‘Terrorist’ jazz musician released by Kazakhstan"
    assert doc["published"].startswith("2022-01-10T09:03")
    assert doc["body"].startswith("A Kyrgyz jazz musician has been released")
    assert doc["body"].endswith("to help quell the unrest.")
    for key in (
        "id",
        "source",
        "url",
        "subtitle",
        "authors",
        "language",
        "entities",
        "quotes",
        "events",
        "counts",
        "times",
    ):
        assert key in doc


def test_analyze_plain_keeps_body_exactly_and_echoes_jsonl_id(tmp_path):
    text = "  Officials said on Monday that 12 people were detained.\n\nSecond paragraph.  "
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "gold-17", "text": text}) + "\n")
    result = run("analyze", str(src), "--plain", "--quiet")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.strip())
    assert doc["id"] == "gold-17"
    assert doc["body"] == text


def test_analyze_reads_stdin():
    result = run("analyze", "-", "--plain", "--quiet", input="Protesters gathered in the capital on Friday.")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip())["body"] == "Protesters gathered in the capital on Friday."


def _bad_and_good_inputs(root: Path) -> dict[str, Path]:
    root.mkdir()
    files = {
        "empty": root / "empty.txt",
        "binary": root / "binary.txt",
        "truncated": root / "truncated.txt.gz",
        "invalid_utf8": root / "invalid.txt",
        "no_article": root / "nav.html",
        "good": root / "good.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["truncated"].write_bytes(gzip.compress(SEED.read_bytes())[:400])
    files["invalid_utf8"].write_bytes(
        b"Ministers met in the capital on Tuesday \xff\xfe\xc3 and agreed to talks.\n\n"
        b"They said further meetings would follow next week.\n"
    )
    files["no_article"].write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a><a href='/x'>News</a></nav></body></html>"
    )
    files["good"].write_bytes(SEED.read_bytes())
    return files


def test_ingest_goes_on_after_bad_inputs_and_reruns_idempotently(tmp_path):
    files = _bad_and_good_inputs(tmp_path / "in")
    db = tmp_path / "t.duckdb"
    result = run("ingest", str(tmp_path / "in"), "--db", str(db), "--quiet")
    assert result.exit_code == 1  # some inputs failed
    err = result.stderr
    for key in ("binary", "truncated"):
        assert files[key].name in err  # one line naming the file
    assert "stored" in err and "failed" in err
    assert "empty 2" in err  # the empty file and the page with no article
    with Store(db) as store:
        titles = {a.title for a in store.articles()}
        assert "‘Terrorist’ jazz musician released by Kazakhstan" in titles
        flags = dict(store.con.execute("SELECT source, flags FROM articles").fetchall())
        assert flags[str(files["no_article"])] == ["empty"]  # stored, flagged
        bodies = dict(store.con.execute("SELECT source, body FROM articles").fetchall())
        assert "agreed to talks" in bodies[str(files["invalid_utf8"])]
        first = store.count()
    again = run("ingest", str(tmp_path / "in"), "--db", str(db), "--quiet")
    assert f"duplicate {first}" in again.stderr
    with Store(db) as store:
        assert store.count() == first


def test_show_articles_and_export(tmp_path):
    db = tmp_path / "t.duckdb"
    assert run("ingest", str(SEED), "--db", str(db), "--quiet").exit_code == 0
    listing = run("articles", "--db", str(db))
    assert "Terrorist" in listing.stdout
    with Store(db) as store:
        article_id = store.articles()[0].id
    shown = run("show", article_id[:6], "--db", str(db))
    assert "Vikram Ruzakhunov set free" in shown.stdout
    as_json = json.loads(run("show", article_id, "--db", str(db), "--json").stdout)
    assert as_json["id"] == article_id
    for fmt in ("jsonl", "csv", "parquet"):
        res = run("export", "--db", str(db), "--format", fmt, "--out", str(tmp_path / fmt))
        assert res.exit_code == 0
        assert (tmp_path / fmt / f"articles.{fmt}").stat().st_size > 0


def test_show_unknown_id_is_a_clear_error(tmp_path):
    db = tmp_path / "t.duckdb"
    Store(db).close()
    result = run("show", "nope", "--db", str(db))
    assert result.exit_code == 2
    assert "no article with id 'nope'" in result.stderr


def test_50mb_html_page_with_inline_data_is_extracted(tmp_path):
    # Real pages reach this size through inline scripts and data URIs.
    blob = "A" * (50 * 1024 * 1024)
    page = (
        "<html><head><title>Council approves budget</title>"
        f"<script>var payload = '{blob}';</script></head><body><article><h1>Council approves budget</h1>"
        + "<p>The city council approved the new budget on Tuesday after a long debate about roads and schools.</p>" * 20
        + "</article></body></html>"
    )
    src = tmp_path / "big.html"
    src.write_text(page)
    assert src.stat().st_size > 50_000_000
    result = run("analyze", str(src), "--quiet")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.strip())
    assert "approved the new budget" in doc["body"]
    assert "AAAA" not in doc["body"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_events_in_gdelt_and_acled_layouts(tmp_path, fmt):
    import duckdb

    db = tmp_path / "t.duckdb"
    assert run("ingest", str(SEED), "--db", str(db), "--quiet").exit_code == 0
    res = run("export", "--db", str(db), "--layout", "gdelt", "--format", fmt, "--out", str(tmp_path))
    assert res.exit_code == 0, res.output
    path = tmp_path / f"events_gdelt.{fmt}"
    source = f"'{path}'"
    if fmt == "csv":
        # as GDELT's own files: no header line, 61 tab-separated fields
        from newsgraph.store.layouts import GDELT_COLUMNS

        first = path.read_text().splitlines()[0].split("\t")
        assert len(first) == 61 and first[0].isdigit()
        source = (
            f"read_csv('{path}', delim='\t', header=false, quote='', all_varchar=true, names={list(GDELT_COLUMNS)})"
        )
    rel = duckdb.sql(f"SELECT EventRootCode::VARCHAR, Day::VARCHAR FROM {source}").fetchall()
    assert rel, "the seed's events must be exported"
    assert all(code for code, _ in rel)  # every row has a CAMEO root code
    assert any(day.startswith("202201") for _, day in rel)
    res = run("export", "--db", str(db), "--layout", "acled", "--format", fmt, "--out", str(tmp_path))
    assert res.exit_code == 0, res.output
    types = {r[0] for r in duckdb.sql(f"SELECT event_type FROM '{tmp_path / f'events_acled.{fmt}'}'").fetchall()}
    assert types & {"Protests", "Riots", "Strategic developments"}


def test_reading_commands_never_create_a_database(tmp_path):
    missing = tmp_path / "typo.duckdb"
    result = run("articles", "--db", str(missing))
    assert result.exit_code == 2
    assert "no such database" in result.stderr
    assert not missing.exists()


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("NEWSGRAPH_DB", str(db))
    assert run("ingest", str(SEED), "--quiet").exit_code == 0
    assert db.exists()
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "lots")
    result = run("ingest", str(SEED), "--quiet")
    assert result.exit_code == 2
    assert "NEWSGRAPH_BATCH_SIZE='lots' is not a whole number" in result.stderr


def test_analyze_outputs_every_input_even_repeats(tmp_path):
    (tmp_path / "a.txt").write_text("Police arrested two men in the capital on Friday.")
    (tmp_path / "b.txt").write_text("Police arrested two men in the capital on Friday.")
    result = run("analyze", str(tmp_path), "--plain", "--quiet")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert {json.loads(line)["source"] for line in lines} == {str(tmp_path / "a.txt"), str(tmp_path / "b.txt")}


def test_eval_times_command_prints_metrics(gold):
    result = run("eval", "times", "--gold", str(gold("times")))
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["overall"]["relaxed"]["f1"] >= floor("times", "relaxed_f1")


def test_eval_with_missing_gold_is_a_usage_error(tmp_path):
    result = run("eval", "times", "--gold", str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert "gold data not found" in result.stderr


def test_markup_like_text_is_printed_literally_and_the_run_goes_on(tmp_path):
    feed = tmp_path / "m.jsonl"
    feed.write_text(
        '{"id": "k0", "text": "Troops were deployed in the capital on Monday, officials said."}\n'
        '{"id": "k1", "[/bold]": 1}\n'
        '{"id": "k2", "title": "Breaking [/caption] news", "text": "Floods hit the delta on Tuesday [/i] and thousands fled."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "m.duckdb"
    result = run("ingest", str(feed), "--db", str(db), "--batch-size", "1", "--quiet")
    assert result.exit_code == 1  # one bad line
    assert "stored 2, duplicate 0, empty 0, failed 1 (of 3 read)" in result.stderr
    assert "[/bold]" in result.stderr  # the failing key is named as it is
    listing = run("articles", "--db", str(db))
    assert listing.exit_code == 0 and "Breaking [/caption]" in listing.stdout
    shown = run("show", "k2", "--db", str(db))
    assert shown.exit_code == 0 and "[/i]" in shown.stdout


def test_show_prefers_an_exact_id_and_matches_prefixes_literally(tmp_path):
    feed = tmp_path / "p.jsonl"
    feed.write_text(
        '{"id": "a1", "text": "One story about floods in the north of the country."}\n'
        '{"id": "a10", "text": "Another story about fires in the south of the country."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "p.duckdb"
    assert run("ingest", str(feed), "--db", str(db), "--quiet").exit_code == 0
    assert "floods in the north" in run("show", "a1", "--db", str(db)).stdout
    assert "fires in the south" in run("show", "a10", "--db", str(db)).stdout
    assert run("show", "_1", "--db", str(db)).exit_code == 2  # "_" is no wildcard
    assert "ambiguous" in run("show", "a", "--db", str(db)).stderr


def test_bad_settings_and_targets_are_clear_errors(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    Store(db).close()
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = run("export", "--db", str(db), "--out", str(afile))
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    result = run("export", "--db", str(db), "--out", str(tmp_path / "new"), "--table", "nosuch")
    assert result.exit_code == 2 and not (tmp_path / "new").exists()
    result = run("articles", "--db", str(db), "--limit", "-1")
    assert result.exit_code == 2 and "must not be negative" in result.stderr
    result = run("ingest", str(SEED), "--db", str(tmp_path / "m.duckdb"), "--model", "nosuch", "--quiet")
    assert result.exit_code == 2 and "is not installed" in result.stderr and not (tmp_path / "m.duckdb").exists()
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "0")
    result = run("ingest", str(SEED), "--db", str(db), "--quiet")
    assert result.exit_code == 2 and "must be at least 1" in result.stderr


def test_inputs_with_no_documents_say_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "e.duckdb"), "--quiet")
    assert result.exit_code == 0
    assert "no documents found" in result.stderr


def test_a_stored_id_reused_for_other_text_is_a_reported_conflict_not_a_duplicate(tmp_path):
    first = tmp_path / "a.jsonl"
    first.write_text(
        '{"id": "r1", "text": "Police detained forty protesters in the capital on Monday."}\n'
        '{"id": "r2", "text": "The parliament approved the budget on Tuesday after a long debate."}\n'
        # the same id, other text, in the same file: the first line wins
        '{"id": "r2", "text": "Floods forced thousands to leave their homes in the delta."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "c.duckdb"
    result = run("ingest", str(first), "--db", str(db), "--quiet")
    assert result.exit_code == 1
    assert "stored 2, duplicate 0, empty 0, failed 1 (of 3 read)" in result.stderr
    assert (
        f"{first}#3" in result.stderr and "'r2' was already given to a document with different content" in result.stderr
    )

    later = tmp_path / "b.jsonl"
    later.write_text(
        # a true repeat (JSON laid out differently) and a conflicting reuse of r1
        '{"text": "The parliament approved the budget on Tuesday after a long debate.",  "id": "r2"}\n'
        '{"id": "r1", "text": "Talks between the two governments resumed in Geneva."}\n',
        encoding="utf-8",
    )
    again = run("ingest", str(later), "--db", str(db), "--quiet")
    assert again.exit_code == 1
    assert "stored 0, duplicate 1, empty 0, failed 1 (of 2 read)" in again.stderr
    assert "'r1' was already given to a document with different content" in again.stderr
    with Store(db) as store:
        assert store.count() == 2
        assert "forty protesters" in store.get("r1").article.body  # the stored text is kept


def test_a_conflict_between_chunks_in_flight_is_reported_with_several_workers(tmp_path):
    # With two workers, chunks are read ahead of their writes: the clash is
    # only visible to the store, which must report it rather than count it.
    lines = [
        json.dumps({"id": f"n{k}", "text": f"Report number {k} says the river rose by {k} centimetres overnight."})
        for k in range(30)
    ]
    lines[20] = json.dumps(
        {"id": "n3", "text": "Officials closed the airport after a storm damaged the control tower."}
    )
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = run("ingest", str(feed), "--db", str(db), "--workers", "2", "--quiet")
    assert result.exit_code == 1
    assert "stored 29, duplicate 0, empty 0, failed 1 (of 30 read)" in result.stderr
    assert (
        f"{feed}#21" in result.stderr and "'n3' was already given to a document with different content" in result.stderr
    )
    with Store(db) as store:
        assert "river rose by 3 centimetres" in store.get("n3").article.body
