"""Running a router over a case file the way the product runs it: warm cache, then keystrokes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from context_cache.warm import WarmCache
from predictors.base import Router, RouteResult
from predictors.evaluate import Case, evaluate, load_cases
from predictors.similarity import ItemSimilarity


class CaseRunner:
    """Routes case texts with a warm cache that has seen each case's history."""

    def __init__(self, kiwi: Any, router: Router, similarity: ItemSimilarity | None = None):
        self.kiwi = kiwi
        self.router = router
        self.cache = WarmCache(kiwi.library, similarity)
        self._history: tuple[str, ...] | None = None

    def __call__(self, text: str, history: tuple[str, ...], settled: bool = True) -> RouteResult:
        if history != self._history:
            self.cache.clear()
            for turn in history:
                self.cache.observe(turn)
            self._history = history
        if settled:
            # As the terminal does before every settled prediction: bring in what the words name.
            self.cache.prefetch(text)
        return self.router.route(text, history, self.cache.context(), settled=settled)


def run_cases(
    kiwi: Any, router: Router, cases_path: Path, keystrokes: bool = False,
    similarity: ItemSimilarity | None = None,
    on_case: Callable[[Case, RouteResult, bool], None] | None = None,
) -> dict[str, Any]:
    """The §6 metrics of a router on a case file, with `router` and `cases` named in them."""
    cases = load_cases(cases_path)
    runner = CaseRunner(kiwi, router, similarity)
    metrics = evaluate(cases, runner, keystrokes=keystrokes, on_case=on_case)
    return {"router": router.name, **metrics}
