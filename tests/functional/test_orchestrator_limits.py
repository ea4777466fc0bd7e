"""A model that misbehaves: malformed or huge tool calls, too many of them, endless replies, and
requests that outlast their deadline. Each must end with a clear outcome, never a crash or a hang.

Malformed replies are injected by the fault server (a real server cannot be made to send them);
the reply cap is checked against the real llama.cpp server in test_orchestrator.py.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiwi_term.orchestrator import OrchestratorRequest
from tests.functional.orchestrator_support import (
    SSE_HEAD,
    FaultServer,
    Recorder,
    build_orchestrator,
    chunk,
)

SEARCH = {"item_type": "script", "query": "email"}


def sse(data: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(data).encode() + b"\n\n"


def tool_chunk(index: int, name: str | None, arguments: str,
               finish: str | None = None) -> bytes:
    call: dict[str, Any] = {"index": index, "type": "function",
                            "function": {"arguments": arguments}}
    if name is not None:
        call["id"] = f"call_{index}"
        call["function"]["name"] = name
    return sse({"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                "choices": [{"index": 0, "delta": {"tool_calls": [call]},
                             "finish_reason": finish}]})


def finish(reason: str) -> bytes:
    return chunk(None, reason)


def body(request: bytes) -> dict[str, Any]:
    """The JSON body of a recorded HTTP request."""
    return json.loads(request.partition(b"\r\n\r\n")[2])


def scripted(*steps: Callable[[socket.socket], None]):
    """A handler that plays `steps[n]` for the server's n-th request (the last one repeats)."""

    def handle(conn: socket.socket, request: bytes, server: FaultServer) -> None:
        steps[min(len(server.requests), len(steps)) - 1](conn)
        conn.close()

    return handle


def answer(text: str) -> Callable[[socket.socket], None]:
    return lambda conn: conn.sendall(SSE_HEAD + chunk(text) + finish("stop"))


def calls(*pieces: bytes) -> Callable[[socket.socket], None]:
    return lambda conn: conn.sendall(SSE_HEAD + b"".join(pieces) + finish("tool_calls"))


def tool_messages(request: bytes) -> list[dict[str, Any]]:
    return [m for m in body(request)["messages"] if m["role"] == "tool"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (json.dumps(["script", "email"]), "must be a JSON object, not a list"),
        (json.dumps("script email"), "must be a JSON object, not a string"),
        ('{"item_type": "script", "query": ', "not valid JSON"),
    ],
)
def test_malformed_arguments_go_back_to_the_model_as_an_error_result(
    arguments: str, message: str, fault_server: Callable[..., FaultServer],
    kiwi_env: dict[str, Path], library: Path,
) -> None:
    server = fault_server(scripted(calls(tool_chunk(0, "search", arguments)),
                                   answer("Sorry, here it is.")))
    orchestrator = build_orchestrator(kiwi_env, library, server.url, {"retries": 0})
    events = Recorder()
    reply = orchestrator.run(OrchestratorRequest(text="find email scripts"), events)

    assert reply.error is None, reply.error
    assert reply.text == "Sorry, here it is."
    (result,) = events.kinds("tool_result")
    assert result.error is not None and message in result.error
    assert result.result is None
    assert events.events[-1].kind == "done"
    # The model was asked again, with the error as the call's result.
    assert len(server.requests) == 2
    (fed_back,) = tool_messages(server.requests[1])
    assert fed_back["tool_call_id"] == "call_0" and message in fed_back["content"]
    assert orchestrator.state == "ready"


