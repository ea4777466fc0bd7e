"""The words people say for the codes that schemas take: units of measure and currencies.

A tool's schema names a unit or a currency by its code (`--to_unit` with choices `km`, `mi`;
`--currency` with `USD`, `EUR`) while people say "kilometres", "miles", "US dollars". This maps
each code to the words for it, so a choice the request names in words is read as the code, and a
number followed by a unit is given to the input whose help speaks of that unit ("1,450 kg" to
`--mass`, "Mass in kilograms").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kiwi_term.library.items import Input
from predictors.router.arguments import words

_UNITS: dict[str, tuple[str, ...]] = {
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
    "m": ("m", "metre", "metres", "meter", "meters"),
    "km": ("km", "kilometre", "kilometres", "kilometer", "kilometers", "kms"),
    "in": ("in", "inch", "inches"),
    "ft": ("ft", "foot", "feet"),
    "yd": ("yd", "yard", "yards"),
    "mi": ("mi", "mile", "miles"),
    "nmi": ("nmi", "nautical mile", "nautical miles"),
    "mg": ("mg", "milligram", "milligrams"),
    "g": ("g", "gram", "grams"),
    "kg": ("kg", "kilogram", "kilograms", "kilo", "kilos"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "oz": ("oz", "ounce", "ounces"),
    "ml": ("ml", "millilitre", "millilitres", "milliliter", "milliliters"),
    "l": ("l", "litre", "litres", "liter", "liters"),
    "gal": ("gal", "gallon", "gallons"),
    "celsius": ("celsius", "centigrade", "c"),
    "fahrenheit": ("fahrenheit", "f"),
    "kelvin": ("kelvin", "k"),
    "c": ("c", "celsius", "centigrade"),
    "f": ("f", "fahrenheit"),
    "k": ("k", "kelvin"),
    "s": ("s", "sec", "secs", "second", "seconds"),
    "min": ("min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "w": ("w", "watt", "watts"),
    "kw": ("kw", "kilowatt", "kilowatts"),
    "wh": ("wh", "watt hour", "watt hours"),
    "kwh": ("kwh", "kilowatt hour", "kilowatt hours"),
    "kmh": ("kmh", "km/h", "kph", "kilometres per hour", "kilometers per hour"),
    "mph": ("mph", "miles per hour"),
    "ms": ("m/s", "metres per second", "meters per second"),
    "kn": ("kn", "knot", "knots"),
    "knots": ("knot", "knots", "kn"),
    "usd": ("usd", "dollar", "dollars", "us dollars", "bucks"),
    "eur": ("eur", "euro", "euros"),
    "gbp": ("gbp", "pound", "pounds", "british pounds", "sterling"),
    "jpy": ("jpy", "yen", "japanese yen"),
    "chf": ("chf", "franc", "francs", "swiss francs"),
    "cad": ("cad", "canadian dollars"),
    "aud": ("aud", "australian dollars"),
    "cny": ("cny", "yuan", "renminbi"),
    "inr": ("inr", "rupee", "rupees"),
    "mxn": ("mxn", "peso", "pesos", "mexican pesos"),
}

SAYINGS: dict[str, tuple[tuple[str, ...], ...]] = {
    code: tuple(tuple(phrase.split()) for phrase in phrases) for code, phrases in _UNITS.items()}
"""Per code, the word sequences that say it (as `params.spans` cuts a text: "km/h" is one)."""

FROM_WORDS = frozenset("from source src origin input orig".split())
TO_WORDS = frozenset("to target dest destination into output".split())


def said_choices(choices: Sequence[str], said: Sequence[str],
                 numbers: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """Where the words `said` (a text cut by `params.spans`) name one of `choices`, as (index,
    choice), in order.

    A choice is named by itself ("population", "gas mark" for `gas_mark`) or by the words for
    its code ("miles" for `mi`, "US dollars" for `USD`), in the singular or the plural
    ("townhouses" for `townhouse`). A unit's saying of one or two letters counts only right
    after a number (`numbers`: their indices), as in "6 ft" or "104 F": "in" and "m" are words
    too; other short choices ("turn it on") count anywhere.
    """
    lowered = [_singular(w.lower()) for w in said]
    found: dict[int, tuple[int, str]] = {}
    for choice in choices:
        code = choice.lower()
        forms = {tuple(_singular(w) for w in code.replace("_", " ").split()),
                 *SAYINGS.get(code, ())}
        joined = re.sub(r"[\s_-]", "", code)
        for at in range(len(lowered)):
            for form in forms:
                if tuple(lowered[at:at + len(form)]) != form and tuple(
                        w.lower() for w in said[at:at + len(form)]) != form:
                    continue
                if len(form) == 1 and len(form[0]) <= 2 and form[0].isalpha() and (
                        at - 1 not in numbers) and code in SAYINGS:
                    continue
                # The longest saying at a place wins ("miles per hour" over "miles").
                if at not in found or found[at][0] < len(form):
                    found[at] = (len(form), choice)
            # One word written with a hyphen: "APS-C" for `apsc`, "full-frame" for `full_frame`.
            if at not in found and "-" in lowered[at] and len(joined) > 2 and (
                    lowered[at].replace("-", "") == joined):
                found[at] = (1, choice)
    # A choice of several words said in other forms of them, in order, at most one word
    # between two ("married filing separately" for `married_separate`, "a full tune-up" for
    # `full_tune`), where its own words are not said.
    for choice in choices:
        parts = [_root(w, adverb=True) for w in re.split(r"[\s_]+", choice.lower()) if w]
        if len(parts) < 2 or any(c == choice for _, c in found.values()):
            continue
        roots_said = [_root(w.split("-")[0], adverb=True) for w in lowered]
        for at in range(len(lowered)):
            if at in found or roots_said[at] != parts[0]:
                continue
            last = at
            for part in parts[1:]:
                ahead = [i for i in (last + 1, last + 2)
                         if i < len(lowered) and roots_said[i] == part]
                if not ahead:
                    break
                last = ahead[0]
            else:
                found[at] = (last - at + 1, choice)
                break
    # A one-word choice said in another form of its word ("the run" for `running`, "cycled"
    # for `cycling`, "a swim" for `swimming`), where nothing names a choice outright; never the
    # request's first word.
    roots: dict[str, list[str]] = {}
    for choice in choices:
        if " " not in choice and "_" not in choice and len(choice) >= 4 and choice.isalpha():
            roots.setdefault(_root(choice.lower()), []).append(choice)
    for at in range(1, len(lowered) if not found else 0):
        word = said[at].lower()
        if at in found or len(word) < 3 or not word.isalpha() or (
                word in _VERBS and lowered[at - 1] not in _DETERMINERS):
            continue
        hits = roots.get(_root(word), [])
        if len(hits) == 1:
            found[at] = (0, hits[0])
    out: list[tuple[int, str]] = []
    covered = -1
    for at in sorted(found):
        length, choice = found[at]
        if at > covered:  # "us dollars", not "us dollars" and "dollars"
            out.append((at, choice))
            covered = at + length - 1
    return out


_VERBS = frozenset(
    "run runs running ran execute start stop set use make get do go show find list log".split())
"""Words that ask rather than choose ("run the report" is no `running` activity), unless a
determiner makes them a thing ("log the run i just finished")."""
_DETERMINERS = frozenset("the a an my our this that his her their last morning".split())


def _root(word: str, adverb: bool = False) -> str:
    """A word without its ending, so forms of one word meet: "running", "runs" and "run";
    "cycling", "cycled" and "cycle"; "swimming" and "swim"; with `adverb`, "separately" and
    "separate" too."""
    if adverb and word.endswith("ly") and len(word) >= 6:
        word = word[:-2]
    for ending in ("ing", "ed", "es", "er", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[:-len(ending)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "runn", "swimm"
    return word[:-1] if len(word) >= 4 and word.endswith("e") else word


_SCALES: dict[str, tuple[str, float]] = {
    "mm": ("length", 0.001), "cm": ("length", 0.01), "m": ("length", 1.0),
    "km": ("length", 1000.0), "mg": ("mass", 0.001), "g": ("mass", 1.0), "kg": ("mass", 1000.0),
    "ml": ("volume", 0.001), "l": ("volume", 1.0), "s": ("time", 1.0), "min": ("time", 60.0),
    "h": ("time", 3600.0), "w": ("power", 1.0), "kw": ("power", 1000.0), "wh": ("energy", 1.0),
    "kwh": ("energy", 1000.0)}
"""Units that convert exactly into one another, by what they measure and their size."""


def scale_code(word: str) -> str | None:
    """The code of a unit of `_SCALES` that a word says ("metres": m, "minutes": min)."""
    lower = word.lower()
    for code in _SCALES:
        if lower == code or (lower,) in SAYINGS[code]:
            return code
    return None


def converted(value: float, said: str, wanted: str) -> float | None:
    """`value` in the unit `said` as the unit `wanted` ("1.65" m as 165 cm), or None when the
    two do not measure the same thing or are one."""
    if said == wanted or said not in _SCALES or wanted not in _SCALES:
        return None
    (what, size), (wants, wanted_size) = _SCALES[said], _SCALES[wanted]
    if what != wants:
        return None
    return round(value * size / wanted_size, 9)


def unit_words(code_or_word: str) -> frozenset[str]:
    """A unit's code and every word for it, for matching a request's unit to an input's help
    ("kg" and "kilograms")."""
    key = code_or_word.lower()
    out = {key}
    for code, sayings in SAYINGS.items():
        flat = {" ".join(saying) for saying in sayings}
        if key == code or key in flat:
            out |= flat | {code}
    return frozenset(out)


def _singular(word: str) -> str:
    """A word without a plural `s` ("townhouses", "exams"; not "bus", "gas" or "ss")."""
    return word[:-1] if len(word) >= 4 and word.endswith("s") and not word.endswith(
        ("ss", "us", "is")) else word


_ALL = frozenset(" ".join(saying) for sayings in SAYINGS.values() for saying in sayings)


def is_unit(word: str) -> bool:
    """Whether a word is a unit or a currency ("kg", "miles", "euros")."""
    return word.lower() in _ALL


def direction(name: str) -> str | None:
    """"from" for `from_unit`, `source_currency`; "to" for `to_unit`, `target`; else None."""
    parts = set(words(name.replace("_", " ").replace("-", " ")))
    if parts & FROM_WORDS:
        return "from"
    if parts & TO_WORDS:
        return "to"
    return None


_TO_CUES = frozenset("to into in as".split())
_FROM_CUES = frozenset({"from"})


def stated_choices(inputs: Sequence[Input], said: Sequence[str],
                   numbers: frozenset[int] = frozenset()) -> dict[str, str]:
    """The choice each input's words name, by name or by the words for its code.

    An input takes a choice when the request names exactly one of its choices. Two inputs that
    share their choices and say a direction (`from_unit`, `to_unit`) take them by the words
    before them and their order: "convert 26.2 miles into kilometres" gives `mi` to the one and
    `km` to the other; "what is 104 F in celsius" gives `celsius` to the `to` input.
    """
    out: dict[str, str] = {}
    named = {spec.name: said_choices(spec.choices, said, numbers) for spec in inputs}
    lowered = [w.lower() for w in said]

    def cue(at: int) -> str | None:
        before = set(lowered[max(0, at - 2):at])
        return "to" if before & _TO_CUES else "from" if before & _FROM_CUES else None

    paired: set[str] = set()
    for spec in inputs:
        if direction(spec.name) != "from":
            continue
        partner = next((o for o in inputs if direction(o.name) == "to"
                        and set(map(str.lower, o.choices)) == set(map(str.lower, spec.choices))
                        and o.name not in paired), None)
        if partner is None:
            continue
        paired |= {spec.name, partner.name}
        mentions = named[spec.name]
        to = [choice for at, choice in mentions if cue(at) == "to"]
        source = [choice for at, choice in mentions if cue(at) == "from"]
        # Said after "to"/"into", or else the last of two or more, is where it goes; said after
        # "from", or else the first other choice, is where it comes from.
        target = to[-1] if to else (mentions[-1][1] if len(mentions) >= 2 else None)
        others = [choice for _, choice in mentions if choice != target]
        origin = source[0] if source else (others[0] if others else None)
        if target is not None:
            out[partner.name] = target
        if origin is not None and origin != target:
            out[spec.name] = origin
    for spec in inputs:
        if spec.name in paired:
            continue
        distinct = {choice for _, choice in named[spec.name]}
        if not distinct:
            # "give it to me in Fahrenheit" for `units` (metric, imperial), whose help says
            # "imperial for Fahrenheit and mph".
            told = described_choices(spec)
            distinct = {told[w] for w in lowered for w in w.split() if w in told}
        first = [choice for at, choice in named[spec.name] if at == 0
                 and lowered[1:2] not in (["or"], ["and"], ["vs"], ["versus"])]
        if len(distinct) > 1 and first:
            # The verb that opens a request says what to do: "Unlock the back door and have it
            # lock itself again" (`action`: unlock).
            distinct = set(first)
        if len(distinct) == 1:
            out[spec.name] = distinct.pop()
    return out


_PLAIN = frozenset(
    "a an the for of to and or in on at as is are by with when use used uses means mode value "
    "option default only any all".split())


def described_choices(spec: Input) -> dict[str, str]:
    """Words an input's help gives for one of its choices, each to that choice: "metric for
    Celsius and km/h, imperial for Fahrenheit and mph" gives "fahrenheit" and "mph" to
    `imperial`. A word the help gives to two choices is dropped."""
    choices = {c.lower(): c for c in spec.choices}
    out: dict[str, str] = {}
    shared: set[str] = set()
    for part in re.split(r"[,;()]|\bor\b", spec.description.lower()):
        said = part.split()
        named = {choices[w] for w in said if w in choices}
        if len(named) != 1:
            continue
        choice = named.pop()
        for word in said:
            if word in choices or word in _PLAIN or len(word) < 3:
                continue
            if out.get(word, choice) != choice:
                shared.add(word)
            out[word] = choice
    return {w: c for w, c in out.items() if w not in shared}


def input_words(inputs: Sequence[Input]) -> str:
    """What a request may say of an item's inputs: their names, help, choices and the words for
    the choices' codes ("mi km" also as "miles kilometres")."""
    out = []
    for spec in inputs:
        out += [spec.name.replace("_", " ").replace("-", " "), spec.description]
        for choice in spec.choices:
            out.append(choice.replace("_", " "))
            out += [" ".join(saying) for saying in SAYINGS.get(choice.lower(), ())]
    return " ".join(out)


