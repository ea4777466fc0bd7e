"""The router interface: typed text and context in, ranked predictions out."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kiwi_term.calls import ToolCall
from kiwi_term.library.items import Item


@dataclass(frozen=True)
class Prediction:
    """One predicted tool call with the router's confidence that it is what the user means."""

    call: ToolCall
    confidence: float
    """Calibrated probability in [0, 1] that this call is right, its params too."""
    item_confidence: float | None = None
    """The probability that its item and verb are right, when the params the model read make
    the whole call less sure than that (None: the same as `confidence`)."""

    @property
    def item_sure(self) -> float:
        """The probability that the item and verb are right, whatever the params."""
        return self.confidence if self.item_confidence is None else self.item_confidence

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the call of kiwi-format.md §5 plus `confidence` (and `item_confidence`
        when the params make the call less sure than its item)."""
        out = {**self.call.to_dict(), "confidence": round(self.confidence, 4)}
        if self.item_confidence is not None:
            out["item_confidence"] = round(self.item_confidence, 4)
        return out


@dataclass(frozen=True)
class RouteResult:
    """What a router said about one text."""

    text: str
    """The text these predictions are for; the UI drops results whose text is stale."""
    predictions: tuple[Prediction, ...] = ()
    """Best first; empty when the router predicts no call."""
    none_confidence: float = 0.0
    """The router's probability that no call is meant."""
    latency_ms: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)
    """Router-specific figures (tokens evaluated, prefix reuse)."""

    @property
    def top(self) -> Prediction | None:
        """The best prediction, if any."""
        return self.predictions[0] if self.predictions else None


WarmState = Literal["cold", "warm", "hot"]
"""cold: no conversation yet; warm: the conversation has pointed at items; hot: the user is in a
focused workflow (the item just used is in the menu)."""


@dataclass(frozen=True)
class WarmContext:
    """What the warm cache has pre-loaded for the router."""

    items: tuple[Item, ...] = ()
    """Items the router may choose among, in a stable order."""
    state: WarmState = "cold"
    """How much the conversation has told the cache."""
    focus: Item | None = None
    """The item of a focused workflow (hot state)."""
    ranked: tuple[Item, ...] = ()
    """`items` in the order the cache ranks them, best first (empty: take `items` as ranked)."""


class Router(abc.ABC):
    """Turns what the user is typing into ranked tool-call predictions."""

    name: str = "router"
    """Registry name, used by `kiwi eval --router NAME`."""

    def start(self) -> None:  # noqa: B027 - optional hook
        """Load models; may be slow. Routers are usable only after it returns."""

    @abc.abstractmethod
    def route(
        self, text: str, history: list[str] | tuple[str, ...] = (), warm: WarmContext | None = None,
        settled: bool = True,
    ) -> RouteResult:
        """Predict the calls `text` may mean.

        Args:
            text: what the user has typed so far.
            history: the user's earlier turns, oldest first.
            warm: the warm cache's items; None lets the router choose its own candidates.
            settled: the user has stopped typing (or pressed a key that acts). False while
                keystrokes arrive: a router may then skip work it can redo when typing settles.

        Returns:
            Ranked predictions, best first, with calibrated confidence.
        """

    def prime(self, warm: WarmContext | None = None, history: Sequence[str] = ()) -> float:
        """Prepare for the next text (evaluate the menu ahead of typing, say); optional.

        Returns:
            Milliseconds spent.
        """
        return 0.0

    @property
    def retrieves(self) -> bool:
        """Whether the router finds a large library's items for each text itself (then the
        warm cache need not bring them in)."""
        return False

    @property
    def staging(self) -> bool:
        """Whether the router has a menu to prepare in idle time (see `stage`)."""
        return False

    def stage(self, budget: int) -> bool:
        """Prepare the menu the latest text wants, a little at a time, between keystrokes;
        optional.

        Args:
            budget: at most this many tokens of work.

        Returns:
            True when the prepared menu has just become the one predictions use (the latest
            text should be predicted again).
        """
        return False

    def close(self) -> None:  # noqa: B027 - optional hook
        """Free the model."""
