"""The words people say for the codes that schemas take: units of measure and currencies.

A tool's schema names a unit or a currency by its code (`--to_unit` with choices `km`, `mi`;
`--currency` with `USD`, `EUR`) while people say "kilometres", "miles", "US dollars". This maps
each code to the words for it, so a choice the request names in words is read as the code, and a
number followed by a unit is given to the input whose help speaks of that unit ("1,450 kg" to
`--mass`, "Mass in kilograms").
"""

from __future__ import annotations

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


@lru_cache(maxsize=1024)
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


_ALL = frozenset(" ".join(saying) for sayings in SAYINGS.values() for saying in sayings)


def is_unit(word: str) -> bool:
    """Whether a word is a unit or a currency ("kg", "miles", "euros")."""
    return word.lower() in _ALL


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