_MEASURES: dict[str, str] = {
    **{code: what for code, (what, _) in _SCALES.items()},
    **dict.fromkeys(("in", "ft", "yd", "mi", "nmi"), "length"),
    **dict.fromkeys(("lb", "oz"), "mass"),
    **dict.fromkeys(("gal",), "volume"),
    **dict.fromkeys(("celsius", "fahrenheit", "kelvin", "c", "f", "k"), "temperature"),
    **dict.fromkeys(("kmh", "mph", "ms", "kn", "knots"), "speed"),
    **dict.fromkeys(("usd", "eur", "gbp", "jpy", "chf", "cad", "aud", "cny", "inr", "mxn"),
                    "money"),
}
"""What each unit measures (`_SCALES`' units, and those that convert inexactly)."""
_SAID_MEASURES: dict[str, frozenset[str]] = {}
for _code, _sayings in SAYINGS.items():
    for _saying in _sayings:
        _key = " ".join(_saying)
        _SAID_MEASURES[_key] = _SAID_MEASURES.get(_key, frozenset()) | {_MEASURES[_code]}
for _word in ("day", "days", "week", "weeks", "month", "months", "year", "years"):
    _SAID_MEASURES[_word] = frozenset({"time"})
for _word in ("%", "percent", "per cent", "pct"):
    _SAID_MEASURES[_word] = frozenset({"percent"})
