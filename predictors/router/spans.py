"""A text cut into the values it may hold: quoted strings, URLs, paths, times, dates, ids
("HX-44871"), numbers, lists of numbers or of words ("alice, bob and chen"), proper names ("Dr.
Amara Osei", "27 Marlowe Road") and plain words, each a `Span` (see `predictors.router.params`).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, replace

from dateutil import parser as dates
from text_to_num import text2num

from predictors.router.arguments import FUNCTION
from predictors.router.units import is_unit, measures

FILE_SUFFIXES = frozenset(
    "csv tsv json jsonl yaml yml toml ini cfg conf txt md rst log xml html htm pdf doc docx xls "
    "xlsx ppt pptx png jpg jpeg gif webp svg bmp tif tiff mp3 wav mp4 mov zip tar gz tgz bz2 py "
    "js ts sh sql db sqlite parquet env lock bib tex ipynb".split()
)
"""Suffixes that make "name.suffix" a file rather than a host name."""

_SAID = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
         "eighty ninety").split()
NUMBER_WORDS = tuple(_SAID[1:])
"""Numbers said in one word ("for three guests"); not "one", which is mostly a pronoun."""
_SCALES = ("hundred", "thousand", "million")
_NUMBER_RUN = (r"(?:{w})(?:(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{w}|{s}))+"
               .format(w="|".join(_SAID), s="|".join(_SCALES)))
"""A number said in several words: "two thousand", "one hundred and twenty", "twenty-five"."""
_TIMES = ("once", "twice", "thrice")
"""How many times, said in a word ("twice a day")."""
_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec")
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTH = _MONTHS.replace(" ", "|")
_SPAN = re.compile(
    r"""(?P<quoted>"[^"]+"|'[^']+'|`[^`]+`)
      | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
      | (?P<url>[a-z][a-z0-9+.-]*://[^\s,;]+
               | (?:localhost|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:/[^\s,;]*)?
               | (?:[a-z0-9-]+\.)+[a-z]{2,12}(?::\d+)?(?:/[^\s,;]*)?)
      | (?P<version>v?\d+(?:\.\d+){2,}\b | v\d+\.\d+\b)
      | (?P<path>[~.]?[\w.~-]*/[\w./~-]* | [\w-]+\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,8}\b)
      | (?P<time>\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?(?![\d:]) | \d{1,2}\s?[ap]m\b)
      | (?P<date>\d{4}-\d{2}(?:-\d{2})?\b | \d{1,2}/\d{1,2}(?:/\d{2,4})?
               | (?:next\s+|last\s+|this\s+)?(?:WEEKDAYS)\b
               | (?:MONTHS)\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b
               | \d{1,2}(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+(?:MONTHS)(?:,?\s+\d{4})?\b
               | today | tonight | tomorrow | yesterday)
      | (?P<id>(?!\d+-[a-z]{2,}\b)(?=[\w-]*\d)[a-z0-9]+(?:-[a-z0-9]+)+\b)
      | (?P<size>\d+(?:\.\d+)?[x×]\d+(?:\.\d+)?\b)
      | (?P<number>-?\d+(?:,\d{3})*(?:\.\d+)?(?P<scale>[km]\b)?%?
                 | \b(?:NUMBER_RUN)\b
                 | \b(?:NUMBER_WORDS)\b
                 | \b(?:once|twice|thrice)\b(?=\s+(?:a|an|per|every|daily|weekly|monthly)\b))
      | (?P<word>[a-z][\w'-]*)
    """.replace("MONTHS", _MONTH).replace("WEEKDAYS", _WEEKDAYS.replace(" ", "|"))
       .replace("NUMBER_RUN", _NUMBER_RUN).replace("NUMBER_WORDS", "|".join(NUMBER_WORDS)),
    re.IGNORECASE | re.VERBOSE,
)
@dataclass(frozen=True)
class Span:
    """A candidate value in a text."""

    text: str
    kind: str
    """quoted, email, url, path, time, date, size ("8x10"), number, ordinal ("1st"), list, word,
    name or phrase; or choice: one of an input's declared choices, offered as itself."""
    start: int
    """Index of its first word among the text's words (phrases and cues count in words)."""
    end: int
    turn: int = 0
    """0: the request; 1: the turn before it; and so on."""
    pause: bool = False
    """A comma, semicolon or full stop follows it: a phrase ends there."""
    unit: str = ""
    """For a number, the unit said right after it ("18 miles": "miles") or its currency sign
    ("$75": "usd"), if any."""

    @property
    def value(self) -> str:
        """The value as an input takes it: quotes dropped, "5k" as 5000, "1,200" as 1200."""
        if self.kind == "quoted":
            return self.text[1:-1].strip()
        if self.kind == "size":
            return self.text.replace("×", "x")
        if self.kind == "number":
            if self.text.lower() in _TIMES:
                return str(_TIMES.index(self.text.lower()) + 1)
            said = _in_words(self.text)
            if said is not None:
                return str(said)
            text = self.text.replace(",", "").rstrip("%")
            scale = {"k": 1000, "m": 1_000_000}.get(text[-1:].lower())
            if scale:
                number = float(text[:-1]) * scale
                return str(int(number)) if number.is_integer() else str(number)
            return text
        return self.text.rstrip(".")


def spans(text: str, turn: int = 0) -> list[Span]:
    """The candidate values of a text, in order, with the words around them as spans too."""
    # A keystroke reads the same text for every run on the suggestion list, and more than once
    # for each: find its spans once.
    return list(_spans(text, turn))


@functools.lru_cache(maxsize=32)
def _spans(text: str, turn: int) -> tuple[Span, ...]:
    found = []
    matches = list(_SPAN.finditer(text))
    glued: set[int] = set()
    for index, match in enumerate(matches):
        if index in glued:
            continue
        kind = match.lastgroup or "word"
        value = match.group(0)
        if kind == "version":
            kind = "word"  # "1.4.2" is a name, not a number
        if kind == "number" and " " in value.strip() and _in_words(value) is None:
            kind = "word"  # "three four": no number people say
        if kind == "number" and index + 1 < len(matches) and (
                matches[index + 1].start() == match.end()) and _code_end(matches[index + 1]):
            # "100LL" and "5W30" are codes, not numbers; "800px" and "5km" are numbers; "the
            # 1st" is a place in an order, not how many.
            glued.add(index + 1)
            ending = matches[index + 1].group(0)
            kind = "ordinal" if ending.lower() in _ORDINAL_ENDS else "id"
            value = value + ending
            match = matches[index + 1]
        coded = (any(c.isdigit() for c in value) and value[-1].isalnum()) or (
            len(value) >= 3 and value.isalpha() and value.isupper())
        if kind == "word" and match.lastgroup == "word" and coded:
            kind = "id"  # "H3", "B214", "N4471P", "KBOS": codes
        if kind == "path" and _F_NUMBER.fullmatch(value):
            kind, value = "number", value[2:]  # an f-number: "f/1.8" is 1.8
        if kind == "url" and "/" not in value and ":" not in value and (
                value.rsplit(".", 1)[-1].lower() in FILE_SUFFIXES):
            kind = "path"  # leads.csv is a file, not a host
        pause = text[match.end():].lstrip()[:1] in (",", ";", ".", "!", "?")
        if pause and value.lower() in _TITLES and text[match.end():match.end() + 1] == ".":
            pause = False  # "Dr. Amara Osei" is one name
        sign = text[match.start() - 1:match.start()] if match.start() else ""
        span = Span(value, kind, index, index + 1, turn, pause,
                    unit=_CURRENCY_SIGNS.get(sign, "") if kind == "number" else "")
        before = text[:match.start()].rstrip()
        if kind == "word" and _capitalised(value) and before and (
                before[-1] not in ".?!:;\"'(" or _TITLE_BEFORE.search(before)):
            # A name's possessive is the name: "Frank Osei's boiler" is Osei's.
            span = Span(_POSSESSIVE.sub("", value), "name", index, index + 1, turn, pause)
        found.append(span)
    # "on Saturday 2026-05-16", "next Tuesday, 2027-01-19", "today, 2027-06-12": the day
    # only says the date again.
    found = [span for at, span in enumerate(found)
             if not (span.kind == "date" and _said_again(span.text) and at + 1 < len(found)
                     and found[at + 1].kind == "date" and not _said_again(found[at + 1].text))]
    return tuple(_with_units(_word_lists(_names(_lists(found)))))


_CURRENCY_SIGNS = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_F_NUMBER = re.compile(r"f/\d+(?:\.\d+)?", re.IGNORECASE)
_NUMBER_ENDS = frozenset(
    "px dpi pt kb mb gb tb hz khz mhz ghz w kw kwh mw v mah fps x p s d".split())
"""Letters right after a number that leave it a number ("800px", "16gb", "1080p")."""
_ORDINAL_ENDS = frozenset("st nd rd th".split())
_RELATIVE_DAYS = frozenset(f"{w} {d}".strip() for w in ("", "next", "last", "this")
                           for d in _WEEKDAYS.split()) | {
                               "today", "tonight", "tomorrow", "yesterday"}


def _said_again(day: str) -> bool:
    """A day said by its name or by how far it is ("Tuesday", "next Tuesday", "today"), which a
    date right after it only says again."""
    return " ".join(day.lower().split()) in _RELATIVE_DAYS


def _code_end(after: re.Match[str]) -> bool:
    """Whether a word glued to the number before it makes the two one code ("100LL") or an
    ordinal ("1st")."""
    letters = after.group(0).lower()
    return after.lastgroup == "word" and (letters in _ORDINAL_ENDS or (
        not is_unit(letters) and letters not in _NUMBER_ENDS and not letters.startswith("x")))


def _with_units(found: list[Span]) -> list[Span]:
    """Each number with the unit that follows it, of one word or two ("62 nautical miles")."""
    out = []
    for at, span in enumerate(found):
        if span.kind == "number" and span.text.endswith("%"):
            span = replace(span, unit="%")
        elif span.kind == "number" and not span.unit and not span.pause and at + 1 < len(found):
            after = [s.text.lower() for s in found[at + 1:at + 3]]
            for unit in (" ".join(after), after[0]):
                if measures(unit) and unit != "in":  # not "3 in the group"
                    span = replace(span, unit=unit)
                    break
        out.append(span)
    return out


_TITLES = frozenset("dr mr mrs ms mx prof st mt sr jr".split())
_TITLE_BEFORE = re.compile(r"(?:^|\s)(?:" + "|".join(_TITLES) + r")\.$", re.IGNORECASE)
_STREETS = frozenset(
    "road rd street st avenue ave lane ln drive dr way boulevard blvd place court ct close "
    "terrace crescent square highway hwy".split())
"""Last words of a street's name: a number before it is the house's ("27 Marlowe Road")."""


def _in_words(said: str) -> int | None:
    """The number that words say ("one hundred and twenty": 120; "twenty-five": 25), or None
    ("three four" is no number people say; "1,200" is not said in words)."""
    words = said.lower().replace("-", " ").split()
    if not all(word.isalpha() for word in words):
        return None
    try:
        return int(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def is_street(text: str) -> bool:
    """Whether a value is a street address: a house number and a street ("58 Willow Lane")."""
    parts = text.split()
    return len(parts) >= 3 and parts[0].isdigit() and parts[-1].lower().rstrip(".") in _STREETS


def _capitalised(word: str) -> bool:
    """A word written as a name: "Lisbon", "McKay"; not "I", nor "SUV" (an acronym)."""
    return word[0].isupper() and word.split("'")[0] != "I" and not word.isupper()


_POSSESSIVE = re.compile(r"['’]s$")
_NAME_GLUE = frozenset("of de la le van von der del da di du".split())
_REGION = re.compile(r"[A-Z]{2}")
"""A state's or province's code after a place and a comma ("Austin, TX")."""


def _names(found: list[Span]) -> list[Span]:
    """Capitalised words in a row, not opening a sentence, are one proper name: "from Central
    Station to Port Ellery United", "by The Velvet Harbour" ("of", "de", "van" may join them)."""
    # In an earlier turn, a sentence that opens with a capitalised word and a name opens with a
    # person's full name: "Ravi Menon smashed the phone screen" (a request may open with a verb
    # instead: "Email Sarah Jones").
    found = [replace(span, kind="name") if (
        span.turn >= 1 and span.kind == "word" and _capitalised(span.text) and not span.pause
        and span.text.lower() not in FUNCTION and at + 1 < len(found)
        and found[at + 1].kind == "name") else span for at, span in enumerate(found)]
    out: list[Span] = []
    at = 0
    while at < len(found):
        span = found[at]
        if span.kind != "name":
            out.append(span)
            at += 1
            continue
        run = [span]
        while at + len(run) < len(found) and not run[-1].pause:
            nxt = found[at + len(run)]
            glued = (nxt.kind == "word" and nxt.text.lower() in _NAME_GLUE
                     and at + len(run) + 1 < len(found)
                     and found[at + len(run) + 1].kind == "name")
            after = found[at + len(run) + 1] if at + len(run) + 1 < len(found) else None
            if nxt.kind == "number" and nxt.text.isdigit() and (
                    after is None or (after.kind != "name" and not is_unit(after.text))):
                run.append(nxt)  # "Airport Terminal 2", "Brevo 2"; not "Priya Raman 45 pounds"
                break
            # An acronym ends a name of two words or more: "Foggy Harbor NEIPA", "London Ale III".
            acronym = (nxt.kind in ("word", "id") and len(run) >= 2 and len(nxt.text) >= 2
                       and nxt.text.isupper() and nxt.text.isalpha())
            if nxt.kind != "name" and not glued and not acronym:
                break
            if acronym:
                run.append(nxt)
                break
            run.append(nxt)
        if out and out[-1].kind == "number" and out[-1].text.isdigit() and not out[-1].pause and (
                run[-1].text.lower() in _STREETS):
            run.insert(0, out.pop())  # "27 Marlowe Road"
        text = " ".join(s.text for s in run)
        taken = len(run) - (run[0] is not span)
        region = found[at + taken] if at + taken < len(found) else None
        if run[-1].pause and region is not None and _REGION.fullmatch(region.text) and (
                region.text != "OK"):
            # "Boston, MA": a place and its state's code are one name.
            run.append(region)
            text, taken = f"{text}, {region.text}", taken + 1
        out.append(Span(text, "name", run[0].start, run[-1].end, span.turn, run[-1].pause))
        at += taken
    return out


def _word_lists(found: list[Span]) -> list[Span]:
    """Words or names joined by commas and a last "and" are one value: "slots for alice, bob
    and chen" (an input of several values takes it; `params._takes_lists`)."""
    out: list[Span] = []
    at = 0
    while at < len(found):
        run = [found[at]]
        while (run[-1].pause and _listable(run[-1]) and at + len(run) < len(found)
               and _listable(found[at + len(run)])):
            run.append(found[at + len(run)])
        end = at + len(run)
        if len(run) >= 2 and _listable(run[-1]) and not run[-1].pause and end + 1 < len(found) and (
                found[end].text.lower() in ("and", "or") and _listable(found[end + 1])) and len(
                {s.kind for s in [*run, found[end + 1]]}) == 1:  # not "Toronto, hybrid and remote"
            last = found[end + 1]
            text = ", ".join(s.text for s in run) + f" {found[end].text} {last.text}"
            out.append(Span(text, "list", run[0].start, last.end, run[0].turn, last.pause))
            at = end + 2
            continue
        out.append(found[at])
        at += 1
    return out


def _listable(span: Span) -> bool:
    return span.kind in ("word", "name") and span.text.lower() not in _NOT_LISTED and (
        len(span.text) > 1)


_NOT_LISTED = frozenset(
    "a an the and or but so then if it its this that these those i we you he she they me us "
    "him her them my our your please yes no ok okay well also now just".split())


def _lists(found: list[Span]) -> list[Span]:
    """Three numbers or more in a row, each but the last followed by a comma, are one value:
    "scores 72, 85, 91, 64" (a list input's)."""
    out: list[Span] = []
    run: list[Span] = []
    for span in [*found, None]:
        if span is not None and span.kind == "number" and (not run or run[-1].pause):
            run.append(span)
            continue
        if len(run) >= 3:
            text = ", ".join(s.text for s in run)
            out.append(Span(text, "list", run[0].start, run[-1].end, run[0].turn, run[-1].pause))
        else:
            out.extend(run)
        run = [span] if span is not None and span.kind == "number" else []
        if span is not None and not run:
            out.append(span)
    return out


_ISO_DATE = re.compile(r"yyyy-mm-dd|iso[ -]?(?:8601|date|format)", re.IGNORECASE)
_CLOCK = re.compile(r"\bhh:mm\b|24-hour", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")


def formatted(span: Span, description: str, today: datetime.date | None = None) -> str | None:
    """A span's value in the format an input's help asks for, or None when it cannot be put in
    it (a wrong-typed value is never proposed).

    A date for YYYY-MM-DD: "August 9, 2027" is 2027-08-09; a day without its year is the next
    one to come ("August 9"), and "today", "tomorrow", "Friday", "next Tuesday" count from
    `today`. A time for HH:MM: "2:30 pm" is 14:30. Any other value, or an input whose help
    names no format, as said.
    """
    value = span.value
    if span.kind in ("ordinal", "number", "id") and _ISO_DATE.search(description):
        return None  # "the 1st" is no date an input of YYYY-MM-DD takes
    try:
        if span.kind == "date" and _ISO_DATE.search(description):
            return _iso_date(value, today or datetime.date.today())
        if span.kind == "time" and _CLOCK.search(description):
            return dates.parse(value).strftime("%H:%M")
    except (ValueError, OverflowError):
        return None
    return value


_DAY_SHIFTS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}


def _iso_date(said: str, today: datetime.date) -> str:
    words = said.lower().split()
    if said.lower() in _DAY_SHIFTS:
        return (today + datetime.timedelta(days=_DAY_SHIFTS[said.lower()])).isoformat()
    if words[-1] in _WEEKDAYS.split():
        ahead = (_WEEKDAYS.split().index(words[-1]) - today.weekday()) % 7
        if words[0] == "last":
            ahead -= 7
        elif ahead == 0 and words[0] != "this":
            ahead = 7  # "Friday" said on a Friday is the next one
        return (today + datetime.timedelta(days=ahead)).isoformat()
    day = dates.parse(said, default=datetime.datetime(today.year, today.month, 1)).date()
    if not _YEAR.search(said) and day < today:
        day = day.replace(year=day.year + 1)  # "August 9" said in December is next August's
    return day.isoformat()
