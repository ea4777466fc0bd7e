"""The remote orchestrator: any OpenAI-compatible chat-completions server, through the `openai` SDK.

One request: pick the persona, answer from the response cache if the question was asked lately,
else build the router-aware prompt and hand it to an `Exchange`, which streams the reply and runs
the search, load and execute calls the model asks for through `Kiwi.call` (same validation and
permission checks as every other caller) once the consent gate lets them (`consent.py`: a
create, update, delete or run waits for the user's yes unless the config pre-approves it).
Every chunk, call and result is reported as it happens.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from kiwi_term.calls import ToolCall
from kiwi_term.config import Config, data_dir
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
    OrchestratorState,
    SentenceEmbedder,
)
from kiwi_term.orchestrator.cache import ResponseCache
from kiwi_term.orchestrator.client import ChatClient
from kiwi_term.orchestrator.config import OrchestratorSettings
from kiwi_term.orchestrator.consent import AskConsent, ConsentGate
from kiwi_term.orchestrator.exchange import Exchange
from kiwi_term.orchestrator.personas import PersonaChooser, load_personas
from kiwi_term.orchestrator.prompt import clean_history, system_prompt, tool_result_text

if TYPE_CHECKING:
    from kiwi_term.library.items import Item
    from kiwi_term.primitives import Kiwi

log = logging.getLogger(__name__)

EMBED_WAIT = 3.0
"""Seconds a request waits for the sentence model still loading; after that it goes on without
persona matching, cache or knowledge rather than keep the user waiting."""

Reasoner = Callable[["Item", str, list[dict[str, Any]]], str]
"""Carries out a directive's reasoning step (what `Kiwi.execute` calls `reasoner`)."""


