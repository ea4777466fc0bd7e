"""Training menus as a large library's router builds them (no model needed)."""

from __future__ import annotations

import random
from collections import Counter

from predictors.router.menu import item_capacity
from predictors.runtime.models import assets_dir
from predictors.training.data import HardMenus, load_corpus, packs

CORPUS = assets_dir() / "training" / "libraries"


def corpus():
    domains = load_corpus(CORPUS)
    return domains, [i for d in domains for i in d.items]


def test_a_hard_menu_holds_its_requests_items_among_the_corpus_items_most_like_them() -> None:
    domains, pool = corpus()
    hard = HardMenus(pool, copy_rate=0.0)
    domain = domains[0]
    group = [r for r in domain.requests if r[2].item_id is not None][:6]
    menu, copies = hard.menu(domain, group, random.Random(1))
    assert copies == {}
    ids = {(i.type.value, i.id) for i in menu.items}
    assert {(t.item_type, t.item_id) for _, _, t in group} <= ids
    # Items of other libraries that share the requests' words are on it, not random ones.
    own = {i.key for i in domain.items}
    foreign = [i for i in menu.items if i.key not in own]
    assert foreign
    ranked = {i.key for _, text, _ in group for i in hard.retriever.rank(text, k=3)}
    assert all(i.key in ranked for i in foreign)
    assert len(menu.items) == item_capacity(menu.items)


def test_a_copy_is_named_otherwise_and_either_answers_its_requests() -> None:
    domains, pool = corpus()
    hard = HardMenus(pool, copy_rate=1.0)
    made = packs(domains[:3], random.Random(2), hard=hard, hard_rate=1.0, prefix_rate=0.0)
    answered = Counter()
    for pack in made:
        by_label = pack.menu.by_label()
        twins = pack.menu.twins
        assert twins, "every hard menu holds a copy here"
        copy_ids = {pack.menu.items[i].id for group in twins for i in group}
        for _, label in pack.requests:
            item = by_label[label].item
            if item is not None and item.id in copy_ids:
                answered[item.id == min(copy_ids, key=len)] += 1
    # Requests of a copied item are answered by the original and by the copy, about evenly.
    assert answered[True] > 20 and answered[False] > 20
    assert 0.5 < answered[True] / answered[False] < 2


def test_without_hard_menus_packs_are_one_librarys_menus() -> None:
    domains, _ = corpus()
    made = packs(domains[:2], random.Random(3), prefix_rate=0.0)
    for pack in made:
        own = {i.key for d in domains[:2] if d.name == pack.domain for i in d.items}
        assert sum(1 for i in pack.menu.items if i.key not in own) <= 4
