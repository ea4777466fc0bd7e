"""The MCP server, tested the way the SDK tests its own: in memory through `Client`, and once
over real stdio against a `kiwi mcp` subprocess."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from mcp import Client, StdioServerParameters

from kiwi_term.calls import DESCRIPTIONS, SCHEMAS
from kiwi_term.errors import KiwiError
from kiwi_term.mcp_server import check_address, make_server, parse_address
from kiwi_term.primitives import Kiwi


class HashingEmbedder:
    """A small, deterministic stand-in for the sentence model: a bag of hashed words.

    It keeps the in-memory tests fast; the stdio test below uses the real model.
    """

    name = "test-hashing"
    dimension = 64
    ready = True

    def start(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.sha1(word.encode()).digest()
                vectors[row, digest[0] % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


@pytest.fixture
def dev_like(tmp_path: Path, put: Callable[[Path, str], Path]) -> Path:
    """A small project shaped like the shared dev set: a script, a directive, knowledge."""
    root = tmp_path / "project"
    ai = root / ".ai"
    put(ai / "scripts/email_validator.py", '''\
        """Check email syntax for one CSV column.

        Tags: email, validation
        """
        import argparse
        import json

        parser = argparse.ArgumentParser()
        parser.add_argument("--file", default=None)
        args = parser.parse_args()
        print(json.dumps({"ok": True, "file": args.file}))
        ''')
    put(ai / "directives/email_validator.xml", '''\
        <directive name="email_validator" version="1.0.0">
          <metadata>
            <description>Validate the email addresses in a leads CSV.</description>
            <tags>email, validation, leads</tags>
            <permissions><permission>run:script</permission></permissions>
          </metadata>
          <inputs><input name="file" type="path" required="true">CSV file</input></inputs>
          <process>
            <step name="validate" script="email_validator">Run the validator over {file}.</step>
            <step name="rules" knowledge="email_rules">Apply the rules.</step>
            <step name="report">Summarise the invalid addresses in {file}.</step>
          </process>
        </directive>
        ''')
    put(ai / "knowledge/email_rules.md", """\
        ---
        title: Email rules of the sales team
        tags: [email, sales]
        ---
        Role addresses such as info@ are not leads.
        """)
    put(ai / "knowledge/deploy_checklist.md", """\
        ---
        title: Deploy checklist
        tags: [deploy]
        ---
        Run the tests, tag the release, watch the error rate.
        """)
    return root


@pytest.fixture
def server(dev_like: Path):
    return make_server(Kiwi(dev_like, embedder=HashingEmbedder()), allow_execute=True)


async def test_lists_the_three_tools_with_their_schemas(server) -> None:
    async with Client(server) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == {"search", "load", "execute"}
    for name, tool in tools.items():
        assert tool.input_schema == SCHEMAS[name]
        assert tool.description == DESCRIPTIONS[name]


async def test_search(server) -> None:
    async with Client(server) as client:
        result = await client.call_tool("search", {"item_type": "any", "query": "email rules"})
    assert not result.is_error
    hits = result.structured_content["results"]
    assert hits and {"type", "id", "source", "description", "score"} <= set(hits[0])
    assert "email_rules" in [h["id"] for h in hits]


async def test_load(server) -> None:
    async with Client(server) as client:
        result = await client.call_tool(
            "load", {"item_type": "directive", "item_id": "email_validator"})
    assert not result.is_error
    directive = result.structured_content
    assert [s["kind"] for s in directive["steps"]] == ["script", "knowledge", "reasoning"]
    assert '"email_validator"' in result.content[0].text


async def test_execute_a_script_and_a_directive_with_progress(server) -> None:
    notes: list[str] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        notes.append(message or "")

    async with Client(server) as client:
        script = await client.call_tool("execute", {
            "item_type": "script", "item_id": "email_validator", "params": {"file": "a.csv"}})
        directive = await client.call_tool("execute", {
            "item_type": "directive", "item_id": "email_validator",
            "params": {"file": "a.csv"}}, progress_callback=on_progress)
    assert script.structured_content["exit_code"] == 0
    assert '"file": "a.csv"' in script.structured_content["stdout"]
    assert directive.structured_content["status"] == "waiting_for_orchestrator"
    assert [n.split(" - ")[0] for n in notes] == [
        "validate: running", "validate: ok", "rules: running", "rules: ok",
        "report: running", "report: waiting"]


async def test_execute_writes_an_item(server, tmp_path: Path) -> None:
    note = "---\ntitle: Call notes\n---\nCall back on Monday.\n"
    async with Client(server) as client:
        created = await client.call_tool("execute", {
            "item_type": "knowledge", "item_id": "call_notes", "action": "create",
            "params": {"content": note}})
        loaded = await client.call_tool("load", {"item_type": "knowledge", "item_id": "call_notes"})
    assert not created.is_error
    assert (tmp_path / "project/.ai/knowledge/call_notes.md").read_text() == note
    assert loaded.structured_content["title"] == "Call notes"


@pytest.mark.parametrize(("tool", "arguments", "fragment"), [
    ("load", {"item_type": "script", "item_id": "nope"}, "no script 'nope'"),
    ("load", {"item_type": "script", "item_id": "../etc/passwd"}, "invalid item_id"),
    ("execute", {"item_type": "directive", "item_id": "email_validator"}, "needs input 'file'"),
    ("execute", {"item_type": "gadget", "item_id": "x"}, "item_type must be one of"),
    ("search", {"item_type": "script", "query": ""}, "missing required argument 'query'"),
    ("load", {"item_id": "email_rules"}, "load: missing required argument 'item_type'"),
    ("search", {"item_type": "any", "query": "x", "limit": "many"}, "limit must be an integer"),
])
async def test_refusals_are_tool_errors_and_the_server_goes_on(server, tool, arguments,
                                                               fragment) -> None:
    async with Client(server) as client:
        refused = await client.call_tool(tool, arguments)
        after = await client.call_tool("load", {"item_type": "knowledge",
                                                "item_id": "email_rules"})
    assert refused.is_error
    assert fragment in refused.content[0].text
    assert not after.is_error


def test_addresses_for_http() -> None:
    assert parse_address("127.0.0.1:8765") == ("127.0.0.1", 8765)
    assert parse_address("[::1]:9000") == ("::1", 9000)
    assert parse_address("8765") == ("127.0.0.1", 8765)
    assert check_address("localhost:80") == ("localhost", 80)
    assert check_address("0.0.0.0:80", allow_remote=True) == ("0.0.0.0", 80)
    for refused in ("0.0.0.0:80", "192.168.1.5:80", "example.com:80"):
        with pytest.raises(KiwiError, match="--allow-remote"):
            check_address(refused)
    for malformed in ("host:", "host:0", "host:70000", "nope"):
        with pytest.raises(KiwiError, match="HOST:PORT"):
            parse_address(malformed)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_kiwi_mcp_over_http_on_loopback(dev_like: Path, kiwi_command) -> None:
    argv, env = kiwi_command
    port = _free_port()
    server = subprocess.Popen(
        [*argv, "--project", str(dev_like), "mcp", "--http", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
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
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            loaded = await client.call_tool("load", {"item_type": "knowledge",
                                                     "item_id": "email_rules"})
            refused = await client.call_tool("load", {"item_type": "script", "item_id": "nope"})
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert names == {"search", "load", "execute"}
    assert loaded.structured_content["title"] == "Email rules of the sales team"
    assert refused.is_error


@pytest.mark.slow
async def test_kiwi_mcp_over_stdio_calls_every_tool(dev_like: Path, kiwi_command) -> None:
    argv, env = kiwi_command
    params = StdioServerParameters(
        command=argv[0], env=env,
        args=[*argv[1:], "--project", str(dev_like), "mcp", "--allow-execute"],
        cwd=str(dev_like.parent),
    )
    async with Client(params, read_timeout_seconds=180) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        found = await client.call_tool("search", {"item_type": "knowledge",
                                                  "query": "deploy checklist"})
        loaded = await client.call_tool("load", {"item_type": "script",
                                                 "item_id": "email_validator"})
        ran = await client.call_tool("execute", {"item_type": "directive",
                                                 "item_id": "email_validator",
                                                 "params": {"file": "leads.csv"}})
        refused = await client.call_tool("execute", {"item_type": "script", "item_id": "nope"})
    assert names == {"search", "load", "execute"}
    assert found.structured_content["results"][0]["id"] == "deploy_checklist"
    assert "argparse" in loaded.structured_content["source_code"]
    assert ran.structured_content["steps"][0]["status"] == "ok"
    assert refused.is_error and "no script 'nope'" in refused.content[0].text
