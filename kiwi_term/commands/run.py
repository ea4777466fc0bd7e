"""`kiwi run TYPE ID`: run a script or a directive, or create, update or delete an item."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from kiwi_term.calls import ACTIONS, ITEM_TYPES, SOURCES
from kiwi_term.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_command,
    open_kiwi,
    print_json,
    shorten,
    wants_json,
)
from kiwi_term.errors import KiwiError
from kiwi_term.library.parse import KNOWN_PERMISSIONS

MARKS = {"ok": "✓", "failed": "✗", "waiting": "…", "skipped": "-"}
"""How a finished step is marked; `waiting` is a reasoning step left for the orchestrator."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi run`."""
    parser = add_command(
        subparsers,
        "run",
        handle,
        summary="run a script or directive; create, update or delete an item",
        description="Run a script (its exit code, stdout and stderr are the result) or a "
        "directive (step by step: scripts run, knowledge loads, reasoning steps wait for the "
        "orchestrator). Inputs are --param NAME=VALUE. A directive that needs a permission you "
        "have not granted is refused before anything runs; --grant gives it for this run only. "
        "With --action create/update/delete the item's file is written (validated, atomically) "
        "or removed (a copy is kept under .ai/outputs/trash/).",
        examples=[
            "kiwi run script photo_inventory --param folder=~/Pictures",
            "kiwi run directive organize_photos -p folder=inbox -p apply=true --grant write:files",
            "kiwi run knowledge packing_list --action create --content-file packing_list.md",
            "kiwi run script old_helper --action delete",
        ],
    )
    parser.add_argument("type", choices=ITEM_TYPES, help="directive, script or knowledge")
    parser.add_argument("id", help="the item's id (its file name without extension)")
    parser.add_argument(
        "-p", "--param", action="append", default=[], metavar="NAME=VALUE",
        help="an input of the directive or an option of the script (repeatable)",
    )
    parser.add_argument(
        "--grant", action="append", default=[], metavar="PERM",
        choices=sorted(KNOWN_PERMISSIONS),
        help="grant a permission for this run only (repeatable): "
        + ", ".join(sorted(KNOWN_PERMISSIONS)),
    )
    parser.add_argument("--action", choices=ACTIONS, default="run", help="default: run")
    parser.add_argument(
        "--content-file", metavar="FILE",
        help="the item's new file text for create/update ('-' reads stdin)",
    )
    parser.add_argument(
        "--source", choices=SOURCES, help="project or user (default: project first)"
    )


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """Turn `NAME=VALUE` strings into params; values stay text (inputs are typed later).

    Raises:
        KiwiError: a pair has no `=` or no name.
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise KiwiError(f"--param {pair!r}: expected NAME=VALUE, e.g. --param folder=photos")
        params[name.strip()] = value
    return params


def _read_content(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KiwiError(f"--content-file {path}: cannot read it ({exc})") from None


def handle(args: argparse.Namespace) -> int:
    """Carry out the run or the write and print its result."""
    params = parse_params(args.param)
    if args.content_file is not None:
        if args.action not in ("create", "update"):
            raise KiwiError("--content-file goes with --action create or --action update")
        params["content"] = _read_content(args.content_file)
    kiwi = open_kiwi(args)
    as_json = wants_json(args)
    steps_shown = args.type == "directive" and args.action == "run" and not as_json
    live = StepPrinter() if steps_shown else None
    result = kiwi.execute(
        args.type, args.id, args.action, params, args.source,
        progress=live, extra_grants=frozenset(args.grant),
    )
    if as_json:
        print_json(result)
    elif args.action != "run":
        print(_describe_write(result))
    elif args.type == "script":
        print(render_script(result))
    else:
        print(render_directive_end(result))
    return EXIT_OK if result.get("status") in ("ok", "waiting_for_orchestrator") else EXIT_FAILED


class StepPrinter:
    """Prints one line per finished directive step as it happens, with its mark and time."""

    def __init__(self) -> None:
        self._started: dict[str, float] = {}

    def __call__(self, event: dict[str, Any]) -> None:
        name, status = event["step"], event["status"]
        if status == "running":
            self._started[name] = time.perf_counter()
            return
        started = self._started.pop(name, None)
        elapsed = "" if started is None else _ms((time.perf_counter() - started) * 1000)
        lines = (event.get("detail") or "").splitlines()
        detail = shorten(lines[0], 90) if lines else ""
        mark = MARKS.get(status, "?")
        print(f"{mark} {name:<16} {event['kind']:<9} {elapsed:>8}  {detail}".rstrip(), flush=True)


def _ms(value: float) -> str:
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def render_script(result: dict[str, Any]) -> str:
    """A script's result: exit code and time, then its stdout and stderr."""
    head = f"exit {result['exit_code']} · {_ms(result['duration_ms'])}"
    if result.get("error"):
        head += f" · {result['error']}"
    lines = [head]
    for stream in ("stdout", "stderr"):
        text = result.get(stream, "").rstrip()
        if text:
            lines += [f"--- {stream}", text]
    if result.get("full_output"):
        lines.append(f"full output: {result['full_output']}")
    return "\n".join(lines)


def render_directive_end(result: dict[str, Any]) -> str:
    """The closing lines of a directive run; the steps were printed as they finished."""
    status = result["status"]
    waiting = [s["name"] for s in result["steps"] if s["status"] == "waiting"]
    if status == "waiting_for_orchestrator":
        line = (f"{result['message'] or 'done'}; {len(waiting)} reasoning step(s) wait for the "
                f"orchestrator: {', '.join(waiting)}")
    else:
        line = f"{status}: {result['message']}" if result["message"] else status
    return line


def _describe_write(result: dict[str, Any]) -> str:
    if result["action"] == "delete":
        return f"deleted {result['id']}; a copy is kept at {result['kept_at']}"
    verb = "created" if result["action"] == "create" else "updated"
    return f"{verb} {result['id']} at {result['path']}"
