"""The top of the screen: what ran, what it returned, and how long it took."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from kiwi_term.ui.render import MARKS, duration
from kiwi_term.ui.session import Entry

STATUS_STYLES = {
    "ok": "green", "failed": "red", "error": "red", "cancelled": "yellow",
    "waiting": "yellow", "running": "cyan", "streaming": "cyan",
}


def render_entry(entry: Entry, show_timings: bool = True) -> Text:
    """An entry as styled text: the user's words, the call with its marks, then the result."""
    text = Text()
    if entry.text:
        text.append("› ", style="bold magenta")
        text.append(entry.text + "\n", style="bold")
    if entry.kind == "note":
        text.append("ℹ ", style="blue")
        text.append(entry.title, style="italic")
        for line in entry.lines:
            text.append("\n  " + line, style="dim")
        return text
    mark = "✦" if entry.kind == "orchestrator" else MARKS.get(entry.status, "•")
    style = STATUS_STYLES.get(entry.status, "")
    text.append(f"  {mark} ", style=f"bold {style}")
    text.append(entry.title, style="bold cyan" if entry.kind == "call" else "bold")
    facts = []
    if entry.chosen_by:
        facts.append(entry.chosen_by)
    if entry.confidence is not None:
        facts.append(f"{entry.confidence:.0%}")
    if show_timings and entry.router_ms is not None:
        facts.append(f"router {duration(entry.router_ms)}")
    if show_timings and entry.run_ms is not None:
        facts.append(f"ran {duration(entry.run_ms)}")
    if entry.status in ("running", "streaming", "cancelled", "failed", "error", "waiting"):
        facts.append(entry.status)
    if facts:
        text.append("  " + " · ".join(facts), style="dim")
    for line in entry.lines:
        line_style = "red" if entry.status in ("failed", "error") and line is entry.lines[0] else ""
        text.append("\n    " + line, style=line_style)
    return text


class EntryView(Static):
    """One transcript entry; re-rendered when the entry changes (progress, streamed text)."""

    DEFAULT_CSS = """
    EntryView { padding: 0 1; margin: 0 0 1 0; }
    """

    def __init__(self, entry: Entry, show_timings: bool = True) -> None:
        super().__init__(render_entry(entry, show_timings))
        self.entry = entry
        """The entry shown; change it, then call `refresh_entry`."""
        self.show_timings = show_timings

    def refresh_entry(self) -> None:
        """Show the entry's current state."""
        self.update(render_entry(self.entry, self.show_timings))


class Transcript(VerticalScroll, can_focus=False):
    """The entries of the conversation, newest at the bottom, scrolled to follow."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; scrollbar-size-vertical: 1; }
    """

    MAX_VIEWS = 200
    """Entries kept on screen; older ones stay in the saved session only."""

    def __init__(self, show_timings: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_timings = show_timings
        """Show router and run times (off for snapshot tests)."""
        # Kept apart from the widgets: at exit the widgets are gone before the session is saved.
        self._entries: list[Entry] = []
        self._views: list[EntryView] = []

    @property
    def entries(self) -> list[Entry]:
        """The entries of the conversation, oldest first."""
        return list(self._entries)

    def add(self, entry: Entry) -> EntryView:
        """Append an entry and scroll to it."""
        view = EntryView(entry, self.show_timings)
        self._entries.append(entry)
        self._views.append(view)
        self.mount(view)
        while len(self._views) > self.MAX_VIEWS:
            self._views.pop(0).remove()
            self._entries.pop(0)
        self.call_after_refresh(self.scroll_end, animate=False)
        return view

    def text(self) -> str:
        """Everything on screen as plain text (for tests and copying)."""
        return "\n".join(render_entry(e, self.show_timings).plain for e in self.entries)
