"""The interaction log's background writer and its row ids.

One thread owns the SQLite connection (sqlite3 connections are not to be shared across threads)
and commits each record as soon as it arrives, in its own transaction.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiwi_term.interactions.schema import connect

log = logging.getLogger("kiwi_term.interactions.log")

STOP = object()
"""Queued to end the writer thread."""
_CLIENT_ID_TABLES = frozenset({"shown", "executions", "turns"})
_REFERENCES = ("prediction_id", "turn_id", "target_id")


class RowIds:
    """Row ids unique across processes sharing one database, without asking the database.

    An id is the current time in microseconds, bumped to stay increasing within the process. Two
    processes writing in the same microsecond collide on insert; the writer then lets SQLite pick
    a new id and remaps later references to it (see `Writer._insert`).
    """

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        """A new id, greater than every id this process issued before."""
        with self._lock:
            self._last = max(self._last + 1, time.time_ns() // 1000)
            return self._last


@dataclass
class LogHealth:
    """What was lost writing the log; the log reads it, its writer thread updates it."""

    dropped: int = 0
    """Records lost because the queue was full or the database failed."""
    last_error: str | None = None
    """The last database error, if writing failed."""


Record = tuple[str, dict[str, Any]] | threading.Event | object
"""What the writer's queue holds: (table, row), an Event set when reached, or `STOP`."""


class Writer:
    """The background thread's work: open the database, then insert records as they come."""

    def __init__(self, path: Path, records: queue.Queue[Record], health: LogHealth) -> None:
        """
        Args:
            path: the SQLite file.
            records: the queue of (table, row), `threading.Event` (set when reached) and `STOP`.
            health: where lost records and database errors are counted.
        """
        self.path = path
        self.queue = records
        self.health = health
        self.remap: dict[int, int] = {}

    def run(self) -> None:
        """Open the database, then write queued records until `STOP`."""
        conn = None
        try:
            conn = connect(self.path)
        except (sqlite3.Error, OSError) as exc:
            self._fail(f"cannot open {self.path}: {exc}")
        try:
            while True:
                item = self.queue.get()
                if item is STOP:
                    return
                if isinstance(item, threading.Event):
                    item.set()
                    continue
                if conn is None or not isinstance(item, tuple):
                    self.health.dropped += 1
                    continue
                table, row = item
                try:
                    self._insert(conn, table, row)
                except sqlite3.Error as exc:
                    self.health.dropped += 1
                    self._fail(f"cannot write to {self.path}: {exc}")
        finally:
            if conn is not None:
                conn.close()

    def _insert(self, conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
        for key in _REFERENCES:
            if row.get(key) in self.remap:
                row[key] = self.remap[row[key]]
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        try:
            conn.execute(sql, tuple(row.values()))
        except sqlite3.IntegrityError:
            if table not in _CLIENT_ID_TABLES or "id" not in row:
                raise
            # Another process took this id in the same microsecond: let SQLite choose one and
            # point this process's later references at it.
            old = row.pop("id")
            cursor = conn.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
            if cursor.lastrowid is not None:
                self.remap[old] = cursor.lastrowid

    def _fail(self, message: str) -> None:
        if self.health.last_error != message:
            log.warning("interaction log: %s", message)
        self.health.last_error = message
