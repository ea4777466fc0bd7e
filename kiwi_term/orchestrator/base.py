"""The orchestrator interface: a request in, a streamed reply (and tool calls) out."""

from __future__ import annotations

import abc
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

from kiwi_term.orchestrator.consent import AskConsent


class OrchestratorState(enum.StrEnum):
    """What the status bar says about the orchestrator; a `str`, so it compares with "ready"."""

    NONE = "none"
    """Not configured."""
    READY = "ready"
    STREAMING = "streaming"
    """A request is being answered."""
    UNREACHABLE = "unreachable"
    """The last request hit a network or server fault; the next success clears it."""


EventKind = Literal["text", "tool_call", "tool_result", "status", "error", "done"]
"""What an `OrchestratorEvent` reports (see its docstring)."""


class SentenceEmbedder(Protocol):
    """What the orchestrator needs of the shared sentence embedder (persona choice, the response
    cache, knowledge retrieval)."""

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the model to load; False when it did not within `timeout` or failed."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit embeddings of `texts`, one row each."""


@dataclass(frozen=True)
class RouterNote:
    """What the keystroke router said about the request, for the orchestrator's prompt."""

    call: dict[str, Any] | None
    """The top prediction's call (kiwi-format §5 JSON), or None."""
    confidence: float = 0.0
    latency_ms: float = 0.0


@dataclass(frozen=True)
class OrchestratorRequest:
    """One request handed to the orchestrator."""

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
    """Something that happened while the orchestrator worked on a request.

    kinds: "text" (a chunk of the reply in `text`), "tool_call" (`call` is about to run),
    "tool_result" (`call` ran; `result` or `error`), "status" (`text` says what it is doing),
    "error" (`text` says what failed; the request ends), "done".

    A request ends with exactly one "error" or "done" event. "status" events carry details in
    `data`: {"persona", "provider", "model"} when the request starts; {"step", "messages"} before
    each call of the model (the messages sent); {"retry_in", "attempt"} with `error` set when a
    transient fault is retried; {"progress"} for a directive step the orchestrator started;
    {"cached": True} when the reply comes from the response cache; {"skipped_calls"} when the
    model asked for more tool calls in one step than `orchestrator.max_tool_calls`.
    """

    kind: EventKind
    text: str = ""
    call: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OrchestratorReply:
    """The answered request."""

    text: str
    calls: tuple[dict[str, Any], ...] = ()
    """Tool calls made, each {"call": ..., "result": ... or "error": ...}."""
    cached: bool = False
    error: str | None = None
    """Set when the request failed (server down, timeout, garbage, a limit passed); `text` may
    hold a partial reply."""
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
    def state(self) -> OrchestratorState:
        """Whether it is configured, ready, answering, or failed on its last request."""

    @abc.abstractmethod
    def run(
        self,
        request: OrchestratorRequest,
        on_event: Callable[[OrchestratorEvent], None],
        cancel: threading.Event | None = None,
        consent: AskConsent | None = None,
    ) -> OrchestratorReply:
        """Answer one request, blocking; report progress through `on_event` as it happens.

        Args:
            request: the text and what the orchestrator should know around it.
            on_event: called from the calling thread for every chunk, tool call and result.
            cancel: set it to stop the stream; the partial reply is returned.
            consent: asks the user before a create, update, delete or run the model wants
                (called from this thread, blocking); None when nobody can be asked, so only
                the calls `[consent] allow` pre-approves run.

        Returns:
            The finished (or stopped, or failed) reply. Faults never raise: they come back as
            `error` within a couple of seconds.
        """
