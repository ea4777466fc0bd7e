"""Requests with values in them, generated from a library's items, to teach the router's model
to fill a run's params (see `predictors.router.fill`).

A corpus request names the job ("build the thesis"); this adds the values a user gives with it,
in the ways people give them: after a preposition ("for maria", "from leads.csv"), named
("with salary 95000", "--days 30", "the contact column"), as a bare word, in an earlier turn
that the request refers back to ("the file is q3.csv" / "parse it"), next to numbers and names
that belong to no input, and left out, which the model answers with "-". Values are drawn by the
input's type and name: files and folders, numbers, dates, URLs, people, versions, ids and
phrases made of the domain's own words.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiwi_term.library.items import Input, Item
from predictors.router.arguments import FUNCTION, stem, words
from predictors.router.asks import KIND_CUES
from predictors.router.fill import fields
from predictors.router.params import spans
from predictors.training.data import Domain, Request, Target, Walk

PEOPLE = (
    "maria tom priya jonas ana lee karim sam alice bob chen dana luis wei omar fatima ivan marta "
    "nadia kofi yuki elena raj sofia pablo amir greta hugo ines jamal keiko lars mei nora oscar "
    "paula quinn rosa sven tariq uma victor wanda xavier yara zoe ahmed beatriz carlos dmitri "
    "emma farah gabriel hana isaac julia"
).split()
PLACES = ("berlin dublin austin lagos osaka lisbon denver warsaw toronto nairobi paris "
          "seattle madrid oslo").split()
MONTHS = ("march", "november", "last month", "2026-10", "this month", "january", "q3")
SUFFIXES = ("csv", "csv", "xlsx", "json", "txt", "yaml", "pdf", "log", "tsv", "md", "parquet")
FOLDERS = ("data", "exports", "inbox", "reports", "raw", "scans", "incoming", "archive", "tmp")
HOSTS = ("staging.example.com", "api.acme.io", "localhost:8080", "127.0.0.1:5000",
         "https://internal.corp.net/status", "http://10.0.0.12:9000", "grafana.local")
DATES = ("2027-01-04", "2026-11-30", "march 3", "3 march", "next monday", "tomorrow", "friday",
         "12/05", "june 21st", "yesterday", "2027-02-15")
PERSON_WORDS = frozenset(stem(w) for w in (
    "name person candidate employee user guest author owner reviewer client customer people "
    "assignee member contact recipient speaker").split())
NUMBER_WORDS = (KIND_CUES["number"] | frozenset(stem(w) for w in (
    "episode year trials replicates steps sample size seed count").split())) - {"month", "week"}
SMALL = frozenset(stem(w) for w in (
    "days hours minutes weeks episode copies replicates trials steps retries workers threads "
    "level top seed").split())
LARGE = frozenset(stem(w) for w in "salary amount price budget".split())


@dataclass(frozen=True)
class ParamRequest:
    """A request with the values it gives each input (None: not given)."""

    history: tuple[str, ...]
    text: str
    target: Target
    values: dict[str, str | None]


def param_requests(domain: Domain, rng: random.Random, per_item: int = 6) -> list[ParamRequest]:
    """Requests with values for every item of the domain that takes inputs: `per_item`
    generated ones per item, plus once each the corpus's runs written with their params."""
    phrases = _domain_words(domain)
    said: dict[tuple[str, str | None], list[str]] = {}
    for index, (history, text, target) in enumerate(domain.requests):
        # A request that already holds a value ("fill in the dois in refs.bib") would teach
        # "-" for a value that is there.
        if (target.verb == "run" and not history and index not in domain.params
                and all(s.kind == "word" for s in spans(text))):
            said.setdefault((target.item_type, target.item_id), []).append(text)
    out = _written(domain)
    for item in domain.items:
        specs = [i for i in item.inputs if i.type != "bool"]
        runs = said.get(item.key)
        if not specs or not runs:
            continue
        for _ in range(per_item):
            out.append(_request(item, specs, rng.choice(runs).rstrip(".?! "), phrases, rng))
    return out