_MEASURE_WORDS: dict[str, str] = {
    **dict.fromkeys("length distance height width depth radius diameter altitude elevation"
                    .split(), "length"),
    **dict.fromkeys("weight mass".split(), "mass"),
    **dict.fromkeys("volume capacity".split(), "volume"),
    **dict.fromkeys("temperature temp".split(), "temperature"),
    **dict.fromkeys("duration".split(), "time"),
    **dict.fromkeys("speed velocity".split(), "speed"),
    **dict.fromkeys("price cost fee salary budget income revenue profit earnings wage rent "
                    "deposit payment".split(), "money"),
    **dict.fromkeys("percentage".split(), "percent"),
    **dict.fromkeys("power wattage".split(), "power"),
    **dict.fromkeys("energy".split(), "energy"),
}
"""Words of an input's name or help that say what it measures without a unit."""
_COUNT_WORDS = frozenset(
    "count number num quantity qty copies people persons guests passengers travelers "
    "travellers adults children kids group party size nights tickets seats rooms".split())


def measures(word: str) -> frozenset[str]:
    """What a unit word measures ("km": length; "pounds": mass or money); empty for others."""
    return _SAID_MEASURES.get(word.lower(), frozenset())


@lru_cache(maxsize=4096)
def input_measures(spec: Input) -> frozenset[str]:
    """What an input measures, by the units and the words of its name and help (`height_cm`,
    "Distance to travel", "Fuel burn in gallons per hour": length, length, volume and time)."""
    named = words(spec.name.replace("_", " ").lower())
    # A unit in the name says it, whatever the help speaks of: `coverage_pct` is a percentage,
    # though its help says "Share of the cost covered" (not a rate: `price_per_kg`).
    units = {m for at, word in enumerate(named) if not (word == "min" and at < len(named) - 1)
             for m in measures(word)}
    if units and "per" not in named:
        return frozenset(units)
    said = named + words(spec.description.lower())
    out: set[str] = set()
    for at, word in enumerate(said):
        if word == "min" and at < len(named) - 1:
            continue  # `min_amount` is a minimum; `duration_min` is in minutes
        if at < len(named) or (len(word) > 1 and word != "in"):
            out |= measures(word)  # "m" in `height_m`, not "in the group" or "user s"
        if word in _MEASURE_WORDS:
            out.add(_MEASURE_WORDS[word])
        if at + 1 < len(said):
            out |= measures(f"{word} {said[at + 1]}")
    return frozenset(out)


def counts(spec: Input) -> bool:
    """Whether an input is a count of things ("Number of people in the group", `copies`)."""
    said = words(spec.name.replace("_", " ").lower())
    help_words = words(spec.description.lower())
    return bool(set(said) & _COUNT_WORDS) or help_words[:2] in (
        ["number", "of"], ["how", "many"])


def fits_measure(spec: Input, unit: str) -> bool:
    """Whether a number said in `unit` ("18 miles", "45 minutes") may be for `spec`: not when
    the input measures something else (a mass for `distance_km`), nor when it counts things
    and nothing of its name or help says the unit (`group_size`, "Number of people")."""
    said = measures(unit)
    if not said:
        return True
    wanted = input_measures(spec)
    if wanted:
        return bool(said & wanted)
    return not counts(spec)
