"""The warm cache: states, hit rate, what it keeps for a library larger than the menu."""

from __future__ import annotations

import pytest

from context_cache.warm import WarmCache
from kiwi_term.library.store import Library
from predictors.router.menu import item_capacity
from predictors.router.similarity import ItemSimilarity
from tests.conftest import TOPICS, write, write_topic_library


def small_library(tmp_path) -> Library:
    ai = tmp_path / ".ai"
    write(ai / "scripts" / "resize_photos.py", '"""Resize photos to a width."""\n')
    write(ai / "scripts" / "sort_photos.py", '"""Sort photos into dated folders."""\n')
    write(ai / "directives" / "publish.xml", """
        <directive name="publish"><metadata><description>Publish the album.</description>
        </metadata><process><step name="a" script="resize_photos">Resize.</step></process>
        </directive>""")
    return Library(ai, None)


def test_states_follow_the_conversation(tmp_path) -> None:
    cache = WarmCache(small_library(tmp_path))
    assert cache.state == "cold"
    assert len(cache.context().items) == 3  # a small library fits whole
    cache.observe("I want to share the album")
    assert cache.state == "warm"
    cache.observe("publish it", item=("directive", "publish"))
    assert cache.state == "hot"
    assert cache.context().focus is not None and cache.context().focus.id == "publish"
    cache.clear()
    assert cache.state == "cold"


def test_hit_rate_counts_used_items_found_warm(tmp_path) -> None:
    cache = WarmCache(small_library(tmp_path))
    assert cache.hit_rate is None
    cache.observe("resize", item=("script", "resize_photos"))
    cache.observe("nonsense", item=("script", "not_in_library"))
    assert cache.hit_rate == 0.5


def test_context_is_stable_until_something_changes(tmp_path) -> None:
    library = small_library(tmp_path)
    cache = WarmCache(library)
    first = cache.context()
    assert cache.context() is first  # no turn, no change: the router's prefix stays valid
    write(library.roots[0].path / "scripts" / "new_one.py", '"""Something new."""\n')
    library.refresh()
    assert len(cache.context().items) == 4


@pytest.mark.slow
def test_large_library_keeps_what_the_conversation_needs(tmp_path) -> None:
    ai = tmp_path / ".ai"
    write_topic_library(ai)
    library = Library(ai, None)
    assert item_capacity(library.items()) < len(library.items())
    from predictors.runtime.embeddings import shared_embedder

    cache = WarmCache(library, ItemSimilarity(shared_embedder()))
    cache.observe("my telescope images are blurry")
    kept = {item.id for item in cache.context().items}
    assert {"telescope_tool", "telescope_flow"} <= kept
    # While the user pauses on a topic the menu lacks, the cache brings its items in.
    missing = next(t for t in TOPICS if f"{t}_tool" not in kept and f"{t}_flow" not in kept)
    changed = cache.prefetch(f"process my {missing} files")
    assert changed is not None
    assert {f"{missing}_tool", f"{missing}_flow"} <= {item.id for item in changed.items}


@pytest.mark.slow
def test_a_menu_holding_the_texts_two_nearest_items_is_kept(tmp_path) -> None:
    ai = tmp_path / ".ai"
    write_topic_library(ai)
    from predictors.runtime.embeddings import shared_embedder

    similarity = ItemSimilarity(shared_embedder())
    cache = WarmCache(Library(ai, None), similarity)
    before = cache.context()
    held = {item.id for item in before.items}
    text = "run the backup workflow, then the budget workflow"
    items = cache.library.items()
    nearest = [items[i].id for i in (-similarity.scores(text, [], items)).argsort()[:5]]
    assert set(nearest[:2]) <= held and not set(nearest) <= held
    # Changing the menu costs the router a new menu pass; the items the text means are there.
    assert cache.prefetch(text) is None
    assert cache.context() is before
