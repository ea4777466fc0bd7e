"""Finished turns: the warm cache hears of each one, and the session file keeps them, so the
conversation (and the warm items it chose) survives a restart."""

from __future__ import annotations

from kiwi_term.ui.prompt_state import PromptState
from kiwi_term.ui.session import Session, SessionStore
from kiwi_term.ui.surface import Surface
from kiwi_term.ui.transcript import Transcript
from predictors.loop import RoutingLoop

RESTORED_TURNS = 4
"""Turns of a restored session replayed into the warm cache (as many as it weighs)."""


class Turns:
    """Ends turns and saves and restores the conversation."""

    def __init__(self, store: SessionStore, state: PromptState, transcript: Transcript,
                 loop: RoutingLoop | None, surface: Surface) -> None:
        self.store = store
        """Where the conversation is saved."""
        self.session = Session()
        """History and turns, kept in step with the transcript."""
        self.state = state
        self.transcript = transcript
        self.loop = loop
        self.surface = surface

    def finish(self, text: str, item: tuple[str, str] | None) -> None:
        """A turn ended: warm the cache (the router primes after it), then save."""
        self.session.turns.append((text, item))
        if self.loop is not None:
            self.state.turn_finished(self.loop.stats.submitted)
            self.loop.turn(text, item, self.state.recent())
        else:
            self.state.predictions.clear()
        self.save()

    def save(self, quiet: bool = False) -> None:
        """Write transcript and history; a failure becomes a note (unless `quiet`: the app is
        closing), never a crash."""
        self.session.entries = [e for e in self.transcript.entries if e.kind != "note"]
        self.session.history = list(self.state.history)
        try:
            self.store.save(self.session)
        except OSError as exc:
            if not quiet:
                self.surface.note(f"could not save the session: {exc}")

    def restore(self) -> None:
        """Show the saved conversation and let the warm cache hear its last turns."""
        session = self.store.load()
        if self.store.problem:
            self.surface.note(self.store.problem)
        for entry in session.entries:
            if entry.status in ("running", "streaming"):
                entry.status = "cancelled"
            self.transcript.add(entry)
        self.session = session
        self.state.history = list(session.history)
        if self.loop is not None:
            for text, item in session.turns[-RESTORED_TURNS:]:
                self.loop.turn(text, item, self.state.recent())
