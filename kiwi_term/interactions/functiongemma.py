"""FunctionGemma's function-calling format: writing training examples and parsing them back.

FunctionGemma (Gemma 3 270M tuned for tool use) reads tools and calls in control tokens, not
JSON. This module follows its chat template (google/functiongemma-270m-it, `chat_template.jinja`,
and the "FunctionGemma formatting and best practices" guide at ai.google.dev):

- Turns are `<start_of_turn>ROLE\\n...<end_of_turn>\\n` with roles `developer`, `user`, `model`.
- The developer turn is the activation sentence `You are a model that can do function calling
  with the following functions` followed, with no separator, by one
  `<start_function_declaration>declaration:NAME{...}<end_function_declaration>` per tool.
- A declaration body is `description:<escape>TEXT<escape>,parameters:{properties:{...},
  required:[...],type:<escape>OBJECT<escape>}`; each property is
  `KEY:{description:<escape>TEXT<escape>[,enum:[...]][,properties:{...}],type:<escape>TYPE<escape>}`
  with the JSON schema type upper-cased. Other schema keywords (minimum, pattern, default,
  additionalProperties) have no place in the template and are dropped, as it drops them.
- A call is `<start_function_call>call:NAME{KEY:VALUE,...}<end_function_call>`. Keys are bare;
  every string value is wrapped in `<escape>` tokens; numbers, `true`, `false` and `null` are
  bare; objects `{k:v}` and lists `[v,...]` nest. Keys are sorted case-insensitively, like the
  template's `dictsort`.
- After its call the model emits `<start_function_response>` (the runtime's stop sequence), so a
  rendered training text ends there, without `<end_of_turn>`.

A string holding the `<escape>` token itself, or a key holding `:{}[],<`, cannot be written in
this format; `format_call` raises ValueError for them and the export skips such examples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from kiwi_term.calls import DESCRIPTIONS, PRIMITIVES, SCHEMAS

ESCAPE = "<escape>"
START_CALL, END_CALL = "<start_function_call>", "<end_function_call>"
START_DECLARATION, END_DECLARATION = "<start_function_declaration>", "<end_function_declaration>"
START_RESPONSE = "<start_function_response>"
ACTIVATION = "You are a model that can do function calling with the following functions"
"""The developer-turn sentence that switches FunctionGemma into function calling."""

# The shared SCHEMAS carry no per-property text, but FunctionGemma's declarations have a
# description slot for every property and the model leans on it to map words to arguments.
PROPERTY_DESCRIPTIONS = {
    "item_type": "Kind of library item: directive (a workflow), script (Python) or knowledge "
    "(notes); search also takes any.",
    "query": "Words describing the items to find.",
    "limit": "Most results to return.",
    "item_id": "The item's id: its file name without extension.",
    "source": "Where the item lives: project or user; project first when absent.",
    "action": "What to do with the item: run (default), create, update or delete.",
    "params": "Inputs of the run, by name; for create and update, content holds the file text.",
}

_BAD_KEY = re.compile(r"[:{}\[\],<\s]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


class FormatError(ValueError):
    """Text that is not in FunctionGemma's format."""


# -- writing -------------------------------------------------------------------------------


def escape(text: str) -> str:
    """A string value between `<escape>` tokens.

    Raises:
        ValueError: the text holds the `<escape>` token, which cannot be escaped.
    """
    if ESCAPE in text:
        raise ValueError("a string holding <escape> cannot be written in FunctionGemma's format")
    return f"{ESCAPE}{text}{ESCAPE}"


