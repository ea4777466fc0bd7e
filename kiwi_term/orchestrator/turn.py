"""One orchestrator turn: persona, cache, prompt, then the stream and tool-call loop."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from kiwi_term.calls import PRIMITIVES, ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import OrchestratorEvent, OrchestratorReply, OrchestratorRequest
from kiwi_term.orchestrator.prompt import (
    clean_history,
    fit_conversation,
    system_prompt,
    tool_result_text,
    tool_specs,
)
from kiwi_term.orchestrator.stream import StepOutcome

if TYPE_CHECKING:
    from kiwi_term.orchestrator.remote import RemoteOrchestrator

log = logging.getLogger(__name__)

EMBED_WAIT = 3.0
"""Seconds a turn waits for the sentence model still loading; after that it goes on without
persona matching, cache or knowledge rather than keep the user waiting."""

Emit = Callable[[OrchestratorEvent], None]


class Turn:
    """The state of one turn while it plays out."""

    def __init__(self, owner: RemoteOrchestrator, request: OrchestratorRequest, emit: Emit,
                 cancel: threading.Event, started: float) -> None:
        self.o = owner
        self.request = request
        self.emit = emit
        self.cancel = cancel
        self.started = started
        self.text = ""
        self.calls: list[dict[str, Any]] = []
        self.persona = ""
        self.model = owner.provider.model
        self.tokens: dict[str, int] = {}

    def reply(self, **fields: Any) -> OrchestratorReply:
        """The reply as it stands, with `fields` (error, cached, cancelled) set."""
        return OrchestratorReply(
            text=self.text, calls=tuple(self.calls), provider=self.o.provider.name,
            model=self.model, latency_ms=(time.perf_counter() - self.started) * 1000,
            tokens=dict(self.tokens), persona=self.persona, **fields)

    def fail(self, message: str) -> OrchestratorReply:
        """End the turn with an error event and reply."""
        try:
            self.emit(OrchestratorEvent("error", text=message, error=message))
        except Exception:  # noqa: BLE001 - a broken listener must not hide the reply too
            log.exception("the orchestrator's event listener failed")
        return self.reply(error=message)

    def say(self, piece: str) -> None:
        """Add text to the reply and report it."""
        self.text += piece
        self.emit(OrchestratorEvent("text", text=piece))

    def play(self) -> OrchestratorReply:
        """Run the turn to its end; network faults come back as the reply's error.

        Raises:
            KiwiError: a persona, key or model problem (the caller reports it).
        """
        o, request, s = self.o, self.request, self.o.settings
        vector = self._embed(request.text)
        choice = o.personas.choose(request.persona, vector)
        self.persona = choice.name
        self.model = (choice.persona.model if choice.persona else "") or o.resolve_model()
        self.emit(OrchestratorEvent(
            "status", text=f"asking {self.model}" + (f" as {self.persona}" if self.persona else ""),
            data={"persona": self.persona, "provider": o.provider.name, "model": self.model,
                  "similarity": choice.similarity}))
        key = (o.provider.name, self.model, self.persona)
        if o.cache is not None and vector is not None:
            hit = o.cache.lookup(*key, vector)
            if hit is not None:
                self.emit(OrchestratorEvent(
                    "status", text="answered from the response cache",
                    data={"cached": True, "similarity": hit[1], "question": hit[0].question}))
                self.say(hit[0].answer)
                self.emit(OrchestratorEvent("done"))
                return self.reply(cached=True)

        system = system_prompt(
            persona=choice.persona, warm_items=request.warm_items,
            knowledge=self._knowledge(request.text, vector), router=request.router,
            auto=s.auto_threshold, confirm=s.confirm_threshold, warm_limit=s.warm_items)
        history = clean_history(request.history)
        current: list[dict[str, Any]] = [{"role": "user", "content": request.text}]
        forced = request.tool_choice or o.provider.tool_choice
        for step in range(1, s.max_steps + 1):
            messages, dropped = fit_conversation(system, history, current, s.token_budget)
            params = self._params(messages, forced if step == 1 else "auto",
                                  last=step == s.max_steps and s.max_steps > 1)
            self.emit(OrchestratorEvent(
                "status", text=f"step {step}: waiting for {self.model}",
                data={"step": step, "messages": messages, "dropped": dropped}))
            outcome = o.stream(params, self.emit, self.cancel, self._on_text())
            for name, value in outcome.usage.items():
                self.tokens[name] = self.tokens.get(name, 0) + value
            if outcome.error:
                return self.fail(outcome.error)
            if outcome.cancelled:
                self.emit(OrchestratorEvent("done", text="stopped"))
                return self.reply(cancelled=True)
            if not outcome.tool_calls:
                break
            current.append(self._assistant_message(outcome, step))
            for entry in outcome.tool_calls:
                current.append(self._run_tool(entry))
                if self.cancel.is_set():
                    self.emit(OrchestratorEvent("done", text="stopped"))
                    return self.reply(cancelled=True)

        if o.cache is not None and vector is not None and self.text.strip() and not any(
            c["call"].get("name") == "execute" for c in self.calls
        ):
            o.cache.store(*key, request.text, self.text, vector)
        self.emit(OrchestratorEvent("done"))
        return self.reply()

    def _on_text(self) -> Callable[[str], None]:
        first = [True]

        def on_text(piece: str) -> None:
            # Text of an earlier step (before its tool calls) stays; start the new one apart.
            if first[0] and self.text and not self.text.endswith("\n"):
                self.say("\n\n")
            first[0] = False
            self.say(piece)

        return on_text

    def _params(self, messages: list[dict[str, Any]], tool_choice: str,
                last: bool) -> dict[str, Any]:
        o = self.o
        params: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": o.provider.max_tokens or o.settings.max_tokens,
        }
        if o.provider.temperature is not None:
            params["temperature"] = o.provider.temperature
        if tool_choice == "none":
            return params
        if last:
            # The last request must answer in words: its tool calls could never be fed back.
            params["tools"], params["tool_choice"] = tool_specs(), "none"
        elif tool_choice in PRIMITIVES:
            # Only the forced tool is described: the model may call no other, and the prompt
            # (which some servers fill with every schema) stays short.
            params["tools"] = tool_specs([tool_choice])
            params["tool_choice"] = {"type": "function", "function": {"name": tool_choice}}
        else:
            params["tools"], params["tool_choice"] = tool_specs(), "auto"
        return params

    def _assistant_message(self, outcome: StepOutcome, step: int) -> dict[str, Any]:
        for n, entry in enumerate(outcome.tool_calls):
            entry["id"] = entry["id"] or f"call_{step}_{n}"
        return {
            # "" rather than None: some servers (llama-cpp-python) refuse a null content.
            "role": "assistant",
            "content": outcome.text,
            "tool_calls": [
                {"id": e["id"], "type": "function",
                 "function": {"name": e["name"], "arguments": e["arguments"] or "{}"}}
                for e in outcome.tool_calls
            ],
        }

    def _run_tool(self, entry: dict[str, str]) -> dict[str, Any]:
        o = self.o
        result: dict[str, Any] | None = None
        error: str | None = None
        try:
            call = ToolCall.from_json({"name": entry["name"], "arguments": entry["arguments"]})
        except KiwiError as exc:
            shown = {"name": entry["name"], "arguments": _loose_json(entry["arguments"])}
            self.emit(OrchestratorEvent("tool_call", text=entry["name"], call=shown))
            error = str(exc)
        else:
            shown = call.to_dict()
            self.emit(OrchestratorEvent("tool_call", text=call.readable(), call=shown))
            try:
                result = o.kiwi.call(
                    call, reasoner=o.reasoner, cancel=self.cancel,
                    progress=lambda p: self.emit(OrchestratorEvent(
                        "status", text=f"{p.get('step')}: {p.get('status')}",
                        data={"progress": p})),
                )
            except KiwiError as exc:
                error = str(exc)
            except Exception as exc:  # noqa: BLE001 - the model hears of it and may recover
                log.exception("tool call %s failed", shown)
                error = f"{type(exc).__name__}: {exc}"
        self.emit(OrchestratorEvent("tool_result", call=shown, result=result, error=error))
        self.calls.append({"call": shown, "error": error} if error else
                          {"call": shown, "result": result})
        content = tool_result_text(result, error, o.settings.tool_result_chars)
        if o.provider.tool_result_role == "user":
            return {"role": "user",
                    "content": f"[tool result of {entry['name']}({entry['arguments']})] {content}"}
        return {"role": "tool", "tool_call_id": entry["id"], "content": content}

    def _embed(self, text: str) -> np.ndarray | None:
        o = self.o
        wanted = (o.cache is not None or o.personas.personas or o.settings.knowledge_entries)
        if not wanted or not text.strip():
            return None
        try:
            embedder = o.embedder
            if not embedder.wait(EMBED_WAIT):
                return None
            o.personas.embedder = embedder
            # Spacing and closing punctuation do not change a question, but they move the
            # embedding ("Say hello to the user" and "...user!" are 0.94 apart with MiniLM).
            question = " ".join(text.split()).rstrip(".!?… ") or text
            return np.asarray(embedder.encode([question])[0], dtype=np.float32)
        except KiwiError as exc:
            log.warning("orchestrator goes on without embeddings: %s", exc)
            return None

    def _knowledge(self, text: str, vector: np.ndarray | None) -> list[dict[str, str]]:
        limit = self.o.settings.knowledge_entries
        if not limit or vector is None:
            return []
        try:
            hits = self.o.kiwi.index().search(text, item_type="knowledge", limit=limit,
                                              query_vector=vector)
        except KiwiError as exc:
            log.warning("no knowledge retrieved for the orchestrator: %s", exc)
            return []
        return [{"id": h.item.id, "title": h.item.title, "excerpt": h.item.body[:300]}
                for h in hits]


def _loose_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
