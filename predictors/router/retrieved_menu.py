"""Menus for a library larger than one menu: the warm items, and the items the text points at.

The menu's head is stable: the items the warm cache ranks best for the conversation. Its tail
(`RETRIEVED` items, before the fixed choices) holds what the retriever finds for the text typed
so far, so the model sees the items the words point at, at any library size. A new tail costs a
pass over its lines (a few hundred milliseconds), so a keystroke never pays it: the keystroke is
predicted on the menu already evaluated, and the new menu is prepared beside it, in the cache's
second sequence, between keystrokes (`stage`), then swapped in, and the text predicted again. A
settled text (a pause, Tab, Enter) waits for its menu. A menu that already holds the text's best
few items is kept, so the prompt changes only when the words point elsewhere.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from kiwi_term.library.items import Item, ItemType
from predictors.router.base import WarmContext
from predictors.router.menu import FIXED, MAX_DECISIONS, Menu, build_menu, item_capacity
from predictors.router.retrieval import Retriever

RETRIEVED = 6
"""Items of the menu chosen by the text (the rest are the warm cache's). Six rather than eight:
a shorter tail is ready sooner, and on 500 and 10,000 items typing_accuracy went from 0.45 /
0.41 to 0.59 / 0.51 while settled accuracy went from 0.865 / 0.891 to 0.833 / 0.865
(BENCHMARKS.md, "Scale")."""
COVER = 3
"""A menu holding the text's best this-many items is kept."""
ALIKE = 2
"""Items of one kind (copies of one job) the tail holds at most: two, so that a pair the model
cannot tell apart is shown side by side at split confidence, and the rest of the tail goes to
other items (at 10,000 items with copies in numbered variants, the tail held the item a request
meant for 0.914 of requests, 0.957 with two of a kind; BENCHMARKS.md, "Scale")."""
STAGE_TOKENS = 8
"""Tokens of a new menu evaluated at a time between keystrokes: about 20 ms on 2 cores, so a
keystroke that arrives meanwhile waits at most that long (at a typist's pace, 32 gave a
keystroke p95 of 141 ms on 25 items; on 2,000 items 16 gave p50 / p95 40 / 87 ms and 8 gives
32 / 59 ms; BENCHMARKS.md)."""


def _cost(item: Item) -> int:
    return 1 if item.type is ItemType.KNOWLEDGE else 2


class RetrievedMenus:
    """Chooses the menu for each text of a large library, and which menu is evaluated."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        """Ranks the whole library against a text."""
        self.live: Menu | None = None
        """The menu in the session's live sequence (what keystrokes are predicted on)."""
        self.wanted: Menu | None = None
        """A menu to prepare between keystrokes, when the latest text points elsewhere."""
        self._built: OrderedDict[tuple, Menu] = OrderedDict()
        self._active: tuple[int, bool] = (-1, False)

    def active(self) -> bool:
        """Whether the library outgrows one menu (a smaller one is listed whole); checked once
        per change of the library (listing 10,000 items costs milliseconds)."""
        library = self.retriever.library
        if self._active[0] != library.generation:
            items = library.items()
            self._active = (library.generation, item_capacity(items) < len(items))
        return self._active[1]

    def menu_for(self, warm: WarmContext | None, text: str, history: Sequence[str]) -> Menu:
        """The menu this text wants: the warm head and the text's best items after it.

        Args:
            warm: the warm cache's context.
            text: the text typed so far ("" before typing: the last turn then points).
            history: the earlier turns.
        """
        self.retriever.refresh()
        query = text if text.strip() else " ".join(list(history)[-1:])
        found = self.retriever.rank(query, history[-2:] if text.strip() else (),
                                    k=RETRIEVED * 2, alike=ALIKE) if query.strip() else []
        room = MAX_DECISIONS - len(FIXED) - 2 * RETRIEVED
        head: list[Item] = []
        ranked = (warm.ranked or warm.items) if warm is not None else ()
        for item in ranked:
            if _cost(item) <= room:
                head.append(item)
                room -= _cost(item)
        taken = {i.key for i in head}
        room += 2 * RETRIEVED
        tail: list[Item] = []
        for item in found:
            if item.key not in taken and _cost(item) <= room:
                tail.append(item)
                room -= _cost(item)
        # Sorted, so that the same items make the same prompt.
        items = sorted(head, key=_key) + sorted(tail, key=_key)
        key = tuple(i.key + (i.search_text(),) for i in items)
        menu = self._built.get(key)
        if menu is None:
            menu = build_menu(items)
            self._built[key] = menu
            while len(self._built) > 16:
                self._built.popitem(last=False)
        else:
            self._built.move_to_end(key)
        return menu

    def covers(self, menu: Menu | None, text: str, history: Sequence[str]) -> bool:
        """Whether `menu` holds the text's best COVER items."""
        if not text.strip():
            return menu is not None
        best = self.retriever.rank(text, history[-2:], k=COVER, alike=ALIKE)
        if menu is None:
            return False
        held = {i.key for i in menu.items}
        return all(i.key in held for i in best)


def _key(item: Item) -> tuple[str, str]:
    return (item.type.value, item.id)
