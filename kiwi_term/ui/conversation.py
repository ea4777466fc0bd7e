"""Handing a text to the orchestrator: the request, the streamed reply, Esc to stop it.

With no orchestrator configured the terminal says so, and how to configure one, instead of
pretending.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiwi_term.calls import ToolCall
from kiwi_term.config import config_dir
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
    RouterNote,
)
from kiwi_term.orchestrator.consent import AskConsent
from kiwi_term.ui.messages import OrchestratorChunk, OrchestratorFinished
from kiwi_term.ui.record import Recorder
from kiwi_term.ui.runs import Reasoner
from kiwi_term.ui.session import Entry
from kiwi_term.ui.surface import Surface
from kiwi_term.ui.transcript import EntryView, Transcript
from predictors.router.base import RouteResult

NO_ORCHESTRATOR = (
    "No orchestrator is configured, so only the router's predictions can run. To add one, put "
    "an OpenAI-compatible endpoint in {config} ([orchestrator] default = \"NAME\" and a "
    "[providers.NAME] table with base_url and model), or start kiwi with --orchestrator-url URL "
    "--orchestrator-model MODEL."
)


@dataclass
class StreamingReply:
    """One orchestrator reply on its way into the transcript."""

    id: int
    text: str
    """What the user asked."""
    entry: Entry
    view: EntryView
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.perf_counter)
    parts: list[list[str]] = field(default_factory=list)
    """[kind, text] pieces in arrival order: streamed text and tool lines."""


def directive_reasoner(orchestrator: Orchestrator | None, cancel: threading.Event,
                       consent: AskConsent | None = None) -> Reasoner | None:
    """A Reasoner that asks the orchestrator for a directive's reasoning steps (its calls asking
    `consent`); None when no orchestrator is configured."""
    if orchestrator is None or orchestrator.state == "none":
        return None

    def reason(item: Any, text: str, done: list[dict[str, Any]]) -> str:
        request = OrchestratorRequest(text=f"Directive {item.id}, step: {text}")
        reply = orchestrator.run(request, lambda _event: None, cancel, consent)
        if reply.error:
            raise KiwiError(f"orchestrator: {reply.error}")
        return reply.text

    return reason


def readable(call: dict[str, object] | None) -> str:
    """A call dict in readable form, or its raw JSON name when it does not validate."""
    if not call:
        return "(call)"
    try:
        return ToolCall.from_json(call).readable()
    except KiwiError:
        return str(call.get("name", "(call)"))


ReplyEnded = Callable[[str, "tuple[str, str] | None", "int | None"], None]
"""(text, item the reply's last call used, log id) of a finished reply."""


class OrchestratorController:
    """Sends text to the orchestrator and streams its reply into the transcript."""

    def __init__(self, orchestrator: Orchestrator | None, surface: Surface,
                 transcript: Transcript, recorder: Recorder, ended: ReplyEnded,
                 consent: AskConsent | None = None) -> None:
        self.orchestrator = orchestrator
        """The Orchestrator, or None when none could be built."""
        self.consent = consent
        """Asks the user before a call of the model changes or runs anything; None: nobody
        can be asked, so only the calls `[consent] allow` pre-approves run."""
        self.surface = surface
        self.transcript = transcript
        self.recorder = recorder
        self.ended = ended
        """Told when a reply ends (the app then finishes the turn)."""
        self.persona: str | None = None
        """The persona fixed with `/persona NAME`; None lets the orchestrator choose."""
        self.streaming: dict[int, StreamingReply] = {}
        """Replies streaming now, by id (at most one)."""
        self._counter = 0

    @property
    def available(self) -> bool:
        """Whether an orchestrator is configured."""
        return self.orchestrator is not None and self.orchestrator.state != "none"

    @property
    def state(self) -> str:
        """The orchestrator's state for the status bar ("unreachable" if reading it fails)."""
        if self.orchestrator is None:
            return "none"
        try:
            return str(self.orchestrator.state)
        except Exception:  # noqa: BLE001 - a faulty client shows as unreachable
            return "unreachable"

    def reasoner(self, cancel: threading.Event) -> Reasoner | None:
        """A directive's reasoning steps, by the orchestrator (see `directive_reasoner`)."""
        return directive_reasoner(self.orchestrator, cancel, self.consent)

    def unavailable_message(self) -> str:
        """What to tell the user when there is no orchestrator (its own reason, e.g. a
        misconfigured provider, when it gives one)."""
        reason = getattr(self.orchestrator, "reason", "")
        general = NO_ORCHESTRATOR.format(config=config_dir() / "config.toml")
        return f"{reason[:1].upper()}{reason[1:]}." if reason else general

    def ask(self, text: str, result: RouteResult | None, warm: Sequence[tuple[str, str, str]],
            ) -> StreamingReply | None:
        """Start a reply; None (with a note saying why) when none is configured or one streams.
        """
        if self.orchestrator is None or not self.available:
            self.surface.note("no orchestrator configured", [self.unavailable_message()])
            return None
        if self.streaming:
            self.surface.note("the orchestrator is still answering: Esc stops it")
            return None
        self._counter += 1
        model = getattr(self.orchestrator, "name", "orchestrator")
        entry = Entry("orchestrator", text=text, title=model, status="streaming")
        reply = StreamingReply(self._counter, text, entry, self.transcript.add(entry))
        self.streaming[reply.id] = reply
        self.surface.set_activity("orchestrator answering · Esc stops it")
        request = self.request(text, result, warm)
        orchestrator = self.orchestrator
        self.surface.start_thread(lambda: self._run(orchestrator, reply, request),
                                  "orchestrator", "run_orchestrator")
        return reply

    def request(self, text: str, result: RouteResult | None,
                warm: Sequence[tuple[str, str, str]]) -> OrchestratorRequest:
        """The request: text, earlier turns, the router's note and the warm items."""
        note = None
        if result is not None and result.text == text:
            top = result.top
            note = RouterNote(top.call.to_dict() if top else None,
                              top.confidence if top else 0.0, result.latency_ms)
        history: list[dict[str, str]] = []
        for entry in self.transcript.entries[-6:]:
            if entry.kind == "note" or not entry.text:
                continue
            history.append({"role": "user", "content": entry.text})
            lines = [entry.title, *entry.lines] if entry.kind == "call" else entry.lines
            history.append({"role": "assistant", "content": "\n".join(lines)[:2000]})
        items = tuple({"type": t, "id": i, "description": d} for t, i, d in warm)
        return OrchestratorRequest(text, tuple(history), note, items, persona=self.persona)

    def _run(self, orchestrator: Orchestrator, reply: StreamingReply,
             request: OrchestratorRequest) -> None:
        """The worker: one blocking `Orchestrator.run`, its events posted as they come."""
        post = self.surface.post_message

        def on_event(event: OrchestratorEvent) -> None:
            post(OrchestratorChunk(reply.id, event.kind, event.text, event.call, event.result,
                                   event.error))

        started = time.perf_counter()
        try:
            answer = orchestrator.run(request, on_event, reply.cancel, self.consent)
        except Exception as exc:  # noqa: BLE001 - run() should not raise; if it does, say so
            answer = OrchestratorReply(text="", error=f"{type(exc).__name__}: {exc}")
        post(OrchestratorFinished(reply.id, answer, (time.perf_counter() - started) * 1000))

    def cancel(self) -> bool:
        """Stop the streaming reply; False when none is streaming."""
        for reply in self.streaming.values():
            reply.cancel.set()
        return bool(self.streaming)

    def receive(self, message: OrchestratorChunk | OrchestratorFinished) -> None:
        """A message from the reply's worker."""
        if isinstance(message, OrchestratorChunk):
            self.chunk(message)
        else:
            self.finished(message)

    def chunk(self, message: OrchestratorChunk) -> None:
        """One event of the streaming reply."""
        reply = self.streaming.get(message.turn_id)
        if reply is None:
            return
        if message.kind == "text" and message.text:
            if reply.parts and reply.parts[-1][0] == "text":
                reply.parts[-1][1] += message.text
            else:
                reply.parts.append(["text", message.text])
        elif message.kind == "tool_call":
            reply.parts.append(["tool", f"▶ {readable(message.call)}"])
        elif message.kind == "tool_result":
            mark = "✗" if message.error else "✓"
            detail = f": {message.error}" if message.error else ""
            reply.parts.append(["tool", f"{mark} {readable(message.call)}{detail}"])
        elif message.kind == "error":
            reply.parts.append(["tool", f"✗ {message.text or message.error}"])
        elif message.kind == "status" and message.text:
            self.surface.set_activity(f"orchestrator: {message.text} · Esc stops it")
        _show(reply)

    def finished(self, message: OrchestratorFinished) -> None:
        """The reply ended: show it whole, log it and its calls, end the turn."""
        reply = self.streaming.pop(message.turn_id, None)
        if reply is None:
            return
        answer = message.reply
        streamed = "".join(text for kind, text in reply.parts if kind == "text")
        if answer.text and not streamed:
            reply.parts.insert(0, ["text", answer.text])
        if answer.error:
            reply.parts.append(["tool", f"✗ {answer.error}"])
        entry = reply.entry
        entry.status = "error" if answer.error else (
            "cancelled" if reply.cancel.is_set() else "ok")
        entry.run_ms = answer.latency_ms or message.duration_ms
        if answer.model:
            entry.title = answer.model + (" (cached)" if answer.cached else "")
        _show(reply)
        self.surface.set_activity("")
        logged = self.recorder.orchestrator_turn(answer, reply.text)
        for made in answer.calls:
            self.recorder.orchestrator_call(made, logged)
        item = None
        for made in reversed(answer.calls):
            call = made.get("call") or {}
            args = call.get("arguments") or {}
            if call.get("name") in ("load", "execute") and args.get("item_id"):
                item = (args.get("item_type", ""), args["item_id"])
                break
        self.ended(reply.text, item, logged)


def _show(reply: StreamingReply) -> None:
    lines: list[str] = []
    for kind, text in reply.parts:
        lines.extend(text.splitlines() if kind == "text" else [text])
    reply.entry.lines = lines
    reply.view.refresh_entry()
