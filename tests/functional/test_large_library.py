"""A library larger than the router's menu: the menu follows the text, and a settled text is
predicted on a menu holding the items it names."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from context_cache.warm import WarmCache
from kiwi_term.primitives import Kiwi
from predictors.loop import PredictionMade, RoutingLoop
from predictors.measure.driver import LoopDriver
from predictors.router.keystroke import KeystrokeRouter
from predictors.router.menu import item_capacity
from predictors.router.similarity import ItemSimilarity
from predictors.runtime.embeddings import shared_embedder
from tests.conftest import TOPICS, write_topic_library

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kiwi(tmp_path_factory: pytest.TempPathFactory) -> Kiwi:
    ai = tmp_path_factory.mktemp("large") / ".ai"
    write_topic_library(ai)
    kiwi = Kiwi(ai.parent)
    assert item_capacity(kiwi.library.items()) < len(kiwi.library.items())
    return kiwi


@pytest.fixture(scope="module")
def similarity() -> ItemSimilarity:
    embedder = shared_embedder()
    embedder.wait()
    return ItemSimilarity(embedder)


@pytest.fixture(scope="module")
def router(kiwi: Kiwi, router_model_file: Path, similarity: ItemSimilarity):
    built = KeystrokeRouter(kiwi, model=router_model_file, similarity=similarity)
    built.start()
    yield built
    built.close()


def left_out(cache: WarmCache) -> str:
    """A topic none of whose items the cold menu holds."""
    held = {item.id for item in cache.context().items}
    return next(t for t in TOPICS if f"{t}_tool" not in held and f"{t}_flow" not in held)


def started(loop: RoutingLoop, seconds: float) -> tuple[threading.Thread, float]:
    """Run the loop in a thread until its router is ready; the thread and a deadline
    `seconds` from now."""
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    while loop.state != "ready":
        assert time.monotonic() < deadline, "the router did not start"
        time.sleep(0.01)
    return thread, deadline


def ids(result) -> list[str]:
    return [p.call.arguments.get("item_id") for p in result.predictions]


def test_a_settled_text_is_routed_on_a_menu_holding_what_it_names(
    kiwi: Kiwi, router: KeystrokeRouter, similarity: ItemSimilarity,
) -> None:
    cache = WarmCache(kiwi.library, similarity)
    topic = left_out(cache)
    text = f"process my {topic} files"
    with LoopDriver(router, cache, similarity=similarity) as loop:
        typed = loop.predict(text, (), settled=False)
        # While typing, the menu is the one of the last turn: the item cannot be predicted.
        assert f"{topic}_tool" not in ids(typed)
        settled = loop.predict(text, ())
    assert settled.top is not None
    assert settled.top.call.name == "execute"
    assert settled.top.call.arguments["item_id"] == f"{topic}_tool"
    assert router.large is not None and router.large.live is not None
    assert f"{topic}_tool" in {item.id for item in router.large.live.items}


def test_enter_waits_for_the_menu_to_hold_what_the_text_names(
    kiwi: Kiwi, router: KeystrokeRouter, similarity: ItemSimilarity,
) -> None:
    messages: list = []
    cache = WarmCache(kiwi.library)
    loop = RoutingLoop(router, cache, messages.append, similarity=similarity,
                      settle_after=0.2, close_router=False)
    thread, deadline = started(loop, 60)
    topic = left_out(cache)
    text = f"run the {topic} workflow"
    # A key that acts (Enter) asks for the settled prediction at once, with no pause first.
    seq = loop.submit(text, (), settled=True)
    while not any(isinstance(m, PredictionMade) and m.seq == seq for m in messages):
        assert time.monotonic() < deadline, "no prediction"
        time.sleep(0.01)
    loop.stop()
    thread.join(10)
    ready = next(m for m in messages if isinstance(m, PredictionMade) and m.seq == seq)
    assert ready.settled
    assert ready.result.top is not None
    assert ready.result.top.call.arguments["item_id"] == f"{topic}_flow"


def test_the_menu_follows_the_text_between_keystrokes(
    kiwi: Kiwi, router: KeystrokeRouter,
) -> None:
    """Typed at a typist's pace, the words' items reach the menu before the text settles, and
    no keystroke waits for a menu to be evaluated: the menu is prepared between keystrokes."""
    messages: list = []
    cache = WarmCache(kiwi.library)
    loop = RoutingLoop(router, cache, messages.append, settle_after=None, close_router=False)
    thread, deadline = started(loop, 120)
    topic = left_out(cache)
    text = f"run the {topic} workflow"
    for end in range(1, len(text) + 1):
        loop.submit(text[:end], ())
        time.sleep(0.15)
    while not any(isinstance(m, PredictionMade) and m.result.text == text and m.result.top
                  and m.result.top.call.arguments.get("item_id") == f"{topic}_flow"
                  for m in messages):
        assert time.monotonic() < deadline, "the menu never held what the text names"
        time.sleep(0.05)
    loop.stop()
    thread.join(10)
    predicted = [m for m in messages if isinstance(m, PredictionMade)]
    assert not any(m.settled for m in predicted)
    assert loop.stats.staged >= 1
    menu_tokens = len(router.session.tokenize(router.large.live.prefix))
    # Each keystroke evaluated its own few tokens, never a menu (hundreds).
    assert max(m.result.detail["evaluated_tokens"] for m in predicted) < menu_tokens / 4


def test_a_large_unindexed_library_predicts_while_it_is_indexed(tmp_path: Path,
                                                                router_model_file: Path) -> None:
    """A library of hundreds of items not yet indexed: predictions come from the start (by
    words), the index is built in the background with its progress told, and then meaning
    ranks too."""
    from benchmarks.bury import CORPUS, filler
    from kiwi_term.commands.route import index_in_background
    from kiwi_term.config import Config

    ai = tmp_path / "p" / ".ai"
    write_topic_library(ai)
    (ai / "scripts").mkdir(exist_ok=True)
    for name, text in filler(CORPUS, 540, set()):
        (ai / "scripts" / f"{name}.py").write_text(text)
    kiwi = Kiwi(ai.parent, Config(), user_home=tmp_path / "home" / ".ai")
    embedder = shared_embedder()
    embedder.wait()
    similarity = ItemSimilarity(embedder)
    router = KeystrokeRouter(kiwi, model=router_model_file, similarity=similarity)
    messages: list = []
    loop = RoutingLoop(router, WarmCache(kiwi.library, similarity), messages.append,
                       similarity=similarity, settle_after=None,
                       background=index_in_background(kiwi, similarity))
    thread, deadline = started(loop, 300)
    seen_indexing = []
    text = "process my telescope files"
    for end in range(1, len(text) + 1):
        seen_indexing.append(kiwi.indexing)
        loop.submit(text[:end], ())
        time.sleep(0.1)
    while not any(isinstance(m, PredictionMade) and m.result.text == text for m in messages):
        assert time.monotonic() < deadline, "no prediction while indexing"
        time.sleep(0.05)
    assert any(seen_indexing), "the index was built before typing: nothing was shown"
    done, total = next(i for i in seen_indexing if i)
    assert 0 <= done < total <= len(kiwi.library.items())
    while kiwi.indexing is not None or similarity.stored is None:
        assert time.monotonic() < deadline, "the index was never built"
        time.sleep(0.2)
    loop.submit("process my telescope files now", (), settled=True)
    while not any(isinstance(m, PredictionMade) and m.settled for m in messages):
        assert time.monotonic() < deadline, "no settled prediction"
        time.sleep(0.05)
    loop.stop()
    thread.join(10)
    assert router.large is not None and router.large.retriever.by_meaning
    settled = next(m for m in messages if isinstance(m, PredictionMade) and m.settled)
    assert settled.result.top is not None
    assert settled.result.top.call.arguments["item_id"] == "telescope_tool"
