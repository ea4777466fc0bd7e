"""The remote orchestrator: any OpenAI-compatible chat-completions server, through the `openai` SDK.

One turn: pick the persona, answer from the response cache if the question was asked lately,
else build the router-aware prompt and stream the reply; when the model calls search, load or
execute, the call runs through `Kiwi.call` (same validation and permission checks as every other
caller), its result goes back to the model, and the model is asked again, up to
`orchestrator.max_steps` requests. Every chunk, call and result is reported as it happens.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import openai

from kiwi_term.config import Config, data_dir
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import keys
from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
)
from kiwi_term.orchestrator.cache import ResponseCache
from kiwi_term.orchestrator.config import OrchestratorSettings
from kiwi_term.orchestrator.personas import PersonaChooser, load_personas
from kiwi_term.orchestrator.prompt import tool_result_text
from kiwi_term.orchestrator.stream import StepOutcome, stream_chat
from kiwi_term.orchestrator.turn import Turn

log = logging.getLogger(__name__)

NO_KEY = "no-key"
"""Sent when a provider has no key: local servers ignore it, and the SDK must never fall back to
OPENAI_API_KEY, which would hand an OpenAI key to whatever server base_url names."""

Emit = Callable[[OrchestratorEvent], None]


class RemoteOrchestrator(Orchestrator):
    """An orchestrator on an OpenAI-compatible server (hosted API, vLLM, llama.cpp, Ollama...)."""

    def __init__(
        self,
        kiwi: Any,
        settings: OrchestratorSettings,
        *,
        config: Config | None = None,
        embedder: Any = None,
        cache: ResponseCache | None = None,
        warm: bool = True,
    ) -> None:
        """Build it; nothing is contacted until the first turn.

        Args:
            kiwi: the `Kiwi` whose primitives the model's tool calls run through.
            settings: from `load_settings` (its provider must be set).
            config: for the personas (default `kiwi.config`).
            embedder: sentence embedder (default `kiwi.embedder`, the shared one).
            cache: a response cache to use (default: one under the data folder, when enabled).
            warm: start `warm_up()` in a background thread now.

        Raises:
            KiwiError: no provider, or a persona table is malformed.
        """
        if settings.provider is None:
            raise KiwiError("no orchestrator provider is configured")
        self.kiwi = kiwi
        """Where tool calls run."""
        self.settings = settings
        """Timeouts, budgets, the provider."""
        self.provider = settings.provider
        """The endpoint in use."""
        self.name = self.provider.name
        self._embedder = embedder
        self.personas = PersonaChooser(load_personas(config or kiwi.config), None)
        """The configured personas and how one is chosen."""
        if cache is None and settings.cache_enabled and self.provider.response_cache:
            cache = ResponseCache(
                data_dir() / "orchestrator" / "responses.json",
                settings.cache_ttl,
                settings.cache_similarity,
            )
        self.cache = cache if self.provider.response_cache else None
        """The response cache, or None when it is off for this provider."""
        self._state = "ready"
        self._lock = threading.Lock()
        self._client_lock = threading.Lock()
        self._depth = 0
        self._client: openai.OpenAI | None = None
        self._key: str | None = None
        self._model = self.provider.model
        self._cancel: threading.Event | None = None
        if warm:
            threading.Thread(target=self.warm_up, name="kiwi-orchestrator-warm-up",
                             daemon=True).start()

    # -- state -----------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """"ready", "streaming" (a turn is running) or "unreachable" (the last turn hit a fault;
        the next success clears it)."""
        return self._state

    def _enter(self) -> str:
        with self._lock:
            before = self._state
            self._depth += 1
            self._state = "streaming"
            return before

    def _leave(self, ok: bool | None, before: str) -> None:
        """ok: True after a success, False after a fault, None when the server was not judged
        (a persona or key problem), which leaves the state as it was before the turn."""
        with self._lock:
            self._depth -= 1
            if ok is False:
                self._state = "unreachable"
            elif self._depth == 0:
                self._state = "ready" if ok else before

    # -- client ----------------------------------------------------------------------------------

    @property
    def embedder(self) -> Any:
        """The sentence embedder (the shared one unless one was given)."""
        if self._embedder is None:
            self._embedder = self.kiwi.embedder
        return self._embedder

    def _api_key(self) -> str:
        if self._key is None:
            env_name = self.provider.api_key_env
            found = os.environ.get(env_name, "") if env_name else ""
            # KeyLocked and a wrong passphrase propagate: the turn reports them.
            self._key = found or keys.get_key(self.provider.name) or NO_KEY
        return self._key

    def warm_up(self) -> None:
        """Build the SDK client and load its chat types, so the first turn does not pay for it.

        On a busy 2-core machine the first client and the first request took ~2 s of imports and
        pydantic model building, which would delay the first fault message past 2 s. Runs in a
        background thread from the constructor; harmless to call again. Never raises: a locked or
        missing key is reported by the turn that needs it.
        """
        try:
            client = self.client()
            from openai.types.chat import ChatCompletionChunk  # noqa: F401

            _ = client.chat.completions
        except Exception as exc:  # noqa: BLE001 - the first turn reports what is wrong
            log.debug("orchestrator warm-up skipped: %s", type(exc).__name__)

    def client(self) -> openai.OpenAI:
        """The SDK client (built on first use, when the key is looked up).

        Raises:
            KiwiError: the key is locked in the encrypted file, or the keyring failed.
        """
        with self._client_lock:
            return self._client or self._build_client()

    def _build_client(self) -> openai.OpenAI:
        if self._client is None:
            s = self.settings
            self._client = openai.OpenAI(
                base_url=self.provider.base_url,
                api_key=self._api_key(),
                timeout=openai.Timeout(
                    connect=s.connect_timeout, read=s.timeout, write=max(s.timeout, 10.0),
                    pool=s.connect_timeout,
                ),
                # Retries are ours (stream.py): the SDK's would sleep before the user hears.
                max_retries=0,
                default_headers=self.provider.headers or None,
            )
        return self._client

    def _redact(self, text: str) -> str:
        key = self._key
        return text.replace(key, "[key]") if key and key != NO_KEY and key in text else text

    def stream(self, params: dict[str, Any], emit: Emit, cancel: threading.Event,
               on_text: Callable[[str], None]) -> StepOutcome:
        """One streamed request with retries (stream.stream_chat); retries are reported as
        "status" events, and the key is scrubbed from every message."""
        def on_retry(message: str, delay: float, attempt: int) -> None:
            message = self._redact(message)
            emit(OrchestratorEvent(
                "status", text=f"{message}; retrying in {delay:g} s", error=message,
                data={"retry_in": delay, "attempt": attempt}))

        s = self.settings
        outcome = stream_chat(
            self.client(), params, on_text=on_text, on_retry=on_retry, cancel=cancel,
            retries=s.retries, timeout=s.timeout, connect_timeout=s.connect_timeout,
        )
        if outcome.error:
            outcome.error = self._redact(outcome.error)
        return outcome

    def resolve_model(self) -> str:
        """The configured model, else the first one the server lists.

        Raises:
            KiwiError: none configured and the server listed none.
        """
        if not self._model:
            try:
                listed = self.client().models.list()
                self._model = next(iter(listed)).id
            except (openai.OpenAIError, StopIteration) as exc:
                raise KiwiError(
                    f"no model is configured for provider {self.provider.name!r} and the server "
                    f"did not list one ({type(exc).__name__}); set `model` in [providers."
                    f"{self.provider.name}] or pass --orchestrator-model"
                ) from None
        return self._model

    # -- a turn ----------------------------------------------------------------------------------

    def run(
        self,
        request: OrchestratorRequest,
        on_event: Callable[[OrchestratorEvent], None],
        cancel: threading.Event | None = None,
    ) -> OrchestratorReply:
        """Answer one turn (see `Orchestrator.run`); ends with one "done" or "error" event."""
        cancel = cancel or threading.Event()
        started = time.perf_counter()
        before = self._enter()
        outer_cancel, self._cancel = self._cancel, cancel
        turn = Turn(self, request, on_event, cancel, started)
        ok: bool | None = False
        try:
            reply = turn.play()
            ok = reply.error is None
            return reply
        except KiwiError as exc:
            # Not a network fault (persona, key, model): the server was not judged.
            ok = None
            return turn.fail(self._redact(str(exc)))
        except Exception as exc:  # noqa: BLE001 - a turn must end with a message, not a crash
            log.exception("orchestrator turn failed")
            return turn.fail(self._redact(f"the orchestrator failed: {type(exc).__name__}: {exc}"))
        finally:
            self._cancel = outer_cancel
            self._leave(ok, before if before != "streaming" else "ready")

    def reasoner(self, item: Any, step_text: str, results: list[dict[str, Any]]) -> str:
        """Carry out a directive's reasoning step (a `Reasoner` for `Kiwi.call`/`run_directive`).

        Raises:
            KiwiError: the orchestrator failed; the step is marked failed with this message.
        """
        cancel = self._cancel or threading.Event()
        earlier = tool_result_text({"steps": results}, None, self.settings.tool_result_chars)
        messages = [
            {"role": "system", "content": (
                f"You carry out one reasoning step of the Kiwi directive {item.id} "
                f"({item.description}). Results of its earlier steps, as JSON: {earlier}\n"
                "Answer with the outcome of this step only, briefly.")},
            {"role": "user", "content": step_text},
        ]
        before = self._enter()
        ok: bool | None = None
        try:
            params = {"model": self.resolve_model(), "messages": messages,
                      "max_tokens": self.provider.max_tokens or self.settings.max_tokens}
            outcome = self.stream(params, lambda _e: None, cancel, lambda _t: None)
            ok = outcome.error is None
        finally:
            self._leave(ok, before if before != "streaming" else "ready")
        if outcome.error:
            raise KiwiError(f"orchestrator: {outcome.error}")
        if outcome.cancelled:
            raise KiwiError("orchestrator: stopped")
        return outcome.text
