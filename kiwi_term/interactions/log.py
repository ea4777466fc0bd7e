"""`InteractionLog`: records what Kiwi predicted and what the user did, without slowing typing.

Every public method returns at once: it scrubs secrets, serialises the record and puts it on a
queue. One background thread owns the SQLite connection and commits each record in its own
transaction, so a `kill -9` loses at most the record being written (and any still queued behind
it; the writer keeps up with typing, so in practice that is none or one).

Ids of predictions, executions and orchestrator turns are assigned by the caller's thread, so the
UI can refer to a prediction (`user_action(prediction_id, ...)`) before its row exists.
"""

from __future__ import annotations

import atexit
import copy
import json
import queue
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiwi_term.interactions.schema import database_path, history_digest
from kiwi_term.interactions.writer import STOP, LogHealth, Record, RowIds, Writer
from kiwi_term.scrub import Scrubber

if TYPE_CHECKING:
    from kiwi_term.config import Config

ACTIONS = frozenset(
    {"accepted_tab", "accepted_alt", "accepted_enter", "confirmed", "corrected", "overridden",
     "ignored", "orchestrator"}
)
"""What a user can do with a shown prediction. `corrected`: they edited its params before it ran
(the action's call holds the params that ran)."""
CHOSEN_BY = frozenset({"router", "orchestrator", "user"})
"""Who chose an executed call."""

MAX_TEXT = 4000
"""Characters kept of a typed text or one history turn; longer input is a paste, not a command."""
MAX_REPLY = 20000
"""Characters kept of an orchestrator reply."""
MAX_HISTORY_TURNS = 8
"""Earlier turns kept as text for evaluation cases (the digest covers all of them)."""
QUEUE_LIMIT = 10000
"""Records waiting for the writer before new ones are dropped rather than blocking the UI."""

_OPEN_LOGS: set[InteractionLog] = set()
"""Logs not closed yet, held so that one the app forgot to close still drains its queue at exit."""


