"""The warm cache: which library items the router should have in its prompt before the user types.

From the last turns of the conversation (their words, the items they ran or opened, the items
those items use) it ranks the library and keeps the best it can fit in the router's menu. States:

- cold: no conversation yet; the menu holds what fits (a small library fits whole), and a
  request for anything else is best answered with a search;
- warm: the conversation has pointed at items and they are in the menu;
- hot: the user is in a focused workflow: the item they just used is in the menu.

Updates happen between turns (`observe`) or when the user pauses (`prefetch`), never per
keystroke, so the router's cached prompt prefix stays valid while the user types.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kiwi_term.library.items import Item, ItemType
from predictors.router.base import WarmContext, WarmState
from predictors.router.menu import item_capacity
from predictors.router.similarity import ItemSimilarity


@dataclass(frozen=True)
class Turn:
    """One turn of the conversation as the cache sees it."""

    text: str
    item: tuple[str, str] | None = None
    """(type, id) of the item the turn ran or loaded, if any."""


class WarmCache:
    """Predicts the items the next request needs and keeps them ready for the router."""

    def __init__(self, library: Any, similarity: ItemSimilarity | None = None,
                 turns: int = 4) -> None:
        self.library = library
        """The Library whose items are ranked."""
        self.similarity = similarity
        """Embedding similarity; without it the cache ranks by use alone."""
        self._turns: deque[Turn] = deque(maxlen=turns)
        self._focus: tuple[str, str] | None = None
        self._context = WarmContext()
        self._generation = -1
        self._hits = 0
        self._misses = 0
        self._lock = threading.Lock()

    # -- what the router reads ---------------------------------------------------------------

    def context(self) -> WarmContext:
        """The current warm items; recomputed only if the library changed since the last turn."""
        with self._lock:
            stale = self._generation != self.library.generation
        if stale:
            self._rebuild()
        return self._context

    @property
    def state(self) -> WarmState:
        """How much the conversation has told the cache."""
        return self.context().state

    @property
    def hit_rate(self) -> float | None:
        """Share of used items that were already in the warm set; None before any use."""
        total = self._hits + self._misses
        return self._hits / total if total else None

    # -- what the conversation tells it ------------------------------------------------------

    def observe(self, text: str, item: tuple[str, str] | None = None) -> WarmContext:
        """Take one finished turn: the user's text and the item it ran or loaded, if any."""
        if item is not None:
            in_warm = any(i.key == item for i in self.context().items)
            if in_warm:
                self._hits += 1
            else:
                self._misses += 1
            self._focus = item
        with self._lock:
            self._turns.append(Turn(text, item))
        self._rebuild()
        return self._context

    def prefetch(self, text: str) -> WarmContext | None:
        """Before a settled prediction: if the words point at items outside a full menu, bring
        the five nearest in. Returns the new context, or None when nothing needed to change.

        A menu that already holds the two nearest is kept: each change costs the router a new
        menu pass, and keeping it then changes the menu far less often without leaving out the
        item a request meant (BENCHMARKS.md, `benchmarks/large_library.py`)."""
        items = self.library.items()
        if (item_capacity(items) >= len(items) or self.similarity is None or not text.strip()
                or not self.similarity.available(items)):
            return None
        scores = self.similarity.scores(text, [t.text for t in self._turns], items)
        wanted = [items[i] for i in np.argsort(-scores)[:5]]
        current = {i.key for i in self._context.items}
        if all(w.key in current for w in wanted[:2]):
            return None
        self._rebuild(extra=wanted)
        return self._context

    def clear(self) -> None:
        """Forget the conversation (a new session)."""
        with self._lock:
            self._turns.clear()
            self._focus = None
        self._rebuild()

    # -- ranking -----------------------------------------------------------------------------

    def _rebuild(self, extra: Sequence[Item] = ()) -> None:
        items = self.library.items()
        generation = self.library.generation
        scores = self._scores(items)
        chosen: list[Item]
        state: WarmState
        ranked = [items[i] for i in np.argsort(-scores, kind="stable")]
        if item_capacity(items) >= len(items):
            chosen = list(items)
        else:
            pinned = list(dict.fromkeys([*extra, *ranked]))
            chosen = pinned[: item_capacity(pinned)]
            ranked = list(chosen)
        # A stable order keeps the prompt prefix identical until the set itself changes.
        chosen = sorted(chosen, key=lambda i: (i.type.value, i.id))
        focus = next((i for i in items if i.key == self._focus), None)
        if focus is not None:
            state = "hot"
        elif self._turns:
            state = "warm"
        else:
            state = "cold"
        with self._lock:
            self._context = WarmContext(tuple(chosen), state, focus,
                                        tuple(ranked[: len(chosen)]))
            self._generation = generation

    def _scores(self, items: Sequence[Item]) -> np.ndarray:
        scores = np.zeros(len(items), dtype=np.float32)
        if not items:
            return scores
        turns = list(self._turns)
        if self.similarity is not None and turns and self.similarity.available(items):
            text = " ".join(t.text for t in turns[-2:])
            scores += self.similarity.scores(text, (), items)
        index = {item.key: n for n, item in enumerate(items)}
        for age, turn in enumerate(reversed(turns)):
            if turn.item is None or turn.item not in index:
                continue
            weight = 1.0 / (1 + age)
            scores[index[turn.item]] += 2.0 * weight
            used = items[index[turn.item]]
            # A directive's scripts and knowledge are what its next steps will need.
            for step in used.steps:
                for key in ((ItemType.SCRIPT.value, step.script),
                            (ItemType.KNOWLEDGE.value, step.knowledge)):
                    if key[1] and key in index:
                        scores[index[key]] += 1.0 * weight
        return scores
