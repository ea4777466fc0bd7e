"""What the input line means at each moment, apart from any widget.

The terminal's keys depend on a few facts that change as the user types, as predictions arrive
and as turns finish: which prediction belongs to the text in the input, whether Enter is waiting
for a settled prediction, which text Esc dismissed, which earlier text Up recalled, which text
went to the orchestrator before the router had answered. They live here, in one plain object
that the tests drive without an App; the app shows what it decides.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

from predictors.router.base import Prediction, RouteResult

HISTORY_SENT = 8
"""Earlier turns handed to the router with each text (it reads the last two)."""


class PredictionCache:
    """The last few hundred route results by text, so going back to a text shows it at once.

    Cleared after every turn: a result is only valid for the warm items it was made with.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        """Results kept at most; the memory stays bounded however long the user types."""
        self._results: OrderedDict[str, tuple[RouteResult, bool]] = OrderedDict()

    def put(self, result: RouteResult, settled: bool = True) -> None:
        """Remember a result under its text; a settled one is not replaced by one mid-typing."""
        kept = self._results.get(result.text)
        if kept is None or settled or not kept[1]:
            self._results[result.text] = (result, settled)
        self._results.move_to_end(result.text)
        while len(self._results) > self.size:
            self._results.popitem(last=False)

    def get(self, text: str) -> RouteResult | None:
        """The result for exactly this text, if one is kept."""
        kept = self._results.get(text)
        return kept[0] if kept is not None else None

    def settled(self, text: str) -> bool:
        """Whether the kept result for this text was predicted as settled."""
        kept = self._results.get(text)
        return kept is not None and kept[1]

    def clear(self) -> None:
        """Forget every result."""
        self._results.clear()

    def __len__(self) -> int:
        return len(self._results)


@dataclass(frozen=True)
class Arrival:
    """What to do with a prediction that arrived."""

    show: bool
    """Show it: it is for the text in the input, or the late guess for a handed-off text."""
    keystroke: bool = False
    """It was made for a keystroke: its time is the status bar's keystroke time."""
    handoff: bool = False
    """It is the router's late guess for a text the orchestrator already has."""
    enter: bool = False
    """Enter was waiting for this settled prediction: decide Enter again now."""


EnterAction = Literal["nothing", "persona", "confirmed", "highlighted", "wait", "run", "confirm",
                      "orchestrate"]
"""nothing: empty input; persona: a `/persona` command; confirmed: Enter answers the question
asked; highlighted: a highlight moved with Up/Down runs as is; wait: ask the router for the
settled prediction first; run, confirm or orchestrate: by the top prediction's confidence."""


@dataclass(frozen=True)
class EnterDecision:
    """What Enter does."""

    action: EnterAction
    index: int = 0
    """The prediction to run (confirmed, highlighted, run)."""


@dataclass(frozen=True)
class Thresholds:
    """Enter's two confidence thresholds."""

    auto: float = 0.85
    """At or above: Enter runs the top prediction at once."""
    confirm: float = 0.6
    """At or above (and below `auto`): Enter asks first; below: the orchestrator gets the text."""


