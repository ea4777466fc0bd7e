"""Asking the user before the model creates, updates, deletes or runs anything.

The orchestrator's worker thread calls `ConsentQuestions.ask` with the exact call and blocks; the
`ConsentBar` above the input shows the call and takes the focus: `y` or Enter approves, `n` or
Esc refuses, once per call. The worker stops waiting (and refuses) as soon as the request is
stopped or reaches its deadline. Questions are answered in the order they were asked.

Keys that are not an answer go on to the input, and so does every key in the first
`ARM_SECONDS` after a question appears: someone typing when it pops up must not approve a call
with the "y" of "yesterday", nor lose what they typed.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Input, Static

from kiwi_term.orchestrator.consent import ConsentRequest
from kiwi_term.ui.messages import ConsentChanged

ARM_SECONDS = 0.4
"""A question ignores answers for this long after it appears (see the module docstring)."""
POLL_SECONDS = 0.05
"""How often a waiting worker looks at the request's stop."""
SHOWN_LINES = 24
"""Lines of the call shown at most; the bar scrolls (Up/Down) for the rest."""


@dataclass
class Question:
    """One call waiting for the user's answer."""

    request: ConsentRequest
    answered: threading.Event = field(default_factory=threading.Event)
    approved: bool = False
    shown_at: float | None = None
    """`time.monotonic()` when the bar first showed it."""


class ConsentQuestions:
    """The questions waiting for an answer; `ask` is the orchestrator's `AskConsent`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: deque[Question] = deque()
        self.changed: Callable[[], object] = lambda: None
        """Called (from any thread) when a question comes or goes; the bar listens."""

    def ask(self, request: ConsentRequest) -> bool:
        """Ask about one call and wait for the answer (worker thread); False when refused or
        when `request.stop` is set first."""
        question = Question(request)
        with self._lock:
            self._waiting.append(question)
        self.changed()
        while not question.answered.wait(POLL_SECONDS):
            if request.stop.is_set():
                break
        with self._lock:
            if question in self._waiting:
                self._waiting.remove(question)
        self.changed()
        return question.approved and question.answered.is_set()

    @property
    def current(self) -> Question | None:
        """The question to show now, or None."""
        with self._lock:
            return self._waiting[0] if self._waiting else None

    def answer(self, approved: bool) -> Question | None:
        """Answer the current question (UI thread); the one answered, or None."""
        with self._lock:
            if not self._waiting:
                return None
            question = self._waiting.popleft()
        question.approved = approved
        question.answered.set()
        self.changed()
        return question


class ConsentBar(Static, can_focus=True):
    """The question above the input: the exact call and the keys that answer it."""

    DEFAULT_CSS = f"""
    ConsentBar {{
        height: auto; max-height: {SHOWN_LINES + 3}; padding: 0 1; display: none;
        overflow-y: auto; background: $error 25%; color: $text;
    }}
    ConsentBar.-shown {{ display: block; }}
    """

    def __init__(self, typed_into: Input, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.questions = ConsentQuestions()
        """The questions waiting; its `ask` is what the orchestrator is given."""
        self.typed_into = typed_into
        """The input that gets keys which are not an answer."""
        self.shown: Question | None = None
        """The question on screen."""
        self._before: Widget | None = None

    def on_mount(self) -> None:
        # The worker's notice comes from its thread; as a message it is handled on this one.
        self.questions.changed = lambda: self.post_message(ConsentChanged())

    def on_consent_changed(self, _message: ConsentChanged) -> None:
        question = self.questions.current
        if question is self.shown:
            return
        self.shown = question
        if question is None:
            self.update("")
            self.remove_class("-shown")
            if self.has_focus:
                (self._before or self.typed_into).focus()
            return
        question.shown_at = question.shown_at or time.monotonic()
        self.update(_render(question.request))
        self.add_class("-shown")
        if not self.has_focus:
            self._before = self.app.focused
            self.focus()

    def on_blur(self) -> None:
        # A question holds the focus until it is answered (Tab must not lose it).
        if self.shown is not None:
            self.call_after_refresh(self.focus)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        question = self.shown
        armed = (question is not None and question.shown_at is not None
                 and time.monotonic() - question.shown_at >= ARM_SECONDS)
        if armed and event.key in ("y", "enter", "n", "escape"):
            self.questions.answer(event.key in ("y", "enter"))
        elif event.key in ("up", "down", "pageup", "pagedown"):
            self.scroll_relative(y={"up": -1, "down": 1, "pageup": -10, "pagedown": 10}
                                 [event.key], animate=False)
        elif event.is_printable and event.character:
            self.typed_into.insert_text_at_cursor(event.character)


def _render(request: ConsentRequest) -> Text:
    """The call as JSON; a file's text (params.content) below it as it will be written, since
    JSON escapes would hide what a script does."""
    text = Text()
    text.append("The model asks to run ", style="bold")
    text.append(request.call.readable(), style="bold cyan")
    text.append(":\n")
    call = request.call.to_dict()
    params = dict(call["arguments"].get("params") or {})
    content = params.get("content")
    if isinstance(content, str):
        call["arguments"]["params"] = {**params, "content": "(the text below)"}
    text.append(json.dumps(call, indent=2, ensure_ascii=False))
    text.append("\n")
    if isinstance(content, str):
        text.append("params.content:\n", style="bold")
        text.append(content if content.endswith("\n") else content + "\n", style="cyan")
    text.append("y", style="bold reverse")
    text.append("/")
    text.append("Enter", style="bold reverse")
    text.append(" approves · ")
    text.append("n", style="bold reverse")
    text.append("/")
    text.append("Esc", style="bold reverse")
    text.append(" refuses · ")
    text.append(f'allow = ["{request.rule}"] in [consent] of config.toml stops asking',
                style="dim")
    return text
