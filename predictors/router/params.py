"""A run's params, read from the request (and the turns before it) against the item's schema.

The request is cut into candidate values (spans): quoted strings, URLs, paths, dates, numbers and
plain words or phrases. Each of the item's inputs takes the span that suits it best, each span
at most once:

- a span must be a value the input takes (`Input.coerce`: type and choices);
- a span named by the input ("the contact column", "500 requests", "with the message fix the
  login redirect") suits it best;
- otherwise a span of the kind the input's name asks for (a URL for `base_url`, a path for
  `file`, a number for `days`, a date for `start_date`);
- a plain word only when the input is required and nothing else in the request could be it
  ("offboard tom");
- a required input the request does not give is looked for in the earlier turns, newest first
  ("validate the leads from the trade show" after "i saved them to tradeshow.csv").

An input left unfilled stays absent: the terminal asks for a required one, and a default is the
script's own. Two spans that suit an input equally are a guess, so neither is proposed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from kiwi_term.library.items import Input, Item
from predictors.router.arguments import ASKING, FUNCTION, stem, stems, words
from predictors.router.asks import (
    asked_kinds,
    in_stated_range,
    is_name_word,
    takes_bare_number,
    takes_lists,
    unit_of,
)
from predictors.router.cues import (
    CUED,
    DESCRIBED,
    KIND,
    ONLY,
    STATED,
    bound_of,
    bounds,
    is_content,
    kind_fit,
    named_by,
)
from predictors.router.spans import Span, formatted, is_street, spans
from predictors.router.stated import ASSIGN, named_choices, put, stated_params
from predictors.router.units import (
    converted,
    fits_measure,
    input_measures,
    is_unit,
    measures,
    scale_code,
)

BOUND_BONUS = 0.4
"""How much more a number said as the bound an input takes suits it ("under 150" for
`max_price`) than a number of its kind alone."""


def call_params(item: Item, text: str, history: Sequence[str] = (),
                fits: dict[str, float] | None = None,
                ties: dict[str, frozenset[str]] | None = None) -> dict[str, Any]:
    """Params for running `item` that the user's words give, each checked against the item's
    schema: a value of the wrong type, or outside an input's choices, is never proposed.

    Args:
        item: the item to run.
        text: the request.
        history: the earlier turns, oldest first; a required input the request does not give
            may come from them.
        fits: if given, receives how well each value found suits its input (STATED, CUED,
            KIND or ONLY).
        ties: if given, receives for an input left open the values of the request that suit
            it equally well, and better than by their kind alone (the model may pick one).
    """
    params = stated_params(item, text)
    # A required choice the request leaves open may have been said before ("and now for 42 km"
    # after "convert 30 km to miles": `to_unit`).
    for turn in reversed(list(history)[-4:]):
        if not [i for i in item.inputs if i.choices and i.required and i.name not in params]:
            break
        for name, value in named_choices(item, turn).items():
            spec = next(i for i in item.inputs if i.name == name)
            if spec.required and name not in params:
                put(params, spec, value)
    if fits is not None:
        fits.update(dict.fromkeys(params, STATED))
    request = ASSIGN.sub(" ", text)
    own = _item_words(item)
    open_inputs = [i for i in item.inputs
                   if i.name not in params and not i.choices and i.type != "bool"]
    if not open_inputs:
        return params
    candidates = spans(request)
    # What was stated for one input ("99% confidence", a choice) is no other's.
    stated = {str(v).lower() for v in params.values()}
    taken = {(s.turn, s.start) for s in candidates if s.value.lower() in stated}
    fits = fits if fits is not None else {}
    _pair(params, open_inputs, candidates, taken, fits)
    # An input the request gives two values for equally is the user's to settle (or the
    # model's), not the earlier turns'.
    undecided = _assign(params, open_inputs, candidates, own, taken, "request", fits, ties)
    open_inputs = [i for i in open_inputs if i.name not in undecided]
    # A required input the request leaves open may be in what was said before ("it", "them").
    for back, turn in enumerate(reversed(list(history)[-4:]), start=1):
        wanted = [i for i in open_inputs if i.required and i.name not in params]
        if not wanted:
            break
        _assign(params, wanted, spans(ASSIGN.sub(" ", turn), back), own, set(), "history",
                fits)
    wanted = [i for i in open_inputs if i.required and i.name not in params]
    where = "left"
    if not wanted:
        # No required input is open: an optional one may take what is left after a
        # preposition, if it is the only string input still open ("kick off offboarding for
        # dana": `employee`).
        strings = [i for i in open_inputs if i.type == "string" and i.name not in params]
        wanted, where = (strings if len(strings) == 1 else []), "left after a preposition"
    if len(wanted) == 1:
        # A word already given to an input, one of an input's choices ("make them webp": the
        # format) or an input's name ("for the backend role") is not left.
        used = {str(v).lower() for v in params.values()}
        used |= {c.lower() for spec in item.inputs for c in spec.choices}
        taken |= {(s.turn, s.start) for s in candidates if s.text.lower() in used}
        names = frozenset(w for spec in item.inputs for w in stems(spec.name))
        _assign(params, wanted, candidates, own | names, taken, where, fits)
    return params


_DIMENSIONS = ("length", "width", "height", "depth")
"""The order in which people say a size's numbers: "6000 by 4000" is width by height, a room
"5 x 4" length by width."""


def _pair(params: dict[str, Any], inputs: Sequence[Input], candidates: list[Span],
          taken: set[tuple[int, int]], fits: dict[str, float]) -> None:
    """The numbers of a size ("8x10", "6000 by 4000") to the item's number inputs of its
    dimensions, in the order people say them (`width_px`, then `height_px`), when the text says
    one size and the item has two or three such inputs."""
    sized = sorted(((_DIMENSIONS.index(w), spec) for spec in inputs
                    if spec.type in ("int", "number") and spec.name not in params
                    for w in words(spec.name) if w in _DIMENSIONS), key=lambda d: d[0])
    if len(sized) < 2 or len({d for d, _ in sized}) != len(sized):
        return
    said: list[tuple[list[str], list[Span]]] = []
    for at, span in enumerate(candidates):
        if span.kind == "size":
            said.append((re.split("[x×]", span.text), [span]))
        elif span.kind == "number" and at + 2 < len(candidates) and (
                candidates[at + 1].text.lower() in ("by", "x", "×")) and (
                candidates[at + 2].kind == "number"):
            said.append(([span.value, candidates[at + 2].value], [span, candidates[at + 2]]))
    if len(said) != 1 or len(said[0][0]) != len(sized):
        return
    values, spans_said = said[0]
    for (_, spec), value in zip(sized, values, strict=True):
        try:
            params[spec.name] = spec.coerce(value)
        except ValueError:
            continue
        fits[spec.name] = CUED
    taken.update((s.turn, s.start) for s in spans_said)


def _assign(params: dict[str, Any], inputs: Sequence[Input], candidates: list[Span],
            own: frozenset[str], taken: set[tuple[int, int]], where: str,
            fits: dict[str, float], ties: dict[str, frozenset[str]] | None = None) -> set[str]:
    """Give each input its best-suited span, best pairs first; a tie for an input is a guess,
    left open (its names are returned). An optional input takes a value only with more than its
    kind to go on: it has a default, and a number that nothing ties to it is as likely
    another's."""
    scored: list[tuple[float, int, Input, Span, Any]] = []
    for order, spec in enumerate(inputs):
        for span, fit in _fits(spec, candidates, own, where, taken):
            if not spec.required and fit <= KIND and where == "request" and (
                    span.kind == "number"):
                continue
            said = formatted(span, spec.description)
            if said is None:
                continue  # not in the format the input's help asks for ("the 1st")
            try:
                value = spec.coerce(said)
            except ValueError:
                continue
            if in_stated_range(spec, value):
                scored.append((fit, -order, spec, span, value))
    scored.sort(key=lambda s: (-s[0], -s[1]))
    undecided: set[str] = set()
    for fit, _, spec, span, value in scored:
        key = (span.turn, span.start)
        if spec.name in params or spec.name in undecided or key in taken:
            continue
        rivals = [s for s in scored if s[2] is spec and s[0] == fit and s[3] is not span
                  and (s[3].turn, s[3].start) not in taken and s[4] != value]
        if rivals:
            # Two spans suit it equally: ask rather than guess, or let the model pick one.
            if fit > KIND and where == "request":
                # More than their kind ties them to it: nor does a value that suits it less.
                undecided.add(spec.name)
                if ties is not None:
                    ties[spec.name] = frozenset(
                        s.text.lower() for s in (span, *(r[3] for r in rivals)))
            continue
        params[spec.name] = value
        fits[spec.name] = fit
        taken.add(key)
    return undecided


