"""Keeping a store's corpus tables in step with its articles.

``CorpusSync`` is what ``ingest`` hands to ``Store.write_batch``: given the
documents a batch stores, it returns their corpus changes, which the store
writes in the same transaction. Its online state (``CorpusLayer``) lives in
memory; on first use it is rebuilt by replaying the stored articles in their
arrival order (the tables say where each went, so nothing is written), and
articles stored before the corpus layer existed are placed then. A killed run
therefore leaves articles and corpus tables as of its last committed batch,
and the next run picks up exactly there.

``rebuild`` recomputes every corpus table from the stored analyses, in the
same arrival order, in one transaction: the same result as the incremental
path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from .corpus.layer import CorpusLayer, LayerParams
from .records import AnalyzedDocument, CorpusChanges
from .store import Store

__all__ = ["CorpusSync", "rebuild"]

# How many articles' corpus changes are written at a time when placing
# articles stored earlier (before the corpus layer, or by a rebuild).
BATCH = 256

Progress = Callable[[int, int], None]


class CorpusSync:
    """The corpus layer of one store, for one run."""

    def __init__(self, store: Store, params: LayerParams | None = None) -> None:
        self.store = store
        self.params = params
        self._layer: CorpusLayer | None = None

    def layer(self) -> CorpusLayer:
        """The layer, with every stored article placed (replayed, or placed now and written)."""
        if self._layer is None:
            layer = CorpusLayer(self.params)
            for doc in self.store.iter_documents("placed"):
                layer.add(doc)
            layer.flush()  # what the replay changes is stored already
            pending = 0
            for doc in self.store.iter_documents("unplaced"):
                layer.add(doc)
                pending += 1
                if pending == BATCH:
                    self.store.write_corpus(layer.flush())
                    pending = 0
            if pending:
                self.store.write_corpus(layer.flush())
            self._layer = layer
        return self._layer

    def __call__(self, fresh: Sequence[AnalyzedDocument]) -> CorpusChanges:
        layer = self.layer()
        for doc in fresh:
            layer.add(doc)
        return layer.flush()

    def reset(self) -> None:
        """Forget the in-memory state (after a batch failed to commit): the next use replays the store."""
        self._layer = None


def rebuild(store: Store, params: LayerParams | None = None, on_progress: Progress | None = None) -> int:
    """Recompute the corpus tables from the stored analyses, in the corpus layer's
    arrival order; returns the number of articles placed."""
    total = store.count("analyses")
    documents = store.iter_documents("corpus")
    layer = CorpusLayer(params)

    def batches() -> Iterator[CorpusChanges]:
        pending = 0
        for doc in documents:
            layer.add(doc)
            pending += 1
            if pending == BATCH:
                yield layer.flush()
                pending = 0
                if on_progress:
                    on_progress(len(layer), total)
        yield layer.flush()
        if on_progress:
            on_progress(len(layer), total)

    store.replace_corpus(batches())
    return len(layer)
