"""How the words around a value say which input it is for: the value right before or after an
input's name ("the contact column", "salary of 120k"), a word for its name or of its help beside
it ("4.5 m long", "a 1,450 kg car"), a unit after it, the word before it ("from Boston"), its
place among values of its kind (`start_date`, `end_date`). `predictors.router.params` gives each
input the value that fits it best by these.
"""

from __future__ import annotations

import re

from kiwi_term.library.items import Input
from predictors.router.arguments import ASKING, FUNCTION, TYPE_WORDS, stem, stems, words
from predictors.router.spans import Span
from predictors.router.units import is_unit, unit_words

_CLAUSE_END = re.compile(r"[.;!?]|\b(?:and then|then)\b", re.IGNORECASE)

STATED, CUED, KIND, ONLY = 4.0, 3.0, 2.0, 1.0
"""How well a span suits an input: stated (`name=value`, a choice, a flag), named by it, of the
kind its name asks for, or the only candidate left for a required input."""


def kind_fit(spec: Input, candidates: list[Span], index: int, name_words: set[str]) -> float:
    """How well a span of the kind an input asks for suits it: better when the words beside it
    are the input's (its help's, or a word for its name: "4.5 m long" for `length`, "1,450 kg"
    for `mass`, "Mass in kilograms"), a little better when a unit follows it ("1200 British
    pounds", not "9 days"), or when it is the first or last of its kind and the input's name
    says which ("between 2026-03-14 and 2026-11-02": `start_date`, `end_date`)."""
    span = candidates[index]
    near = _beside(candidates, index, 1)
    said: set[str] = set()
    for word in near + _beside(candidates, index, -1):
        said |= {stem(w) for unit in unit_words(word) for w in unit.split()}
        said.add(SYNONYMS.get(word, stem(word)))
    said -= FUNCTION | _VAGUE
    word_before = candidates[index - 1].text.lower() if index else ""
    lead = sum(bonus for cues, wanted, bonus in _LEADS
               if word_before in cues and name_words & wanted)
    if said & name_words:
        # A unit of the name says less than a word of it: "75 percent hydration" is for
        # `hydration` before `salt_percent`; the word before it may say which ("from 60 ppm
        # to 20 ppm" for `current_ppm`, `target_ppm`).
        if all(_unit_like(w) for w in said & name_words):
            return min(NAMED_BESIDE - 0.15 + lead, CUED - 0.05)
        # More of the name says more: "2.6 volumes of CO2" for `co2_volumes` before
        # `beer_volume_l`.
        return NAMED_BESIDE + _more_named(len(said & name_words))
    if said & {stem(w) for w in words(spec.description)}:
        # "move it to 2027-01-19" for `new_date` ("New appointment date"), not "today".
        return min(DESCRIBED + lead, CUED - 0.05)
    fit = KIND + lead
    if span.kind == "number" and any(is_unit(word) for word in near[:2]):
        fit += 0.25
    if span.kind == "number" and word_before in _HOW_MANY and name_words & _COUNTS and not (
            near and _unit_like(near[0])):
        fit += 0.75  # "the next 4 buses" for `count`; not "the last 30 days"
    same = [c for c in candidates if c.kind == span.kind]
    if len(same) >= 2 and ((name_words & _FIRST and span is same[0])
                           or (name_words & _LAST and span is same[-1])):
        fit += 0.5
    return fit


NAMED_BESIDE, DESCRIBED = 2.75, 2.5
"""A span of the kind asked with a word for the input's name beside it, or a word of its help
(between KIND and CUED)."""


def _beside(candidates: list[Span], index: int, step: int) -> list[str]:
    """Up to three words after a span (`step` 1) or two before it (-1), within its clause:
    up to the next value, "and" or a comma."""
    out: list[str] = []
    at = index + step
    while 0 <= at < len(candidates) and len(out) < (3 if step > 0 else 2):
        other = candidates[at]
        if other.kind in ("number", "date", "list", "quoted") or other.text.lower() in (
                "and", "but", "or") or (step > 0 and candidates[at - 1].pause) or (
                step < 0 and other.pause) or (
                step < 0 and at >= 1 and candidates[at - 1].kind == "number"
                and _unit_like(other.text)):
            break  # "250 mL of 0.5": the unit is the number's before it
        out.append(other.text.lower())
        at += step
    return out
SYNONYMS = {"long": "length", "wide": "width", "broad": "width", "tall": "height",
            "high": "height", "deep": "depth", "old": "age", "aged": "age", "heavy": "weight",
            "weighs": "weight", "fast": "speed", "far": "distance", "born": "birth",
            "rated": "rating"}
