"""`kiwi route TEXT`: what the keystroke router predicts for a text."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiwi_term.commands.common import (
    EXIT_OK,
    ProgressLine,
    add_command,
    note,
    open_kiwi,
    print_json,
    wants_json,
)
from kiwi_term.errors import KiwiError

if TYPE_CHECKING:
    from kiwi_term.primitives import Kiwi
    from predictors.measure.driver import LoopDriver
    from predictors.router.base import Prediction, Router
    from predictors.router.similarity import ItemSimilarity


def add_router_option(parser: argparse.ArgumentParser) -> None:
    """`--router NAME`, shared by route, eval and bench."""
    parser.add_argument(
        "--router", default=None, metavar="NAME",
        help="gguf (the model router, default) or embedding (verb words + nearest item)",
    )


def build_router(kiwi: Kiwi, name: str | None) -> tuple[Router, ItemSimilarity]:
    """The named (or configured) router with its embedding similarity, not started: the routing
    loop starts it in its own thread, the one thread that will ever run its model (a model used
    from two threads pays for a second team of llama.cpp workers on every pass)."""
    from predictors.router.registry import make_router
    from predictors.router.similarity import ItemSimilarity

    name = name or kiwi.config.section("router").get("name", "gguf")
    similarity = ItemSimilarity(kiwi.embedder)
    try:
        router = make_router(str(name), kiwi, similarity=similarity)
    except KeyError as exc:
        raise KiwiError(str(exc.args[0])) from None
    if not getattr(kiwi.embedder, "ready", True):
        note("loading models…")
    kiwi.embedder.wait()
    return router, similarity


def index_large_library(kiwi: Kiwi, loop: LoopDriver, similarity: ItemSimilarity) -> None:
    """When the library outgrows the router's menu, the warm cache ranks every item by meaning:
    bring the search index up to date (embedding only new or changed items, with progress; the
    vectors persist between processes) and let the similarity read its vectors. On the loop's
    thread, like every other use of the models."""
    from predictors.router.menu import item_capacity

    items = kiwi.library.items()
    if item_capacity(items) >= len(items):
        return
    progress = ProgressLine("indexing")
    try:
        index = loop.on_loop(lambda: kiwi.index(progress=progress))
    finally:
        progress.close()
    similarity.stored = index.stored_vectors


def index_in_background(kiwi: Kiwi, similarity: ItemSimilarity | None) -> Callable[[], None]:
    """The terminal's background job for a library larger than the router's menu: build the
    search index (only new or changed items; stored as it goes, so a first index interrupted
    goes on next time) in small batches, so a keystroke's own embedding never waits long, with
    `kiwi.indexing` telling the status bar how far it is; then the router and the warm cache
    rank by meaning too. Until then they rank by words."""

    def build() -> None:
        from predictors.router.menu import item_capacity

        items = kiwi.library.items()
        if similarity is None or item_capacity(items) >= len(items):
            return

        def progress(done: int, total: int) -> None:
            kiwi.indexing = (done, total)

        try:
            index = kiwi.index(progress=progress, batch_size=BACKGROUND_BATCH)
        finally:
            kiwi.indexing = None
        similarity.stored = index.stored_vectors

    return build


BACKGROUND_BATCH = 8
"""Items embedded at a time in the background: a keystroke waits at most that long for the
embedder (about a quarter of a second on 2 cores)."""


def prediction_data(kiwi: Kiwi, prediction: Prediction) -> dict[str, Any]:
    """A prediction as `--json` prints it: the call (a run's params in `arguments.params`) and
    its confidence, and for a run of a known item `missing`, the required inputs its params
    leave empty (the terminal asks for them before it runs; `kiwi run` refuses it)."""
    from kiwi_term.library.params import missing_inputs

    data = prediction.to_dict()
    item = kiwi.run_target(prediction.call)
    if item is not None:
        params = prediction.call.arguments.get("params")
        data["missing"] = [spec.name for spec in missing_inputs(item, params)]
    return data


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi route`."""
    parser = add_command(
        subparsers, "route", handle,
        summary="predict the tool call a text means",
        description="Run the keystroke router on one text, with optional earlier turns, and "
        "print its ranked predictions with calibrated confidence and timing. At >= 85%% the "
        "terminal would run the top one on Enter.",
        examples=[
            'kiwi route "find email scripts"',
            'kiwi route "do it" --history "let\'s sync the directives"',
            'kiwi route "validate leads" --router embedding --json',
        ],
    )
    parser.add_argument("text", help="what the user typed")
    parser.add_argument("--history", action="append", default=[], metavar="TURN",
                        help="an earlier user turn, oldest first (repeatable)")
    add_router_option(parser)


def handle(args: argparse.Namespace) -> int:
    """Route the text and print the predictions."""
    from context_cache.warm import WarmCache
    from predictors.measure.driver import LoopDriver

    kiwi = open_kiwi(args)
    started = time.perf_counter()
    router, similarity = build_router(kiwi, args.router)
    history = tuple(args.history)
    warm = WarmCache(kiwi.library, similarity)
    with LoopDriver(router, warm, similarity=similarity, close_router=True) as loop:
        index_large_library(kiwi, loop, similarity)
        startup = time.perf_counter() - started
        loop.predict(args.text, history)  # the first pays for the menu prompt; time the second
        result = loop.predict(args.text, history)
    cold = warm.context()
    data = {
        "text": args.text,
        "router": router.name,
        "predictions": [prediction_data(kiwi, p) for p in result.predictions],
        "none_confidence": round(result.none_confidence, 4),
        "latency_ms": round(result.latency_ms, 2),
        "startup_s": round(startup, 2),
        "warm_state": cold.state,
        **result.detail,
    }
    if wants_json(args):
        print_json(data)
        return EXIT_OK
    if not result.predictions:
        print("no call predicted")
    for rank, prediction in enumerate(result.predictions, start=1):
        missing = prediction_data(kiwi, prediction).get("missing")
        needs = f"  (needs {', '.join(missing)})" if missing else ""
        if prediction.item_confidence is not None:
            needs += f"  (the item alone: {prediction.item_confidence:.1%})"
        print(f"{rank}. {prediction.confidence:6.1%}  {prediction.call.readable()}{needs}")
    print(f"no call: {result.none_confidence:.1%}   router {router.name} "
          f"{result.latency_ms:.1f} ms (warm), started in {startup:.1f} s, cache {cold.state}")
    return EXIT_OK
