"""The engine's routing loop: newest text wins, turns reach the warm cache, a settled text is
predicted again, a router that cannot start is reported. The router here is slow on purpose (the
fault the loop exists for: a pass far longer than the gap between keystrokes); the loop, the warm
cache and the library are real."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from context_cache.warm import WarmCache
from kiwi_term.calls import ToolCall
from kiwi_term.errors import KiwiError
from kiwi_term.primitives import Kiwi
from predictors.loop import PredictionMade, RouterStatus, RoutingLoop, WarmItems
from predictors.measure.driver import LoopDriver
from predictors.router.base import Prediction, Router, RouteResult

CALL = ToolCall("execute", {"item_type": "script", "item_id": "csv_parser", "action": "run"})


class SlowRouter(Router):
    """Takes 30 ms a text and records every text it was asked about."""

    name = "slow"

    def __init__(self, fail_start: str = "") -> None:
        self.texts: list[str] = []
        self.settled: list[bool] = []
        self.primed = 0
        self.fail_start = fail_start
        self.closed = False

    def start(self) -> None:
        if self.fail_start:
            raise RuntimeError(self.fail_start)

    def prime(self, warm, history) -> float:
        self.primed += 1
        return 0.0

    def route(self, text, history=(), warm=None, settled=True) -> RouteResult:
        self.texts.append(text)
        self.settled.append(settled)
        time.sleep(0.03)
        return RouteResult(text, (Prediction(CALL, 0.9),), 0.1, 30.0)

    def close(self) -> None:
        self.closed = True


def run_loop(router: Router, project: Path):
    messages: list = []
    kiwi = Kiwi(project)
    loop = RoutingLoop(router, WarmCache(kiwi.library), messages.append, settle_after=0.2)
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    return loop, thread, messages


def wait(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_the_newest_text_wins_and_nothing_stale_is_routed(project: Path):
    router = SlowRouter()
    loop, thread, messages = run_loop(router, project)
    wait(lambda: loop.state == "ready")
    typed = "find the email scripts please"
    for end in range(1, len(typed) + 1):
        loop.submit(typed[:end])
        time.sleep(0.002)
    # Typing paused: the last text is predicted once more, as settled.
    wait(lambda: any(isinstance(m, PredictionMade) and m.result.text == typed and m.settled
                     for m in messages))
    loop.stop()
    thread.join(5)
    assert not thread.is_alive() and router.closed
    assert router.texts[-2:] == [typed, typed] and router.settled[-2:] == [False, True]
    assert len(router.texts) < len(typed) // 2  # most keystrokes were superseded unseen
    assert loop.stats.submitted == len(typed)
    # Every submission was routed or superseded; the settled re-predictions come on top (one,
    # unless the machine paused the typing loop for longer than the settle time).
    resettled = router.settled.count(True)
    assert loop.stats.routed - resettled + loop.stats.superseded == len(typed)
    states = [m.state for m in messages if isinstance(m, RouterStatus)]
    assert states[:3] == ["loading", "priming", "ready"]


def test_turns_reach_the_warm_cache_then_the_router_primes(project: Path, put):
    put(project / ".ai" / "scripts" / "csv_parser.py", '"""Parse CSV files."""\n')
    router = SlowRouter()
    loop, thread, messages = run_loop(router, project)
    wait(lambda: loop.state == "ready")
    loop.turn("run the csv parser", ("script", "csv_parser"), ("run the csv parser",))
    wait(lambda: loop.stats.turns == 1)
    wait(lambda: any(isinstance(m, WarmItems) and m.state == "hot" for m in messages))
    loop.stop()
    thread.join(5)
    assert router.primed == 2  # once at start, once after the turn


def test_a_router_that_cannot_start_reports_why_and_the_loop_keeps_serving(project: Path):
    router = SlowRouter(fail_start="router model not found at /nowhere.gguf")
    loop, thread, messages = run_loop(router, project)
    wait(lambda: loop.state == "unavailable")
    loop.submit("anything")
    loop.turn("anything", None, ())
    wait(lambda: loop.stats.turns == 1)
    loop.stop()
    thread.join(5)
    assert router.texts == []
    fault = next(m for m in messages if isinstance(m, RouterStatus)
                 and m.state == "unavailable")
    assert "/nowhere.gguf" in fault.reason


def test_a_key_that_acts_asks_for_the_settled_prediction_at_once(project: Path):
    router = SlowRouter()
    loop, thread, messages = run_loop(router, project)
    wait(lambda: loop.state == "ready")
    loop.settle_after = 60.0  # no pause-driven settling in this test
    loop.submit("find email", settled=True)
    wait(lambda: any(isinstance(m, PredictionMade) and m.settled for m in messages))
    loop.stop()
    thread.join(5)
    assert router.texts == ["find email"] and router.settled == [True]


class FailingRouter(SlowRouter):
    """Raises on one text, as a router with a broken model file might."""

    def route(self, text, history=(), warm=None, settled=True) -> RouteResult:
        if text == "boom":
            raise RuntimeError("the model file is damaged")
        return super().route(text, history, warm, settled)


def test_the_driver_waits_for_each_answer_and_replays_history_into_the_warm_cache(
        project: Path, put):
    put(project / ".ai" / "scripts" / "csv_parser.py", '"""Parse CSV files."""\n')
    router = SlowRouter()
    kiwi = Kiwi(project)
    cache = WarmCache(kiwi.library)
    with LoopDriver(router, cache) as loop:
        first = loop.predict("parse it", ("parse the csv files",))
        assert first.text == "parse it" and router.settled == [True]
        assert cache.state == "warm"  # the history reached the cache before the text
        loop.predict("parse it again", ("parse the csv files",), settled=False)
        assert router.primed == 2  # at start, then once for the history; not again
        loop.predict("hello", ())
        assert cache.state == "cold" and router.primed == 3
        thread = loop.on_loop(threading.current_thread)
        assert thread is not threading.current_thread()
        # No pause-driven settling: a slow caller's texts are predicted as asked, once each.
        time.sleep(0.2)
    assert router.texts == ["parse it", "parse it again", "hello"]
    assert not router.closed  # the caller's router unless close_router


def test_the_driver_raises_on_a_failed_prediction_and_goes_on(project: Path):
    router = FailingRouter()
    with LoopDriver(router, WarmCache(Kiwi(project).library)) as loop:
        with pytest.raises(KiwiError, match="damaged"):
            loop.predict("boom")
        assert loop.predict("fine").text == "fine"


def test_a_driver_whose_router_cannot_start_says_why(project: Path):
    router = SlowRouter(fail_start="router model not found at /nowhere.gguf")
    with pytest.raises(KiwiError, match="/nowhere.gguf"):
        with LoopDriver(router, WarmCache(Kiwi(project).library)):
            pass