"""Words that say an input's name another way ("4.5 m long": `length`)."""
_LEADS = (
    (frozenset({"from"}),
     frozenset("from origin source departure pickup start supplier vendor seller sender current "
               "initial old".split()), 0.6),
    (frozenset({"to", "into"}),
     frozenset("to destination dest arrival dropoff end new target desired goal".split()), 0.6),
    (frozenset({"in", "at", "near"}),
     frozenset("city town location place country region area".split()), 0.25),
    (frozenset({"by", "before"}),
     frozenset("arrive arrival by before deadline due until end".split()), 0.5),
)
"""The word before a value that says which input it is for: "from Boston to Lisbon", "be there
by 09:15" (`arrive_by`)."""
_HOW_MANY = frozenset("next last top first latest".split())
_COUNTS = frozenset("count limit top n num number results max".split())
"""A number after "next", "top" or "last" is how many: `count`, `limit`, `top`."""
_VAGUE = frozenset("per number value amount given use used since".split())
_UNIT_LIKE = frozenset("percent pct day week month year ppm ppb rpm bpm dpi px".split())
"""Words that measure as units do, beside `is_unit`'s."""


def _unit_like(word: str) -> bool:
    lower = word.lower()
    return is_unit(lower) or stem(lower) in _UNIT_LIKE


def _unit_alone(candidates: list[Span], index: int, name_words: set[str]) -> bool:
    """Whether the word after the number at `index` names an input only by a unit of its name:
    "75 percent" for `salt_percent` is weaker evidence, which `kind_fit` weighs; "1000 grams of
    flour" names `flour_grams` outright."""
    rest = {w for w in name_words if not _unit_like(w)}
    if not rest or not _unit_like(candidates[index + 1].text):
        return False
    # The words after the unit, within its clause: "20 ppm when the tap water has 5 ppm" does
    # not name `tap_ppm` for 20.
    after: set[str] = set()
    for other in candidates[index + 2:index + 5]:
        if other.text.lower() in _CLAUSE or candidates[index + 1].pause:
            break
        after.add(stem(other.text.lower()))
        if other.pause:
            break
    return not after & rest


_CLAUSE = frozenset("and but or so then when while whereas if because where".split())
"""Words that open another clause: the words after them speak of something else."""
_FIRST = frozenset("start begin from since birth first earliest min lower low in".split())
_LAST = frozenset("end until finish last latest max upper high due out".split())


def named_by(candidates: list[Span], index: int, name_words: set[str],
           own: frozenset[str]) -> tuple[Span, float] | None:
    """The span at `index` (or the phrase starting there) and how well it fits, when the
    input's name stands right next to it: "contact column" and "500 requests" (right before
    the name), "column contact", "salary of 120k" and "message fix the login redirect" (after
    it, where a string takes the rest of the clause)."""
    span = candidates[index]
    lower = span.text.lower()
    if stem(lower) in name_words or lower in FUNCTION or lower in ASKING:
        return None
    after = candidates[index + 1] if index + 1 < len(candidates) else None
    if after is not None and not span.pause and stem(after.text.lower()) in name_words and (
            span.kind != "word" or is_content(span.text, own)) and not (
            span.kind == "number" and _unit_alone(candidates, index, name_words)):
        if span.kind != "word":
            # More of the name after it says more: "2.6 volumes of CO2" for `co2_volumes`
            # before `beer_volume_l`.
            named = {stem(c.text.lower()) for c in candidates[index + 1:index + 4]} & name_words
            return span, CUED + _more_named(len(named))
        # "the data engineer role": the words before the name, back to a function word.
        phrase = [span]
        for other in reversed(candidates[max(0, index - 2):index]):
            if other.kind != "word" or not is_content(other.text, own):
                break
            phrase.insert(0, other)
        if len(phrase) == 1:
            return span, CUED
        return Span(" ".join(s.text for s in phrase), "phrase", phrase[0].start, span.end,
                    span.turn), CUED
    at, glue = index - 1, 0
    while at >= 0 and candidates[at].text.lower() in _GLUE and glue < 2:
        at, glue = at - 1, glue + 1
    if at < 0 or stem(candidates[at].text.lower()) not in name_words or any(
            c.pause for c in candidates[at:index]):
        return None
    if at >= 1 and candidates[at - 1].kind == "number" and _unit_like(candidates[at].text):
        return None  # "250 mL of 0.5 M": the unit is the number's before it, not a name
    # More of the name before the value says more: "original gravity of 1.062" for
    # `original_gravity` before `final_gravity`.
    fit = CUED - 0.2 * glue + _more_named(_named_run(candidates, at, name_words))
    if span.kind != "word" or any(c.isdigit() for c in span.text):
        return span, fit  # a code is one word: "zone B7 for the car"
    phrase = [span]
    for other in candidates[index + 1:]:
        if phrase[-1].pause or other.kind != "word" or _CLAUSE_END.search(other.text) or (
                other.text.lower() in ("and", "but", "then", "so")):
            break
        phrase.append(other)
    if len(phrase) == 1:
        return span, fit
    text = " ".join(s.text for s in phrase)
    return Span(text, "phrase", span.start, phrase[-1].end, span.turn), fit