@dataclass
class PromptState:
    """The input line's state between keystrokes."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    """Enter's thresholds, from the config."""
    predictions: PredictionCache = field(default_factory=PredictionCache)
    """Route results by text, for Backspace and the ghost text."""
    history: list[str] = field(default_factory=list)
    """Texts the user submitted, oldest first."""
    shown: RouteResult | None = None
    """The prediction on screen."""
    recall: int | None = None
    """The index of the history entry Up/Down put in the input, while it is unchanged."""
    pending_enter: str | None = None
    """A text whose Enter waits for its settled prediction."""
    dismissed: str | None = None
    """A text whose suggestions Esc dismissed."""
    handoff: str | None = None
    """A text handed to the orchestrator before the router had predicted it; its late
    prediction is shown (and Tab runs it) while the input stays empty."""
    fresh_after: int = 0
    """Predictions of submissions up to this number were made before the last turn changed the
    warm items: shown if still current, never cached."""
    stale_dropped: int = 0
    """Predictions that arrived for a text no longer in the input, and were dropped."""

    def recent(self) -> tuple[str, ...]:
        """The history the router gets with a text."""
        return tuple(self.history[-HISTORY_SENT:])

    # -- typing and predictions --------------------------------------------------------------

    def text_changed(self, value: str) -> tuple[RouteResult | None, bool]:
        """The input now holds `value`.

        Returns:
            The kept prediction to show at once, if any, and whether the router should predict
            the text (it is not empty and no settled prediction of it is kept).
        """
        self.shown = None
        if self.pending_enter != value:
            self.pending_enter = None
        if self.recall is not None and self.history[self.recall] != value:
            self.recall = None
        if value != self.dismissed:
            self.dismissed = None
        return self.predictions.get(value), bool(value.strip()) and not (
            self.predictions.settled(value))

    def arrived(self, result: RouteResult, seq: int, settled: bool, value: str) -> Arrival:
        """A prediction arrived while the input holds `value`; `seq` is its submission's number.
        """
        if seq > self.fresh_after:
            self.predictions.put(result, settled)
        if self.handoff == result.text and not value and result.predictions:
            return Arrival(show=True, handoff=True)
        if result.text != value or result.text == self.dismissed:
            self.stale_dropped += 1
            return Arrival(show=False)
        enter = self.pending_enter == result.text and settled
        if enter:
            self.pending_enter = None
        return Arrival(show=True, keystroke=not settled, enter=enter)

    def current(self, value: str) -> RouteResult | None:
        """The prediction on screen, if it is for the text in the input (or for a handed-off
        text while the input is empty)."""
        result = self.shown
        if result is None:
            return None
        if result.text == value:
            return result
        handed_off = not value and result.text == self.handoff
        return result if handed_off else None

    # -- keys --------------------------------------------------------------------------------

    def enter(self, value: str, *, asked: Prediction | None = None, highlight: int | None = None,
              router_ready: bool = False, settled: bool = False) -> EnterDecision:
        """What Enter does with `value` in the input.

        Args:
            value: the input's text.
            asked: the prediction of the confirmation question on screen, if any.
            highlight: the prediction the user moved the highlight to, if they did.
            router_ready: the router is ready, so a settled prediction is about to come.
            settled: the prediction on screen is settled (Enter waited for it).
        """
        if not value.strip():
            return EnterDecision("nothing")
        if value.strip().split()[0] == "/persona":
            return EnterDecision("persona")
        result = self.current(value)
        if asked is not None and result is not None and asked in result.predictions:
            return EnterDecision("confirmed", result.predictions.index(asked))
        if result is not None and highlight is not None:
            return EnterDecision("highlighted", highlight)
        settled = settled or self.predictions.settled(value)
        if not settled and router_ready and value != self.dismissed:
            # Enter acts, so typing is over: decide on the settled prediction of the whole text
            # (the one the thresholds were calibrated on), which the router makes at once.
            self.pending_enter = value
            return EnterDecision("wait")
        top = result.top if result is not None else None
        if top is not None and top.confidence >= self.thresholds.auto:
            return EnterDecision("run")
        # The call's values lower its confidence, never its band: an item the router is sure
        # of, with values it is not, is asked about (its values shown), not handed on.
        if top is not None and top.item_sure >= self.thresholds.confirm:
            return EnterDecision("confirm")
        return EnterDecision("orchestrate")

    def sure(self, value: str) -> bool:
        """Whether the top prediction of `value` reaches the confirm threshold (Ctrl+E then
        overrides the router rather than merely asking)."""
        result = self.current(value)
        top = result.top if result is not None else None
        return top is not None and top.item_sure >= self.thresholds.confirm

    def remember(self, text: str) -> None:
        """A text was submitted: it joins the history; the input will be empty."""
        if not self.history or self.history[-1] != text:
            self.history.append(text)
        self.recall = None
        self.dismissed = None

    def older(self, value: str) -> str | None:
        """Up: the history entry to put in the input, or None when Up moves the highlight."""
        if value != "" and self.recall is None:
            return None
        if not self.history:
            return value
        self.recall = len(self.history) - 1 if self.recall is None else max(0, self.recall - 1)
        return self.history[self.recall]

    def newer(self) -> str | None:
        """Down: the newer history entry (or "" past the newest), or None when Down moves the
        highlight."""
        if self.recall is None:
            return None
        if self.recall + 1 < len(self.history):
            self.recall += 1
            return self.history[self.recall]
        self.recall = None
        return ""

    def dismiss(self, text: str) -> None:
        """Esc: the suggestions of `text` go, and stay gone while it is in the input."""
        self.dismissed = text
        self.shown = None

    def turn_finished(self, submitted: int) -> None:
        """A turn ended after `submitted` texts went to the router: the warm items change, so
        earlier predictions are no longer kept."""
        self.fresh_after = submitted
        self.predictions.clear()
