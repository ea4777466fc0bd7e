"""The UI's parts that need no screen: the saved session, the prediction cache and the ghost
text. Fast; the app-level behaviour is in test_tui.py, the input line's state in
tests/unit/test_prompt_state.py."""

from __future__ import annotations

from pathlib import Path

from kiwi_term.calls import ToolCall
from kiwi_term.ui.prompt import ghost_for
from kiwi_term.ui.prompt_state import PredictionCache
from kiwi_term.ui.session import Entry, Session, SessionStore
from predictors.router.base import Prediction, RouteResult

CALL = ToolCall("execute", {"item_type": "script", "item_id": "csv_parser", "action": "run"})


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