def _more_named(count: int) -> float:
    """How much more a value suits an input when `count` words of its name say so, not one."""
    return 0.05 * min(count - 1, 3)


def _named_run(candidates: list[Span], end: int, name_words: set[str]) -> int:
    """How many words of an input's name stand in a row, ending at `end`."""
    count = 0
    while end - count >= 0 and stem(candidates[end - count].text.lower()) in name_words and (
            count < 4):
        count += 1
    return count


_GLUE = frozenset("the a an of is are to as called named for set at =".split())
"""Words that may stand between an input's name and its value: "the message is", "called"."""


def is_content(word: str, own: frozenset[str]) -> bool:
    lower = word.lower()
    parts = words(lower.replace("_", " ").replace("-", " "))
    if parts and all(_owned(part, own) for part in parts):
        return False  # the item's own name or words ("run the resize_images script")
    return (lower not in FUNCTION and lower not in ASKING and lower not in TYPE_WORDS
            and len(lower) > 1 and lower not in _VERBS)


def _owned(word: str, own: frozenset[str]) -> bool:
    """A word of the item's own, or of the same root ("offboard" for "offboarding")."""
    root = stem(word)
    return root in own or (len(root) >= 5 and any(o.startswith(root[:5]) for o in own))


_VERBS = frozenset(
    "run execute do go start kick launch please now again it them run check validate parse "
    "load test open her him his she he hers starting beginning ending due out off".split())
"""Request words that never are a value."""


_UPPER_SAID = tuple(tuple(p.split()) for p in (
    "under", "below", "beneath", "within", "max", "maximum", "up to", "at most", "less than",
    "fewer than", "lower than", "cheaper than", "shorter than", "smaller than", "no more than",
    "not more than", "no higher than", "no longer than", "not over", "nothing over",
    "nothing above", "before", "until", "till"))
_LOWER_SAID = tuple(tuple(p.split()) for p in (
    "over", "above", "more than", "greater than", "higher than", "longer than", "bigger than",
    "at least", "min", "minimum", "no less than", "not less than", "no fewer than", "after",
    "since", "starting at"))
_UPPER_NAMED = frozenset("max maximum most upper under below before until cap".split())
_LOWER_NAMED = frozenset("min minimum least lower over above after since".split())


def bounds(candidates: list[Span]) -> dict[int, str]:
    """The numbers a text gives as a bound, by index: "upper" ("under 150 dollars", "nothing
    over 25000", "up to 8", the second of "between 350k and 500k") or "lower" ("at least 7.5",
    "after 2015", the first of "between" or of "from 2 to 5")."""
    lowered = [c.text.lower() for c in candidates]
    out: dict[int, str] = {}
    for index, span in enumerate(candidates):
        if span.kind not in ("number", "date"):
            continue
        before = lowered[max(0, index - 3):index]
        nearest = [c.pause for c in candidates[max(0, index - 3):index]]
        if index >= 1 and lowered[index - 1] == "between":
            out[index] = "lower"
            continue
        if index >= 3 and lowered[index - 1] == "and" and lowered[index - 3] == "between":
            out[index] = "upper"
            continue
        if (index + 2 < len(candidates) and lowered[index - 1:index] == ["from"]
                and lowered[index + 1] in ("to", "through")
                and candidates[index + 2].kind == span.kind):
            out[index] = "lower"
            continue
        if index >= 3 and lowered[index - 1] in ("to", "through") and (
                candidates[index - 2].kind == span.kind and lowered[index - 3] == "from"):
            out[index] = "upper"
            continue
        # The longest saying that ends right before the number, within its clause.
        for length in (3, 2, 1):
            said = tuple(before[-length:])
            if len(said) < length or any(nearest[-length:-1] if length > 1 else ()):
                continue
            if said in _UPPER_SAID:
                out[index] = "upper"
                break
            if said in _LOWER_SAID:
                out[index] = "lower"
                break
    return out


def bound_of(spec: Input) -> str | None:
    """The bound an input takes: "upper" for `max_price`, `released_before`; "lower" for
    `min_rating`, `released_after`; None for most."""
    named = stems(spec.name)
    first = words(spec.description)[:1]
    named |= {w for w in first if w in ("maximum", "minimum")}
    upper, lower = bool(named & _UPPER_NAMED), bool(named & _LOWER_NAMED)
    return "upper" if upper and not lower else "lower" if lower and not upper else None
