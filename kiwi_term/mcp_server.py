"""The Kiwi library over MCP: `search`, `load` and `execute` as tools for any MCP client.

Every tool calls the same `Kiwi` object the CLI and the TUI use, so validation, permission checks
and results are identical whichever way a call arrives. A refused call (`KiwiError`) comes back as
a tool error carrying the message; it never stops the server.

A server is read-only unless it is made with `allow_execute=True` (`kiwi mcp --allow-execute`):
a client may search and load, and `execute` is refused with a message that says how to allow it.
Over HTTP, the Host and Origin headers must name the loopback address the server listens on (any
of its forms: 127.0.0.1, localhost, [::1]), which stops a web page from reaching it by DNS
rebinding; beyond loopback a bearer token is required, checked by the SDK's own auth middleware.
"""

from __future__ import annotations

import copy
import functools
import hmac
import ipaddress
import json
import os
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import anyio
import anyio.from_thread
import anyio.to_thread
from mcp.server import MCPServer
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.tools import Tool
from mcp.server.transport_security import TransportSecuritySettings
from mcp.types import CallToolResult, TextContent
from pydantic import AnyHttpUrl

from kiwi_term.calls import DESCRIPTIONS, SCHEMAS
from kiwi_term.errors import KiwiError

if TYPE_CHECKING:
    from kiwi_term.primitives import Kiwi

SERVER_NAME = "kiwi"

INSTRUCTIONS = (
    "Kiwi serves one library of directives (XML workflows), scripts (Python) and knowledge "
    "(Markdown notes). Use `search` to find an item by what it does, `load` to read it in full "
    "(a directive's inputs and steps, a script's options), then `execute` to run it with params. "
    "Reasoning steps of a directive come back with status 'waiting': carry them out yourself."
)

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})
LOOPBACK_FORMS = ("127.0.0.1", "localhost", "[::1]")
"""The names a local client may use for a loopback server, in Host and Origin headers."""

TOKEN_ENV = "KIWI_MCP_TOKEN"
"""Environment variable holding the bearer token clients must send (else `[mcp] token`)."""

READ_ONLY = (
    "execute is refused: this Kiwi MCP server is read-only (search and load only). "
    "Whoever started it can allow running and changing items with `kiwi mcp --allow-execute`"
)


class StaticTokenVerifier:
    """Accepts exactly one bearer token (the SDK's `TokenVerifier` protocol)."""

    def __init__(self, token: str) -> None:
        if not token:
            raise KiwiError("the MCP bearer token must not be empty")
        self._token = token.encode("utf-8")

    async def verify_token(self, token: str) -> AccessToken | None:
        """The access granted for `token`, or None when it is not the server's token."""
        # Constant time, so the token cannot be guessed from how long a refusal takes.
        if hmac.compare_digest(token.encode("utf-8"), self._token):
            return AccessToken(token=token, client_id="kiwi-mcp-client", scopes=[])
        return None


def make_server(kiwi: Kiwi, *, allow_execute: bool = False, token: str | None = None,
                ) -> MCPServer:
    """Build the MCP server for one `Kiwi` object; used by `kiwi mcp` and by the tests.

    Args:
        kiwi: the library and primitives every tool call goes to.
        allow_execute: let clients call `execute` (run scripts and directives, create, update
            and delete items); without it `execute` is refused and the server is read-only.
        token: a bearer token HTTP clients must send; None serves without one.

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
        if not allow_execute:
            return CallToolResult(content=[TextContent(type="text", text=READ_ONLY)],
                                  is_error=True)
        arguments = {"item_type": item_type, "item_id": item_id, "action": action,
                     "params": params, "source": source}
        return await _answer(kiwi, "execute", arguments, progress=_progress_reporter(ctx))

    execute_note = "" if allow_execute else f" ({READ_ONLY}.)"
    tools = [_tool(search), _tool(load), _tool(execute, execute_note)]
    auth: dict[str, Any] = {}
    if token is not None:
        # Resource-server mode with no OAuth routes: the SDK's middleware checks the bearer
        # token on every request; issuer_url is required by AuthSettings but never served.
        auth = {"token_verifier": StaticTokenVerifier(token),
                "auth": AuthSettings(issuer_url=AnyHttpUrl("http://127.0.0.1"),
                                     resource_server_url=None)}
    return MCPServer(
        SERVER_NAME,
        title="Kiwi library",
        instructions=INSTRUCTIONS if allow_execute else INSTRUCTIONS + " " + READ_ONLY + ".",
        tools=tools,
        # INFO logs every refused call on stderr; a refusal is already in the tool result.
        log_level="WARNING",
        **auth,
    )


def _tool(fn: Callable[..., Any], note: str = "") -> Tool:
    name = fn.__name__
    tool = Tool.from_function(
        fn, name=name, description=DESCRIPTIONS[name] + note, structured_output=False
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


def transport_security(host: str, port: int) -> TransportSecuritySettings:
    """Host and Origin checks for an HTTP server on `host:port`.

    On loopback, a request must name this port on a loopback form (127.0.0.1, localhost, [::1],
    or the address bound) in Host, and in Origin if it sends one: a web page that rebinds its
    own name to 127.0.0.1 is refused. Beyond loopback the names clients use cannot be known in
    advance, and the bearer token is what keeps strangers out.
    """
    if not is_loopback(host):
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    bound = f"[{host.strip('[]')}]" if ":" in host else host
    names = list(dict.fromkeys((*LOOPBACK_FORMS, bound.lower())))
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[f"{name}:{port}" for name in names],
        allowed_origins=[f"{scheme}://{name}:{port}" for name in names
                         for scheme in ("http", "https")],
    )


def configured_token(config: Any, environ: Mapping[str, str] | None = None) -> str | None:
    """The bearer token the user chose: `$KIWI_MCP_TOKEN`, else `[mcp] token` of the config
    (a project's own config only once trusted); None when neither is set."""
    environ = os.environ if environ is None else environ
    token = environ.get(TOKEN_ENV, "").strip()
    if not token:
        value = config.section("mcp").get("token")
        token = value.strip() if isinstance(value, str) else ""
    return token or None


def new_token() -> str:
    """A fresh random bearer token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def serve(kiwi: Kiwi, http: str | None = None, *, allow_remote: bool = False,
          allow_execute: bool = False, token: str | None = None) -> None:
    """Serve the library over stdio, or over streamable HTTP at `http` (HOST:PORT).

    Args:
        kiwi: the library.
        http: HOST:PORT to serve HTTP on; None serves stdio.
        allow_remote: allow a non-loopback HOST (a token is then required).
        allow_execute: let clients call `execute` (see `make_server`).
        token: the bearer token clients must send over HTTP; None serves loopback without one.

    Raises:
        KiwiError: the address is refused (see `check_address`), or it is not a loopback one
            and there is no token.
    """
    if http is None:
        make_server(kiwi, allow_execute=allow_execute).run("stdio")
        return
    host, port = check_address(http, allow_remote)
    if token is None and not is_loopback(host):
        raise KiwiError(f"refusing to serve on {host} without a bearer token")
    server = make_server(kiwi, allow_execute=allow_execute, token=token)
    server.run("streamable-http", host=host, port=port,
               transport_security=transport_security(host, port))
