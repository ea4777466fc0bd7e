"""Handing a turn to the orchestrator: the request, the streamed reply, Esc to stop it.

A mixin of the app, like execution.py. With no orchestrator configured the app says so, and how
to configure one, instead of pretending.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import work

from kiwi_term.calls import ToolCall
from kiwi_term.config import config_dir
from kiwi_term.errors import KiwiError
from kiwi_term.ui.messages import OrchestratorChunk, OrchestratorFinished
from kiwi_term.ui.session import Entry
from predictors.base import RouteResult

if TYPE_CHECKING:
    from kiwi_term.ui.transcript import EntryView

NO_ORCHESTRATOR = (
    "No orchestrator is configured, so only the router's predictions can run. To add one, put "
    "an OpenAI-compatible endpoint in {config} ([orchestrator] default = \"NAME\" and a "
    "[providers.NAME] table with base_url and model), or start kiwi with --orchestrator-url URL "
    "--orchestrator-model MODEL."
)


@dataclass
class Turn:
    """One orchestrator turn in progress."""

    id: int
    text: str
    entry: Entry
    view: EntryView
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.perf_counter)
    parts: list[list[str]] = field(default_factory=list)
    """[kind, text] pieces in arrival order: streamed text and tool lines."""


def readable(call: dict[str, Any] | None) -> str:
    """A call dict in readable form, or its raw JSON name when it does not validate."""
    if not call:
        return "(call)"
    try:
        return ToolCall.from_json(call).readable()
    except KiwiError:
        return str(call.get("name", "(call)"))


class OrchestratorMixin:
    """Sends text to the orchestrator and streams its reply into the transcript.

    Handlers are named `on_<message>`, not `@on`, for the reason given in execution.py.
    """

    turns: dict[int, Turn]
    _turn_counter: int

    def no_orchestrator_message(self) -> str:
        """What to tell the user when there is no orchestrator (the orchestrator's own reason,
        e.g. a misconfigured provider, when it gives one)."""
        reason = getattr(self.orchestrator, "reason", "")
        general = NO_ORCHESTRATOR.format(config=config_dir() / "config.toml")
        return f"{reason[:1].upper()}{reason[1:]}." if reason else general

    def ask_orchestrator(self, text: str, result: RouteResult | None) -> Turn | None:
        """Start a turn; None (with a note saying why) when none is configured or one runs."""
        if self.orchestrator is None or self.orchestrator.state == "none":
            self.note("no orchestrator configured", [self.no_orchestrator_message()])
            return None
        if self.turns:
            self.note("the orchestrator is still answering: Esc stops it")
            return None
        self._turn_counter += 1
        model = getattr(self.orchestrator, "name", "orchestrator")
        entry = Entry("orchestrator", text=text, title=model, status="streaming")
        turn = Turn(self._turn_counter, text, entry, self.transcript.add(entry))
        self.turns[turn.id] = turn
        self.set_activity("orchestrator answering · Esc stops it")
        self.refresh_orchestrator_state()
        self.run_orchestrator(turn, self.orchestrator_request(text, result))
        return turn

    def orchestrator_request(self, text: str, result: RouteResult | None) -> Any:
        """The request: text, earlier turns, the router's note and the warm items."""
        from kiwi_term.orchestrator.base import OrchestratorRequest, RouterNote

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
            answer = "\n".join([entry.title, *entry.lines]) if entry.kind == "call" else "\n".join(
                entry.lines)
            history.append({"role": "assistant", "content": answer[:2000]})
        warm = tuple({"type": t, "id": i, "description": d} for t, i, d in self.warm_items)
        return OrchestratorRequest(text, tuple(history), note, warm,
                                   persona=getattr(self, "persona", None))

    @work(thread=True, exclusive=True, exit_on_error=False, group="orchestrator")
    def run_orchestrator(self, turn: Turn, request: Any) -> None:
        """The worker: one blocking `Orchestrator.run`, its events posted as they come."""
        from kiwi_term.orchestrator.base import OrchestratorReply

        def on_event(event: Any) -> None:
            self.post_message(OrchestratorChunk(
                turn.id, event.kind, event.text, event.call, event.result, event.error))

        started = time.perf_counter()
        try:
            reply = self.orchestrator.run(request, on_event, turn.cancel)
        except Exception as exc:  # noqa: BLE001 - run() should not raise; if it does, say so
            reply = OrchestratorReply(text="", error=f"{type(exc).__name__}: {exc}")
        self.post_message(OrchestratorFinished(turn.id, reply,
                                               (time.perf_counter() - started) * 1000))

    def cancel_turns(self) -> bool:
        """Stop the streaming reply; False when none is streaming."""
        for turn in self.turns.values():
            turn.cancel.set()
        return bool(self.turns)

    def on_orchestrator_chunk(self, message: OrchestratorChunk) -> None:
        turn = self.turns.get(message.turn_id)
        if turn is None:
            return
        if message.kind == "text" and message.text:
            if turn.parts and turn.parts[-1][0] == "text":
                turn.parts[-1][1] += message.text
            else:
                turn.parts.append(["text", message.text])
        elif message.kind == "tool_call":
            turn.parts.append(["tool", f"▶ {readable(message.call)}"])
        elif message.kind == "tool_result":
            mark = "✗" if message.error else "✓"
            detail = f": {message.error}" if message.error else ""
            turn.parts.append(["tool", f"{mark} {readable(message.call)}{detail}"])
        elif message.kind == "error":
            turn.parts.append(["tool", f"✗ {message.text or message.error}"])
        elif message.kind == "status" and message.text:
            self.set_activity(f"orchestrator: {message.text} · Esc stops it")
        self._show_turn(turn)
        self.refresh_orchestrator_state()

    def on_orchestrator_finished(self, message: OrchestratorFinished) -> None:
        turn = self.turns.pop(message.turn_id, None)
        if turn is None:
            return
        reply = message.reply
        streamed = "".join(text for kind, text in turn.parts if kind == "text")
        if reply.text and not streamed:
            turn.parts.insert(0, ["text", reply.text])
        if reply.error:
            turn.parts.append(["tool", f"✗ {reply.error}"])
        entry = turn.entry
        entry.status = "error" if reply.error else ("cancelled" if turn.cancel.is_set() else "ok")
        entry.run_ms = reply.latency_ms or message.duration_ms
        if reply.model:
            entry.title = reply.model + (" (cached)" if reply.cached else "")
        self._show_turn(turn)
        self.set_activity("")
        self.refresh_orchestrator_state()
        target = self.recorder.orchestrator_turn(reply, turn.text)
        self.feedback_target = ("orchestrator", target)
        for made in reply.calls:
            self.recorder.orchestrator_call(made, target)
        item = None
        for made in reversed(reply.calls):
            call = made.get("call") or {}
            args = call.get("arguments") or {}
            if call.get("name") in ("load", "execute") and args.get("item_id"):
                item = (args.get("item_type", ""), args["item_id"])
                break
        self.finish_turn(turn.text, item)

    def _show_turn(self, turn: Turn) -> None:
        lines: list[str] = []
        for kind, text in turn.parts:
            lines.extend(text.splitlines() if kind == "text" else [text])
        turn.entry.lines = lines
        turn.view.refresh_entry()
