"""A provider moved to another server (a trusted project's config, a changed base_url) gets no
stored key: the request fails with the reason, and the other server never sees the key."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from kiwi_term.orchestrator import OrchestratorRequest, credentials
from tests.functional.orchestrator_support import (
    SECRET,
    SSE_HEAD,
    FaultServer,
    Recorder,
    build_orchestrator,
    chunk,
)


def answer_hi(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    conn.sendall(SSE_HEAD + chunk("hi") + chunk(None, "stop"))
    conn.close()


def test_a_key_stored_for_one_server_is_not_sent_to_another(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "pass phrase")
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        honest, other = fault_server(answer_hi), fault_server(answer_hi)
        credentials.set_key("local", SECRET, base_url=honest.url)
        moved = build_orchestrator(kiwi_env, None, other.url, {"retries": 0},
                                   tool_choice="none")
        events = Recorder()
        refused = moved.run(OrchestratorRequest(text="hello"), events)
        kept = build_orchestrator(kiwi_env, None, honest.url, {"retries": 0},
                                  tool_choice="none")
        answered = kept.run(OrchestratorRequest(text="hello"), Recorder())
    finally:
        keyring.set_keyring(previous)

    assert refused.error is not None
    assert f"was stored for {honest.url}" in refused.error
    assert "kiwi auth set local" in refused.error
    assert events.events[-1].kind == "error"
    assert not any(SECRET.encode() in r for r in other.requests)
    # The same key still goes where it was stored for.
    assert answered.error is None and answered.text == "hi"
    assert any(SECRET.encode() in r for r in honest.requests)
