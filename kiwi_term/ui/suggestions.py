"""Above the input: the router's predictions for what is typed, and the confirmation question."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from kiwi_term.calls import ToolCall
from kiwi_term.library.items import Item
from kiwi_term.ui.render import call_head, call_line, icon, param_parts
from predictors.router.base import Prediction, RouteResult

RunTarget = Callable[[ToolCall], "Item | None"]
"""The item a run call runs (its inputs are the params' schema), or None."""


class SuggestionsPanel(Static, can_focus=False):
    """Up to nine predictions, best first, one highlighted; hidden when there are none.

    The panel shows only a result whose text is the input's text: the app clears it on every
    change of the input and fills it again when the matching prediction arrives.
    """

    DEFAULT_CSS = """
    SuggestionsPanel {
        height: auto; max-height: 11; padding: 0 1;
        border-top: solid $primary-darken-2;
        display: none;
    }
    SuggestionsPanel.-shown { display: block; }
    """

    def __init__(self, target: RunTarget | None = None, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.target = target
        """The item a run call runs, so its params show with the required ones left empty."""
        self.result: RouteResult | None = None
        """The result shown, or None."""
        self.highlighted = 0
        """Index of the highlighted prediction."""
        self.moved = False
        """Whether the user moved the highlight with Up/Down since the result arrived."""

    @property
    def predictions(self) -> tuple[Prediction, ...]:
        """The predictions on screen."""
        return self.result.predictions if self.result else ()

    def show(self, result: RouteResult) -> None:
        """Show a result, the best prediction highlighted."""
        self.result = result
        self.highlighted = 0
        self.moved = False
        self._redraw()

    def clear(self) -> None:
        """Hide the panel (the input changed, or the user dismissed it)."""
        if self.result is None:
            return  # every keystroke clears: a redraw of nothing would cost a layout pass
        self.result = None
        self.highlighted = 0
        self.moved = False
        self._redraw()

    def move(self, step: int) -> bool:
        """Move the highlight by `step`; False when there is nothing to move."""
        count = len(self.predictions)
        if not count:
            return False
        self.highlighted = (self.highlighted + step) % count
        self.moved = True
        self._redraw()
        return True

    def item_of(self, call: ToolCall) -> Item | None:
        """The item a run call runs, if the panel was given a way to find it."""
        return self.target(call) if self.target is not None else None

    def _redraw(self) -> None:
        predictions = self.predictions
        self.set_class(bool(predictions), "-shown")
        if not predictions:
            self.update("")
            return
        text = Text()
        items = [self.item_of(p.call) for p in predictions]
        width = max(len(call_line(p.call, item)) for p, item in zip(predictions, items,
                                                                     strict=True))
        for rank, (prediction, item) in enumerate(zip(predictions, items, strict=True)):
            chosen = rank == self.highlighted
            style = "bold reverse" if chosen else ""
            if rank:
                text.append("\n")
            text.append(f" {rank + 1} ", style="bold magenta" if not chosen else style)
            head = call_head(prediction.call)
            text.append(f"{icon(prediction.call)} {head}", style=style)
            for part, missing in param_parts(prediction.call, item):
                # A required input left empty stands out: running this asks for it first.
                text.append("  ", style=style)
                text.append(part, style=f"{style} bold yellow" if missing else style or "cyan")
            text.append(" " * (width - len(call_line(prediction.call, item))), style=style)
            share = f"{prediction.confidence:4.0%}" if prediction.confidence >= 0.005 else " <1%"
            text.append(f"  {share}", style=style or "dim")
        self.update(text)


class ConfirmBar(Static, can_focus=False):
    """"Run X?" for a prediction in the confirm band: Enter runs it, Esc cancels."""

    DEFAULT_CSS = """
    ConfirmBar {
        height: auto; padding: 0 1; display: none;
        background: $warning 20%; color: $text;
    }
    ConfirmBar.-shown { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.prediction: Prediction | None = None
        """The prediction waiting for confirmation, or None."""

    def ask(self, prediction: Prediction) -> None:
        """Ask whether to run this prediction."""
        self.prediction = prediction
        text = Text()
        text.append("Run ", style="bold")
        text.append(prediction.call.readable(), style="bold cyan")
        if prediction.item_confidence is not None:
            # The item is surer than the values read for it: they are what to check.
            text.append(f" ({prediction.item_confidence:.0%} sure of the item, "
                        f"{prediction.confidence:.0%} with these values)?  ", style="bold")
        else:
            text.append(f" ({prediction.confidence:.0%} sure)?  ", style="bold")
        text.append("Enter", style="bold reverse")
        text.append(" runs it · ")
        text.append("Esc", style="bold reverse")
        text.append(" cancels")
        self.update(text)
        self.add_class("-shown")

    def dismiss(self) -> None:
        """Drop the question."""
        if self.prediction is None:
            return
        self.prediction = None
        self.update("")
        self.remove_class("-shown")
