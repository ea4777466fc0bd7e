"""What an item's input asks for, read from its schema: the kinds of value its name and help
ask for (`base_url` a URL, "Check-in date" a date), whether it takes a bare number or several
values, the unit its name says and the range its help states. `predictors.router.params` and
`predictors.router.fill` judge every candidate value by these.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kiwi_term.library.items import Input
from predictors.router.arguments import stem, stems, words
from predictors.router.units import scale_code

KIND_WORDS: dict[str, frozenset[str]] = {
    "email": frozenset("email emails mail".split()),
    "url": frozenset("url urls uri endpoint host hostname server address site domain base".split()),
    "path": frozenset(
        "file files path paths dir directory folder config export csv input output dest "
        "destination src archive sheet list log logs report".split()),
    "date": frozenset("date day when start end since until deadline".split()),
    "time": frozenset("time clock".split()),
    "id": frozenset("id code reference ref confirmation tracking booking ticket".split()),
    "name": frozenset(
        "name city town place location destination origin country region team player artist "
        "author singer band restaurant store shop station stop venue hotel airport company "
        "employer person candidate employee customer user contact recipient owner supplier "
        "vendor seller merchant brand manufacturer provider carrier".split()),
    "size": frozenset("size dimensions dimension resolution".split()),
    "number": frozenset(
        "count number n num requests copies days hours minutes seconds weeks months years "
        "size width height limit max min port timeout retries salary amount price quantity "
        "qty threshold level percent rate workers threads concurrency batch top".split()),
}
"""Words of an input's name that ask for a kind of value (`base_url` asks for a URL)."""

KIND_CUES = {kind: frozenset(stem(w) for w in cues) for kind, cues in KIND_WORDS.items()}


@lru_cache(maxsize=4096)
def asked_kinds(spec: Input) -> frozenset[str]:
    """The kinds of value an input's name, help or type ask for (`base_url`: a URL)."""
    if spec.type in ("int", "number"):
        return frozenset({"number"})
    if spec.type == "bool":
        return frozenset()
    name_words = stems(spec.name)
    asks = {kind for kind, cue in KIND_CUES.items() if name_words & cue}
    if not asks:  # "--check_in", help "Check-in date, YYYY-MM-DD"
        described = {stem(w) for w in words(spec.description)}
        asks = {kind for kind, cue in KIND_CUES.items() if described & cue} - {"name"}
    if spec.type == "path":
        asks.add("path")
    if spec.type == "string" and "number" in asks:
        asks.add("id")  # `rx_number`, `tail_number`: "RX-4471902", "N4471P"
    return frozenset(asks)


def is_name_word(word: str) -> bool:
    """Whether a word is one that asks for a kind of value ("file", "city"), not a value."""
    return any(word.lower() in cue for cue in KIND_WORDS.values())


def takes_bare_number(spec: Input) -> bool:
    """Whether an input may take a number said alone: a number input, or a string input that
    asks for one (`order_id`, "Student number", "Last four digits of the card"); not `recipe`
    ("the 8 servings") nor `items` ("they take 3 items")."""
    if spec.type == "path":
        return False
    if spec.type != "string":
        return True
    return bool(asked_kinds(spec) & {"number", "id"}) or bool(
        {"digit", "digits"} & set(words(spec.description.lower())))


def takes_lists(spec: Input) -> bool:
    """A string input that holds several values: its name is a plural or its help says so."""
    described = set(words(spec.description))
    name = words(spec.name.replace("_", " "))
    return bool(described & {"list", "comma", "separated", "values", "numbers"}) or (
        bool(name) and (name[-1].endswith("s") and not name[-1].endswith("ss")
                        or name[-1] in ("people", "staff", "children")))


def unit_of(spec: Input) -> str | None:
    """The unit a number input's name says it takes: `height_cm` cm, `duration_minutes` min."""
    if spec.type not in ("int", "number"):
        return None
    named = words(spec.name)
    if "per" in named:
        named = named[:named.index("per")]  # `rate_ml_per_litre` is in mL (per litre)
    for word in reversed(named):
        code = scale_code(word)
        if code is not None:
            return code
    return None


_RANGE = re.compile(r"\bbetween (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)\b")


def in_stated_range(spec: Input, value: Any) -> bool:
    """Whether a number lies in the range an input's help states ("Chance of success, between
    0 and 1"): the router never proposes one outside it (a user may still type one)."""
    if spec.type not in ("int", "number") or isinstance(value, bool):
        return True
    found = _RANGE.search(spec.description.lower())
    if found is None:
        return True
    low, high = sorted(float(found.group(i)) for i in (1, 2))
    try:
        return low <= float(value) <= high
    except (TypeError, ValueError):
        return False
