"""The status bar: router, warm cache, last keystroke, orchestrator, project and library."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.widgets import Static

from kiwi_term.ui.render import duration

ROUTER_WORDS = {
    "loading": "loading model…",
    "priming": "reading the library…",
    "ready": "ready",
    "unavailable": "unavailable",
    "none": "none",
}

ORCHESTRATOR_WORDS = {
    "none": "none configured",
    "ready": "ready",
    "streaming": "streaming…",
    "unreachable": "unreachable",
}


@dataclass
class StatusFacts:
    """What the status bar says; the app changes fields and calls `StatusBar.show`."""

    router: str = "loading"
    """loading, priming, ready, unavailable or none."""
    router_reason: str = ""
    """Why there are no predictions (or the last router fault)."""
    cache: str = "cold"
    cache_items: tuple[str, ...] = ()
    """Ids of the warm items."""
    hit_rate: float | None = None
    keystroke_ms: float | None = None
    """The router's time for the last keystroke's prediction shown."""
    orchestrator: str = "none"
    project: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    library_note: str = ""
    """E.g. "demo library, read-only: `kiwi init` starts your own"."""
    activity: str = ""
    """What is running now, e.g. "running execute(script, x) · Esc cancels"."""
    loading: str = ""
    """Models still loading in the background besides the router, e.g. the search model."""

    def router_changed(self, state: str, reason: str) -> bool:
        """The router's new state; True when it has just become unavailable."""
        first_fault = state == "unavailable" and self.router != "unavailable"
        self.router, self.router_reason = state, reason
        if state == "unavailable":
            self.router_reason = f"{reason}; no predictions"
        elif state in ("loading", "priming"):
            self.router_reason = "no predictions yet"
        return first_fault

    def worker_failed(self, reason: str) -> None:
        """The routing thread failed after it started: no predictions, and why."""
        self.router, self.router_reason = "unavailable", reason

    def loading_changed(self, embedder: Any, indexing: tuple[int, int] | None) -> bool:
        """What is still loading in the background: the search model, or a large library's
        index (embedded, to embed); True when that changed."""
        loading = "" if embedder is None or getattr(embedder, "ready", True) else (
            "search model loading…")
        if indexing is not None:
            loading = f"indexing {indexing[0]:,}/{indexing[1]:,} items…"
        changed, self.loading = loading != self.loading, loading
        return changed

    def warm_changed(self, state: str, items: tuple[tuple[str, str, str], ...],
                     hit_rate: float | None) -> None:
        """The warm cache's new state and items ((type, id, description) each)."""
        self.cache, self.cache_items = state, tuple(item_id for _, item_id, _ in items)
        self.hit_rate = hit_rate


class StatusBar(Static, can_focus=False):
    """Two lines at the bottom: what the machinery is doing, and where the user is."""

    DEFAULT_CSS = """
    StatusBar { height: auto; max-height: 4; padding: 0 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, show_timings: bool = True, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.facts = StatusFacts()
        """The facts on screen."""
        self.show_timings = show_timings
        """Show the keystroke latency digits (off for snapshot tests)."""

    def show(self) -> None:
        """Redraw from `facts`."""
        self.update(self.render_facts())

    def render_facts(self) -> Text:
        """The two lines as styled text."""
        facts = self.facts
        text = Text()
        router_style = {"ready": "green", "unavailable": "red"}.get(facts.router, "yellow")
        text.append("router ", style="bold")
        text.append(ROUTER_WORDS.get(facts.router, facts.router), style=router_style)
        if facts.router_reason:
            text.append(f" ({facts.router_reason})", style=router_style)
        if facts.router == "ready" and facts.keystroke_ms is not None:
            value = duration(facts.keystroke_ms) if self.show_timings else "– ms"
            text.append(f" · keystroke {value}")
        if facts.loading:
            text.append(f" · {facts.loading}", style="yellow")
        text.append(" · cache ", style="bold")
        text.append(facts.cache)
        if facts.cache_items:
            text.append(f" ({len(facts.cache_items)} items)")
        if facts.hit_rate is not None:
            text.append(f" hit {facts.hit_rate:.0%}")
        text.append(" · orchestrator ", style="bold")
        orchestrator_style = {"ready": "green", "unreachable": "red"}.get(facts.orchestrator, "")
        text.append(ORCHESTRATOR_WORDS.get(facts.orchestrator, facts.orchestrator),
                    style=orchestrator_style)
        text.append("\n")
        text.append("project ", style="bold")
        text.append(facts.project or "(none)")
        counts = facts.counts
        text.append(
            f" · {counts.get('directive', 0)} directives, {counts.get('script', 0)} scripts, "
            f"{counts.get('knowledge', 0)} knowledge"
        )
        if facts.library_note:
            text.append(" · ")
            text.append(facts.library_note, style="bold yellow")
        if facts.activity:
            text.append(" · ")
            text.append(facts.activity, style="cyan")
        return text
