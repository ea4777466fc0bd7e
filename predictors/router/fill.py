"""Params filled by the router's own model, after it has chosen the item, on a settled text.

The routing prompt (menu, earlier turns, request) is already in the model's cache when the text
settles. The filler appends the chosen line's label and then, one input at a time, the input's
name; the model answers with a value copied from the request or the turns before it, or with
"-" for none:

    ...user: validate the contact column of signups.csv
     k
    file: signups.csv
    column: contact

The answer is constrained to the candidate values of the text (`candidate_spans`), each checked
against the input's schema first, so a value of the wrong type or outside the choices cannot be
proposed: decoding walks the token tree of the candidates and asks the model only where two of
them part. Each answer is one or two passes of a few tokens. The same walk renders training
examples (`predictors.training.param_data`), so what the adapter is taught is what it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kiwi_term.library.items import Input, Item
from predictors.router.arguments import ASKING, FUNCTION, stem, stems
from predictors.router.asks import in_stated_range, takes_bare_number
from predictors.router.params import Span, spans
from predictors.router.spans import formatted
from predictors.router.units import fits_measure

NONE = "-"
"""The answer for an input the text does not give."""
PHRASE_WORDS = 4
"""Longest run of words offered as one value ("senior data engineer")."""
HISTORY_TURNS = 2
"""Earlier turns whose values are offered (a request may refer back to them)."""
OPTIONAL_MARGIN = 2.0
"""How much likelier (in logits: about 7 times) the model must find a value than none before
an optional input takes it: a request is full of words that belong to no input, and an optional
input left empty has its default (BENCHMARKS.md, "Params")."""
CHOICE_MARGIN = 1.0
"""The same for a required choice the words leave open, which the model picks among the
choices themselves ("cows" for `cattle`): a choice left open is asked for, a wrong one runs."""

Tokenize = Callable[[str], list[int]]
Choose = Callable[[list[int], list[int], int], int]
"""(tokens so far after the request, the next tokens that are possible, the index of the input
being answered) -> index of the pick."""


@dataclass(frozen=True)
class Field:
    """One input the model answers, with the values it may answer."""

    spec: Input
    candidates: tuple[Span, ...]


def fields(item: Item, text: str, history: Sequence[str], skip: Sequence[str] = ()) -> list[Field]:
    """The inputs of `item` the model answers (not flags, which the words decide, and not those
    in `skip`), each with its candidate values from the request and recent turns; a choice's
    candidates are its choices, which a request may say in other words ("cows" for `cattle`,
    "filing together" for `married_joint`)."""
    # The item's own name is no value: "turn on the kitchen lights" (`control_lights`) gives
    # the room "kitchen", not "kitchen lights" or "lights".
    own = stems(item.id)
    found = [s for s in candidate_spans(text, history)
             if s.kind not in ("word", "phrase") or stem(s.text.split()[-1].lower()) not in own]
    out = []
    for spec in item.inputs:
        if spec.type == "bool" or spec.name in skip:
            continue
        if spec.choices:
            out.append(Field(spec, tuple(Span(c, "choice", -1, -1) for c in spec.choices)))
            continue
        out.append(Field(spec, tuple(s for s in found if _takes(spec, s))))
    return out


def candidate_spans(text: str, history: Sequence[str]) -> list[Span]:
    """Every value a request (and its last turns) could give an input: quoted strings, URLs,
    paths, dates, numbers, words and runs of up to PHRASE_WORDS words, the request's first."""
    out: list[Span] = []
    turns = [text, *reversed(list(history)[-HISTORY_TURNS:])]
    for turn, said in enumerate(turns):
        found = spans(said, turn)
        out += [s for s in found if s.kind != "word" or _valueish(s.text)]
        for start, span in enumerate(found):
            if span.kind not in ("word", "name") or not _valueish(span.text):
                continue
            run = [span]
            for other in found[start + 1: start + PHRASE_WORDS]:
                # A name may open a phrase or sit inside one: "German cockroaches", "a
                # hand-knotted Persian rug".
                if run[-1].pause or other.kind not in ("word", "id", "name") or not _valueish(
                        other.text, inside=True):
                    break  # a phrase ends at a comma or a full stop
                run.append(other)
                if _valueish(other.text):
                    out.append(Span(" ".join(s.text for s in run), "phrase", span.start,
                                    other.end, turn))
                if other.kind == "id":
                    break  # a code ends a phrase: "apartment 4B"
    seen: set[str] = set()
    unique = []
    for span in out:
        key = span.text.lower()
        if key not in seen:
            seen.add(key)
            unique.append(span)
    return unique


_INSIDE = frozenset("of the and de van von la le".split())
"""Words a multi-word value may hold inside it ("bank of america", "fix the login redirect")."""