class RemoteOrchestrator(Orchestrator):
    """An orchestrator on an OpenAI-compatible server (hosted API, vLLM, llama.cpp, Ollama...)."""

    def __init__(
        self,
        kiwi: Kiwi,
        settings: OrchestratorSettings,
        *,
        config: Config | None = None,
        embedder: SentenceEmbedder | None = None,
        cache: ResponseCache | None = None,
        warm: bool = True,
    ) -> None:
        """Build it; nothing is contacted until the first request.

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
        """Timeouts, budgets, limits, the provider."""
        self.provider = settings.provider
        """The endpoint in use."""
        self.chat = ChatClient(self.provider, settings)
        """The connection to the provider."""
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
        self._state = OrchestratorState.READY
        self._lock = threading.Lock()
        self._depth = 0
        if warm:
            threading.Thread(target=self.warm_up, name="kiwi-orchestrator-warm-up",
                             daemon=True).start()

    # -- state -----------------------------------------------------------------------------------

    @property
    def state(self) -> OrchestratorState:
        """READY, STREAMING (a request is being answered) or UNREACHABLE (the last request hit a
        network or server fault; the next success clears it)."""
        return self._state

    def _enter(self) -> OrchestratorState:
        with self._lock:
            before = self._state
            self._depth += 1
            self._state = OrchestratorState.STREAMING
            return before

    def _leave(self, ok: bool | None, before: OrchestratorState) -> None:
        """ok: True after a success, False after a fault, None when the server was not judged
        (a persona or key problem, a limit), which leaves the state as it was before."""
        if before == OrchestratorState.STREAMING:
            before = OrchestratorState.READY
        with self._lock:
            self._depth -= 1
            if ok is False:
                self._state = OrchestratorState.UNREACHABLE
            elif self._depth == 0:
                self._state = OrchestratorState.READY if ok else before

    # -- collaborators ---------------------------------------------------------------------------

    @property
    def embedder(self) -> SentenceEmbedder:
        """The sentence embedder (the shared one unless one was given)."""
        if self._embedder is None:
            self._embedder = self.kiwi.embedder
        return self._embedder

    def warm_up(self) -> None:
        """Build the SDK client ahead of the first request (see `ChatClient.warm_up`)."""
        self.chat.warm_up()

    # -- a request -------------------------------------------------------------------------------

    def run(
        self,
        request: OrchestratorRequest,
        on_event: Callable[[OrchestratorEvent], None],
        cancel: threading.Event | None = None,
        consent: AskConsent | None = None,
    ) -> OrchestratorReply:
        """Answer one request (see `Orchestrator.run`); ends with one "done" or "error" event."""
        exchange = Exchange(self.chat, self.settings, self._run_call, on_event,
                            cancel or threading.Event(),
                            ConsentGate(self.settings.consent, consent))
        before = self._enter()
        ok: bool | None = False
        try:
            reply = self._answer(request, exchange)
            ok = None if reply.error and not exchange.server_fault else reply.error is None
            return reply
        except KiwiError as exc:
            # Not a network fault (persona, key, model): the server was not judged.
            ok = None
            return exchange.fail(self.chat.redact(str(exc)))
        except Exception as exc:  # noqa: BLE001 - a request must end with a message, not a crash
            log.exception("orchestrator request failed")
            return exchange.fail(
                self.chat.redact(f"the orchestrator failed: {type(exc).__name__}: {exc}"))
        finally:
            self._leave(ok, before)

    def _answer(self, request: OrchestratorRequest, exchange: Exchange) -> OrchestratorReply:
        s = self.settings
        vector = self._embed(request.text)
        choice = self.personas.choose(request.persona, vector)
        exchange.persona = choice.name
        exchange.model = ((choice.persona.model if choice.persona else "")
                          or self.chat.resolve_model())
        persona, model = exchange.persona, exchange.model
        exchange.emit(OrchestratorEvent(
            "status", text=f"asking {model}" + (f" as {persona}" if persona else ""),
            data={"persona": persona, "provider": self.provider.name, "model": model,
                  "similarity": choice.similarity}))
        key = (self.provider.name, model, persona)
        if self.cache is not None and vector is not None:
            hit = self.cache.lookup(*key, vector)
            if hit is not None:
                exchange.emit(OrchestratorEvent(
                    "status", text="answered from the response cache",
                    data={"cached": True, "similarity": hit[1], "question": hit[0].question}))
                return exchange.answer_from_cache(hit[0].answer)

        system = system_prompt(
            persona=choice.persona, warm_items=request.warm_items,
            knowledge=self._knowledge(request.text, vector), router=request.router,
            auto=s.auto_threshold, confirm=s.confirm_threshold, warm_limit=s.warm_items)
        reply = exchange.play(system, clean_history(request.history), request.text,
                              request.tool_choice or self.provider.tool_choice)
        # Replaying "done, I ran it" without running it would be a lie: runs are never stored.
        if (self.cache is not None and vector is not None and reply.error is None
                and not reply.cancelled and reply.text.strip()
                and not any(c["call"].get("name") == "execute" for c in reply.calls)):
            self.cache.store(*key, request.text, reply.text, vector)
        return reply

    def _run_call(self, call: ToolCall, stop: threading.Event,
                  progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        return self.kiwi.call(call, reasoner=self._reasoner(stop), cancel=stop, progress=progress)

    def _embed(self, text: str) -> np.ndarray | None:
        wanted = (self.cache is not None or self.personas.personas
                  or self.settings.knowledge_entries)
        if not wanted or not text.strip():
            return None
        try:
            embedder = self.embedder
            if not embedder.wait(EMBED_WAIT):
                return None
            self.personas.embedder = embedder
            # Spacing and closing punctuation do not change a question, but they move its
            # embedding enough to miss the cache.
            question = " ".join(text.split()).rstrip(".!?… ") or text
            return np.asarray(embedder.encode([question])[0], dtype=np.float32)
        except KiwiError as exc:
            log.warning("orchestrator goes on without embeddings: %s", exc)
            return None

    def _knowledge(self, text: str, vector: np.ndarray | None) -> list[dict[str, str]]:
        limit = self.settings.knowledge_entries
        if not limit or vector is None:
            return []
        try:
            hits = self.kiwi.index().search(text, item_type="knowledge", limit=limit,
                                            query_vector=vector)
        except KiwiError as exc:
            log.warning("no knowledge retrieved for the orchestrator: %s", exc)
            return []
        return [{"id": h.item.id, "title": h.item.title, "excerpt": h.item.body[:300]}
                for h in hits]

    # -- a directive's reasoning step ------------------------------------------------------------

    def reasoner(self, item: Item, step_text: str, results: list[dict[str, Any]]) -> str:
        """Carry out a directive's reasoning step (a `Reasoner` for `Kiwi.call`/`execute`).

        Raises:
            KiwiError: the orchestrator failed; the step is marked failed with this message.
        """
        return self._reasoner(threading.Event())(item, step_text, results)

    def _reasoner(self, stop: threading.Event) -> Reasoner:
        def reason(item: Item, step_text: str, results: list[dict[str, Any]]) -> str:
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
                params = {"model": self.chat.resolve_model(), "messages": messages,
                          "max_tokens": self.provider.max_tokens or self.settings.max_tokens}
                outcome = self.chat.stream(params, lambda _e: None, stop, lambda _t: None)
                ok = outcome.error is None
            finally:
                self._leave(ok, before)
            if outcome.error:
                raise KiwiError(f"orchestrator: {outcome.error}")
            if outcome.cancelled:
                raise KiwiError("orchestrator: stopped")
            return outcome.text

        return reason
