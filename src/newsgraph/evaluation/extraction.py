"""Article extraction evaluation on a WCXB-style gold folder.

Layout: ``html/ID.html.gz`` (the page) and ``ground-truth/ID.json`` with
``ground_truth.title``, ``.author``, ``.publish_date`` and ``.main_content``.

Body scores reproduce two reference scorers exactly, so that numbers are
comparable with published ones:

* ``wcxb_word_precision``/``wcxb_word_recall``/``wcxb_word_f1`` are the WCXB benchmark's own
  (Murrough-Foley/web-content-extraction-benchmark, ``evaluate.py``, the
  scorer of the dataset these pages come from): text is lower-cased and
  tokenised into ``\\w+`` words; per page, precision and recall of the
  word multisets; a page whose gold is empty scores 1 if the prediction is
  empty too and 0 otherwise, a page with an empty prediction 0; P, R and F1
  are each the mean over *all* pages (F1 is the mean of per-page F1, not the
  F1 of the means). A gold file without ``main_content`` counts as empty
  gold, as in the reference loader.
* ``body_precision``/``body_recall``/``body_f1`` (the headline metric, as
  newsgraph's issue tracker specifies it) are the ScrapingHub
  article-extraction-benchmark's (``evaluate.py``): ``\\w+`` tokens *not*
  lower-cased, shingles are the 4-grams of consecutive tokens counted as a
  multiset (a text shorter than 4 tokens is one shorter shingle); precision
  is averaged over pages where something was predicted, recall over pages
  whose gold has text (a page where both are empty is in neither); F1 is
  computed from the two averages.

On the 711 WCXB-dev article pages bare trafilatura 2.3.1 scores 0.929 with
the first and 0.926 with the second, in line with the WCXB paper (top
systems F1 = 0.93 on articles); the often-quoted 0.958 is trafilatura on the
older ScrapingHub page set.

Flattened text (``flatten=True``): each page is first turned into the text
a crawler's dump holds (Common Crawl WET style: every visible block of the
page on its own line, menus, teasers and footers included) and goes through
the flattened-text extractor (``newsgraph.extract.text``) instead. The
baseline is then the flattened page itself, kept whole. This measures the
extractor for WET records and ``.txt`` inputs on pages whose gold is known.

Title: exact match after Unicode NFKC, whitespace collapsing, case folding,
straight quotes for curly ones and one kind of dash, and dropping trailing
punctuation: the differences these erase are rendering, not extraction.
Date: exact match of the ``YYYY-MM-DD`` part. Author: the set of lower-cased
``\\w+`` tokens of all names (a leading "By" and the joining words "and",
"und", "et", "y" dropped) equals the gold's, so "Jane Doe, John Roe" matches
"John Roe and Jane Doe" and order, separators and case are free, while a
missing or extra name is wrong. All three are scored over documents whose gold
has a value (pages without a gold author are left out of author accuracy); a
missing prediction counts as wrong.

Page by page (``behind``): every page where newsgraph's shingle F1 is more
than ``BEHIND_MARGIN`` below trafilatura's, with both scores, so that the
pages where the cascade loses what the baseline finds can be looked at.
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
from typing import TYPE_CHECKING, Any

from ..errors import EvaluationError

if TYPE_CHECKING:
    from ..records import DocumentKind

_TOKEN = re.compile(r"\w+")
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"}
)

SHINGLE_SIZE = 4


def tokenize(text: str | None) -> list[str]:
    """Word tokens as both references find them: ``\\w+``, case kept."""
    return _TOKEN.findall(text or "")


def word_scores(gold: str | None, predicted: str | None) -> tuple[float, float, float]:
    """WCXB's per-page ``(precision, recall, f1)`` over lower-cased word multisets.

    >>> word_scores("The cat sat", "the cat")
    (1.0, 0.6666666666666666, 0.8)
    """
    gold_tokens = [t.lower() for t in tokenize(gold)]
    predicted_tokens = [t.lower() for t in tokenize(predicted)]
    if not gold_tokens:
        return (1.0, 1.0, 1.0) if not predicted_tokens else (0.0, 0.0, 0.0)
    if not predicted_tokens:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(gold_tokens) & Counter(predicted_tokens)).values())
    precision, recall = overlap / len(predicted_tokens), overlap / len(gold_tokens)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-grams of consecutive tokens (case kept).

    >>> sorted(shingles("a b c d e", 4))
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    """
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def shingle_scores(
    gold: str | None, predicted: str | None, size: int = SHINGLE_SIZE
) -> tuple[float | None, float | None]:
    """ScrapingHub's per-page ``(precision, recall)``; ``None`` where left out of the average.

    Precision is left out when nothing was predicted, recall when gold is
    empty, both when both are empty (the reference's ``tp + fp > 0`` and
    ``tp + fn > 0`` filters).
    """
    gold_shingles, predicted_shingles = shingles(gold, size), shingles(predicted, size)
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


