"""The subcommands of `kiwi`, one module each.

Each module named in `COMMAND_MODULES` has a `register(subparsers)` function that adds its parser
(through `kiwi_term.commands.common.add_command`) and sets its handler. To add a command, write
`kiwi_term/commands/<name>.py` with `register` and list it here; `kiwi_term.cli` needs no change.
Modules import heavy dependencies (models, the MCP SDK) inside their handlers, so `kiwi --help`
stays fast.
"""

from __future__ import annotations

COMMAND_MODULES: tuple[str, ...] = (
    "search",
    "show",
    "run",
    "library",
    "init",
    "serve_mcp",
    "route",
    "evaluate",
    "bench",
    "train",
    "calibrate",
    "log",
    "tune",
    "auth",
)
"""Modules under `kiwi_term.commands`, in the order `kiwi --help` lists their commands."""
