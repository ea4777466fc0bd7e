"""The conversation of one project, kept between runs: transcript entries and typed history.

Saved as JSON under the data folder, one file per project (named by a hash of its path), written
to a temporary file and renamed so a crash mid-write never leaves half a file, readable by the user
alone (0600). What is saved is scrubbed the way the interaction log is (`kiwi_term.scrub`): a
key pasted into the prompt or printed by a script must not stay on disk. A file that does not
parse is set aside and the session starts empty: a damaged record must not stop the app.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kiwi_term.config import data_dir, write_private
from kiwi_term.scrub import Scrubber

VERSION = 1


@dataclass
class Entry:
    """One block of the transcript: a turn that ran a call, an orchestrator reply, or a note."""

    kind: str
    """call, orchestrator or note."""
    text: str = ""
    """What the user typed (empty for notes)."""
    title: str = ""
    """The call in readable form, or the note's headline."""
    status: str = ""
    """running, ok, failed, cancelled, error, waiting or streaming."""
    lines: list[str] = field(default_factory=list)
    """The result, one line each (script output, items found, steps with their marks)."""
    chosen_by: str = ""
    """How it was started: Tab, Alt+2, Enter, confirmed, orchestrator."""
    confidence: float | None = None
    router_ms: float | None = None
    run_ms: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """Rebuild an entry, ignoring fields this version does not know."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Session:
    """What is restored on the next start."""

    entries: list[Entry] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    """Texts the user submitted, oldest first."""
    turns: list[tuple[str, tuple[str, str] | None]] = field(default_factory=list)
    """(text, item) of the last turns, to warm the cache again on start."""


class SessionStore:
    """Reads and writes the session file of one project."""

    def __init__(self, project: Path | None, folder: Path | None = None,
                 max_entries: int = 200, max_history: int = 500) -> None:
        key = str(project.resolve()) if project is not None else "(user space)"
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        self.path = (folder or data_dir() / "sessions") / f"{digest}.json"
        """The session file."""
        self.project = key
        self.max_entries = max_entries
        self.max_history = max_history
        self.problem = ""
        """Why the last load found nothing usable, if it failed."""
        self.scrubber = Scrubber()
        """Takes secrets out of what is saved (built once: it reads the environment)."""

    def load(self) -> Session:
        """The saved session, or an empty one (a damaged file is renamed *.bad and reported)."""
        if not self.path.is_file():
            return Session()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = [Entry.from_dict(e) for e in data.get("entries", [])]
            history = [str(h) for h in data.get("history", [])]
            turns = [(str(t), tuple(i) if i else None) for t, i in data.get("turns", [])]
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            self.problem = f"the saved session {self.path} was unreadable ({exc}); started afresh"
            try:
                os.replace(self.path, self.path.with_suffix(".bad"))
            except OSError:
                pass
            return Session()
        return Session(entries, history, turns)  # type: ignore[arg-type]

    def save(self, session: Session) -> None:
        """Write the session, scrubbed, atomically (temporary file, then rename), mode 0600.

        Raises:
            OSError: the data folder cannot be written.
        """
        clean = self.scrubber.text
        entries = []
        for entry in session.entries[-self.max_entries:]:
            row = asdict(entry)
            row.update(text=clean(entry.text), title=clean(entry.title),
                       lines=[clean(line) for line in entry.lines])
            entries.append(row)
        data = {
            "version": VERSION,
            "project": self.project,
            "entries": entries,
            "history": [clean(h) for h in session.history[-self.max_history:]],
            "turns": [[clean(t), list(i) if i else None] for t, i in session.turns[-8:]],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private(self.path, json.dumps(data, ensure_ascii=False))