def _fits(spec: Input, candidates: list[Span], own: frozenset[str],
          where: str, taken: AbstractSet[tuple[int, int]] = frozenset(),
          ) -> list[tuple[Span, float]]:
    """The spans that could fill `spec`, with how well each suits it.

    Args:
        where: "request" (the request's spans), "history" (an earlier turn's: only spans of the
            kind the input asks for, or named by it, count), "left" (the request's words, for
            the one required input nothing else filled) or "left after a preposition" (the
            same, for an optional input: only words that follow one).
    """
    if where.startswith("left"):
        if spec.type != "string" or asked_kinds(spec) - {"name"}:
            return []  # a path, a date or a number looks like one, or is named
        # "offboard tom": the one word left once the item's own words and the words that ask
        # are gone.
        # The request's first word is the verb that asks ("prepare an offer for jonas"), and a
        # word next to a value already given describes it ("640 wide").
        beside = {start + step for turn, start in taken for step in (-1, 1)}
        left = [s for s in candidates
                if s.kind in ("word", "name", "id") and is_content(s.text, own)
                and not is_name_word(s.text) and s.start > 0 and s.start not in beside
                and (s.turn, s.start) not in taken]
        if where != "left":
            after = {s.start + 1 for s in candidates if s.text.lower() in _PREPOSITIONS}
            after |= {s.start + 1 for s in candidates if s.start in after
                      and s.text.lower() in _ARTICLES}
            left = [s for s in left if s.start in after]
        names = [s for s in left if s.kind == "name"]
        if len(left) == 1 or len(names) == 1:
            # A proper name among the words left is the value: "we pitched London Ale III".
            return [((names or left)[0], ONLY)]
        # Words left side by side are one value: "draft a job post for senior designer".
        if 1 < len(left) <= 3 and left[-1].start - left[0].start == len(left) - 1:
            phrase = " ".join(s.text for s in left)
            return [(Span(phrase, "phrase", left[0].start, left[-1].end, left[0].turn), ONLY)]
        # Else the words side by side after the last preposition, to the end of a request of
        # one clause: "write the job ad for a qa engineer (please)".
        last = max((s.start for s in candidates if s.text.lower() in _PREPOSITIONS), default=-1)
        tail = [s for s in left if s.start > last]
        if last >= 0 and tail and len(tail) <= 3 and not any(
                s.pause for s in candidates if s.start < tail[-1].start) and all(
                s.text.lower() in FUNCTION or s.text.lower() in ASKING
                for s in candidates if s.start > tail[-1].start) and (
                tail[-1].start - tail[0].start == len(tail) - 1) and all(
                s.text.lower() in _ARTICLES for s in candidates if last < s.start < tail[0].start):
            phrase = " ".join(s.text for s in tail)
            return [(Span(phrase, "phrase" if len(tail) > 1 else tail[0].kind, tail[0].start,
                          tail[-1].end, tail[0].turn), ONLY)]
        return []
    name_words = stems(spec.name)
    asks = asked_kinds(spec)
    fits: list[tuple[Span, float]] = []
    files = [s for s in candidates if s.kind == "path"]
    bound, said_bounds = bound_of(spec), bounds(candidates)
    wanted_unit = unit_of(spec)
    bare_numbers = takes_bare_number(spec)
    # Where sums are written with their currency sign, the numbers without one are something else.
    signed = any(c.unit and "money" in measures(c.unit) for c in candidates)
    for i, span in enumerate(candidates):
        if span.kind == "number" and not bare_numbers and not (
                i and stem(candidates[i - 1].text.lower()) in name_words):
            continue  # "they take 3 items" is how many, not the items; "room 214" is a room
        if span.unit and not fits_measure(spec, span.unit):
            continue  # "the 18 mile loop" is no `group_size`, "45 minutes" no `distance_km`
        if span.kind == "number" and not span.unit and _YEAR.fullmatch(span.text) and (
                signed and "money" in input_measures(spec)):
            continue  # "the 2024 tax of a household earning $72,500": a year is no sum
        if wanted_unit:
            span = _in_unit(candidates, i, wanted_unit)
        said_bound = said_bounds.get(i)
        if bound and said_bound and bound != said_bound:
            continue  # `min_price` never takes "under 500", nor `max_price` "at least 500"
        if span.kind == "name" and " " in span.text and (
                stem(span.text.split()[-1].lower()) in name_words):
            fits.append((span, CUED))  # "the Red Line" for `line`
            continue
        if span.kind == "path" and spec.type in ("string", "path") and name_words & {
                stem(w) for w in words(re.sub(r"\.\w+$", "", span.text))}:
            # "counts/aisle_b.csv" for `counts`: a file named for the input says more than a
            # word named beside it ("the march orders are in orders/march.csv").
            fits.append((span, CUED + 0.1))
            continue
        named = named_by(candidates, i, name_words - FUNCTION, own)
        if named is not None and asks - {"path", "name"} and (
                named[0].kind in ("word", "phrase", "name") or (
                    named[0].kind in _TYPED and named[0].kind not in asks)):
            # "the date is the payment deadline": a date input takes a date; "the 3:15
            # appointment" is a time, no `appointment_id`
            named = None
        if named is not None and wanted_unit and span.kind == "number" and (
                i + 1 < len(candidates)) and not is_unit(candidates[i + 1].text.lower()) and (
                stem(candidates[i + 1].text.lower()) in name_words) and "per" not in name_words:
            # Counted in another thing than the unit the name asks for: "2.0 volumes" of CO2 is
            # no `beer_volume_l`, which "21 liters" is.
            named = (named[0], DESCRIBED)
        if named is not None:
            fits.append((span, named[1]) if named[0] is candidates[i] else named)
        elif span.kind == "list" and spec.type == "string" and takes_lists(spec) and (
                ("number" in asks) == span.text[:1].isdigit()):
            fits.append((span, DESCRIBED))  # a list for an input of several values
        elif span.kind == "name" and spec.type == "string" and is_street(span.text) and (
                name_words & _WHERE):
            fits.append((span, KIND))  # "58 Willow Lane" for `address`
        elif span.kind in asks or (span.kind == "quoted" and spec.type == "string"):
            fit = kind_fit(spec, candidates, i, name_words)
            if span.kind == "id" and spec.type == "string" and fit < CUED - 0.25:
                fit += 0.25  # a code says more than a bare number: "RX-4471902", not "4 pills"
            if bound and said_bound == bound:
                # "under 150 dollars" for `max_price`, "at least 7.5" for `min_rating`
                fit = min(fit + BOUND_BONUS, CUED - 0.05)
            fits.append((span, fit))
        elif "id" in asks and span.kind == "number" and span.text.isdigit() and (
                len(span.text) >= 4):
            fits.append((span, KIND))  # "order 5531920"
        elif spec.required and spec.type == "string" and not asks and files == [span]:
            # A required input that names no kind, and the text's one file: "estimate shipping
            # for orders_week12.csv" (`orders`), or "work out shipping for those orders" after
            # "the march export is orders/march.csv".
            fits.append((span, KIND))
    return fits


def _in_unit(candidates: list[Span], index: int, unit: str) -> Span:
    """The span at `index`, a number followed by another size of `unit` converted into it
    ("1.65 m tall" for `height_cm`: 165)."""
    span = candidates[index]
    if span.kind != "number" or index + 1 == len(candidates):
        return span
    said = scale_code(candidates[index + 1].text)
    try:
        value = converted(float(span.value), said, unit) if said else None
    except ValueError:
        return span
    if value is None:
        return span
    return Span(f"{value:.10g}", "number", span.start, span.end, span.turn, span.pause)


_TYPED = frozenset("date time url email path size ordinal".split())
"""Kinds of value that are what they are, whatever input's name stands beside them."""
_YEAR = re.compile(r"(19|20)\d\d")
_WHERE = frozenset(stem(w) for w in "address street location where place site".split())
"""Words of an input's name that ask where: a street address fits them."""
_PREPOSITIONS = frozenset("for to with by about from of at on".split())
_ARTICLES = frozenset("the a an my our this that".split())


def _item_words(item: Item) -> frozenset[str]:
    text = " ".join((item.id.replace("_", " ").replace("-", " "), item.summary, *item.tags))
    return frozenset(stem(w) for w in words(text))
