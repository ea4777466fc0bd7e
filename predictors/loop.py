"""The routing loop: the one thread that owns the router, for the terminal and for measurement.

A llama.cpp context is not thread-safe and one forward pass takes tens of milliseconds (seconds on
a loaded machine), far longer than the gap between two keystrokes. So callers never call the
router: they drop each new text into a one-slot mailbox and return at once. The loop's thread
takes whatever is in the slot when it is free; texts that were replaced while it worked are never
predicted. Finished turns go to a queue instead (each must reach the warm cache), and the thread
also owns the warm cache, so the cache and the router's cached prompt change together. Before a
settled prediction the warm cache may bring in the items the words point at; when typing pauses,
the text is predicted once more as settled.

Results leave as plain events through `emit`: the terminal turns them into messages, and
`predictors.measure.driver.LoopDriver` (for `kiwi route`, `kiwi eval` and `kiwi bench`) waits
for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from context_cache.warm import Turn, WarmCache
from predictors.router.base import Router, RouteResult, WarmState
from predictors.router.retrieved_menu import STAGE_TOKENS
from predictors.router.similarity import ItemSimilarity

RouterState = Literal["loading", "priming", "ready", "unavailable"]
"""loading: the model loads; priming: the menu is evaluated ahead of typing; ready; unavailable:
the router could not start (the terminal runs without predictions)."""


@dataclass(frozen=True)
class PredictionMade:
    """The router predicted a submitted text."""

    result: RouteResult
    seq: int
    """The submission's number, as `submit` returned it."""
    settled: bool
    """Predicted as settled (a pause, or a key that acts), not as a keystroke."""


@dataclass(frozen=True)
class PredictionFailed:
    """The router raised on a submitted text; the loop goes on."""

    seq: int
    reason: str


@dataclass(frozen=True)
class RouterStatus:
    """The router's state changed, or a fault happened (`reason`)."""

    state: RouterState
    reason: str = ""


@dataclass(frozen=True)
class WarmItems:
    """The warm cache's items changed."""

    state: WarmState
    items: tuple[tuple[str, str, str], ...]
    """(type, id, description) of each warm item."""
    hit_rate: float | None


LoopEvent = PredictionMade | PredictionFailed | RouterStatus | WarmItems


@dataclass
class LoopStats:
    """Counts kept by the loop, for the status bar and the tests."""

    submitted: int = 0
    """Texts handed over (one per keystroke)."""
    routed: int = 0
    """Texts the router actually predicted."""
    superseded: int = 0
    """Texts replaced by a newer one before the router got to them."""
    turns: int = 0
    """Finished turns fed to the warm cache."""
    staged: int = 0
    """Menus prepared between keystrokes and swapped in."""


@dataclass(frozen=True)
class _Request:
    text: str
    history: tuple[str, ...]
    seq: int
    settled: bool = False


@dataclass(frozen=True)
class _Turns:
    turns: tuple[Turn, ...]
    history: tuple[str, ...]
    """The history the next text will carry, which the router primes with."""
    reset: bool = False
    """Forget the conversation first."""


