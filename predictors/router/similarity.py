"""Embedding similarity between what the user types and the items of a menu."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from kiwi_term.library.items import Item
from predictors.router.arguments import words

EMBED_AT_ONCE = 64
"""Items the routing thread may embed itself (a menu's worth and more); more wait for the index."""

REFERRING = frozenset(
    "same instead again another too also it its them they that this these those there one ones"
    .split()
)
"""Words by which a request points back at the conversation: "do the same for the back door",
"book it for three", "what if we went to Edinburgh instead"."""
LEANING = 0.4
"""The least weight the conversation gets beside a request that points back at it."""

StoredVectors = Callable[[Sequence[Item]], list["np.ndarray | None"]]
"""Items -> the vector already stored for each (of its current text), or None."""


class ItemSimilarity:
    """Cosine similarity of a text to items, with item vectors cached by their text."""

    def __init__(self, embedder: Any, max_texts: int = 256,
                 stored: StoredVectors | None = None) -> None:
        self.embedder = embedder
        """The shared MiniLM embedder (`encode(list[str]) -> normalised vectors`)."""
        self.stored = stored
        """Vectors already computed for items (the search index's, kept on disk between
        processes), used before embedding an item anew: a large library is embedded once, not
        by every process that routes over it."""
        self._items: dict[str, np.ndarray] = {}
        self._texts: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_texts = max_texts
        self._lock = threading.Lock()
        self._last: tuple[Sequence[Item], np.ndarray] | None = None

    def item_matrix(self, items: Sequence[Item]) -> np.ndarray:
        """Normalised vectors of the items, one row each."""
        last = self._last
        if last is not None and last[0] is items:  # the same menu as the last keystroke
            return last[1]
        matrix = self._item_matrix(items)
        if isinstance(items, tuple):  # a list could change under the same identity
            self._last = (items, matrix)
        return matrix

    def _item_matrix(self, items: Sequence[Item]) -> np.ndarray:
        texts = [i.search_text() for i in items]  # built once: thousands in a large library
        with self._lock:
            absent = [(i, t) for i, t in zip(items, texts, strict=True) if t not in self._items]
        if absent and self.stored is not None:
            found = self.stored([i for i, _ in absent])
            with self._lock:
                for (_, text), vector in zip(absent, found, strict=True):
                    if vector is not None:
                        self._items[text] = vector
        with self._lock:
            missing = list(dict.fromkeys(t for _, t in absent if t not in self._items))
        if missing:
            vectors = self.embedder.encode(missing)
            with self._lock:
                self._items.update(zip(missing, vectors, strict=True))
        with self._lock:
            return np.stack([self._items[t] for t in texts]) if items else np.zeros(
                (0, 384), dtype=np.float32
            )

    def available(self, items: Sequence[Item], embed_at_most: int = EMBED_AT_ONCE) -> bool:
        """Whether `item_matrix(items)` would embed at most `embed_at_most` items: the rest are
        cached or stored. A large library's vectors come from the search index, built in the
        background; embedding thousands on the routing thread would stop predictions for
        minutes."""
        if self.embedder is None or not getattr(self.embedder, "ready", True):
            return False
        texts = [i.search_text() for i in items]
        with self._lock:
            absent = [(i, t) for i, t in zip(items, texts, strict=True) if t not in self._items]
        if len(absent) <= embed_at_most:
            return True
        if self.stored is None:
            return False
        found = self.stored([i for i, _ in absent])
        with self._lock:
            for (_, text), vector in zip(absent, found, strict=True):
                if vector is not None:
                    self._items[text] = vector
        return sum(v is None for v in found) <= embed_at_most

    def text_vector(self, text: str) -> np.ndarray:
        """The normalised vector of a text, cached for the last few hundred texts.

        Whitespace only separates words for MiniLM's tokenizer, so "validate " and "validate"
        are one text: typing a space costs no embedding.
        """
        text = " ".join(text.split())
        with self._lock:
            hit = self._texts.get(text)
            if hit is not None:
                self._texts.move_to_end(text)
                return hit
        vector = self.embedder.encode([text])[0]
        with self._lock:
            self._texts[text] = vector
            while len(self._texts) > self._max_texts:
                self._texts.popitem(last=False)
        return vector

    def scores(self, text: str, history: Sequence[str], items: Sequence[Item]) -> np.ndarray:
        """Similarity of the request (the text, helped by the last turn) to each item."""
        if not items:
            return np.zeros(0, dtype=np.float32)
        return self.matrix_scores(self.item_matrix(items), text, history)

    def matrix_scores(self, matrix: np.ndarray, text: str, history: Sequence[str]) -> np.ndarray:
        """`scores` for items whose vectors the caller holds, one row each."""
        now = matrix @ self.text_vector(text)
        if not history:
            return now
        # A terse follow-up ("do it") means what the conversation was about. The turns' vector
        # is cached per conversation, so typing costs one embedding, not two.
        context = matrix @ self.text_vector(" ".join(list(history)[-2:]))
        weight = leaning(text)
        return np.maximum(now, weight * context + (1 - weight) * now)


def leaning(text: str) -> float:
    """How much a request's meaning is the conversation's: much for a terse one ("do it"), and
    never little for one that points back at it ("now book the same kind of visit for my
    neighbour at 14 Cedar Court"), however long."""
    said = words(text)
    weight = min(1.0, 3.0 / max(len(said), 1)) * 0.5
    return max(weight, LEANING) if REFERRING.intersection(said) else weight
