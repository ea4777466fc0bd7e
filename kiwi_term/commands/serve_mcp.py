"""`kiwi mcp`: serve the library's search, load and execute to MCP clients."""

from __future__ import annotations

import argparse

from kiwi_term.commands.common import EXIT_OK, add_command, note, open_kiwi


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi mcp`."""
    parser = add_command(
        subparsers,
        "mcp",
        handle,
        summary="serve the library over MCP (stdio, or HTTP with --http)",
        description="Serve the tools search, load and execute over the Model Context Protocol. "
        "By default it speaks over stdin/stdout, the way MCP clients start local servers. "
        "--http HOST:PORT serves streamable HTTP at http://HOST:PORT/mcp instead, so a team can "
        "share one library.\n\n"
        "The server is read-only unless you pass --allow-execute: clients may search and load, "
        "and execute (running scripts and directives, creating, changing or deleting items) is "
        "refused with an error that says so.\n\n"
        "Over HTTP only loopback addresses are allowed unless --allow-remote is given, and "
        "requests must name that loopback address in their Host and Origin headers. Beyond "
        "loopback clients must send a bearer token (Authorization: Bearer TOKEN): the one in "
        "$KIWI_MCP_TOKEN or in [mcp] token of your config.toml, else a new one, printed once "
        "when the server starts. With a token set, loopback clients need it too.",
        examples=[
            "kiwi mcp",
            "kiwi mcp --allow-execute",
            "kiwi --project ~/archive mcp --http 127.0.0.1:8765",
            "KIWI_MCP_TOKEN=$(cat ~/.kiwi-token) kiwi mcp --http 0.0.0.0:8765 --allow-remote",
            'client config: {"command": "kiwi", "args": ["--project", "/path/to/project", "mcp"]}',
        ],
    )
    parser.add_argument(
        "--http", metavar="HOST:PORT", help="serve streamable HTTP on this address (loopback)"
    )
    parser.add_argument(
        "--allow-remote", action="store_true",
        help="allow --http on a non-loopback address (clients must send the bearer token)",
    )
    parser.add_argument(
        "--allow-execute", action="store_true",
        help="let clients run scripts and directives and create, update or delete items "
        "(without it the server is read-only)",
    )


def handle(args: argparse.Namespace) -> int:
    """Serve until the client disconnects or Ctrl-C."""
    from kiwi_term.mcp_server import (
        TOKEN_ENV,
        check_address,
        configured_token,
        is_loopback,
        new_token,
        serve,
    )

    host = ""
    port = 0
    if args.http:
        # Check the address before loading anything, so a refusal comes at once.
        host, port = check_address(args.http, args.allow_remote)
    kiwi = open_kiwi(args)
    token = configured_token(kiwi.config) if args.http else None
    if args.http and token is None and not is_loopback(host):
        token = new_token()
        # Printed once, on stderr, and kept nowhere: restart the server for a new one, or set
        # KIWI_MCP_TOKEN to keep one across restarts.
        note(f"bearer token for this server (shown once; set {TOKEN_ENV} to choose your own): "
             f"{token}")
    if not args.allow_execute:
        note("read-only: clients may search and load; pass --allow-execute to let them run "
             "and change items")
    if args.http:
        where = kiwi.project or "the user space"
        shown = f"[{host}]" if ":" in host else host
        guard = "bearer token required" if token else "loopback only, no token"
        note(f"serving the library of {where} at http://{shown}:{port}/mcp ({guard}; Ctrl-C "
             "stops)")
    serve(kiwi, args.http, allow_remote=args.allow_remote, allow_execute=args.allow_execute,
          token=token)
    return EXIT_OK
