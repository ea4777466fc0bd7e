"""Tool calls as the model wrote them, read into a `ToolCall` or refused with a message for it.

The model's arguments are untrusted text: a list, a string, invalid JSON, JSON nested thousands
deep or megabytes long must come back to the model as an error it can correct, never end the
request or raise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.orchestrator.stream import RequestedCall

SHOWN_CHARS = 500
"""Characters of refused arguments shown in the terminal."""


@dataclass(frozen=True)
class ArgumentError:
    """Why a tool call's arguments are not a JSON object."""

    message: str


@dataclass(frozen=True)
class RefusedCall:
    """A tool call that is not run; `message` goes back to the model as its result."""

    message: str
    shown: dict[str, Any]
    """{"name", "arguments"} as the model wrote them (parsed when they are JSON), for the
    terminal and the log."""


def parse_arguments(text: str, limit: int) -> dict[str, Any] | ArgumentError:
    """The arguments of a tool call as an object; empty text is the empty object.

    Args:
        text: the JSON text the model wrote.
        limit: characters accepted at most.

    Returns:
        The object, or an `ArgumentError` saying what is wrong, in words meant for the model.
        Never raises.
    """
    if len(text) > limit:
        return ArgumentError(f"the arguments are longer than {limit} characters")
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except RecursionError:
        return ArgumentError("the arguments are JSON nested too deeply")
    except ValueError as exc:
        return ArgumentError(f"the arguments are not valid JSON ({exc})")
    if not isinstance(value, dict):
        return ArgumentError(
            f"the arguments must be a JSON object, not {_json_kind(value)}: "
            'write {"name": value, ...}')
    return value


def read_call(requested: RequestedCall, limit: int) -> ToolCall | RefusedCall:
    """The call the model asked for, checked against the primitives' schemas.

    Args:
        requested: the name and argument text as streamed.
        limit: characters of arguments accepted at most.

    Returns:
        The call, or why it is refused. Never raises.
    """
    shown: dict[str, Any] = {"name": requested.name, "arguments": _shown(requested.arguments)}
    if requested.oversized:
        return RefusedCall(f"{requested.name}: the arguments are longer than {limit} characters; "
                           "the call was not run", shown)
    arguments = parse_arguments(requested.arguments, limit)
    if isinstance(arguments, ArgumentError):
        return RefusedCall(f"{requested.name}: {arguments.message}; the call was not run", shown)
    shown["arguments"] = arguments
    try:
        return ToolCall(requested.name, arguments)
    except KiwiError as exc:
        return RefusedCall(str(exc), shown)
    except (TypeError, ValueError, RecursionError) as exc:
        # The schema check is written for well-formed input; odd values must not end a request.
        return RefusedCall(f"{requested.name}: the arguments do not fit its schema "
                           f"({type(exc).__name__}: {exc})", shown)


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _shown(text: str) -> Any:
    if len(text) > SHOWN_CHARS:
        return text[:SHOWN_CHARS] + "…"
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text
