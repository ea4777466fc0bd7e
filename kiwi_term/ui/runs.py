"""Running an accepted prediction: a worker thread, live step progress, cancel, the result."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.worker import get_current_worker

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.messages import ToolCallFinished, ToolCallProgress, ToolCallStarted
from kiwi_term.ui.record import Recorder
from kiwi_term.ui.render import result_lines, result_status, step_line
from kiwi_term.ui.session import Entry
from kiwi_term.ui.surface import Surface
from kiwi_term.ui.transcript import EntryView, Transcript

Reasoner = Callable[[Any, str, list[dict[str, Any]]], str]
"""(directive item, step text, steps done) -> the orchestrator's answer for a reasoning step."""


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


RunEnded = Callable[[str, "tuple[str, str] | None", "int | None"], None]
"""(text, item used, log id) of a finished run."""


class RunController:
    """Starts calls, shows their progress and results, cancels them on Esc. One at a time keeps
    the transcript and the warm cache in the order things happened."""

    def __init__(self, kiwi: Kiwi, surface: Surface, transcript: Transcript, recorder: Recorder,
                 reasoner: Callable[[threading.Event], Reasoner | None],
                 ended: RunEnded) -> None:
        self.kiwi = kiwi
        self.surface = surface
        self.transcript = transcript
        self.recorder = recorder
        self.reasoner = reasoner
        """A Reasoner for directive reasoning steps, given the run's cancel flag, if any."""
        self.ended = ended
        """Told when a run ends (the app then finishes the turn)."""
        self.running: dict[int, Run] = {}
        """Calls running now, by run id (at most one)."""
        self._counter = 0

    def start(self, call: ToolCall, text: str, *, chosen_by: str, label: str,
              confidence: float | None = None, router_ms: float | None = None,
              prediction_id: int | None = None) -> Run | None:
        """Put a call in the transcript and run it in a worker.

        Returns None (and says why) when another call is still running.
        """
        if self.running:
            self.surface.note("one call at a time: Esc cancels the running one")
            return None
        self._counter += 1
        entry = Entry("call", text=text, title=call.readable(), status="running",
                      chosen_by=label, confidence=confidence, router_ms=router_ms)
        view = self.transcript.add(entry)
        run = Run(self._counter, call, text, chosen_by, entry, view, prediction_id)
        self.running[run.id] = run
        self.surface.set_activity(f"running {call.readable()} · Esc cancels")
        self.surface.start_thread(lambda: self._execute(run), "execute", "execute_call")
        return run

    def _execute(self, run: Run) -> None:
        """The worker: Kiwi.call with progress and cancel; faults become a finished message."""
        post = self.surface.post_message
        post(ToolCallStarted(run.id, run.call))
        worker = get_current_worker()
        started = time.perf_counter()
        try:
            result = self.kiwi.call(
                run.call,
                progress=lambda event: post(ToolCallProgress(run.id, dict(event))),
                cancel=run.cancel,
                reasoner=self.reasoner(run.cancel),
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

    def cancel(self) -> bool:
        """Flag every running call to stop; False when nothing was running."""
        for run in self.running.values():
            run.cancel.set()
            run.entry.status = "running"
            run.entry.lines = [*run.entry.lines, "cancelling…"]
            run.view.refresh_entry()
        return bool(self.running)

    def stop_all(self) -> None:
        """Flag every run to stop without redrawing (the app is closing)."""
        for run in self.running.values():
            run.cancel.set()

    def receive(self, message: ToolCallStarted | ToolCallProgress | ToolCallFinished) -> None:
        """A message from a run's worker."""
        if isinstance(message, ToolCallStarted):
            self.started(message)
        elif isinstance(message, ToolCallProgress):
            self.progressed(message)
        else:
            self.finished(message)

    def started(self, message: ToolCallStarted) -> None:
        """The worker began the call."""
        run = self.running.get(message.run_id)
        if run is not None:
            run.started = time.perf_counter()

    def progressed(self, message: ToolCallProgress) -> None:
        """A directive step changed."""
        run = self.running.get(message.run_id)
        if run is None or "step" not in message.event:
            return
        run.steps[message.event["step"]] = message.event
        run.entry.lines = [step_line(step) for step in run.steps.values()]
        run.view.refresh_entry()

    def finished(self, message: ToolCallFinished) -> None:
        """The call ended: show the result, log it, end the turn."""
        run = self.running.pop(message.run_id, None)
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
        if not self.running:
            self.surface.set_activity("")
        logged = self.recorder.execution(run.call.to_dict(), run.chosen_by,
                                         message.duration_ms, status, run.prediction_id)
        self.ended(run.text, item_of(run.call) if status != "error" else None, logged)

    def tick(self) -> None:
        """Show the elapsed time of running calls (called twice a second)."""
        for run in self.running.values():
            run.entry.run_ms = _ms_since(run.started)
            run.view.refresh_entry()


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
