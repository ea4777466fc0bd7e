"""The input line at the bottom, with the best prediction as ghost text after what is typed.

The ghost text has one source: the app posts it with each prediction it shows (the input has no
`Suggester`, which Textual would call on every keystroke besides).

Every key that reads or changes the text acts in the input's own queue, in the order typed.
Textual sends a character to the input's queue, but runs a priority binding (Tab, Ctrl+E) as the
app reads its key, before the characters typed just before it are in, and any other binding
(Enter, Up, Backspace) only once its key has bubbled back to the app, after the characters typed
just after it are in: Enter then submitted them and cleared them with its text, and Tab ran the
prediction of a text the user had not finished."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from kiwi_term.library.items import Item
from kiwi_term.ui.render import call_head, call_line, icon
from predictors.router.base import RouteResult


def ghost_for(result: RouteResult | None, width: int, item: Item | None = None) -> str | None:
    """The whole suggestion (typed text + ghost) for a result, or None if nothing fits; `item`
    is what the top call runs, if it runs one (its required inputs left empty show as `name=?`).
    """
    if result is None or result.top is None or not result.text:
        return None
    top = result.top
    room = width - len(result.text) - 1
    line = call_line(top.call, item)
    for ghost in (f"   ⇥ {icon(top.call)} {line}  {top.confidence:.0%}", f"   ⇥ {line}",
                  f"   ⇥ {call_head(top.call)}"):
        if len(ghost) <= room:
            return result.text + ghost
    return None


def one_line(text: str) -> str:
    """Pasted text as the one-line input holds it: line breaks and tabs become spaces (Textual's
    input would keep the first line and drop the rest of a paste without a sign), other control
    characters go (no key types them either), and a lone surrogate, which has no UTF-8 form to
    draw on the screen, becomes U+FFFD."""
    text = " ".join(text.replace("\t", " ").splitlines())
    return "".join(_kept(char) for char in text)


def _kept(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return ""
    return "\ufffd" if category == "Cs" else char


def is_text(char: str | None) -> bool:
    """Whether a key's character belongs in the input, though Textual's `is_printable` says no:
    a format character (the right-to-left mark, the zero-width joiner inside an emoji), a space
    other than " " (a no-break space), a private-use or unassigned one (and a lone surrogate,
    which goes in as U+FFFD). Control characters are keys (Ctrl+Q, Tab), not text."""
    if char is None or len(char) != 1 or char.isprintable():
        return False
    return unicodedata.category(char) != "Cc"


class PromptInput(Input):
    """The input line. Right arrow only moves the cursor: the ghost text is a call, not a
    completion of the words, so it is accepted with Tab (which runs it), never typed in."""

    BINDINGS = [
        # The app's action itself, not the input's Submitted message, which would reach the app
        # after the characters typed after Enter.
        Binding("enter", "app.submit", "Run/ask", key_display="Enter"),
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
        self._held: asyncio.Event | None = None

    def on_mount(self) -> None:
        if self.blink:
            self.set_timer(self.blink_rest, self._rest)

    hold_limit = 3.0
    """Seconds keys typed after Enter wait at most for Enter's decision."""

    def hold(self) -> None:
        """Keep the keys typed from now on in the input's queue until `release`: Enter waits for
        the router's settled prediction, and what is typed after Enter is the next request."""
        if self._held is None:
            self._held = asyncio.Event()

    def release(self) -> None:
        """Let the held keys in, in the order typed."""
        if self._held is not None:
            self._held.set()
            self._held = None

    async def on_key(self, event: events.Key) -> None:
        held = self._held
        if held is not None:
            try:
                await asyncio.wait_for(held.wait(), self.hold_limit)
            except TimeoutError:
                self.release()
        self._last_key = time.monotonic()
        if self.blink and not self.cursor_blink:
            self.cursor_blink = True
            self.set_timer(self.blink_rest, self._rest)
        if event.is_printable:
            return  # the input inserts it
        if is_text(event.character):
            # Textual's input drops what `str.isprintable` refuses; these are text all the same.
            assert event.character is not None
            event.stop()
            event.prevent_default()
            self._insert(_kept(event.character))
            return
        # A bound key acts now, between the characters typed before and after it (see above).
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.enabled:
            event.stop()
            event.prevent_default()
            await self.app.run_action(active.binding.action, active.node)

    def in_turn(self, action: Callable[[], object]) -> None:
        """Run `action` after the keys that reached the app before it: a priority binding's
        action (Tab, Ctrl+E) calls this, and its key then acts in the order it was typed."""
        self.call_later(action)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self._insert(one_line(event.text))

    def _insert(self, text: str) -> None:
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

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
