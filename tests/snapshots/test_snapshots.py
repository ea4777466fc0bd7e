"""What the screen looks like, compared with reviewed SVG snapshots (pytest-textual-snapshot).

These test the UI, not the model: a small scripted router returns fixed predictions with a fixed
latency, the transcript comes from a saved session, the size is fixed and the cursor does not
blink, so the screens are the same on every run. The no-model screen uses the real GGUF router
pointed at a model file that does not exist. Update with `--snapshot-update` only after reading
the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.app import make_app
from kiwi_term.ui.session import Entry, Session, SessionStore
from predictors.router.base import Prediction, Router, RouteResult
from predictors.router.registry import make_router

SIZE = (100, 30)
MISSING_MODEL = "/nonexistent/kiwi/router-model.gguf"
"""A fixed path, so the no-model message is the same on every machine."""


def prediction(name: str, confidence: float, **arguments) -> Prediction:
    return Prediction(ToolCall(name, arguments), confidence)


PREDICTIONS = (
    prediction("execute", 0.72, item_type="script", item_id="csv_parser", action="run"),
    prediction("search", 0.14, item_type="script", query="csv parser"),
    prediction("load", 0.06, item_type="script", item_id="csv_parser"),
    prediction("execute", 0.03, item_type="directive", item_id="validate_leads", action="run"),
)


class FixedRouter(Router):
    """Returns the same predictions for any text, in a fixed 12 ms."""

    name = "fixed"

    def route(self, text, history=(), warm=None, settled=True) -> RouteResult:
        if not text.strip():
            return RouteResult(text, (), 1.0, 0.0)
        return RouteResult(text, PREDICTIONS, 0.05, 12.0)


def saved_session(project: Path) -> None:
    """A conversation of three turns, as the app would have saved it."""
    entries = [
        Entry("call", text="run the csv parser", title="execute(script, csv_parser)",
              status="ok", lines=["exit 0", '  {"ok": true, "args": {"file": null}}'],
              chosen_by="Tab", confidence=0.93, router_ms=11.0, run_ms=84.0),
        Entry("call", text="validate the leads", title="execute(directive, validate_leads)",
              status="waiting",
              lines=["✓ parse          script    {\"ok\": true}",
                     "✓ rules          knowledge loaded email_rules: Email rules",
                     "… summarise      reasoning reasoning step, waiting for the orchestrator",
                     "validate_leads finished; reasoning steps wait for the orchestrator"],
              chosen_by="Enter", confidence=0.88, router_ms=14.0, run_ms=212.0),
        Entry("orchestrator", text="what else can I check?", title="scripted-1", status="ok",
              lines=["Try the endpoint checker, or the deploy checklist before a release."],
              run_ms=1400.0),
    ]
    history = [e.text for e in entries]
    turns = [("run the csv parser", ("script", "csv_parser")),
             ("validate the leads", ("directive", "validate_leads"))]
    SessionStore(project).save(Session(entries, history, turns))  # type: ignore[arg-type]


def fixed_app(project: Path, ui_config, **thresholds):
    config = ui_config(project, **thresholds)
    return make_app(config, Kiwi(project, config), FixedRouter())


def ready(until):
    """run_before: wait until the router is ready and the warm cache has reported."""

    async def wait(pilot) -> None:
        app = pilot.app
        await until(pilot, lambda: app.status.facts.router == "ready"
                    and app.status.facts.cache_items, what="the router")

    return wait


class TestMainScreen:
    def test_restored_conversation(self, snap_compare, dev_project, ui_config, until):
        saved_session(dev_project)
        app = fixed_app(dev_project, ui_config)
        assert snap_compare(app, terminal_size=SIZE, run_before=ready(until))


class TestSuggestionsPanel:
    def test_predictions_while_typing(self, snap_compare, dev_project, ui_config, until):
        app = fixed_app(dev_project, ui_config)

        async def typed(pilot) -> None:
            await ready(until)(pilot)
            await pilot.press(*"run the csv parser")
            await until(pilot, lambda: pilot.app.current_result() is not None,
                        what="the predictions")

        assert snap_compare(app, terminal_size=SIZE, run_before=typed)


class TestConfirmation:
    def test_enter_in_the_confirm_band_asks(self, snap_compare, dev_project, ui_config, until):
        # 0.72 lies between the default thresholds 0.6 and 0.85: Enter asks first.
        app = fixed_app(dev_project, ui_config, auto=0.85, confirm=0.6)

        async def asked(pilot) -> None:
            await ready(until)(pilot)
            await pilot.press(*"parse the csv")
            await until(pilot, lambda: pilot.app.current_result() is not None,
                        what="the predictions")
            await pilot.press("enter")
            await until(pilot, lambda: pilot.app.confirm.prediction is not None,
                        what="the confirmation")

        assert snap_compare(app, terminal_size=SIZE, run_before=asked)


class TestNoModel:
    def test_missing_model_file(self, snap_compare, dev_project, ui_config, until,
                                monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("KIWI_ROUTER_MODEL", MISSING_MODEL)
        config = ui_config(dev_project)
        kiwi = Kiwi(dev_project, config)
        app = make_app(config, kiwi, make_router("gguf", kiwi))

        async def failed(pilot) -> None:
            await until(pilot, lambda: pilot.app.status.facts.router == "unavailable",
                        what="the router fault")
            await pilot.press(*"find email scripts")

        assert snap_compare(app, terminal_size=SIZE, run_before=failed)
