"""The corpus commands (stories, story, events, entity, entities) on an invented stored week,
and the README's contract for their JSON lines."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.records import CorpusChanges, CorpusEntity, CorpusEvent, CorpusStory, EventReport, field_types
from newsgraph.store import Store

from ..conftest import README
from ..store.test_corpus_queries import ARTICLES, newsroom

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(newsroom(tmp_path_factory.mktemp("cli") / "week.duckdb"))


def jsonl(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def one_line_error(result, text: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and text in result.stderr, result.stderr


def test_stories_as_json_lines(db):
    found = jsonl(run("stories", "--db", db, "--format", "jsonl"))
    assert [s["id"] for s in found] == ["st-bren", "st-quill", "st-fair"]
    keys = {
        "id",
        "title",
        "first_seen",
        "last_seen",
        "num_articles",
        "num_sites",
        "num_sources",
        "entities",
        "places",
        "articles",
    }
    assert all(set(s) == keys for s in found)
    assert found[1]["articles"] == ["tide-1", "gazette-1", "wire-1", "echo-1", "council-1"]
    assert [s["id"] for s in jsonl(run("stories", "--db", db, "-f", "jsonl", "--q", "Oskar"))] == ["st-quill"]
    assert [s["id"] for s in jsonl(run("stories", "--db", db, "-f", "jsonl", "--since", "2031-06"))] == ["st-bren"]


def test_story_timeline_sources_and_disagreements(db):
    (story,) = jsonl(run("story", "st-qu", "--db", db, "--format", "jsonl"))
    (event,) = story["events"]
    assert event["id"] == "cev-arrest" and event["factuality"] == "contested"
    assert [d["field"] for d in story["disagreements"]] == ["count:arrested", "factuality"]
    assert story["independent_sources"][0] == {"source": "wirelinepress.org", "articles": 2}
    shown = run("story", "st-quill", "--db", db)
    assert shown.exit_code == 0
    text = " ".join(shown.stdout.split())
    assert "5 (tidewatch.com) vs 7 (northgazette.net); reports 5" in text
    assert "negated (quillmarshcouncil.org); reports contested" in text


def test_events_as_json_lines_with_every_report(db):
    events = {e["id"]: e for e in jsonl(run("events", "--db", db, "--format", "jsonl"))}
    arrest = events["cev-arrest"]
    assert set(arrest) == set(field_types(CorpusEvent)) | {"mentions"}
    assert [m["article_id"] for m in arrest["mentions"]] == ["tide-1", "gazette-1", "wire-1", "echo-1", "council-1"]
    assert set(arrest["mentions"][0]) == set(field_types(EventReport)) - {"event_id"}
    assert arrest["mentions"][-1]["factuality"] == "negated"
    assert (arrest["num_mentions"], arrest["num_articles"], arrest["num_sources"]) == (5, 5, 4)

    def ids(*options: str) -> list[str]:
        return [e["id"] for e in jsonl(run("events", "--db", db, "-f", "jsonl", *options))]

    assert ids("--actor", "Quillmarsh Police") == ["cev-arrest"]
    assert ids("--min-sources", "3") == ["cev-arrest"]
    assert ids("--type", "ASSAULT", "--country", "NO") == ["cev-blast"]
    assert ids("--story", "st-b") == ["cev-blast"]
    assert ids("--since", "2031-06-02") == ["cev-blast"]
    assert ids("--limit", "1") == ["cev-blast"]
    assert ids("--mode", "ARREST") == ["cev-arrest"]
    assert ids("--mode", "explosives", "--type", "ASSAULT") == ["cev-blast"]
    assert ids("--target", "three people") == ["cev-blast"]
    assert ids("--target", "bomb") == []  # the actor, not the target
    assert ids("--offset", "1") == ["cev-arrest"]
    assert ids("--limit", "1", "--offset", "1") == ["cev-arrest"]
    assert ids("--offset", "2") == []


def test_entity_and_entities(db):
    (oskar,) = jsonl(run("entity", "Oskar Fenwright", "--db", db, "-f", "jsonl"))
    assert oskar["id"] == "ce-oskar" and oskar["roles"][0]["title"] == "police chief"
    assert {
        "id",
        "name",
        "type",
        "country",
        "aliases",
        "num_mentions",
        "num_articles",
        "first_seen",
        "last_seen",
        "mentions",
        "roles",
        "quotes",
        "events",
        "cooccurring",
        "network",
    } == set(oskar)
    everyone = jsonl(run("entities", "--db", db, "-f", "jsonl", "--limit", "0"))
    assert len(everyone) == 6
    for e in everyone:
        assert set(e) == set(field_types(CorpusEntity)) | {"mentions"}
        for m in e["mentions"]:
            assert ARTICLES[m["article_id"]][4][m["start"] : m["end"]] == m["text"]
    assert sum(len(e["mentions"]) for e in everyone) == 5 + 2 + 5 + 2 + 1
    shown = run("entity", "ce-lida", "--db", db)
    assert shown.exit_code == 0 and "mayor" in shown.stdout


def test_a_name_of_two_entities_asks_for_an_id(db):
    result = run("entity", "fenwright", "--db", db)
    one_line_error(result, "names 2 corpus entities")
    assert "ce-oskar" in result.stderr and "ce-lida" in result.stderr and "give an id" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("story", "nope"), "no story with id 'nope'"),
        (("story", "st-"), "story id prefix 'st-' is ambiguous"),
        (("entity", "Nobody"), "no corpus entity with id or name 'Nobody'"),
        (("events", "--story", "zzz"), "no story with id 'zzz'"),
        (("stories", "--since", "last week"), "--since 'last week' is not a date"),
        (("events", "--until", "2031-02-30"), "--until '2031-02-30' is not a date"),
        (("entities", "--format", "csv"), "unknown format 'csv'"),
        (("stories", "--limit", "-1"), "--limit must not be negative"),
        (("events", "--offset", "-1"), "--offset must not be negative"),
    ],
)
def test_bad_ids_and_options_are_one_line_errors(db, args, message):
    one_line_error(run(*args, "--db", db), message)


def test_stored_text_cannot_act_on_the_terminal(db):
    for args in (("stories",), ("story", "st-fair"), ("entities",), ("entity", "ce-guild")):
        result = run(*args, "--db", db)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
        if args[0] in ("story", "entity"):  # (a narrow table may cut the cell before it)
            assert "\\x1b" in result.stdout
    # JSON lines keep the text as stored, escaped by JSON itself
    (guild,) = jsonl(run("entities", "--db", db, "-f", "jsonl", "--type", "ORG", "--q", "guild"))
    assert guild["name"] == "Evil\x1b]0;pwned\x07 Lantern Guild"


def test_an_empty_database_lists_nothing(tmp_path):
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    for command in ("stories", "events", "entities"):
        assert run(command, "--db", str(path), "-f", "jsonl").stdout == ""
        shown = run(command, "--db", str(path))
        assert shown.exit_code == 0 and "0 of 0" in shown.stdout


def test_json_lines_list_everything_and_a_table_a_screenful(tmp_path):
    path = tmp_path / "many.duckdb"
    stories = [CorpusStory(f"s{k:03}", f"Story {k}", "2031-01-01", "2031-01-02", 1, 1, 1) for k in range(60)]
    entities = [CorpusEntity(f"ce{k:03}", f"Person {k}", "PERSON", None) for k in range(60)]
    with Store(path) as store:
        store.write_corpus(CorpusChanges(stories=stories, entities=entities))
    assert len(jsonl(run("stories", "--db", str(path), "-f", "jsonl"))) == 60
    assert len(jsonl(run("entities", "--db", str(path), "-f", "jsonl"))) == 60
    assert len(jsonl(run("stories", "--db", str(path), "-f", "jsonl", "--limit", "7"))) == 7
    assert "50 of 60 stories" in run("stories", "--db", str(path)).stdout
    assert "60 of 60 stories" in run("stories", "--db", str(path), "--limit", "0").stdout


# -- the README's contract for the corpus commands' JSON lines ----------------------------------


def corpus_contract() -> dict[str, str]:
    """The README's table of corpus JSON lines: record name -> the keys its row names."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Output contract of the corpus commands", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) >= 2 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells[1]
    return rows


@pytest.mark.parametrize(
    ("row", "keys"),
    [
        ("stories", set(field_types(CorpusStory)) | {"articles"}),
        ("story", {"sites", "independent_sources", "events", "disagreements", "event_id", "event_type"}),
        ("events", set(field_types(CorpusEvent)) | {"mentions", "category"}),
        ("mentions", set(field_types(EventReport)) - {"event_id"}),
        ("disagreements", {"field", "values", "chosen", "rule", "value", "text", "sources", "articles", "evidence"}),
        ("entities", set(field_types(CorpusEntity)) | {"mentions", "article_id", "start", "end", "text", "kind"}),
        ("entity", {"roles", "quotes", "events", "cooccurring", "title", "organization", "date", "role"}),
    ],
)
def test_readme_names_every_key_of_the_corpus_json_lines(row, keys):
    named = set(re.findall(r"`([^`]+)`", corpus_contract()[row]))
    assert keys <= named, f"README's {row} row does not name {sorted(keys - named)}"
