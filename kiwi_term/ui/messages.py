"""Every message the UI's workers and the routing loop send to the app, in one place.

Workers run off the UI thread; they never touch a widget. They post one of these and the app's
handlers (on the UI thread) decide what the screen shows. Each is a dataclass named for the event
it reports. The routing loop emits plain events of the engine; `from_loop` turns each into its
message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from kiwi_term.calls import ToolCall
from kiwi_term.orchestrator.base import EventKind, OrchestratorReply
from predictors.loop import LoopEvent, PredictionMade, RouterState, RouterStatus, WarmItems
from predictors.router.base import RouteResult, WarmState


@dataclass
class RouterStateChanged(Message):
    """The router thread moved to a new state."""

    state: RouterState
    reason: str = ""
    """Why there are no predictions in this state, in the user's words."""


@dataclass
class PredictionReady(Message):
    """The router finished one text. The app drops it if the input no longer holds that text."""

    result: RouteResult
    seq: int = 0
    """The number of the submission this answers; later ones supersede it."""
    settled: bool = False
    """Predicted as settled (typing paused, or a key that acts), not mid-typing."""


@dataclass
class WarmCacheChanged(Message):
    """The warm cache took a turn or prefetched: new state and items."""

    state: WarmState
    items: tuple[tuple[str, str, str], ...] = ()
    """(type, id, one-line description) of each warm item, in menu order."""
    hit_rate: float | None = None


@dataclass
class ToolCallStarted(Message):
    """A call began running in the execution worker."""

    run_id: int
    call: ToolCall


@dataclass
class ToolCallProgress(Message):
    """A directive step changed: {"step", "kind", "status", "detail"} as Kiwi reports it."""

    run_id: int
    event: dict[str, Any] = field(default_factory=dict)


@dataclass
class ToolCallFinished(Message):
    """A call ended: `result` when it ran (even if the script failed), `error` when refused."""

    run_id: int
    call: ToolCall
    result: dict[str, Any] | None = None
    error: str | None = None
    duration_ms: float = 0.0
    cancelled: bool = False


@dataclass
class OrchestratorChunk(Message):
    """One event of an orchestrator turn: a text chunk, a tool call, its result, a status."""

    turn_id: int
    kind: EventKind
    text: str = ""
    call: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    error: str | None = None


@dataclass
class OrchestratorFinished(Message):
    """An orchestrator turn ended."""

    turn_id: int
    reply: OrchestratorReply
    duration_ms: float = 0.0


@dataclass
class ConsentChanged(Message):
    """A question for the user's consent came or went (posted by the orchestrator's worker)."""


def from_loop(event: LoopEvent) -> Message | None:
    """The message for an event of the routing loop; None for a failed prediction, which the
    loop also reports as a RouterStatus with its reason."""
    if isinstance(event, PredictionMade):
        return PredictionReady(event.result, event.seq, event.settled)
    if isinstance(event, RouterStatus):
        return RouterStateChanged(event.state, event.reason)
    if isinstance(event, WarmItems):
        return WarmCacheChanged(event.state, event.items, event.hit_rate)
    return None
