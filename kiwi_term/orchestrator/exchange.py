"""One request's exchange with the model: the reply is streamed, the tool calls it asks for run,
their results go back, and the model is asked again, up to `max_steps` times.

A call that creates, updates, deletes or runs something passes the consent gate first
(`consent.py`); a refusal is the call's result. The limits of `OrchestratorSettings` are enforced
here: the deadline of the whole request, the size of the reply, the size of one call's arguments
and the number of calls in one step. A tool call that cannot be read (malformed or oversized
arguments, an unknown primitive) is not run; the model gets the reason as the call's result and
may correct itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from kiwi_term.calls import PRIMITIVES, ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import OrchestratorEvent, OrchestratorReply
from kiwi_term.orchestrator.client import ChatClient
from kiwi_term.orchestrator.config import OrchestratorSettings
from kiwi_term.orchestrator.consent import ConsentGate
from kiwi_term.orchestrator.model_calls import RefusedCall, read_call
from kiwi_term.orchestrator.prompt import fit_conversation, tool_result_text, tool_specs
from kiwi_term.orchestrator.stream import POLL_SECONDS, RequestedCall, StepLimits, StepOutcome

log = logging.getLogger(__name__)

Emit = Callable[[OrchestratorEvent], None]
Message = dict[str, Any]
"""An OpenAI-style chat message."""
ECHOED_ARGUMENTS = 300
"""Characters of a call's arguments repeated in a "user" tool-result message."""