_AUTHOR_JOINERS = frozenset({"by", "and", "und", "et", "y"})


def author_tokens(value: str | list[str] | None) -> frozenset[str]:
    """The form authors are compared in (see the module docstring).

    >>> author_tokens("By Jane Doe and John Roe") == author_tokens(["John Roe", "Jane Doe"])
    True
    """
    text = ", ".join(value) if isinstance(value, list) else value or ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return frozenset(token for token in _TOKEN.findall(text) if token not in _AUTHOR_JOINERS)


BEHIND_MARGIN = 0.1


def page_f1(gold: str | None, predicted: str | None) -> float:
    """One page's shingle F1 (0 when either side is empty, 1 when both are)."""
    precision, recall = shingle_scores(gold, predicted)
    if precision is None and recall is None:
        return 1.0
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _date_part(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group(0) if match else None


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


class _Averages:
    """Accumulates one system's per-document scores."""

    def __init__(self) -> None:
        self.word: list[tuple[float, float, float]] = []
        self.shingle_precisions: list[float] = []
        self.shingle_recalls: list[float] = []
        self.title_hits = self.title_total = 0
        self.date_hits = self.date_total = 0
        self.author_hits = self.author_total = 0
        self.seconds = 0.0
        self.errors = 0

    def add(self, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
        gold_body = gold.get("main_content") or ""
        self.word.append(word_scores(gold_body, predicted.get("body")))
        precision, recall = shingle_scores(gold_body, predicted.get("body"))
        if precision is not None:
            self.shingle_precisions.append(precision)
        if recall is not None:
            self.shingle_recalls.append(recall)
        if gold.get("title"):
            self.title_total += 1
            self.title_hits += normalize_title(gold["title"]) == normalize_title(predicted.get("title"))
        gold_date = _date_part(gold.get("publish_date"))
        if gold_date:
            self.date_total += 1
            self.date_hits += gold_date == _date_part(predicted.get("published"))
        gold_authors = author_tokens(gold.get("author"))
        if gold_authors:
            self.author_total += 1
            self.author_hits += gold_authors == author_tokens(predicted.get("authors"))
        self.seconds += predicted.get("seconds", 0.0)
        self.errors += bool(predicted.get("error"))

    def result(self) -> dict[str, Any]:
        shingle_precision, shingle_recall = _mean(self.shingle_precisions), _mean(self.shingle_recalls)
        shingle_sum = shingle_precision + shingle_recall
        return {
            "body_precision": round(shingle_precision, 4),
            "body_recall": round(shingle_recall, 4),
            "body_f1": round(2 * shingle_precision * shingle_recall / shingle_sum, 4) if shingle_sum else 0.0,
            "wcxb_word_precision": round(_mean([p for p, _, _ in self.word]), 4),
            "wcxb_word_recall": round(_mean([r for _, r, _ in self.word]), 4),
            "wcxb_word_f1": round(_mean([f for _, _, f in self.word]), 4),
            "title_accuracy": round(self.title_hits / self.title_total, 4) if self.title_total else None,
            "title_n": self.title_total,
            "date_accuracy": round(self.date_hits / self.date_total, 4) if self.date_total else None,
            "date_n": self.date_total,
            "author_accuracy": round(self.author_hits / self.author_total, 4) if self.author_total else None,
            "author_n": self.author_total,
            "seconds": round(self.seconds, 2),
            "errors": self.errors,
        }


def _read_page(path: Path) -> str:
    from ..io.encoding import decode

    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text, _encoding = decode(data, is_html=True)
    return text


def _run_newsgraph(content: str, url: str | None, doc_id: str, kind: DocumentKind = "html") -> dict[str, Any]:
    """newsgraph's extraction of a page (``kind="html"``) or of its flattened text (``"text"``)."""
    from ..extract import extract_article
    from ..records import RawDocument

    started = time.perf_counter()
    try:
        article = extract_article(
            RawDocument(id=doc_id, source=doc_id, format=kind, content=content, kind=kind, url=url)
        )
    except Exception as exc:  # noqa: BLE001 - one bad page must not end a 700-page run
        return {"body": "", "error": repr(exc), "seconds": time.perf_counter() - started}
    return {
        "body": article.body,
        "title": article.title,
        "published": article.published,
        "authors": list(article.authors),
        "seconds": time.perf_counter() - started,
    }


def flatten_page(html: str) -> str:
    """The page as a crawler's text dump: each visible block of ``<body>`` on its own line."""
    from ..extract.blocks import block_lines
    from ..extract.html import parse_html

    tree = parse_html(html)
    if tree is None:
        return ""
    body = tree.find(".//body")
    return "\n".join(line for line, _ in block_lines(body if body is not None else tree))


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
        "authors": metadata.author if metadata else None,
        "seconds": time.perf_counter() - started,
    }


def _score_page(task: tuple[Path, Path, bool, bool]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    """Worker: gold record, newsgraph prediction, baseline prediction."""
    page, truth, include_baseline, flatten = task
    record = json.loads(truth.read_text(encoding="utf-8"))
    gold = record.get("ground_truth") or {}
    html = _read_page(page)
    url = record.get("url")
    doc_id = truth.stem
    if flatten:
        text = flatten_page(html)
        return gold, _run_newsgraph(text, url, doc_id, kind="text"), {"body": text} if include_baseline else None
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
    flatten: bool = False,
) -> dict[str, Any]:
    """Score newsgraph's HTML extraction (and bare trafilatura) on a gold folder.

    With ``flatten`` the pages are scored as flattened text instead (see the
    module docstring) and the baseline, reported as ``flattened_page``, is
    the whole flattened text.

    Returns ``{"documents": n, "newsgraph": {...}, "trafilatura": {...},
    "halves": {"odd": {...}, "even": {...}}}`` where each system has
    ``body_precision``, ``body_recall``, ``body_f1`` (ScrapingHub shingles),
    ``wcxb_word_precision``, ``wcxb_word_recall``, ``wcxb_word_f1`` (WCXB words),
    ``title_accuracy``, ``date_accuracy``, ``author_accuracy`` (with their ``_n``), total
    ``seconds`` of extraction and ``errors``. ``halves`` splits the pages by
    odd and even numeric id, so that a change can be checked for holding on
    both (pages with non-numeric ids are in neither). On HTML with the
    baseline, ``behind_trafilatura`` lists the pages where newsgraph's
    shingle F1 is more than ``BEHIND_MARGIN`` below trafilatura's.
    """
    gold_dir = Path(gold_dir)
    if not (gold_dir / "ground-truth").is_dir() or not (gold_dir / "html").is_dir():
        raise EvaluationError(f"{gold_dir} has no html/ and ground-truth/ folders", source=str(gold_dir))
    pairs = list(_pairs(gold_dir))
    if limit is not None:
        pairs = pairs[:limit]
    if not pairs:
        raise EvaluationError("no page has both html and ground truth", source=str(gold_dir))
    tasks = [(page, truth, include_baseline, flatten) for page, truth in pairs]
    ours, theirs = _Averages(), _Averages()
    behind: list[dict[str, Any]] = []
    halves = {half: (_Averages(), _Averages()) for half in ("odd", "even")}
    started = time.perf_counter()
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_score_page, tasks, chunksize=4))
    else:
        results = [_score_page(task) for task in tasks]
    for (_page, truth), (gold, our_prediction, their_prediction) in zip(pairs, results, strict=True):
        systems = [(ours, theirs)]
        if truth.stem.isdigit():
            systems.append(halves["odd" if int(truth.stem) % 2 else "even"])
        for our_averages, their_averages in systems:
            our_averages.add(gold, our_prediction)
            if their_prediction is not None:
                their_averages.add(gold, their_prediction)
        if their_prediction is not None and not flatten:
            mine = page_f1(gold.get("main_content"), our_prediction.get("body"))
            other = page_f1(gold.get("main_content"), their_prediction.get("body"))
            if mine < other - BEHIND_MARGIN:
                behind.append({"id": truth.stem, "newsgraph": round(mine, 3), "trafilatura": round(other, 3)})
    report: dict[str, Any] = {
        "gold_dir": str(gold_dir),
        "input": "flattened text" if flatten else "html",
        "documents": len(results),
        "newsgraph": ours.result(),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    baseline = "flattened_page" if flatten else "trafilatura"
    if include_baseline:
        report[baseline] = theirs.result()
    report["halves"] = {
        half: {"newsgraph": mine.result(), **({baseline: other.result()} if include_baseline else {})}
        for half, (mine, other) in halves.items()
        if mine.word
    }
    if include_baseline and not flatten:
        report["behind_trafilatura"] = behind
    return report
