"""Search over the library: meaning (faiss over sentence embeddings) plus names, so exact names win.

One embedding per item, keyed by (type, id, source) and the SHA-1 of its `search_text()`: a sync
embeds only what changed, and the next process reloads the vectors from the cache folder.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import faiss
import numpy as np

from kiwi_term.config import cache_dir
from kiwi_term.errors import KiwiError
from kiwi_term.library.items import Item, ItemType
from kiwi_term.library.vector_cache import Key, VectorCache

if TYPE_CHECKING:
    from kiwi_term.library.store import Library
    from predictors.runtime.embeddings import Embedder

log = logging.getLogger(__name__)

SEARCH_TYPES = ("any", *(t.value for t in ItemType))
STOPWORDS = frozenset(
    "a an the for of to my me our that this these those some any all about with on in we i you "
    "please find search look up show".split()
)
"""Words that say nothing about which item is meant (kiwi-format.md §6)."""
FIELD_WEIGHTS = {"id": 1.0, "tags": 0.8, "title": 0.8, "description": 0.5}
"""How much a query token found in each field is worth; an item counts its best field."""
LEXICAL_WEIGHT = 0.35
"""Weight of the lexical share against the semantic cosine (which lies in [-1, 1])."""
EXACT_BONUS = 10.0
"""Bonus of an exact id match: larger than any other score, so the named item always ranks first."""
BATCH_SIZE = 64
SAVE_EVERY = 1024
"""New vectors between two saves of a sync (each save writes every vector)."""
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ID_SEPARATORS = re.compile(r"[\s_-]+")

Progress = Callable[[int, int], None]


def tokenize(text: str) -> list[str]:
    """Lowercase, split on non-alphanumerics, drop a trailing `s` from tokens of 4+ letters."""
    words = _NON_ALNUM.split(text.lower())
    return [w[:-1] if len(w) >= 4 and w.endswith("s") else w for w in words if w]


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a query without stop words (all of them if only stop words)."""
    tokens = list(dict.fromkeys(tokenize(query)))
    meaningful = [t for t in tokens if t not in STOPWORDS]
    return meaningful or tokens


def normalise_id(text: str) -> str:
    """`Email Validator`, `email-validator` and `email_validator` all become `email validator`."""
    return " ".join(p for p in _ID_SEPARATORS.split(text.strip().lower()) if p)


def item_key(item: Item) -> Key:
    """(type, id, source): what one stored embedding belongs to."""
    return (item.type.value, item.id, item.source.value)


