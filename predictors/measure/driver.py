"""Driving the routing loop from a command: submit a text, wait for its prediction.

`kiwi route`, `kiwi eval` and `kiwi bench` measure what users get by running the very loop the
terminal runs, in its own thread, and waiting for each answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from context_cache.warm import WarmCache
from kiwi_term.errors import KiwiError
from predictors.loop import (
    LoopEvent,
    PredictionFailed,
    PredictionMade,
    RouterStatus,
    RoutingLoop,
)
from predictors.router.base import Router, RouteResult
from predictors.router.similarity import ItemSimilarity

T = TypeVar("T")


class LoopDriver:
    """Runs a RoutingLoop in its own thread and waits for each answer: how `kiwi route`,
    `kiwi eval` and `kiwi bench` drive the loop the terminal runs.

    Typing is never taken as paused here (each text is predicted as asked), so a slow caller
    does not set off settled predictions of its own. Use as a context manager.
    """

    def __init__(self, router: Router, warm: WarmCache, *,
                 similarity: ItemSimilarity | None = None, close_router: bool = False) -> None:
        self.loop = RoutingLoop(router, warm, self._receive, similarity=similarity,
                                settle_after=None, close_router=close_router)
        """The loop driven."""
        self.events: list[LoopEvent] = []
        """Every event but predictions, in order (warm items, router states)."""
        self._cond = threading.Condition()
        self._answers: dict[int, PredictionMade | PredictionFailed] = {}
        self._history: tuple[str, ...] | None = None
        self._asked = -1
        self._thread = threading.Thread(target=self.loop.run, name="kiwi-router", daemon=True)

    def __enter__(self) -> LoopDriver:
        self._thread.start()
        with self._cond:
            self._cond.wait_for(lambda: self.loop.state in ("ready", "unavailable"))
        if self.loop.state == "unavailable":
            reasons = [e.reason for e in self.events if isinstance(e, RouterStatus) and e.reason]
            self.close()
            raise KiwiError(f"the router could not start: {reasons[-1] if reasons else '?'}")
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the loop and wait for its thread."""
        self.loop.stop()
        if self._thread.is_alive():
            self._thread.join()

    def predict(self, text: str, history: Sequence[str] = (), settled: bool = True) -> RouteResult:
        """The loop's prediction of `text`, after the conversation `history` (the warm cache
        starts again from it whenever it changes).

        Raises:
            KiwiError: the router failed on this text.
        """
        history = tuple(history)
        if history != self._history:
            self.loop.reset(history)
            self._history = history
        seq = self.loop.submit(text, history, settled=settled)
        with self._cond:
            self._cond.wait_for(lambda: seq in self._answers)
            answer = self._answers.pop(seq)
            self._asked = seq
        if isinstance(answer, PredictionFailed):
            raise KiwiError(f"the router failed on {text!r}: {answer.reason}")
        return answer.result

    def newest(self, result: RouteResult) -> RouteResult:
        """The loop's newest prediction of the last text asked, if it predicted it again since
        (on a menu prepared meanwhile), else `result`."""
        with self._cond:
            answer = self._answers.pop(self._asked, None)
        return answer.result if isinstance(answer, PredictionMade) else result

    def on_loop(self, action: Callable[[], T]) -> T:
        """Run `action` on the loop's thread and return what it returned."""
        done = threading.Event()
        out: list[T] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                out.append(action())
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                errors.append(exc)
            finally:
                done.set()

        self.loop.call_on_loop(run)
        done.wait()
        if errors:
            raise errors[0]
        return out[0]

    def _receive(self, event: LoopEvent) -> None:
        with self._cond:
            if isinstance(event, (PredictionMade, PredictionFailed)):
                self._answers[event.seq] = event
            else:
                self.events.append(event)
            self._cond.notify_all()
