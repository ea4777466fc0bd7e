"""The terminal UI across sessions and around its edges: persistence, a missing model, the demo
library, the interaction log, the orchestrator's own reasons, settling and personas."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from kiwi_term.calls import ToolCall
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.app import make_app
from kiwi_term.ui.messages import PredictionReady
from kiwi_term.ui.startup import open_library
from predictors.router.base import Prediction, Router, RouteResult
from predictors.router.registry import make_router
from tests.functional.orchestrator_support import SSE_HEAD, FaultServer, build_orchestrator, chunk
from tests.functional.tui_support import (
    build,
    calls,
    type_and_wait,
    wait_for_run,
)

pytestmark = pytest.mark.slow

DEV_PROJECT = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "project"
"""The dev library (the `dev_project` fixture gives each test its own copy)."""


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
        assert second.state.history == [text]
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
        assert not app.state.predictions.settled(text)
        await pilot.press("enter")
        await wait_for_run(pilot, app, until)
        settled = [m.result for m in seen if isinstance(m, PredictionReady) and m.settled]
        assert [r.text for r in settled] == [text]
        entry = calls(app)[0]
        assert entry.chosen_by == "Enter"
        assert entry.title == settled[0].top.call.readable()
        assert entry.confidence == settled[0].top.confidence


async def test_persona_command_fixes_the_orchestrators_persona(
        dev_project, ui_config, router, until, llama_server, kiwi_env):
    terse = {"description": "short answers", "system": "Be brief."}
    orchestrator = build_orchestrator(kiwi_env, dev_project, llama_server, {"max_tokens": 12},
                                      tables={"personas.terse": terse}, tool_choice="none")
    config = ui_config(dev_project)
    assert config.section("personas") == {"terse": terse}
    app = build(dev_project, config, router, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press(*"/persona nobody", "enter")
        assert app.conversation.persona is None
        assert "no persona 'nobody'" in " ".join(e.title for e in app.transcript.entries)
        await pilot.press(*"/persona terse", "enter")
        assert app.conversation.persona == "terse" and app.prompt.value == ""
        await pilot.press(*"tell me about the csv parser", "ctrl+e")
        await until(pilot, lambda: any(e.kind == "orchestrator" and e.status != "streaming"
                                       for e in app.transcript.entries), what="the reply")
        reply = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert reply.status == "ok", reply.lines
        # Every request from now on carries the persona.
        assert app.conversation.request("and the parser?", None, ()).persona == "terse"


class LateRouter(Router):
    """A router still loading when the user hands the text over (a scripted stand-in: the
    timing, not the model, is under test)."""

    name = "late"

    def __init__(self) -> None:
        self.release = threading.Event()
        """Set by the test once the text is handed over: only then does loading finish."""

    def start(self) -> None:
        self.release.wait(30)

    def route(self, text, history=(), warm=None, settled=True) -> RouteResult:
        call = ToolCall("execute",
                        {"item_type": "script", "item_id": "csv_parser", "action": "run"})
        return RouteResult(text, (Prediction(call, 0.7),), 0.1, 1.0)


REPLY = "Let me think about that for a moment now."


def slow_reply(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    """A server that streams its reply a word every 0.4 s: slow enough that the router's late
    guess arrives while it streams."""
    conn.sendall(SSE_HEAD)
    for word in REPLY.split(" "):
        if server.stopped.wait(0.4):
            return
        conn.sendall(chunk(word + " "))
    conn.sendall(chunk(finish="stop") + b"data: [DONE]\n\n")
    conn.close()


async def test_a_late_router_guess_is_shown_during_the_stream_and_tab_runs_it(
        dev_project, ui_config, until, kiwi_env, fault_server):
    server = fault_server(slow_reply)
    orchestrator = build_orchestrator(kiwi_env, dev_project, server.url, {"retries": 0})
    router = LateRouter()
    app = make_app(ui_config(dev_project), Kiwi(dev_project), router, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press(*"parse this csv file", "ctrl+e")
        assert app.prompt.value == "" and app.state.handoff == "parse this csv file"
        router.release.set()
        await until(pilot, lambda: app.current_result() is not None, what="the late guess")
        streaming = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert streaming.status == "streaming"
        await pilot.press("tab")
        await until(pilot, lambda: any(e.kind == "call" and e.status == "ok"
                                       for e in app.transcript.entries), what="the run")
        await until(pilot, lambda: streaming.status == "ok", what="the stream to finish")
        assert app.state.handoff is None
