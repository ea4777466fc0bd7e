"""The one thread that owns the router: newest text wins, turns are never lost.

A llama.cpp context is not thread-safe and one forward pass takes tens of milliseconds (seconds on
a loaded machine), far longer than the gap between two keystrokes. So the UI never calls the
router: it drops each new text into a one-slot mailbox and returns at once. The router thread
takes whatever is in the slot when it is free; texts that were replaced while it worked are never
predicted. Finished turns go to a queue instead (each must reach the warm cache), and the thread
also owns the warm cache, so the cache and the router's cached prompt change together.

Nothing here touches a widget: results leave as messages through `post`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from context_cache.warm import WarmCache
from kiwi_term.ui.messages import PredictionReady, RouterStateChanged, WarmCacheChanged
from predictors.base import Router


@dataclass
class RouterStats:
    """Counts kept by the router thread, for the status bar and the tests."""

    submitted: int = 0
    """Texts the UI handed over (one per keystroke)."""
    routed: int = 0
    """Texts the router actually predicted."""
    superseded: int = 0
    """Texts replaced by a newer one before the router got to them."""
    turns: int = 0
    """Finished turns fed to the warm cache."""


@dataclass(frozen=True)
class _Request:
    text: str
    history: tuple[str, ...]
    seq: int
    settled: bool = False


@dataclass(frozen=True)
class _Turn:
    text: str
    item: tuple[str, str] | None
    history: tuple[str, ...]


class RouterLoop:
    """The router thread's body and the mailbox the UI writes to.

    Call `submit` for every change of the input, `turn` after every finished turn, and run `run`
    in exactly one thread. `stop` ends it.
    """

    def __init__(
        self,
        router: Router,
        warm: WarmCache,
        post: Callable[[Any], Any],
        *,
        similarity: Any = None,
        settle_after: float = 0.3,
        close_router: bool = True,
    ) -> None:
        self.router = router
        """The router; only the loop's thread calls it after `run` starts."""
        self.warm = warm
        """The warm cache; only the loop's thread changes it."""
        self.similarity = similarity
        """Embedding similarity, handed to the warm cache once its model has loaded."""
        self.settle_after = settle_after
        """Seconds without a keystroke after which typing counts as settled: the router predicts
        the whole text once more (`settled=True`), once the warm cache has brought in any items
        its words point at that the menu lacks."""
        self.close_router = close_router
        """Close the router when the loop ends (False when the caller shares it)."""
        self.stats = RouterStats()
        """What the loop has done so far."""
        self.state = "loading"
        """loading, priming, ready or unavailable (read by tests; the app gets messages)."""
        self._post = post
        self._cond = threading.Condition()
        self._pending: _Request | None = None
        self._turns: list[_Turn] = []
        self._stopped = False
        self._seq = 0
        self._latest: _Request | None = None
        self._last_error = ""

    # -- called from the UI thread ---------------------------------------------------------

    def submit(self, text: str, history: tuple[str, ...] = (), settled: bool = False) -> int:
        """Ask for a prediction of `text`, replacing any text not yet predicted.

        Args:
            text: the input's text.
            history: the earlier turns, oldest first.
            settled: predict it as settled at once (the user pressed a key that acts); otherwise
                it is predicted as typed, and again as settled when typing pauses.

        Returns the submission's number, carried by its PredictionReady.
        """
        with self._cond:
            self._seq += 1
            if self._pending is not None:
                self.stats.superseded += 1
            self._pending = _Request(text, tuple(history), self._seq, settled)
            self.stats.submitted += 1
            self._cond.notify()
            return self._seq

    def turn(self, text: str, item: tuple[str, str] | None, history: tuple[str, ...]) -> None:
        """Feed one finished turn to the warm cache (then the router primes its prompt)."""
        with self._cond:
            self._turns.append(_Turn(text, item, tuple(history)))
            self._cond.notify()

    def stop(self) -> None:
        """End the loop after the prediction in progress, if any."""
        with self._cond:
            self._stopped = True
            self._cond.notify()

    # -- the router thread -----------------------------------------------------------------

    def run(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Load the router, then serve the mailbox until stopped or cancelled."""
        routing = self._start()
        try:
            while not (self._stopped or cancelled()):
                with self._cond:
                    if not (self._pending or self._turns or self._stopped):
                        # The timeout is the settle pause; it also makes a cancelled worker (a
                        # thread is only flagged) notice soon.
                        self._cond.wait(timeout=self.settle_after)
                    request, self._pending = self._pending, None
                    turns, self._turns = self._turns, []
                if turns:
                    self._take_turns(turns, routing)
                    # The warm items changed, so the text on screen needs predicting again.
                    if request is None and self._latest is not None:
                        request = replace(self._latest, settled=False)
                if request is not None:
                    self._latest = request
                    if routing:
                        self._route(request)
                elif routing:
                    self._idle()
        finally:
            if self.close_router:
                self.router.close()

    def _start(self) -> bool:
        self._set_state("loading", "")
        try:
            self.router.start()
        except Exception as exc:  # noqa: BLE001 - any failure leaves the app running without it
            self._set_state("unavailable", str(exc) or type(exc).__name__)
            self._announce_warm()
            return False
        self._set_state("priming", "")
        self._prime(())
        self._announce_warm()
        self._set_state("ready", "")
        return True

    def _take_turns(self, turns: list[_Turn], routing: bool) -> None:
        self._adopt_similarity()
        for turn in turns:
            try:
                self.warm.observe(turn.text, turn.item)
            except Exception as exc:  # noqa: BLE001 - a cache fault must not stop predictions
                self._report_error(f"warm cache: {exc}")
            self.stats.turns += 1
        self._announce_warm()
        if routing:
            self._prime(turns[-1].history)

    def _prime(self, history: tuple[str, ...]) -> None:
        prime = getattr(self.router, "prime", None)
        if prime is None:
            return
        try:
            prime(self.warm.context(), history)
        except Exception as exc:  # noqa: BLE001 - priming only saves time; routing still works
            self._report_error(f"priming failed: {exc}")

    def _route(self, request: _Request) -> None:
        if request.settled:
            self._prefetch(request.text)
        try:
            result = self.router.route(request.text, request.history, self.warm.context(),
                                       settled=request.settled)
        except Exception as exc:  # noqa: BLE001 - one bad text must not end predictions
            self._report_error(f"prediction failed: {exc}")
            return
        self.stats.routed += 1
        if self._last_error:
            self._last_error = ""
            self._set_state("ready", "")
        self._post(PredictionReady(result, request.seq, request.settled))

    def _idle(self) -> None:
        """Typing paused: predict the text once more as settled; adopt the embedder once it has
        loaded."""
        self._adopt_similarity()
        latest = self._latest
        if latest is None or not latest.text.strip() or latest.settled:
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
        self._post(WarmCacheChanged(context.state, items, self.warm.hit_rate))

    def _set_state(self, state: str, reason: str) -> None:
        self.state = state
        self._post(RouterStateChanged(state, reason))

    def _report_error(self, message: str) -> None:
        if message != self._last_error:
            self._last_error = message
            self._post(RouterStateChanged(self.state, message))
