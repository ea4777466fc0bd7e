"""What the terminal UI's Pilot tests share: scripted stand-ins for external services and
helpers that type and wait."""

from __future__ import annotations

import threading
from pathlib import Path

from kiwi_term.config import Config
from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
)
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.app import KiwiApp, make_app

NEVER = 1.01
"""A threshold no confidence reaches."""


class ScriptedOrchestrator(Orchestrator):
    """Streams a fixed reply word by word and remembers each request."""

    name = "scripted"

    def __init__(self, reply: str = "I can help with that.") -> None:
        self.reply = reply
        self.requests: list[OrchestratorRequest] = []

    @property
    def state(self) -> str:
        return "ready"

    def run(self, request, on_event, cancel: threading.Event | None = None) -> OrchestratorReply:
        self.requests.append(request)
        for word in self.reply.split(" "):
            on_event(OrchestratorEvent("text", word + " "))
        on_event(OrchestratorEvent("done"))
        return OrchestratorReply(self.reply, provider="test", model="scripted-1", latency_ms=5.0)


class RecordingLog:
    """Stands in for the InteractionLog (issue 6) and records what the UI tells it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name: str):
        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return len(self.calls)

        return record

    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]


def build(project: Path, config: Config, router, **options) -> KiwiApp:
    """The app on `project`, sharing the module's router (the app must not close it)."""
    return make_app(config, Kiwi(project, config), router, close_router=False, **options)


def shown_text(app: KiwiApp) -> str | None:
    result = app.current_result()
    return result.text if result is not None else None


async def type_and_wait(pilot, app: KiwiApp, until, text: str) -> None:
    """Type `text` and wait until its prediction is on screen."""
    await pilot.press(*text)
    assert app.prompt.value == text
    await until(pilot, lambda: shown_text(app) == text, what=f"the prediction for {text!r}")


async def type_and_settle(pilot, app: KiwiApp, until, text: str) -> None:
    """Type `text` and wait for its settled prediction (made once typing pauses), so that the
    top prediction read before Enter is the one Enter decides on."""
    await type_and_wait(pilot, app, until, text)
    await until(pilot, lambda: app.state.predictions.settled(text) and shown_text(app) == text,
                what=f"the settled prediction for {text!r}")


async def wait_for_run(pilot, app: KiwiApp, until) -> None:
    await until(pilot, lambda: not app.runs.running and any(
        e.kind == "call" and e.status != "running" for e in app.transcript.entries),
        what="the call to finish")


def calls(app: KiwiApp):
    return [e for e in app.transcript.entries if e.kind == "call"]
