"""The input line at the bottom, with the best prediction as ghost text after what is typed.

The ghost text has one source: the app posts it with each prediction it shows (the input has no
`Suggester`, which Textual would call on every keystroke besides)."""

from __future__ import annotations

import time
from typing import Any

from textual.binding import Binding
from textual.widgets import Input

from kiwi_term.ui.render import icon
from predictors.router.base import RouteResult


def ghost_for(result: RouteResult | None, width: int) -> str | None:
    """The whole suggestion (typed text + ghost) for a result, or None if nothing fits."""
    if result is None or result.top is None or not result.text:
        return None
    top = result.top
    room = width - len(result.text) - 1
    for ghost in (f"   ⇥ {icon(top.call)} {top.call.readable()}  {top.confidence:.0%}",
                  f"   ⇥ {top.call.readable()}"):
        if len(ghost) <= room:
            return result.text + ghost
    return None


class PromptInput(Input):
    """The input line. Right arrow only moves the cursor: the ghost text is a call, not a
    completion of the words, so it is accepted with Tab (which runs it), never typed in."""

    BINDINGS = [
        Binding("enter", "submit", "Run/ask", key_display="Enter"),
        # Input inherits Up/Down as scroll keys; here they move the highlight or recall history.
        Binding("up", "app.up", "Pick", key_display="↑↓"),
        Binding("down", "app.down", show=False),
    ]

    DEFAULT_CSS = """
    PromptInput { border: tall $accent; }
    PromptInput > .input--suggestion { color: $text-muted; text-style: italic; }
    """

    blink_rest = 10.0
    """Seconds after the last key at which a blinking cursor stops blinking and stays lit, as
    GTK terminals do: blinking repainted an idle terminal twice a second, 60% of its CPU."""

    def __init__(self, *args: Any, blink: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blink = blink
        """Whether the cursor blinks while the user types ([ui] cursor_blink)."""
        self.cursor_blink = blink
        self._last_key = time.monotonic()

    def on_mount(self) -> None:
        if self.blink:
            self.set_timer(self.blink_rest, self._rest)

    def on_key(self) -> None:
        self._last_key = time.monotonic()
        if self.blink and not self.cursor_blink:
            self.cursor_blink = True
            self.set_timer(self.blink_rest, self._rest)

    def _rest(self) -> None:
        idle = time.monotonic() - self._last_key
        if idle >= self.blink_rest:
            self.cursor_blink = False
        else:
            self.set_timer(self.blink_rest - idle, self._rest)

    def action_cursor_right(self, select: bool = False) -> None:
        if not select and self.cursor_at_end:
            return
        super().action_cursor_right(select)
