"""Choices said in words: which of an input's declared choices a request names, by the choice
itself, by the words for its code ("miles" for `mi`), in another form of its words ("a swim" for
`swimming`), by the words its help gives it, or by where it stands ("from" and "to" for
`from_unit` and `to_unit`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kiwi_term.library.items import Input
from predictors.router.arguments import words
from predictors.router.units import SAYINGS

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
    roots_said = [_root(w.split("-")[0], adverb=True) for w in lowered]
    for choice in choices:
        parts = [_root(w, adverb=True) for w in re.split(r"[\s_]+", choice.lower()) if w]
        if len(parts) < 2 or any(c == choice for _, c in found.values()):
            continue
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

def _singular(word: str) -> str:
    """A word without a plural `s` ("townhouses", "exams"; not "bus", "gas" or "ss")."""
    return word[:-1] if len(word) >= 4 and word.endswith("s") and not word.endswith(
        ("ss", "us", "is")) else word


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