class CallRunner(Protocol):
    """Runs one checked tool call (through `Kiwi.call`, with its permission checks)."""

    def __call__(self, call: ToolCall, stop: threading.Event,
                 progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """The call's result.

        Raises:
            KiwiError: the call failed; the model is told why.
        """


class StopOrDeadline(threading.Event):
    """Set by the user (their `cancel`, Esc) or by the request's deadline, whichever is first.

    It is what the stream and the tool calls poll, so a script still running at the deadline is
    stopped like one the user stopped.
    """

    def __init__(self, cancel: threading.Event, deadline: float) -> None:
        super().__init__()
        self.cancel = cancel
        """The user's stop."""
        self.deadline = deadline
        """`time.monotonic()` at which the request is stopped."""

    @property
    def expired(self) -> bool:
        """The deadline has passed."""
        return time.monotonic() >= self.deadline

    def is_set(self) -> bool:
        """Stopped by the user or by the deadline."""
        return super().is_set() or self.cancel.is_set() or self.expired

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until stopped or `timeout` seconds pass; True when stopped."""
        end = None if timeout is None else time.monotonic() + timeout
        while not self.is_set():
            left = POLL_SECONDS if end is None else min(POLL_SECONDS, end - time.monotonic())
            if left <= 0:
                return False
            super().wait(left)
        return True


class Exchange:
    """What one request has produced so far, and the loop that produces the rest."""

    def __init__(self, chat: ChatClient, settings: OrchestratorSettings, run_call: CallRunner,
                 emit: Emit, cancel: threading.Event, gate: ConsentGate) -> None:
        self.chat = chat
        """The provider's connection."""
        self.settings = settings
        """Steps, budget and limits."""
        self.run_call = run_call
        self.gate = gate
        """Which calls run without asking, and how the user is asked about the others."""
        self.emit = emit
        """Where events go as they happen."""
        self.started = time.perf_counter()
        self.stop = StopOrDeadline(cancel, time.monotonic() + settings.deadline)
        """What the stream and the tool calls poll."""
        self.text = ""
        self.calls: list[dict[str, Any]] = []
        self.persona = ""
        self.model = chat.provider.model
        self.tokens: dict[str, int] = {}
        self.server_fault = False
        """The request failed because of the network or the server (not a limit or a setting)."""

    def reply(self, **fields: Any) -> OrchestratorReply:
        """The reply as it stands, with `fields` (error, cached, cancelled) set."""
        return OrchestratorReply(
            text=self.text, calls=tuple(self.calls), provider=self.chat.provider.name,
            model=self.model, latency_ms=(time.perf_counter() - self.started) * 1000,
            tokens=dict(self.tokens), persona=self.persona, **fields)

    def fail(self, message: str, server_fault: bool = False) -> OrchestratorReply:
        """End the request with an error event and reply."""
        self.server_fault = server_fault
        try:
            self.emit(OrchestratorEvent("error", text=message, error=message))
        except Exception:  # noqa: BLE001 - a broken listener must not hide the reply too
            log.exception("the orchestrator's event listener failed")
        return self.reply(error=message)

    def say(self, piece: str) -> None:
        """Add text to the reply and report it."""
        self.text += piece
        self.emit(OrchestratorEvent("text", text=piece))

    def answer_from_cache(self, answer: str) -> OrchestratorReply:
        """End the request with a stored answer."""
        self.say(answer)
        self.emit(OrchestratorEvent("done"))
        return self.reply(cached=True)

    def play(self, system: str, history: Sequence[Message], text: str,
             tool_choice: str) -> OrchestratorReply:
        """Ask the model, run its tool calls and ask again until it answers in words.

        Args:
            system: the system prompt.
            history: earlier turns of the conversation, oldest first.
            text: what the user asked.
            tool_choice: the first step's ("auto", "none" or a primitive to force).

        Returns:
            The reply; faults, limits and the deadline come back as its `error`.

        Raises:
            KiwiError: the key is locked or unreadable.
        """
        s = self.settings
        current: list[Message] = [{"role": "user", "content": text}]
        for step in range(1, s.max_steps + 1):
            if self.stop.is_set():
                return self._stopped()
            messages, dropped = fit_conversation(system, history, current, s.token_budget)
            params = self._params(messages, tool_choice if step == 1 else "auto",
                                  last=step == s.max_steps and s.max_steps > 1)
            self.emit(OrchestratorEvent(
                "status", text=f"step {step}: waiting for {self.model}",
                data={"step": step, "messages": messages, "dropped": dropped}))
            limits = StepLimits(reply_chars=s.max_reply_chars - len(self.text),
                                argument_chars=s.max_argument_chars, tool_calls=s.max_tool_calls)
            outcome = self.chat.stream(params, self.emit, self.stop, self._on_text(), limits)
            for name, value in outcome.usage.items():
                self.tokens[name] = self.tokens.get(name, 0) + value
            if outcome.error:
                return self.fail(outcome.error, server_fault=True)
            if outcome.cancelled:
                return self._stopped()
            if outcome.reply_cut:
                return self.fail(f"the reply passed {s.max_reply_chars} characters "
                                 "(orchestrator.max_reply_chars); it was cut there")
            if not outcome.tool_calls:
                break
            current.append(self._assistant_message(outcome, step))
            current.extend(self._run_tools(outcome))
            if self.stop.is_set():
                return self._stopped()
        self.emit(OrchestratorEvent("done"))
        return self.reply()

    def _stopped(self) -> OrchestratorReply:
        if self.stop.cancel.is_set() or not self.stop.expired:
            self.emit(OrchestratorEvent("done", text="stopped"))
            return self.reply(cancelled=True)
        return self.fail(f"the request took longer than {self.settings.deadline:g} s "
                         "(orchestrator.deadline) and was stopped")

    def _on_text(self) -> Callable[[str], None]:
        first = [True]

        def on_text(piece: str) -> None:
            # Text of an earlier step (before its tool calls) stays; start the new one apart.
            if first[0] and self.text and not self.text.endswith("\n"):
                self.say("\n\n")
            first[0] = False
            self.say(piece)

        return on_text

    def _params(self, messages: list[Message], tool_choice: str, last: bool) -> dict[str, Any]:
        provider = self.chat.provider
        params: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": provider.max_tokens or self.settings.max_tokens,
        }
        if provider.temperature is not None:
            params["temperature"] = provider.temperature
        if tool_choice == "none":
            return params
        if last:
            # The last call must answer in words: its tool calls could never be fed back.
            params["tools"], params["tool_choice"] = tool_specs(), "none"
        elif tool_choice in PRIMITIVES:
            # Only the forced tool is described: the model may call no other, and the prompt
            # (which some servers fill with every schema) stays short.
            params["tools"] = tool_specs([tool_choice])
            params["tool_choice"] = {"type": "function", "function": {"name": tool_choice}}
        else:
            params["tools"], params["tool_choice"] = tool_specs(), "auto"
        return params

    def _assistant_message(self, outcome: StepOutcome, step: int) -> Message:
        for n, requested in enumerate(outcome.tool_calls):
            requested.id = requested.id or f"call_{step}_{n}"
        return {
            # "" rather than None: some servers (llama-cpp-python) refuse a null content.
            "role": "assistant",
            "content": outcome.text,
            "tool_calls": [
                {"id": r.id, "type": "function",
                 "function": {"name": r.name,
                              # Cut arguments are not JSON; the model hears why in the result.
                              "arguments": "{}" if r.oversized else (r.arguments or "{}")}}
                for r in outcome.tool_calls
            ],
        }

    def _run_tools(self, outcome: StepOutcome) -> list[Message]:
        note = ""
        if outcome.skipped_calls:
            limit = self.settings.max_tool_calls
            note = (f" [{outcome.skipped_calls} more tool calls of this step were not run: at "
                    f"most {limit} run in one step]")
            self.emit(OrchestratorEvent(
                "status", text=f"{outcome.skipped_calls} tool calls not run (at most {limit} a "
                               "step)", data={"skipped_calls": outcome.skipped_calls}))
        results = []
        for n, requested in enumerate(outcome.tool_calls):
            last = n == len(outcome.tool_calls) - 1
            results.append(self._run_tool(requested, note if last else ""))
            if self.stop.is_set():
                break
        return results

    def _run_tool(self, requested: RequestedCall, note: str) -> Message:
        result: dict[str, Any] | None = None
        error: str | None = None
        checked = read_call(requested, self.settings.max_argument_chars)
        if isinstance(checked, RefusedCall):
            shown = checked.shown
            self.emit(OrchestratorEvent("tool_call", text=requested.name, call=shown))
            error = checked.message
        else:
            shown = checked.to_dict()
            self.emit(OrchestratorEvent("tool_call", text=checked.readable(), call=shown))
            try:
                error = self.gate.refusal(checked, self.stop)
                if error is None:
                    result = self.run_call(checked, self.stop, self._progress)
            except KiwiError as exc:
                error = str(exc)
            except Exception as exc:  # noqa: BLE001 - the model hears of it and may recover
                log.exception("tool call %s failed", shown)
                error = f"{type(exc).__name__}: {exc}"
        self.emit(OrchestratorEvent("tool_result", call=shown, result=result, error=error))
        self.calls.append({"call": shown, "error": error} if error else
                          {"call": shown, "result": result})
        content = tool_result_text(result, error, self.settings.tool_result_chars) + note
        if self.chat.provider.tool_result_role == "user":
            echoed = requested.arguments[:ECHOED_ARGUMENTS]
            return {"role": "user",
                    "content": f"[tool result of {requested.name}({echoed})] {content}"}
        return {"role": "tool", "tool_call_id": requested.id, "content": content}

    def _progress(self, progress: dict[str, Any]) -> None:
        self.emit(OrchestratorEvent(
            "status", text=f"{progress.get('step')}: {progress.get('status')}",
            data={"progress": progress}))
