"""An invented news week for corpus-layer tests: several outlets telling the same
happenings, with different counts, a denial and a wire copy republished.

Every person, place, organisation and outlet here is made up.
"""

from __future__ import annotations

import json
from pathlib import Path

# (id, url, published, title, text)
ARTICLES: list[tuple[str, str, str, str, str]] = [
    (
        "harbour-1",
        "https://www.harbourpost.com/news/arrests-in-velmora",
        "2025-04-07",
        "Police detain protesters in Velmora",
        "Police in Velmora detained five protesters on Monday after a march against the new port tax, "
        "the city police chief Andrik Solvay said. The protesters were held outside the Velmora town hall. "
        "Solvay said the five would appear before a judge on Tuesday.",
    ),
    (
        "ledger-1",
        "https://ledgerdaily.net/2025/04/07/velmora-march",
        "2025-04-07",
        "Seven held after Velmora port tax march",
        "Seven people were arrested in Velmora on Monday when police broke up a march against the port tax, "
        "witnesses said. Police chief Andrik Solvay defended the arrests. "
        "The march had drawn about 2,000 people to the town hall.",
    ),
    (
        "wire-1",
        "https://wire.northlinenews.org/velmora-arrests",
        "2025-04-08",
        "Velmora police chief defends arrests",
        "The police chief of Velmora, Andrik Solvay, on Tuesday defended the arrest of protesters at a march "
        "against the port tax. Solvay told reporters that officers acted within the law. Lawyers for the "
        "protesters said they would appeal. The port tax is due to take effect in May, and dock workers "
        "have threatened a strike if the city council does not withdraw it before then.",
    ),
    (
        "copy-1",
        "https://www.valleytimes.com/world/velmora-police-chief-defends-arrests",
        "2025-04-08",
        "Police chief defends Velmora arrests",
        "The police chief of Velmora, Andrik Solvay, on Tuesday defended the arrest of protesters at a march "
        "against the port tax. Solvay told reporters that officers acted within the law. Lawyers for the "
        "protesters said they would appeal. The port tax is due to take effect in May, and dock workers "
        "have threatened a strike if the city council does not withdraw it before then.",
    ),
    (
        "mirror-1",
        "https://velmoramirror.com/no-arrests",
        "2025-04-08",
        "Council says nobody was arrested at Velmora march",
        "The Velmora city council said on Tuesday that police did not arrest anyone at Monday's march against "
        "the port tax. A council spokeswoman, Mirela Dunsk, said the protesters left the town hall peacefully.",
    ),
    (
        "harbour-2",
        "https://www.harbourpost.com/news/quake-orsk",
        "2025-04-09",
        "Earthquake shakes Orskavel",
        "A strong earthquake struck Orskavel on Wednesday, killing three people and damaging dozens of homes, "
        "the regional governor Teodor Brannik said. Rescue teams searched the rubble in the old quarter.",
    ),
    (
        "ledger-2",
        "https://ledgerdaily.net/2025/04/09/orskavel-quake",
        "2025-04-09",
        "Quake kills four in Orskavel",
        "Four people were killed when an earthquake hit Orskavel on Wednesday, governor Teodor Brannik told "
        "reporters. Dozens of homes in the old quarter were damaged and rescue teams were still searching.",
    ),
    (
        "undated-1",
        "https://www.valleytimes.com/culture/festival",
        "",
        "Lantern festival opens in Dravenholt",
        "The annual lantern festival opened in Dravenholt with a parade along the river. Organisers from the "
        "Dravenholt Arts Guild expect thousands of visitors over the weekend.",
    ),
]


def write_jsonl(path: Path, rows: list[tuple[str, str, str, str, str]] | None = None) -> Path:
    """The articles as a JSONL input file (one object per line, as `newsgraph ingest` reads it)."""
    with path.open("w", encoding="utf-8") as out:
        for doc_id, url, published, title, text in ARTICLES if rows is None else rows:
            row = {"id": doc_id, "url": url, "title": title, "text": text}
            if published:
                row["published"] = published
            out.write(json.dumps(row) + "\n")
    return path


CORPUS_TABLES = (
    "corpus_articles",
    "syndication_groups",
    "stories",
    "corpus_events",
    "event_reports",
    "corpus_entities",
    "entity_members",
)


def corpus_tables(store) -> dict[str, list[tuple]]:
    """Every corpus table's rows, sorted, as comparable tuples."""
    return {table: sorted(store.con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in CORPUS_TABLES}
