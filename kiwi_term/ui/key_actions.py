"""What the terminal's keys do: Tab, Alt+N, Enter (by confidence), Ctrl+E, Up/Down, Esc.

The bindings are declared on the app, where the footer reads them, and its actions call this
controller. What the input line means is `PromptState`; this turns its decisions into runs,
questions and replies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from textual.suggester import SuggestionReady

from kiwi_term.ui.conversation import OrchestratorController
from kiwi_term.ui.prompt import PromptInput
from kiwi_term.ui.prompt_state import HISTORY_SENT, PromptState
from kiwi_term.ui.record import Recorder
from kiwi_term.ui.runs import RunController
from kiwi_term.ui.status import StatusBar
from kiwi_term.ui.suggestions import ConfirmBar, SuggestionsPanel
from kiwi_term.ui.surface import Surface
from predictors.loop import RoutingLoop
from predictors.router.base import RouteResult


class KeySurface(Surface, Protocol):
    """What the keys ask of the screen beyond a controller's needs."""

    def bell(self) -> None:
        """Ring the terminal's bell: the key does nothing here."""

    def focus_next_widget(self) -> None:
        """Move the focus on, as Tab does where it runs nothing."""

    def refresh_orchestrator_state(self) -> None:
        """Read the orchestrator's state into the status bar."""


@dataclass
class Widgets:
    """The widgets the keys read and change."""

    prompt: PromptInput
    panel: SuggestionsPanel
    confirm: ConfirmBar
    status: StatusBar


