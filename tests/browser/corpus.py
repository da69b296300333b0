"""The explorer's browser-test corpus: the invented newsroom week, two invented
reports from real capitals (so the map has points), and hostile articles whose
titles, URLs and quotes try to run script in the page.

Every payload, if it ever ran, would set ``window.__pwned``; the tests assert
that it stays undefined and that no alert opens.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.config import Settings
from newsgraph.ingest import ingest
from newsgraph.store import Store
from tests.corpus.newsroom import ARTICLES

SETTINGS = Settings(batch_size=8, doc_timeout=0)

PWN = "window.__pwned=1"

# (id, url, published, title, text) as in tests.corpus.newsroom.
PLACED = [
    (
        "capital-1",
        "https://www.harbourpost.com/world/lisbon-teachers",
        "2025-04-10",
        "Teachers march in Lisbon",
        "Thousands of teachers marched in Lisbon on Thursday against pay cuts, the union leader Marta Quessel said. "
        "Police arrested twelve people near the parliament.",
    ),
    (
        "capital-2",
        "https://ledgerdaily.net/2025/04/11/nairobi-clashes",
        "2025-04-11",
        "Tear gas fired at protesters in Nairobi",
        "Police fired tear gas at protesters in Nairobi on Friday, killing two people, the rights group Kivuli Watch said.",
    ),
    # Named actors acting on named targets: the entity page's network has edges.
    (
        "network-1",
        "https://www.harbourpost.com/news/governor-union",
        "2025-04-11",
        "Governor criticises union",
        "Governor Teodor Brannik criticised the dockers union on Friday. Brannik also accused Kivuli Watch of "
        "spreading rumours. The union leader Brena Castov attacked Brannik in a speech in Nairobi.",
    ),
    (
        "network-2",
        "https://ledgerdaily.net/2025/04/12/rights-group-sues",
        "2025-04-12",
        "Rights group sues governor",
        "Kivuli Watch sued Teodor Brannik on Saturday over the arrests. Teodor Brannik met Marta Quessel in Lisbon.",
    ),
]

HOSTILE = [
    (
        "hostile-1",
        "javascript:" + PWN,
        "2025-04-09",
        f"<script>{PWN}</script>Harbour strike <b>threatened</b>",
        f'Dock workers in Velmora threatened a strike on Wednesday. "\\"><img src=x onerror={PWN}>" said the union '
        "leader Brena Castov, who added that the strike would begin in May.",
    ),
    (
        "hostile-2",
        'https://example.org/"><svg onload=' + PWN + ">",
        "2025-04-09",
        '"><img src=x onerror=' + PWN + "> Port council meets \u202eecnalab\u202c \u200bagain",
        f"The port council met in Velmora on Wednesday. </script><script>{PWN}</script> "
        "Council members said the tax would be reviewed, the spokeswoman Mirela Dunsk said.",
    ),
]


def write_jsonl(path: Path, *, hostile: bool = True) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for doc_id, url, published, title, text in [*ARTICLES, *PLACED, *(HOSTILE if hostile else [])]:
            row = {"id": doc_id, "url": url, "title": title, "text": text}
            if published:
                row["published"] = published
            out.write(json.dumps(row) + "\n")
    return path


def build(root: Path, *, hostile: bool = True) -> Path:
    """The corpus ingested into ``root/explorer.duckdb`` (``hostile=False``: without the hostile articles)."""
    db = root / "explorer.duckdb"
    with Store(db) as store:
        report = ingest([str(write_jsonl(root / "explorer.jsonl", hostile=hostile))], store, SETTINGS)
    assert report.ok, report.failures
    return db
