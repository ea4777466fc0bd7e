"""Routing examples generated from libraries, to teach the router model its task.

Two sources feed it: domain corpora (`assets/training/libraries/*.json`: items with the things
people say to run, open or search them, and chit-chat) and any real library, whose items yield
templated requests built from their ids, descriptions and tags. Either way each example is a menu
of items, a request, and the one menu line that request means.

A menu is usually one library. A library larger than one menu is routed on a menu that the
retriever fills with the items the request's words point at (`predictors.router.retrieved_menu`),
so some menus are built that way too (`HardMenus`): the requests' items among the corpus items
most like them, from any library, and sometimes an item twice under two names, whose requests are
answered by either at random, so that the model shares its confidence between copies.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiwi_term.library.items import Input, Item, ItemType, Source
from predictors.router.menu import Menu, build_menu, item_capacity, request_text
from predictors.router.retrieval import Retriever
from predictors.training.noise import prefix, vary

PLURAL = {"directive": ["directives", "workflows", "runbooks"], "script": ["scripts", "tools"],
          "knowledge": ["notes", "knowledge", "docs"], "any": ["everything", "anything"]}


@dataclass(frozen=True)
class Target:
    """The menu line a request means: (verb, item type, item id or None)."""

    verb: str
    item_type: str
    item_id: str | None = None


@dataclass
class Domain:
    """One library of a corpus, with the requests people make of it."""

    name: str
    items: list[Item]
    requests: list[tuple[tuple[str, ...], str, Target]] = field(default_factory=list)
    """(history, text, target) triples."""
    params: dict[int, dict[str, str]] = field(default_factory=dict)
    """Index into `requests` -> the values its text gives (input name -> value as written), for
    the run requests the corpus writes with their params."""


@dataclass(frozen=True)
class Example:
    """One training example, rendered."""

    prompt: str
    answer: str
    """The label of the right menu line."""
    labels: tuple[str, ...]
    """All labels of the menu, for a softmax over them."""
    domain: str


def load_corpus(folder: Path) -> list[Domain]:
    """Read every domain file of a corpus folder."""
    files = sorted(folder.glob("*.json"))
    return [_domain(json.loads(p.read_text(encoding="utf-8"))) for p in files]


def _domain(data: dict) -> Domain:
    items = []
    requests: list[tuple[tuple[str, ...], str, Target]] = []
    params: dict[int, dict[str, str]] = {}
    for raw in data["items"]:
        kind = ItemType(raw["type"])
        item = Item(
            type=kind, id=raw["id"], source=Source.PROJECT, path=Path(raw["id"]),
            description=raw["description"], tags=tuple(raw.get("tags", ())),
            title=raw["description"] if kind is ItemType.KNOWLEDGE else "",
            inputs=tuple(_input(i) for i in raw.get("inputs", ())),
        )
        items.append(item)
        if kind is not ItemType.KNOWLEDGE:
            for entry in raw.get("run", ()):
                # A run is a plain request, or {"text", "params", "history"}: a request with
                # the values it gives, as written in it or in the earlier turns it follows.
                said: tuple[str, ...] = ()
                if isinstance(entry, str):
                    text = entry
                else:
                    text = entry["text"]
                    said = tuple(entry.get("history", ()))
                    if entry.get("params"):
                        params[len(requests)] = {
                            str(k): str(v) for k, v in entry["params"].items()}
                requests.append((said, text, Target("run", kind.value, item.id)))
        for text in raw.get("load", ()):
            requests.append(((), text, Target("load", kind.value, item.id)))
        for pair in raw.get("history_run", ()):
            if len(pair) == 2 and kind is not ItemType.KNOWLEDGE:
                history, text = pair
                history = (history,) if isinstance(history, str) else tuple(history)
                requests.append((history, text, Target("run", kind.value, item.id)))
    for entry in data.get("search", ()):
        requests.append(((), entry["text"], Target("search", entry["item_type"])))
    for entry in data.get("create", ()):
        requests.append(((), entry["text"], Target("create", entry["item_type"])))
    for text in data.get("chat", ()):
        requests.append(((), text, Target("none", "")))
    return Domain(data["domain"], items, requests, params)


def _input(raw: dict) -> Input:
    """An item's input as a corpus file declares it, with its help, choices and default."""
    default = raw.get("default")
    return Input(raw["name"], raw.get("type", "string"), bool(raw.get("required")),
                 default=None if default is None else str(default),
                 description=raw.get("help", ""),
                 choices=tuple(str(c) for c in raw.get("choices", ())))


Request = tuple[tuple[str, ...], str, Target]
"""(history, text, target)."""
Walk = tuple[tuple[str, tuple[str, ...], int], ...]
"""The params after a request: each input's name, its candidate values and the index of the
right one (len(candidates) for none), as `predictors.router.fill.walk` takes them."""


