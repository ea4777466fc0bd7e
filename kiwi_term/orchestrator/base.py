"""The orchestrator interface: a request in, a streamed reply (and tool calls) out."""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RouterNote:
    """What the keystroke router said about the request, for the orchestrator's prompt."""

    call: dict[str, Any] | None
    """The top prediction's call (kiwi-format §5 JSON), or None."""
    confidence: float = 0.0
    latency_ms: float = 0.0


@dataclass(frozen=True)
class OrchestratorRequest:
    """One turn handed to the orchestrator."""

    text: str
    history: tuple[dict[str, str], ...] = ()
    """Earlier turns as OpenAI-style messages ({"role", "content"}), oldest first."""
    router: RouterNote | None = None
    warm_items: tuple[dict[str, str], ...] = ()
    """The warm cache's items: {"type", "id", "description"} each."""
    persona: str | None = None
    """A persona fixed with /persona NAME, or None to let the orchestrator choose."""
    tool_choice: str | None = None
    """Force the first step: a primitive's name ("search", "load", "execute") makes the model
    call it, "none" offers no tools, "auto" lets it choose; None uses the provider's setting.
    Forcing helps small models that do not pick tools on their own."""


@dataclass(frozen=True)
class OrchestratorEvent:
    """Something that happened while the orchestrator worked on a turn.

    kinds: "text" (a chunk of the reply in `text`), "tool_call" (`call` is about to run),
    "tool_result" (`call` ran; `result` or `error`), "status" (`text` says what it is doing),
    "error" (`text` says what failed; the turn ends), "done".

    A turn ends with exactly one "error" or "done" event. "status" events carry details in
    `data`: {"persona", "provider", "model"} when the turn starts; {"step", "messages"} before each
    request to the model (the messages sent); {"retry_in", "attempt"} with `error` set when a
    transient fault is retried; {"progress"} for a directive step the orchestrator started;
    {"cached": True} when the reply comes from the response cache.
    """

    kind: str
    text: str = ""
    call: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OrchestratorReply:
    """The finished turn."""

    text: str
    calls: tuple[dict[str, Any], ...] = ()
    """Tool calls made, each {"call": ..., "result": ... or "error": ...}."""
    cached: bool = False
    error: str | None = None
    """Set when the turn failed (server down, timeout, garbage); `text` may hold a partial reply."""
    provider: str = ""
    model: str = ""
    latency_ms: float = 0.0
    tokens: dict[str, int] = field(default_factory=dict)
    persona: str = ""
    """The persona that answered ("" for none), for the status bar."""
    cancelled: bool = False
    """The stream was stopped (Esc); `text` is what had arrived."""


class Orchestrator(abc.ABC):
    """A reasoning model that answers what the router could not, and may call the primitives."""

    name: str = "orchestrator"

    @property
    @abc.abstractmethod
    def state(self) -> str:
        """"none" (not configured), "ready", "streaming" or "unreachable"."""

    @abc.abstractmethod
    def run(
        self,
        request: OrchestratorRequest,
        on_event: Callable[[OrchestratorEvent], None],
        cancel: threading.Event | None = None,
    ) -> OrchestratorReply:
        """Answer one turn, blocking; report progress through `on_event` as it happens.

        Args:
            request: the text and what the orchestrator should know around it.
            on_event: called from the calling thread for every chunk, tool call and result.
            cancel: set it to stop the stream; the partial reply is returned.

        Returns:
            The finished (or stopped, or failed) turn. Faults never raise: they come back as
            `error` within a couple of seconds.
        """
