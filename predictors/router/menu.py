"""The menu of decisions a router chooses among, and the prompt that lists them.

A router does not spell out a call: it picks one line of a menu — no call, a search of a type,
a new item of a type, or running or loading one of the warm items — and each line has a
one-token label, so the model scores every line with a single forward pass. The menu goes first
in the prompt and changes only when the warm items do; the typed text goes last, so each
keystroke re-evaluates only its own few tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiwi_term.calls import ToolCall
from kiwi_term.library.items import Item, ItemType
from predictors.router.arguments import (
    content_stems,
    library_vocabulary,
    new_item_id,
    search_query,
    stem,
    words,
)
from predictors.router.params import call_params

LABELS = tuple("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
"""One-character labels; each is a single token after a space."""

FIXED: tuple[tuple[str, str], ...] = (
    ("none", ""),
    ("search", "directive"),
    ("search", "script"),
    ("search", "knowledge"),
    ("search", "any"),
    ("create", "directive"),
    ("create", "script"),
    ("create", "knowledge"),
)
"""Choices every menu offers, whatever the library holds."""

MAX_DECISIONS = len(LABELS)
SUMMARY_WORDS = 8
"""Words of an item's description on its menu line: enough to tell items apart, short enough
that the whole menu stays inside Gemma 3's 512-token sliding attention window."""

HEADER = "Pick the call that does what the user asks, or none.\n"


@dataclass(frozen=True)
class MenuChoice:
    """One line of the menu."""

    label: str
    verb: str
    """none, search, create, run or load."""
    item_type: str
    item: Item | None = None

    def line(self) -> str:
        """The line of the prompt that offers this decision (fixed decisions only; item lines
        come from `item_line`)."""
        if self.verb == "none":
            return f"{self.label}: none, just talking"
        return f"{self.label}: {self.verb} {self.item_type}"


def item_line(item: Item, run: MenuChoice | None, load: MenuChoice) -> str:
    """One menu line per item, offering its run and load labels: "run i, load j: script id:
    what it does [tags]"."""
    summary = " ".join(item.summary.rstrip(".").split()[:SUMMARY_WORDS])
    tags = f" [{', '.join(item.tags[:2])}]" if item.tags else ""
    verbs = f"run {run.label}, load {load.label}" if run else f"load {load.label}"
    return f"{verbs}: {item.type.value} {item.id}: {summary}{tags}"


@dataclass(frozen=True)
class Menu:
    """The decisions for one set of warm items, and the prompt prefix that lists them."""

    decisions: tuple[MenuChoice, ...]
    prefix: str
    items: tuple[Item, ...]
    vocab: frozenset[str] = field(default=frozenset())
    pairs: frozenset[tuple[str, str]] = field(default=frozenset())
    item_words: tuple[frozenset[str], ...] = ()
    """Content words of each item's id, summary and tags, in the order of `items`."""
    id_words: tuple[tuple[str, ...], ...] = ()
    """Stemmed words of each item's id, in the order of `items`."""
    twins: tuple[tuple[int, ...], ...] = ()
    """Groups of items (indices into `items`) of one type whose descriptions say the same:
    copies under other names, which only their names tell apart."""

    def share_twins(self, probs: np.ndarray, text: str) -> np.ndarray:
        """`probs` with each group of twins sharing its probability, verb by verb: among the
        twins whose own words (their ids', mostly) the text names, or evenly among all when it
        names none. Two copies of a job are then shown side by side at half the confidence
        each, and Enter asks which, instead of running one at 0.9 that the model cannot tell
        from the other; naming a copy picks it."""
        if not self.twins:
            return probs
        said = content_stems(text)
        out = probs.copy()
        for group in self.twins:
            common = frozenset.intersection(*(self.item_words[i] for i in group))
            named = {i for i in group if said & (self.item_words[i] - common)}
            takers = {id(self.items[i]) for i in (named or group)}
            members = {id(self.items[i]) for i in group}
            for verb in ("run", "load"):
                picks = [d for d, decision in enumerate(self.decisions)
                         if decision.verb == verb and id(decision.item) in members]
                if len(picks) < 2:
                    continue
                total = probs[picks].sum()
                share = [d for d in picks if id(self.decisions[d].item) in takers]
                out[picks] = 0.0
                out[share] = total / len(share)
        return out

    def by_label(self) -> dict[str, MenuChoice]:
        """Choices keyed by their label."""
        return {d.label: d for d in self.decisions}


