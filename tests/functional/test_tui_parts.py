"""The UI's parts that need no screen: the router thread's mailbox, the saved session, the
prediction cache and the ghost text. Fast; the app-level behaviour is in test_tui.py."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from context_cache.warm import WarmCache
from kiwi_term.calls import ToolCall
from kiwi_term.core import Kiwi
from kiwi_term.ui.messages import PredictionReady, RouterStateChanged, WarmCacheChanged
from kiwi_term.ui.prompt import PredictionCache, ghost_for
from kiwi_term.ui.router_worker import RouterLoop
from kiwi_term.ui.session import Entry, Session, SessionStore
from predictors.base import Prediction, Router, RouteResult

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
    loop = RouterLoop(router, WarmCache(kiwi.library), messages.append, settle_after=0.2)
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
    wait(lambda: any(isinstance(m, PredictionReady) and m.result.text == typed and m.settled
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
    states = [m.state for m in messages if isinstance(m, RouterStateChanged)]
    assert states[:3] == ["loading", "priming", "ready"]


def test_turns_reach_the_warm_cache_then_the_router_primes(project: Path, put):
    put(project / ".ai" / "scripts" / "csv_parser.py", '"""Parse CSV files."""\n')
    router = SlowRouter()
    loop, thread, messages = run_loop(router, project)
    wait(lambda: loop.state == "ready")
    loop.turn("run the csv parser", ("script", "csv_parser"), ("run the csv parser",))
    wait(lambda: loop.stats.turns == 1)
    wait(lambda: any(isinstance(m, WarmCacheChanged) and m.state == "hot" for m in messages))
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
    fault = next(m for m in messages if isinstance(m, RouterStateChanged)
                 and m.state == "unavailable")
    assert "/nowhere.gguf" in fault.reason


def test_the_session_is_saved_atomically_and_a_damaged_file_is_set_aside(tmp_path: Path):
    store = SessionStore(tmp_path / "project", folder=tmp_path / "sessions")
    session = Session([Entry("call", text="hi", title="load(script, x)", status="ok",
                             lines=["script x: does x"])], ["hi"], [("hi", ("script", "x"))])
    store.save(session)
    assert [p.name for p in store.path.parent.iterdir()] == [store.path.name]  # no temp left
    again = SessionStore(tmp_path / "project", folder=tmp_path / "sessions").load()
    assert again.entries == session.entries and again.history == ["hi"]
    assert again.turns == [("hi", ("script", "x"))]
    store.path.write_text("{not json")
    damaged = SessionStore(tmp_path / "project", folder=tmp_path / "sessions")
    assert damaged.load() == Session() and "unreadable" in damaged.problem
    assert store.path.with_suffix(".bad").is_file()


def test_the_prediction_cache_is_bounded_and_the_ghost_fits_or_is_left_out():
    cache = PredictionCache(size=3)
    for n in range(10):
        cache.put(RouteResult(f"text {n}", (Prediction(CALL, 0.5),)))
    assert len(cache) == 3 and cache.get("text 9") and cache.get("text 0") is None
    settled = RouteResult("text 9", (Prediction(CALL, 0.8),))
    cache.put(settled, settled=True)
    cache.put(RouteResult("text 9", (Prediction(CALL, 0.2),)), settled=False)
    assert cache.get("text 9") is settled and cache.settled("text 9")
    result = RouteResult("run csv", (Prediction(CALL, 0.91),))
    wide = ghost_for(result, 80)
    assert wide.startswith("run csv") and "execute(script, csv_parser)" in wide and "91%" in wide
    narrow = ghost_for(result, 40)
    assert narrow is not None and "91%" not in narrow
    assert ghost_for(result, 20) is None
    assert ghost_for(RouteResult("run csv"), 80) is None


def test_a_key_that_acts_asks_for_the_settled_prediction_at_once(project: Path):
    router = SlowRouter()
    loop, thread, messages = run_loop(router, project)
    wait(lambda: loop.state == "ready")
    loop.settle_after = 60.0  # no pause-driven settling in this test
    loop.submit("find email", settled=True)
    wait(lambda: any(isinstance(m, PredictionReady) and m.settled for m in messages))
    loop.stop()
    thread.join(5)
    assert router.texts == ["find email"] and router.settled == [True]