def index_cache_path(library: Library) -> Path:
    """A cache folder for the index of this library's folders, under Kiwi's cache directory."""
    roots = "\n".join(f"{r.source.value}:{r.path.resolve()}" for r in library.roots)
    return cache_dir() / "index" / hashlib.sha1(roots.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SearchHit:
    """One search result."""

    item: Item
    score: float
    """semantic + LEXICAL_WEIGHT * lexical (+ EXACT_BONUS when the query names the item)."""
    semantic: float
    """Cosine similarity of the query and the item's search text."""
    lexical: float
    """Weighted share of the query's tokens found in the id, tags, title or description, 0..1."""


@dataclass(frozen=True)
class _Snapshot:
    """Everything a search reads; replaced whole by a sync, never changed in place."""

    items: tuple[Item, ...]
    vectors: np.ndarray
    faiss_index: Any
    ranges: dict[str, tuple[int, int]]
    """Item type (and `any`) -> [start, end) positions: items are stored grouped by type."""
    positions: dict[Key, int]
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    """Token -> (positions, best field weight at each position)."""
    exact: dict[str, tuple[int, ...]]
    """normalise_id(id) -> positions (one id may name a directive and a script)."""


def _build_snapshot(items: tuple[Item, ...], vectors: np.ndarray) -> _Snapshot:
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(items):
        index.add(vectors)
    ranges: dict[str, tuple[int, int]] = {"any": (0, len(items))}
    for item_type in ItemType:
        where = [p for p, item in enumerate(items) if item.type is item_type]
        ranges[item_type.value] = (where[0], where[-1] + 1) if where else (0, 0)
    found: dict[str, dict[int, float]] = {}
    exact: dict[str, list[int]] = {}
    for pos, item in enumerate(items):
        exact.setdefault(normalise_id(item.id), []).append(pos)
        texts = (item.id, " ".join(item.tags), item.title, item.description)  # FIELD_WEIGHTS order
        for weight, text in zip(FIELD_WEIGHTS.values(), texts, strict=True):
            for token in set(tokenize(text)):
                seen = found.setdefault(token, {})
                if seen.get(pos, 0.0) < weight:
                    seen[pos] = weight
    postings = {
        token: (np.array(list(hits), np.int64), np.array(list(hits.values()), np.float32))
        for token, hits in found.items()
    }
    return _Snapshot(
        items=items,
        vectors=vectors,
        faiss_index=index,
        ranges=ranges,
        positions={item_key(item): pos for pos, item in enumerate(items)},
        postings=postings,
        exact={k: tuple(v) for k, v in exact.items()},
    )


class SearchIndex:
    """Semantic and lexical search over library items.

    Scoring: each item's score is its cosine similarity with the query (the embeddings are L2
    normalised, so faiss's inner product is the cosine), plus `LEXICAL_WEIGHT` times its lexical
    share, plus `EXACT_BONUS` when the query, with spaces, `_` and `-` treated alike, equals the
    item's id. The lexical share is the mean over the query's meaningful tokens of the best field
    each token is found in (id 1.0, tags and title 0.8, description 0.5; 0 if absent). So a query
    that names an item ranks it first, words shared with names lift an item by up to 0.35, and
    otherwise meaning decides.

    Thread safety: `sync` calls are serialised; searches read an immutable snapshot that a sync
    replaces in one assignment, so any number of readers run alongside one writer without waiting.
    """

    def __init__(self, embedder: Embedder, cache_path: Path | None = None) -> None:
        self.embedder = embedder
        """Turns text into unit vectors; shared with the router and the warm cache."""
        self.cache_path = cache_path
        """Folder where vectors persist between processes; None keeps them in memory only."""
        # One OpenMP thread: one query over 10,000 vectors is quick on one core, while faiss's
        # spinning OpenMP workers compete with the models' on a busy machine (BENCHMARKS.md).
        faiss.omp_set_num_threads(1)
        self._write_lock = threading.Lock()
        self._snapshot = _build_snapshot((), np.zeros((0, embedder.dimension), np.float32))
        self._cache = (VectorCache(cache_path, embedder.name, embedder.dimension)
                       if cache_path is not None else None)
        self._known: dict[Key, tuple[str, np.ndarray]] = (
            self._cache.load() if self._cache is not None else {})
        self._synced: tuple[int, int] | None = None

    def __len__(self) -> int:
        return len(self._snapshot.items)

    def sync(self, items: Iterable[Item], progress: Progress | None = None,
             batch_size: int = BATCH_SIZE) -> int:
        """Make the index hold exactly `items`, embedding only those that are new or changed.
        The vectors embedded so far are stored every SAVE_EVERY, so an interrupted first index
        of a large library goes on where it stopped.

        Args:
            items: the items to index; of two with the same (type, id, source), the first counts.
            progress: called with (embedded so far, to embed) after each batch.
            batch_size: items embedded at a time (the embedder is held that long).

        Returns:
            How many items were embedded.

        Raises:
            KiwiError: the embedding model could not be loaded.
        """
        with self._write_lock:
            # Reversed, so that of two items with one key the first is kept.
            unique = dict(reversed([(item_key(item), item) for item in items]))
            order = {t: n for n, t in enumerate(ItemType)}
            ordered = tuple(sorted(unique.values(), key=lambda i: (order[i.type], *item_key(i))))
            texts = [item.search_text() for item in ordered]
            shas = [hashlib.sha1(text.encode()).hexdigest() for text in texts]
            vectors = np.empty((len(ordered), self.embedder.dimension), dtype=np.float32)
            todo = []
            for pos, item in enumerate(ordered):
                known = self._known.get(item_key(item))
                if known is not None and known[0] == shas[pos]:
                    vectors[pos] = known[1]
                else:
                    todo.append(pos)
            # Batches of similar length waste less on padding.
            todo.sort(key=lambda pos: len(texts[pos]))
            saved = 0
            for start in range(0, len(todo), batch_size):
                batch = todo[start : start + batch_size]
                vectors[batch] = self.embedder.encode([texts[p] for p in batch])
                if progress is not None:
                    progress(start + len(batch), len(todo))
                done = start + len(batch)
                if self._cache is not None and done - saved >= SAVE_EVERY and done < len(todo):
                    self._save_partial(ordered, shas, vectors, set(todo[done:]))
                    saved = done
            removed = len(self._known.keys() - unique.keys())
            self._known = {item_key(i): (shas[p], vectors[p]) for p, i in enumerate(ordered)}
            self._snapshot = _build_snapshot(ordered, vectors)
            if todo or removed:
                if self._cache is not None:
                    keys = [(*item_key(i), sha) for i, sha in zip(ordered, shas, strict=True)]
                    self._cache.save(keys, vectors)
            return len(todo)

    def _save_partial(self, ordered: tuple[Item, ...], shas: list[str], vectors: np.ndarray,
                      pending: set[int]) -> None:
        """Store the vectors known so far: the old ones, and the new ones but `pending`."""
        assert self._cache is not None
        rows = [p for p in range(len(ordered)) if p not in pending]
        keys = [(*item_key(ordered[p]), shas[p]) for p in rows]
        self._cache.save(keys, vectors[rows])

    def sync_library(self, library: Library, progress: Progress | None = None) -> int:
        """`sync(library.items())`, skipped when the library has not changed since the last one."""
        stamp = (id(library), library.generation)
        embedded = 0 if stamp == self._synced else self.sync(library.items(), progress)
        self._synced = stamp
        return embedded

    def search(
        self,
        query: str,
        item_type: str = "any",
        limit: int = 10,
        query_vector: np.ndarray | None = None,
    ) -> list[SearchHit]:
        """The best items for a query, best first (see the class docstring for the score).

        Args:
            query: what the user typed.
            item_type: `directive`, `script`, `knowledge` or `any`.
            limit: how many hits at most.
            query_vector: the query's embedding if the caller has it; otherwise it is embedded.

        Raises:
            KiwiError: empty query, unknown item type, limit below 1, or the model did not load.
        """
        if not isinstance(query, str) or not query.strip():
            raise KiwiError("search needs a non-empty query")
        if limit < 1:
            raise KiwiError("limit must be at least 1")
        snap = self._snapshot
        lo, hi = _type_range(snap, item_type)
        if hi <= lo:
            return []
        q = self._as_query(self.embedder.encode([query]) if query_vector is None else query_vector)
        bonus: np.ndarray = np.zeros(len(snap.items), dtype=np.float32)
        tokens = query_tokens(query)
        for token in tokens:
            hit = snap.postings.get(token)
            if hit is not None:
                bonus[hit[0]] += hit[1]
        lexical = bonus / max(len(tokens), 1)
        bonus = lexical * LEXICAL_WEIGHT
        for pos in snap.exact.get(normalise_id(query), ()):
            bonus[pos] += EXACT_BONUS
        k = min(hi - lo, max(4 * limit, 32))
        cand, sem = _semantic_top(snap, q, k, lo, hi)
        scores = sem + bonus[cand]
        if k < hi - lo and cand.size >= limit:
            # Items outside the semantic top k have a cosine of at most the k-th one, so only
            # those whose bonus could lift them past the current limit-th score need a look.
            extra = np.setdiff1d(np.flatnonzero(bonus[lo:hi]) + lo, cand, assume_unique=True)
            bar = np.partition(scores, -limit)[-limit]
            extra = extra[sem[-1] + bonus[extra] >= bar]
            if extra.size:
                # einsum, not `@`: BLAS threads spin for tens of ms on a busy two-core machine.
                extra_sem = np.einsum("ij,j->i", snap.vectors[extra], q[0])
                cand = np.concatenate([cand, extra])
                sem = np.concatenate([sem, extra_sem])
                scores = np.concatenate([scores, extra_sem + bonus[extra]])
        best = np.argsort(-scores, kind="stable")[:limit]
        return [
            SearchHit(snap.items[cand[i]], float(scores[i]), float(sem[i]), float(lexical[cand[i]]))
            for i in best
        ]

    def similar(
        self, vector: np.ndarray, k: int = 10, item_type: str = "any"
    ) -> list[tuple[Item, float]]:
        """The k items whose embeddings are closest to `vector` (a unit vector), with the cosine.

        Raises:
            KiwiError: unknown item type.
        """
        snap = self._snapshot
        lo, hi = _type_range(snap, item_type)
        if hi <= lo or k < 1:
            return []
        cand, sem = _semantic_top(snap, self._as_query(vector), min(k, hi - lo), lo, hi)
        return [(snap.items[p], float(s)) for p, s in zip(cand, sem, strict=True)]

    def stored_vectors(self, items: Iterable[Item]) -> list[np.ndarray | None]:
        """The vector stored for each item's current text (by this process or, through the
        cache folder, an earlier one), or None where there is none; nothing is embedded."""
        known = self._known
        out: list[np.ndarray | None] = []
        for item in items:
            entry = known.get(item_key(item))
            sha = hashlib.sha1(item.search_text().encode()).hexdigest()
            out.append(entry[1] if entry is not None and entry[0] == sha else None)
        return out

    def vectors_for(self, items: Iterable[Item]) -> np.ndarray:
        """The stored embedding of each item, shape (len(items), 384).

        Raises:
            KiwiError: an item is not in the index (sync first).
        """
        snap = self._snapshot
        rows = [(item, snap.positions.get(item_key(item))) for item in items]
        for item, pos in rows:
            if pos is None:
                raise KiwiError(f"{item.type.value} {item.id!r} is not in the search index")
        return snap.vectors[np.array([pos for _, pos in rows], dtype=np.int64)]

    def _as_query(self, vector: np.ndarray) -> np.ndarray:
        q = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1)
        if q.shape[1] != self.embedder.dimension:
            raise KiwiError(
                f"query vector has {q.shape[1]} dimensions, expected {self.embedder.dimension}"
            )
        return q


def _type_range(snap: _Snapshot, item_type: str) -> tuple[int, int]:
    if item_type not in SEARCH_TYPES:
        raise KiwiError(f"unknown item_type {item_type!r} (use {', '.join(SEARCH_TYPES)})")
    return snap.ranges[item_type]


def _semantic_top(
    snap: _Snapshot, q: np.ndarray, k: int, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions and cosines of the k nearest items among positions [lo, hi), best first."""
    if (lo, hi) == (0, len(snap.items)):
        sims, ids = snap.faiss_index.search(q, k)
    else:
        # Items are stored grouped by type, so a type is a range of ids; faiss then scans only it.
        selector = faiss.IDSelectorRange(lo, hi, True)
        params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]  # SWIG kwargs
        sims, ids = snap.faiss_index.search(q, k, params=params)
    keep = ids[0] >= 0
    return ids[0][keep].astype(np.int64), sims[0][keep]
