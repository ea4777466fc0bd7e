"""What a request states outright for an item's inputs: `name=value`, a word that is one of an
input's choices, a flag named by its words. These stand before anything `params` weighs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from kiwi_term.library.items import Input, Item
from predictors.router.arguments import stem, words
from predictors.router.choices import stated_choices
from predictors.router.spans import spans

ASSIGN = re.compile(r"\b([a-z_][a-z0-9_-]*)=(\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)
"""`name=value` as typed, quoted or not."""


def stated_params(item: Item, text: str) -> dict[str, Any]:
    """The params a request states outright: `name=value`, a word that is one of an input's
    choices ("make them webp"), and a flag named by its words ("as a dry run"; not after "no",
    "not" or "without")."""
    params: dict[str, Any] = {}
    inputs = {i.name: i for i in item.inputs}
    for name, value in ASSIGN.findall(text):
        if name in inputs:
            put(params, inputs[name], value.strip("\"'"))
    request = ASSIGN.sub(" ", text)
    said = words(request)
    for name, choice in named_choices(item, request, set(params)).items():
        put(params, inputs[name], choice)
    for spec in item.inputs:
        if spec.name in params:
            continue
        switch = _switch(spec)
        if spec.type == "bool" and not spec.choices:
            if _flag_said(spec, said) is True:
                params[spec.name] = True
        elif switch is not None:
            # A yes/no choice named by its words: "electric bikes" for `electric_only`, "if we
            # skip weekends" for `skip_weekends`; "no" after "no", "not" or "don't".
            said_so = _flag_said(spec, said, drop=_SWITCH_WORDS)
            if said_so is not None:
                params[spec.name] = switch[0 if said_so else 1]
    return params


_SWITCH_WORDS = frozenset("only include includes is has with allow allows".split())
_NEGATIONS = frozenset({"no", "not", "without", "dont", "don't", "never"})


def _switch(spec: Input) -> tuple[str, str] | None:
    """(the yes, the no) of a choice between yes and no (true and false, on and off), else
    None."""
    lowered = {c.lower(): c for c in spec.choices}
    for yes, no in (("yes", "no"), ("true", "false"), ("on", "off")):
        if set(lowered) == {yes, no}:
            return lowered[yes], lowered[no]
    return None


def _flag_said(spec: Input, said: Sequence[str], drop: AbstractSet[str] = frozenset(),
               ) -> bool | None:
    """Whether a request names a flag by the words of its name ("as a dry run" for
    `dry_run`): True, False when a negation comes right before them, None when not named."""
    name = [w for w in words(spec.name) if w not in drop]
    if not name:
        return None
    said_stems = [stem(w) for w in said]
    for at in range(len(said) - len(name) + 1):
        if said_stems[at:at + len(name)] == [stem(w) for w in name]:
            return not set(said[max(0, at - 3):at]) & _NEGATIONS
    return None


def named_choices(item: Item, text: str, skip: AbstractSet[str] = frozenset()) -> dict[str, str]:
    """The choices a text names for the item's inputs with choices (`choices.stated_choices`)."""
    cut = spans(text)
    choosing = [i for i in item.inputs if i.choices and i.name not in skip]
    numbers = frozenset(s.start for s in cut if s.kind == "number")
    said = [s.value if s.kind == "number" else s.text for s in cut]
    return stated_choices(choosing, said, numbers)

def put(params: dict[str, Any], spec: Input, value: str) -> None:
    """Give `spec` the value as it takes it, or nothing if it does not take it."""
    try:
        params[spec.name] = spec.coerce(value)
    except ValueError:
        pass  # not a value this input takes: leave it for the user to give