def _written(domain: Domain) -> list[ParamRequest]:
    """The runs the corpus writes with their params, each input the value written for it (None
    for an input the text does not give)."""
    by_key: dict[tuple[str, str | None], Item] = {i.key: i for i in domain.items}
    out = []
    for index, given in sorted(domain.params.items()):
        history, text, target = domain.requests[index]
        item = by_key.get((target.item_type, target.item_id))
        if item is None:
            continue
        values = {i.name: given.get(i.name) for i in item.inputs if i.type != "bool"}
        out.append(ParamRequest(history, text, target, values))
    return out


def _request(item: Item, specs: Sequence[Input], run: str, phrases: Sequence[str],
             rng: random.Random) -> ParamRequest:
    values: dict[str, str | None] = {}
    parts = [run if rng.random() < 0.85 else run.lower()]
    history: list[str] = []
    for spec in specs:
        give = rng.random() < (0.85 if spec.required else 0.5)
        if not give:
            values[spec.name] = None
            continue
        value = _value(spec, phrases, rng)
        values[spec.name] = value
        if not history and rng.random() < 0.15:
            history.append(_mention(spec, value, rng))
            parts.append(rng.choice(("for it", "with that", "on them", "for those", "", "again")))
            continue
        parts.append(_phrase(spec, value, rng))
    if rng.random() < 0.2:
        parts.append(rng.choice((
            f"and ping {rng.choice(PEOPLE)} when done", f"before {rng.choice(DATES)}",
            f"it failed {rng.randint(2, 9)} times yesterday", "asap", "please",
            f"like we did in {rng.choice(FOLDERS)}", f"then tell {rng.choice(PEOPLE)}",
        )))
    joiner = rng.choice((" ", " ", ", "))
    text = parts[0] + "".join(
        (joiner if i > 1 else " ") + p for i, p in enumerate(parts[1:], 1) if p)
    return ParamRequest(tuple(history), text, Target("run", item.type.value, item.id), values)


def _kind(spec: Input) -> str:
    name = {stem(w) for w in words(spec.name.replace("_", " "))}
    if name & {"month", "week"}:
        return "month"
    if spec.type in ("int", "number") or name & NUMBER_WORDS and spec.type == "string" and (
            not name & KIND_CUES["path"]):
        return "year" if "year" in name else "number"
    if spec.type == "path" or name & KIND_CUES["path"]:
        return "folder" if name & {"folder", "dir", "directory"} else "file"
    if name & KIND_CUES["url"]:
        return "url"
    if name & KIND_CUES["date"] or name & {"month", "week", "since"}:
        return "date"
    if name & PERSON_WORDS:
        return "person"
    return "phrase"


def _value(spec: Input, phrases: Sequence[str], rng: random.Random) -> str:
    if spec.choices:
        return rng.choice(spec.choices)
    kind = _kind(spec)
    name = {stem(w) for w in words(spec.name.replace("_", " "))}
    if kind == "month":
        return rng.choice(MONTHS)
    if kind == "year":
        return str(rng.randint(2019, 2027))
    if kind == "number":
        if name & SMALL:
            number = rng.choice((rng.randint(1, 12), rng.randint(5, 180)))
        elif name & LARGE:
            number = rng.randint(30, 250) * 1000
        else:
            number = rng.choice((rng.randint(1, 20), rng.randint(5, 180), rng.randint(100, 5000),
                                 rng.randint(30, 250) * 1000))
        if number >= 10000 and rng.random() < 0.3:
            return f"{number // 1000}k"
        if number >= 1000 and rng.random() < 0.3:
            return f"{number:,}"
        return str(number)
    if kind == "file":
        stem_word = "_".join(rng.sample(list(phrases), k=rng.randint(1, 2))).replace(" ", "_")
        filename = f"{stem_word}.{rng.choice(SUFFIXES)}"
        if rng.random() < 0.35:
            filename = rng.choice(("./", "~/", "")) + rng.choice(FOLDERS) + "/" + filename
        return filename
    if kind == "folder":
        folder = (rng.choice(FOLDERS) if rng.random() < 0.5
                  else rng.choice(phrases).replace(" ", "_"))
        return rng.choice(("", "", "./", "~/", "data/")) + folder
    if kind == "url":
        return rng.choice(HOSTS)
    if kind == "date":
        return rng.choice(DATES)
    if kind == "person":
        return rng.choice(PEOPLE)
    if rng.random() < 0.15:
        return rng.choice(PLACES)
    if rng.random() < 0.1:
        major, minor, patch = rng.randint(0, 4), rng.randint(0, 20), rng.randint(0, 9)
        return f"{rng.choice(('v', ''))}{major}.{minor}.{patch}"
    if rng.random() < 0.1:
        return f"{rng.choice(('INC', 'CVE', 'JIRA', 'PR'))}-{rng.randint(100, 9999)}"
    return rng.choice(phrases)


