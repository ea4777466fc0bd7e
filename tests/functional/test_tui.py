"""The terminal UI driven key by key through Textual's Pilot, with the real router on the dev
library.

The router is the real GGUF model (loaded once per module and shared between apps, so its
prompt cache carries over); which call it predicts is not asserted unless the text names the
item. Confidence bands are forced through the thresholds in config, never hoped for. The
orchestrator is a scripted stand-in for an external server; the real one is tested with its
own module.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.config import Config
from kiwi_term.core import Kiwi
from kiwi_term.orchestrator.base import (
    Orchestrator,
    OrchestratorEvent,
    OrchestratorReply,
    OrchestratorRequest,
)
from kiwi_term.ui.app import KiwiApp, make_app
from kiwi_term.ui.messages import PredictionReady
from kiwi_term.ui.startup import open_library
from predictors.base import make_router

pytestmark = pytest.mark.slow

DEV_PROJECT = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "project"
"""The dev library (the `dev_project` fixture gives each test its own copy)."""

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


@pytest.fixture(scope="module")
def router(router_model_file: Path | None, tmp_path_factory: pytest.TempPathFactory):
    """The real keystroke router on a copy of the dev library, started once for the module."""
    if router_model_file is None or not router_model_file.is_file():
        pytest.skip("the router model package is not installed")
    if not DEV_PROJECT.is_dir():
        pytest.skip("the dev library is missing")
    home = tmp_path_factory.mktemp("router-home")
    # Defaults, not the machine's config: a module fixture runs outside the per-test folders.
    kiwi = Kiwi(DEV_PROJECT, Config(), user_home=home / ".ai")
    # One llama.cpp thread: with two on a two-core machine that is busy elsewhere, each
    # keystroke waited for both threads to be scheduled together (measured 25 s against 0.8 s).
    shared = make_router("gguf", kiwi, model=router_model_file, threads=1)
    shared.start()
    yield shared
    shared.close()


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
    await until(pilot, lambda: app.predictions.settled(text) and shown_text(app) == text,
                what=f"the settled prediction for {text!r}")


async def wait_for_run(pilot, app: KiwiApp, until) -> None:
    await until(pilot, lambda: not app.runs and any(
        e.kind == "call" and e.status != "running" for e in app.transcript.entries),
        what="the call to finish")


def calls(app: KiwiApp):
    return [e for e in app.transcript.entries if e.kind == "call"]


async def test_tab_runs_the_top_prediction_and_warms_the_cache(
        dev_project, ui_config, router, until):
    config = ui_config(dev_project)
    seen: list = []
    app = build(dev_project, config, router)
    async with app.run_test(size=(110, 36), message_hook=seen.append) as pilot:
        text = "run the csv_parser script"
        await type_and_wait(pilot, app, until, text)
        assert any(isinstance(m, PredictionReady) and m.result.text == text for m in seen)
        top = app.current_result().top
        assert app.panel.predictions and app.panel.highlighted == 0
        await pilot.press("tab")
        assert app.prompt.value == ""
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.text == text and entry.title == top.call.readable()
        assert entry.chosen_by == "Tab" and entry.lines
        assert entry.status in ("ok", "failed", "error", "waiting")
        assert app.history == [text]
        # The turn reached the warm cache through the router thread.
        await until(pilot, lambda: app.router_loop.stats.turns == 1, what="the warm cache turn")
        await until(pilot, lambda: app.status.facts.cache in ("warm", "hot"), what="cache state")


async def test_alt_n_runs_that_prediction(dev_project, ui_config, router, until):
    app = build(dev_project, ui_config(dev_project), router)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "show me the email rules"
        await type_and_wait(pilot, app, until, text)
        predictions = app.current_result().predictions
        # Prefer a call that runs at once (a load), so the test does not wait for search.
        number = next((n for n, p in enumerate(predictions, 1)
                       if p.call.name == "load" and n > 1), 2)
        await pilot.press(f"alt+{number}")
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.title == predictions[number - 1].call.readable()
        assert entry.chosen_by == f"Alt+{number}"


async def test_down_then_enter_runs_the_highlighted_prediction(
        dev_project, ui_config, router, until):
    # Thresholds that would send Enter to the orchestrator: the moved highlight must win.
    app = build(dev_project, ui_config(dev_project, auto=NEVER, confirm=NEVER), router)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "load the deploy checklist"
        await type_and_wait(pilot, app, until, text)
        predictions = app.current_result().predictions
        await pilot.press("down")
        assert app.panel.highlighted == 1
        await pilot.press("enter")
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.title == predictions[1].call.readable() and entry.chosen_by == "Enter"


async def test_enter_runs_at_once_at_or_above_the_auto_threshold(
        dev_project, ui_config, router, until):
    app = build(dev_project, ui_config(dev_project, auto=0.0, confirm=0.0), router)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "open the kiwi concepts note"
        await type_and_settle(pilot, app, until, text)
        top = app.current_result().top
        await pilot.press("enter")
        assert not app.confirm.prediction
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.title == top.call.readable() and entry.chosen_by == "Enter"


async def test_enter_in_the_confirm_band_asks_then_enter_runs(
        dev_project, ui_config, router, until):
    log = RecordingLog()
    app = build(dev_project, ui_config(dev_project, auto=NEVER, confirm=0.0), router, log=log)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "load the email rules"
        await type_and_settle(pilot, app, until, text)
        top = app.current_result().top
        await pilot.press("enter")
        assert app.confirm.prediction is top
        assert not calls(app) and app.prompt.value == text
        await pilot.press("enter")
        assert app.confirm.prediction is None
        await wait_for_run(pilot, app, until)
        entry = calls(app)[0]
        assert entry.title == top.call.readable() and entry.chosen_by == "confirmed"
        names = log.names()
        # Every prediction shown is recorded; the one acted on comes before the action.
        acted = names.index("user_action")
        assert "prediction_shown" in names[:acted]
        assert [n for n in names if n != "prediction_shown"][:2] == ["user_action", "execution"]
        assert next(c for c in log.calls if c[0] == "user_action")[1][1] == "confirmed"
        await pilot.press("ctrl+g")
        assert log.calls[-1][0] == "feedback" and log.calls[-1][1] == (True,)


async def test_esc_cancels_the_confirmation_and_then_dismisses(
        dev_project, ui_config, router, until):
    app = build(dev_project, ui_config(dev_project, auto=NEVER, confirm=0.0), router)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "load the email rules"
        await type_and_settle(pilot, app, until, text)
        await pilot.press("enter")
        assert app.confirm.prediction is not None
        await pilot.press("escape")
        assert app.confirm.prediction is None and app.prompt.value == text
        assert app.panel.predictions  # the first Esc only drops the question
        await pilot.press("escape")
        assert not app.panel.predictions and app.current_result() is None
        assert not calls(app)


async def test_enter_below_the_confirm_band_goes_to_the_orchestrator(
        dev_project, ui_config, router, until):
    orchestrator = ScriptedOrchestrator("Two scripts parse CSV files.")
    app = build(dev_project, ui_config(dev_project, auto=NEVER, confirm=NEVER), router,
                orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "how does this whole thing work"
        await type_and_settle(pilot, app, until, text)
        top = app.current_result().top
        await pilot.press("enter")
        await until(pilot, lambda: any(e.kind == "orchestrator" and e.status == "ok"
                                       for e in app.transcript.entries), what="the reply")
        request = orchestrator.requests[0]
        assert request.text == text
        assert request.router.call == top.call.to_dict()
        assert request.warm_items  # the warm cache's items go with the request
        entry = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert "Two scripts parse CSV files." in " ".join(entry.lines)
        assert entry.title == "scripted-1"


async def test_ctrl_e_goes_to_the_orchestrator_whatever_the_router_says(
        dev_project, ui_config, router, until):
    orchestrator = ScriptedOrchestrator()
    app = build(dev_project, ui_config(dev_project, auto=0.0, confirm=0.0), router,
                orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press(*"run the csv_parser script", "ctrl+e")
        assert app.prompt.value == ""
        await until(pilot, lambda: orchestrator.requests, what="the orchestrator")
        assert orchestrator.requests[0].text == "run the csv_parser script"
        assert not calls(app)


async def test_without_an_orchestrator_enter_says_how_to_configure_one(
        dev_project, ui_config, router, until):
    app = build(dev_project, ui_config(dev_project, auto=NEVER, confirm=NEVER), router)
    async with app.run_test(size=(110, 36)) as pilot:
        assert app.status.facts.orchestrator == "none"
        assert "none configured" in app.status.render_facts().plain
        text = "tell me a joke"
        await type_and_settle(pilot, app, until, text)
        await pilot.press("enter")
        note = app.transcript.entries[-1]
        assert note.kind == "note" and "No orchestrator configured" in note.title
        assert "--orchestrator-url" in note.lines[0] and "config.toml" in note.lines[0]
        assert app.prompt.value == text  # nothing was done with it
        await pilot.press("ctrl+e")
        assert "No orchestrator configured" in app.transcript.entries[-1].title


async def test_esc_cancels_a_running_step_and_errors_land_in_the_transcript(
        dev_project, ui_config, router, until, put):
    put(dev_project / ".ai" / "scripts" / "slow_job.py", '''
        """Sleep for a long time.

        Tags: test
        """
        import time
        time.sleep(60)
    ''')
    app = build(dev_project, ui_config(dev_project), router)
    async with app.run_test(size=(110, 36)) as pilot:
        slow = ToolCall("execute", {"item_type": "script", "item_id": "slow_job"})
        app.start_call(slow, "run the slow job", chosen_by="user", label="test")
        await pilot.pause(0.5)
        assert app.runs
        await pilot.press("escape")
        await wait_for_run(pilot, app, until)
        assert calls(app)[0].status == "cancelled"
        # A call Kiwi refuses (a required input is missing) is an error entry, not a crash.
        refused = ToolCall("execute", {"item_type": "directive", "item_id": "email_validator"})
        app.start_call(refused, "validate emails", chosen_by="user", label="test")
        await until(pilot, lambda: not app.runs, what="the refused call")
        entry = calls(app)[1]
        assert entry.status == "error" and "needs input 'file'" in entry.lines[0]


async def test_up_on_an_empty_input_recalls_history(dev_project, ui_config, router, until):
    orchestrator = ScriptedOrchestrator()
    app = build(dev_project, ui_config(dev_project), router, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        for text in ("first question", "second question"):
            await pilot.press(*text, "ctrl+e")
            await until(pilot, lambda: not app.turns, what="the reply")
        assert app.history == ["first question", "second question"]
        await pilot.press("up")
        assert app.prompt.value == "second question"
        await pilot.press("up")
        assert app.prompt.value == "first question"
        await pilot.press("down")
        assert app.prompt.value == "second question"
        await pilot.press("down")
        assert app.prompt.value == ""


async def test_the_conversation_survives_a_restart(dev_project, ui_config, router, until):
    config = ui_config(dev_project)
    first = build(dev_project, config, router)
    async with first.run_test(size=(110, 36)) as pilot:
        text = "load the email rules"
        await type_and_wait(pilot, first, until, text)
        await pilot.press("tab")
        await wait_for_run(pilot, first, until)
        before = [e for e in first.transcript.entries if e.kind != "note"]
    second = build(dev_project, ui_config(dev_project), router)
    async with second.run_test(size=(110, 36)) as pilot:
        after = [e for e in second.transcript.entries if e.kind != "note"]
        assert [(e.text, e.title, e.lines) for e in after] == [
            (e.text, e.title, e.lines) for e in before]
        assert second.history == [text]
        await pilot.press("up")
        assert second.prompt.value == text


async def test_a_missing_model_file_leaves_the_app_running_and_says_so(
        dev_project, ui_config, tmp_path, monkeypatch, until):
    missing = tmp_path / "no-such-model.gguf"
    monkeypatch.setenv("KIWI_ROUTER_MODEL", str(missing))
    config = ui_config(dev_project)
    kiwi = Kiwi(dev_project, config)
    app = make_app(config, kiwi, make_router("gguf", kiwi))
    async with app.run_test(size=(110, 36)) as pilot:
        await until(pilot, lambda: app.status.facts.router == "unavailable", what="the fault")
        status = app.status.render_facts().plain
        assert "unavailable" in status and str(missing) in status
        assert any("Predictions are off" in e.title for e in app.transcript.entries)
        await pilot.press(*"find email scripts")
        assert app.prompt.value == "find email scripts"  # typing still works
        await pilot.press("ctrl+e")
        assert "No orchestrator configured" in app.transcript.entries[-1].title


async def test_a_first_run_opens_the_demo_library_read_only(
        tmp_path, ui_config, monkeypatch, until):
    monkeypatch.chdir(tmp_path)
    kiwi = open_library(None)
    assert kiwi.read_only and kiwi.project.name == "demo"
    config = ui_config(None)
    app = make_app(config, kiwi, None)
    async with app.run_test(size=(110, 36)):
        status = app.status.render_facts().plain
        assert "demo library, read-only" in status and "kiwi init" in status
        assert any("demo library" in e.title for e in app.transcript.entries)


async def test_the_interaction_log_records_what_the_user_did(
        dev_project, ui_config, router, until):
    import sqlite3

    from kiwi_term.interactions.log import InteractionLog

    config = ui_config(dev_project)
    log = InteractionLog.from_config(config, dev_project)
    app = build(dev_project, config, router, log=log)
    async with app.run_test(size=(110, 36)) as pilot:
        await type_and_wait(pilot, app, until, "load the email rules")
        await pilot.press("alt+1")
        await wait_for_run(pilot, app, until)
        await pilot.press("ctrl+n")
    assert log.flush(10)
    log.close()
    with sqlite3.connect(log.path) as db:
        actions = db.execute("SELECT action, rank FROM actions").fetchall()
        runs = db.execute("SELECT chosen_by FROM executions").fetchall()
        marks = db.execute("SELECT good FROM feedback").fetchall()
        shown = db.execute("SELECT text FROM shown").fetchall()
    # Predictions are recorded as they are shown while typing; the last is the one acted on.
    assert shown[-1] == ("load the email rules",)
    assert all("load the email rules".startswith(text) for (text,) in shown)
    assert actions == [("accepted_alt", 1)] and runs == [("router",)] and marks == [(0,)]


async def test_an_unconfigured_orchestrator_gives_its_own_reason(
        dev_project, ui_config, router, monkeypatch):
    from kiwi_term.orchestrator import make_orchestrator

    monkeypatch.delenv("KIWI_ORCHESTRATOR_URL", raising=False)
    monkeypatch.delenv("KIWI_ORCHESTRATOR_MODEL", raising=False)
    config = ui_config(dev_project)
    kiwi = Kiwi(dev_project, config)
    orchestrator = make_orchestrator(kiwi, config)
    assert orchestrator.state == "none"
    app = make_app(config, kiwi, router, orchestrator, close_router=False)
    async with app.run_test(size=(110, 36)) as pilot:
        assert app.status.facts.orchestrator == "none"
        await pilot.press(*"summarise the project", "ctrl+e")
        note = app.transcript.entries[-1]
        assert "No orchestrator configured" in note.title
        assert "--orchestrator-url" in note.lines[0] and "config.toml" in note.lines[0]
        assert app.prompt.value == "summarise the project"


async def test_enter_mid_typing_decides_on_the_settled_prediction(
        dev_project, ui_config, router, until):
    config = ui_config(dev_project, auto=0.0, confirm=0.0)
    config.data["ui"]["settle_ms"] = 600_000  # typing never "pauses" here: only Enter settles
    seen: list = []
    app = build(dev_project, config, router)
    async with app.run_test(size=(110, 36), message_hook=seen.append) as pilot:
        text = "open the kiwi concepts note"
        await type_and_wait(pilot, app, until, text)
        assert not app.predictions.settled(text)
        await pilot.press("enter")
        await wait_for_run(pilot, app, until)
        settled = [m.result for m in seen if isinstance(m, PredictionReady) and m.settled]
        assert [r.text for r in settled] == [text]
        entry = calls(app)[0]
        assert entry.chosen_by == "Enter"
        assert entry.title == settled[0].top.call.readable()
        assert entry.confidence == settled[0].top.confidence


async def test_persona_command_fixes_the_orchestrators_persona(
        dev_project, ui_config, router, until):
    orchestrator = ScriptedOrchestrator()
    config = ui_config(dev_project)
    config.data["personas"] = {"terse": {"description": "short answers", "system": "Be brief."}}
    app = build(dev_project, config, router, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press(*"/persona nobody", "enter")
        assert app.persona is None
        assert "no persona 'nobody'" in " ".join(e.title for e in app.transcript.entries)
        await pilot.press(*"/persona terse", "enter")
        assert app.persona == "terse" and app.prompt.value == ""
        await pilot.press(*"tell me about the csv parser", "ctrl+e")
        await until(pilot, lambda: orchestrator.requests, what="the orchestrator")
        assert orchestrator.requests[0].persona == "terse"
