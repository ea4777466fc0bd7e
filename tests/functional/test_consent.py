"""The consent gate with the real orchestrator and the real terminal: a model that creates a
script and then runs it is held until the user answers, and a refusal goes back to the model.

A real model cannot be made to ask for one exact call, so the fault server streams the calls
(see orchestrator_support.py); everything after the stream is the real orchestrator, the real
library and the real app.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message

from kiwi_term.config import Config
from kiwi_term.orchestrator import OrchestratorRequest, make_orchestrator
from kiwi_term.primitives import Kiwi
from kiwi_term.ui.app import KiwiApp, make_app
from kiwi_term.ui.consent import ARM_SECONDS
from kiwi_term.ui.messages import ConsentChanged
from tests.functional.orchestrator_support import (
    SSE_HEAD,
    FaultServer,
    Recorder,
    chunk,
    write_config,
)

SCRIPT = '"""Say hello."""\nprint("hello from kiwi")\n'
CREATE = {"item_type": "script", "item_id": "hello", "action": "create",
          "params": {"content": SCRIPT}}
RUN = {"item_type": "script", "item_id": "hello"}


def sse(data: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(data).encode() + b"\n\n"


def tool_call(name: str, arguments: dict[str, Any]) -> Callable[[socket.socket], None]:
    """A step whose reply is one tool call."""
    call = {"index": 0, "id": "call_0", "type": "function",
            "function": {"name": name, "arguments": json.dumps(arguments)}}
    piece = sse({"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                 "choices": [{"index": 0, "delta": {"tool_calls": [call]},
                              "finish_reason": None}]})
    return lambda conn: conn.sendall(SSE_HEAD + piece + chunk(None, "tool_calls"))


def answer(text: str) -> Callable[[socket.socket], None]:
    return lambda conn: conn.sendall(SSE_HEAD + chunk(text) + chunk(None, "stop"))


def create_then_run(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    """The model: create the script, then run it, then say it is done."""
    steps = [tool_call("execute", CREATE), tool_call("execute", RUN), answer("done")]
    steps[min(len(server.requests), len(steps)) - 1](conn)
    conn.close()


def fed_back(request: bytes) -> str:
    """The result of the tool call that the orchestrator sent back to the model."""
    messages = json.loads(request.partition(b"\r\n\r\n")[2])["messages"]
    return [m for m in messages if m["role"] == "tool"][-1]["content"]


def configure(kiwi_env: dict[str, Path], url: str, allow: list[str] | None = None) -> None:
    tables: dict[str, dict[str, Any]] = {
        "orchestrator": {"default": "local", "retries": 0, "knowledge_entries": 0},
        "providers.local": {"base_url": url, "model": "m", "response_cache": False},
    }
    write_config(kiwi_env["KIWI_CONFIG_DIR"], tables)
    if allow is not None:
        # write_config writes scalars; a JSON list of strings is a TOML array as it is.
        with (kiwi_env["KIWI_CONFIG_DIR"] / "config.toml").open("a", encoding="utf-8") as out:
            out.write(f"\n[consent]\nallow = {json.dumps(allow)}\n")


def terminal(project: Path, ui_config: Callable[..., Config]) -> KiwiApp:
    config = ui_config(project)
    orchestrator = make_orchestrator(Kiwi(project, config), config)
    return make_app(config, Kiwi(project, config), None, orchestrator)


async def ask(pilot: Any, text: str) -> None:
    await pilot.press(*text)
    await pilot.press("ctrl+e")


async def held(pilot: Any, app: KiwiApp, until: Callable[..., Any], call: dict[str, Any]):
    """Wait until `call` is at the gate, and let the question arm."""
    def waiting() -> bool:
        shown = app.consent.shown
        return shown is not None and shown.request.call.arguments == call

    await until(pilot, waiting, timeout=60, what=f"the question about {call}")
    await pilot.pause(ARM_SECONDS + 0.1)


async def test_n_refuses_the_call_and_the_model_hears_it(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path], project: Path,
    ui_config: Callable[..., Config], until: Callable[..., Any],
) -> None:
    server = fault_server(create_then_run)
    configure(kiwi_env, server.url)
    script = project / ".ai" / "scripts" / "hello.py"
    app = terminal(project, ui_config)
    async with app.run_test() as pilot:
        await ask(pilot, "make me a hello script and run it")
        await held(pilot, app, until, CREATE)
        # Held: nothing written, the model not asked again, the exact call on screen.
        assert not script.exists()
        assert len(server.requests) == 1
        assert app.focused is app.consent
        on_screen = str(app.consent.content)
        assert "execute(script, hello, create)" in on_screen
        assert SCRIPT in on_screen, "the script's text is shown as it will be written"
        assert '"action": "create"' in on_screen

        await pilot.press("n")
        await held(pilot, app, until, RUN)
        assert not script.exists()
        assert "the user refused" in fed_back(server.requests[1])

        await pilot.press("escape")
        await until(pilot, lambda: not app.conversation.streaming, timeout=60,
                    what="the reply to end")
        assert app.consent.shown is None and app.focused is app.prompt
    assert not script.exists()
    assert len(server.requests) == 3
    assert "the user refused" in fed_back(server.requests[2])
    reply = [e for e in app.transcript.entries if e.kind == "orchestrator"][-1]
    assert reply.status == "ok" and "done" in reply.lines


async def test_y_and_enter_approve_each_call_once(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path], project: Path,
    ui_config: Callable[..., Config], until: Callable[..., Any],
) -> None:
    server = fault_server(create_then_run)
    configure(kiwi_env, server.url)
    script = project / ".ai" / "scripts" / "hello.py"
    app = terminal(project, ui_config)
    async with app.run_test() as pilot:
        await ask(pilot, "make me a hello script and run it")
        await held(pilot, app, until, CREATE)
        await pilot.press("y")
        await held(pilot, app, until, RUN)
        assert script.read_text(encoding="utf-8") == SCRIPT
        assert "the user refused" not in fed_back(server.requests[1])
        await pilot.press("enter")
        await until(pilot, lambda: not app.conversation.streaming, timeout=60,
                    what="the reply to end")
    assert "hello from kiwi" in fed_back(server.requests[2])


async def test_a_pre_approved_call_runs_without_a_question(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path], project: Path,
    ui_config: Callable[..., Config], until: Callable[..., Any],
) -> None:
    server = fault_server(create_then_run)
    configure(kiwi_env, server.url, ["create:script:hello", "execute:script:hello"])
    script = project / ".ai" / "scripts" / "hello.py"
    questions: list[Message] = []
    app = terminal(project, ui_config)

    def hook(message: Message) -> None:
        if isinstance(message, ConsentChanged):
            questions.append(message)

    async with app.run_test(message_hook=hook) as pilot:
        await ask(pilot, "make me a hello script and run it")
        await until(pilot, lambda: len(server.requests) == 3 and not app.conversation.streaming,
                    timeout=60, what="the reply to end")
    assert questions == []
    assert script.read_text(encoding="utf-8") == SCRIPT
    assert "hello from kiwi" in fed_back(server.requests[2])


@pytest.mark.parametrize("allow", [None, ["create:script"]])
def test_outside_the_terminal_only_pre_approved_calls_run(
    allow: list[str] | None, fault_server: Callable[..., FaultServer],
    kiwi_env: dict[str, Path], project: Path,
) -> None:
    server = fault_server(create_then_run)
    configure(kiwi_env, server.url, allow)
    orchestrator = make_orchestrator(Kiwi(project), Config.load(project))
    reply = orchestrator.run(OrchestratorRequest(text="make and run hello"), Recorder())

    assert reply.error is None and reply.text == "done"
    created = (project / ".ai" / "scripts" / "hello.py").exists()
    assert created is (allow is not None)
    assert ("no one to ask" in fed_back(server.requests[1])) is (allow is None)
    # Running is not pre-approved either way.
    assert "no one to ask" in fed_back(server.requests[2])