def test_oversized_arguments_are_not_run_and_not_kept_whole(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path], library: Path,
) -> None:
    piece = "x" * 10_000
    huge = [tool_chunk(0, "search", '{"item_type": "script", "query": "')]
    huge += [tool_chunk(0, None, piece) for _ in range(100)]
    server = fault_server(scripted(calls(*huge, tool_chunk(0, None, '"}')), answer("ok")))
    orchestrator = build_orchestrator(kiwi_env, library, server.url,
                         {"retries": 0, "max_argument_chars": 5000})
    events = Recorder()
    reply = orchestrator.run(OrchestratorRequest(text="find"), events)

    assert reply.error is None, reply.error
    (result,) = events.kinds("tool_result")
    assert result.error is not None and "longer than 5000 characters" in result.error
    sent = body(server.requests[1])["messages"]
    assistant = next(m for m in sent if m["role"] == "assistant")
    assert assistant["tool_calls"][0]["function"]["arguments"] == "{}"
    assert len(json.dumps(sent)) < 50_000, "a megabyte of arguments was sent back"


def test_only_max_tool_calls_run_in_one_step_and_the_model_hears_of_the_rest(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path], library: Path,
) -> None:
    many = [tool_chunk(n, "search", json.dumps(SEARCH)) for n in range(20)]
    server = fault_server(scripted(calls(*many), answer("done")))
    orchestrator = build_orchestrator(kiwi_env, library, server.url,
                                      {"retries": 0, "max_tool_calls": 3})
    events = Recorder()
    reply = orchestrator.run(OrchestratorRequest(text="search a lot"), events)

    assert reply.error is None, reply.error
    assert len(events.kinds("tool_call")) == 3 and len(reply.calls) == 3
    assert all(c["result"]["results"] for c in reply.calls), "the three searches ran"
    assert [e.data["skipped_calls"] for e in events.kinds("status")
            if "skipped_calls" in e.data] == [17]
    fed_back = tool_messages(server.requests[1])
    assert len(fed_back) == 3 and "17 more tool calls" in fed_back[-1]["content"]


def drip(conn: socket.socket) -> None:
    """Text every 0.2 s, for ever: never silent long enough for the read timeout."""
    conn.sendall(SSE_HEAD)
    for _ in range(300):
        conn.sendall(chunk("more "))
        time.sleep(0.2)


def test_a_request_is_stopped_at_its_deadline_even_while_the_server_keeps_talking(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path],
) -> None:
    server = fault_server(scripted(drip))
    orchestrator = build_orchestrator(kiwi_env, None, server.url,
                         {"retries": 0, "timeout": 5.0, "deadline": 1.5}, tool_choice="none")
    events = Recorder()
    started = time.monotonic()
    reply = orchestrator.run(OrchestratorRequest(text="talk"), events)
    elapsed = time.monotonic() - started

    assert 1.4 < elapsed < 3.0, f"took {elapsed:.1f} s"
    assert reply.error is not None and "orchestrator.deadline" in reply.error, reply.error
    assert reply.text.startswith("more more"), "the partial reply is kept"
    assert not reply.cancelled
    assert events.events[-1].kind == "error"
    # The server answered; only the request was too long.
    assert orchestrator.state == "ready"


def test_the_deadline_stops_a_script_the_model_runs(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path], library: Path,
    put: Callable[[Path, str], Path],
) -> None:
    put(library / ".ai/scripts/slow_report.py", '''\
        """Write a slow report."""
        import time
        time.sleep(60)
        ''')
    run = {"item_type": "script", "item_id": "slow_report"}
    server = fault_server(scripted(calls(tool_chunk(0, "execute", json.dumps(run))),
                                   answer("never asked")))
    orchestrator = build_orchestrator(kiwi_env, library, server.url,
                                      {"retries": 0, "deadline": 2.0})
    events = Recorder()
    started = time.monotonic()
    reply = orchestrator.run(OrchestratorRequest(text="run the slow report"), events,
                             consent=lambda _request: True)
    elapsed = time.monotonic() - started

    assert elapsed < 5.0, f"took {elapsed:.1f} s"
    assert reply.error is not None and "orchestrator.deadline" in reply.error, reply.error
    (call,) = events.kinds("tool_call")
    assert call.call == {"name": "execute", "arguments": run}
    assert len(server.requests) == 1, "the model was asked again after the deadline"
