"""Article extraction evaluation on a WCXB-style gold folder.

Layout: ``html/ID.html.gz`` (the page) and ``ground-truth/ID.json`` with
``ground_truth.title``, ``.author``, ``.publish_date`` and ``.main_content``.

Body scoring follows the ScrapingHub article-extraction-benchmark
(``evaluate.py``), so numbers are comparable with published ones:

* text is tokenised into ``\\w+`` words (lower-cased here, so that a heading
  rendered in capitals by CSS is not a miss); shingles are the 4-grams of
  consecutive tokens, counted as a multiset (a text shorter than 4 tokens is
  one shorter shingle);
* per document, TP/FP/FN are counted over shingles; precision is averaged
  over documents where something was predicted, recall over documents whose
  gold has text; a document where gold and prediction are both empty scores
  P = R = 1 (nothing to find, nothing invented);
* F1 is computed from the averaged precision and recall.

Title: exact match after Unicode NFKC, whitespace collapsing, case folding,
straight quotes for curly ones and one kind of dash, and dropping trailing
punctuation: the differences these erase are rendering, not extraction.
Date: exact match of the ``YYYY-MM-DD`` part. Both are scored over documents
whose gold has a value; a missing prediction counts as wrong.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

_TOKEN = re.compile(r"\w+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})

SHINGLE_SIZE = 4


def tokenize(text: str | None) -> list[str]:
    """Lower-cased word tokens, as the benchmark's ``\\w+`` tokeniser finds them."""
    return [token.lower() for token in _TOKEN.findall(text or "")]


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-grams of consecutive tokens.

    >>> sorted(shingles("a b c d e", 4))
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    """
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def shingle_scores(gold: str | None, predicted: str | None, size: int = SHINGLE_SIZE) -> tuple[float | None, float | None]:
    """Per-document ``(precision, recall)``; ``None`` where undefined.

    Precision is undefined when nothing was predicted (the document is left
    out of the precision average), recall when gold is empty. Both empty
    gives ``(1.0, 1.0)``.
    """
    gold_shingles, predicted_shingles = shingles(gold, size), shingles(predicted, size)
    if not gold_shingles and not predicted_shingles:
        return 1.0, 1.0
    true_positive = sum((gold_shingles & predicted_shingles).values())
    n_predicted, n_gold = sum(predicted_shingles.values()), sum(gold_shingles.values())
    precision = true_positive / n_predicted if n_predicted else None
    recall = true_positive / n_gold if n_gold else None
    return precision, recall


def normalize_title(title: str | None) -> str:
    """The form titles are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", title or "").translate(_QUOTES)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return text.rstrip(" .:;,!?|-").strip()


