"""Above the input: a run's params, one field per input, to edit before it runs.

Ctrl+P opens it for the top suggestion (or the highlighted one); Tab, Alt+N or Enter open it on
their own when the call leaves a required input empty, focused on that field. Keyboard only:
Tab, Down and Up move between fields, Enter runs the edited call, Esc (the app's key) closes it
and changes nothing. A value its input does not take is refused here, with the reason, and
nothing runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from kiwi_term.calls import ToolCall
from kiwi_term.ui.params_form import ParamRefused, ParamsForm
from kiwi_term.ui.render import call_head


class ParamsEditor(Vertical, can_focus=False):
    """The params of one run, editable; hidden when closed."""

    DEFAULT_CSS = """
    ParamsEditor {
        height: auto; max-height: 14; padding: 0 1; display: none;
        background: $primary 15%; border-top: solid $primary;
    }
    ParamsEditor.-shown { display: block; }
    ParamsEditor Horizontal { height: 1; }
    ParamsEditor Label.name { width: 28; }
    ParamsEditor Input { border: none; height: 1; padding: 0 1; width: 1fr; }
    ParamsEditor Input:focus { background: $boost; text-style: bold; }
    ParamsEditor #params-problem { color: $error; text-style: bold; }
    """

    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("shift+tab", "move(-1)", show=False),
    ]

    @dataclass
    class Submitted(Message):
        """Enter in the editor, every value checked: run this call."""

        call: ToolCall
        form: ParamsForm

    def __init__(self, give_back: Widget, **kwargs) -> None:
        super().__init__(**kwargs)
        self.give_back = give_back
        """The widget that gets the focus back when the editor closes (the input line)."""
        self.form: ParamsForm | None = None
        """The run being edited, or None when closed."""
        self.fields: list[Input] = []
        """One field per input of the form, in its order."""
        self.problem = ""
        """Why the last Enter was refused, shown under the fields."""

    def compose(self) -> ComposeResult:
        yield Static("", id="params-title")
        yield Vertical(id="params-fields")
        yield Static("", id="params-problem")

    @property
    def is_open(self) -> bool:
        """Whether a run's params are being edited."""
        return self.form is not None

    def open(self, form: ParamsForm) -> None:
        """Show the form's fields, prefilled, and focus its first field (the first required
        one left empty, if any)."""
        self.form = form
        self.problem = ""
        self.fields = [Input(field.text, placeholder=field.hint, select_on_focus=False)
                       for field in form.fields]
        rows = [Horizontal(Label(field.label, classes="name"), box)
                for field, box in zip(form.fields, self.fields, strict=True)]
        holder = self.query_one("#params-fields", Vertical)
        holder.remove_children()
        holder.mount_all(rows)
        self.query_one("#params-title", Static).update(self._title(form))
        self.query_one("#params-problem", Static).update("")
        self.add_class("-shown")
        first = self.fields[form.focus] if self.fields else None
        if first is not None:
            self.call_after_refresh(first.focus)

    def close(self) -> None:
        """Hide the editor; the input line gets the focus back."""
        if self.form is None:
            return
        self.form = None
        self.fields = []
        self.problem = ""
        self.remove_class("-shown")
        self.query_one("#params-fields", Vertical).remove_children()
        self.give_back.focus()

    def values(self) -> list[str]:
        """What each field holds now."""
        return [box.value for box in self.fields]

    def action_move(self, step: int) -> None:
        """Focus the next (step 1) or previous (-1) field, round."""
        if not self.fields:
            return
        focused = self.app.focused
        at = self.fields.index(focused) if focused in self.fields else -step
        self.fields[(at + step) % len(self.fields)].focus()

    def submit(self) -> ToolCall | None:
        """Check every field; the edited call, or None (the reason shown, the field focused)."""
        form = self.form
        if form is None:
            return None
        try:
            call = form.checked(self.values())
        except ParamRefused as refused:
            self.refuse(refused)
            return None
        return call

    def refuse(self, refused: ParamRefused) -> None:
        """Show why a value was refused, and focus its field."""
        self.problem = f"✗ {refused}; nothing ran"
        self.query_one("#params-problem", Static).update(self.problem)
        form = self.form
        names = [f.spec.name for f in form.fields] if form is not None else []
        if refused.name in names:
            self.fields[names.index(refused.name)].focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # A field's text is not the request: the app must not route it.
        event.stop()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        call = self.submit()
        if call is not None and self.form is not None:
            self.post_message(self.Submitted(call, self.form))

    @staticmethod
    def _title(form: ParamsForm) -> Text:
        text = Text()
        text.append("Params of ", style="bold")
        text.append(call_head(form.call), style="bold cyan")
        if form.missing:
            text.append(f" · {', '.join(form.missing)} required", style="bold yellow")
        text.append("  ")
        for key, what in (("Enter", "runs"), ("Esc", "cancels"), ("Tab ↑↓", "next field")):
            text.append(key, style="bold reverse")
            text.append(f" {what}  ")
        return text