class RoutingLoop:
    """The router's thread body and the mailbox callers write to.

    Call `submit` for every change of the text, `turn` after every finished turn, and run `run`
    in exactly one thread. `stop` ends it.
    """

    def __init__(
        self,
        router: Router,
        warm: WarmCache,
        emit: Callable[[LoopEvent], Any],
        *,
        similarity: ItemSimilarity | None = None,
        settle_after: float | None = 0.3,
        close_router: bool = True,
        background: Callable[[], Any] | None = None,
    ) -> None:
        self.router = router
        """The router; only the loop's thread calls it after `run` starts."""
        self.warm = warm
        """The warm cache; only the loop's thread changes it."""
        self.similarity = similarity
        """Embedding similarity, handed to the warm cache once its model has loaded."""
        self.settle_after = settle_after
        """Seconds without a new text after which typing counts as settled: the router predicts
        the whole text once more (`settled=True`), once the warm cache has brought in any items
        its words point at that the menu lacks. None: only when asked (`submit(settled=True)`)."""
        self.close_router = close_router
        """Close the router when the loop ends (False when the caller shares it)."""
        self.background = background
        """Slow work started in its own thread once the router is ready (a large library's
        search index), so that it never holds up a prediction."""
        self.stats = LoopStats()
        """What the loop has done so far."""
        self.state: RouterState = "loading"
        """The router's state, as last emitted."""
        self._emit = emit
        self._cond = threading.Condition()
        self._pending: _Request | None = None
        self._turns: list[_Turns] = []
        self._calls: list[Callable[[], None]] = []
        self._stopped = False
        self._seq = 0
        self._latest: _Request | None = None
        self._last_error = ""

    # -- called from any thread ------------------------------------------------------------

    def submit(self, text: str, history: Sequence[str] = (), settled: bool = False) -> int:
        """Ask for a prediction of `text`, replacing any text not yet predicted.

        Args:
            text: the text typed so far.
            history: the earlier turns, oldest first.
            settled: predict it as settled at once (the user pressed a key that acts); otherwise
                it is predicted as typed, and again as settled when typing pauses.

        Returns:
            The submission's number, carried by its PredictionMade.
        """
        with self._cond:
            self._seq += 1
            if self._pending is not None:
                self.stats.superseded += 1
            self._pending = _Request(text, tuple(history), self._seq, settled)
            self.stats.submitted += 1
            self._cond.notify()
            return self._seq

    def turn(self, text: str, item: tuple[str, str] | None, history: Sequence[str]) -> None:
        """Feed one finished turn to the warm cache (then the router primes its prompt).

        Args:
            text: what the user typed.
            item: (type, id) of the item the turn ran or loaded, if any.
            history: the history the next text will carry, this turn's text included.
        """
        with self._cond:
            self._turns.append(_Turns((Turn(text, item),), tuple(history)))
            self._cond.notify()

    def reset(self, history: Sequence[str]) -> None:
        """Forget the conversation and take `history` as its turns (no items used): a case of
        an evaluation, or a restored session."""
        with self._cond:
            turns = tuple(Turn(text) for text in history)
            self._turns.append(_Turns(turns, tuple(history), reset=True))
            self._cond.notify()

    def call_on_loop(self, action: Callable[[], None]) -> None:
        """Run `action` on the loop's thread between predictions: the router's model may only
        be used from that thread (the benchmark swaps and times sessions this way)."""
        with self._cond:
            self._calls.append(action)
            self._cond.notify()

    def stop(self) -> None:
        """End the loop after the prediction in progress, if any."""
        with self._cond:
            self._stopped = True
            self._cond.notify()

    # -- the loop's thread -----------------------------------------------------------------

    def run(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Load the router, then serve the mailbox until stopped or cancelled."""
        routing = self._start()
        try:
            while not (self._stopped or cancelled()):
                with self._cond:
                    if not (self._pending or self._turns or self._calls or self._stopped
                            or (routing and self.router.staging)):
                        # The timeout is the settle pause; it also makes a cancelled worker (a
                        # thread is only flagged) notice soon.
                        self._cond.wait(timeout=self.settle_after or 0.5)
                    request, self._pending = self._pending, None
                    turns, self._turns = self._turns, []
                    calls, self._calls = self._calls, []
                for action in calls:
                    action()
                if turns:
                    self._take_turns(turns, routing)
                    # The warm items changed, so the latest text needs predicting again.
                    if request is None and self._latest is not None and not turns[-1].reset:
                        request = replace(self._latest, settled=False)
                if request is not None:
                    self._latest = request
                    if routing:
                        self._route(request)
                elif routing and not (turns or calls):
                    if self.router.staging:
                        self._stage()
                    else:
                        self._idle()
        finally:
            if self.close_router:
                self.router.close()

    def _start(self) -> bool:
        self._set_state("loading")
        try:
            self.router.start()
        except Exception as exc:  # noqa: BLE001 - any failure leaves the caller without it
            self._set_state("unavailable", str(exc) or type(exc).__name__)
            self._announce_warm()
            return False
        self._set_state("priming")
        self._prime(())
        self._announce_warm()
        self._set_state("ready")
        if self.background is not None:
            threading.Thread(target=self._run_background, name="kiwi-background",
                             daemon=True).start()
        return True

    def _run_background(self) -> None:
        assert self.background is not None
        try:
            self.background()
        except Exception as exc:  # noqa: BLE001 - predictions go on without it
            self._report_error(f"background work failed: {exc}")

    def _take_turns(self, batches: list[_Turns], routing: bool) -> None:
        self._adopt_similarity()
        for batch in batches:
            if batch.reset:
                self.warm.clear()
                self._latest = None
            for turn in batch.turns:
                try:
                    self.warm.observe(turn.text, turn.item)
                except Exception as exc:  # noqa: BLE001 - a cache fault must not stop predictions
                    self._report_error(f"warm cache: {exc}")
                self.stats.turns += 1
        self._announce_warm()
        if routing:
            self._prime(batches[-1].history)

    def _prime(self, history: Sequence[str]) -> None:
        try:
            self.router.prime(self.warm.context(), history)
        except Exception as exc:  # noqa: BLE001 - priming only saves time; routing still works
            self._report_error(f"priming failed: {exc}")

    def _route(self, request: _Request) -> None:
        if request.settled and not self.router.retrieves:
            self._prefetch(request.text)
        try:
            result = self.router.route(request.text, request.history, self.warm.context(),
                                       settled=request.settled)
        except Exception as exc:  # noqa: BLE001 - one bad text must not end predictions
            self._report_error(f"prediction failed: {exc}")
            self._emit(PredictionFailed(request.seq, str(exc) or type(exc).__name__))
            return
        self.stats.routed += 1
        if self._last_error:
            self._last_error = ""
            self._set_state("ready")
        self._emit(PredictionMade(result, request.seq, request.settled))

    def _stage(self) -> None:
        """Between keystrokes: prepare a little more of the menu the latest text wants; once it
        is ready, predict the text again on it, so the suggestions follow the words."""
        try:
            ready = self.router.stage(STAGE_TOKENS)
        except Exception as exc:  # noqa: BLE001 - preparing only helps; predictions go on
            self._report_error(f"preparing the menu failed: {exc}")
            return
        if ready:
            self.stats.staged += 1
            if self._latest is not None and self._latest.text.strip():
                self._route(self._latest)

    def _idle(self) -> None:
        """Typing paused: predict the text once more as settled; adopt the embedder once it has
        loaded."""
        self._adopt_similarity()
        latest = self._latest
        if self.settle_after is None or latest is None or not latest.text.strip() or (
                latest.settled):
            return
        self._latest = replace(latest, settled=True)
        self._route(self._latest)

    def _prefetch(self, text: str) -> None:
        """Before a settled prediction: if the words point at items a full menu lacks, the warm
        cache brings them in. A library larger than the menu needs this: without it, a request
        for an item left out is answered, often confidently, with one that is in."""
        self._adopt_similarity()
        try:
            changed = self.warm.prefetch(text)
        except Exception as exc:  # noqa: BLE001 - the cache's fault must not stop predictions
            self._report_error(f"prefetch failed: {exc}")
            return
        if changed is not None:
            self._announce_warm()

    def _adopt_similarity(self) -> None:
        # The cache ranks by use alone until the embedding model has loaded; waiting for it here
        # would stall predictions for the seconds the import takes.
        if self.similarity is None or self.warm.similarity is not None:
            return
        if getattr(self.similarity.embedder, "ready", True):
            self.warm.similarity = self.similarity

    def _announce_warm(self) -> None:
        try:
            context = self.warm.context()
        except Exception as exc:  # noqa: BLE001
            self._report_error(f"warm cache: {exc}")
            return
        items = tuple((i.type.value, i.id, i.summary) for i in context.items)
        self._emit(WarmItems(context.state, items, self.warm.hit_rate))

    def _set_state(self, state: RouterState, reason: str = "") -> None:
        self.state = state
        self._emit(RouterStatus(state, reason))

    def _report_error(self, message: str) -> None:
        if message != self._last_error:
            self._last_error = message
            self._emit(RouterStatus(self.state, message))