def _phrase(spec: Input, value: str, rng: random.Random) -> str:
    name = spec.name.replace("_", " ")
    kind = _kind(spec)
    forms = [f"{name} {value}", f"with {name} {value}", f"--{spec.name} {value}",
             f"{spec.name}={value}" if rng.random() < 0.3 else f"{name}: {value}"]
    if kind in ("file", "folder"):
        forms += [f"from {value}", f"on {value}", f"in {value}", f"for {value}", value,
                  f"using {value}"]
        if kind == "folder":
            forms += [f"in the {value} folder"]
    elif kind == "number":
        forms += [f"{value} {name}", f"with {value} {name}", f"for {value} {name}",
                  f"over the last {value} {name}", f"at {value}", f"{name} of {value}"]
    elif kind == "url":
        forms += [f"at {value}", f"against {value}", f"on {value}", value]
    elif kind in ("date", "month", "year"):
        forms += [value, f"on {value}", f"starting {value}", f"since {value}", f"from {value}"]
    elif kind == "person":
        forms += [f"for {value}", value, f"with {value}", f"for {name} {value}",
                  f"{name} {value}"]
    else:
        forms += [f"for {value}", f"for the {value} {name}", f"{value} {name}",
                  f"on {value}", f'"{value}"', f"the {name} is {value}"]
    return rng.choice(forms)


def _mention(spec: Input, value: str, rng: random.Random) -> str:
    name = spec.name.replace("_", " ")
    return rng.choice((
        f"the {name} is {value}", f"i saved it as {value}", f"we just got {value}",
        f"{value} is ready", f"it's about {value}", f"ok so {name} {value}",
        f"remember {value} from last week",
    ))


def _domain_words(domain: Domain) -> list[str]:
    """Phrases made of the domain's own words, as values of free-text inputs."""
    found = set()
    for item in domain.items:
        tokens = [w for w in words(item.description) if len(w) > 3 and w not in FUNCTION]
        for a, b in zip(tokens, tokens[1:], strict=False):
            found.add(f"{a} {b}")
        found.update(tokens)
    return sorted(found)


def answers(request: ParamRequest, item: Item) -> list[tuple[str, tuple[str, ...], int]] | None:
    """The walk's answers for a request: (input name, candidate values, index of the right one,
    len(candidates) for none), as `fill.walk` takes them; None when a value the request gives is
    not one of its candidates (the span rules cut it otherwise), so it cannot be taught."""
    out = []
    for field in fields(item, request.text, request.history):
        texts = tuple(s.text for s in field.candidates)
        value = request.values.get(field.spec.name)
        if value is None:
            out.append((field.spec.name, texts, len(texts)))
            continue
        lowered = [t.lower() for t in texts]
        plain = [s.value.lower() for s in field.candidates]
        if value.lower() in lowered:
            out.append((field.spec.name, texts, lowered.index(value.lower())))
        elif value.lower() in plain:
            out.append((field.spec.name, texts, plain.index(value.lower())))
        else:
            return None
    return out


def with_values(per_item: int = 6) -> Callable[[Domain, random.Random], list[tuple[Request, Walk]]]:
    """For `data.packs`: each domain's requests with values, and the params walk after each."""

    def requests(domain: Domain, rng: random.Random) -> list[tuple[Request, Walk]]:
        by_key: dict[tuple[str, str | None], Item] = {i.key: i for i in domain.items}
        out = []
        for asked in param_requests(domain, rng, per_item):
            walk = answers(asked, by_key[(asked.target.item_type, asked.target.item_id)])
            if walk is not None:
                out.append(((asked.history, asked.text, asked.target), tuple(walk)))
        return out

    return requests
