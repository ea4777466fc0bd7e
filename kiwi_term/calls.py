"""Tool calls: the three primitives as JSON (kiwi-format.md §5), checked before anything runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kiwi_term.errors import KiwiError

PRIMITIVES = ("search", "load", "execute")
ITEM_TYPES = ("directive", "script", "knowledge")
SEARCH_TYPES = (*ITEM_TYPES, "any")
ACTIONS = ("run", "create", "update", "delete")
SOURCES = ("project", "user")

# JSON schemas of the primitives' arguments: shared by the MCP server, the orchestrator's function
# tools and the validation below, so the three can never disagree.
SCHEMAS: dict[str, dict[str, Any]] = {
    "search": {
        "type": "object",
        "properties": {
            "item_type": {"type": "string", "enum": list(SEARCH_TYPES)},
            "query": {"type": "string", "minLength": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
        },
        "required": ["item_type", "query"],
        "additionalProperties": False,
    },
    "load": {
        "type": "object",
        "properties": {
            "item_type": {"type": "string", "enum": list(ITEM_TYPES)},
            "item_id": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
            "source": {"type": "string", "enum": list(SOURCES)},
        },
        "required": ["item_type", "item_id"],
        "additionalProperties": False,
    },
    "execute": {
        "type": "object",
        "properties": {
            "item_type": {"type": "string", "enum": list(ITEM_TYPES)},
            "item_id": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
            "action": {"type": "string", "enum": list(ACTIONS), "default": "run"},
            "params": {"type": "object"},
            "source": {"type": "string", "enum": list(SOURCES)},
        },
        "required": ["item_type", "item_id"],
        "additionalProperties": False,
    },
}

DESCRIPTIONS = {
    "search": "Find items in the Kiwi library (directives, scripts, knowledge) by meaning and by "
    "name. Returns ranked items with id, type, source, description and score.",
    "load": "Read one library item in full: a directive's inputs, steps and permissions; a "
    "script's source; a knowledge entry's body.",
    "execute": "Act on one library item: run a script or a directive (action 'run', with params), "
    "or create, update or delete an item (params.content holds the new file text).",
}


@dataclass(frozen=True)
class ToolCall:
    """One call of a primitive with its arguments."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate(self.name, self.arguments)

    @classmethod
    def from_json(cls, data: str | dict) -> ToolCall:
        """Build a call from its JSON form `{"name": ..., "arguments": {...}}`.

        Raises:
            KiwiError: the JSON is malformed or the call is not valid.
        """
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise KiwiError(f"tool call is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or "name" not in data:
            raise KiwiError('a tool call is an object {"name": ..., "arguments": {...}}')
        arguments = data.get("arguments") or {}
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments)
            except json.JSONDecodeError as exc:
                raise KiwiError(f"tool call arguments are not valid JSON: {exc}") from None
        return cls(str(data["name"]), dict(arguments))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of kiwi-format.md §5."""
        return {"name": self.name, "arguments": dict(self.arguments)}

    def readable(self) -> str:
        """The call as a person reads it, e.g. `search(script, "email")`."""
        args = self.arguments
        if self.name == "search":
            return f'search({args["item_type"]}, "{args["query"]}")'
        parts = [args["item_type"], args["item_id"]]
        action = args.get("action", "run")
        if self.name == "execute" and action != "run":
            parts.append(action)
        params = args.get("params") or {}
        parts.extend(f"{k}={v}" for k, v in params.items() if k != "content")
        return f"{self.name}({', '.join(str(p) for p in parts)})"


def validate(name: str, arguments: dict[str, Any]) -> None:
    """Check a call against the primitives' schemas.

    Raises:
        KiwiError: unknown primitive, missing or unknown argument, or a value of the wrong type.
    """
    if name not in SCHEMAS:
        raise KiwiError(f"unknown primitive {name!r}: use one of {', '.join(PRIMITIVES)}")
    if not isinstance(arguments, dict):
        raise KiwiError(f"{name}: arguments must be an object")
    schema = SCHEMAS[name]
    props = schema["properties"]
    for key in schema["required"]:
        if key not in arguments or arguments[key] in (None, ""):
            raise KiwiError(f"{name}: missing required argument {key!r}")
    for key, value in arguments.items():
        if key not in props:
            raise KiwiError(f"{name}: unknown argument {key!r} (takes {', '.join(props)})")
        spec = props[key]
        if spec["type"] == "string" and not isinstance(value, str):
            raise KiwiError(f"{name}: {key} must be a string")
        if spec["type"] == "object" and not isinstance(value, dict):
            raise KiwiError(f"{name}: {key} must be an object")
        if spec["type"] == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
            raise KiwiError(f"{name}: {key} must be an integer")
        if "enum" in spec and value not in spec["enum"]:
            allowed = ", ".join(spec["enum"])
            raise KiwiError(f"{name}: {key} must be one of {allowed}, not {value!r}")
    if "item_id" in arguments:
        from kiwi_term.library.store import check_id

        check_id(arguments["item_id"])
