"""`kiwi show TYPE ID`: one library item in full."""

from __future__ import annotations

import argparse
from typing import Any

from kiwi_term.calls import ITEM_TYPES, SOURCES
from kiwi_term.commands.common import EXIT_OK, add_command, open_kiwi, print_json, wants_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kiwi show`."""
    parser = add_command(
        subparsers,
        "show",
        handle,
        summary="show one item in full",
        description="Print one item, parsed: a directive's inputs, permissions, steps and "
        "outputs; a script's options and source; a knowledge entry's title and body. A project "
        "item hides a user-space item of the same type and id; --source picks one of them.",
        examples=[
            "kiwi show directive organize_photos",
            "kiwi show script photo_inventory --json",
            "kiwi show knowledge naming_conventions --source user",
        ],
    )
    parser.add_argument("type", choices=ITEM_TYPES, help="directive, script or knowledge")
    parser.add_argument("id", help="the item's id (its file name without extension)")
    parser.add_argument(
        "--source", choices=SOURCES, help="project or user (default: project first)"
    )


def handle(args: argparse.Namespace) -> int:
    """Load the item and print it."""
    item = open_kiwi(args).load(args.type, args.id, args.source)
    if wants_json(args):
        print_json(item)
    else:
        print(render(item))
    return EXIT_OK


def render(item: dict[str, Any]) -> str:
    """An item as `kiwi show` prints it."""
    lines = [f"{item['type']} {item['id']}  ({item['source']}: {item['path']})"]
    if item.get("title"):
        lines.append(f"title: {item['title']}")
    lines.append(f"description: {item['description']}")
    if item.get("tags"):
        lines.append(f"tags: {', '.join(item['tags'])}")
    for key in ("version", "category", "created"):
        if item.get(key):
            lines.append(f"{key}: {item[key]}")
    if item.get("permissions"):
        lines.append(f"permissions: {', '.join(item['permissions'])}")
    if item.get("inputs"):
        label = "inputs" if item["type"] == "directive" else "options"
        lines.append(f"{label}:")
        for spec in item["inputs"]:
            flag = spec["name"] if item["type"] == "directive" else f"--{spec['name']}"
            traits = [spec["type"]] if item["type"] == "directive" else []
            if spec.get("required"):
                traits.append("required")
            if spec.get("default") is not None:
                traits.append(f"default {spec['default']}")
            trait_text = f" ({', '.join(traits)})" if traits else ""
            description = f"  {spec['description']}" if spec.get("description") else ""
            lines.append(f"  {flag}{trait_text}{description}")
    if item.get("steps"):
        lines.append("steps:")
        for number, step in enumerate(item["steps"], start=1):
            target = step.get("script") or step.get("knowledge") or ""
            kind = f"{step['kind']} {target}".strip()
            lines.append(f"  {number}. {step['name']} [{kind}]  {step['text']}")
    for outcome, text in (item.get("outputs") or {}).items():
        lines.append(f"on {outcome}: {text}")
    body = item.get("body") if item["type"] == "knowledge" else item.get("source_code")
    if body:
        lines += ["", body.rstrip()]
    return "\n".join(lines)
