"""Running an accepted prediction: a worker thread, live step progress, cancel, the result.

A mixin of the app (Textual finds handlers and workers through the class hierarchy), kept apart
so the app module stays about keys and layout.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.ui.messages import ToolCallFinished, ToolCallProgress, ToolCallStarted
from kiwi_term.ui.render import result_lines, result_status, step_line
from kiwi_term.ui.session import Entry

if TYPE_CHECKING:
    from kiwi_term.ui.transcript import EntryView


@dataclass
class Run:
    """One call on its way through the execution worker."""

    id: int
    call: ToolCall
    text: str
    """What the user typed."""
    chosen_by: str
    """router, user or orchestrator (for the log)."""
    entry: Entry
    view: EntryView
    prediction_id: int | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    """Set by Esc; Kiwi stops the script or the directive at the next step."""
    started: float = field(default_factory=time.perf_counter)
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Directive steps seen so far, by name, for live progress."""


def item_of(call: ToolCall) -> tuple[str, str] | None:
    """The (type, id) a call used, for the warm cache; None for a search."""
    args = call.arguments
    if call.name == "search" or "item_id" not in args:
        return None
    return (args["item_type"], args["item_id"])


class ExecutionMixin:
    """Starts calls, shows their progress and results, cancels them on Esc.

    Handlers here are named `on_<message>`: Textual's `@on` only registers handlers of classes
    built by its metaclass, which a mixin is not.
    """

    runs: dict[int, Run]
    _run_counter: int

    def start_call(self, call: ToolCall, text: str, *, chosen_by: str, label: str,
                   confidence: float | None = None, router_ms: float | None = None,
                   prediction_id: int | None = None) -> Run | None:
        """Put a call in the transcript and run it in the worker.

        Returns None (and says why) when another call is still running: one at a time keeps
        the transcript and the warm cache in the order things happened.
        """
        if self.runs:
            self.note("one call at a time: Esc cancels the running one")
            return None
        self._run_counter += 1
        entry = Entry("call", text=text, title=call.readable(), status="running",
                      chosen_by=label, confidence=confidence, router_ms=router_ms)
        view = self.transcript.add(entry)
        run = Run(self._run_counter, call, text, chosen_by, entry, view, prediction_id)
        self.runs[run.id] = run
        self.set_activity(f"running {call.readable()} · Esc cancels")
        self.execute_call(run)
        return run

    @work(thread=True, exclusive=True, exit_on_error=False, group="execute")
    def execute_call(self, run: Run) -> None:
        """The worker: Kiwi.call with progress and cancel; faults become a finished message."""
        post = self.post_message
        post(ToolCallStarted(run.id, run.call))
        worker = get_current_worker()
        started = time.perf_counter()
        try:
            result = self.kiwi.call(
                run.call,
                progress=lambda event: post(ToolCallProgress(run.id, dict(event))),
                cancel=run.cancel,
                reasoner=self.reasoner(run),
            )
        except KiwiError as exc:
            post(ToolCallFinished(run.id, run.call, error=str(exc),
                                  duration_ms=_ms_since(started)))
            return
        except Exception as exc:  # noqa: BLE001 - shown in the transcript, never a crash
            post(ToolCallFinished(run.id, run.call, error=f"{type(exc).__name__}: {exc}",
                                  duration_ms=_ms_since(started)))
            return
        post(ToolCallFinished(run.id, run.call, result=result, duration_ms=_ms_since(started),
                              cancelled=run.cancel.is_set() or worker.is_cancelled))

    def reasoner(self, run: Run) -> Any:
        """A Reasoner for directive reasoning steps, if an orchestrator is configured."""
        orchestrator = self.orchestrator
        if orchestrator is None or orchestrator.state == "none":
            return None

        from kiwi_term.orchestrator.base import OrchestratorRequest

        def reason(item: Any, text: str, done: list[dict[str, Any]]) -> str:
            request = OrchestratorRequest(text=f"Directive {item.id}, step: {text}")
            reply = orchestrator.run(request, lambda _event: None, run.cancel)
            if reply.error:
                raise KiwiError(f"orchestrator: {reply.error}")
            return reply.text

        return reason

    def cancel_runs(self) -> bool:
        """Flag every running call to stop; False when nothing was running."""
        for run in self.runs.values():
            run.cancel.set()
            run.entry.status = "running"
            run.entry.lines = [*run.entry.lines, "cancelling…"]
            run.view.refresh_entry()
        return bool(self.runs)

    def on_tool_call_started(self, message: ToolCallStarted) -> None:
        run = self.runs.get(message.run_id)
        if run is not None:
            run.started = time.perf_counter()

    def on_tool_call_progress(self, message: ToolCallProgress) -> None:
        run = self.runs.get(message.run_id)
        if run is None or "step" not in message.event:
            return
        run.steps[message.event["step"]] = message.event
        run.entry.lines = [step_line(step) for step in run.steps.values()]
        run.view.refresh_entry()

    def on_tool_call_finished(self, message: ToolCallFinished) -> None:
        run = self.runs.pop(message.run_id, None)
        if run is None:
            return
        entry = run.entry
        entry.run_ms = message.duration_ms
        if message.error is not None:
            entry.status, entry.lines = "error", [f"✗ {message.error}"]
            status = "error"
        else:
            result = message.result or {}
            entry.status = result_status(result)
            if message.cancelled and entry.status == "ok" and run.call.name == "execute":
                entry.status = "cancelled"
            entry.lines = result_lines(run.call, result)
            status = entry.status
        run.view.refresh_entry()
        if not self.runs:
            self.set_activity("")
        target = self.recorder.execution(run.call.to_dict(), run.chosen_by, message.duration_ms,
                                         status, run.prediction_id)
        self.feedback_target = ("execution", target)
        self.finish_turn(run.text, item_of(run.call) if status != "error" else None)

    def tick_runs(self) -> None:
        """Show the elapsed time of running calls (called twice a second)."""
        for run in self.runs.values():
            run.entry.run_ms = _ms_since(run.started)
            run.view.refresh_entry()


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
