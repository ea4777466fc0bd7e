"""The embedding router: verb words plus the nearest MiniLM item. Fast, and the bar to beat.

It is what Kiwi offers while the model router loads, and the baseline `kiwi eval --router
embedding` measures the model router against.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from predictors.router.arguments import ASKING, mentioned_type, words
from predictors.router.base import Prediction, Router, RouteResult, WarmContext
from predictors.router.menu import Menu, MenuCache, MenuChoice, to_call
from predictors.router.similarity import ItemSimilarity

SEARCH_WORDS = frozenset("find search look list any lookup locate grep".split())
LOAD_WORDS = frozenset("load show open read view cat display see".split())
CREATE_WORDS = frozenset("new create write add draft make".split())


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class EmbeddingRouter(Router):
    """Verb rules choose the primitive; cosine similarity chooses the item."""

    name = "embedding"

    def __init__(self, kiwi: Any, similarity: ItemSimilarity | None = None, **_: Any) -> None:
        self.kiwi = kiwi
        self.similarity = similarity or ItemSimilarity(kiwi.embedder)
        self._menus = MenuCache()

    def start(self) -> None:
        self.kiwi.embedder.wait()

    def menu(self, warm: WarmContext | None) -> Menu:
        """The menu for the warm items, or for the whole library when there is no warm set."""
        return self._menus.menu(warm, self.kiwi.library)

    def route(
        self, text: str, history: Sequence[str] = (), warm: WarmContext | None = None,
        settled: bool = True,
    ) -> RouteResult:
        started = time.perf_counter()
        menu = self.menu(warm)
        if not text.strip():
            return RouteResult(text, (), 1.0, 0.0)
        tokens = words(text)
        sims = self.similarity.scores(text, history, menu.items)
        decisions = menu.by_label()
        named = mentioned_type(text)
        first = tokens[0] if tokens else ""
        ranked: list[tuple[MenuChoice, float]] = []
        best = float(sims.max()) if len(sims) else 0.0
        # A verb that asks for a search or a new item outranks any item it mentions.
        item_weight = 1.0
        if CREATE_WORDS & set(tokens[:3]):
            kind = named if named in ("directive", "script", "knowledge") else "knowledge"
            ranked.append((self._fixed(decisions, "create", kind), 0.6 + 0.3 * (named is not None)))
            item_weight = 0.4
        elif first in SEARCH_WORDS or (SEARCH_WORDS & set(tokens) and named):
            ranked.append((self._fixed(decisions, "search", named or "any"), 0.85))
            item_weight = 0.4
        order: list[int] = [int(i) for i in np.argsort(-sims)] if len(sims) else []
        verb = "load" if LOAD_WORDS & set(tokens) or "what does" in text.lower() else "run"
        for index in order[:5]:
            item = menu.items[index]
            if named and named != "any" and item.type.value != named:
                continue
            wanted = verb if item.type.value != "knowledge" else "load"
            decision = next(
                (d for d in menu.decisions if d.item is item and d.verb == wanted), None
            )
            if decision is None:
                continue
            margin = float(sims[index]) - (float(sims[order[1]]) if len(order) > 1 else 0.0)
            confidence = _sigmoid(9 * (float(sims[index]) - 0.35) + 12 * margin)
            rank_weight = 1.0 if index == order[0] else 0.5
            ranked.append((decision, item_weight * confidence * rank_weight))
        none_score = _sigmoid(8 * (0.3 - best)) if not (ASKING & set(tokens)) else 0.05
        ranked.sort(key=lambda pair: -pair[1])
        predictions = []
        for decision, confidence in ranked:
            call = to_call(decision, text, menu)
            if call is not None:
                predictions.append(Prediction(call, float(min(confidence, 1 - none_score))))
        if none_score > 0.5:
            predictions = [Prediction(p.call, min(p.confidence, 0.3)) for p in predictions]
        elapsed = (time.perf_counter() - started) * 1000
        return RouteResult(text, tuple(predictions[:9]), none_score, elapsed)

    @staticmethod
    def _fixed(decisions: dict[str, MenuChoice], verb: str, kind: str) -> MenuChoice:
        return next(d for d in decisions.values() if d.verb == verb and d.item_type == kind)