class InteractionLog:
    """The local record of predictions shown, user actions, executions and orchestrator turns.

    Thread-safe; every method returns without touching the disk. Rows are tagged with `project`.
    With `enabled=False` every method is a no-op (ids are still returned) and no file is created.
    """

    def __init__(
        self, path: Path | None = None, project: str | Path | None = "", enabled: bool = True
    ) -> None:
        self.path = Path(path) if path is not None else database_path()
        """The SQLite file."""
        self.project = _project_key(project)
        """The project folder rows are tagged with (resolved), or "" for the user space."""
        self.enabled = enabled
        """False when logging is off (`log = false`): nothing is written."""
        self.health = LogHealth()
        """Records lost and the last database error (the log then drops records)."""
        self._ids = RowIds()
        self._scrub = Scrubber()
        self._last_result: int | None = None
        self._closed = False
        self._queue: queue.Queue[Record] = queue.Queue(maxsize=QUEUE_LIMIT)
        self._thread: threading.Thread | None = None
        if enabled:
            self._thread = threading.Thread(
                target=Writer(self.path, self._queue, self.health).run,
                name="kiwi-interaction-log", daemon=True,
            )
            self._thread.start()
            _OPEN_LOGS.add(self)

    @property
    def dropped(self) -> int:
        """Records lost because the queue was full or the database failed."""
        return self.health.dropped

    @property
    def last_error(self) -> str | None:
        """The last database error, if writing failed."""
        return self.health.last_error

    @classmethod
    def from_config(cls, config: Config, project: str | Path | None = "") -> InteractionLog:
        """The log as the user's settings want it: off when `log = false`.

        Args:
            config: the merged settings.
            project: the project folder, or ""/None for the user space.
        """
        return cls(project=str(project or ""), enabled=config.log_enabled)

    # -- records ---------------------------------------------------------------------------

    def prediction_shown(
        self, text: str, history: Sequence[str], predictions: list[dict], latency_ms: float,
        cache_state: str,
    ) -> int:
        """Record the predictions shown for `text`.

        Args:
            text: what the user had typed.
            history: the user's earlier turns, oldest first; stored as a sha256 digest plus the
                last few turns (scrubbed) so the row can become an evaluation case.
            predictions: kiwi-format calls with `confidence`, best first.
            latency_ms: the router's time for this keystroke.
            cache_state: the warm cache's state (`cold`, `warm`, `hot`).

        Returns:
            The prediction's id, for `user_action` and `execution`.
        """
        row_id = self._ids.next()
        if not self._accepting():
            return row_id
        turns = [str(t) for t in history]
        clean = [self._scrub.call(p) or {} for p in predictions or []]
        top = clean[0].get("confidence") if clean else None
        kept = [self._scrub.text(t[:MAX_TEXT]) for t in turns[-MAX_HISTORY_TURNS:]]
        self._put("shown", {
            "id": row_id, "text": self._scrub.text(str(text)[:MAX_TEXT]),
            "history_digest": history_digest(turns), "history": _dumps(kept),
            "predictions": _dumps(clean),
            "top_confidence": float(top) if isinstance(top, int | float) else None,
            "latency_ms": _number(latency_ms), "cache_state": str(cache_state or ""),
        })
        return row_id

    def user_action(
        self, prediction_id: int | None, action: str, rank: int | None = None,
        call: dict | None = None,
    ) -> None:
        """Record what the user did with a shown prediction.

        Args:
            prediction_id: the id `prediction_shown` returned, or None when nothing was shown.
            action: one of `ACTIONS`.
            rank: which prediction was taken, 1 = the top one (as Alt+1 numbers them), for the
                accepted actions.
            call: the call the user ran (the chosen prediction, with their params when they
                corrected them, or their own call when overriding).

        Raises:
            ValueError: `action` is not one of `ACTIONS`.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}: use one of {', '.join(sorted(ACTIONS))}")
        if not self._accepting():
            return
        self._put("actions", {
            "prediction_id": prediction_id, "action": action,
            "rank": int(rank) if rank is not None else None,
            "call": _dumps(self._scrub.call(_plain_call(call))) if call else None,
        })

    def execution(
        self, call: dict, chosen_by: str, duration_ms: float, status: str,
        prediction_id: int | None = None, turn_id: int | None = None,
    ) -> int:
        """Record a call that ran.

        Args:
            call: the kiwi-format call.
            chosen_by: `router`, `orchestrator` or `user`.
            duration_ms: how long it ran.
            status: `ok` when it succeeded; anything else (`failed`, `refused`, `exit 2`) is a
                failure for the statistics and exports.
            prediction_id: the prediction it came from, if any.
            turn_id: the orchestrator turn that asked for it, if any.

        Returns:
            The execution's id (a `feedback` target).

        Raises:
            ValueError: `chosen_by` is not one of `CHOSEN_BY`.
        """
        if chosen_by not in CHOSEN_BY:
            raise ValueError(f"unknown chooser {chosen_by!r}: use one of {', '.join(CHOSEN_BY)}")
        row_id = self._ids.next()
        self._last_result = row_id
        if not self._accepting():
            return row_id
        self._put("executions", {
            "id": row_id, "prediction_id": prediction_id, "turn_id": turn_id,
            "call": _dumps(self._scrub.call(_plain_call(call)) or {}), "chosen_by": chosen_by,
            "duration_ms": _number(duration_ms), "status": str(status),
        })
        return row_id

    def orchestrator_turn(
        self, provider: str, model: str, latency_ms: float, tokens: dict | None, cached: bool,
        text: str, calls: list[dict], prompt: str | None = None,
    ) -> int:
        """Record one reply of the orchestrator.

        Args:
            provider: the provider's name in the config.
            model: the model id.
            latency_ms: time to the complete reply.
            tokens: token counts if the provider reported them (`prompt_tokens`, ...).
            cached: whether the reply came from the response cache.
            text: the reply's text.
            calls: the tool calls it made: kiwi-format calls, or `{"call": ..., "result": ...}` /
                `{"call": ..., "error": ...}` as `OrchestratorReply.calls` holds them. Only the
                call and whether it succeeded are kept, never the result.
            prompt: the user text it answered, when known (needed by `export --format chat`).

        Returns:
            The turn's id (a `feedback` target, and `turn_id` of the executions it caused).
        """
        row_id = self._ids.next()
        self._last_result = row_id
        if not self._accepting():
            return row_id
        counts = {
            str(k): v for k, v in (tokens or {}).items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }
        self._put("turns", {
            "id": row_id, "provider": str(provider), "model": str(model),
            "latency_ms": _number(latency_ms), "tokens": _dumps(counts) if counts else None,
            "cached": int(bool(cached)),
            "prompt": self._scrub.text(str(prompt)[:MAX_TEXT]) if prompt is not None else None,
            "text": self._scrub.text(str(text or "")[:MAX_REPLY]),
            "calls": _dumps([self._turn_call(c) for c in calls or []]),
        })
        return row_id

    def feedback(self, good: bool, target_id: int | None = None) -> None:
        """Mark a result good or bad: `target_id`, else the last execution or turn logged."""
        target = target_id if target_id is not None else self._last_result
        if target is None or not self._accepting():
            return
        self._put("feedback", {"target_id": target, "good": int(bool(good))})

    def _turn_call(self, made: dict) -> dict[str, Any]:
        """A call of a turn, scrubbed, with `ok`: True/False when its outcome is known."""
        if isinstance(made.get("call"), dict):
            clean = self._scrub.call(_plain_call(made["call"])) or {}
            return {**clean, "ok": _succeeded(made)}
        return {**(self._scrub.call(_plain_call(made)) or {}), "ok": None}

    # -- lifecycle -------------------------------------------------------------------------

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until every record queued so far is committed.

        Returns:
            True when they are, False when `timeout` seconds passed first.
        """
        if self._thread is None or not self._thread.is_alive():
            return True
        done = threading.Event()
        try:
            self._queue.put(done, timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Write what is queued (waiting up to `timeout` seconds) and stop the writer."""
        if self._closed:
            return
        self._closed = True
        _OPEN_LOGS.discard(self)
        if self._thread is None:
            return
        self.flush(timeout)
        try:
            self._queue.put(STOP, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)

    def __enter__(self) -> InteractionLog:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------

    def _accepting(self) -> bool:
        return self.enabled and not self._closed and self._thread is not None

    def _put(self, table: str, row: dict[str, Any]) -> None:
        row["ts"] = time.time()
        row["project"] = self.project
        try:
            self._queue.put_nowait((table, row))
        except queue.Full:
            # The UI must never wait for the disk; losing a log row is the lesser harm.
            self.health.dropped += 1


def _project_key(project: str | Path | None) -> str:
    if not project:
        return ""
    try:
        return str(Path(project).expanduser().resolve())
    except OSError:
        return str(project)


def _plain_call(call: dict | None) -> dict | None:
    """The call without `confidence` or other prediction-only fields, deep-copied."""
    if call is None:
        return None
    if hasattr(call, "to_dict"):
        call = call.to_dict()
    plain = {"name": call.get("name"), "arguments": copy.deepcopy(call.get("arguments") or {})}
    return plain


def _succeeded(made: dict) -> bool:
    """Whether an orchestrator's call ran well: no error, and a result that does not say failed."""
    if made.get("error"):
        return False
    result = made.get("result")
    if not isinstance(result, dict):
        return result is not None
    if result.get("ok") is False or result.get("error"):
        return False
    exit_code = result.get("exit_code")
    if isinstance(exit_code, int) and exit_code != 0:
        return False
    return str(result.get("status", "ok")).lower() not in ("error", "failed", "refused")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@atexit.register
def _close_open_logs() -> None:
    """At exit, give each open log a moment to write what is queued (its thread is a daemon)."""
    for interaction_log in list(_OPEN_LOGS):
        interaction_log.close(timeout=1.0)
