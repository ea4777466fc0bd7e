"""The retriever: the items of a whole library that a text points at, on every keystroke."""

from __future__ import annotations

import pytest

from kiwi_term.library.store import Library
from predictors.router.features import retrieved
from predictors.router.menu import item_capacity
from predictors.router.retrieval import Retriever
from predictors.router.retrieved_menu import RETRIEVED, RetrievedMenus
from predictors.router.similarity import ItemSimilarity
from tests.conftest import TOPICS, write, write_topic_library


@pytest.fixture
def library(tmp_path) -> Library:
    ai = tmp_path / ".ai"
    write_topic_library(ai)
    return Library(ai, None)


def ids(items) -> list[str]:
    return [i.id for i in items]


def test_words_find_items_anywhere_in_the_library(library: Library) -> None:
    retriever = Retriever(library)
    assert set(ids(retriever.rank("process my telescope files", k=2))) == {
        "telescope_tool", "telescope_flow"}
    # The word being typed matches the words it begins.
    assert set(ids(retriever.rank("the aquar", k=2))) == {"aquarium_tool", "aquarium_flow"}
    # A word every item has ("files", "workflow") weighs less than the one that tells them apart.
    assert ids(retriever.rank("the chess workflow", k=1)) == ["chess_flow"]


def test_a_changed_library_is_read_again(library: Library) -> None:
    retriever = Retriever(library)
    assert "kayak_tool" not in ids(retriever.rank("kayak", k=3))
    write(library.roots[0].path / "scripts" / "kayak_tool.py", '"""Plan kayak trips."""\n')
    library.refresh()
    retriever.refresh()
    assert ids(retriever.rank("kayak", k=1)) == ["kayak_tool"]


@pytest.mark.slow
def test_meaning_finds_items_the_words_do_not_name(library: Library) -> None:
    from predictors.runtime.embeddings import shared_embedder

    embedder = shared_embedder()
    embedder.wait()
    retriever = Retriever(library, ItemSimilarity(embedder))
    assert "telescope_tool" in ids(retriever.rank("stargazing at night, planets and stars", k=4))


def test_a_large_librarys_menu_holds_what_the_text_points_at(library: Library) -> None:
    items = library.items()
    assert item_capacity(items) < len(items)
    menus = RetrievedMenus(Retriever(library))
    assert menus.active()
    for topic in TOPICS[::7]:
        menu = menus.menu_for(None, f"run the {topic} workflow", ())
        assert f"{topic}_flow" in ids(menu.items)
        assert menus.covers(menu, f"run the {topic} workflow", ())
    # The same text makes the same menu (the prompt's cache stays valid), and a text pointing
    # elsewhere needs another.
    first = menus.menu_for(None, "budget", ())
    assert menus.menu_for(None, "budget", ()) is first
    assert not menus.covers(first, "run the chess workflow", ())
    assert len(first.items) >= RETRIEVED


def test_an_items_inputs_are_words_it_is_found_by(library: Library) -> None:
    write(library.roots[0].path / "scripts" / "convert_length.py", '''"""Convert a distance."""
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--value", type=float, required=True)
parser.add_argument("--to_unit", choices=["km", "mi", "ft"], help="unit to convert into")
''')
    write(library.roots[0].path / "scripts" / "distance_log.py", '"""Log a distance run."""\n')
    library.refresh()
    retriever = Retriever(library)
    # "miles" and "kilometres" are the words for its choices `mi` and `km`.
    assert ids(retriever.rank("26.2 miles in kilometres", k=1)) == ["convert_length"]


def test_the_retrievers_score_is_evidence_on_each_item_line_of_a_menu(library: Library) -> None:
    retriever = Retriever(library)
    menus = RetrievedMenus(retriever)
    menu = menus.menu_for(None, "process my telescope files", [])
    evidence = retrieved(menu, retriever, "process my telescope files")
    scores = retriever.scores("process my telescope files")
    on_menu = [scores[retriever.positions[d.item.key]] for d in menu.decisions if d.item]
    for d, decision in enumerate(menu.decisions):
        if decision.item is None:
            assert evidence[d] == 0.0  # a search or none is not ranked by the retriever
        else:
            # How far below the menu's best item the retriever puts this one.
            assert evidence[d] == pytest.approx(
                scores[retriever.positions[decision.item.key]] - max(on_menu))
    best = [d.item.id for d, e in zip(menu.decisions, evidence, strict=True) if d.item and e == 0]
    assert best and all(i.startswith("telescope_") for i in best)
    assert min(evidence) < 0


def test_a_request_that_points_back_leans_on_the_conversation() -> None:
    from predictors.router.similarity import LEANING, leaning

    assert leaning("do it") == 0.5  # terse: the conversation weighs as much as the words
    long_new = "check the water quality readings of the north tank for the whole of last month"
    assert leaning(long_new) < 0.2
    assert leaning(long_new + " and then the same for the south tank") == LEANING


@pytest.mark.slow
def test_a_long_follow_up_finds_the_item_of_the_turn_it_points_back_at(library: Library) -> None:
    from predictors.runtime.embeddings import shared_embedder

    embedder = shared_embedder()
    embedder.wait()
    retriever = Retriever(library, ItemSimilarity(embedder))
    history = ["look at the telescope pictures of the andromeda galaxy from last night"]
    text = "great, now do the same with the ones we took on Saturday and Sunday, at full size"
    assert ids(retriever.rank(text, history, k=1))[0].startswith("telescope_")
    # Without the turn before, the words point elsewhere (the days: the calendar).
    assert not ids(retriever.rank(text, (), k=1))[0].startswith("telescope_")


@pytest.mark.slow
def test_copies_of_one_job_leave_room_in_the_menu_for_the_item_the_text_means(tmp_path) -> None:
    from predictors.runtime.embeddings import shared_embedder

    scripts = tmp_path / ".ai" / "scripts"
    for topic in TOPICS[:12]:
        write(scripts / f"{topic}_tool.py", f'"""Process {topic} files."""\n')
    ways = ["the legacy way", "for the archive", "for the night shift", "in bulk", "by email",
            "for the weekend", "with a summary", "quietly", "for the audit", "as a draft"]
    for n, way in enumerate(ways):
        write(scripts / f"supply_reorder_v{n}.py",
              f'"""Reorder grooming supplies from a supplier {way}.\n\nTags: supplies, '
              'ordering, stock\n"""\n')
    write(scripts / "restock_orders.py",
          '"""Draft purchase orders for the products below their reorder point."""\n')
    library = Library(tmp_path / ".ai", None)
    embedder = shared_embedder()
    embedder.wait()
    retriever = Retriever(library, ItemSimilarity(embedder))
    text = "what do we need to reorder? draft the POs"
    copies = [i for i in ids(retriever.rank(text, k=RETRIEVED)) if i.startswith("supply_")]
    assert retriever.by_meaning
    assert len(copies) > 2  # by score alone, the copies fill the tail
    menus = RetrievedMenus(retriever)
    assert menus.active()
    held = ids(menus.menu_for(None, text, ()).items)
    assert "restock_orders" in held
    # Two of a kind stay, side by side: the model shares their confidence.
    assert len([i for i in held if i.startswith("supply_")]) == 2
