"""No gold, dev or seed text in the project's code, data or tests.

The gold sets under ../shared are other people's data, kept for evaluation:
a sentence copied from them into a comment, a lexicon or a test fixture is
both a licence problem and a leak (a rule tuned on, and tested with, the very
sentence it is scored on). This guard finds any run of ``N`` words that a
file under src/ or tests/ shares with those texts.

Tokens are lower-cased runs of letters and digits, so punctuation, case and
line breaks do not hide a copy. The repository's n-grams are hashed first
(the smaller side); the gold texts are then streamed through once.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

N = 8
ROOT = Path(__file__).resolve().parents[1]
SCANNED_DIRS = ("src", "tests")
SUFFIXES = {".py", ".txt", ".tsv", ".json", ".jsonl", ".md", ".html"}
# tests/golden/ is generated from the bundled example (the seed, which the
# project may ship); this file names the allowlisted phrases below.
EXCLUDED = (ROOT / "tests" / "golden", Path(__file__).resolve())
# Plain English that any news text may contain; never a gold-specific phrase.
GENERIC = {
    # Stock news phrasing, found in a corpus set and natural in a test sentence.
    "tens of thousands of people took to the streets",
}

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _grams(words: list[str]) -> Iterator[tuple[str, ...]]:
    return zip(*(words[i:] for i in range(N)), strict=False)


def _generic_hashes() -> set[int]:
    return {hash(g) for phrase in GENERIC for g in _grams(_words(phrase))}


def _repo_files(tops: tuple[str, ...] = SCANNED_DIRS) -> Iterator[Path]:
    for top in tops:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file() or "__pycache__" in path.parts:
                continue
            if any(path == ex or ex in path.parents for ex in EXCLUDED):
                continue
            yield path


def _gold_texts(data: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every gold and dev text under ``data``, read once each."""
    gsr = data / "events" / "plover-gsr"
    for path in sorted(gsr.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            yield f"{path.name}:{record.get('id')}", record.get("text") or ""
    snippets = data / "events" / "case2021-dev" / "snippets.tsv"
    if snippets.exists():
        csv.field_size_limit(10**8)
        with snippets.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                yield f"{snippets.name}:{row.get('id')}", row.get("EventSnippet") or ""
    for path in sorted((data / "quotes" / "polnear").glob("*/text/*.txt")):
        yield str(path.relative_to(data)), path.read_text(encoding="utf-8", errors="replace")
    # docs.jsonl holds each document's whole text; metadata.jsonl and
    # sents.jsonl repeat the same text, so one file is enough.
    ipe = data / "events" / "india-police-events" / "docs.jsonl"
    if ipe.exists():
        with ipe.open(encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                yield f"{ipe.name}:{record.get('doc_id')}", record.get("doc_text") or ""
    for path in sorted((data / "corpus").glob("*/docs.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                text = "\n".join(filter(None, (record.get("title"), record.get("text"))))
                yield f"corpus/{path.parent.name}:{record.get('id')}", text


def _seed_texts(seed: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(seed.glob("*.txt")):
        yield f"seed/{path.name}", path.read_text(encoding="utf-8", errors="replace")


def _shared_sequences(files: list[Path], texts: Iterable[tuple[str, str]]) -> dict[Path, dict[str, str]]:
    """For each file, its word sequences found in ``texts``, with one source each."""
    owners: dict[int, list[Path]] = {}
    for path in files:
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        for gram in set(_grams(words)):
            owners.setdefault(hash(gram), []).append(path)
    allowed = _generic_hashes()
    for h in allowed:
        owners.pop(h, None)
    found: dict[Path, dict[str, str]] = {}
    for where, text in texts:
        words = _words(text)
        for gram in _grams(words):
            paths = owners.get(hash(gram))
            if paths:
                for path in paths:
                    found.setdefault(path, {}).setdefault(" ".join(gram), where)
    # A hash collision would only add a false hit: confirm each one in the file's words.
    confirmed = {}
    for path, seqs in found.items():
        text = " ".join(_words(path.read_text(encoding="utf-8", errors="replace")))
        real = {s: w for s, w in seqs.items() if f" {s} " in f" {text} "}
        if real:
            confirmed[path] = real
    return confirmed


def test_no_gold_text_in_code_data_or_tests(shared: Path) -> None:
    """``shared`` is the gold-set folder (../shared/data); the test skips when it is absent."""
    found = _shared_sequences(list(_repo_files()), _gold_texts(shared))
    # The seed is the bundled example (examples/): tests may assert what is
    # read from it, but code and data must not carry its text.
    for path, seqs in _shared_sequences(list(_repo_files(("src",))), _seed_texts(shared.parent / "seed")).items():
        found.setdefault(path, {}).update(seqs)
    lines = []
    for path, seqs in sorted(found.items()):
        lines.append(f"{path.relative_to(ROOT)}:")
        lines += [f"    '{s}'  (also in {where})" for s, where in sorted(seqs.items())]
    assert not found, (
        f"{len(found)} file(s) share {N}-word sequences with gold, dev or seed texts under {shared.parent}.\n"
        "Rewrite each comment, docstring or test sentence into an INVENTED one (other names, places, "
        "numbers and wording) that still takes the same code path; do not add it to GENERIC unless it "
        "is plain English that is in no way specific to the gold document.\n" + "\n".join(lines)
    )


def test_the_guard_finds_a_copied_sequence(tmp_path: Path) -> None:
    """The matching itself, on invented text: case, punctuation and line breaks do not hide a copy,
    a shorter run or a GENERIC phrase is no hit."""
    generic = sorted(GENERIC)[0]
    gold = f"The Dorsk river ferry, which sank on a Tuesday near Ostrava, carried 41 passengers. {generic}."
    copy = tmp_path / "copy.py"
    copy.write_text('# "which sank on a TUESDAY\n# near Ostrava, carried 41 passengers"\n', encoding="utf-8")
    short = tmp_path / "short.py"
    short.write_text(
        f"# the ferry sank on a Tuesday near Ostrava, carrying 41\n# {generic.upper()}\n", encoding="utf-8"
    )
    found = _shared_sequences([copy, short], [("invented:1", gold)])
    assert list(found) == [copy]
    assert found[copy] == {
        "which sank on a tuesday near ostrava carried": "invented:1",
        "sank on a tuesday near ostrava carried 41": "invented:1",
        "on a tuesday near ostrava carried 41 passengers": "invented:1",
    }