def templated_requests(items: Sequence[Item], rng: random.Random) -> list[Request]:
    """Requests any library yields from its own metadata: ids, descriptions, titles and tags."""
    out: list[Request] = []
    for item in items:
        name = item.id.replace("_", " ").replace("-", " ")
        kind = item.type.value
        if item.type is ItemType.KNOWLEDGE:
            title = item.title.lower()
            for text in (f"open the {title}", f"read {name}", f"show me the {name} note",
                         f"load {name}"):
                out.append(((), text, Target("load", kind, item.id)))
            continue
        clause = re.split(r"[.;:(]| and then ", item.description)[0].strip()
        for text in (f"run {name}", f"run the {name} {kind}", clause[:1].lower() + clause[1:]):
            out.append(((), text, Target("run", kind, item.id)))
        for text in (f"show me the {name} {kind}", f"what does the {name} {kind} do",
                     f"load {name}", f"load the {name} {kind}"):
            out.append(((), text, Target("load", kind, item.id)))
    tags = sorted({t for i in items for t in i.tags})
    for tag in rng.sample(tags, min(len(tags), 6)):
        kind = rng.choice(list(PLURAL))
        word = rng.choice(PLURAL[kind])
        text = rng.choice([f"find {word} about {tag}", f"search {word} for {tag}",
                           f"any {word} on {tag}?"])
        out.append(((), text, Target("search", kind)))
    return out


def render(menu: Menu, history: Sequence[str], text: str, target: Target) -> tuple[str, str] | None:
    """The prompt and the right label, or None if the target is not on this menu."""
    for decision in menu.decisions:
        same_item = (decision.item.id if decision.item else None) == target.item_id
        if decision.verb == target.verb and decision.item_type == target.item_type and same_item:
            return menu.prefix + request_text(text, history), decision.label
        if target.verb == "none" and decision.verb == "none":
            return menu.prefix + request_text(text, history), decision.label
    return None


@dataclass(frozen=True)
class Pack:
    """Many requests on one menu: trained as one sequence in which each request sees the menu
    but not the other requests, so the long menu is paid for once."""

    menu: Menu
    requests: tuple[tuple[str, str], ...]
    """(request text as the prompt renders it, right label)."""
    domain: str
    cut: frozenset[int] = frozenset()
    """Indices of the requests that are prefixes, as typed part-way (see `prefix`)."""
    fills: tuple[tuple[int, Walk], ...] = ()
    """(index of a request, the params after it)."""

    @property
    def prefix(self) -> str:
        """The menu's prompt text."""
        return self.menu.prefix

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label of the menu."""
        return tuple(d.label for d in self.menu.decisions)


def _menu_for(domain: Domain, targets: Sequence[Target], rng: random.Random,
              foreign: Sequence[Item]) -> Menu:
    by_key = {(i.type.value, i.id): i for i in domain.items}
    wanted = dict.fromkeys((t.item_type, t.item_id) for t in targets if t.item_id is not None)
    needed = [by_key[key] for key in wanted]
    others = [i for i in domain.items if i.key not in wanted]
    keep = rng.sample(others, k=int(len(others) * rng.uniform(0.6, 1.0)))
    extra = []
    if foreign and rng.random() < 0.3:
        extra = rng.sample(list(foreign), k=min(len(foreign), rng.randint(1, 4)))
    chosen = needed + [i for i in keep + extra if i.key not in wanted]
    chosen = chosen[: item_capacity(chosen)]
    rng.shuffle(chosen)
    return build_menu(chosen)


COPY_NAMES = ("{}_old", "{}_new", "{}2", "my_{}", "{}_local", "new_{}", "{}_alt", "{}_copy")
"""How a user's second copy of an item is named."""


class _Shelf:
    """The minimal library a `Retriever` ranks: fixed items."""

    generation = 0

    def __init__(self, items: Sequence[Item]) -> None:
        self._items = tuple(items)

    def items(self) -> tuple[Item, ...]:
        return self._items


class HardMenus:
    """Menus as the router builds them for a large library: the requests' items, then the items
    of every corpus library that the retriever ranks highest for their words (hard negatives),
    then the rest of the requests' library while room is left."""

    def __init__(self, pool: Sequence[Item], per_request: int = 3, copy_rate: float = 0.3) -> None:
        self.retriever = Retriever(_Shelf(pool))
        self.per_request = per_request
        self.copy_rate = copy_rate

    def menu(self, domain: Domain, group: Sequence[Request],
             rng: random.Random) -> tuple[Menu, dict[str, str]]:
        """The menu for a group of requests, and the copies on it (original id -> copy id)."""
        by_key = {(i.type.value, i.id): i for i in domain.items}
        wanted = dict.fromkeys((t.item_type, t.item_id) for _, _, t in group
                               if t.item_id is not None)
        chosen: dict[tuple[str, str], Item] = {key: by_key[key] for key in wanted}
        for history, text, _ in group:
            for item in self.retriever.rank(text, history[-2:], k=self.per_request):
                chosen.setdefault(item.key, item)
        copies: dict[str, str] = {}
        if wanted and rng.random() < self.copy_rate:
            original = chosen[rng.choice(list(wanted))]
            name = rng.choice(COPY_NAMES).format(original.id)
            if not any(i.id == name for i in domain.items):
                twin = replace(original, id=name, path=Path(name))
                chosen[twin.key] = twin
                copies[original.id] = name
        rest = [i for i in domain.items if i.key not in chosen]
        rng.shuffle(rest)
        items = list(chosen.values())
        # The requests' items and their copies must fit; negatives and the rest fill what is left.
        first = [i for i in items if i.key in wanted or i.id in copies.values()]
        others = [i for i in items if i not in first]
        rng.shuffle(others)
        # What fits depends on the order (a note takes one line, a script two): count it on the
        # order the menu is cut from, or the shuffle below would drop a request's item.
        ordered = first + others + rest
        menu_items = ordered[:item_capacity(ordered)]
        rng.shuffle(menu_items)
        return build_menu(menu_items), copies


