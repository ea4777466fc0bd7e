"""A run's params against the item's inputs: which required ones are missing, and values typed
by a person checked one by one.

Every caller that runs an item or offers to (the execute path, the terminal's suggestion line
and its params editor, `kiwi route --json`) asks these functions, so "missing" means one thing
everywhere: a required input with no value, or an empty one, and (for a directive) no default.
A script's argparse default does not fill a required option: argparse refuses it all the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiwi_term.library.items import Input, Item, ItemType

KINDS = {"int": "a whole number", "number": "a number", "bool": "true or false",
         "path": "a path", "string": "text"}
"""What an input of each type takes, as a message says it."""


class ParamRefused(ValueError):
    """A value an input does not take, or a required input left empty."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        """The input the value was for."""
        self.message = message
        """Why it was refused, without the input's name."""


def takes(spec: Input) -> str:
    """What an input takes, in words: its choices, else its type."""
    return ", ".join(spec.choices) if spec.choices else KINDS.get(spec.type, "text")


def is_empty(value: Any) -> bool:
    """Whether a param's value gives nothing: absent (None) or an empty or blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


def missing_inputs(item: Item, params: Mapping[str, Any] | None) -> list[Input]:
    """The required inputs of `item` that `params` leave without a value, in declared order."""
    params = params or {}
    defaults_fill = item.type is ItemType.DIRECTIVE
    return [spec for spec in item.inputs
            if spec.required and is_empty(params.get(spec.name))
            and not (defaults_fill and not is_empty(spec.default))]


def check_value(spec: Input, text: str, *, defaults_fill: bool = True) -> Any:
    """The typed value of what a person typed for one input; None when left empty (and allowed).

    Raises:
        ParamRefused: the input is required and left empty, or the text is not a value of its
            type or one of its choices.
    """
    text = text.strip()
    if not text:
        if spec.required and not (defaults_fill and not is_empty(spec.default)):
            about = f" ({spec.description})" if spec.description else ""
            raise ParamRefused(spec.name, f"is required{about}: give {takes(spec)}")
        return None
    try:
        return spec.coerce(text)
    except ValueError as exc:
        raise ParamRefused(spec.name, f"{text!r} is {exc} (it takes {takes(spec)})") from None


def shown(value: Any) -> str:
    """A param's value as the terminal writes it: true/false, numbers as they are, text in
    quotes when it holds a space or is empty (so `name=value` pairs stay readable)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    text = str(value)
    if not text or any(char.isspace() for char in text) or '"' in text:
        return '"' + text.replace('"', '\\"') + '"'
    return text


def as_text(value: Any) -> str:
    """A param's value as the text an editor field starts with (no quotes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
