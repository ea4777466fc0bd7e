"""The response cache: a question asked again (by meaning) within the TTL is answered from memory.

Entries are keyed by (provider, model, persona) and matched by the cosine of the questions'
sentence embeddings (≥ `response_cache.similarity`, 0.95 by default). They live in memory and in
one JSON file under the data folder, rewritten atomically (temp file, fsync, rename) with mode 0600
after each change, so a crash leaves the old file or the new one, never half of one, and no other
user can read it. Questions and answers are scrubbed the way the interaction log is
(`kiwi_term.scrub`) before they are kept, in memory as on disk: a key pasted into a question must
not stay in a file. A file written before scrubbing is scrubbed and rewritten when it is read.
Only replies that finished without error, without being stopped and without running anything
(`execute`) are stored: replaying "done, I ran it" without running it would be a lie.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiwi_term.config import write_private
from kiwi_term.scrub import Scrubber

log = logging.getLogger(__name__)

FORMAT = 1
MAX_ENTRIES = 500
"""Oldest entries beyond this are dropped, so the file stays small and quick to rewrite."""


@dataclass(frozen=True)
class CachedAnswer:
    """One stored turn."""

    provider: str
    model: str
    persona: str
    question: str
    answer: str
    vector: np.ndarray
    """Unit embedding of the question."""
    created: float
    """time.time() when it was stored."""


class ResponseCache:
    """Answers to questions asked before, by meaning, for `ttl` seconds."""

    def __init__(
        self,
        path: Path | None,
        ttl: float = 3600.0,
        similarity: float = 0.95,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        """The JSON file; None keeps entries in memory only."""
        self.ttl = ttl
        """Seconds an answer stays valid."""
        self.similarity = similarity
        """Cosine at or above which two questions count as the same."""
        self._clock = clock
        self._lock = threading.Lock()
        self.scrubber = Scrubber()
        """Takes secrets out of what is kept (built once: it reads the environment)."""
        self._entries: list[CachedAnswer] = self._load()

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(
        self, provider: str, model: str, persona: str, vector: np.ndarray
    ) -> tuple[CachedAnswer, float] | None:
        """The freshest matching answer and its similarity, or None."""
        now = self._clock()
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        best: tuple[CachedAnswer, float] | None = None
        with self._lock:
            for entry in self._entries:
                if (entry.provider, entry.model, entry.persona) != (provider, model, persona):
                    continue
                if now - entry.created > self.ttl:
                    continue
                score = float(entry.vector @ query)
                if score >= self.similarity and (best is None or score > best[1]):
                    best = (entry, score)
        return best

    def store(
        self, provider: str, model: str, persona: str, question: str, answer: str,
        vector: np.ndarray,
    ) -> None:
        """Remember an answer, scrubbed; expired entries are dropped on the way."""
        clean = self.scrubber.text
        entry = CachedAnswer(
            provider, model, persona, clean(question), clean(answer),
            np.asarray(vector, dtype=np.float32).reshape(-1), self._clock(),
        )
        with self._lock:
            now = self._clock()
            kept = [e for e in self._entries if now - e.created <= self.ttl]
            self._entries = [*kept, entry][-MAX_ENTRIES:]
            self._save(self._entries)

    def clear(self) -> None:
        """Forget every answer (and empty the file)."""
        with self._lock:
            self._entries = []
            self._save([])

    def _load(self) -> list[CachedAnswer]:
        if self.path is None or not self.path.is_file():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return []
            now = self._clock()
            clean = self.scrubber.text
            entries: list[CachedAnswer] = []
            # Written by an older Kiwi: readable by others, or (below) unscrubbed.
            dirty = bool(self.path.stat().st_mode & 0o077)
            for raw in data["entries"]:
                vector = np.frombuffer(base64.b64decode(raw["vector"]), dtype=np.float32).copy()
                question, answer = clean(raw["question"]), clean(raw["answer"])
                dirty = dirty or (question, answer) != (raw["question"], raw["answer"])
                entry = CachedAnswer(
                    raw["provider"], raw["model"], raw["persona"], question, answer, vector,
                    float(raw["created"]),
                )
                if now - entry.created <= self.ttl:
                    entries.append(entry)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged cache is only lost time: start empty rather than fail the turn.
            log.warning("response cache %s not used: %s", self.path, exc)
            return []
        if dirty:
            self._save(entries)
        return entries

    def _save(self, entries: list[CachedAnswer]) -> None:
        if self.path is None:
            return
        data = {
            "format": FORMAT,
            "entries": [
                {
                    "provider": e.provider, "model": e.model, "persona": e.persona,
                    "question": e.question, "answer": e.answer, "created": e.created,
                    "vector": base64.b64encode(e.vector.astype(np.float32).tobytes()).decode(),
                }
                for e in entries
            ],
        }
        try:
            write_private(self.path, json.dumps(data, ensure_ascii=False))
        except OSError as exc:
            log.warning("response cache %s not saved: %s", self.path, exc)
