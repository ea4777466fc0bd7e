"""`kiwi mcp` as a network peer sees it: read-only by default, Host and Origin checked on
loopback, a bearer token required beyond it. Real `kiwi mcp` processes, the real MCP SDK client
over real HTTP, and raw HTTP requests for the headers a client would not forge."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

INITIALIZE = json.dumps({
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {},
               "clientInfo": {"name": "probe", "version": "1"}},
}).encode()


@pytest.fixture
def library(tmp_path: Path, put: Callable[[Path, str], Path]) -> Path:
    root = tmp_path / "project"
    put(root / ".ai/scripts/marker.py", '''\
        """Write a marker file next to the project."""
        from pathlib import Path
        Path("ran.txt").write_text("the script ran")
        print("done")
        ''')
    put(root / ".ai/knowledge/notes.md", "---\ntitle: Team notes\n---\nHello.\n")
    return root


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def kiwi_mcp(kiwi_command, project: Path, *flags: str, address: str = "127.0.0.1",
             env_extra: dict[str, str] | None = None) -> Iterator[tuple[int, list[str]]]:
    """Start `kiwi mcp --http` and yield (port, stderr lines so far) once it listens."""
    argv, env = kiwi_command
    env = {**env, **(env_extra or {})}
    port = _free_port()
    server = subprocess.Popen(
        [*argv, "--project", str(project), "mcp", "--http", f"{address}:{port}", *flags],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "kiwi mcp --http did not start listening"
                time.sleep(0.1)
        # The notes before the server listened are all in the pipe by now.
        assert server.stderr is not None
        while True:
            line = server.stderr.readline()
            lines.append(line)
            if "serving the library" in line or not line:
                break
        yield port, lines
    finally:
        server.terminate()
        server.communicate(timeout=10)


def post(port: int, headers: dict[str, str]) -> int:
    """POST an initialize to /mcp with these headers; the HTTP status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/mcp", data=INITIALIZE, method="POST",
        headers={"Content-Type": "application/json",
                 "Accept": "application/json, text/event-stream", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def client(port: int, token: str | None = None, host: str = "127.0.0.1") -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http = create_mcp_http_client(headers=headers)
    return Client(streamable_http_client(f"http://{host}:{port}/mcp", http_client=http))


async def test_loopback_serves_read_only_and_refuses_execute(library: Path,
                                                             kiwi_command) -> None:
    with kiwi_mcp(kiwi_command, library) as (port, notes):
        async with client(port) as mcp:
            tools = {t.name: t for t in (await mcp.list_tools()).tools}
            loaded = await mcp.call_tool("load", {"item_type": "knowledge", "item_id": "notes"})
            refused = await mcp.call_tool("execute", {"item_type": "script",
                                                      "item_id": "marker"})
    assert set(tools) == {"search", "load", "execute"}
    assert "read-only" in tools["execute"].description
    assert loaded.structured_content["title"] == "Team notes"
    assert refused.is_error and "--allow-execute" in refused.content[0].text
    assert not (library / "ran.txt").exists()
    assert any("read-only" in line for line in notes)


async def test_allow_execute_lets_a_client_run_a_script(library: Path, kiwi_command) -> None:
    with kiwi_mcp(kiwi_command, library, "--allow-execute") as (port, _):
        async with client(port) as mcp:
            ran = await mcp.call_tool("execute", {"item_type": "script", "item_id": "marker"})
    assert not ran.is_error and ran.structured_content["stdout"].strip() == "done"
    assert (library / "ran.txt").read_text() == "the script ran"


def test_host_and_origin_are_checked_for_every_loopback_form(library: Path,
                                                             kiwi_command) -> None:
    with kiwi_mcp(kiwi_command, library) as (port, _):
        for name in ("127.0.0.1", "localhost", "[::1]"):
            assert post(port, {"Host": f"{name}:{port}"}) == 200, name
            assert post(port, {"Host": f"{name}:{port}",
                               "Origin": f"http://{name}:{port}"}) == 200, name
        # DNS rebinding: a page on another name, resolved to 127.0.0.1.
        assert post(port, {"Host": f"attacker.example:{port}"}) == 421
        assert post(port, {"Host": f"127.0.0.1:{port}",
                           "Origin": "http://attacker.example"}) == 403
        assert post(port, {"Host": f"localhost:{port}",
                           "Origin": f"http://localhost:{port}.attacker.example"}) == 403
        # Another port on loopback is another origin (another local web app).
        assert post(port, {"Host": f"127.0.0.1:{port}",
                           "Origin": f"http://localhost:{port + 1}"}) == 403
        assert post(port, {"Host": f"127.0.0.1:{port + 1}"}) == 421


async def test_beyond_loopback_a_token_is_generated_printed_once_and_required(
        library: Path, kiwi_command) -> None:
    with kiwi_mcp(kiwi_command, library, "--allow-remote", address="0.0.0.0") as (port, notes):
        printed = [re.search(r"bearer token .*: (\S+)$", line.strip()) for line in notes]
        tokens = [m.group(1) for m in printed if m]
        assert len(tokens) == 1, notes
        token = tokens[0]
        assert len(token) >= 40
        assert post(port, {}) == 401
        assert post(port, {"Authorization": "Bearer wrong"}) == 401
        assert post(port, {"Authorization": f"Bearer {token}x"}) == 401
        assert post(port, {"Authorization": f"Bearer {token}"}) == 200
        async with client(port, token) as mcp:
            loaded = await mcp.call_tool("load", {"item_type": "knowledge", "item_id": "notes"})
    assert loaded.structured_content["title"] == "Team notes"


def test_a_chosen_token_is_required_on_loopback_too(library: Path, kiwi_command) -> None:
    chosen = "a-token-the-user-chose-0123456789"
    with kiwi_mcp(kiwi_command, library, env_extra={"KIWI_MCP_TOKEN": chosen}) as (port, notes):
        assert post(port, {}) == 401
        assert post(port, {"Authorization": f"Bearer {chosen}"}) == 200
    assert not any(chosen in line for line in notes), "a chosen token is never printed"


def test_an_untrusted_project_cannot_set_the_token(library: Path, kiwi_command) -> None:
    (library / ".ai" / "kiwi.toml").write_text('[mcp]\ntoken = "known-to-the-attacker"\n')
    with kiwi_mcp(kiwi_command, library, "--allow-remote", address="0.0.0.0") as (port, notes):
        assert post(port, {"Authorization": "Bearer known-to-the-attacker"}) == 401
    assert any("[mcp]" in line and "kiwi --project" in line for line in notes), notes