def _date_part(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group(0) if match else None


class _Averages:
    """Accumulates one system's per-document scores."""

    def __init__(self) -> None:
        self.precisions: list[float] = []
        self.recalls: list[float] = []
        self.title_hits = self.title_total = 0
        self.date_hits = self.date_total = 0
        self.seconds = 0.0
        self.errors = 0

    def add(self, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
        precision, recall = shingle_scores(gold.get("main_content"), predicted.get("body"))
        if precision is not None:
            self.precisions.append(precision)
        if recall is not None:
            self.recalls.append(recall)
        if gold.get("title"):
            self.title_total += 1
            self.title_hits += normalize_title(gold["title"]) == normalize_title(predicted.get("title"))
        gold_date = _date_part(gold.get("publish_date"))
        if gold_date:
            self.date_total += 1
            self.date_hits += gold_date == _date_part(predicted.get("published"))
        self.seconds += predicted.get("seconds", 0.0)
        self.errors += bool(predicted.get("error"))

    def result(self) -> dict[str, Any]:
        precision = sum(self.precisions) / len(self.precisions) if self.precisions else 0.0
        recall = sum(self.recalls) / len(self.recalls) if self.recalls else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "body_precision": round(precision, 4),
            "body_recall": round(recall, 4),
            "body_f1": round(f1, 4),
            "title_accuracy": round(self.title_hits / self.title_total, 4) if self.title_total else None,
            "title_n": self.title_total,
            "date_accuracy": round(self.date_hits / self.date_total, 4) if self.date_total else None,
            "date_n": self.date_total,
            "seconds": round(self.seconds, 2),
            "errors": self.errors,
        }


def _read_page(path: Path) -> str:
    from ..encoding import decode

    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text, _encoding = decode(data, is_html=True)
    return text


def _run_newsgraph(html: str, url: str | None, doc_id: str) -> dict[str, Any]:
    from ..extract import extract_article
    from ..records import RawDocument

    started = time.perf_counter()
    try:
        article = extract_article(RawDocument(id=doc_id, source=doc_id, format="html", content=html, kind="html", url=url))
    except Exception as exc:  # one bad page must not end a 700-page run
        return {"body": "", "error": repr(exc), "seconds": time.perf_counter() - started}
    return {
        "body": article.body,
        "title": article.title,
        "published": article.published,
        "seconds": time.perf_counter() - started,
    }


def _run_trafilatura(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    started = time.perf_counter()
    try:
        body = trafilatura.extract(html) or ""
        metadata = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # noqa: BLE001 - scored as an empty result
        return {"body": "", "error": repr(exc), "seconds": time.perf_counter() - started}
    return {
        "body": body,
        "title": metadata.title if metadata else None,
        "published": metadata.date if metadata else None,
        "seconds": time.perf_counter() - started,
    }


def _score_page(task: tuple[Path, Path, bool]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    """Worker: gold record, newsgraph prediction, baseline prediction."""
    page, truth, include_baseline = task
    record = json.loads(truth.read_text(encoding="utf-8"))
    gold = record.get("ground_truth") or {}
    html = _read_page(page)
    url = record.get("url")
    doc_id = truth.stem
    ours = _run_newsgraph(html, url, doc_id)
    theirs = _run_trafilatura(html, url) if include_baseline else None
    return gold, ours, theirs


def _pairs(gold_dir: Path) -> Iterator[tuple[Path, Path]]:
    for truth in sorted((gold_dir / "ground-truth").glob("*.json")):
        doc_id = truth.stem
        for name in (f"{doc_id}.html.gz", f"{doc_id}.html"):
            page = gold_dir / "html" / name
            if page.exists():
                yield page, truth
                break


def evaluate_extraction(
    gold_dir: Path,
    *,
    limit: int | None = None,
    include_baseline: bool = True,
    workers: int = 2,
) -> dict[str, Any]:
    """Score newsgraph's HTML extraction (and bare trafilatura) on a gold folder.

    Returns ``{"documents": n, "newsgraph": {...}, "trafilatura": {...}}``
    where each system has ``body_precision``, ``body_recall``, ``body_f1``,
    ``title_accuracy``, ``date_accuracy`` (with their ``_n``), total
    ``seconds`` of extraction and ``errors``.
    """
    gold_dir = Path(gold_dir)
    if not (gold_dir / "ground-truth").is_dir() or not (gold_dir / "html").is_dir():
        raise EvaluationError(f"{gold_dir} has no html/ and ground-truth/ folders", source=str(gold_dir))
    pairs = list(_pairs(gold_dir))
    if limit is not None:
        pairs = pairs[:limit]
    if not pairs:
        raise EvaluationError("no page has both html and ground truth", source=str(gold_dir))
    tasks = [(page, truth, include_baseline) for page, truth in pairs]
    ours, theirs = _Averages(), _Averages()
    started = time.perf_counter()
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_score_page, tasks, chunksize=4))
    else:
        results = [_score_page(task) for task in tasks]
    for gold, our_prediction, their_prediction in results:
        ours.add(gold, our_prediction)
        if their_prediction is not None:
            theirs.add(gold, their_prediction)
    report: dict[str, Any] = {
        "gold_dir": str(gold_dir),
        "documents": len(results),
        "newsgraph": ours.result(),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    if include_baseline:
        report["trafilatura"] = theirs.result()
    return report
