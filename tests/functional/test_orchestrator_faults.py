"""The orchestrator when things go wrong: servers down, silent or sending garbage; keys kept out
of every file Kiwi writes; `kiwi auth`."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import OrchestratorRequest, credentials
from kiwi_term.primitives import Kiwi
from tests.functional.orchestrator_support import (
    SECRET,
    SSE_HEAD,
    FaultServer,
    Recorder,
    build_orchestrator,
    chunk,
    free_port,
    write_config,
)


def test_a_reasoning_step_fails_with_the_fault_when_the_server_is_down(
    kiwi_env: dict[str, Path], library: Path
) -> None:
    from kiwi_term.library.items import ItemType

    orchestrator = build_orchestrator(kiwi_env, library, closed_port_url(), {"retries": 0})
    item = Kiwi(library).get_item(ItemType.SCRIPT, "email_validator")
    with pytest.raises(KiwiError, match="connection refused"):
        orchestrator.reasoner(item, "Summarise the results.", [])
    assert orchestrator.state == "unreachable"


# -- fault servers -----------------------------------------------------------------------------


def silent(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    server.stopped.wait(30)


def garbage_mid_stream(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    conn.sendall(SSE_HEAD + chunk("Hel") + chunk("lo") + b'data: {"choices": [{"delta": \x00!!\n\n')
    conn.close()


def cut_mid_stream(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    conn.sendall(SSE_HEAD + chunk("Hel") + chunk("lo"))
    conn.close()


def stall_mid_stream(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    conn.sendall(SSE_HEAD + chunk("Hel") + chunk("lo"))
    server.stopped.wait(30)


def http_500(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    body = b'{"error": {"message": "model crashed"}}'
    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    conn.close()


def echo_key_401(conn: socket.socket, request: bytes, server: FaultServer) -> None:
    """Refuse the key and quote it back, as some servers do in their error messages."""
    auth = next((line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                 if line.lower().startswith(b"authorization:")), b"")
    body = json.dumps({"error": {"message": f"Incorrect API key: {auth.decode()}"}}).encode()
    conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    conn.close()


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"


FAULTS = {
    "refused": (None, "connection refused"),
    "silent": (silent, "sent nothing for 1.5 s"),
    "garbage": (garbage_mid_stream, "malformed stream"),
    "cut": (cut_mid_stream, "ended the stream before the reply was complete"),
    "stall": (stall_mid_stream, "stopped sending for 1.5 s"),
    "http500": (http_500, "HTTP 500: model crashed"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_ends_with_a_clear_message_and_no_hang(
    fault: str, fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path]
) -> None:
    handler, message = FAULTS[fault]
    url = closed_port_url() if handler is None else fault_server(handler).url
    orchestrator = build_orchestrator(kiwi_env, None, url, {"timeout": 1.5, "retries": 2},
                         tool_choice="none")
    events = Recorder()
    started = time.monotonic()
    reply = orchestrator.run(OrchestratorRequest(text="hello"), events)
    elapsed = time.monotonic() - started

    assert elapsed < 5, f"{fault}: took {elapsed:.1f} s"
    assert reply.error is not None and message in reply.error, reply.error
    assert events.first_error_after() < 2.0
    assert events.events[-1].kind == "error" and events.events[-1].text == reply.error
    assert orchestrator.state == "unreachable"
    if fault in ("garbage", "cut", "stall"):
        assert reply.text == "Hello", "the partial reply is kept"
    if fault in ("refused", "http500"):
        retries = [e for e in events.events if "retry_in" in e.data]
        assert [e.data["attempt"] for e in retries] == [1, 2]


def test_escape_stops_a_silent_stream_at_once(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path]
) -> None:
    orchestrator = build_orchestrator(kiwi_env, None, fault_server(silent).url, {"timeout": 30.0})
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    reply = orchestrator.run(OrchestratorRequest(text="hello"), Recorder(), cancel)

    assert time.monotonic() - started < 2
    assert reply.cancelled and reply.error is None
    assert orchestrator.state == "ready"


def test_keys_never_reach_the_files_kiwi_writes(
    fault_server: Callable[..., FaultServer], kiwi_env: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch, library: Path,
) -> None:
    # No OS keyring, as on a headless box: the key goes to the encrypted file under KIWI_DATA_DIR.
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "correct horse battery staple")
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        server = fault_server(echo_key_401)
        store = credentials.set_key("local", SECRET, base_url=server.url)
        assert store.kind == "file" and store.notice
        orchestrator = build_orchestrator(kiwi_env, library, server.url, {"retries": 0},
                             tool_choice="none")
        events = Recorder()
        reply = orchestrator.run(OrchestratorRequest(text="hello"), events)
    finally:
        keyring.set_keyring(previous)

    assert any(SECRET.encode() in r for r in server.requests), "the stored key was not sent"
    assert reply.error is not None and "401" in reply.error
    assert SECRET not in reply.error and "[key]" in reply.error
    assert all(SECRET not in (e.text + str(e.error)) for e in events.events)
    assert (kiwi_env["KIWI_DATA_DIR"] / credentials.FILE_NAME).is_file()
    written = [p for folder in (*kiwi_env.values(), library) if folder.exists()
               for p in folder.rglob("*") if p.is_file()]
    assert written, "nothing to check"
    leaks = [p for p in written if SECRET.encode() in p.read_bytes()]
    assert leaks == []


def provider_rows(stdout: str) -> dict[str, str]:
    """`kiwi auth status` rows by provider name (the indented lines)."""
    return {line.split()[0]: line for line in stdout.splitlines() if line.startswith("  ")}


def test_auth_commands_store_report_and_delete_without_showing_the_key(
    run_kiwi: Callable[..., subprocess.CompletedProcess[str]], kiwi_env: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    write_config(kiwi_env["KIWI_CONFIG_DIR"], {
        "orchestrator": {"default": "local"},
        "providers.local": {"base_url": "http://127.0.0.1:9/v1", "model": "m"},
        "providers.hosted": {"base_url": "https://example.invalid/v1", "model": "m",
                             "api_key_env": "KIWI_TEST_HOSTED_KEY"},
    })
    # keyring's own switch: the fail backend, as on a box without any keyring service.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "pass phrase")
    monkeypatch.setenv("KIWI_TEST_HOSTED_KEY", "sk-from-env-0000")

    # As a user runs them: separate processes, the key piped in.
    stored = run_kiwi("auth", "set", "local", stdin=SECRET + "\n")
    assert stored.returncode == 0, stored.stderr
    assert "encrypted" in stored.stdout and "no OS keyring" in stored.stderr
    status = run_kiwi("auth", "status")
    assert status.returncode == 0, status.stderr
    lines = provider_rows(status.stdout)
    assert "encrypted key file" in lines["local"] and "(default)" in lines["local"]
    assert "environment variable KIWI_TEST_HOSTED_KEY" in lines["hosted"]
    assert "no OS keyring" in status.stdout
    for output in (stored.stdout, stored.stderr, status.stdout, status.stderr):
        assert SECRET not in output and "sk-from-env" not in output

    # The rest in this process (a `kiwi` start costs seconds on a busy machine).
    from kiwi_term.cli import main

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        capsys.readouterr()
        assert main(["auth", "status", "--json"]) == 0
        as_json = json.loads(capsys.readouterr().out)
        assert main(["auth", "delete", "local"]) == 0
        assert main(["auth", "status"]) == 0
        after = provider_rows(capsys.readouterr().out)
        assert main(["auth", "delete", "local"]) == 2
    finally:
        keyring.set_keyring(previous)
    assert {p["provider"]: p["has_key"] for p in as_json["providers"]} == {
        "local": True, "hosted": True}
    assert "no key" in after["local"] and "key from" in after["hosted"]


def test_a_name_that_does_not_resolve_ends_with_a_clear_message(
    kiwi_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The DNS failure is injected at the resolver, so the test sends no lookup off the machine.
    real = socket.getaddrinfo

    def failing(host, *args, **kwargs):
        if host == "orchestrator.kiwi-test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", failing)
    orchestrator = build_orchestrator(kiwi_env, None, "http://orchestrator.kiwi-test:8080/v1",
                         {"timeout": 1.5, "retries": 2}, tool_choice="none")
    events = Recorder()
    started = time.monotonic()
    reply = orchestrator.run(OrchestratorRequest(text="hello"), events)
    assert time.monotonic() - started < 5
    assert reply.error is not None and "cannot resolve" in reply.error, reply.error
    assert events.first_error_after() < 2.0
    assert orchestrator.state == "unreachable"
