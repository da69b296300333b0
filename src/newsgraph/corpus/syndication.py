"""Duplicates and syndication: which bodies are copies of which, found online with MinHash LSH.

**Text.** A body is lower-cased, its punctuation dropped (every character that is neither a
letter, a digit nor a space becomes a space) and its whitespace collapsed; its shingles are the
runs of ``SHINGLE_WORDS`` (5) consecutive words, each hashed to 32 bits with CRC-32 (fixed, so
the same text gives the same sketch in every process).

**Sketch and index.** Each body's shingle set is summarised by a ``datasketch.MinHash`` of
``NUM_PERM`` (128) permutations, and candidates come from a ``datasketch.MinHashLSH`` of 32 bands
of 4 rows. A candidate joins only when the **MinHash estimate** of Jaccard similarity (the share of
equal sketch values; no shingle sets are kept) is at least ``THRESHOLD`` (0.5). With 32×4 bands an
earlier body is a candidate with probability 0.87 at Jaccard 0.5, 0.99 at 0.6 and above
0.9999 at 0.8; the estimate's standard error at 0.5 is 0.044. Edits that wire copy goes through
(a new headline line, another byline, a few typos, the last paragraph cut) keep Jaccard near or
above 0.8; two reports of one event written independently share few 5-word runs (a quoted
sentence or two) and stay far below 0.5.

**Groups.** ``SyndicationIndex.add`` is online and deterministic: an article joins the group of
its most similar indexed earlier article (ties go to the one added first), else it starts a group.
A body whose normalised text is identical to an earlier one joins that one's group at once
(similarity 1.0) without touching the LSH, and a body whose best match is at least
``INDEX_CAP`` (0.9) similar is not indexed itself (its match stands for it), so 10,000 copies of
one wire story cost one LSH entry, not 10,000, and a query never returns a whole group. Bodies of
fewer than ``MIN_SHINGLES`` (20) shingles, i.e. under 24 words, carry too little text to tell a
copy from a stock phrase: each starts its own group and is never indexed. Adding an article id a
second time changes nothing and answers as for the first time.

A group's id is the id of the article that started it and never changes. Its **original** is its
first-seen member: the smallest ``seen_order`` (ties: added first). When articles arrive in
``seen_order`` (the usual case) the original is the article that started the group.

**Counting.** For a set of articles (a story, a query's result):

- ``articles``: how many there are;
- ``sites``: the distinct registered domains among them;
- ``independent_sources``: the distinct sites of the **originals** of the syndication groups the
  articles belong to. An original with no known site counts as a source of its own (its group id).

A story carried by one wire service and republished by 40 other sites is one group whose original
is the wire's copy: 41 articles, 41 sites, 1 independent source. Add one outlet's own report and
it is 42 articles, 42 sites (41 if the outlet is one of the republishers), 2 independent sources.

**Window.** A copy is looked for among the last ``WINDOW`` (50,000) articles added: older
articles give up their LSH entries, sketches and exact-text digests, so a body that repeats one
seen more than 50,000 articles earlier starts a group of its own. Wire copy is republished within
days; at 5,000 articles a day the window is ten days.

**Memory** per indexed article in the window: the sketch, ``NUM_PERM`` × 4 bytes (512 B, kept in blocks of one
array), and 32 LSH bucket entries (a 16-byte band key and a slot in a Python set, with datasketch's
dict storage: most of the cost), plus bookkeeping for every article, indexed or not: about 12 KB
per article all told (``bench/syndication_scale.py``): about 0.6 GB for a full window, plus
about 100 bytes of bookkeeping for every article ever added (its id, group and site).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = [
    "INDEX_CAP",
    "MIN_SHINGLES",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "WINDOW",
    "SourceCounts",
    "SyndicationIndex",
    "SyndicationResult",
    "normalise",
    "shingle_hashes",
]

SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.5
INDEX_CAP = 0.9
MIN_SHINGLES = 20
WINDOW = 50_000
_BANDS, _ROWS = 32, 4
_SEED = 1
_BLOCK = 4096
_FREED = np.empty((0, NUM_PERM), dtype=np.uint32)

_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> str:
    """Lower-cased, punctuation dropped, whitespace collapsed to single spaces."""
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def shingle_hashes(text: str) -> list[int]:
    """The 32-bit hashes of the distinct word shingles of ``text`` (normalised first), in order."""
    words = normalise(text).split()
    seen: dict[int, None] = {}
    for i in range(len(words) - SHINGLE_WORDS + 1):
        seen[zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"))] = None
    return list(seen)


def _identity(value: int) -> int:
    return value


@dataclass(frozen=True, slots=True)
class SyndicationResult:
    """Where one article stands: its group, the group's original, and how it got there.

    ``is_duplicate`` is true for every member but the original. ``similarity`` is the MinHash
    estimate against ``matched_id`` (1.0 for an identical text); for an article that started its
    group it is the best estimate found below the threshold (0.0 when there was no candidate).
    """

    article_id: str
    group_id: str
    original_id: str
    is_duplicate: bool
    similarity: float
    matched_id: str | None


class SourceCounts(NamedTuple):
    articles: int
    sites: int
    independent_sources: int


class SyndicationIndex:
    """Online near-duplicate grouping of article bodies; see the module docstring."""

    def __init__(self, window: int = WINDOW) -> None:
        if window < 1:
            raise ValueError(f"window must be at least 1 (got {window})")
        self.window = window
        # Rows that hold an LSH entry or an exact-text digest, oldest first, with the digest.
        self._recent: deque[tuple[int, bytes | None]] = deque()
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(_BANDS, _ROWS))
        self._permutations = MinHash(num_perm=NUM_PERM, seed=_SEED).permutations
        # Sketches of indexed articles, NUM_PERM uint32 per row, in blocks so that growing never copies.
        self._blocks: list[np.ndarray] = []
        self._sketch_count = 0
        self._live = 0
        self._exact: dict[bytes, int] = {}
        self._row: dict[str, int] = {}
        self._ids: list[str] = []
        self._sites: list[str | None] = []
        self._seen = array("d")
        self._group = array("q")  # row of the article that started the group
        self._matched = array("q")  # row of the match, -1 for none
        self._similarity = array("f")
        self._sketch_of = array("q")  # sketch row of an indexed article, -1 if not indexed
        self._original: dict[int, int] = {}  # group row -> original row
        self._size: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row

    @property
    def indexed(self) -> int:
        """How many articles hold an LSH entry now (the memory that grows fastest)."""
        return self._live

    def add(self, article_id: str, body: str, site: str | None, seen_order: float) -> SyndicationResult:
        """Place one article; ``seen_order`` orders articles as first seen (an ingest number or a timestamp)."""
        if article_id in self._row:
            return self.result(article_id)
        row = len(self._ids)
        hashes = shingle_hashes(body or "")
        group, matched, similarity, sketch = row, -1, 0.0, None
        digest = None
        if len(hashes) >= MIN_SHINGLES:
            digest = hashlib.blake2b(np.asarray(hashes, dtype=np.uint32).tobytes(), digest_size=16).digest()
            earlier = self._exact.get(digest)
            if earlier is not None:
                group, matched, similarity = self._group[earlier], earlier, 1.0
            else:
                sketch = self._sketch(hashes)
                matched, similarity = self._best_match(sketch)
                if matched >= 0 and similarity >= THRESHOLD:
                    group = self._group[matched]
                else:
                    matched = -1
        self._ids.append(article_id)
        self._row[article_id] = row
        self._sites.append(site)
        self._seen.append(float(seen_order))
        self._group.append(group)
        self._matched.append(matched)
        self._similarity.append(similarity)
        self._sketch_of.append(-1)
        if digest is not None:
            # The latest copy stands for the text, so a text republished again and again stays
            # in the window however old its first copy is.
            self._exact[digest] = row
        if sketch is not None and (matched < 0 or similarity < INDEX_CAP):
            self._sketch_of[row] = self._store(row, sketch)
        if digest is not None or self._sketch_of[row] >= 0:
            self._recent.append((row, digest))
            self._forget_before(row - self.window)
        if group == row:
            self._original[row] = row
            self._size[row] = 1
        else:
            self._size[group] += 1
            current = self._original[group]
            if (self._seen[row], row) < (self._seen[current], current):
                self._original[group] = row
        return self.result(article_id)

    def result(self, article_id: str) -> SyndicationResult:
        """The current standing of an added article (KeyError if it was never added)."""
        row = self._row[article_id]
        group = self._group[row]
        original = self._original[group]
        matched = self._matched[row]
        return SyndicationResult(
            article_id=article_id,
            group_id=self._ids[group],
            original_id=self._ids[original],
            is_duplicate=original != row,
            similarity=round(float(self._similarity[row]), 4),
            matched_id=self._ids[matched] if matched >= 0 else None,
        )

    def group_size(self, group_id: str) -> int:
        return self._size[self._row[group_id]]

    def counts(self, article_ids: Iterable[str]) -> SourceCounts:
        """Articles, distinct sites and independent sources (module docstring) of added articles."""
        rows = {self._row[a] for a in article_ids}
        sites = {self._sites[r] for r in rows} - {None}
        sources: set[str] = set()
        for r in rows:
            group = self._group[r]
            original_site = self._sites[self._original[group]]
            sources.add(original_site if original_site is not None else "group:" + self._ids[group])
        return SourceCounts(articles=len(rows), sites=len(sites), independent_sources=len(sources))

    def _sketch(self, hashes: list[int]) -> MinHash:
        sketch = MinHash(
            num_perm=NUM_PERM, seed=_SEED, hashfunc=_identity, permutations=self._permutations, scheme="affine32"
        )
        sketch.update_batch(hashes)
        return sketch

    def _best_match(self, sketch: MinHash) -> tuple[int, float]:
        candidates = sorted(self._lsh.query(sketch))
        if not candidates:
            return -1, 0.0
        values = np.stack([self._sketch_row(self._sketch_of[c]) for c in candidates])
        scores = (values == sketch.hashvalues).mean(axis=1)
        best = int(np.argmax(scores))  # first maximum: the earliest added among equals
        return candidates[best], float(scores[best])

    def _store(self, row: int, sketch: MinHash) -> int:
        index = self._sketch_count
        if index % _BLOCK == 0:
            self._blocks.append(np.empty((_BLOCK, NUM_PERM), dtype=np.uint32))
        self._blocks[-1][index % _BLOCK] = sketch.hashvalues
        self._sketch_count += 1
        self._live += 1
        self._lsh.insert(row, sketch, check_duplication=False)
        return index

    def _forget_before(self, oldest: int) -> None:
        """Drop the LSH entries, sketches and digests of rows before ``oldest``: a copy is
        looked for among the last ``window`` articles only, so memory stays bounded."""
        while self._recent and self._recent[0][0] < oldest:
            row, digest = self._recent.popleft()
            if digest is not None and self._exact.get(digest) == row:
                del self._exact[digest]
            index = self._sketch_of[row]
            if index >= 0:
                self._lsh.remove(row)
                self._sketch_of[row] = -1
                self._live -= 1
                block = index // _BLOCK
                # Sketches are stored in row order, so a block is free once its last one is.
                if index % _BLOCK == _BLOCK - 1 and block < len(self._blocks) - 1:
                    self._blocks[block] = _FREED

    def _sketch_row(self, index: int) -> np.ndarray:
        return self._blocks[index // _BLOCK][index % _BLOCK]
