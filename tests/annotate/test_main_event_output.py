"""The analysed document names its main event, and the output and the store keep it."""

from __future__ import annotations

from newsgraph.annotate.pipeline import analyze_article
from newsgraph.config import Settings
from newsgraph.records import OUTPUT_KEYS, AnalyzedDocument, Article
from newsgraph.store import Store

from ..conftest import MODEL

BODY = (
    "Officials in Tarvel said on Monday that gunmen attacked a checkpoint outside the town and killed two guards. "
    "Police later arrested three men, the regional governor Osric Fennimore said. "
    "Fennimore called for calm."
)


def _analysed() -> AnalyzedDocument:
    article = Article(
        id="tarvel-1", source="tarvel.txt", body=BODY, title="Checkpoint attacked", published="2026-03-02"
    )
    return analyze_article(article, Settings(model=MODEL))


def test_the_main_event_is_the_lead_event_and_survives_output_and_the_store(tmp_path):
    doc = _analysed()
    by_id = {e.id: e for e in doc.events}
    assert doc.main_event in by_id
    main = by_id[doc.main_event]
    assert main.type == "ASSAULT"
    # The lead sentence, not the arrest told after it.
    assert main.evidence[0].sentence.start == 0

    out = doc.to_output()
    assert list(out) == list(OUTPUT_KEYS) and out["main_event"] == doc.main_event
    assert AnalyzedDocument.from_output(out).main_event == doc.main_event

    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([doc])
        assert store.get("tarvel-1").main_event == doc.main_event


def test_a_text_with_no_event_has_no_main_event():
    article = Article(id="quiet-1", source="quiet.txt", body="The river was calm and the sky was grey over Tarvel.")
    assert analyze_article(article, Settings(model=MODEL)).main_event is None
