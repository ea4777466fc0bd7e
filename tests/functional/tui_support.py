"""What the terminal UI's Pilot tests share: building the app, typing and waiting, reading
the interaction log back."""

from __future__ import annotations

from pathlib import Path

from kiwi_term.config import Config
from kiwi_term.interactions import history
from kiwi_term.interactions.log import InteractionLog
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.app import KiwiApp, make_app

NEVER = 1.01
"""A threshold no confidence reaches."""


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


def read_log(log: InteractionLog) -> history.History:
    """What the log holds for its project, once every record is written."""
    assert log.flush(10), "the interaction log did not write its records"
    return history.load(log.path, log.project)