class KeyActions:
    """The actions behind the app's key bindings."""

    def __init__(self, state: PromptState, widgets: Widgets, surface: KeySurface,
                 runs: RunController, conversation: OrchestratorController,
                 recorder: Recorder, loop: RoutingLoop | None,
                 personas: Callable[[], Sequence[str]],
                 warm_items: Callable[[], Sequence[tuple[str, str, str]]]) -> None:
        self.state = state
        self.widgets = widgets
        self.surface = surface
        self.runs = runs
        self.conversation = conversation
        self.recorder = recorder
        self.loop = loop
        self.personas = personas
        """The names of the configured personas."""
        self.warm_items = warm_items
        """The warm items as the routing loop last reported them."""

    @property
    def value(self) -> str:
        """The input's text."""
        return self.widgets.prompt.value

    def current(self) -> RouteResult | None:
        """The prediction on screen, if it is for the text in the input."""
        return self.state.current(self.value)

    def _record_shown(self, result: RouteResult) -> int | None:
        return self.recorder.shown(result, self.state.recent(), self.widgets.status.facts.cache)

    def accept_top(self) -> None:
        """Tab: run the top prediction; with none, Tab moves the focus as usual."""
        result = self.current()
        if result is None or not result.predictions:
            self.surface.focus_next_widget()
            return
        self.accept(0, "accepted_tab", "Tab")

    def accept_number(self, number: int) -> None:
        """Alt+N: run the Nth prediction."""
        result = self.current()
        if result is None or number > len(result.predictions):
            self.surface.bell()
            return
        self.accept(number - 1, "accepted_alt", f"Alt+{number}")

    def accept(self, index: int, action: str, label: str) -> None:
        """Run one of the predictions on screen and record what the user did."""
        result = self.current()
        if result is None:
            return
        if self.runs.running:
            self.surface.note("one call at a time: Esc cancels the running one")
            return
        prediction = result.predictions[index]
        shown = self._record_shown(result)
        self.recorder.action(shown, action, rank=index + 1, call=prediction.call.to_dict())
        text = result.text  # the input's text, or a handed-off one the input no longer holds
        self.state.handoff = None
        self.remember(text)
        self.runs.start(prediction.call, text, chosen_by="router", label=label,
                        confidence=prediction.confidence, router_ms=result.latency_ms,
                        prediction_id=shown)

    def remember(self, text: str) -> None:
        """Add a submitted text to the history and clear the input (then let in any keys typed
        after Enter)."""
        self.state.remember(text)
        self.widgets.prompt.value = ""
        self.widgets.prompt.release()

    def submit(self, settled: bool = False) -> None:
        """Enter: run, confirm, or hand to the orchestrator, by the top prediction's confidence.

        ≥ auto threshold runs at once; ≥ confirm threshold asks first (Enter again runs it);
        below, or with no prediction, the orchestrator gets the text. A highlight moved with
        Up/Down is an explicit choice and runs as is.
        """
        text, panel, loop = self.value, self.widgets.panel, self.loop
        decision = self.state.enter(
            text, asked=self.widgets.confirm.prediction,
            highlight=panel.highlighted if panel.moved else None,
            router_ready=loop is not None and loop.state == "ready", settled=settled)
        action = decision.action
        if action == "wait":
            # What is typed before the settled prediction comes belongs to the next request.
            self.widgets.prompt.hold()
        else:
            self.widgets.prompt.release()
        if action == "persona":
            self.widgets.prompt.value = ""
            self.choose_persona(text.strip().split()[1:])
        elif action == "confirmed":
            self.widgets.confirm.dismiss()
            self.accept(decision.index, "confirmed", "confirmed")
        elif action == "highlighted" or action == "run":
            self.accept(decision.index, "accepted_enter", "Enter")
        elif action == "wait" and loop is not None:
            loop.submit(text, self.state.recent(), settled=True)
            self.surface.set_activity("waiting for the router… (Ctrl+E asks the orchestrator)")
        elif action == "confirm":
            result = self.current()
            if result is not None and result.top is not None:
                self.widgets.confirm.ask(result.top)
        elif action == "orchestrate":
            self.orchestrate(text, self.current(), "orchestrator")

    def choose_persona(self, words: list[str]) -> None:
        """`/persona NAME` fixes the orchestrator's persona; `/persona` alone lets it choose."""
        names = sorted(self.personas())
        if not words:
            self.conversation.persona = None
            self.surface.note("persona: chosen for each request by what it asks")
        elif words[0] in names:
            self.conversation.persona = words[0]
            self.surface.note(f"persona: {words[0]} for every request from now on")
        else:
            known = ", ".join(names) or "none defined: add [personas.NAME] tables to config.toml"
            self.surface.note(f"no persona {words[0]!r} (personas: {known})")

    def force_orchestrator(self) -> None:
        """Ctrl+E: the orchestrator gets the text, whatever the router says."""
        text = self.value
        if not text.strip():
            self.surface.note("Type a request first; Ctrl+E sends it to the orchestrator.")
            return
        action = "overridden" if self.state.sure(text) else "orchestrator"
        self.orchestrate(text, self.current(), action)

    def orchestrate(self, text: str, result: RouteResult | None, action: str) -> None:
        """Send the text to the orchestrator (or say that none is configured)."""
        self.surface.set_activity("")
        if not self.conversation.available:
            self.surface.note("No orchestrator configured: the text stays in the input.",
                              [self.conversation.unavailable_message()])
            return
        if result is not None:
            self.recorder.action(self._record_shown(result), action)
        if self.conversation.ask(text, result, self.warm_items()) is None:
            return
        self.surface.refresh_orchestrator_state()
        self.remember(text)
        # The router may not have answered for this text yet (still loading, say): if its
        # prediction arrives while the orchestrator streams, it is shown and Tab runs it.
        self.state.handoff = text if result is None or result.text != text else None
        if self.state.handoff and self.loop is not None:
            self.loop.submit(text, self.state.history[-HISTORY_SENT - 1:-1], settled=True)

    def up(self) -> None:
        """Up: on an empty input (or a recalled one), older history; else move the highlight."""
        recalled = self.state.older(self.value)
        if recalled is None:
            self.widgets.panel.move(-1)
        elif recalled != self.value:
            self._put(recalled)

    def down(self) -> None:
        """Down: newer history while recalling; else move the highlight."""
        recalled = self.state.newer()
        if recalled is None:
            self.widgets.panel.move(1)
        else:
            self._put(recalled)

    def _put(self, text: str) -> None:
        self.widgets.prompt.value = text
        self.widgets.prompt.cursor_position = len(text)

    def escape(self) -> None:
        """Esc: drop the question, else the suggestions, else stop what is running."""
        result = self.current()
        if self.widgets.confirm.prediction is not None:
            self.widgets.confirm.dismiss()
            self._ignored(result)
        elif result is not None:
            self.state.dismiss(result.text)
            self._ignored(result)
            self.widgets.panel.clear()
            self.widgets.prompt.post_message(SuggestionReady(result.text, ""))
        elif self.runs.cancel() or self.conversation.cancel():
            self.surface.set_activity("cancelling…")

    def _ignored(self, result: RouteResult | None) -> None:
        if result is not None:
            self.recorder.action(self._record_shown(result), "ignored")
