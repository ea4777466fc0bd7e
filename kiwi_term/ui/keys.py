"""What each key does: Tab, Alt+N, Enter (by confidence), Ctrl+E, Up/Down, Esc, feedback.

A mixin of the app; the bindings themselves are declared on the app, where the footer reads them.
Actions are found by name, so a mixin serves as well as the app class itself.
"""

from __future__ import annotations

from typing import Any

from textual.suggester import SuggestionReady

from predictors.base import RouteResult

HISTORY_SENT = 8
"""Earlier turns handed to the router with each text (it reads the last two)."""


class KeyActions:
    """The actions behind the app's key bindings."""

    history: list[str]
    _recall: int | None
    _dismissed: str | None
    _pending_enter: str | None
    config: Any

    def action_accept_top(self) -> None:
        """Tab: run the top prediction; with none, Tab moves the focus as usual."""
        result = self.current_result()
        if result is None or not result.predictions:
            self.screen.focus_next()
            return
        self.accept(0, "accepted_tab", "Tab")

    def action_accept(self, number: int) -> None:
        """Alt+N: run the Nth prediction."""
        result = self.current_result()
        if result is None or number > len(result.predictions):
            self.bell()
            return
        self.accept(number - 1, "accepted_alt", f"Alt+{number}")

    def accept(self, index: int, action: str, label: str) -> None:
        """Run one of the predictions on screen and record what the user did."""
        result = self.current_result()
        if result is None:
            return
        if self.runs:
            self.note("one call at a time: Esc cancels the running one")
            return
        prediction = result.predictions[index]
        shown = self.recorder.shown(result, tuple(self.history[-HISTORY_SENT:]),
                                    self.status.facts.cache)
        self.recorder.action(shown, action, rank=index + 1, call=prediction.call.to_dict())
        text = result.text  # the input's text, or a handed-off one the input no longer holds
        self.handoff = None
        self.remember(text)
        self.start_call(prediction.call, text, chosen_by="router", label=label,
                        confidence=prediction.confidence, router_ms=result.latency_ms,
                        prediction_id=shown)

    def choose_persona(self, words: list[str]) -> None:
        """`/persona NAME` fixes the orchestrator's persona; `/persona` alone lets it choose."""
        names = sorted(self.config.section("personas"))
        self.prompt.value = ""
        if not words:
            self.persona = None
            self.note("persona: chosen for each request by what it asks")
        elif words[0] in names:
            self.persona = words[0]
            self.note(f"persona: {words[0]} for every request from now on")
        else:
            known = ", ".join(names) or "none defined: add [personas.NAME] tables to config.toml"
            self.note(f"no persona {words[0]!r} (personas: {known})")

    def action_submit(self, settled: bool = False) -> None:
        """Enter: run, confirm, or hand to the orchestrator, by the top prediction's confidence.

        ≥ auto threshold runs at once; ≥ confirm threshold asks first (Enter again runs it);
        below, or with no prediction, the orchestrator gets the text. A highlight moved with
        Up/Down is an explicit choice and runs as is.
        """
        text = self.prompt.value
        if not text.strip():
            return
        if text.strip().split()[0] == "/persona":
            self.choose_persona(text.strip().split()[1:])
            return
        result = self.current_result()
        if self.confirm.prediction is not None and result is not None:
            prediction = self.confirm.prediction
            self.confirm.dismiss()
            self.accept(result.predictions.index(prediction), "confirmed", "confirmed")
            return
        if result is not None and self.panel.moved:
            self.accept(self.panel.highlighted, "accepted_enter", "Enter")
            return
        settled = settled or self.predictions.settled(text)
        if not settled and self._router_can_answer(text):
            # Enter acts, so typing is over: decide on the settled prediction of the whole text
            # (the one the thresholds were calibrated on), which the router makes at once.
            self._pending_enter = text
            self.router_loop.submit(text, tuple(self.history[-HISTORY_SENT:]), settled=True)
            self.set_activity("waiting for the router… (Ctrl+E asks the orchestrator)")
            return
        top = result.top if result is not None else None
        if top is not None and top.confidence >= self.config.auto_threshold:
            self.accept(0, "accepted_enter", "Enter")
        elif top is not None and top.confidence >= self.config.confirm_threshold:
            self.confirm.ask(top)
        else:
            self.orchestrate(text, result, "orchestrator")

    def _router_can_answer(self, text: str) -> bool:
        loop = self.router_loop
        # Only a ready router is about to answer; while it loads, "no prediction" is the truth.
        return loop is not None and loop.state == "ready" and text != self._dismissed

    def action_orchestrate(self) -> None:
        """Ctrl+E: the orchestrator gets the text, whatever the router says."""
        text = self.prompt.value
        if not text.strip():
            self.note("Type a request first; Ctrl+E sends it to the orchestrator.")
            return
        result = self.current_result()
        top = result.top if result is not None else None
        sure = top is not None and top.confidence >= self.config.confirm_threshold
        self.orchestrate(text, result, "overridden" if sure else "orchestrator")

    def orchestrate(self, text: str, result: RouteResult | None, action: str) -> None:
        """Send the text to the orchestrator (or say that none is configured)."""
        self.set_activity("")
        if self.orchestrator is None or self.orchestrator.state == "none":
            self.note("No orchestrator configured: the text stays in the input.",
                      [self.no_orchestrator_message()])
            return
        if result is not None:
            shown = self.recorder.shown(result, tuple(self.history[-HISTORY_SENT:]),
                                        self.status.facts.cache)
            self.recorder.action(shown, action)
        if self.ask_orchestrator(text, result) is not None:
            self.remember(text)
            # The router may not have answered for this text yet (still loading, say): if its
            # prediction arrives while the orchestrator streams, it is shown and Tab runs it.
            self.handoff = text if result is None or result.text != text else None
            if self.handoff and self.router_loop is not None:
                self.router_loop.submit(text, tuple(self.history[-HISTORY_SENT - 1:-1]),
                                        settled=True)

    def action_up(self) -> None:
        """Up: on an empty input (or a recalled one), older history; else move the highlight."""
        if self.prompt.value == "" or self._recall is not None:
            if not self.history:
                return
            index = len(self.history) - 1 if self._recall is None else max(0, self._recall - 1)
            self._recall_to(index)
        else:
            self.panel.move(-1)

    def action_down(self) -> None:
        """Down: newer history while recalling; else move the highlight."""
        if self._recall is not None:
            if self._recall + 1 < len(self.history):
                self._recall_to(self._recall + 1)
            else:
                self._recall = None
                self.prompt.value = ""
        else:
            self.panel.move(1)

    def _recall_to(self, index: int) -> None:
        self._recall = index
        self.prompt.value = self.history[index]
        self.prompt.cursor_position = len(self.prompt.value)

    def action_escape(self) -> None:
        """Esc: drop the question, else the suggestions, else stop what is running."""
        result = self.current_result()
        if self.confirm.prediction is not None:
            self.confirm.dismiss()
            self._ignored(result)
        elif result is not None:
            self._dismissed = result.text
            self._ignored(result)
            self.panel.clear()
            self.prompt.post_message(SuggestionReady(result.text, ""))
        elif self.cancel_runs() or self.cancel_turns():
            self.set_activity("cancelling…")

    def _ignored(self, result: RouteResult | None) -> None:
        if result is not None:
            shown = self.recorder.shown(result, tuple(self.history[-HISTORY_SENT:]),
                                        self.status.facts.cache)
            self.recorder.action(shown, "ignored")

    def action_feedback(self, good: bool) -> None:
        """Ctrl+G / Ctrl+N: mark the last result good or bad in the interaction log."""
        if not self.recorder.enabled:
            self.notify("The interaction log is off, so feedback is not recorded.")
            return
        if self.feedback_target is None:
            self.notify("Nothing has run yet to mark.")
            return
        self.recorder.feedback(good, self.feedback_target[1])
        self.notify(f"Marked the last result {'good' if good else 'bad'}.")