def packs(domains: Iterable[Domain], rng: random.Random, per_pack: int = 24,
          typo_rate: float = 0.12, foreign: Sequence[Item] = (),
          prefix_rate: float = 0.0,
          with_values: Callable[[Domain, random.Random], list[tuple[Request, Walk]]] | None = None,
          hard: HardMenus | None = None, hard_rate: float = 0.0, hard_group: int = 10,
          ) -> list[Pack]:
    """Every request of the domains, grouped on sampled menus (see `examples`).

    With `prefix_rate`, that share of the requests is also trained as a prefix with the same
    answer: the router predicts on every keystroke, and the sooner it is sure, the sooner one key
    runs the call. A prefix that several lines fit teaches the model to share its probability
    among them, which is what a calibrated confidence needs.

    With `hard`, that share (`hard_rate`) of the requests goes on its menus, `hard_group` requests
    to a menu, as a large library's router sees them.
    """
    out = []
    for domain in domains:
        # Chit-chat is rarer in the corpus than in use; seen twice, it is not drowned out.
        chat = [r for r in domain.requests if r[2].verb == "none"]
        requests: list[Request] = domain.requests + chat + templated_requests(domain.items, rng)
        valued: dict[int, Walk] = {}
        for request, values in with_values(domain, rng) if with_values else ():
            valued[id(request)] = values
            requests.append(request)
        rng.shuffle(requests)
        split = int(len(requests) * hard_rate) if hard is not None else 0
        groups = [(requests[at:at + hard_group], True) for at in range(0, split, hard_group)]
        groups += [(requests[at:at + per_pack], False)
                   for at in range(split, len(requests), per_pack)]
        for group, on_hard_menu in groups:
            copies: dict[str, str] = {}
            if on_hard_menu and hard is not None:
                menu, copies = hard.menu(domain, group, rng)
            else:
                menu = _menu_for(domain, [t for _, _, t in group], rng, foreign)
            rendered: list[tuple[str, str]] = []
            cut = set()
            fills: list[tuple[int, Walk]] = []
            for request in group:
                history, text, target = request
                if target.item_id in copies and rng.random() < 0.5:
                    target = replace(target, item_id=copies[target.item_id])
                walk = valued.get(id(request))
                # A request with values is taught as said: a typo would split its values.
                said = text if walk else vary(text, rng, typo_rate)
                done = render(menu, history, said, target)
                if done is None:
                    continue
                if walk:
                    fills.append((len(rendered), walk))
                rendered.append((done[0][len(menu.prefix):], done[1]))
                part = prefix(said, rng) if rng.random() < prefix_rate else None
                if part is not None:
                    typed = render(menu, history, part, target)
                    assert typed is not None
                    cut.add(len(rendered))
                    rendered.append((typed[0][len(menu.prefix):], typed[1]))
            out.append(Pack(menu, tuple(rendered), domain.name, frozenset(cut), tuple(fills)))
    rng.shuffle(out)
    return out


def examples(domains: Iterable[Domain], rng: random.Random, per_request: int = 1,
             typo_rate: float = 0.12, foreign: Sequence[Item] = ()) -> list[Example]:
    """Render every request of the domains on sampled menus.

    Each menu holds the request's target, a random share of the domain's other items (a menu
    is usually the whole library) and sometimes a few items of other domains, in shuffled order,
    so that the model learns to read the menu rather than remember places or names.
    """
    out = []
    for domain in domains:
        requests = domain.requests + templated_requests(domain.items, rng)
        by_id = {(i.type.value, i.id): i for i in domain.items}
        for history, text, target in requests:
            for _ in range(per_request):
                goal = (target.item_type, target.item_id)
                others = [i for i in domain.items if i.key != goal]
                keep = rng.sample(others, k=max(3, int(len(others) * rng.uniform(0.5, 1.0))))
                if foreign and rng.random() < 0.3:
                    keep += rng.sample(list(foreign), k=min(len(foreign), rng.randint(1, 4)))
                chosen = keep
                if target.item_id is not None:
                    chosen = [by_id[(target.item_type, target.item_id)], *keep]
                chosen = chosen[: item_capacity(chosen)]
                rng.shuffle(chosen)
                menu = build_menu(chosen)
                said = vary(text, rng, typo_rate)
                rendered = render(menu, history, said, target)
                if rendered is None:
                    continue
                prompt, answer = rendered
                out.append(Example(prompt, answer, tuple(d.label for d in menu.decisions),
                                   domain.name))
    rng.shuffle(out)
    return out
