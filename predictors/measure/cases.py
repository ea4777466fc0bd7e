"""Routing a case file through the routing loop the terminal runs, and its §6 metrics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from context_cache.warm import WarmCache
from kiwi_term.primitives import Kiwi
from predictors.measure.driver import LoopDriver
from predictors.measure.evaluate import Case, evaluate, load_cases
from predictors.router.base import Router, RouteResult
from predictors.router.similarity import ItemSimilarity


def run_cases(
    kiwi: Kiwi, router: Router, cases_path: Path, keystrokes: bool = False,
    similarity: ItemSimilarity | None = None,
    on_case: Callable[[Case, RouteResult, bool], None] | None = None,
    prepare: Callable[[LoopDriver], None] | None = None, typing_gap: float = 0.0,
) -> dict[str, Any]:
    """The §6 metrics of a started router on a case file, with `router` named in them.

    Each case is routed after its history, as the terminal would after those turns: the warm
    cache has seen them, the router has primed its prompt, and a settled text first brings in
    the items its words point at. `prepare` runs once the loop has started, before any case.
    With `keystrokes`, keys come `typing_gap` seconds apart, and each prefix is judged by the
    prediction shown when the next key comes.
    """
    cases = load_cases(cases_path)
    with LoopDriver(router, WarmCache(kiwi.library, similarity), similarity=similarity) as loop:
        if prepare is not None:
            prepare(loop)
        metrics = evaluate(cases, loop.predict, keystrokes=keystrokes, on_case=on_case,
                           typing_gap=typing_gap, newest=loop.newest)
    return {"router": router.name, **metrics}