def _valueish(word: str, inside: bool = False) -> bool:
    lower = word.lower()
    if inside and lower in _INSIDE:
        return True
    return lower not in FUNCTION and lower not in ASKING and len(lower) > 1


def _takes(spec: Input, span: Span) -> bool:
    if span.kind == "phrase" and spec.type != "string":
        return False
    if span.unit and not fits_measure(spec, span.unit):
        return False  # "the 18 mile loop" is no `group_size`
    if span.kind == "number" and not takes_bare_number(spec):
        return False
    try:
        said = formatted(span, spec.description)
        return said is not None and in_stated_range(spec, spec.coerce(said))
    except ValueError:
        return False


def walk(tokenize: Tokenize, newline: int, label: str, answers: Sequence[tuple[str, Sequence[str]]],
         choose: Choose, exclusive: bool = False) -> tuple[list[int], list[int]]:
    """Append the chosen label, then each input's name and its answer, asking `choose` wherever
    the candidates' tokens part.

    Args:
        tokenize: tokens of a text that continues a prompt.
        newline: the id of the newline token.
        label: the chosen menu line's label.
        answers: (input name, candidate values as written) per input, in order; NONE is added.
        choose: picks among the possible next tokens.
        exclusive: a value an input got is not offered to the inputs after it (one value
            of the text goes to one input).

    Returns:
        The tokens appended after the request, and the index of the value each input got
        (len(candidates) for NONE).
    """
    tokens = tokenize(f" {label}\n")
    picked = []
    used: set[str] = set()
    for field, (name, values) in enumerate(answers):
        tokens += tokenize(f"{name}:")
        paths: list[list[int]] = []
        for value in [*values, NONE]:
            paths.append(tokenize(f" {value}") + [newline])
        alive = [i for i, value in enumerate(values) if value.lower() not in used]
        alive.append(len(values))
        depth = 0
        while True:
            options = list(dict.fromkeys(paths[i][depth] for i in alive))
            pick = options[0] if len(options) == 1 else options[choose(tokens, options, field)]
            tokens.append(pick)
            alive = [i for i in alive if paths[i][depth] == pick]
            depth += 1
            done = [i for i in alive if len(paths[i]) == depth]
            if done:
                picked.append(done[0])
                if exclusive and done[0] < len(values):
                    used.add(values[done[0]].lower())
                break
    return tokens, picked


def open_fields(item: Item, text: str, history: Sequence[str], given: dict[str, Any],
                ties: dict[str, frozenset[str]]) -> list[Field]:
    """The fields the model answers once the words have `given` some inputs their values,
    each with the candidates still open to it (narrowed to the ones the words left `ties` for).

    A value given to one input, or a word of it in any form, is not offered to another, nor a
    phrase that starts or ends with one ("warm white" is the colour: not "warm" for the room;
    "audiobooks" is the format `audiobook`: neither it nor "audiobooks of The Left Hand of
    Darkness" is the query). An optional number is left to the words: a request is full of
    numbers that belong to no input ("the 24th").
    """
    values = {plain(v) for v in given.values()}
    words = {stem(w) for v in values for w in v.split()}
    return [replace(f, candidates=among(tuple(
                c for c in f.candidates if plain(c.text) not in values
                and plain(c.value) not in values and not _holds(c, words)), ties.get(f.spec.name)))
            for f in fields(item, text, history, skip=tuple(given))
            if f.spec.required or f.spec.type not in ("int", "number")]


def _holds(span: Span, words: set[str]) -> bool:
    """Whether a candidate is made of `words` (stems), or is a phrase that starts or ends with
    one of them."""
    said = [stem(w) for w in plain(span.text).split()]
    return set(said) <= words or span.kind == "phrase" and (said[0] in words or said[-1] in words)


def none_margin(spec: Input) -> float:
    """How much the model's score for none is raised before it answers `spec`."""
    if not spec.required:
        return OPTIONAL_MARGIN
    return CHOICE_MARGIN if spec.choices else 0.0


def plain(value: Any) -> str:
    """A value as compared with another: numbers by their value ("10", 10 and 10.0 alike),
    words whatever their case, spaces and underscores ("warm white" is `warm_white`)."""
    try:
        return repr(float(value))
    except (TypeError, ValueError):
        return re.sub(r"[\s_\-]+", " ", str(value)).strip().lower()


def among(candidates: tuple[Span, ...], tied: frozenset[str] | None) -> tuple[Span, ...]:
    """The candidates the words left tied for an input, if any of them is still offered: "30
    boxes" and "2 boxes" for `quantity` ("Number of boxes"), not "42 patients"."""
    if not tied:
        return candidates
    kept = tuple(c for c in candidates if c.text.lower() in tied)
    return kept or candidates
