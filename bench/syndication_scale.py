"""Cost of syndication grouping as the corpus grows: time per article and memory per article.

Feeds N synthetic bodies (about 250 words drawn from a 20,000-word Zipf vocabulary, generated
deterministically; every tenth is a near-copy of an earlier body: a new headline line, the last
fifth cut, three typos) through ``SyndicationIndex.add``, each size in a fresh process, and
reports the mean time per ``add`` (text generation excluded), the same for the first and last
tenth of the run, the peak RSS growth per article, and how many planted copies joined their
source's group.

    python bench/syndication_scale.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

VOCABULARY = 20_000
WORDS = 250
COPY_EVERY = 10


def _vocabulary() -> tuple[list[str], list[float]]:
    rng = random.Random(0)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(VOCABULARY)]
    weights = [1.0 / (rank + 1) for rank in range(VOCABULARY)]
    return words, weights


def _body(i: int, words: list[str], weights: list[float]) -> str:
    rng = random.Random(i)
    tokens = rng.choices(words, weights, k=WORDS)
    # Sentences of 25 words, so that the text has punctuation to normalise away.
    return " ".join(" ".join(tokens[k : k + 25]) + "." for k in range(0, WORDS, 25))


def _copy(i: int, source: str) -> str:
    rng = random.Random(-i)
    tokens = source.split()
    tokens = tokens[: len(tokens) * 4 // 5]
    for _ in range(3):
        k = rng.randrange(len(tokens))
        tokens[k] = tokens[k][::-1] + "x"
    return f"Headline number {i} for this copy\n" + " ".join(tokens)


def _current_rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def one(n: int) -> dict[str, float]:
    from newsgraph.corpus.syndication import SyndicationIndex

    words, weights = _vocabulary()
    index = SyndicationIndex()
    base_rss = _current_rss()
    base_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    times: list[float] = []
    planted = joined = 0
    for i in range(n):
        if i % COPY_EVERY == COPY_EVERY - 1:
            source = random.Random(i).randrange(i)
            # A copy of a copy is a copy of its source's body: regenerate that body.
            while source % COPY_EVERY == COPY_EVERY - 1:
                source -= 1
            body = _copy(i, _body(source, words, weights))
        else:
            source = -1
            body = _body(i, words, weights)
        start = time.perf_counter()
        result = index.add(f"a{i}", body, f"site{i % 500}.com", i)
        times.append(time.perf_counter() - start)
        if source >= 0:
            planted += 1
            joined += result.group_id == index.result(f"a{source}").group_id
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tenth = max(1, n // 10)
    return {
        "articles": n,
        "us_per_article": 1e6 * sum(times) / n,
        "us_first_tenth": 1e6 * sum(times[:tenth]) / tenth,
        "us_last_tenth": 1e6 * sum(times[-tenth:]) / tenth,
        "rss_growth_bytes_per_article": (peak - max(base_rss, base_peak)) / n if peak > base_peak else 0.0,
        "rss_growth_mb": (peak - max(base_rss, base_peak)) / 2**20,
        "indexed": index.indexed,
        "planted_copies": planted,
        "copies_joined": joined,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    print(
        f"{'articles':>9} {'µs/article':>11} {'first 10%':>10} {'last 10%':>9} {'B/article':>10} {'RSS MB':>7} "
        f"{'indexed':>8} {'copies joined':>14}"
    )
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(done.stdout)
        print(
            f"{r['articles']:>9} {r['us_per_article']:>11.0f} {r['us_first_tenth']:>10.0f} {r['us_last_tenth']:>9.0f} "
            f"{r['rss_growth_bytes_per_article']:>10.0f} {r['rss_growth_mb']:>7.1f} {r['indexed']:>8} "
            f"{r['copies_joined']:>7}/{r['planted_copies']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
