"""Evidence beside the model's: how much a request shares with each menu line's item.

The model reads the menu, but a 270M model misses exact names now and then; word overlap and
embedding similarity catch those. Each gives one number per decision (zero for decisions with no
item), which the router adds to the model's scaled logits with weights fitted on held-out data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from kiwi_term.library.items import ItemType
from predictors.router.arguments import TYPE_WORDS, content_stems, stem, words
from predictors.router.menu import Menu


def lexical(menu: Menu, text: str, history: Sequence[str] = ()) -> np.ndarray:
    """Per decision: the share of the request's words found in its item's id, tags and summary
    (earlier turns count half)."""
    said = content_stems(text)
    before = content_stems(" ".join(list(history)[-2:])) - said
    out = np.zeros(len(menu.decisions))
    if not said and not before:
        return out
    per_item = []
    for vocab in menu.item_words:
        hits = len(said & vocab) + 0.5 * len(before & vocab)
        per_item.append(hits / (len(said) + 0.5 * len(before)))
    index = {id(item): n for n, item in enumerate(menu.items)}
    for d, decision in enumerate(menu.decisions):
        if decision.item is not None:
            out[d] = per_item[index[id(decision.item)]]
    return out


def naming(menu: Menu, text: str) -> np.ndarray:
    """Per decision: the share of its item's id words the request names ("validate leads" names
    validate_leads whole, email_validator not at all). A word still being typed counts for the
    id words it begins, so a name pays off from its first letters."""
    said = words(text)
    out = np.zeros(len(menu.decisions))
    if not said:
        return out
    typing = text[-1:].isalnum()
    finished = {stem(w) for w in (said[:-1] if typing else said)}
    partial = said[-1] if typing and len(said[-1]) >= 2 else ""
    index = {id(item): n for n, item in enumerate(menu.items)}
    shares = []
    for parts in menu.id_words:
        named = sum(1 for w in parts if w in finished
                    or (partial and (w.startswith(partial) or w == stem(partial))))
        shares.append(named / len(parts) if parts else 0.0)
    types = named_types(said)  # a type word half-typed ("scr") is no type word
    if types:
        # Items of one name and two types ("stock_count", a script and a directive): the type
        # the text names ("the stock count script", "stock_count.py") is a word of the name.
        ids = Counter(item.id for item in menu.items)
        for n, item in enumerate(menu.items):
            if ids[item.id] > 1 and menu.id_words[n]:
                size = len(menu.id_words[n])
                shares[n] = (shares[n] * size + (item.type.value in types)) / (size + 1)
    for d, decision in enumerate(menu.decisions):
        if decision.item is not None:
            out[d] = shares[index[id(decision.item)]]
    return out


def semantic(menu: Menu, similarity: Any, text: str, history: Sequence[str] = ()) -> np.ndarray:
    """Per decision: cosine similarity of the request to its item (MiniLM)."""
    out = np.zeros(len(menu.decisions))
    if similarity is None or not menu.items:
        return out
    scores = similarity.scores(text, history, menu.items)
    index = {id(item): n for n, item in enumerate(menu.items)}
    for d, decision in enumerate(menu.decisions):
        if decision.item is not None:
            out[d] = float(scores[index[id(decision.item)]])
    return out


_EXTENSIONS = {kind.suffix.lstrip("."): kind.value for kind in ItemType}
"""File extensions of the library's items ("py"), and the type each names."""


def named_types(said: list[str]) -> set[str]:
    """The item types the words name ("script", "workflows", a `.py` file)."""
    found = {TYPE_WORDS.get(w) or _EXTENSIONS.get(w) or "" for w in said}
    return found & {kind.value for kind in ItemType}


def retrieved(menu: Menu, retriever: Any, text: str, history: Sequence[str] = ()) -> np.ndarray:
    """Per decision: how far below the menu's best item the retriever scores its item over the
    whole library (words weighted by their rarity there, and similarity; `Retriever.scores`,
    which chose the menu, so the same text costs nothing more); zero for the best item and for
    decisions with no item. Relative, because the retriever ranks items against each other: it
    says nothing of whether the text wants an item at all (a search, none), and an absolute
    score taught with calls alone pushed searches onto items (BENCHMARKS.md)."""
    out = np.zeros(len(menu.decisions))
    scores = retriever.scores(text, history)
    position = retriever.positions
    on_menu = []
    for d, decision in enumerate(menu.decisions):
        n = position.get(decision.item.key) if decision.item is not None else None
        if n is not None and n < len(scores):  # (an item the library lost since: none)
            out[d] = float(scores[n])
            on_menu.append(d)
    if on_menu:
        out[on_menu] -= out[on_menu].max()
    return out
