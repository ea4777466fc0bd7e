"""The input line at the bottom, with the best prediction as ghost text after what is typed."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input

from kiwi_term.ui.render import icon
from predictors.base import RouteResult


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


class PredictionSuggester(Suggester):
    """Ghost text from the prediction cache. A lookup only: Textual calls it on every keystroke
    and never cancels it, so it must never run the model, and must never raise (an exception here
    would end the app)."""

    def __init__(self, cache: PredictionCache, width: Callable[[], int]) -> None:
        # Textual's own cache would keep a "no suggestion" answer for a text after its
        # prediction arrives; the prediction cache is the only cache.
        super().__init__(use_cache=False, case_sensitive=True)
        self.predictions = cache
        """Where the results come from."""
        self.width = width
        """The input's width now, to decide whether the ghost fits."""

    async def get_suggestion(self, value: str) -> str | None:
        try:
            return ghost_for(self.predictions.get(value), self.width())
        except Exception:  # noqa: BLE001 - see the class docstring
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
