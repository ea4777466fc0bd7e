"""Reading the interaction log back: rows as records, and each decision labelled right or wrong.

A *decision* is a shown prediction the user acted on (the last action recorded for it). It is
*correct* when the user took the top prediction (Tab, Enter, or confirming it) and no bad
feedback followed on what ran; picking another rank, overriding, ignoring it or sending the text
to the orchestrator make it wrong. These labels drive `kiwi log stats`, the eval export and
`kiwi tune`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiwi_term.interactions.schema import TABLES, connect, database_path

ACCEPTED = frozenset({"accepted_tab", "accepted_alt", "accepted_enter", "confirmed",
                      "corrected"})
"""Actions that ran one of the shown predictions (`corrected`: with params the user edited)."""
OK_STATUSES = frozenset({"ok", "success", "succeeded", "done", "completed", "exit 0"})
"""Execution statuses that mean the call succeeded."""
_SAME_CALL_KEYS = ("item_type", "item_id", "action", "source")


@dataclass(frozen=True)
class Decision:
    """What the user did with one shown prediction."""

    prediction_id: int
    ts: float
    project: str
    text: str
    history: tuple[str, ...]
    predictions: tuple[dict[str, Any], ...]
    """The calls shown, best first, each with `confidence`."""
    cache_state: str
    action: str
    rank: int | None
    """Which prediction was taken, 1 = the top one (as Alt+1); None when not given."""
    used: dict[str, Any] | None
    """The call that ran: the action's call, else the prediction at `rank` for accepted ones."""
    feedback: bool | None = None
    """Feedback on what ran: True good, False bad, None none."""

    @property
    def top(self) -> dict[str, Any] | None:
        """The top prediction shown, if any."""
        return self.predictions[0] if self.predictions else None

    @property
    def confidence(self) -> float | None:
        """The top prediction's confidence."""
        top = self.top
        value = top.get("confidence") if top else None
        return float(value) if isinstance(value, int | float) else None

    @property
    def corrected(self) -> bool:
        """The user edited the prediction's params before it ran (`used` holds theirs)."""
        return self.action == "corrected"

    @property
    def accepted(self) -> bool:
        """The user ran one of the shown predictions."""
        return self.action in ACCEPTED

    @property
    def correct(self) -> bool:
        """The top prediction was what the user wanted (see the module docstring)."""
        if self.top is None or not self.accepted or self.feedback is False:
            return False
        if self.used is not None:
            return same_call(self.used, self.top)
        return self.action != "accepted_alt" and top_rank(self.rank)

    @property
    def auto_run(self) -> bool:
        """Enter ran the top prediction at once (not a highlight moved to another one)."""
        if self.action != "accepted_enter" or not top_rank(self.rank):
            return False
        return self.used is None or self.top is None or same_call(self.used, self.top)


@dataclass
class History:
    """Every record of one project (or of all projects), oldest first."""

    path: Path
    project: str | None
    shown: list[dict[str, Any]] = field(default_factory=list)
    """id, ts, latency_ms, cache_state, top_confidence of every prediction shown."""
    decisions: list[Decision] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    """Every action row, including those with no prediction."""
    executions: list[dict[str, Any]] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)
    feedback: dict[int, bool] = field(default_factory=dict)
    """Target id -> the last feedback given on it."""


def top_rank(rank: int | None) -> bool:
    """Whether a recorded rank means the top prediction (1; 0 and None are read as the top)."""
    return rank is None or rank <= 1


