"""The Kiwi library over MCP: `search`, `load` and `execute` as tools for any MCP client.

Every tool calls the same `Kiwi` object the CLI and the TUI use, so validation, permission checks
and results are identical whichever way a call arrives. A refused call (`KiwiError`) comes back as
a tool error carrying the message; it never stops the server.
"""

from __future__ import annotations

import copy
import functools
import ipaddress
import json
from collections.abc import Callable
from typing import Any

import anyio
import anyio.from_thread
import anyio.to_thread
from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, TextContent

from kiwi_term.calls import DESCRIPTIONS, SCHEMAS
from kiwi_term.core import Kiwi
from kiwi_term.errors import KiwiError

SERVER_NAME = "kiwi"

INSTRUCTIONS = (
    "Kiwi serves one library of directives (XML workflows), scripts (Python) and knowledge "
    "(Markdown notes). Use `search` to find an item by what it does, `load` to read it in full "
    "(a directive's inputs and steps, a script's options), then `execute` to run it with params. "
    "Reasoning steps of a directive come back with status 'waiting': carry them out yourself."
)

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


def make_server(kiwi: Kiwi) -> MCPServer:
    """Build the MCP server for one `Kiwi` object; used by `kiwi mcp` and by the tests.

    Args:
        kiwi: the library and primitives every tool call goes to.

    Returns:
        A server with the tools `search`, `load` and `execute`, not yet running.
    """

    # Every argument is optional and untyped here on purpose: the checks, and their messages,
    # are the ones every caller gets from `Kiwi.call` (calls.validate), not pydantic's.
    async def search(item_type: Any = None, query: Any = None, limit: Any = None) -> Any:
        arguments = {"item_type": item_type, "query": query, "limit": limit}
        return await _answer(kiwi, "search", arguments)

    async def load(item_type: Any = None, item_id: Any = None, source: Any = None) -> Any:
        arguments = {"item_type": item_type, "item_id": item_id, "source": source}
        return await _answer(kiwi, "load", arguments)

    async def execute(
        ctx: Context,
        item_type: Any = None,
        item_id: Any = None,
        action: Any = None,
        params: Any = None,
        source: Any = None,
    ) -> Any:
        arguments = {"item_type": item_type, "item_id": item_id, "action": action,
                     "params": params, "source": source}
        return await _answer(kiwi, "execute", arguments, progress=_progress_reporter(ctx))

    tools = [_tool(search), _tool(load), _tool(execute)]
    return MCPServer(
        SERVER_NAME,
        title="Kiwi library",
        instructions=INSTRUCTIONS,
        tools=tools,
        # INFO logs every refused call on stderr; a refusal is already in the tool result.
        log_level="WARNING",
    )


def _tool(fn: Callable[..., Any]) -> Tool:
    name = fn.__name__
    tool = Tool.from_function(
        fn, name=name, description=DESCRIPTIONS[name], structured_output=False
    )
    # Advertise the schema the router and the orchestrator are held to (calls.SCHEMAS), not the
    # looser one pydantic derives from the signature, so every caller sees the same contract.
    return tool.model_copy(update={"parameters": copy.deepcopy(SCHEMAS[name])})


async def _answer(
    kiwi: Kiwi, name: str, arguments: dict[str, Any], **options: Any
) -> CallToolResult:
    """Carry out one call in a worker thread (scripts block) and wrap its result or refusal.

    Arguments the client left out arrive as None and are dropped, so defaults apply.
    """
    call = {"name": name, "arguments": {k: v for k, v in arguments.items() if v is not None}}
    try:
        result = await anyio.to_thread.run_sync(functools.partial(kiwi.call, call, **options))
    except KiwiError as exc:
        return CallToolResult(content=[TextContent(type="text", text=str(exc))], is_error=True)
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    # The structured copy goes through JSON too, so it holds exactly what the text shows.
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=json.loads(text)
    )


def _progress_reporter(ctx: Context) -> Callable[[dict[str, Any]], None]:
    """A directive progress callback that forwards each step event as an MCP progress note.

    It runs in the worker thread of the call, so it hops back to the event loop to send.
    """
    count = 0

    def report(event: dict[str, Any]) -> None:
        nonlocal count
        count += 1
        message = f"{event.get('step')}: {event.get('status')}"
        if event.get("detail"):
            message += f" - {event['detail']}"
        try:
            anyio.from_thread.run(ctx.report_progress, count, None, message)
        except Exception:
            # A client that went away must not stop a directive half-way: progress is advisory.
            pass

    return report


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_address(text: str) -> tuple[str, int]:
    """Split `HOST:PORT`, `[::1]:PORT` or a bare `PORT` (loopback) into host and port.

    Raises:
        KiwiError: the text is not an address with a port from 1 to 65535.
    """
    host, sep, port_text = text.strip().rpartition(":")
    if not sep:
        host, port_text = "127.0.0.1", text.strip()
    host = host.strip("[]") or "127.0.0.1"
    try:
        port = int(port_text)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise KiwiError(f"--http {text}: expected HOST:PORT, e.g. 127.0.0.1:8765")
    return host, port


def check_address(text: str, allow_remote: bool = False) -> tuple[str, int]:
    """The host and port to serve HTTP on, refusing a non-loopback host unless allowed.

    Raises:
        KiwiError: the address is malformed, or not a loopback one and `allow_remote` is False.
    """
    host, port = parse_address(text)
    if not is_loopback(host) and not allow_remote:
        raise KiwiError(
            f"refusing to serve on {host}: anyone who can reach it could run your scripts. "
            "Use a loopback address such as 127.0.0.1, or pass --allow-remote if you mean it"
        )
    return host, port


def serve(kiwi: Kiwi, http: str | None = None, *, allow_remote: bool = False) -> None:
    """Serve the library over stdio, or over streamable HTTP at `http` (HOST:PORT).

    Raises:
        KiwiError: the address is refused (see `check_address`).
    """
    if http is None:
        make_server(kiwi).run("stdio")
        return
    host, port = check_address(http, allow_remote)
    make_server(kiwi).run("streamable-http", host=host, port=port)
