"""`kiwi library`: every item by type with its source, and the files that did not parse."""

from __future__ import annotations

import argparse
import shutil

from kiwi_term.commands.common import (
    EXIT_OK,
    add_command,
    open_kiwi,
    print_json,
    shorten,
    wants_json,
)
from kiwi_term.library.items import ItemType


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi library`."""
    add_command(
        subparsers,
        "library",
        handle,
        summary="list the library's items and parse errors",
        description="List every item of the project's .ai/ and of the user space ($KIWI_HOME, "
        "default ~/.ai) by type, with where it comes from (a project item hides a user item of "
        "the same type and id), then each file that did not parse as path:line: reason.",
        examples=["kiwi library", "kiwi --project ~/archive library --json"],
    )


def handle(args: argparse.Namespace) -> int:
    """Print the items and the parse errors."""
    kiwi = open_kiwi(args)
    library = kiwi.library
    library.refresh()
    errors = [
        {"path": str(e.path), "line": e.line, "reason": e.reason} for e in library.errors
    ]
    roots = {r.source.value: str(r.path) for r in library.roots}
    if wants_json(args):
        listing = {t.value: [i.to_dict() for i in library.items(t)] for t in ItemType}
        print_json({"roots": roots, "items": listing, "errors": errors})
        return EXIT_OK
    width = shutil.get_terminal_size((100, 24)).columns
    if "project" not in roots:
        print("project: none (no .ai/ at or above this folder; `kiwi init` makes one)")
    for source, path in roots.items():
        print(f"{source}: {path}")
    # One id column for all types, so the sections line up.
    id_width = max((len(i.id) for i in library.items()), default=0)
    for item_type in ItemType:
        items = library.items(item_type)
        print(f"\n{item_type.folder} ({len(items)})")
        for item in items:
            head = f"  {item.id:<{id_width}}  {item.source.value:<7}  "
            print(head + shorten(item.summary, max(width - len(head), 20)))
    if errors:
        print(f"\nerrors ({len(errors)})")
        for error in errors:
            where = f"{error['path']}:{error['line']}" if error["line"] else error["path"]
            print(f"  {where}: {error['reason']}")
    return EXIT_OK
