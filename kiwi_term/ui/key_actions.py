"""What the terminal's keys do: Tab, Alt+N, Enter (by confidence), Ctrl+E, Ctrl+P, Up/Down, Esc.

The bindings are declared on the app, where the footer reads them, and its actions call this
controller. What the input line means is `PromptState`; this turns its decisions into runs,
questions and replies.

A run that leaves a required input empty never starts: whichever key accepts it opens the
params editor on that input instead. While the editor is open, Tab moves between its fields and
the keys that run or ask do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from textual.suggester import SuggestionReady

from kiwi_term.calls import ToolCall
from kiwi_term.library.params import missing_inputs
from kiwi_term.ui.conversation import OrchestratorController
from kiwi_term.ui.params_editor import ParamsEditor
from kiwi_term.ui.params_form import ParamsForm
from kiwi_term.ui.prompt import PromptInput
from kiwi_term.ui.prompt_state import HISTORY_SENT, PromptState
from kiwi_term.ui.record import Recorder
from kiwi_term.ui.render import call_head, is_run
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
    editor: ParamsEditor


@dataclass(frozen=True)
class Editing:
    """A suggestion whose params are in the editor, and how the user came to accept it."""

    result: RouteResult
    index: int
    """The prediction's index in the result."""
    action: str
    """What the log records when it runs as proposed (accepted_tab, ...)."""
    label: str
    """How the transcript says it was chosen (Tab, Alt+2, Enter)."""


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
        self.editing: Editing | None = None
        """The suggestion whose params are in the editor, while it is open."""

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
        if self.widgets.editor.is_open:
            self.widgets.editor.action_move(1)
            return
        result = self.current()
        if result is None or not result.predictions:
            self.surface.focus_next_widget()
            return
        self.accept(0, "accepted_tab", "Tab")

    def accept_number(self, number: int) -> None:
        """Alt+N: run the Nth prediction."""
        result = self.current()
        if result is None or number > len(result.predictions) or self.widgets.editor.is_open:
            self.surface.bell()
            return
        self.accept(number - 1, "accepted_alt", f"Alt+{number}")

    def accept(self, index: int, action: str, label: str) -> None:
        """Run one of the predictions on screen and record what the user did; a run that
        leaves a required input empty opens the params editor on it instead."""
        result = self.current()
        if result is None:
            return
        if self.runs.running:
            self.surface.note("one call at a time: Esc cancels the running one")
            return
        call = result.predictions[index].call
        item = self.widgets.panel.item_of(call)
        if item is not None and missing_inputs(item, call.arguments.get("params")):
            self.open_params(Editing(result, index, action, label))
            return
        self._run(Editing(result, index, action, label), call)

    def _run(self, chosen: Editing, call: ToolCall) -> None:
        result, index = chosen.result, chosen.index
        prediction = result.predictions[index]
        shown = self._record_shown(result)
        self.recorder.action(shown, chosen.action, rank=index + 1, call=call.to_dict())
        text = result.text  # the input's text, or a handed-off one the input no longer holds
        self.state.handoff = None
        self.remember(text)
        self.runs.start(call, text, chosen_by="router", label=chosen.label,
                        confidence=prediction.confidence, router_ms=result.latency_ms,
                        prediction_id=shown)

    def edit_params(self) -> None:
        """Ctrl+P: open the params of the top suggestion (or the highlighted one) to edit."""
        result, panel = self.current(), self.widgets.panel
        if self.widgets.editor.is_open:
            return
        if result is None or not result.predictions:
            self.surface.bell()
            return
        index = panel.highlighted if panel.moved else 0
        call = result.predictions[index].call
        if not is_run(call):
            self.surface.note(f"{call_head(call)} has no params: only a run of a script or a "
                              "directive takes them")
            return
        chosen = Editing(result, index, "accepted_enter", "Enter")
        if not self.open_params(chosen):
            self.surface.note(f"{call_head(call)} takes no params · Tab runs it")

    def open_params(self, chosen: Editing) -> bool:
        """Open the editor on a suggestion's params; False when it has none to edit."""
        call = chosen.result.predictions[chosen.index].call
        form = ParamsForm.for_call(call, self.widgets.panel.item_of(call))
        if not form.fields:
            return False
        self.widgets.confirm.dismiss()
        self.editing = chosen
        self.widgets.editor.open(form)
        return True

    def run_edited(self, call: ToolCall, form: ParamsForm) -> None:
        """Enter in the editor: run the edited call; the log marks it corrected when its params
        differ from the proposed ones."""
        chosen = self.editing
        if chosen is None:
            return
        if self.runs.running:
            self.surface.note("one call at a time: Esc cancels the running one")
            return
        self.editing = None
        self.widgets.editor.close()
        if form.edited(call):
            chosen = Editing(chosen.result, chosen.index, "corrected", "edited")
        self._run(chosen, call)

    def close_params(self) -> None:
        """Esc in the editor: close it; nothing runs and the input keeps its text."""
        self.editing = None
        self.widgets.editor.close()

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
        if self.widgets.editor.is_open:
            return  # the editor's own Enter runs its call
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
        if self.widgets.editor.is_open:
            self.surface.bell()
            return
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
        """Esc: close the params editor, else drop the question, else the suggestions, else stop
        what is running."""
        result = self.current()
        if self.widgets.editor.is_open:
            self.close_params()
        elif self.widgets.confirm.prediction is not None:
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
