"""A corpus of hostile articles, as the open web can send them: markup and script
in titles, bodies, quotes and names; spreadsheet formulas; URLs with schemes that run code; a 5 MB
title; a million-character body; right-to-left overrides and zero-width
characters; control characters. Every name and place here is invented.

``write_jsonl(path)`` writes them as a JSONL input for ``newsgraph ingest``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCRIPT = "<script>alert('title')</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "<svg onload=alert(2)>"
FORMULA = '=HYPERLINK("https://hostile.example/x","open")'
RLO, PDF, ZWSP, ZWJ, RLM = "\u202e", "\u202c", "\u200b", "\u200d", "\u200f"

# A plain news paragraph the pipeline finds entities, a quote and an event in,
# so that the hostile strings land in spans, names and facts, not only in titles.
_PARAGRAPH = (
    "Police in Carvossa arrested six protesters on Monday after a march against the river toll, "
    "the city police chief Odrin Maskelyne said. "
)


def hostile_rows() -> list[dict[str, Any]]:
    """The hostile articles as JSONL rows (id, url, title, text, published)."""
    rows: list[dict[str, Any]] = [
        {
            "id": "hostile-script-title",
            "url": "https://hostile.example/news/script",
            "title": f"Protest in Carvossa {SCRIPT}",
            "text": _PARAGRAPH + f"Organisers wrote {SCRIPT} on their banners.",
        },
        {
            "id": "hostile-javascript-url",
            "url": "javascript:alert(document.cookie)",
            "title": "Toll march ends in arrests",
            "text": _PARAGRAPH + "The council met on Tuesday.",
        },
        {
            "id": "hostile-data-url",
            "url": "data:text/html,<script>alert(3)</script>",
            "title": "Council answers the marchers",
            "text": f"{FORMULA} @SUM(1+1) " + _PARAGRAPH + "A council spokesman declined to comment.",
        },
        {
            "id": "hostile-quote",
            "url": "https://hostile.example/news/quote",
            "title": "Chief defends arrests",
            "text": (
                f'"We acted within the law {IMG}," said police chief Odrin Maskelyne{SVG} on Tuesday. '
                f"Police in Carvossa{IMG} detained four marchers, the chief said. "
                f"The lawyer <b onmouseover=alert(4)>Ilsa Varnhold</b> said they would appeal."
            ),
        },
        {
            "id": "hostile-huge-title",
            "url": "https://hostile.example/news/huge-title",
            "title": "Carvossa toll " * (5_000_000 // len("Carvossa toll ")),
            "text": _PARAGRAPH,
        },
        {
            "id": "hostile-rtl",
            "url": "https://hostile.example/news/rtl",
            "title": f"{RLO}llot assovraC{PDF} march {ZWSP}{ZWJ}{RLM} ends",
            "text": (
                f"Police{ZWSP} in Car{ZWJ}vossa arrested{RLM} three people on Monday, "
                f"the chief {RLO}enylekaM nirdO{PDF} said. "
                "\u05d4\u05de\u05e9\u05d8\u05e8\u05d4 \u0627\u0644\u0634\u0631\u0637\u0629 mixed text."
            ),
        },
        {
            "id": "hostile-million-body",
            "url": "https://hostile.example/news/million",
            "title": "A very long report",
            "text": (_PARAGRAPH * (1_000_000 // len(_PARAGRAPH) + 1))[:1_000_000],
        },
        {
            "id": "hostile-controls",
            "url": "https://hostile.example/news/controls\u0000\u001b[2J",
            "title": "Escapes \u001b[31mred\u001b[0m and a bell \u0007 and NUL \u0000",
            "text": _PARAGRAPH + "Control characters \u001b]0;owned\u0007 end here.",
        },
    ]
    for row in rows:
        row["published"] = "2025-06-02"
    return rows


def write_jsonl(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in hostile_rows():
            out.write(json.dumps(row) + "\n")
    return path