def format_value(value: Any) -> str:
    """One value: strings escaped, objects with bare sorted keys, lists, numbers, literals.

    Raises:
        ValueError: a value the format cannot hold (see the module docstring).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written in FunctionGemma's format")
        return repr(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_key(k)}:{format_value(v)}" for k, v in _sorted(value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(format_value(v) for v in value) + "]"
    raise ValueError(f"cannot write a {type(value).__name__} in FunctionGemma's format")


def format_call(call: dict[str, Any]) -> str:
    """A kiwi-format call as FunctionGemma emits it, between its function-call tokens."""
    name = str(call["name"])
    if not _NAME.fullmatch(name):
        raise ValueError(f"function name {name!r} cannot be written in FunctionGemma's format")
    return f"{START_CALL}call:{name}{format_value(dict(call.get('arguments') or {}))}{END_CALL}"


def format_declaration(name: str, description: str, schema: dict[str, Any]) -> str:
    """One tool's declaration (without the declaration tokens) from its JSON schema."""
    parts = [f"description:{escape(description)}"]
    body = []
    if schema.get("properties"):
        body.append(f"properties:{{{_properties(schema['properties'])}}}")
    if schema.get("required"):
        body.append("required:[" + ",".join(escape(r) for r in schema["required"]) + "]")
    if schema.get("type"):
        body.append(f"type:{escape(str(schema['type']).upper())}")
    if body:
        parts.append("parameters:{" + ",".join(body) + "}")
    return f"declaration:{name}{{{','.join(parts)}}}"


def developer_turn() -> str:
    """The developer turn's text: the activation sentence and the three primitives."""
    declarations = "".join(
        f"{START_DECLARATION}{format_declaration(n, DESCRIPTIONS[n], SCHEMAS[n])}{END_DECLARATION}"
        for n in PRIMITIVES
    )
    return ACTIVATION + declarations


def example(text: str, calls: Sequence[dict[str, Any]], history: Sequence[str] = ()) -> dict:
    """One JSONL record: the three turns as messages, and the text they render to.

    Args:
        text: the user's turn.
        calls: the call(s) the model should make (FunctionGemma may emit several in one turn).
        history: the user's earlier turns, kept beside the messages (FunctionGemma is trained
            single-turn, so they are not turns of the example).

    Raises:
        ValueError: a call the format cannot hold.
    """
    developer = developer_turn()
    model = "".join(format_call(c) for c in calls)
    user = text.strip()
    rendered = (
        f"<start_of_turn>developer\n{developer}<end_of_turn>\n"
        f"<start_of_turn>user\n{user}<end_of_turn>\n"
        f"<start_of_turn>model\n{model}{START_RESPONSE}"
    )
    return {
        "messages": [
            {"role": "developer", "content": developer},
            {"role": "user", "content": user},
            {"role": "model", "content": model},
        ],
        "text": rendered,
        "history": list(history),
    }


def _properties(properties: dict[str, Any]) -> str:
    parts = []
    for key, spec in _sorted(properties):
        kind = str(spec.get("type", "")).upper()
        description = spec.get("description") or PROPERTY_DESCRIPTIONS.get(key, "")
        fields = [f"description:{escape(description)}"]
        if kind == "STRING" and spec.get("enum"):
            fields.append(f"enum:{format_value(list(spec['enum']))}")
        elif kind == "OBJECT":
            fields.append(f"properties:{{{_properties(spec.get('properties') or {})}}}")
            if spec.get("required"):
                fields.append("required:[" + ",".join(escape(r) for r in spec["required"]) + "]")
        if kind:
            fields.append(f"type:{escape(kind)}")
        parts.append(f"{_key(key)}:{{{','.join(fields)}}}")
    return ",".join(parts)


def _key(key: Any) -> str:
    key = str(key)
    if not key or _BAD_KEY.search(key):
        raise ValueError(f"key {key!r} cannot be written bare in FunctionGemma's format")
    return key