def same_call(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two calls do the same thing: name, item, action, source and query (params and
    confidence aside)."""
    if a.get("name") != b.get("name"):
        return False
    args_a, args_b = a.get("arguments") or {}, b.get("arguments") or {}
    for key in _SAME_CALL_KEYS:
        default = "run" if key == "action" and a.get("name") == "execute" else None
        if args_a.get(key, default) != args_b.get(key, default):
            return False
    return _words(args_a.get("query")) == _words(args_b.get("query"))


def _words(text: Any) -> str:
    return " ".join(str(text or "").lower().split())


@contextmanager
def open_existing(path: Path | None = None) -> Iterator[sqlite3.Connection | None]:
    """The database if it exists (never creating it), closed afterwards."""
    conn = connect(path or database_path(), create=False)
    try:
        yield conn
    finally:
        if conn is not None:
            conn.close()


def load(path: Path | None = None, project: str | None = None) -> History:
    """Read the log of `project` (a resolved folder path), or of every project when None."""
    path = path or database_path()
    history = History(path, project)
    with open_existing(path) as conn:
        if conn is None:
            return history
        conn.row_factory = sqlite3.Row
        where, args = ("WHERE project = ?", (project,)) if project is not None else ("", ())

        def rows(table: str, columns: str = "*") -> list[dict[str, Any]]:
            sql = f"SELECT {columns} FROM {table} {where} ORDER BY ts, id"
            return [dict(r) for r in conn.execute(sql, args)]

        shown = rows("shown")
        history.actions = rows("actions")
        history.executions = [_decode(r, "call") for r in rows("executions")]
        history.turns = [_decode(r, "calls", "tokens") for r in rows("turns")]
        for row in rows("feedback"):
            history.feedback[row["target_id"]] = bool(row["good"])
    history.shown = [
        {k: r[k] for k in ("id", "ts", "latency_ms", "cache_state", "top_confidence")}
        for r in shown
    ]
    history.decisions = _decisions(shown, history)
    return history


def _decisions(shown: list[dict[str, Any]], history: History) -> list[Decision]:
    by_id = {r["id"]: r for r in shown}
    last_action: dict[int, dict[str, Any]] = {}
    for action in history.actions:
        if action["prediction_id"] in by_id:
            last_action[action["prediction_id"]] = action
    ran: dict[int, list[dict[str, Any]]] = {}
    for execution in history.executions:
        if execution["prediction_id"] is not None:
            ran.setdefault(execution["prediction_id"], []).append(execution)
    decisions = []
    for prediction_id, action in last_action.items():
        row = by_id[prediction_id]
        predictions = tuple(_loads(row["predictions"], []))
        used = _loads(action["call"], None)
        if used is None and action["action"] in ACCEPTED and predictions:
            index = max((action["rank"] or 1) - 1, 0)
            if index < len(predictions):
                used = predictions[index]
        marks = [history.feedback[e["id"]] for e in ran.get(prediction_id, [])
                 if e["id"] in history.feedback]
        feedback = None if not marks else all(marks)
        decisions.append(Decision(
            prediction_id=prediction_id, ts=row["ts"], project=row["project"], text=row["text"],
            history=tuple(_loads(row["history"], [])), predictions=predictions,
            cache_state=row["cache_state"], action=action["action"], rank=action["rank"],
            used=used, feedback=feedback,
        ))
    decisions.sort(key=lambda d: (d.ts, d.prediction_id))
    return decisions


def count(path: Path | None = None, project: str | None = None) -> dict[str, int]:
    """Rows per table of `project` (of every project when None); zeros when there is no log."""
    counts = {table: 0 for table in TABLES}
    with open_existing(path) as conn:
        if conn is None:
            return counts
        for table in TABLES:
            if project is None:
                row = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
            else:
                row = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE project = ?",
                                   (project,)).fetchone()
            counts[table] = int(row[0])
    return counts


def purge(path: Path | None = None, project: str | None = None) -> dict[str, int]:
    """Delete the records of `project` (every record when None) and scrub them from the file.

    Returns:
        Rows removed per table.
    """
    removed = {table: 0 for table in TABLES}
    with open_existing(path) as conn:
        if conn is None:
            return removed
        # Deleted rows would otherwise linger in free pages and the WAL until overwritten.
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table in TABLES:
                if project is None:
                    cursor = conn.execute(f"DELETE FROM {table}")
                else:
                    cursor = conn.execute(f"DELETE FROM {table} WHERE project = ?", (project,))
                removed[table] = max(cursor.rowcount, 0)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if project is None:
                conn.execute("VACUUM")
        except sqlite3.OperationalError:
            # The terminal has the database open; the rows are gone, the file shrinks later.
            pass
    return removed


def _decode(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        row[key] = _loads(row.get(key), None)
    return row


def _loads(text: str | None, default: Any) -> Any:
    if text is None:
        return default
    try:
        return json.loads(text)
    except (TypeError, json.JSONDecodeError):
        return default
