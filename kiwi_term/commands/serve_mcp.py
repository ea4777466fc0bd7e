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
        "share one library; only loopback addresses are allowed unless --allow-remote is given, "
        "since anyone who can reach the server can run the library's scripts.",
        examples=[
            "kiwi mcp",
            "kiwi --project ~/archive mcp --http 127.0.0.1:8765",
            'client config: {"command": "kiwi", "args": ["--project", "/path/to/project", "mcp"]}',
        ],
    )
    parser.add_argument(
        "--http", metavar="HOST:PORT", help="serve streamable HTTP on this address (loopback)"
    )
    parser.add_argument(
        "--allow-remote", action="store_true",
        help="allow --http on a non-loopback address (no authentication: trusted networks only)",
    )


def handle(args: argparse.Namespace) -> int:
    """Serve until the client disconnects or Ctrl-C."""
    from kiwi_term.mcp_server import check_address, is_loopback, serve

    if args.http:
        # Check the address before loading anything, so a refusal comes at once.
        host, port = check_address(args.http, args.allow_remote)
        if not is_loopback(host):
            note(f"serving on {host}:{port} without authentication; anyone who can reach it "
                 "can run this library's scripts")
    kiwi = open_kiwi(args)
    if args.http:
        where = kiwi.project or "the user space"
        shown = f"[{host}]" if ":" in host else host
        note(f"serving the library of {where} at http://{shown}:{port}/mcp (Ctrl-C stops)")
    serve(kiwi, args.http, allow_remote=args.allow_remote)
    return EXIT_OK