def _sorted(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    return sorted(mapping.items(), key=lambda kv: str(kv[0]).lower())


# -- reading -------------------------------------------------------------------------------


def parse_calls(text: str) -> list[dict[str, Any]]:
    """Every call in a model turn, as kiwi-format calls `{"name", "arguments"}`.

    Raises:
        FormatError: a call does not parse.
    """
    return [{"name": name, "arguments": body}
            for name, body in _blocks(text, START_CALL, "call:", END_CALL)]


def parse_declarations(text: str) -> dict[str, dict[str, Any]]:
    """The declarations of a developer turn: name -> parsed body.

    Raises:
        FormatError: a declaration does not parse.
    """
    return dict(_blocks(text, START_DECLARATION, "declaration:", END_DECLARATION))


def parse_value(text: str) -> Any:
    """One value in FunctionGemma's notation (the inverse of `format_value`).

    Raises:
        FormatError: the text is not exactly one well-formed value.
    """
    reader = _Reader(text)
    value = reader.value()
    if reader.pos != len(text):
        raise FormatError(f"unexpected text after the value at {reader.pos}: {text[reader.pos:]!r}")
    return value


def _blocks(text: str, start: str, prefix: str, end: str) -> list[tuple[str, Any]]:
    """(name, body) of each `START prefix NAME{...} END` block in `text`."""
    found = []
    pos = 0
    while (begin := text.find(start, pos)) >= 0:
        head = begin + len(start)
        if not text.startswith(prefix, head):
            raise FormatError(f"expected {prefix!r} after {start}")
        brace = text.find("{", head)
        name = text[head + len(prefix):brace] if brace >= 0 else ""
        if not _NAME.fullmatch(name):
            raise FormatError(f"malformed name after {start}{prefix}: {name!r}")
        # The body is read by the value parser, not found by searching for END, so an end
        # token inside an escaped string cannot cut it short.
        reader = _Reader(text, brace)
        body = reader.value()
        if not isinstance(body, dict) or not text.startswith(end, reader.pos):
            raise FormatError(f"{start}{prefix}{name} is not closed by {end}")
        found.append((name, body))
        pos = reader.pos + len(end)
    return found


class _Reader:
    """Recursive descent over one value; `pos` is the next character to read."""

    def __init__(self, text: str, pos: int = 0) -> None:
        self.text = text
        self.pos = pos

    def value(self) -> Any:
        text = self.text
        if text.startswith(ESCAPE, self.pos):
            return self._string()
        if self.pos >= len(text):
            raise FormatError("expected a value, found the end")
        char = text[self.pos]
        if char == "{":
            return self._object()
        if char == "[":
            return self._list()
        end = self.pos
        while end < len(text) and text[end] not in ",}]":
            end += 1
        token = text[self.pos:end]
        self.pos = end
        if token in ("true", "false"):
            return token == "true"
        if token == "null":
            return None
        if _NUMBER.match(token):
            return int(token) if re.fullmatch(r"-?\d+", token) else float(token)
        raise FormatError(f"not a value: {token!r}")

    def _string(self) -> str:
        start = self.pos + len(ESCAPE)
        end = self.text.find(ESCAPE, start)
        if end < 0:
            raise FormatError("<escape> without its closing <escape>")
        self.pos = end + len(ESCAPE)
        return self.text[start:end]

    def _object(self) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        if self._peek("}"):
            return result
        while True:
            if self.text.startswith(ESCAPE, self.pos):
                key = self._string()
            else:
                colon = self.text.find(":", self.pos)
                if colon < 0:
                    raise FormatError(f"key without ':' at {self.pos}")
                key = self.text[self.pos:colon]
                self.pos = colon
                if not key or _BAD_KEY.search(key):
                    raise FormatError(f"malformed key {key!r}")
            if not self._peek(":"):
                raise FormatError(f"expected ':' after {key!r}")
            result[key] = self.value()
            if self._peek("}"):
                return result
            if not self._peek(","):
                raise FormatError(f"expected ',' or '}}' at {self.pos}")

    def _list(self) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        if self._peek("]"):
            return items
        while True:
            items.append(self.value())
            if self._peek("]"):
                return items
            if not self._peek(","):
                raise FormatError(f"expected ',' or ']' at {self.pos}")

    def _peek(self, char: str) -> bool:
        if self.text.startswith(char, self.pos):
            self.pos += len(char)
            return True
        return False
