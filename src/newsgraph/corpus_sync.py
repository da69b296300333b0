"""Keeping a store's corpus tables in step with its articles.

``CorpusSync`` is what ``ingest`` hands to ``Store.write_batch``: given the
documents a batch stores, it returns their corpus changes, which the store
writes in the same transaction. Its online state (``CorpusLayer``) lives in
memory; on first use it is rebuilt by replaying the stored articles in their
arrival order (the tables say where each went, so nothing is written), and
articles stored before the corpus layer existed are placed then. A killed run
therefore leaves articles and corpus tables as of its last committed batch,
and the next run picks up exactly there.

Replaying a large corpus takes time, so at the end of a run the state is also
saved beside the database (``DB.corpus-state``, see ``corpus.state``): the next
run loads it and replays only the articles placed after it. The file is a
cache, checked against the database before use; without it (deleted, stale,
from another version) the run replays everything, with the same result.

``rebuild`` recomputes every corpus table from the stored analyses, in the
same arrival order, in one transaction: the same result as the incremental
path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .corpus import state
from .corpus.layer import CorpusLayer, LayerParams
from .records import AnalyzedDocument, CorpusChanges
from .store import Store

__all__ = ["CorpusSync", "rebuild"]

# How many articles' corpus changes are written at a time when placing
# articles stored earlier (before the corpus layer, or by a rebuild).
BATCH = 256

Progress = Callable[[int, int], None]


def state_path(store: Store) -> Path | None:
    """Where the corpus state of ``store`` is saved (None for a database in memory)."""
    if not store.path or store.path.startswith(":memory:"):
        return None
    return Path(store.path + ".corpus-state")


def _saved_layer(store: Store, params: LayerParams) -> CorpusLayer | None:
    """The saved state, when it matches this database and these parameters."""
    path = state_path(store)
    header = state.read_header(path) if path is not None else None
    if path is None or header is None:
        return None
    seq, last_id = header.get("seq"), header.get("last_id")
    if not isinstance(seq, int) or seq < 1 or seq > store.corpus_seq() or store.placed_at(seq - 1) != last_id:
        return None
    expected = state.header_for(CorpusLayer(params, seq=seq), last_id)
    return state.load(path, expected)


class CorpusSync:
    """The corpus layer of one store, for one run."""

    def __init__(self, store: Store, params: LayerParams | None = None) -> None:
        self.store = store
        self.params = params or LayerParams()
        self._layer: CorpusLayer | None = None
        self._saved_seq = -1

    def layer(self) -> CorpusLayer:
        """The layer, with every stored article placed (replayed, or placed now and written)."""
        if self._layer is None:
            layer = _saved_layer(self.store, self.params)
            if layer is None:
                layer = CorpusLayer(self.params)
            self._saved_seq = layer.seq if len(layer) else -1
            for doc in self.store.documents(self.store.placed_ids(layer.seq)):
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

    def save(self) -> None:
        """Save the state beside the database when it moved on since it was loaded or saved."""
        path = state_path(self.store)
        layer = self._layer
        if path is None or layer is None or layer.seq == self._saved_seq or not len(layer):
            return
        try:
            state.save(path, layer, self.store.placed_at(layer.seq - 1))
        except OSError:
            return  # a cache: without it the next run replays the store
        self._saved_seq = layer.seq


def rebuild(store: Store, params: LayerParams | None = None, on_progress: Progress | None = None) -> int:
    """Recompute the corpus tables from the stored analyses, in the corpus layer's
    arrival order, and save the new state; returns the number of articles placed."""
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
    path = state_path(store)
    if path is not None:
        try:
            if len(layer):
                state.save(path, layer, store.placed_at(layer.seq - 1))
            else:
                path.unlink(missing_ok=True)
        except OSError:
            path.unlink(missing_ok=True)  # never leave the old state beside the new tables
    return len(layer)