def item_capacity(items: Sequence[Item]) -> int:
    """How many of these items (in order) fit in one menu."""
    room = MAX_DECISIONS - len(FIXED)
    count = 0
    for item in items:
        cost = 1 if item.type is ItemType.KNOWLEDGE else 2
        if cost > room:
            break
        room -= cost
        count += 1
    return count


def build_menu(items: Sequence[Item]) -> Menu:
    """A menu over the given items (those that fit, in the order given).

    The item lines come first and the fixed decisions last, nearest the request: most of the
    model's layers attend only to the last 512 tokens, and every request needs those lines.
    """
    chosen = tuple(items[: item_capacity(items)])
    labels = iter(LABELS)
    decisions = [MenuChoice(next(labels), verb, kind) for verb, kind in FIXED]
    for item in chosen:
        if item.type is not ItemType.KNOWLEDGE:
            decisions.append(MenuChoice(next(labels), "run", item.type.value, item))
        decisions.append(MenuChoice(next(labels), "load", item.type.value, item))
    lines = []
    for item in chosen:
        mine = [d for d in decisions if d.item is item]
        run = next((d for d in mine if d.verb == "run"), None)
        load = next(d for d in mine if d.verb == "load")
        lines.append(item_line(item, run, load))
    lines += [d.line() for d in decisions[: len(FIXED)]]
    prefix = HEADER + "".join(line + "\n" for line in lines)
    vocab, pairs = library_vocabulary(chosen)
    item_words = tuple(
        content_stems(" ".join((i.id.replace("_", " ").replace("-", " "), i.summary, *i.tags)))
        for i in chosen
    )
    id_words = tuple(tuple(stem(w) for w in words(i.id.replace("_", " ").replace("-", " ")))
                     for i in chosen)
    return Menu(tuple(decisions), prefix, chosen, vocab, pairs, item_words, id_words,
                _twins(chosen))


def _twins(items: Sequence[Item]) -> tuple[tuple[int, ...], ...]:
    """Groups of items of one type whose descriptions have the same content words."""
    groups: dict[tuple[str, frozenset[str]], list[int]] = {}
    for n, item in enumerate(items):
        said = content_stems(item.summary)
        if said:
            groups.setdefault((item.type.value, said), []).append(n)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)


class MenuCache:
    """The menu of the warm items, rebuilt only when they change, so the prompt prefix (and
    llama.cpp's cache of it) survives from keystroke to keystroke."""

    def __init__(self) -> None:
        self._warm: object = None
        self._key: tuple = ()
        self._menu: Menu | None = None

    def menu(self, warm: object, library: object) -> Menu:
        """The menu for `warm.items`, or for all of `library` when there is no warm set."""
        if warm is not None and warm is self._warm and self._menu is not None:
            return self._menu  # the same warm context: nothing can have changed
        chosen = getattr(warm, "items", ()) or ()
        items = tuple(chosen) if chosen else tuple(library.items())  # type: ignore[attr-defined]
        key = tuple(i.key + (i.search_text(),) for i in items)
        if self._menu is None or key != self._key:
            self._menu, self._key = build_menu(items), key
        self._warm = warm
        return self._menu


def request_text(text: str, history: Sequence[str] = ()) -> str:
    """The part of the prompt after the menu: recent turns, then the typed text last.

    The labels are read right after the text's newline. A cue word after it ("call:") would be
    three more tokens to evaluate on every keystroke, about a quarter of its time; the adapter
    is trained to answer at the newline.
    """
    earlier = "".join(f"earlier: {turn.strip()}\n" for turn in list(history)[-2:] if turn.strip())
    return f"{earlier}user: {text.strip()}\n"


def to_call(decision: MenuChoice, text: str, menu: Menu,
            history: Sequence[str] = ()) -> ToolCall | None:
    """The tool call a decision stands for, with arguments from the user's words (and, for a
    run's params, the turns before them)."""
    if decision.verb == "none":
        return None
    if decision.verb == "search":
        query = search_query(text, menu.vocab, menu.pairs)
        return ToolCall("search", {"item_type": decision.item_type, "query": query})
    if decision.verb == "create":
        return ToolCall(
            "execute",
            {"item_type": decision.item_type, "item_id": new_item_id(text), "action": "create"},
        )
    assert decision.item is not None
    name = "load" if decision.verb == "load" else "execute"
    arguments: dict[str, Any] = {"item_type": decision.item_type, "item_id": decision.item.id}
    if name == "execute":
        arguments["action"] = "run"
        params = call_params(decision.item, text, history)
        if params:
            arguments["params"] = params
    return ToolCall(name, arguments)
