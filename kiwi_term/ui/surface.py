"""What the terminal's controllers may ask of the screen: a narrow interface, not the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.message import Message


class Surface(Protocol):
    """The few things a controller does to the screen beyond its own transcript entries."""

    def note(self, title: str, lines: list[str] | None = None) -> None:
        """A line in the transcript from Kiwi itself."""

    def set_activity(self, text: str) -> None:
        """What is running now, in the status bar."""

    def post_message(self, message: Message) -> bool:
        """Send a message to the app from any thread."""

    def start_thread(self, work: Callable[[], None], group: str, name: str) -> None:
        """Run blocking `work` in a worker thread of `group`; a fault becomes a note."""
