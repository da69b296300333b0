"""The CLI's one error boundary, its usage errors, the shared progress
reporter and the ways the CLI is started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph import __version__
from newsgraph.cli import app
from newsgraph.errors import ExtractionError

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _one_line(result, code: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error [{code}] "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("command", ["events", "quotes", "ner"])
def test_an_unusable_gold_folder_is_one_line_and_exit_2(tmp_path, command):
    result = run("eval", command, "--gold", str(tmp_path))
    assert result.exit_code == 2
    assert str(tmp_path) in _one_line(result, "NG500")
    assert result.stdout == ""


def test_eval_with_a_missing_model_is_one_line_and_exit_2(tmp_path):
    conll = tmp_path / "mini.conll"
    conll.write_text("-DOCSTART- -X- -X- O\n\nOlwen NNP B-NP B-PER\nsang VBD B-VP O\n\n", encoding="utf-8")
    result = run("eval", "ner", "--gold", str(conll), "--model", "no_such_pipeline_for_tests")
    assert result.exit_code == 2
    assert "'no_such_pipeline_for_tests' is not installed" in _one_line(result, "NG300")


def test_a_newsgraph_error_from_any_command_meets_the_boundary(tmp_path, monkeypatch):
    import newsgraph.evaluation.times as times

    def broken(*args, **kwargs):
        raise ExtractionError("invented failure", source="somewhere.tml")

    monkeypatch.setattr(times, "evaluate_times", broken)
    result = run("eval", "times", "--gold", str(tmp_path))
    assert result.exit_code == 2
    assert _one_line(result, "NG200") == "error [NG200] somewhere.tml: invented failure"


def test_an_os_error_names_its_file(tmp_path, monkeypatch):
    import newsgraph.evaluation.times as times

    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "locked.tml"))

    monkeypatch.setattr(times, "evaluate_times", broken)
    result = run("eval", "times", "--gold", str(tmp_path))
    assert result.exit_code == 2
    assert _one_line(result, "NG400") == f"error [NG400] {tmp_path / 'locked.tml'}: Permission denied"


def test_other_exceptions_are_not_swallowed(tmp_path, monkeypatch):
    import newsgraph.evaluation.times as times

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug, not an input problem")

    monkeypatch.setattr(times, "evaluate_times", broken)
    with pytest.raises(ZeroDivisionError):
        run("eval", "times", "--gold", str(tmp_path))


def test_usage_errors_stay_on_one_line_and_show_brackets_as_typed(tmp_path):
    # A long path must not wrap at the console width, and text in square
    # brackets is a value, not Rich markup.
    gold = tmp_path / ("[bold]" + "x" * 120)
    result = run("eval", "times", "--gold", str(gold))
    assert result.exit_code == 2
    assert result.stderr == f"error: gold data not found at {gold}; pass --gold\n"

    result = run("analyze", str(tmp_path), "--format", "[red]xml")
    assert result.exit_code == 2
    assert result.stderr == "error: unknown format '[red]xml'; use jsonl\n"


def test_quiet_hides_the_progress_bar_but_not_the_failures(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    loud = run("analyze", str(tmp_path))
    quiet = run("analyze", str(tmp_path), "--quiet")
    assert loud.exit_code == quiet.exit_code == 1
    failure = f"{tmp_path / 'bin.txt'}: binary file (not text or HTML)"
    assert quiet.stderr == failure + "\n"
    assert failure in loud.stderr
    assert "1 errors" in loud.stderr


def test_ingest_reports_each_failure_once(tmp_path):
    for n in range(3):
        (tmp_path / f"bin{n}.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    result = run("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--quiet", "--batch-size", "1")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert sorted(lines[:-1]) == [f"{tmp_path / f'bin{n}.txt'}: binary file (not text or HTML)" for n in range(3)]
    assert lines[-1].startswith("stored 0, duplicate 0, empty 0, failed 3 (of 3 read)")


@pytest.mark.parametrize("entry", [["-m", "newsgraph.cli"], ["-c", "from newsgraph.cli import main; main()"]])
def test_the_cli_starts_as_a_module_and_through_main(entry):
    done = subprocess.run([sys.executable, *entry, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"newsgraph {__version__}"


def test_no_module_of_the_cli_is_long():
    import newsgraph.cli

    for path in Path(newsgraph.cli.__file__).parent.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 900, path.name


def test_a_reader_that_goes_away_stops_the_command_quietly(tmp_path):
    """`newsgraph analyze ... | head`: the closed pipe is no error to report."""
    import signal

    text = tmp_path / "note.txt"
    text.write_text("The harbour council of Velmora met on Monday and voted to keep the ferry running.\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "analyze", str(text), "--quiet", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 128 + signal.SIGPIPE
    assert "error" not in stderr and "Traceback" not in stderr and "Broken pipe" not in stderr
