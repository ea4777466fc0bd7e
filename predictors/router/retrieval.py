"""The items of the whole library that a text points at, found on every keystroke.

A library larger than one menu cannot all be in the router's prompt. The retriever ranks every
item against the text typed so far, by the words they share (weighted by how rare each word is
in the library, a word being typed matching the words it begins) and by embedding similarity
(the item vectors of the search index, the text's vector computed once per text for the
router's own evidence anyway), and the router puts the best of them in its menu.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from kiwi_term.library.items import Item
from predictors.router.arguments import FUNCTION, stem, words
from predictors.router.similarity import ItemSimilarity
from predictors.router.units import input_words

FIELD_WEIGHTS = (("id", 2.0), ("tags", 1.5), ("summary", 1.0), ("inputs", 0.5))
"""How much a word counts where it occurs in an item: its id names it best; its inputs (their
names, help and the words for their choices: "miles" for `mi`) least."""
LEXICAL_WEIGHT = 0.5
"""Weight of the word score (0..1, the share of the text's word weight an item matches)
beside the cosine similarity."""


NEAR = 0.9
"""Cosine similarity of two items' vectors above which they are of one kind (copies of one job
whose descriptions differ by a qualifier)."""
SPREAD = 8
"""How far down the ranking `rank(alike=...)` looks for items of other kinds, per item wanted."""


class Retriever:
    """Ranks a library's items against a text; rebuilt when the library changes."""

    def __init__(self, library: Any, similarity: ItemSimilarity | None = None) -> None:
        self.library = library
        """The Library ranked."""
        self.similarity = similarity
        """Embedding similarity; without it (or until its vectors exist) words alone rank."""
        self.items: tuple[Item, ...] = ()
        self.positions: dict[tuple[str, str], int] = {}
        """Each item's place in `items` (and in `scores`), by its key."""
        self._generation = -1
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._vocab: list[str] = []
        self._idf: dict[str, float] = {}
        self._vectors: np.ndarray | None = None
        self._tried: tuple[int, bool, int] | None = None
        self._memo: tuple[tuple, np.ndarray] | None = None
        self._lock = threading.Lock()
        self.last_ms = 0.0
        """Milliseconds the last `rank` took."""

    def refresh(self) -> None:
        """Re-read the library if it changed: the word index, and the item vectors when the
        similarity has them (stored by the search index, or embedded)."""
        if self._generation == self.library.generation and self.items:
            return
        items = tuple(self.library.items())
        found: dict[str, dict[int, float]] = defaultdict(dict)
        for n, item in enumerate(items):
            fields = {"id": item.id.replace("_", " ").replace("-", " "),
                      "tags": " ".join(item.tags), "summary": item.summary,
                      "inputs": input_words(item.inputs)}
            for name, weight in FIELD_WEIGHTS:
                for word in words(fields[name]):
                    if word in FUNCTION:
                        continue
                    key = stem(word)
                    found[key][n] = max(found[key].get(n, 0.0), weight)
        postings = {
            key: (np.fromiter(hits, dtype=np.int64, count=len(hits)),
                  np.fromiter(hits.values(), dtype=np.float32, count=len(hits)))
            for key, hits in found.items()
        }
        idf = {key: math.log(1 + len(items) / len(hits)) for key, hits in found.items()}
        with self._lock:
            self.items, self._postings, self._idf = items, postings, idf
            self.positions = {item.key: n for n, item in enumerate(items)}
            self._vocab = sorted(postings)
            self._vectors = None
            self._generation = self.library.generation
        if self.similarity is not None:
            self.adopt_vectors()

    @property
    def by_meaning(self) -> bool:
        """Whether embeddings rank too (they wait for the index of a large library)."""
        return self._vectors is not None

    def adopt_vectors(self) -> bool:
        """Take the item vectors once the search index has stored them (a few may be embedded
        here). True when they are in use."""
        if self._vectors is not None:
            return True
        similarity = self.similarity
        if similarity is None:
            return False
        # Checking costs a pass over the library: only again once the index or model changed.
        state = (id(similarity.stored), bool(getattr(similarity.embedder, "ready", True)),
                 self._generation)
        if state == self._tried:
            return False
        self._tried = state
        if not similarity.available(self.items):
            return False
        matrix = similarity.item_matrix(self.items)
        with self._lock:
            self._vectors = matrix
        return True

    def rank(self, text: str, history: Sequence[str] = (), k: int = 8,
             alike: int | None = None) -> list[Item]:
        """The `k` items the text points at most, best first.

        Args:
            alike: at most this many items of one kind (item vectors closer than NEAR): a
                library grown by copies of one job ("supply_reorder" for the archive, the
                legacy way, ...) would fill the list with them and leave out the item the text
                means. None: every item by its score alone (and so until the vectors exist).
        """
        started = time.perf_counter()
        scores = self.scores(text, history)
        if not len(scores):
            return []
        with self._lock:
            vectors = self._vectors
        if vectors is not None and len(vectors) != len(scores):
            vectors = None  # the library changed in between: by the scores alone this once
        pool = min(len(scores), k if alike is None or vectors is None else k * SPREAD)
        top = np.argpartition(-scores, pool - 1)[:pool]
        order = top[np.argsort(-scores[top], kind="stable")]
        if pool > k:
            assert vectors is not None and alike is not None
            order = _spread(order, vectors, k, alike)
        ranked = [self.items[i] for i in order[:k]]
        self.last_ms = (time.perf_counter() - started) * 1000
        return ranked

    def scores(self, text: str, history: Sequence[str] = ()) -> np.ndarray:
        """One score per item of `items`: cosine similarity plus the weighted word score."""
        self.refresh()
        if self._vectors is None and self.similarity is not None:
            self.adopt_vectors()  # the embedder has loaded since
        with self._lock:
            items, vectors = self.items, self._vectors
        key = (text, tuple(history), self._generation, vectors is not None)
        if self._memo is not None and self._memo[0] == key:
            return self._memo[1]  # asked twice a keystroke: does the menu hold it, which menu
        scores = self._scores(items, vectors, text, history)
        self._memo = (key, scores)
        return scores

    def _scores(self, items: tuple[Item, ...], vectors: np.ndarray | None, text: str,
                history: Sequence[str]) -> np.ndarray:
        scores = np.zeros(len(items), dtype=np.float32)
        if not items:
            return scores
        said = [w for w in words(text) if w not in FUNCTION]
        if not said and history:
            said = [w for w in words(" ".join(list(history)[-1:])) if w not in FUNCTION]
        typing = bool(text) and text[-1].isalnum() and bool(said)
        total = 0.0
        for n, word in enumerate(said):
            keys = [stem(word)]
            if typing and n == len(said) - 1 and len(word) >= 2:
                keys = self._begun(word) or keys  # a word being typed matches what it begins
            best = max((self._idf.get(key, 0.0) for key in keys), default=0.0)
            weight = best or math.log(1 + len(items))  # an unknown word still counts as said
            total += weight
            hit = np.zeros(len(items), dtype=np.float32)
            for key in keys:
                posting = self._postings.get(key)
                if posting is not None:
                    np.maximum.at(hit, posting[0], posting[1] * self._idf[key])
            scores += hit / 2.0  # the id's weight is 2: a word in the id counts once
        if total:
            scores *= LEXICAL_WEIGHT / total
        if vectors is not None and self.similarity is not None and (text.strip() or history):
            scores += self.similarity.matrix_scores(vectors, text, history)
        return scores

    def _begun(self, prefix: str) -> list[str]:
        """Index words that begin with `prefix` (at most 50: a short prefix begins many)."""
        start = bisect.bisect_left(self._vocab, prefix)
        out = []
        for key in self._vocab[start:start + 50]:
            if not key.startswith(prefix):
                break
            out.append(key)
        return out


def _spread(order: np.ndarray, vectors: np.ndarray, k: int, alike: int) -> np.ndarray:
    """The first `k` of `order` (item indices, best first) with at most `alike` of one kind."""
    picked: list[int] = []
    for i in order:
        if len(picked) == k:
            break
        if not picked or int((vectors[picked] @ vectors[i] > NEAR).sum()) < alike:
            picked.append(int(i))
    return np.asarray(picked, dtype=np.int64)
