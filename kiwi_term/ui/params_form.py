"""The params of one run, as the params editor shows and checks them, apart from any widget.

One field per input of the item's schema, in declared order, each starting with the value the
call proposes; a param the call gives that the schema does not declare gets a field of its own,
so nothing the call would send is hidden. What the user typed is checked with the inputs' own
`coerce`: a wrong value is refused with its reason and nothing runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiwi_term.calls import ToolCall
from kiwi_term.library.items import Input, Item, ItemType
from kiwi_term.library.params import KINDS, ParamRefused, as_text, check_value, missing_inputs


@dataclass(frozen=True)
class ParamField:
    """One input of the run, as the editor shows it."""

    spec: Input
    text: str
    """The value the call proposes, as text ("" when it gives none)."""
    declared: bool = True
    """False for a param the call gives that the item does not declare."""

    @property
    def label(self) -> str:
        """`file (path, required)`: the name, what it takes, and whether it is required."""
        takes = "|".join(self.spec.choices) if self.spec.choices else self.spec.type
        about = [takes, "required"] if self.spec.required else [takes]
        if not self.declared:
            about = ["not declared"]
        return f"{self.spec.name} ({', '.join(about)})"

    @property
    def hint(self) -> str:
        """What the field is for: the input's description, else what it takes."""
        return self.spec.description or KINDS.get(self.spec.type, "text")


@dataclass(frozen=True)
class ParamsForm:
    """The params of one proposed run, to edit before it runs."""

    call: ToolCall
    """The call as proposed."""
    item: Item | None
    """The directive or script it runs, if the library knows it."""
    fields: tuple[ParamField, ...]
    focus: int = 0
    """The field to start in: the first required one left empty, else the first."""

    @classmethod
    def for_call(cls, call: ToolCall, item: Item | None) -> ParamsForm:
        """The form of a run call; its fields empty when neither the item nor the call has
        params."""
        params = dict(call.arguments.get("params") or {})
        inputs = item.inputs if item is not None else ()
        fields = [ParamField(spec, as_text(params.get(spec.name))) for spec in inputs]
        declared = {spec.name for spec in inputs}
        fields += [ParamField(Input(name), as_text(value), declared=not inputs)
                   for name, value in params.items() if name not in declared]
        missing = {spec.name for spec in missing_inputs(item, params)} if item else set()
        focus = next((n for n, f in enumerate(fields) if f.spec.name in missing), 0)
        return cls(call, item, tuple(fields), focus)

    @property
    def missing(self) -> tuple[str, ...]:
        """The required inputs the proposed call leaves empty."""
        if self.item is None:
            return ()
        return tuple(s.name for s in missing_inputs(self.item, self.call.arguments.get("params")))

    def checked(self, texts: Sequence[str]) -> ToolCall:
        """The call with the params typed in the fields (`texts`, one per field), typed and
        checked; an empty field gives no param.

        Raises:
            ParamRefused: a required field is empty, or a value is not one its input takes.
        """
        if len(texts) != len(self.fields):
            raise ValueError(f"{len(texts)} values for {len(self.fields)} fields")
        # A directive's default fills an empty input; a script's required option has none.
        defaults_fill = self.item is None or self.item.type is ItemType.DIRECTIVE
        params: dict[str, Any] = {}
        for field, text in zip(self.fields, texts, strict=True):
            value = check_value(field.spec, text, defaults_fill=defaults_fill)
            if value is not None:
                params[field.spec.name] = value
        arguments = {k: v for k, v in self.call.arguments.items() if k != "params"}
        if params or "params" in self.call.arguments:
            arguments["params"] = params
        return ToolCall(self.call.name, arguments)

    def edited(self, call: ToolCall) -> bool:
        """Whether `call` runs with params other than the proposed ones (typed alike, so "800"
        proposed and 800 run are the same)."""
        return _typed(self.fields, self.call) != _typed(self.fields, call)


def _typed(fields: Sequence[ParamField], call: ToolCall) -> dict[str, Any]:
    specs = {f.spec.name: f.spec for f in fields}
    typed = {}
    for name, value in (call.arguments.get("params") or {}).items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            typed[name] = specs[name].coerce(value) if name in specs else value
        except ValueError:
            typed[name] = value
    return typed


__all__ = ["ParamField", "ParamRefused", "ParamsForm"]
