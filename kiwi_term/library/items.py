"""The items of a Kiwi library: directives, scripts and knowledge entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class ItemType(StrEnum):
    """The three kinds of library item, named as in tool calls."""

    DIRECTIVE = "directive"
    SCRIPT = "script"
    KNOWLEDGE = "knowledge"

    @property
    def folder(self) -> str:
        """The folder under `.ai/` that holds items of this type."""
        return {"directive": "directives", "script": "scripts", "knowledge": "knowledge"}[
            self.value
        ]

    @property
    def suffix(self) -> str:
        """The file extension of items of this type."""
        return {"directive": ".xml", "script": ".py", "knowledge": ".md"}[self.value]


class Source(StrEnum):
    """Where an item lives: the project's `.ai/` or the user space."""

    PROJECT = "project"
    USER = "user"


ITEM_ID = re.compile(r"\A[a-z0-9_-]+\Z")
"""What an item id may look like: lowercase letters, digits, `_` and `-`, nothing else.

Anchored with \\A and \\Z, not ^ and $: `$` also matches before a final newline, so "abc\\n"
would pass. Use `is_item_id`."""


def is_item_id(text: object) -> bool:
    """Whether `text` is a string that is a valid item id (no newline, no control character)."""
    return isinstance(text, str) and ITEM_ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Input:
    """One declared input of a directive, or option of a script (read from its argparse calls)."""

    name: str
    type: str = "string"
    """string, path, bool, int or number."""
    required: bool = False
    default: str | None = None
    description: str = ""
    choices: tuple[str, ...] = ()
    """The only values it takes, when it declares them (argparse's `choices`)."""

    def coerce(self, value: Any) -> Any:
        """The value as this input takes it: of its type, one of its choices.

        Raises:
            ValueError: the value is not of the input's type or not one of its choices.
        """
        typed = _typed(self.type, value)
        if not self.choices:
            return typed
        for choice in self.choices:
            if str(typed).lower() == choice.lower() or _same_number(typed, choice):
                return _typed(self.type, choice)
        raise ValueError(f"not one of {', '.join(self.choices)}")


def _typed(kind: str, value: Any) -> Any:
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "on"):
            return True
        if text in ("false", "no", "0", "off"):
            return False
        raise ValueError("not true or false")
    if kind in ("int", "number"):
        if isinstance(value, bool) or isinstance(value, dict | list):
            raise ValueError("not a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError("not a number") from None
        if kind == "int":
            if not number.is_integer():
                raise ValueError("not a whole number")
            return int(number)
        return number
    if isinstance(value, dict | list):
        raise ValueError("not a plain value")
    return str(value)


def _same_number(value: Any, choice: str) -> bool:
    try:
        return isinstance(value, int | float) and float(choice) == float(value)
    except ValueError:
        return False


@dataclass(frozen=True)
class Step:
    """One step of a directive's process."""

    name: str
    text: str
    script: str | None = None
    """Id of the script this step runs, if it is a script step."""
    knowledge: str | None = None
    """Id of the knowledge entry this step loads, if it is a knowledge step."""

    @property
    def kind(self) -> str:
        """`script`, `knowledge` or `reasoning` (a step for the orchestrator)."""
        if self.script:
            return "script"
        if self.knowledge:
            return "knowledge"
        return "reasoning"


@dataclass(frozen=True)
class Item:
    """One parsed library item, with what search and the router need to know of it."""

    type: ItemType
    id: str
    source: Source
    path: Path
    description: str
    tags: tuple[str, ...] = ()
    title: str = ""
    """Knowledge title; empty for other types."""
    body: str = ""
    """Knowledge body, script source, or directive XML text."""
    version: str = ""
    category: str = ""
    permissions: tuple[str, ...] = ()
    inputs: tuple[Input, ...] = ()
    """Directive inputs, or the `--name` options a script declares with argparse."""
    steps: tuple[Step, ...] = ()
    outputs: dict[str, str] = field(default_factory=dict, compare=False)
    """Directive outcome messages by kind (success, failure); not part of identity."""
    created: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """(type, id): the identity that a project item shadows in user space."""
        return (self.type.value, self.id)

    @property
    def summary(self) -> str:
        """One line that says what the item is for."""
        return self.title if self.type is ItemType.KNOWLEDGE and self.title else self.description

    def search_text(self) -> str:
        """The text that semantic search embeds for this item."""
        words = self.id.replace("_", " ").replace("-", " ")
        parts = [f"{self.type.value} {words}", self.title, self.description]
        if self.tags:
            parts.append("tags: " + ", ".join(self.tags))
        if self.type is ItemType.KNOWLEDGE:
            parts.append(self.body[:400])
        return ". ".join(p for p in parts if p)

    def to_dict(self, full: bool = False) -> dict:
        """A JSON-ready view; `full` adds the body, inputs, steps and outputs."""
        data: dict = {
            "type": self.type.value,
            "id": self.id,
            "source": self.source.value,
            "description": self.summary,
            "tags": list(self.tags),
            "path": str(self.path),
        }
        if not full:
            return data
        if self.type is ItemType.KNOWLEDGE:
            data.update(title=self.title, created=self.created, body=self.body)
        elif self.type is ItemType.SCRIPT:
            data.update(source_code=self.body, inputs=[vars(i) for i in self.inputs])
        else:
            data.update(
                version=self.version,
                category=self.category,
                permissions=list(self.permissions),
                inputs=[vars(i) for i in self.inputs],
                steps=[{**vars(s), "kind": s.kind} for s in self.steps],
                outputs=dict(self.outputs),
            )
        return data
