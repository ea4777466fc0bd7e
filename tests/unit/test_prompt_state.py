"""The input line's state, driven without an App: what Enter does at each confidence, which
predictions are shown or dropped, history recall, dismissal and hand-off."""

from __future__ import annotations

from kiwi_term.calls import ToolCall
from kiwi_term.ui.prompt_state import PromptState, Thresholds
from predictors.router.base import Prediction, RouteResult

RUN = ToolCall("execute", {"item_type": "script", "item_id": "csv_parser", "action": "run"})
LOAD = ToolCall("load", {"item_type": "script", "item_id": "csv_parser"})


def result(text: str, confidence: float = 0.9) -> RouteResult:
    return RouteResult(text, (Prediction(RUN, confidence), Prediction(LOAD, 0.05)))


def shown(state: PromptState, text: str, confidence: float, settled: bool = True,
          seq: int = 1) -> RouteResult:
    """The state after `text` was typed and its prediction arrived and was shown."""
    state.text_changed(text)
    made = result(text, confidence)
    assert state.arrived(made, seq, settled, text).show
    state.shown = made
    return made


def test_enter_runs_asks_or_hands_over_by_the_settled_confidence() -> None:
    state = PromptState(Thresholds(auto=0.85, confirm=0.6))
    shown(state, "run csv", 0.9)
    assert state.enter("run csv").action == "run"
    shown(state, "run csv", 0.7)
    assert state.enter("run csv").action == "confirm"
    shown(state, "run csv", 0.3)
    assert state.enter("run csv").action == "orchestrate"
    assert state.enter("   ").action == "nothing"
    assert state.enter("/persona terse").action == "persona"


def test_a_sure_item_with_unsure_values_is_asked_about_not_run_or_handed_on() -> None:
    state = PromptState(Thresholds(auto=0.85, confirm=0.6))
    text = "resize the holiday pictures"
    state.text_changed(text)
    filled = ToolCall("execute", {**RUN.arguments, "params": {"folder": "holiday"}})
    # The item is 95% sure; with the value the model read, the whole call is 40% sure.
    made = RouteResult(text, (Prediction(filled, 0.4, 0.95), Prediction(LOAD, 0.03)))
    assert state.arrived(made, 1, True, text).show
    state.shown = made
    assert state.enter(text).action == "confirm"
    assert state.sure(text)  # Ctrl+E overrides a sure item
    # An unsure item stays handed on, whatever its values.
    made = RouteResult(text, (Prediction(filled, 0.3, 0.5),))
    assert state.arrived(made, 2, True, text).show
    state.shown = made
    assert state.enter(text).action == "orchestrate"


def test_enter_before_the_settled_prediction_waits_for_it_then_decides() -> None:
    state = PromptState()
    shown(state, "run csv", 0.95, settled=False)
    decision = state.enter("run csv", router_ready=True)
    assert decision.action == "wait" and state.pending_enter == "run csv"
    # The settled prediction arrives: Enter is decided again on it.
    arrival = state.arrived(result("run csv", 0.4), 2, True, "run csv")
    assert arrival.show and arrival.enter and not arrival.keystroke
    assert state.pending_enter is None
    # Without a ready router, the prediction on screen is all there is.
    other = PromptState()
    shown(other, "run csv", 0.95, settled=False)
    assert other.enter("run csv", router_ready=False).action == "run"


def test_a_typed_change_cancels_a_waiting_enter() -> None:
    state = PromptState()
    shown(state, "run csv", 0.95, settled=False)
    state.enter("run csv", router_ready=True)
    state.text_changed("run csv!")
    assert state.pending_enter is None
    assert not state.arrived(result("run csv"), 2, True, "run csv!").enter


def test_a_confirmation_and_a_moved_highlight_run_what_they_name() -> None:
    state = PromptState()
    made = shown(state, "run csv", 0.7)
    asked = made.predictions[1]
    assert state.enter("run csv", asked=asked) == state.enter("run csv", asked=asked)
    assert state.enter("run csv", asked=asked).index == 1
    assert state.enter("run csv", asked=asked).action == "confirmed"
    highlighted = state.enter("run csv", highlight=1)
    assert highlighted.action == "highlighted" and highlighted.index == 1


def test_predictions_for_other_texts_are_dropped_and_counted() -> None:
    state = PromptState()
    state.text_changed("run csv files")
    assert not state.arrived(result("run csv"), 1, False, "run csv files").show
    assert state.stale_dropped == 1
    assert state.predictions.get("run csv") is not None  # kept: Backspace shows it at once
    cached, wanted = state.text_changed("run csv")
    assert cached is not None and wanted  # shown now, and predicted again (not settled yet)
    state.arrived(result("run csv"), 2, True, "run csv")
    assert state.text_changed("run csv") == (state.predictions.get("run csv"), False)


def test_predictions_made_before_a_turn_are_not_kept() -> None:
    state = PromptState()
    state.text_changed("run csv")
    state.turn_finished(submitted=5)
    state.arrived(result("run csv"), 5, True, "run csv")
    assert state.predictions.get("run csv") is None
    state.arrived(result("run csv"), 6, True, "run csv")
    assert state.predictions.get("run csv") is not None


def test_esc_dismisses_a_text_until_it_changes() -> None:
    state = PromptState()
    shown(state, "run csv", 0.9)
    state.dismiss("run csv")
    assert state.current("run csv") is None
    assert not state.arrived(result("run csv"), 2, True, "run csv").show
    assert state.enter("run csv", router_ready=True).action == "orchestrate"
    state.text_changed("run csvs")
    assert state.dismissed is None


def test_up_and_down_walk_the_history_only_from_an_empty_or_recalled_input() -> None:
    state = PromptState()
    for text in ("first", "second", "second"):
        state.remember(text)
    assert state.history == ["first", "second"]
    assert state.older("typing") is None  # Up moves the highlight while typing
    assert state.older("") == "second"
    state.text_changed("second")
    assert state.older("second") == "first"
    state.text_changed("first")
    assert state.older("first") == "first"  # the oldest stays
    assert state.newer() == "second"
    state.text_changed("second")
    assert state.newer() == "" and state.recall is None
    assert state.newer() is None
    state.older("")
    state.text_changed("second, edited")
    assert state.recall is None


def test_a_handed_off_texts_late_prediction_shows_while_the_input_is_empty() -> None:
    state = PromptState()
    state.text_changed("parse this csv")
    state.remember("parse this csv")
    state.text_changed("")
    state.handoff = "parse this csv"
    late = result("parse this csv")
    arrival = state.arrived(late, 1, True, "")
    assert arrival.show and arrival.handoff
    state.shown = late
    assert state.current("") is late
    assert state.current("something else") is None
