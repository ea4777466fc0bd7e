"""The terminal UI driven key by key through Textual's Pilot, with the real router on the dev
library.

The router is the real GGUF model (loaded once per module and shared between apps, so its
prompt cache carries over); which call it predicts is not asserted unless the text names the
item. Confidence bands are forced through the thresholds in config, never hoped for. The
orchestrator is the real one, talking to llama.cpp's server with SmolLM2-135M, and the
interaction log is the real one in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.interactions.log import InteractionLog
from kiwi_term.ui.messages import PredictionReady
from tests.functional.tui_support import (
    NEVER,
    build,
    calls,
    read_log,
    type_and_settle,
    type_and_wait,
    wait_for_run,
)

pytestmark = pytest.mark.slow

DEV_PROJECT = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "project"
"""The dev library (the `dev_project` fixture gives each test its own copy)."""


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
        assert entry.chosen_by == "Tab"
        # The text names the script: it runs, with no file given, and says so.
        assert top.call.to_dict() == {"name": "execute", "arguments": {
            "item_type": "script", "item_id": "csv_parser", "action": "run"}}
        assert entry.status == "ok"
        assert any('"file": null' in line for line in entry.lines), entry.lines
        assert app.state.history == [text]
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
        dev_project, ui_config, router, until, tmp_path):
    log = InteractionLog(tmp_path / "log.sqlite3", project=dev_project)
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
        await pilot.press("ctrl+g")
    logged = read_log(log)
    # Every prediction shown is recorded; the one acted on is the confirmed one, which ran.
    [action] = logged.actions
    assert action["action"] == "confirmed" and action["rank"] == 1
    acted_on = next(s for s in logged.shown if s["id"] == action["prediction_id"])
    assert acted_on["top_confidence"] == pytest.approx(top.confidence, abs=1e-3)
    [execution] = logged.executions
    assert execution["call"] == top.call.to_dict() and execution["status"] == "ok"
    assert execution["prediction_id"] == action["prediction_id"]
    assert logged.feedback == {execution["id"]: True}


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
        dev_project, ui_config, router, until, orchestrator):
    app = build(dev_project, ui_config(dev_project, auto=NEVER, confirm=NEVER), router,
                orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        text = "how does this whole thing work"
        await type_and_settle(pilot, app, until, text)
        top_result = app.current_result()
        top = top_result.top
        await pilot.press("enter")
        await until(pilot, lambda: any(e.kind == "orchestrator" and e.status != "streaming"
                                       for e in app.transcript.entries), what="the reply")
        entry = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert entry.status == "ok", entry.lines
        assert entry.text == text and app.prompt.value == ""
        assert entry.lines and entry.title == "smollm2"  # the model's own reply, streamed in
        # What the orchestrator was asked: the text, the router's note, the warm items.
        request = app.conversation.request(text, top_result, app.warm_items)
        assert request.text == text
        assert request.router.call == top.call.to_dict()
        assert request.warm_items


async def test_ctrl_e_goes_to_the_orchestrator_whatever_the_router_says(
        dev_project, ui_config, router, until, orchestrator):
    app = build(dev_project, ui_config(dev_project, auto=0.0, confirm=0.0), router,
                orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press(*"run the csv_parser script", "ctrl+e")
        assert app.prompt.value == ""
        await until(pilot, lambda: any(e.kind == "orchestrator" and e.status != "streaming"
                                       for e in app.transcript.entries), what="the reply")
        entry = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert entry.text == "run the csv_parser script" and entry.status == "ok"
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
        app.runs.start(slow, "run the slow job", chosen_by="user", label="test")
        await pilot.pause(0.5)
        assert app.runs
        await pilot.press("escape")
        await wait_for_run(pilot, app, until)
        assert calls(app)[0].status == "cancelled"
        # A call Kiwi refuses (a required input is missing) is an error entry, not a crash.
        refused = ToolCall("execute", {"item_type": "directive", "item_id": "email_validator"})
        app.runs.start(refused, "validate emails", chosen_by="user", label="test")
        await until(pilot, lambda: not app.runs.running, what="the refused call")
        entry = calls(app)[1]
        assert entry.status == "error" and "needs input 'file'" in entry.lines[0]


async def test_up_on_an_empty_input_recalls_history(
        dev_project, ui_config, router, until, orchestrator):
    app = build(dev_project, ui_config(dev_project), router, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        for text in ("first question", "second question"):
            await pilot.press(*text, "ctrl+e")
            await until(pilot, lambda: not app.conversation.streaming, what="the reply")
        assert app.state.history == ["first question", "second question"]
        await pilot.press("up")
        assert app.prompt.value == "second question"
        await pilot.press("up")
        assert app.prompt.value == "first question"
        await pilot.press("down")
        assert app.prompt.value == "second question"
        await pilot.press("down")
        assert app.prompt.value == ""


async def test_the_status_bar_times_keystrokes_not_settled_passes(
        dev_project, ui_config, router, until):
    seen: list = []
    app = build(dev_project, ui_config(dev_project), router)
    async with app.run_test(size=(110, 36), message_hook=seen.append) as pilot:
        text = "validate the leads"
        await type_and_settle(pilot, app, until, text)
        mine = [m for m in seen if isinstance(m, PredictionReady) and m.result.text == text]
        typed = [m for m in mine if not m.settled]
        assert typed and any(m.settled for m in mine)
        # The settled pass reads the whole request again (tens of ms, hundreds when the menu
        # changes); the status bar reports what a keystroke costs.
        assert app.status.facts.keystroke_ms == typed[-1].result.latency_ms


async def test_the_cursor_stops_blinking_when_typing_stops(
        dev_project, ui_config, router, until, monkeypatch):
    from kiwi_term.ui.prompt import PromptInput

    monkeypatch.setattr(PromptInput, "blink_rest", 0.4)
    config = ui_config(dev_project)
    config.data["ui"]["cursor_blink"] = True
    app = build(dev_project, config, router)
    async with app.run_test(size=(110, 36)) as pilot:
        prompt = app.prompt
        seen: list[bool] = []
        prompt.watch(prompt, "cursor_blink", lambda blink: seen.append(blink), init=True)
        await until(pilot, lambda: seen == [True, False], timeout=30, what="the cursor to rest")
        # At rest the cursor stays lit (Textual's own flag), not hidden mid-blink.
        assert prompt._cursor_visible
        await pilot.press("r", "u", "n")
        # Each key lights it again; with no key for blink_rest it rests (on a loaded machine the
        # pilot's keys can be that far apart, so it may rest between them too).
        await until(pilot, lambda: len(seen) >= 4 and not seen[-1], timeout=30,
                    what="blinking while typing, then a second rest")
        assert seen == [True, False] * (len(seen) // 2)

    config.data["ui"]["cursor_blink"] = False
    app = build(dev_project, config, router)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("r")
        assert not app.prompt.cursor_blink
