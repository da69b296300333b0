"""Where cross-document event merging loses its pairs, and what bounds it (issue 12).

Runs the corpus layer as ``newsgraph eval merge`` does (stories, corpus entities, then
``EventMerger``, publication order) over a development set and reports, for pairs of detected
event mentions in different documents:

* ``pairs``: true pairs found (TP), false pairs made (FP: split into those whose two documents
  are in one gold story and those that are not, i.e. caused by story errors) and true pairs
  missed (FN: split into those whose two documents our stories part and those inside one story);
* ``oracle_article_events``: the score when each per-article event joins the gold chain most
  of its detected tellings belong to: the most any merger can reach with the per-article events
  as they are (how the pipeline groups tellings within an article);
* ``gold_stories``: the merger's score with the gold stories instead of ours (our corpus
  entities still).

Each on all documents and on the odd/even halves (file positions).

    python bench/merge_ceiling.py --set ecbplus [--analysed ecb.jsonl] [--json out.json]

``--analysed`` reads ``newsgraph analyze --plain --format jsonl`` output of the set's
``docs.jsonl`` instead of running the pipeline (the same analyses, faster when repeated).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsgraph.config import Settings
from newsgraph.evaluation import merge as mg
from newsgraph.evaluation.stories import GoldDocument, publication_order, read_gold
from newsgraph.records import AnalyzedDocument

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "corpus"
FOLDERS = {"ecbplus": "ecbplus-dev", "gvc": "gvc-dev"}


def pair_breakdown(
    docs: Sequence[GoldDocument],
    placed: Sequence[mg.Placed],
    events: Sequence[Mapping[str, Any]],
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, int]:
    story = {p.doc.id: p.story_id for p in placed}
    gold_story = {d.id: d.cluster for d in docs}
    found = mg.detect(events, gold)
    items = [(article, gold[article][index]["chain"], event) for (article, index), (event, _) in found.items()]
    counts: Counter[str] = Counter()
    for i, (doc_a, chain_a, event_a) in enumerate(items):
        for doc_b, chain_b, event_b in items[i + 1 :]:
            if doc_a == doc_b:
                continue
            if chain_a == chain_b and event_a == event_b:
                counts["TP"] += 1
            elif event_a == event_b:
                counts["FP one gold story" if gold_story[doc_a] == gold_story[doc_b] else "FP across gold stories"] += 1
            elif chain_a == chain_b:
                counts["FN one story" if story[doc_a] == story[doc_b] else "FN stories part them"] += 1
    return dict(sorted(counts.items()))


def oracle(analysed: Sequence[AnalyzedDocument], gold: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in analysed:
        for k, event in enumerate(doc.events):
            label = mg.majority_chain(event, gold.get(doc.id, ())) or f"{doc.id}/{k}"
            merged[label].extend(
                {"article_id": doc.id, "trigger_start": e.trigger.start, "trigger_end": e.trigger.end}
                for e in event.evidence
            )
    return mg.score_merge([{"id": k, "mentions": v} for k, v in merged.items()], gold)


def with_gold_stories(
    docs: Sequence[GoldDocument], placed: Sequence[mg.Placed], gold: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    cluster = {d.id: d.cluster for d in docs}
    replaced = [mg.Placed(p.doc, "gold:" + cluster[p.doc.id], p.members, p.site) for p in placed]
    merger, _ = mg.merge(replaced)
    return mg.score_merge(mg.merger_events(merger), gold)


def part(docs: Sequence[GoldDocument], by_id: Mapping[str, AnalyzedDocument], gold: Mapping[str, Any]) -> dict:
    analysed = [by_id[d.id] for d in docs]
    ids = {d.id for d in docs}
    part_gold = {k: v for k, v in gold.items() if k in ids}
    placed = mg.place(analysed, publication_order(docs))
    merger, _ = mg.merge(placed)
    events = mg.merger_events(merger)
    keep = ("precision", "recall", "f1")
    return {
        "newsgraph": {k: round(v, 4) for k, v in mg.score_merge(events, part_gold).items() if k in keep},
        "pairs": pair_breakdown(docs, placed, events, part_gold),
        "oracle_article_events": {k: round(v, 4) for k, v in oracle(analysed, part_gold).items() if k in keep},
        "gold_stories": {k: round(v, 4) for k, v in with_gold_stories(docs, placed, part_gold).items() if k in keep},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(FOLDERS), default="ecbplus")
    parser.add_argument("--gold", type=Path, help="The gold folder (default ../shared/data/corpus/<set>-dev).")
    parser.add_argument("--analysed", type=Path, help="Earlier 'analyze --plain' JSONL of the same documents.")
    parser.add_argument("--json", type=Path, help="Also write the result here.")
    args = parser.parse_args()
    folder = args.gold or SHARED / FOLDERS[args.set]
    documents = read_gold(folder)
    gold = mg.read_gold_mentions(folder)
    if args.analysed:
        found = mg.read_analyses(args.analysed)
    else:
        found, failures = mg.analyses(folder, Settings())
        for line in failures:
            print("failed:", line)
    by_id = {d.id: d for d in found}
    kept = [d for d in documents if d.id in by_id]
    result = {"set": folder.name, "documents": len(kept), "all": part(kept, by_id, gold)}
    for name, start in (("odd", 0), ("even", 1)):
        result[name] = part(kept[start::2], by_id, gold)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
